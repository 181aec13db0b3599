import datetime as dt
import uuid

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Role


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


# What Django's admin (/admin/) is still for (docs/operations.md): records of the platform that
# hold no personal data of an organisation. A superuser keeps Django's short cut ("may do
# everything") for these models' permissions only.
ADMIN_MODELS = frozenset(
    {
        "office.office",
        "office.consultationhour",
        "office.officeclosure",
        "core.barrierreport",
        "core.auditentry",
        "django_tasks_database.dbtaskresult",
    }
)


def _admin_model(perm: str) -> str:
    """ "office.change_office" -> "office.office" (Django's `<app>.<action>_<model>`)."""
    app_label, _dot, codename = perm.partition(".")
    return f"{app_label}.{codename.partition('_')[2]}"


class User(AbstractBaseUser, PermissionsMixin):
    """Login by e-mail: staff with password and second factor, residents with a code (allauth)."""

    # The id in URLs (house style: never the integer key).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("E-Mail"), unique=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    objects = UserManager()

    def __str__(self) -> str:
        return self.name or self.email

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        """Need-to-know holds for superusers too: a permission the project names (a rule in an
        app's rules.py) is answered by its rule alone, from the user's memberships, so being
        superuser opens no person, inquiry or letter of any organisation. Django's own short
        cut for superusers is kept only for the admin's ADMIN_MODELS."""
        if not self.is_active:
            return False
        if self.is_superuser and _admin_model(perm) in ADMIN_MODELS:
            return True
        if rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        if self.is_superuser:
            return False
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.is_superuser:
            return any(model.startswith(f"{app_label}.") for model in ADMIN_MODELS)
        return super().has_module_perms(app_label)


class Invitation(models.Model):
    """An administrator invites someone to work in their organisation. Only a hash of the
    link's token is stored: whoever reads the database cannot use an open invitation."""

    VALID_FOR = dt.timedelta(days=7)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("Rolle"), max_length=30, choices=Role.choices)
    areas = models.ManyToManyField("core.Area", blank=True, related_name="+")
    email = models.EmailField(_("E-Mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self) -> str:
        return self.email

    def is_open(self, *, now: dt.datetime) -> bool:
        return self.used_at is None and now < self.expires_at
