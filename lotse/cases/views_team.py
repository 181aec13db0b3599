"""Pages of the team part: the Kümmerer's caseload ("Meine Begleitungen"), the team leader's
view per Kümmerer and site, a case's team and handover, and the covers."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.cases import selectors_team
from lotse.cases.forms_team import CaseloadFilterForm, CoverForm, HandoverForm, TeamForm
from lotse.cases.models import CaseFile
from lotse.cases.selectors import access_case_file, case_team_ids
from lotse.cases.services_team import case_hand_over, case_team_set, cover_add, cover_end
from lotse.cases.views_common import case_context
from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.models import Organisation
from lotse.core.permissions import personal_data_view

PAGE_SIZE = 50
HAND_OVER = "cases.hand_over_casefile"


@personal_data_view
@require_GET
def caseload(request: ActorRequest) -> HttpResponse:
    """ "Meine Begleitungen": what needs attention first, 50 per page."""
    if not request.user.has_perm("cases.view_own_caseload"):
        raise PermissionDenied
    today = timezone.localdate()
    sites = list(selectors_team.caseload_sites(actor=request.actor))
    form = CaseloadFilterForm(request.GET or None, sites=sites)
    filters = form.filters()
    paginator = Paginator(
        selectors_team.caseload(actor=request.actor, today=today, **filters), PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "cases/caseload.html",
        {
            "form": form,
            "page": page,
            "case_files": selectors_team.rows_with_reasons(page.object_list),
            "filtered": any(filters.values()),
            "query": query.urlencode(),
            "today": today,
            "may_lead": bool(selectors_team.team_organisations(actor=request.actor)),
        },
    )


def _led_organisation(request: ActorRequest) -> tuple[Organisation, list[Organisation]]:
    organisations = selectors_team.team_organisations(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    wanted = request.GET.get("traeger", "")
    chosen = next((o for o in organisations if str(o.pk) == wanted), organisations[0])
    return chosen, organisations


@personal_data_view
@require_GET
def team_caseload(request: ActorRequest) -> HttpResponse:
    """ "Begleitungen im Team": per Kümmerer and site; `?kuemmerer=<id>` lists one Kümmerer's
    cases with a handover link each."""
    organisation, organisations = _led_organisation(request)
    today = timezone.localdate()
    counts = selectors_team.team_caseload(
        actor=request.actor, organisation=organisation, today=today
    )
    member = None
    page = None
    wanted = request.GET.get("kuemmerer", "")
    if wanted:
        by_id = {str(row.public_id): row for row in counts["people"]}
        if wanted not in by_id:
            raise Http404
        member = by_id[wanted]
        cases = selectors_team.team_member_cases(
            actor=request.actor,
            organisation=organisation,
            member_id=member.key,
            today=today,
        )
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("seite"))
        selectors_team.rows_with_reasons(page.object_list)
    return render(
        request,
        "cases/team_caseload.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "people": counts["people"],
            "sites": counts["sites"],
            "stages": selectors_team.OPEN_STAGE_LABELS,
            "member": member,
            "page": page,
            "today": today,
        },
    )


def _handover_page(
    request: ActorRequest,
    case_file: CaseFile,
    *,
    handover_form: HandoverForm | None = None,
    team_form: TeamForm | None = None,
    status: int = 200,
) -> HttpResponse:
    colleagues = selectors_team.case_workers(organisation=case_file.organisation)
    may_change = request.actor is not None and request.actor.has_perm(HAND_OVER, case_file)
    others = [user for user in colleagues if user.pk != case_file.responsible_id]
    team = [user for user in colleagues if user.pk in case_team_ids(case_file=case_file)]
    if may_change and handover_form is None:
        handover_form = HandoverForm(colleagues=others, responsible=case_file.responsible)
    if may_change and team_form is None:
        team_form = TeamForm(
            colleagues=others, initial={"members": [str(user.public_id) for user in team]}
        )
    context = case_context(
        case_file,
        section="handover",
        handover_form=handover_form,
        team_form=team_form,
        team=team,
        may_change=may_change,
        events=selectors_team.handover_events(case_file=case_file),
    )
    return render(request, "cases/handover.html", context, status=status)


@personal_data_view
@require_http_methods(["GET", "POST"])
def handover(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    """ "Team und Übergabe": who is on the case; hand it to a colleague with a note."""
    if request.method == "GET":
        case_file = access_case_file(request.actor, case_id, purpose=_("Team und Übergabe"))
        return _handover_page(request, case_file)
    case_file = access_case_file(request.actor, case_id, purpose=_("Übergabe"), perm=HAND_OVER)
    colleagues = [
        user
        for user in selectors_team.case_workers(organisation=case_file.organisation)
        if user.pk != case_file.responsible_id
    ]
    form = HandoverForm(request.POST, colleagues=colleagues, responsible=case_file.responsible)
    if form.is_valid():
        to_user = form.chosen()
        try:
            case_hand_over(
                actor=request.actor,
                case_file=case_file,
                to_user=to_user,
                note=form.cleaned_data["note"],
                keep_on_team=form.cleaned_data["keep_on_team"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Die Begleitung ist an %(name)s übergeben.") % {"name": str(to_user)},
            )
            if request.user.has_perm("cases.view_casefile", case_file):
                return redirect("cases:handover", case_id=case_file.pk)
            return redirect("cases:caseload")
    return _handover_page(request, case_file, handover_form=form)


@personal_data_view
@require_POST
def team_edit(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    """Sets the case's team (the form on the handover page)."""
    case_file = access_case_file(request.actor, case_id, purpose=_("Team"), perm=HAND_OVER)
    colleagues = [
        user
        for user in selectors_team.case_workers(organisation=case_file.organisation)
        if user.pk != case_file.responsible_id
    ]
    form = TeamForm(request.POST, colleagues=colleagues)
    if form.is_valid():
        try:
            case_team_set(actor=request.actor, case_file=case_file, members=form.chosen())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Das Team ist gespeichert."))
            return redirect("cases:handover", case_id=case_file.pk)
    return _handover_page(request, case_file, team_form=form)


