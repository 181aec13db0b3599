"""What each role may do, read from the registered permission rules themselves.

For every role a synthetic user gets that role in a synthetic organisation (region, municipality,
quarter, a colleague, and the samples the domain apps register: an offer, a location, an
office); each registered permission is asked about the matching object once without and once
with a second factor. Everything is created inside a transaction that is rolled back, so
nothing stays in the database.

A new permission needs an entry in PERMISSIONS (a test fails otherwise): a German description,
the object it is asked about, and whether its pages sit behind the second-factor gate.
"""

import functools
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import rules
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.registry import role_sample_builders
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.permissions import PERSONAL_DATA


@dataclass(frozen=True)
class Permission:
    description: Promise | str
    # Which synthetic object the rule is asked about: a key of `_samples`, or "" for none.
    sample: str = ""
    # Its pages are wrapped in personal_data_view: staff need a second factor first.
    gated: bool = False


PERMISSIONS: dict[str, Permission] = {
    "core.view_personal_data": Permission(
        _("Seiten mit Angaben über Menschen öffnen (welche Angaben, regeln die anderen Rechte)")
    ),
    "core.view_region_administration": Permission(
        _("Die Verwaltung des Kreises öffnen"), gated=True
    ),
    "core.add_organisation": Permission(
        _("Organisationen im eigenen Kreis anlegen"), "region", gated=True
    ),
    "core.change_organisation": Permission(
        _("Name, Art und Kontakt von Organisationen im eigenen Kreis ändern"),
        "organisation",
        gated=True,
    ),
    "core.add_area": Permission(
        _("Kommunen und Quartiere im eigenen Kreis anlegen"), "region", gated=True
    ),
    "core.change_area": Permission(
        _("Kommunen und Quartiere umbenennen und verschieben"), "quarter", gated=True
    ),
    "core.delete_area": Permission(
        _("Kommunen und Quartiere löschen, die nichts verwendet"), "quarter", gated=True
    ),
    "accounts.view_members": Permission(
        _("Die Mitarbeitenden der eigenen Organisation sehen"), gated=True
    ),
    "accounts.add_invitation": Permission(
        _(
            "Mitarbeitende in die eigene Organisation einladen; die Koordination Kreis lädt "
            "die erste Administration einer neuen Organisation im Kreis ein"
        ),
        "organisation",
        gated=True,
    ),
    "accounts.invite_first_administrator": Permission(
        _(
            "Die erste Administration einer Organisation im eigenen Kreis einladen, solange "
            "sie noch keine hat"
        ),
        "organisation",
        gated=True,
    ),
    # Nobody grants beyond their own reach (lotse/accounts/reach.py).
    "accounts.change_membership": Permission(
        _(
            "Rolle und Gebiete von Mitarbeitenden ändern, so weit die eigene Zuständigkeit "
            "reicht (die Rolle „Koordination Kreis“ vergibt nur, wer selbst den Kreis koordiniert)"
        ),
        "membership",
        gated=True,
    ),
    "accounts.delete_membership": Permission(
        _(
            "Mitarbeitende aus der eigenen Organisation entfernen, so weit die eigene "
            "Zuständigkeit reicht"
        ),
        "membership",
        gated=True,
    ),
    "accounts.reset_second_factor": Permission(
        _("Den verlorenen zweiten Faktor von Mitarbeitenden zurücksetzen"), "member", gated=True
    ),
    "directory.add_offer": Permission(_("Angebote anlegen")),
    # Who changes a provider's offer (lotse/directory/rules.py): its own staff; the region
    # coordination, which keeps the region's directory; the Quartiersbüro only for providers
    # that are not on the platform, in its own areas.
    "directory.change_offer": Permission(
        _(
            "Angebote der eigenen Organisation bearbeiten und archivieren. Die Koordination "
            "Kreis: alle Angebote im Kreis. Quartiersbüro und Quartiersmanagement: auch "
            "Angebote im eigenen Gebiet von Anbietern, die selbst nicht auf der Plattform "
            "arbeiten"
        ),
        "offer",
    ),
    "directory.change_location": Permission(
        _(
            "Orte der eigenen Organisation bearbeiten. Die Koordination Kreis: alle Orte im "
            "Kreis. Quartiersbüro und Quartiersmanagement: auch Orte im eigenen Gebiet von "
            "Anbietern, die selbst nicht auf der Plattform arbeiten"
        ),
        "location",
    ),
    "directory.import_directory": Permission(
        _("Angebote für den ganzen Kreis einlesen (Import)"), "region"
    ),
    "people.view_person": Permission(
        _("Personen der eigenen Organisation ansehen"), "person", gated=True
    ),
    "people.add_person": Permission(
        _("Personen für die eigene Organisation anlegen"), "organisation", gated=True
    ),
    "people.change_person": Permission(
        _("Angaben zu Personen der eigenen Organisation ändern"), "person", gated=True
    ),
    "people.add_consent": Permission(
        _("Einwilligungen von Personen erfassen"), "person", gated=True
    ),
    "people.change_consent": Permission(
        _("Einwilligungen ändern oder widerrufen"), "consent", gated=True
    ),
    "people.add_proxy": Permission(
        _("Vertretungen erfassen (Angehörige, Betreuung, Vollmacht)"), "person", gated=True
    ),
    "people.change_proxy": Permission(_("Vertretungen ändern"), "person", gated=True),
    "people.merge_person": Permission(
        _("Doppelt erfasste Personen zusammenführen"), "person", gated=True
    ),
    "compliance.export_person": Permission(
        _("Einer Person Auskunft über ihre Daten geben (Art. 15 DSGVO)"), "person", gated=True
    ),
    "compliance.anonymise_person": Permission(
        _("Die Daten einer Person löschen lassen (Art. 17 DSGVO)"), "person", gated=True
    ),
    "notifications.view_message": Permission(
        _("Nachrichten an Personen der eigenen Organisation sehen"), "person", gated=True
    ),
    "notifications.print_letter": Permission(
        _("Briefe an Personen der eigenen Organisation drucken"), "person", gated=True
    ),
    "office.view_appointments": Permission(
        _("Termine im Quartiersbüro der eigenen Organisation sehen"), "office", gated=True
    ),
    "office.book_appointment": Permission(_("Termine für Menschen buchen"), "office", gated=True),
    "office.change_appointment": Permission(
        _("Termine verschieben oder absagen"), "office", gated=True
    ),
    "office.change_office": Permission(
        _("Sprechstunden und Schließzeiten des Quartiersbüros ändern"), "office"
    ),
    # Keeping the offices themselves (lotse/office/views_manage.py), instead of Django's admin.
    "office.add_office": Permission(
        _("Quartiersbüros im eigenen Kreis anlegen, für Organisationen der Art „Quartiersbüro“"),
        "region",
    ),
    "office.change_office_details": Permission(
        _(
            "Name, Anschrift, Telefon, E-Mail, Terminlänge und Buchungszeitraum des "
            "Quartiersbüros der eigenen Organisation ändern; die Koordination Kreis die aller "
            "Quartiersbüros im Kreis"
        ),
        "office",
    ),
    "office.relocate_office": Permission(
        _(
            "Quartier und Kurzname (Internetadresse) eines Quartiersbüros im eigenen Kreis "
            "ändern; der Kurzname bleibt, sobald Termine gebucht wurden"
        ),
        "office",
    ),
    "desk.view_inquiry": Permission(
        _("Anliegen der eigenen Organisation ansehen"), "organisation", gated=True
    ),
    "desk.add_inquiry": Permission(
        _("Anliegen erfassen (Anruf, Besuch, Internet)"), "organisation", gated=True
    ),
    "desk.change_inquiry": Permission(_("Anliegen ändern"), "organisation", gated=True),
    "desk.add_unmetneed": Permission(
        _("Festhalten, wofür es kein passendes Angebot gibt"), "organisation", gated=True
    ),
    "desk.add_referral": Permission(
        _("Menschen an einen Anbieter weitervermitteln"), "organisation", gated=True
    ),
    "desk.manage_referral": Permission(
        _("Weitervermittlungen verfolgen und abschließen"), "organisation", gated=True
    ),
    "desk.view_referral": Permission(
        _("Weitervermittlungen an die eigene Organisation ansehen"),
        "received_referral",
        gated=True,
    ),
    "desk.answer_referral": Permission(
        _("Weitervermittlungen an die eigene Organisation beantworten"),
        "received_referral",
        gated=True,
    ),
    # Digital helpers (lotse/volunteers/rules.py): the organisation that coordinates a helper
    # keeps the record; a membership limited to areas reaches the helpers living there.
    "volunteers.view_helper": Permission(
        _(
            "Digital-Helfer der eigenen Organisation sehen (Multiplikator, Quartiersmanagement, "
            "Administration; bei Gebieten nur die dort wohnenden), die Koordination Kreis alle "
            "im Kreis; eine Digital-Helferin oder ein Digital-Helfer nur die eigenen Angaben"
        ),
        "helper",
        gated=True,
    ),
    "volunteers.add_helper": Permission(
        _("Digital-Helfer vom Anmeldebogen erfassen"), "organisation", gated=True
    ),
    "volunteers.change_helper": Permission(
        _("Angaben von Digital-Helfern ändern"), "helper", gated=True
    ),
    "volunteers.change_helper_status": Permission(
        _("Den Status von Digital-Helfern ändern (Gespräch, Qualifizierung, Aktiv, Pause …)"),
        "helper",
        gated=True,
    ),
    "volunteers.add_credential": Permission(
        _(
            "Festhalten, dass ein Führungszeugnis, eine Verschwiegenheitserklärung oder eine "
            "Qualifizierung gesehen wurde (ohne Kopie)"
        ),
        "helper",
        gated=True,
    ),
    # Asked without an object: whether the role has such a page; a helper record answers only
    # for its own login.
    "volunteers.change_own_helper": Permission(
        _("Die eigenen Angaben als Digital-Helfer ändern und eine Pause eintragen"), gated=True
    ),
    # Group formats and training (lotse/volunteers/rules.py, the end): the organisation that
    # runs a café or course. A multiplier's role is their qualification to train others; a
    # helper whose own record says "Darf Kurse geben" (while active) may run courses too.
    "volunteers.view_cafe": Permission(
        _("Die Handy-Cafés der eigenen Organisation mit ihren Schichten sehen"),
        "organisation",
        gated=True,
    ),
    "volunteers.change_cafe": Permission(
        _("Handy-Cafés anlegen, Termine absagen und Helfer für Schichten eintragen"),
        "organisation",
        gated=True,
    ),
    "volunteers.run_course": Permission(
        _(
            "Qualifizierungskurse für Digital-Helfer geben: Termine, Teilnehmende, Anwesenheit "
            "und Abschluss (Multiplikator; ein Digital-Helfer nur mit eigener Berechtigung)"
        ),
        "organisation",
        gated=True,
    ),
    "volunteers.view_course": Permission(
        _("Die Qualifizierungskurse der eigenen Organisation sehen"), "organisation", gated=True
    ),
    # Requests for help (lotse/volunteers/rules.py): the coordinating organisation holds them.
    "volunteers.view_help_request": Permission(
        _(
            "Hilfeanfragen der eigenen Organisation sehen (Multiplikator, Quartiersbüro, "
            "Kümmerer, Quartiersmanagement, Administration), die Koordination Kreis alle im "
            "Kreis"
        ),
        "help_request",
        gated=True,
    ),
    "volunteers.add_help_request": Permission(
        _("Hilfeanfragen für Anrufende erfassen"), "organisation", gated=True
    ),
    "volunteers.change_help_request": Permission(
        _("Hilfeanfragen als erledigt, nicht erledigt oder zurückgezogen eintragen"),
        "help_request",
        gated=True,
    ),
    "volunteers.dispatch_help_request": Permission(
        _("Hilfeanfragen an Digital-Helfer vermitteln"), "help_request", gated=True
    ),
    "volunteers.view_own_assignments": Permission(
        _("Die eigenen Einsätze als Digital-Helfer sehen und Berichte schreiben"), gated=True
    ),
    # Kümmerer case work (lotse/cases/rules.py): need to know. A case is seen by its
    # responsible Kümmerer, their team and the colleague covering an absence (none of which
    # the sample case has), and by the holding organisation's managers.
    "cases.view_casefile": Permission(
        _(
            "Begleitungen ansehen: Kümmerer nur die eigenen, die ihres Teams und die einer "
            "vertretenen Kollegin; Teamleitung alle des Trägers (bei Gebieten: deren Standorte)"
        ),
        "case_file",
        gated=True,
    ),
    "cases.change_casefile": Permission(
        _(
            "In einer Begleitung arbeiten: Einschätzung, Hilfeplan, Journal, Netzwerk, "
            "Überprüfung, Abschluss (nur wer die Begleitung führt, im Team ist oder vertritt)"
        ),
        "case_file",
        gated=True,
    ),
    "cases.hand_over_casefile": Permission(
        _("Eine Begleitung an eine Kollegin oder einen Kollegen übergeben"),
        "case_file",
        gated=True,
    ),
    "cases.add_casefile": Permission(
        _("Eine Begleitung beginnen (auch aus einem Anliegen oder nach Entlassung)"),
        "organisation",
        gated=True,
    ),
    "cases.view_own_caseload": Permission(
        _("Die eigenen Begleitungen mit dem, was zuerst zu tun ist"), "organisation", gated=True
    ),
    "cases.view_team_caseload": Permission(
        _("Die Begleitungen aller Kümmerer je Person und Standort sehen und neu verteilen"),
        "organisation",
        gated=True,
    ),
    "cases.manage_cover": Permission(
        _("Vertretungen bei Abwesenheit eintragen"), "organisation", gated=True
    ),
    # Life in the quarter (lotse/news/rules.py): events and news belong to an organisation; a
    # quarter manager may require their release; the quarter's office keeps the noticeboard.
    "news.add_event": Permission(
        _("Veranstaltungen der eigenen Organisation anlegen"), "organisation"
    ),
    "news.change_event": Permission(
        _("Veranstaltungen der eigenen Organisation ändern, absagen und Termine verlegen"),
        "event",
    ),
    "news.release_event": Permission(
        _("Veranstaltungen im eigenen Gebiet freigeben, wo eine Freigabe verlangt ist"), "event"
    ),
    "news.view_release_queue": Permission(
        _("Die Liste der Veranstaltungen öffnen, die auf Freigabe warten")
    ),
    "news.set_publication_rule": Permission(
        _(
            "Für das eigene Gebiet verlangen, dass Veranstaltungen und Nachrichten "
            "freigegeben werden"
        ),
        "quarter",
    ),
    "news.view_registrations": Permission(
        _("Anmeldungen zu Veranstaltungen sehen und Teilnahme eintragen"), "event", gated=True
    ),
    "news.register_for_person": Permission(
        _("Menschen zu Veranstaltungen anmelden, die anrufen oder vorbeikommen"),
        "event",
        gated=True,
    ),
    "news.add_newspost": Permission(
        _("Nachrichten (Aktuelles) der eigenen Organisation schreiben"), "organisation"
    ),
    "news.change_newspost": Permission(
        _("Nachrichten der eigenen Organisation ändern und zurückziehen"), "newspost"
    ),
    "news.release_newspost": Permission(
        _("Nachrichten im eigenen Gebiet freigeben, wo eine Freigabe verlangt ist"), "newspost"
    ),
    "news.add_boardpost": Permission(_("Auf der Pinnwand etwas anbieten oder suchen")),
    "news.review_boardpost": Permission(
        _("Pinnwand-Einträge im eigenen Quartier prüfen, entfernen und Meldungen bearbeiten"),
        "boardpost",
        gated=True,
    ),
    "news.post_for_person": Permission(
        _("Für jemanden, der anruft, einen Pinnwand-Eintrag schreiben"), "boardpost", gated=True
    ),
    "news.view_board_queue": Permission(_("Die Liste der zu prüfenden Pinnwand-Einträge öffnen")),
    "compliance.view_processing_record": Permission(
        _("Das Verzeichnis der Verarbeitungstätigkeiten lesen")
    ),
    "compliance.view_retention": Permission(
        _("Sehen, welche alten Daten gelöscht werden sollen"), gated=True
    ),
    "compliance.add_retention_run": Permission(
        _("Das Löschen alter Daten vorbereiten"), gated=True
    ),
    "compliance.release_retention_run": Permission(
        _("Das Löschen alter Daten freigeben"), gated=True
    ),
}


