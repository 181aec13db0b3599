"""Processing activities of the directory of offers (see lotse.core.declarations)."""

from django.utils.translation import gettext_lazy as _

from lotse.core.declarations import Activity

ACTIVITIES = [
    Activity(
        key="directory.offers",
        name=_("Angebotsverzeichnis: Kontaktangaben von Trägern und Angeboten"),
        purpose=_(
            "Angebote im Quartier öffentlich zeigen, damit Menschen die passende Hilfe finden, "
            "mit Ansprechpersonen und Kontaktwegen der Träger."
        ),
        legal_bases=("art6_1e", "art6_1f"),
        data_subjects=(_("Ansprechpersonen der Träger und Anbieter"),),
        recipients=(
            _("Öffentlichkeit (die Angaben sind veröffentlicht)"),
            _("Andere Verzeichnisse über die Open-Referral-Schnittstelle"),
        ),
        # ImportUpload: an uploaded import file waits in the database between check and import.
        models=(
            "core.Organisation",
            "directory.Service",
            "directory.Contact",
            "directory.ImportUpload",
        ),
        retention_note=_(
            "Solange das Angebot besteht; jährliche Erinnerung an den Träger, die Angaben zu "
            "prüfen. Eine hochgeladene Importdatei wartet höchstens einen Tag auf den Import."
        ),
    ),
    Activity(
        key="directory.saved_offers",
        name=_("Merkliste"),
        purpose=_(
            "Angebote, die sich eine Person mit Benutzerkonto gemerkt hat, unter „Mein Konto“ "
            "wieder zeigen."
        ),
        legal_bases=("art6_1b",),
        data_subjects=(_("Bewohnerinnen, Bewohner und Angehörige mit Benutzerkonto"),),
        recipients=(_("Niemand: nur die Person selbst sieht ihre Merkliste"),),
        models=("directory.SavedService",),
        retention_note=_(
            "Bis die Person das Angebot von der Merkliste nimmt, das Angebot gelöscht wird "
            "oder das Benutzerkonto."
        ),
    ),
]