# --- covers -----------------------------------------------------------------------------


def _cover_organisations(request: ActorRequest) -> list[Organisation]:
    organisations = selectors_team.cover_organisations(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    return organisations


@personal_data_view
@require_GET
def cover_list(request: ActorRequest) -> HttpResponse:
    """ "Vertretungen": the covers running now and later."""
    _cover_organisations(request)
    today = timezone.localdate()
    return render(
        request,
        "cases/cover_list.html",
        {
            "covers": selectors_team.cover_list(actor=request.actor, today=today),
            "today": today,
        },
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def cover_new(request: ActorRequest) -> HttpResponse:
    """Enter a cover: a Kümmerer their own absence, a team leader anyone's."""
    organisation = _cover_organisations(request)[0]
    colleagues = selectors_team.case_workers(organisation=organisation)
    if selectors_team.may_cover_anyone(request.actor, organisation):
        absent_choices = colleagues
    else:
        absent_choices = [user for user in colleagues if user.pk == request.user.pk]
    form = CoverForm(
        request.POST if request.method == "POST" else None,
        colleagues=colleagues,
        absent_choices=absent_choices,
    )
    if request.method == "POST" and form.is_valid():
        try:
            cover_add(
                actor=request.actor,
                organisation=organisation,
                absent=form.absent_user(),
                covering=form.covering_user(),
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Vertretung ist eingetragen."))
            return redirect("cases:cover_list")
    return render(request, "cases/cover_new.html", {"form": form, "organisation": organisation})


@personal_data_view
@require_POST
def cover_end_view(request: ActorRequest, cover_id: uuid.UUID) -> HttpResponse:
    """Ends a cover (the colleague is back)."""
    cover = selectors_team.access_cover(request.actor, cover_id)
    try:
        cover_end(actor=request.actor, cover=cover)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Die Vertretung ist beendet."))
    return redirect("cases:cover_list")