@dataclass(frozen=True)
class Ability:
    name: str
    description: Promise | str
    needs_second_factor: bool


@dataclass(frozen=True)
class RoleAbilities:
    role: Role
    abilities: list[Ability]

    @property
    def needs_second_factor(self) -> bool:
        return any(ability.needs_second_factor for ability in self.abilities)


def registered_permissions() -> list[str]:
    """Every permission the rules of all apps register, sorted."""
    return sorted(rules.permissions.permissions)


class _Rollback(Exception):
    pass


@functools.cache
def role_catalogue_cached() -> list[RoleAbilities]:
    """role_catalogue() once per process (about a second of queries): the rules are code and
    do not change while the server runs."""
    return role_catalogue()


def role_catalogue() -> list[RoleAbilities]:
    """Every role with what the rules allow it, in the order of `Role`."""
    result: list[RoleAbilities] = []
    try:
        with transaction.atomic():
            samples = _samples()
            for role in Role:
                result.append(_abilities(role, samples))
            raise _Rollback
    except _Rollback:
        pass
    return result


def _abilities(role: Role, samples: dict[str, Any]) -> RoleAbilities:
    organisation = samples["organisation"]
    without, with_factor = (_user(role, organisation, totp=totp) for totp in (False, True))
    gate_open = without.has_perm(PERSONAL_DATA)
    abilities = []
    registered = registered_permissions()
    # In the order of PERMISSIONS (grouped by topic); any not described yet at the end.
    names = [n for n in PERMISSIONS if n in registered]
    names += [n for n in registered if n not in PERMISSIONS]
    for name in names:
        spec = PERMISSIONS.get(name, Permission(_("(noch ohne Beschreibung)")))
        obj = samples.get(spec.sample)
        if not with_factor.has_perm(name, obj):
            continue
        needs = (spec.gated and not gate_open) or not without.has_perm(name, obj)
        abilities.append(Ability(name, spec.description, needs))
    return RoleAbilities(role, abilities)


