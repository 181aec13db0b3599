"""Reads: the record of processing activities, assembled from the apps' declarations and
their models; the retention runs."""

import datetime as dt
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lotse.compliance.models import RetentionRun
from lotse.compliance.personal_data import DataField, data_fields, model_name
from lotse.compliance.rules import releases_platform_runs, releasing_organisation_ids
from lotse.core.declarations import (
    ACTION_LABELS,
    LEGAL_BASES,
    Activity,
    RetentionRule,
    Text,
    declarations,
    rule_setting,
)
from lotse.core.permissions import Actor, refuse_object


@dataclass(frozen=True)
class RuleView:
    kind: str
    label: str
    text: str
    days: int
    action: str


@dataclass(frozen=True)
class ModelView:
    name: str
    fields: list[DataField]


@dataclass(frozen=True)
class ActivityView:
    activity: Activity
    legal_bases: list[str]
    models: list[ModelView]
    retention: list[RuleView]


def rule_view(rule: RetentionRule) -> RuleView:
    days, action = rule_setting(rule)
    return RuleView(
        kind=rule.kind,
        label=str(rule.label),
        text=str(rule.description) % {"days": days},
        days=days,
        action=str(ACTION_LABELS.get(action, action)),
    )


def retention_rule_list() -> list[RuleView]:
    return [rule_view(rule) for rule in declarations().rules.values()]


def processing_record() -> dict:
    """Everything the record of processing activities shows, page and PDF alike."""
    found = declarations()
    activities = []
    for activity in found.activities:
        models = []
        for label in activity.models:
            model = apps.get_model(label)
            models.append(ModelView(name=model_name(model), fields=data_fields(model)))
        activities.append(
            ActivityView(
                activity=activity,
                legal_bases=[str(LEGAL_BASES[code]) for code in activity.legal_bases],
                models=models,
                retention=[rule_view(found.rules[kind]) for kind in activity.retention_rules],
            )
        )
    return {
        "controller": {
            "name": settings.LOTSE_CONTROLLER_NAME,
            "address": settings.LOTSE_CONTROLLER_ADDRESS,
            "contact": settings.LOTSE_CONTROLLER_CONTACT,
            "dpo": settings.LOTSE_CONTROLLER_DPO,
        },
        "activities": activities,
        "as_of": timezone.localdate(),
    }


@dataclass(frozen=True)
class ReportRow:
    label: str
    days: int
    action: str
    due: int
    applied: int | None
    skipped: int | None
    failed: int | None


def retention_report_rows(run: RetentionRun) -> list[ReportRow]:
    """One row per rule of a run: what the dry run found and, once applied, what happened."""
    rules = declarations().rules
    rows = []
    for kind, entry in run.report.items():
        rule = rules.get(kind)
        outcome = run.result.get(kind, {})
        rows.append(
            ReportRow(
                label=str(rule.label) if rule else kind,
                days=entry["days"],
                action=str(ACTION_LABELS.get(entry["action"], entry["action"])),
                due=len(entry["ids"]),
                applied=outcome.get("applied"),
                skipped=outcome.get("skipped"),
                failed=outcome.get("failed"),
            )
        )
    return rows


def _releasable(actor: Actor) -> Q:
    """The runs `actor` may release, as a filter: the query form of the rule
    `compliance.release_retention_run`."""
    if actor is None or not actor.is_authenticated:
        return Q(pk__in=[])
    visible = Q(organisation_id__in=releasing_organisation_ids(actor))
    if releases_platform_runs(actor):
        visible |= Q(organisation__isnull=True)
    return visible


def retention_runs_pending(actor: Actor) -> list[RetentionRun]:
    """The dry runs waiting for release that `actor` may release: the platform run first,
    then by organisation."""
    runs = RetentionRun.objects.filter(
        _releasable(actor), status=RetentionRun.Status.DRY_RUN
    ).select_related("organisation")
    return sorted(runs, key=lambda run: (run.organisation is not None, str(run.organisation)))


