import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lotse.accounts.models import Invitation, User
from lotse.accounts.reach import grant_reach
from lotse.accounts.services import token_hash
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.permissions import Actor, refuse_object


def membership_list(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def administered_organisation_list(*, actor: Actor) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__user=actor, memberships__role=Role.ADMINISTRATOR
    ).distinct()


def invitation_list(*, actor: Actor) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation__in=administered_organisation_list(actor=actor)
    ).select_related("organisation")


def member_list(*, actor: Actor) -> QuerySet[Membership]:
    """Memberships of staff in the organisations the actor administers."""
    return (
        Membership.objects.filter(organisation__in=administered_organisation_list(actor=actor))
        .exclude(role__in=[Role.RESIDENT, Role.RELATIVE])
        .select_related("user", "organisation")
        .prefetch_related("areas")
        .order_by("organisation__name", "user__email")
    )


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("organisation")
        .first()
    )


def access_member(actor: Actor, user_id: uuid.UUID) -> User:
    """A member of an organisation the actor administers; 403 for a colleague of the member
    without that right, 404 for anyone else (house style)."""
    member = User.objects.filter(public_id=user_id).first()
    if actor is None or member is None:
        raise Http404
    if not actor.has_perm("accounts.reset_second_factor", member):
        if actor.memberships.filter(organisation__memberships__user=member).exists():
            raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
        raise Http404
    return member


def access_membership(actor: Actor, membership_id: uuid.UUID) -> Membership:
    """A staff membership in an organisation the actor administers; 403 for another member of
    that organisation, 404 for anyone else (house style)."""
    membership = (
        Membership.objects.filter(public_id=membership_id)
        .exclude(role__in=[Role.RESIDENT, Role.RELATIVE])
        .select_related("user", "organisation__region")
        .first()
    )
    if actor is None or membership is None:
        raise Http404
    if not actor.has_perm("accounts.change_membership", membership):
        refuse_object(actor, organisation_id=membership.organisation_id)
    return membership


def grantable_roles(*, actor: Actor, organisations: Iterable[Organisation]) -> list[Role]:
    """The roles the actor may give in at least one of `organisations`, in the order of Role."""
    roles: set[str] = set()
    for organisation in organisations:
        roles |= grant_reach(actor=actor, organisation=organisation).roles
    return [role for role in Role if role.value in roles]


def grantable_area_choices(
    *, actor: Actor, organisations: Iterable[Organisation]
) -> QuerySet[Area]:
    """Municipalities and quarters of the organisations' regions that the actor covers there,
    for "Nur für diese Gebiete"."""
    wanted = Q(pk__in=[])
    for organisation in organisations:
        reach = grant_reach(actor=actor, organisation=organisation)
        in_region = Q(region_id=organisation.region_id)
        if reach.area_ids is None:
            wanted |= in_region
        else:
            wanted |= in_region & (Q(id__in=reach.area_ids) | Q(parent_id__in=reach.area_ids))
    return Area.objects.filter(wanted).exclude(kind=Area.Kind.REGION).order_by("name")


def membership_area_choices(*, actor: Actor, membership: Membership) -> QuerySet[Area]:
    """The areas the actor may give the membership, for "Nur für diese Gebiete"."""
    return grantable_area_choices(actor=actor, organisations=[membership.organisation])
