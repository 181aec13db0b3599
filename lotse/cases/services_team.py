"""Changes of the team part: handing a case to a colleague, the case's team, and covers
(Vertretung) during an absence. One function per change, used by the pages and the API."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.cases.models import CaseEvent, CaseFile, Cover
from lotse.cases.selectors import PURPOSE
from lotse.cases.selectors_team import cover_overlaps, may_cover_anyone
from lotse.cases.services import CaseConflict, case_event_add, check_case_worker
from lotse.core.audit import audit_record
from lotse.core.models import Organisation
from lotse.core.permissions import Actor, require
from lotse.core.text_input import has_forbidden
from lotse.desk.services import outbox

# The longest handover note: a page of text.
NOTE_LONGEST = 4000
# The longest cover: a year (a longer absence is a handover, not a cover).
COVER_DAYS_LONGEST = 366


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Schreiben Sie eine Übergabe-Notiz.")})
    if has_forbidden(note):
        raise ValidationError({"note": _("Der Text enthält ein unerlaubtes Zeichen.")})
    if len(note) > NOTE_LONGEST:
        raise ValidationError(
            {"note": _("Die Notiz darf höchstens %(n)d Zeichen haben.") % {"n": NOTE_LONGEST}}
        )
    return note


def _locked(case_file: CaseFile) -> CaseFile:
    """The case row, locked until the end of the transaction: two handovers of the same case
    at once run one after the other, and the second sees the first."""
    return CaseFile.objects.select_for_update().get(pk=case_file.pk)


@transaction.atomic
def case_hand_over(
    *,
    actor: Actor,
    case_file: CaseFile,
    to_user: User | None,
    note: str,
    keep_on_team: bool = False,
) -> CaseFile:
    """Hands the case to a colleague (a Kümmerer of the same organisation) with a handover note
    (encrypted in the case's events). The previous responsible leaves the case unless
    `keep_on_team`. The new responsible hears of it by e-mail: the case number and a link, no
    personal data. Refused for a closed case, and when the case was handed over meanwhile
    (`case_file` is what the actor saw)."""
    require(actor, "cases.hand_over_casefile", case_file)
    assert actor is not None
    note = _note(note)
    check_case_worker(to_user, case_file.organisation_id)
    assert to_user is not None
    locked = _locked(case_file)
    if locked.responsible_id != case_file.responsible_id:
        raise CaseConflict(
            _("Die Begleitung wurde inzwischen übergeben. Bitte laden Sie die Seite neu.")
        )
    require(actor, "cases.hand_over_casefile", locked)
    if locked.is_closed:
        raise CaseConflict(_("Eine abgeschlossene Begleitung kann nicht übergeben werden."))
    if to_user.pk == locked.responsible_id:
        raise ValidationError(
            {"to_user": _("Diese Person ist schon verantwortlich. Wählen Sie jemand anderen.")}
        )
    previous = locked.responsible
    locked.responsible = to_user
    locked.full_clean(exclude=["number"], validate_unique=False, validate_constraints=False)
    locked.save(update_fields=["responsible", "updated_at"])
    locked.team.remove(to_user)
    if keep_on_team:
        locked.team.add(previous)
    else:
        locked.team.remove(previous)
    case_event_add(
        case_file=locked,
        kind=CaseEvent.Kind.HANDED_OVER,
        actor=actor,
        note=note,
        from_user=previous,
        to_user=to_user,
    )
    audit_record(actor=actor, verb="casefile.handed_over", target=locked, purpose=PURPOSE)
    _notify_new_responsible(locked, user=to_user, actor=actor)
    # The caller's object shows the new state (and its cached team is read again).
    case_file.responsible = to_user
    case_file.updated_at = locked.updated_at
    setattr(case_file, "_lotse_team_ids", None)  # noqa: B010 (the rules' cache)
    return case_file


def _notify_new_responsible(case_file: CaseFile, *, user: User, actor: User) -> None:
    """An e-mail to the colleague who now has the case (not when they took it themselves):
    the case's number and an absolute link, never the person's name or the note."""
    if actor.pk == user.pk or not user.email:
        return
    # The outbox is a table: the message is written with the handover, or not at all.
    outbox.enqueue(
        template="cases/handed_over",
        context={
            "organisation": case_file.organisation.name,
            "number": case_file.number,
            "by": str(actor),
            "link": outbox.page_link("cases:handover", case_file.pk),
        },
        email=user.email,
        channel="email",
    )


@transaction.atomic
def case_team_set(*, actor: Actor, case_file: CaseFile, members: Iterable[User]) -> CaseFile:
    """Sets the colleagues on the case's team (Kümmerer of the organisation; the responsible
    is always on the case and not listed). Records who joined and who left."""
    require(actor, "cases.hand_over_casefile", case_file)
    locked = _locked(case_file)
    if locked.is_closed:
        raise CaseConflict(_("Das Team einer abgeschlossenen Begleitung bleibt, wie es war."))
    wanted = {user.pk: user for user in members if user.pk != locked.responsible_id}
    for member in wanted.values():
        check_case_worker(member, locked.organisation_id)
    current = set(locked.team.values_list("pk", flat=True))
    joined = [user for pk, user in wanted.items() if pk not in current]
    left = current - set(wanted)
    if not joined and not left:
        return case_file
    locked.team.set(list(wanted.values()))
    left_names = [str(user) for user in User.objects.filter(pk__in=left)]
    lines = []
    if joined:
        lines.append(_("Neu im Team: %(names)s") % {"names": ", ".join(map(str, joined))})
    if left_names:
        lines.append(_("Nicht mehr im Team: %(names)s") % {"names": ", ".join(left_names)})
    case_event_add(case_file=locked, kind=CaseEvent.Kind.TEAM, actor=actor, note="\n".join(lines))
    audit_record(actor=actor, verb="casefile.team_changed", target=locked, purpose=PURPOSE)
    setattr(case_file, "_lotse_team_ids", None)  # noqa: B010 (the rules' cache)
    return case_file


def _cover_dates(starts_on: dt.date | None, ends_on: dt.date | None, today: dt.date) -> None:
    if starts_on is None:
        raise ValidationError({"starts_on": _("Geben Sie an, ab wann.")})
    if ends_on is None:
        raise ValidationError({"ends_on": _("Geben Sie an, bis wann.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Das Ende liegt vor dem Beginn.")})
    if ends_on < today:
        raise ValidationError({"ends_on": _("Das Ende liegt in der Vergangenheit.")})
    if (ends_on - starts_on).days >= COVER_DAYS_LONGEST:
        raise ValidationError(
            {"ends_on": _("Eine Vertretung dauert höchstens ein Jahr. Übergeben Sie sonst.")}
        )
    if (starts_on - today).days > COVER_DAYS_LONGEST:
        raise ValidationError({"starts_on": _("Der Beginn liegt mehr als ein Jahr voraus.")})


@transaction.atomic
def cover_add(
    *,
    actor: Actor,
    organisation: Organisation,
    absent: User | None,
    covering: User | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
) -> Cover:
    """Enters a cover: while `absent` is away, `covering` sees and works on their cases. A
    Kümmerer enters their own absence, a team leader anyone's in the organisation."""
    require(actor, "cases.manage_cover", organisation)
    assert actor is not None
    if absent is not None and absent.pk != actor.pk and not may_cover_anyone(actor, organisation):
        raise PermissionDenied(_("Sie können nur Ihre eigene Abwesenheit eintragen."))
    try:
        check_case_worker(absent, organisation.pk)
    except ValidationError as exc:
        raise ValidationError({"absent": exc.messages}) from exc
    try:
        check_case_worker(covering, organisation.pk)
    except ValidationError as exc:
        raise ValidationError({"covering": exc.messages}) from exc
    assert absent is not None and covering is not None
    if absent.pk == covering.pk:
        raise ValidationError({"covering": _("Niemand kann sich selbst vertreten.")})
    _cover_dates(starts_on, ends_on, timezone.localdate())
    assert starts_on is not None and ends_on is not None
    if cover_overlaps(
        absent=absent, starts_on=starts_on, ends_on=ends_on, organisation=organisation
    ):
        raise ValidationError(_("Für diese Zeit ist schon eine Vertretung eingetragen."))
    cover = Cover(
        organisation=organisation,
        region_id=organisation.region_id,
        absent=absent,
        covering=covering,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    cover.full_clean()
    cover.save(force_insert=True)
    audit_record(actor=actor, verb="cover.added", target=cover, purpose=PURPOSE)
    return cover


@transaction.atomic
def cover_end(*, actor: Actor, cover: Cover) -> Cover | None:
    """Ends a cover (the colleague is back): one running since before today ends yesterday;
    one that has not begun, or began today, is removed. None when removed."""
    require(actor, "cases.manage_cover", cover.organisation)
    assert actor is not None
    if not may_cover_anyone(actor, cover.organisation) and actor.pk not in (
        cover.absent_id,
        cover.covering_id,
    ):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    today = timezone.localdate()
    try:
        locked = Cover.objects.select_for_update().get(pk=cover.pk)
    except Cover.DoesNotExist as exc:
        raise CaseConflict(_("Diese Vertretung gibt es nicht mehr.")) from exc
    if locked.ends_on < today:
        raise CaseConflict(_("Diese Vertretung ist schon beendet."))
    if locked.starts_on >= today:
        audit_record(actor=actor, verb="cover.removed", target=locked, purpose=PURPOSE)
        locked.delete()
        return None
    locked.ends_on = today - dt.timedelta(days=1)
    locked.save(update_fields=["ends_on"])
    audit_record(actor=actor, verb="cover.ended", target=locked, purpose=PURPOSE)
    cover.ends_on = locked.ends_on
    return cover
