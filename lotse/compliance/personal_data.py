"""Which models hold personal data and what categories of data they hold, read from the models
themselves: the record of processing activities lists them, and a test makes sure that every
such model is declared in some app's `processing.py` (lotse.core.declarations)."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.crypto import EncryptedTextField
from lotse.core.declarations import declarations

# Field names that hold personal data in any model (besides e-mail and encrypted fields).
PERSONAL_FIELD_NAMES = {
    "given_name",
    "family_name",
    "birth_date",
    "birth_year",
    "phone",
    "mobile",
    "street",
    "ip_address",
}


def _is_user_model(model: type[models.Model] | None) -> bool:
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL


def _is_person_model(model: type[models.Model] | None) -> bool:
    return model is not None and model._meta.label == "people.Person"


def holds_personal_data(model: type[models.Model]) -> bool:
    """Mechanically: the person and user models; any model with a relation to either (except
    `…_by` columns to the user model, which only say which staff member did something); any
    model with an e-mail field, an encrypted field or a field named like PERSONAL_FIELD_NAMES."""
    if _is_user_model(model) or _is_person_model(model):
        return True
    for f in model._meta.get_fields(include_hidden=False):
        if f.auto_created and not f.concrete:
            continue  # reverse relations belong to the other model
        if f.is_relation:
            target = f.related_model
            if _is_person_model(target):
                return True
            if _is_user_model(target) and not f.name.endswith("_by"):
                return True
            continue
        if isinstance(f, models.EmailField | EncryptedTextField | models.GenericIPAddressField):
            return True
        if f.name in PERSONAL_FIELD_NAMES:
            return True
    return False


def personal_data_models() -> list[type[models.Model]]:
    """Every concrete model of an installed app that holds personal data (proxy models share
    their concrete model's table and count as it)."""
    return [
        m
        for m in apps.get_models()
        if not m._meta.proxy and not m._meta.abstract and holds_personal_data(m)
    ]


@dataclass(frozen=True)
class DataField:
    label: str
    encrypted: bool
    health: bool
    # No German name: a technical column (time stamps, search keys, ids), named as in the code.
    technical: bool = False
    # A link to another record (named after it when it has no German name of its own).
    relation: bool = False


def model_name(model: type[models.Model]) -> str:
    """The German plural of a model, or its label ("core.Membership") when it has none."""
    if _is_user_model(model):
        return str(_("Benutzerkonten"))
    if "verbose_name_plural" in model._meta.original_attrs:
        return str(model._meta.verbose_name_plural)
    return model._meta.label


def _field_label(f: models.Field) -> str | None:
    """A field's German name; for a relation without one, what it points at; None when it
    has no German name."""
    if f.verbose_name != f.name.replace("_", " "):
        return str(f.verbose_name)
    target = f.related_model if f.is_relation else None
    if not isinstance(target, type):
        return None
    if _is_user_model(target):
        return str(_("Benutzerkonto"))
    if "verbose_name" in target._meta.original_attrs:
        return str(target._meta.verbose_name)
    return target._meta.label


def data_fields(model: type[models.Model]) -> list[DataField]:
    """The data categories of a model, from its fields: German names first, then technical
    columns by their name in the code."""
    health = declarations().art9_fields.get(model._meta.label, frozenset())
    named: list[DataField] = []
    technical: list[DataField] = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        label = _field_label(f)
        field = DataField(
            label=label or f.name,
            encrypted=isinstance(f, EncryptedTextField),
            health=f.name in health,
            technical=label is None,
            relation=f.is_relation,
        )
        (technical if label is None else named).append(field)
    return named + technical