def _user(role: Role, organisation: Organisation, *, totp: bool) -> User:
    user = User.objects.create_user(f"{uuid.uuid4().hex}@rollen.invalid")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    if totp:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def _samples() -> dict[str, Any]:
    """One object of each kind a rule is asked about, all in the synthetic organisation."""
    from lotse.people.models import Consent, Person

    tag = uuid.uuid4().hex[:12]
    region = Area.objects.create(name="Kreis", slug=f"rollen-{tag}", kind=Area.Kind.REGION)
    region.region = region
    region.save(update_fields=["region"])
    municipality = Area.objects.create(
        name="Kommune",
        slug=f"rollen-{tag}-k",
        kind=Area.Kind.MUNICIPALITY,
        parent=region,
        region=region,
    )
    quarter = Area.objects.create(
        name="Quartier",
        slug=f"rollen-{tag}-q",
        kind=Area.Kind.QUARTER,
        parent=municipality,
        region=region,
    )
    organisation = Organisation.objects.create(name="Organisation", region=region)
    colleague = User.objects.create_user(f"{tag}-kollegin@rollen.invalid")
    membership = Membership.objects.create(
        user=colleague, organisation=organisation, role=Role.PROVIDER_STAFF
    )
    # The people rules read only the holding organisation: unsaved objects are enough.
    person = Person(organisation=organisation, region=region)
    other = Organisation.objects.create(name="Quartiersbüro", region=region)
    # A referral another organisation sent to this one: the rules read only these two ids.
    received_referral = SimpleNamespace(
        organisation_id=other.pk, receiving_organisation_id=organisation.pk
    )
    world: dict[str, Any] = {
        "": None,
        "region": region,
        "municipality": municipality,
        "quarter": quarter,
        "organisation": organisation,
        "member": colleague,
        "membership": membership,
        "person": person,
        "consent": Consent(person=person, region=region),
        "received_referral": received_referral,
    }
    # The domain apps' own samples (an offer, a location, an office), registered in their
    # AppConfig.ready: accounts, a lower layer, imports none of them.
    for builder in role_sample_builders():
        world.update(builder(world))
    return world
