"""What each app declares in its `processing.py`: its processing activities (Art. 30 DSGVO) and
its retention rules. `declarations()` collects them from every installed app, like `rules`
collects `rules.py`; `lotse.compliance` turns them into the record of processing activities,
the privacy notice and the retention runs. The types live in core so that every app, core
included, can declare its processing without importing another app.

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
