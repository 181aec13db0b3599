"""Staff pages for a person's rights: the Art. 15 export and the Art. 17 erasure. Every page
fetches the person through `access_person`, so each visit is recorded with its purpose."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotse.compliance.erasure import ERASURE_PURPOSE, erasure_plan, person_anonymise
from lotse.compliance.forms import ErasureForm
from lotse.compliance.selectors_rights import subject_access_collect
from lotse.compliance.services import EXPORT_PURPOSE, subject_access_export
from lotse.core.middleware import ActorRequest
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.people.selectors import access_person


def _filename(person, extension: str) -> str:
    return f"auskunft-{person.id}.{extension}"


@personal_data_view
@require_GET
def subject_access(request: ActorRequest, person_id) -> HttpResponse:
    person = access_person(request.actor, person_id, purpose=EXPORT_PURPOSE)
    data = subject_access_collect(actor=request.actor, person=person)
    return render(request, "compliance/subject_access.html", {"person": person, "data": data})


@personal_data_view
@require_GET
def subject_access_json(request: ActorRequest, person_id) -> HttpResponse:
    person = access_person(request.actor, person_id, purpose=EXPORT_PURPOSE)
    data = subject_access_export(actor=request.actor, person=person, file_format="json")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(person, "json")}"'
    response["Cache-Control"] = "no-store"
    return response


@personal_data_view
@require_GET
def subject_access_pdf(request: ActorRequest, person_id) -> HttpResponse:
    person = access_person(request.actor, person_id, purpose=EXPORT_PURPOSE)
    data = subject_access_export(actor=request.actor, person=person, file_format="pdf")
    return pdf_response(
        "compliance/subject_access_pdf.html",
        {"data": data},
        request=request,
        filename=_filename(person, "pdf"),
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def person_erase(request: ActorRequest, person_id) -> HttpResponse:
    # The permission is checked before the read is recorded: a refused attempt is no access.
    person = access_person(
        request.actor, person_id, purpose=ERASURE_PURPOSE, perm="compliance.anonymise_person"
    )
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and person.anonymised_at is not None:
        messages.info(request, _("Diese Person ist schon anonymisiert."))
        return redirect("people:person_detail", person_id=person.id)
    if request.method == "POST" and form.is_valid():
        try:
            result = person_anonymise(
                actor=request.actor, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if result.already_anonymised:
                messages.info(request, _("Diese Person ist schon anonymisiert."))
            else:
                done = _(
                    "Die Angaben sind gelöscht. Für die Statistik bleibt ein Eintrag ohne Namen."
                )
                messages.success(request, done)
            return redirect("people:person_detail", person_id=person.id)
    context = {"person": person, "form": form, "plan": erasure_plan(person=person)}
    return render(request, "compliance/person_erase.html", context)
