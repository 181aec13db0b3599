"""The staff upload page for imports: first a check (dry run) that shows the report, then
"Import ausführen". Between the two steps the file waits in the database (interop/staging.py),
so any app server can take the second step; the session knows its token, the form only a check
value, so a second tab with another file cannot make the first tab import it."""

import hashlib
from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lotse.core.middleware import ActorRequest
from lotse.core.models import Area
from lotse.directory.interop.importer import directory_import, import_region_list
from lotse.directory.interop.review import access_placeholder_review, placeholder_review_done
from lotse.directory.interop.staging import upload_discard, upload_file, upload_stage

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SUFFIXES = (".json", ".zip", ".csv")
STAGED = "directory_import"
DONE = "directory_import_done"


class ImportForm(forms.Form):
    datei = forms.FileField(
        label=gettext_lazy("Datei (JSON, ZIP oder CSV, höchstens 50 MB)"),
        widget=forms.FileInput(attrs={"accept": ",".join(SUFFIXES)}),
        error_messages={
            "required": gettext_lazy("Wählen Sie eine Datei aus."),
            "empty": gettext_lazy("Die Datei ist leer."),
        },
    )
    region = forms.ChoiceField(label=gettext_lazy("In welche Region?"), widget=forms.RadioSelect)

    def __init__(self, *args, regions: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.regions = {str(r.id): r for r in regions}
        if len(regions) == 1:
            del self.fields["region"]
        else:
            field = self.fields["region"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(str(r.id), r.name) for r in regions]

    def clean_datei(self):
        upload = self.cleaned_data["datei"]
        suffix = PurePosixPath(upload.name).suffix.lower()
        if suffix not in SUFFIXES:
            raise ValidationError(_("Die Datei muss eine JSON-, ZIP- oder CSV-Datei sein."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _(
                    "Die Datei ist größer als 50 MB. Teilen Sie sie bitte auf, oder lassen Sie "
                    "sie über die Kommandozeile importieren."
                )
            )
        if upload.size == 0:
            raise ValidationError(_("Die Datei ist leer."))
        return upload

    def chosen_region(self) -> Area:
        if "region" not in self.fields:
            return next(iter(self.regions.values()))
        return self.regions[self.cleaned_data["region"]]


def _check(token: str) -> str:
    """What the confirmation form carries instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def _discard(request: ActorRequest) -> None:
    staged = request.session.pop(STAGED, None)
    if staged:
        upload_discard(token=staged["token"])


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request: ActorRequest) -> HttpResponse:
    assert request.actor is not None  # login_required
    regions = import_region_list(actor=request.actor)
    if not regions:
        raise PermissionDenied
    step = request.POST.get("schritt")
    if request.method == "POST" and step == "ausfuehren":
        return _run(request, regions)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        regions=regions,
    )
    context: dict = {"form": form, "report": None, "done": request.session.pop(DONE, None)}
    if request.method == "POST" and form.is_valid():
        _discard(request)
        upload = form.cleaned_data["datei"]
        suffix = PurePosixPath(upload.name).suffix.lower()
        token = upload_stage(upload=upload, suffix=suffix)
        region = form.chosen_region()
        try:
            with upload_file(token=token) as path:
                assert path is not None
                report = directory_import(
                    actor=request.actor,
                    source=path,
                    region=region,
                    dry_run=True,
                    file_name=upload.name,
                )
        except ValidationError as exc:
            upload_discard(token=token)
            form.add_error(None, exc)
        else:
            request.session[STAGED] = {
                "token": token,
                "name": upload.name,
                "region": str(region.id),
            }
            context |= {"report": report.as_dict(), "check": _check(token)}
    return render(request, "directory/staff_import.html", context)


def _run(request: ActorRequest, regions: list[Area]) -> HttpResponse:
    staged = request.session.pop(STAGED, None)
    # Saved at once: a second click while this import runs finds nothing to import.
    request.session.save()
    region = next((r for r in regions if staged and str(r.id) == staged["region"]), None)
    nothing = _("Es liegt keine geprüfte Datei vor. Bitte laden Sie die Datei hoch.")
    if not staged or region is None or request.POST.get("pruefung") != _check(staged["token"]):
        if staged:
            upload_discard(token=staged["token"])
        messages.error(request, nothing)
        return redirect("directory:staff_import")
    try:
        with upload_file(token=staged["token"]) as path:
            if path is None:
                messages.error(request, nothing)
                return redirect("directory:staff_import")
            report = directory_import(
                actor=request.actor,
                source=path,
                region=region,
                dry_run=False,
                file_name=staged["name"],
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("directory:staff_import")
    finally:
        upload_discard(token=staged["token"])
    request.session[DONE] = report.as_dict()
    messages.success(request, _("Der Import ist gespeichert."))
    return redirect("directory:staff_import")


@login_required
@require_http_methods(["POST"])
def staff_placeholder_reviewed(request: ActorRequest, review_id) -> HttpResponse:
    """Confirms a placeholder organisation of an import (see interop/review.py)."""
    assert request.actor is not None  # login_required
    review = access_placeholder_review(request.actor, review_id)
    name = review.organisation.name
    placeholder_review_done(actor=request.actor, review=review)
    messages.success(request, _("„%(name)s“ ist als geprüft vermerkt.") % {"name": name})
    return redirect("directory:staff_offers")
