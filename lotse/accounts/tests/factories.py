"""Test data of accounts (factory_boy): users created as the app creates them (user_create:
a confirmed e-mail address, the test password unless `password=None`)."""

import factory
from factory.django import DjangoModelFactory

from lotse.accounts.models import User
from lotse.accounts.services import user_create

PASSWORD = "pw-for-tests-1"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@test.de")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return user_create(**kwargs)
