"""Noting an unmet need from the inquiry page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.desk import selectors
from lotse.desk.forms.unmet_needs import UnmetNeedForm
from lotse.desk.services import unmet_needs as services
from lotse.desk.services.inquiries import PURPOSE
from lotse.desk.views.inquiries import inquiry_page
from lotse.directory.selectors import topic_list


@personal_data_view
@require_POST
def unmet_need_new(request: ActorRequest, inquiry_id) -> HttpResponse:
    """No suitable offer: the office notes what is missing (without personal data)."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = UnmetNeedForm(request.POST, topics=topic_list())
    if form.is_valid():
        try:
            services.unmet_need_record(
                actor=request.actor,
                organisation=inquiry.organisation,
                topic=form.cleaned_data["topic"],
                note=form.cleaned_data["note"],
                inquiry=inquiry,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Das fehlende Angebot ist vermerkt. Danke!"))
            return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return inquiry_page(request, inquiry, unmet_form=form)
