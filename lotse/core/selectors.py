import uuid

from django.http import Http404

from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor
from lotse.core.rules import EDITOR_ROLES


def area_get(*, slug: str) -> Area:
    try:
        return Area.objects.get(slug=slug)
    except Area.DoesNotExist as exc:
        raise Http404 from exc


def quarter_get(*, slug: str, region_id: uuid.UUID) -> Area | None:
    """The region's quarter with this slug; None when the region has none of that name."""
    return Area.objects.filter(slug=slug, kind=Area.Kind.QUARTER, region_id=region_id).first()


def own_organisation_get(*, actor: Actor) -> Organisation | None:
    """The organisation the actor's new offers and locations belong to: the first (by name) in
    which they may edit; None when there is none."""
    return (
        Organisation.objects.filter(memberships__user=actor, memberships__role__in=EDITOR_ROLES)
        .distinct()
        .first()
    )
