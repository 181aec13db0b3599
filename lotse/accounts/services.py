from allauth.account.models import EmailAddress
from django.db import transaction

from lotse.accounts.models import User


@transaction.atomic
def user_create(*, email: str, password: str | None = None, name: str = "") -> User:
    """A user whose e-mail address counts as confirmed (an invitation link or the demo data
    proved it); without a password the user signs in with a code by e-mail."""
    user = User.objects.create_user(email, password, name=name)
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user
