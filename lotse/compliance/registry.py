"""What each app declares in its `processing.py`: its processing activities (Art. 30 DSGVO) and
its retention rules. `lotse.compliance` collects them from every installed app, like `rules`
collects `rules.py`.

An app's `processing.py` may define:
    ACTIVITIES        list of `Activity`
    RETENTION_RULES   list of `RetentionRule`
    ART9_FIELDS       {"app.Model": ("field", …)}: fields with health data (Art. 9 DSGVO)
"""

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.people.crypto import EncryptedTextField

type Text = str | Promise

LEGAL_BASES: dict[str, Text] = {
    "art6_1a": _("Art. 6 Abs. 1 lit. a DSGVO: Einwilligung"),
    "art6_1b": _("Art. 6 Abs. 1 lit. b DSGVO: Vertrag oder vorvertragliche Maßnahme"),
    "art6_1c": _("Art. 6 Abs. 1 lit. c DSGVO: rechtliche Verpflichtung"),
    "art6_1e": _("Art. 6 Abs. 1 lit. e DSGVO: Aufgabe im öffentlichen Interesse"),
    "art6_1f": _("Art. 6 Abs. 1 lit. f DSGVO: berechtigtes Interesse"),
    "art9_2a": _("Art. 9 Abs. 2 lit. a DSGVO: ausdrückliche Einwilligung (Gesundheitsdaten)"),
    "art9_2h": _("Art. 9 Abs. 2 lit. h DSGVO: Gesundheits- und Sozialbereich"),
}

ACTION_LABELS: dict[str, Text] = {
    "anonymise": _("anonymisieren"),
    "delete": _("löschen"),
    "redact": _("Nachweistext löschen"),
}

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


@dataclass(frozen=True)
class Activity:
    """One processing activity for the record of processing activities (Art. 30 Abs. 1)."""

    key: str
    name: Text
    purpose: Text
    legal_bases: Sequence[str]  # keys of LEGAL_BASES
    data_subjects: Sequence[Text]
    recipients: Sequence[Text]
    models: Sequence[str]  # "app_label.ModelName"
    retention_rules: Sequence[str] = ()  # kinds of RetentionRule
    retention_note: Text = ""  # what the rules do not say (e.g. "kept as long as …")


@dataclass(frozen=True)
class RetentionRule:
    """Records of one kind that are due after `days` and what then happens to them.

    `held_by` is the lookup from a record to the organisation that holds it ("organisation",
    "person__organisation"); that organisation's managers and administrators release its
    deletion. None: the record belongs to no organisation (a barrier report) and goes into the
    platform run.

    `due(cutoff, action)` returns the queryset of records due for `action` when everything
    older than `cutoff` is due; it must no longer contain a record once `apply` has handled it,
    so applying twice changes nothing. `apply(record, action, actor, reason)` changes one record.
    """

    kind: str
    label: Text
    description: Text  # "… after {days} days": what starts the clock
    default_days: int
    default_action: str
    actions: Sequence[str]
    held_by: str | None
    due: Callable[..., models.QuerySet] = field(repr=False)
    apply: Callable[..., None] = field(repr=False)


@dataclass(frozen=True)
class Declarations:
    activities: tuple[Activity, ...]
    rules: dict[str, RetentionRule]
    art9_fields: dict[str, frozenset[str]]


@cache
def declarations() -> Declarations:
    """Everything the installed apps declare in their `processing.py`."""
    activities: list[Activity] = []
    rules: dict[str, RetentionRule] = {}
    art9: dict[str, frozenset[str]] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.processing"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        activities += getattr(module, "ACTIVITIES", [])
        for rule in getattr(module, "RETENTION_RULES", []):
            rules[rule.kind] = rule
        for label, names in getattr(module, "ART9_FIELDS", {}).items():
            art9[label] = art9.get(label, frozenset()) | frozenset(names)
    return Declarations(activities=tuple(activities), rules=rules, art9_fields=art9)


def rule_setting(rule: RetentionRule) -> tuple[int, str]:
    """(days, action) of a rule: the default, or what `LOTSE_RETENTION` says."""
    configured = getattr(settings, "LOTSE_RETENTION", {}).get(rule.kind, {})
    return (
        int(configured.get("days", rule.default_days)),
        configured.get("action", rule.default_action),
    )


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
