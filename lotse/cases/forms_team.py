"""Forms of the team part: the caseload's filters, the handover, the team, a cover."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.cases.models import Stage
from lotse.cases.selectors_team import OPEN_STAGES
from lotse.cases.services_team import NOTE_LONGEST
from lotse.core.models import Area


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _user_choices(users: list[User]) -> list[tuple[str, str]]:
    return [(str(user.public_id), str(user)) for user in users]


class CaseloadFilterForm(forms.Form):
    """GET filters of "Meine Begleitungen"; a wrong value is left out, never an error page."""

    all_optional = True

    stage = forms.ChoiceField(label=_("Phase"), required=False)
    site = forms.ChoiceField(label=_("Standort"), required=False)
    attention = forms.BooleanField(label=_("Nur mit Handlungsbedarf"), required=False)

    def __init__(self, *args: Any, sites: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites = {str(site.pk): site for site in sites}
        _choice(self, "stage").choices = [
            ("", _("Alle Phasen")),
            *[(stage.value, Stage(stage).label) for stage in OPEN_STAGES],
        ]
        _choice(self, "site").choices = [
            ("", _("Alle Standorte")),
            *[(pk, site.name) for pk, site in self.sites.items()],
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters for the selector (an invalid one counts as not given)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "stage": data.get("stage", ""),
            "site": self.sites.get(data.get("site") or ""),
            "attention_only": bool(data.get("attention")),
        }


class HandoverForm(forms.Form):
    to_user = forms.ChoiceField(label=_("An wen übergeben Sie?"))
    note = forms.CharField(
        label=_("Übergabe-Notiz"),
        help_text=_(
            "Was die Kollegin oder der Kollege wissen muss: wie es der Person geht, was gerade "
            "läuft, was als Nächstes ansteht."
        ),
        max_length=NOTE_LONGEST,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    keep_on_team = forms.BooleanField(
        label=_("Die bisher verantwortliche Person bleibt im Team"), required=False
    )

    def __init__(
        self, *args: Any, colleagues: list[User], responsible: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if responsible is not None:
            self.fields["keep_on_team"].label = _(
                "%(name)s bleibt im Team und sieht die Begleitung weiter"
            ) % {"name": responsible}
        self.colleagues = {str(user.public_id): user for user in colleagues}
        _choice(self, "to_user").choices = [("", _("Bitte wählen")), *_user_choices(colleagues)]

    def chosen(self) -> User | None:
        return self.colleagues.get(self.cleaned_data["to_user"])


class TeamForm(forms.Form):
    members = forms.MultipleChoiceField(
        label=_("Wer gehört außerdem zum Team?"),
        help_text=_("Diese Kolleginnen und Kollegen sehen die Begleitung und arbeiten mit."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, colleagues: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {str(user.public_id): user for user in colleagues}
        _choice(self, "members").choices = _user_choices(colleagues)

    def chosen(self) -> list[User]:
        return [self.colleagues[key] for key in self.cleaned_data["members"]]


class CoverForm(forms.Form):
    absent = forms.ChoiceField(label=_("Wer ist abwesend?"))
    covering = forms.ChoiceField(label=_("Wer vertritt?"))
    starts_on = forms.DateField(
        label=_("Von"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Bis"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(
        self, *args: Any, colleagues: list[User], absent_choices: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {str(user.public_id): user for user in colleagues}
        _choice(self, "covering").choices = [("", _("Bitte wählen")), *_user_choices(colleagues)]
        absent = _user_choices(absent_choices)
        _choice(self, "absent").choices = (
            [("", _("Bitte wählen")), *absent] if len(absent) > 1 else absent
        )
        self.fields["starts_on"].initial = timezone.localdate()

    def absent_user(self) -> User | None:
        return self.colleagues.get(self.cleaned_data["absent"])

    def covering_user(self) -> User | None:
        return self.colleagues.get(self.cleaned_data["covering"])
