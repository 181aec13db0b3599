from django.http import Http404

from lotse.core.models import Area, Organisation, Role
from lotse.core.permissions import Actor


def area_get(*, slug: str) -> Area:
    try:
        return Area.objects.get(slug=slug)
    except Area.DoesNotExist as exc:
        raise Http404 from exc


def organisation_list_for(*, actor: Actor) -> list[Organisation]:
    """Organisations in which the actor may add offers."""
    return list(
        Organisation.objects.filter(
            memberships__user=actor,
            memberships__role__in=[
                Role.PROVIDER_STAFF,
                Role.OFFICE_STAFF,
                Role.MANAGER,
                Role.REGION_COORDINATOR,
                Role.ADMINISTRATOR,
            ],
        ).distinct()
    )
