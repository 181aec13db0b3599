from django.db.models import QuerySet

from lotse.accounts.models import User
from lotse.core.models import Membership


def membership_list(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
