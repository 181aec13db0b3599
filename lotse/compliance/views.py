"""The record of processing activities (page and PDF), the public privacy notice and the
retention runs."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lotse.compliance import selectors, services
from lotse.core.middleware import ActorRequest
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view, require


# The record holds no personal data, so no second factor is needed to read it.
@login_required
def processing_record(request: ActorRequest) -> HttpResponse:
    require(request.actor, "compliance.view_processing_record")
    return render(request, "compliance/processing_record.html", selectors.processing_record())


# Public: everyone whose data we store may read it (Art. 13/14 DSGVO), with or without an account.
@require_safe
def privacy_notice(request: ActorRequest) -> HttpResponse:
    return render(request, "compliance/privacy_notice.html", selectors.privacy_notice())


@login_required
def processing_record_pdf(request: ActorRequest) -> HttpResponse:
    require(request.actor, "compliance.view_processing_record")
    context = selectors.processing_record()
    return pdf_response(
        "compliance/processing_record_pdf.html",
        context,
        request=request,
        filename=f"verarbeitungsverzeichnis-{context['as_of']:%Y-%m-%d}.pdf",
    )


# Retention deletes personal data: behind the second factor like personal data itself.
@personal_data_view
def retention(request: ActorRequest) -> HttpResponse:
    require(request.actor, "compliance.view_retention")
    pending = selectors.retention_runs_pending(request.actor)
    context = {
        "pending": [(run, selectors.retention_report_rows(run)) for run in pending],
        "runs": selectors.retention_run_list(request.actor),
        "stuck": selectors.retention_runs_stuck(request.actor),
        "rules": selectors.retention_rule_list(),
    }
    return render(request, "compliance/retention.html", context)


@personal_data_view
@require_POST
def retention_dry_run_view(request: ActorRequest) -> HttpResponse:
    require(request.actor, "compliance.add_retention_run")
    services.retention_dry_run(actor=request.actor)
    messages.success(request, _("Der Probelauf ist fertig. Es wurde nichts geändert."))
    return redirect("compliance:retention")


@personal_data_view
@require_POST
def retention_release(request: ActorRequest, retention_run_id: uuid.UUID) -> HttpResponse:
    run = selectors.access_retention_run(request.actor, retention_run_id)
    try:
        services.retention_run_release(actor=request.actor, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Der Probelauf ist freigegeben. Die Daten werden in den nächsten Minuten "
                "gelöscht oder anonymisiert; das Ergebnis steht dann hier."
            ),
        )
    return redirect("compliance:retention")


@personal_data_view
@require_POST
def retention_resume(request: ActorRequest, retention_run_id: uuid.UUID) -> HttpResponse:
    run = selectors.access_retention_run(request.actor, retention_run_id)
    try:
        services.retention_run_resume(actor=request.actor, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Der Lauf wird in den nächsten Minuten fortgesetzt. Bereits bearbeitete "
                "Datensätze werden nicht noch einmal bearbeitet."
            ),
        )
    return redirect("compliance:retention")