def retention_run_released_ids() -> list[uuid.UUID]:
    """Runs to apply: released but not yet applied, and stuck ones (applying, but their worker
    has shown no sign of life for the lease), for `retention_run --apply`."""
    stale = timezone.now() - dt.timedelta(seconds=settings.LOTSE_RETENTION_LEASE_SECONDS)
    return list(
        RetentionRun.objects.filter(
            Q(status=RetentionRun.Status.RELEASED)
            | Q(status=RetentionRun.Status.APPLYING, heartbeat_at__lt=stale)
            | Q(status=RetentionRun.Status.APPLYING, heartbeat_at__isnull=True)
        )
        .order_by("released_at")
        .values_list("pk", flat=True)
    )


def retention_runs_stuck(actor: Actor) -> list[RetentionRun]:
    """The runs `actor` may release that are released or applying but show no sign of life
    for the lease (their worker died, or none runs): they may be resumed."""
    runs = RetentionRun.objects.filter(
        _releasable(actor),
        status__in=[RetentionRun.Status.RELEASED, RetentionRun.Status.APPLYING],
    ).select_related("organisation")
    return [run for run in runs if run.is_stuck()]


def retention_run_list(actor: Actor, *, limit: int = 10) -> QuerySet[RetentionRun]:
    """The latest runs `actor` may release, newest first."""
    return RetentionRun.objects.filter(_releasable(actor)).select_related(
        "organisation", "released_by"
    )[:limit]


