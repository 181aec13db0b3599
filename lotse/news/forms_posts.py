"""Forms of the part "Aktuelles": the staff's form for a news item. Dates are typed as people
write them (lotse.core.dates); a news item appears from the start of its day (today: at once)
and stays until the end of its last day."""

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.dates import GermanDateField
from lotse.core.models import Area, Organisation
from lotse.news.models import NewsPost


def _length(limit: int) -> dict[str, Any]:
    return {"max_length": _("Der Text darf höchstens %(limit_value)d Zeichen haben")}


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class NewsPostForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Von welcher Organisation?"),
        choices=[],
        error_messages={
            "required": _("Wählen Sie die Organisation"),
            "invalid_choice": _("Wählen Sie eine Organisation aus der Liste"),
        },
    )
    area = AreaChoiceField(
        label=_("Für welches Gebiet?"),
        queryset=Area.objects.none(),
        empty_label=_("Bitte wählen"),
        help_text=_("Ein Quartier, eine Kommune oder der ganze Kreis."),
        error_messages={
            "required": _("Wählen Sie, für welches Gebiet die Nachricht ist"),
            "invalid_choice": _("Wählen Sie ein Gebiet aus der Liste"),
        },
    )
    title = forms.CharField(
        label=_("Überschrift"),
        max_length=200,
        help_text=_("Kurz und klar, zum Beispiel: Neue Sprechzeiten im Quartiersbüro."),
        error_messages={"required": _("Geben Sie eine Überschrift ein"), **_length(200)},
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Geben Sie den Text der Nachricht ein"), **_length(5000)},
    )
    easy_text = forms.CharField(
        label=_("Text in Leichter Sprache"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Kurze Sätze, jeder Satz in einer eigenen Zeile."),
        error_messages=_length(5000),
    )
    picture = forms.FileField(
        label=_("Bild"),
        required=False,
        help_text=_("Ein Foto (JPEG, PNG oder WebP), höchstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    picture_alt = forms.CharField(
        label=_("Was ist auf dem Bild zu sehen?"),
        help_text=_("Nötig, wenn Sie ein Bild hochladen: für Menschen, die es nicht sehen können."),
        required=False,
        max_length=300,
        error_messages=_length(300),
    )
    remove_picture = forms.BooleanField(label=_("Bild entfernen"), required=False)
    publish_on = GermanDateField(
        label=_("Zu sehen ab"),
        required=False,
        help_text=_("Leer lassen: sofort. Zum Beispiel: 4.3.2027"),
    )
    expires_on = GermanDateField(
        label=_("Zu sehen bis einschließlich"),
        required=False,
        help_text=_("Leer lassen: bis Sie die Nachricht zurückziehen. Zum Beispiel: 30.4.2027"),
    )

    def __init__(
        self,
        *args,
        organisations: list[Organisation],
        areas: QuerySet[Area],
        post: NewsPost | None = None,
        **kwargs,
    ) -> None:
        if post is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "organisation": str(post.organisation_id),
                "area": post.area_id,
                "title": post.title,
                "body": post.body,
                "easy_text": post.easy_text,
                "picture_alt": post.picture_alt,
                "publish_on": timezone.localtime(post.publish_at).date(),
                "expires_on": (
                    timezone.localtime(post.expires_at - dt.timedelta(seconds=1)).date()
                    if post.expires_at
                    else None
                ),
            }
        super().__init__(*args, **kwargs)
        self.post = post
        self.organisations = {str(o.pk): o for o in organisations}
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ChoiceField)
        organisation.choices = [(key, o.name) for key, o in self.organisations.items()]
        if post is not None or len(organisations) == 1:
            # Nothing to choose: the news item stays with its organisation.
            del self.fields["organisation"]
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = areas
        if post is None or not post.picture_id:
            del self.fields["remove_picture"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("publish_on"), data.get("expires_on")
        if end and end < (start or timezone.localdate()):
            self.add_error("expires_on", _("„Zu sehen bis“ darf nicht vor „Zu sehen ab“ liegen"))
        if data.get("picture") and not (data.get("picture_alt") or "").strip():
            self.add_error("picture_alt", _("Beschreiben Sie, was auf dem Bild zu sehen ist"))
        return data

    def chosen_organisation(self) -> Organisation:
        if self.post is not None:
            return self.post.organisation
        if "organisation" in self.fields:
            return self.organisations[self.cleaned_data["organisation"]]
        return next(iter(self.organisations.values()))

    def post_data(self, *, now: dt.datetime | None = None) -> dict[str, Any]:
        """The fields as the services take them: the days as moments in local time."""
        now = now or timezone.now()
        data = self.cleaned_data
        start: dt.date | None = data.get("publish_on")
        if self.post is not None and start == timezone.localtime(self.post.publish_at).date():
            publish_at = self.post.publish_at  # the day is unchanged: keep the moment
        elif start is None or start <= timezone.localdate(now):
            publish_at = now.replace(microsecond=0)
        else:
            publish_at = timezone.make_aware(dt.datetime.combine(start, dt.time(0)))
        end: dt.date | None = data.get("expires_on")
        expires_at = (
            timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0)))
            if end
            else None
        )
        return {
            "area": data["area"],
            "title": data["title"],
            "body": data["body"],
            "easy_text": data.get("easy_text", ""),
            "picture_alt": data.get("picture_alt", ""),
            "remove_picture": data.get("remove_picture", False),
            "publish_at": publish_at,
            "expires_at": expires_at,
        }

    def uploaded_picture(self) -> UploadedFile | None:
        return self.cleaned_data.get("picture") or None
