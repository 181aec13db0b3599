import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.office.labels import slot_label
from lotse.people.models import ContactChannel


def parse_start(value: str | None) -> dt.datetime | None:
    """A slot start from a form or link (ISO 8601 with offset); None if it is not one."""
    try:
        start = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return start if timezone.is_aware(start) else None


def parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


class SlotField(forms.ChoiceField):
    """Slots as radios; the value is the start in ISO 8601."""

    def __init__(self, *, slots: list[dt.datetime], **kwargs) -> None:
        choices = [(start.isoformat(), slot_label(start)) for start in slots]
        super().__init__(choices=choices, widget=forms.RadioSelect, **kwargs)


class PublicBookingForm(forms.Form):
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=200,
        error_messages={"required": _("Geben Sie Ihren Namen ein")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Telefonnummer (Festnetz oder Handy) – wir rufen nur wegen Ihres Termins an"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    channel = forms.ChoiceField(
        label=_("Sollen wir Sie am Tag vorher erinnern?"),
        choices=[
            (ContactChannel.SMS, _("Ja, per SMS")),
            (ContactChannel.EMAIL, _("Ja, per E-Mail")),
            (ContactChannel.NONE, _("Nein, keine Erinnerung")),
        ],
        initial=ContactChannel.NONE,
        error_messages={"required": _("Wählen Sie, wie wir Sie erinnern sollen")},
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Worum geht es? Ein Stichwort genügt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean(self) -> dict:
        # Said together with the other errors; the service checks the same again.
        data = super().clean() or {}
        if (
            not data.get("phone", "").strip()
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error("phone", _("Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein"))
        return data


class StaffBookingForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Für wen?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie die Person aus")},
    )
    start = forms.ChoiceField(
        label=_("Termin"), error_messages={"required": _("Wählen Sie einen Termin aus")}
    )
    note = forms.CharField(
        label=_("Anliegen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, persons: list, slots: list[dt.datetime], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (str(p.id), f"{p.given_name} {p.family_name}, {p.birth_year}") for p in persons
        ]
        self.fields["start"] = SlotField(
            slots=slots,
            label=_("Termin"),
            error_messages={"required": _("Wählen Sie einen Termin aus")},
        )