def access_retention_run(actor: Actor, run_id: uuid.UUID | str) -> RetentionRun:
    """A run the actor may release. A member of the organisation it is for without the role
    gets 403; anyone else 404, as for a run that does not exist (the platform run belongs to
    no organisation: 404)."""
    try:
        run = RetentionRun.objects.select_related("organisation").get(pk=run_id)
    except (RetentionRun.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("compliance.release_retention_run", run):
        if run.organisation_id is None:
            raise Http404
        refuse_object(actor, organisation_id=run.organisation_id)
    return run


# The public privacy notice (Art. 13/14 DSGVO): the record above in plain German, so the two
# can never disagree. Only the wording for residents lives here.

# One plain sentence per legal basis; a test requires one for every key of LEGAL_BASES.
LEGAL_BASIS_EXPLANATIONS: dict[str, Text] = {
    "art6_1a": _(
        "Sie haben uns erlaubt, die Angaben zu speichern. "
        "Sie können diese Erlaubnis jederzeit zurücknehmen."
    ),
    "art6_1b": _(
        "Wir brauchen die Angaben für eine Vereinbarung mit Ihnen, "
        "zum Beispiel für Ihr Benutzerkonto oder Ihre Mitarbeit."
    ),
    "art6_1c": _("Ein Gesetz verpflichtet uns dazu."),
    "art6_1e": _(
        "Wir erfüllen eine öffentliche Aufgabe. Das ist eine Aufgabe für die Allgemeinheit, "
        "zum Beispiel die Beratung älterer Menschen im Quartier."
    ),
    "art6_1f": _(
        "Wir haben einen wichtigen Grund, zum Beispiel die Sicherheit unserer Seiten. "
        "Dabei achten wir auf Ihre Interessen."
    ),
    "art9_2a": _(
        "Angaben zu Ihrer Gesundheit speichern wir nur, wenn Sie es ausdrücklich erlaubt haben."
    ),
    "art9_2h": _(
        "Das Gesetz erlaubt Angaben zur Gesundheit, wenn sie für Beratung und Versorgung "
        "im Gesundheits- und Sozialbereich nötig sind."
    ),
}

# What happens when a retention period ends, said to the people concerned.
RETENTION_ACTION_TEXTS: dict[str, Text] = {
    "delete": _("Dann löschen wir sie."),
    "anonymise": _(
        "Dann anonymisieren wir sie. Das heißt: Wir löschen alles, woran man die Person erkennt."
    ),
    "redact": _("Dann löschen wir diese Angaben."),
}

# Activities whose data subjects are only staff, volunteers and the contact persons of
# providers: the notice lists them under their own heading. Any other activity, a new one too,
# stands under the heading for residents.
STAFF_ACTIVITY_KEYS = frozenset({"core.memberships", "accounts.invitations", "directory.offers"})

# Most important first (UI_GUIDE § 8): what the public forms and the offices store, then the
# rest. An activity missing here follows these in the order the apps declare it.
RESIDENT_ACTIVITY_ORDER = (
    "desk.inquiries",
    "office.appointments",
    "people.advice",
    "notifications.outbox",
    "core.barrier_reports",
    "accounts.users",
    "core.audit",
)


@dataclass(frozen=True)
class LegalBasisNotice:
    name: str  # "Einwilligung"
    article: str  # "Art. 6 Abs. 1 lit. a DSGVO"
    explanation: str


@dataclass(frozen=True)
class RetentionNotice:
    label: str
    text: str  # "730 Tage nach dem Eingang"
    duration: str  # "Das sind 2 Jahre.", "Das sind etwa 6 Monate." or ""
    action: str


@dataclass(frozen=True)
class ActivityNotice:
    key: str
    name: str
    purpose: str
    data_subjects: list[str]
    data: list[str]
    health_data: list[str]
    encrypted: bool
    legal_bases: list[LegalBasisNotice]
    recipients: list[str]
    retention: list[RetentionNotice]
    retention_note: str

    @property
    def anchor(self) -> str:
        """The id of its heading: "taetigkeit-core-barrier-reports"."""
        return "taetigkeit-" + self.key.replace(".", "-").replace("_", "-")


def _duration(days: int) -> str:
    """A retention period in words people can picture: 730 days are 2 years."""
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return ngettext("Das ist %(count)d Jahr.", "Das sind %(count)d Jahre.", years) % {
            "count": years
        }
    if days >= 60:
        months = round(days / 30)
        return ngettext(
            "Das ist etwa %(count)d Monat.", "Das sind etwa %(count)d Monate.", months
        ) % {"count": months}
    return ""


def _legal_basis_notice(code: str) -> LegalBasisNotice:
    article, _sep, name = str(LEGAL_BASES[code]).partition(": ")
    return LegalBasisNotice(
        name=name or article,
        article=article if name else "",
        explanation=str(LEGAL_BASIS_EXPLANATIONS.get(code, "")),
    )


def _retention_notice(rule: RetentionRule) -> RetentionNotice:
    days, action = rule_setting(rule)
    return RetentionNotice(
        label=str(rule.label),
        text=str(rule.description) % {"days": days},
        duration=_duration(days),
        action=str(RETENTION_ACTION_TEXTS.get(action, ACTION_LABELS.get(action, action))),
    )


def _stored_data(models: list[ModelView]) -> tuple[list[str], list[str], bool]:
    """(data, health data, any encrypted) of an activity's models, by their German names, from
    the fields the record lists.

    Relations are left out: they link to other records (an office, a staff account), which
    are data of their own activity. So are technical columns without a German name."""
    data: list[str] = []
    health: list[str] = []
    encrypted = False
    for model in models:
        for field in model.fields:
            if field.technical or field.relation:
                continue
            target = health if field.health else data
            if field.label not in target:
                target.append(field.label)
            encrypted = encrypted or field.encrypted
    return data, health, encrypted


def _activity_notice(item: ActivityView) -> ActivityNotice:
    activity = item.activity
    rules = declarations().rules
    data, health, encrypted = _stored_data(item.models)
    return ActivityNotice(
        key=activity.key,
        name=str(activity.name),
        purpose=str(activity.purpose),
        data_subjects=[str(s) for s in activity.data_subjects],
        data=data,
        health_data=health,
        encrypted=encrypted,
        legal_bases=[_legal_basis_notice(code) for code in activity.legal_bases],
        recipients=[str(r) for r in activity.recipients],
        retention=[_retention_notice(rules[kind]) for kind in activity.retention_rules],
        retention_note=str(activity.retention_note),
    )


def _resident_order(notice: ActivityNotice) -> int:
    if notice.key in RESIDENT_ACTIVITY_ORDER:
        return RESIDENT_ACTIVITY_ORDER.index(notice.key)
    return len(RESIDENT_ACTIVITY_ORDER)  # sorted() is stable: declaration order among these


@dataclass(frozen=True)
class RightNotice:
    name: str  # "Auskunft (Art. 15 DSGVO)"
    text: str


# The rights of the people whose data we store, in the words of the privacy notice. The Art. 15
# copy repeats them, so the two can never disagree.
RIGHTS: tuple[tuple[Text, Text], ...] = (
    (
        _("Auskunft (Art. 15 DSGVO)"),
        _(
            "Sie können fragen, welche Angaben wir über Sie speichern. "
            "Sie bekommen dann eine Kopie."
        ),
    ),
    (
        _("Berichtigung (Art. 16 DSGVO)"),
        _("Ist eine Angabe falsch? Dann berichtigen wir sie."),
    ),
    (
        _("Löschung (Art. 17 DSGVO)"),
        _(
            "Sie können verlangen, dass wir Ihre Angaben löschen. Manche Angaben müssen wir noch "
            "aufbewahren, weil ein Gesetz es verlangt. Das sagen wir Ihnen dann."
        ),
    ),
    (
        _("Einschränkung (Art. 18 DSGVO)"),
        _(
            "Sie können verlangen, dass wir Ihre Angaben eine Zeit lang nicht nutzen. "
            "Zum Beispiel, solange wir prüfen, ob eine Angabe stimmt."
        ),
    ),
    (
        _("Daten mitnehmen (Art. 20 DSGVO)"),
        _(
            "Angaben, die Sie uns selbst gegeben haben, bekommen Sie auf Wunsch als Datei für "
            "den Computer."
        ),
    ),
    (
        _("Widerspruch (Art. 21 DSGVO)"),
        _(
            "Speichern wir Angaben für eine Aufgabe für die Allgemeinheit oder aus einem "
            "wichtigen Grund? Dann können Sie widersprechen. Wir prüfen dann, ob wir die "
            "Angaben weiter nutzen dürfen."
        ),
    ),
    (
        _("Einwilligung zurücknehmen (Art. 7 Abs. 3 DSGVO)"),
        _(
            "Haben Sie uns etwas erlaubt? Dann können Sie diese Erlaubnis jederzeit "
            "zurücknehmen. Was wir bis dahin getan haben, bleibt erlaubt."
        ),
    ),
    (
        _("Beschwerde (Art. 77 DSGVO)"),
        _(
            "Sie können sich bei der Aufsichtsbehörde für Datenschutz beschweren. "
            "Die Anschrift steht weiter unten."
        ),
    ),
)

SUPERVISORY_AUTHORITY_TEXT: Text = _(
    "Sie finden, dass wir mit Ihren Daten nicht richtig umgehen? Dann können Sie sich bei der "
    "Aufsichtsbehörde beschweren. Das ist die Behörde, die den Datenschutz überwacht. "
    "Die Beschwerde kostet nichts."
)


def rights_notice() -> list[RightNotice]:
    return [RightNotice(name=str(name), text=str(text)) for name, text in RIGHTS]


def activity_notices_by_model() -> dict[str, list[ActivityNotice]]:
    """The notice's activities for each model they declare ("people.Consent": [...]): what the
    Art. 15 copy says about the purpose and retention of a kind of record."""
    record = processing_record()
    found: dict[str, list[ActivityNotice]] = {}
    for item in record["activities"]:
        notice = _activity_notice(item)
        for label in item.activity.models:
            found.setdefault(label, []).append(notice)
    return found


def privacy_notice() -> dict:
    """The public privacy notice: controller, every declared activity (the same as the record,
    in plain words), the rights of the people concerned, the supervisory authority."""
    record = processing_record()
    notices = [_activity_notice(item) for item in record["activities"]]
    return {
        "controller": record["controller"],
        "as_of": record["as_of"],
        "rights": rights_notice(),
        "supervisory_authority": settings.LOTSE_SUPERVISORY_AUTHORITY,
        "supervisory_authority_text": str(SUPERVISORY_AUTHORITY_TEXT),
        "resident_activities": sorted(
            (n for n in notices if n.key not in STAFF_ACTIVITY_KEYS), key=_resident_order
        ),
        "staff_activities": [n for n in notices if n.key in STAFF_ACTIVITY_KEYS],
        # The search map's tiles come from another host, which sees the visitor's IP address.
        "map_tiles_provider": settings.LOTSE_MAP_TILES_PROVIDER,
        "map_tiles_host": urlsplit(settings.LOTSE_MAP_TILES_URL).hostname or "",
    }
