"""`manage.py check` (and every start) refuses declarations and settings that do not fit."""

from django.apps import apps
from django.conf import settings
from django.core import checks

from lotse.core.declarations import ACTION_LABELS, LEGAL_BASES, declarations


def check_declarations(**kwargs) -> list[checks.CheckMessage]:
    errors = []
    found = declarations()
    for activity in found.activities:
        for code in activity.legal_bases:
            if code not in LEGAL_BASES:
                errors.append(checks.Error(f"{activity.key}: unknown legal basis {code!r}"))
        for label in activity.models:
            try:
                apps.get_model(label)
            except LookupError:
                errors.append(checks.Error(f"{activity.key}: unknown model {label!r}"))
        for kind in activity.retention_rules:
            if kind not in found.rules:
                errors.append(checks.Error(f"{activity.key}: unknown retention rule {kind!r}"))
    for rule in found.rules.values():
        if not set(rule.actions) <= ACTION_LABELS.keys() or rule.default_action not in rule.actions:
            errors.append(checks.Error(f"Retention rule {rule.kind}: unknown action"))
    configured = getattr(settings, "LOTSE_RETENTION", {})
    if not isinstance(configured, dict):
        return [*errors, checks.Error("LOTSE_RETENTION must be a JSON object")]
    for kind, value in configured.items():
        known = found.rules.get(kind)
        if known is None:
            errors.append(
                checks.Error(
                    f"LOTSE_RETENTION: unknown kind {kind!r}", hint=f"Kinds: {sorted(found.rules)}"
                )
            )
            continue
        days = value.get("days", known.default_days) if isinstance(value, dict) else None
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            errors.append(
                checks.Error(f"LOTSE_RETENTION[{kind!r}]: days must be a whole number ≥ 1")
            )
            continue
        action = value.get("action", known.default_action)
        if action not in known.actions:
            errors.append(
                checks.Error(
                    f"LOTSE_RETENTION[{kind!r}]: action {action!r} not one of {list(known.actions)}"
                )
            )
    return [checks.Error(e.msg, hint=e.hint, id="compliance.E001") for e in errors]
