"""Reads for the staff pages that keep the offices themselves (lotse/office/views_manage.py):
the offices and office organisations of the regions a coordinator looks after."""

from django.db.models import QuerySet
from django.http import Http404

from lotse.accounts.selectors_region import coordinated_region_list
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, refuse_object
from lotse.office.models import Appointment, Office


def office_regions(*, actor: Actor) -> list[Area]:
    """The regions in which the actor may create offices (region coordinators), by name."""
    if actor is None:
        return []
    regions = coordinated_region_list(actor=actor)
    return [region for region in regions if actor.has_perm("office.add_office", region)]


def region_office_list(*, region: Area) -> QuerySet[Office]:
    """The offices run by organisations of the region, with their organisation and quarter."""
    return (
        Office.objects.filter(organisation__region=region)
        .select_related("organisation", "quarter")
        .order_by("name")
    )


def office_organisation_choices(*, regions: list[Area]) -> QuerySet[Organisation]:
    """The organisations of kind Quartiersbüro in these regions: only they run an office."""
    return Organisation.objects.filter(region__in=regions, kind=Organisation.Kind.OFFICE).order_by(
        "name"
    )


def office_quarter_choices(*, regions: list[Area]) -> QuerySet[Area]:
    """The quarters of these regions that an office organisation coordinates."""
    return (
        Area.objects.filter(
            region__in=regions,
            kind=Area.Kind.QUARTER,
            coordinators__kind=Organisation.Kind.OFFICE,
        )
        .distinct()
        .order_by("name")
    )


def access_managed_office(actor: Actor, slug: str) -> Office:
    """An office whose contact data the actor may change (its organisation's managers and
    administrators, the coordination of its region); a colleague without the role answers
    403, anyone else 404."""
    office = Office.objects.filter(slug=slug).select_related("organisation", "quarter").first()
    if actor is None or office is None:
        raise Http404
    if not actor.has_perm("office.change_office_details", office):
        refuse_object(actor, organisation_id=office.organisation_id)
    return office


def office_has_appointments(*, office: Office) -> bool:
    """Whether anyone ever booked in the office: its address is in their links then."""
    return Appointment.objects.filter(office=office).exists()


def organisation_quarter_choices(*, organisation: Organisation) -> QuerySet[Area]:
    """The quarters the organisation coordinates: where its office can be."""
    return organisation.coordinates.filter(kind=Area.Kind.QUARTER).order_by("name")
