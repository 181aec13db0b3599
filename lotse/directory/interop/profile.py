"""The German profile's facts that HSDS has no field for, as HSDS attributes of one taxonomy,
"Quartierslotse-Profil" (documented in docs/hsds-profile.md): how an offer is reached
(Komm-/Geh-Struktur), its Leichte-Sprache text, who helps (staff or volunteers), a location's
quarter and an organisation's kind. Each is an attribute row whose `taxonomy_term_id` names the
fact and whose `value` holds it, so an export of one Quartierslotse imported into another loses
nothing, and any other HSDS reader sees documented attributes instead of unknown columns.

The taxonomy and its terms have fixed ids and are written into every export; they are not
stored as taxonomy terms (they are no topics), the importer recognises them by id.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lotse.core.models import Organisation
from lotse.directory.interop.records import Bundle
from lotse.directory.models import Location, Service

TAXONOMY_ID = uuid.UUID("5b0f4f7e-2d0c-4b7a-9c1e-6a4e1c0f2a11")
TAXONOMY = {
    "id": str(TAXONOMY_ID),
    "name": "Quartierslotse-Profil",
    "description": (
        "Angaben des deutschen Profils von Quartierslotse, die HSDS 3.0 nicht als Feld kennt. "
        "Jede Angabe ist ein Attribut (attribute) mit diesem Begriff und dem Wert in `value`."
    ),
    "uri": "",
    "version": "1",
}


@dataclass(frozen=True)
class Fact:
    """One fact of the profile: the term's code, on which kind of row it sits (HSDS
    `link_entity`), and the values it may take (empty: any text)."""

    code: str
    entity: str
    name: str
    description: str
    values: tuple[str, ...] = ()

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(TAXONOMY_ID, self.code)


FACTS = (
    Fact(
        "erreichbarkeit",
        "service",
        "So erreichen Sie das Angebot",
        "Komm- oder Geh-Struktur: komm (Sie kommen zum Angebot), geh (das Angebot kommt nach "
        "Hause), telefon, online.",
        tuple(Service.Reach.values),
    ),
    Fact(
        "leichte-sprache",
        "service",
        "Beschreibung in Leichter Sprache",
        "Die Beschreibung des Angebots in Leichter Sprache (Text).",
    ),
    Fact(
        "wer-hilft",
        "service",
        "Wer hilft",
        "hauptamtlich, ehrenamtlich oder gemischt (haupt- und ehrenamtlich).",
        tuple(Service.Staffing.values),
    ),
    Fact(
        "quartier",
        "location",
        "Quartier",
        "Der Name des Quartiers (Sozialraum, Dorf), in dem der Ort liegt.",
    ),
    Fact(
        "organisationsart",
        "organization",
        "Art der Organisation",
        "provider (Anbieter), office (Quartiersbüro) oder administration (Verwaltung).",
        tuple(Organisation.Kind.values),
    ),
)
BY_ID = {fact.id: fact for fact in FACTS}
BY_CODE = {fact.code: fact for fact in FACTS}


def taxonomy_terms() -> Iterator[dict]:
    """The profile's terms as rows of taxonomy_terms.csv."""
    for fact in FACTS:
        yield {
            "id": str(fact.id),
            "code": fact.code,
            "name": fact.name,
            "description": fact.description,
            "taxonomy": TAXONOMY["name"],
            "taxonomy_id": str(TAXONOMY_ID),
        }


def _row(fact: Fact, link_id: uuid.UUID, value: str) -> dict:
    return {
        "id": str(uuid.uuid5(fact.id, str(link_id))),
        "link_id": str(link_id),
        "taxonomy_term_id": str(fact.id),
        "link_type": "",
        "link_entity": fact.entity,
        "value": value,
    }


def service_attributes(service: Service) -> Iterator[dict]:
    yield _row(BY_CODE["erreichbarkeit"], service.id, service.reach)
    if service.easy_language_description:
        yield _row(BY_CODE["leichte-sprache"], service.id, service.easy_language_description)
    yield _row(BY_CODE["wer-hilft"], service.id, service.staffing)


def location_attributes(location: Location) -> Iterator[dict]:
    if location.quarter is not None:
        yield _row(BY_CODE["quartier"], location.id, location.quarter.name)


def organisation_attributes(organisation: Organisation) -> Iterator[dict]:
    yield _row(BY_CODE["organisationsart"], organisation.id, organisation.kind)


def read_attribute(
    *, bundle: Bundle, term_id: uuid.UUID, link_id: uuid.UUID, value: str, where: str
) -> bool:
    """Applies an attribute of the profile to the row of the file it names; False when the
    term is none of the profile's. A value the fact cannot take is left out with a warning."""
    fact = BY_ID.get(term_id)
    if fact is None:
        return False
    if fact.values and value not in fact.values:
        bundle.notes.warn_row(
            where,
            _("„%(value)s“ ist kein möglicher Wert für „%(fact)s“ – weggelassen")
            % {"value": value[:80], "fact": fact.name},
        )
        return True
    if fact.entity == "service" and (service := bundle.services.get(link_id)):
        if fact.code == "erreichbarkeit":
            service.reach = value
        elif fact.code == "leichte-sprache":
            service.easy_language_description = value
        else:
            service.staffing = value
    elif fact.entity == "location" and (location := bundle.locations.get(link_id)):
        location.quarter_name = value
    elif fact.entity == "organization" and (organisation := bundle.organisations.get(link_id)):
        organisation.kind = value
    return True
