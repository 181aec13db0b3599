"""The Kümmerer's caseload ("Meine Begleitungen")."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lotse.cases import selectors
from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view


@personal_data_view
@require_GET
def caseload(request: ActorRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_own_caseload"):
        raise PermissionDenied
    case_files = selectors.case_file_list(actor=request.actor).exclude(stage="closed")
    return render(request, "cases/caseload.html", {"case_files": case_files})
