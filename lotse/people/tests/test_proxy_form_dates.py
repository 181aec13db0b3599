import datetime as dt

from lotse.people.forms import ProxyForm


def test_the_proxy_form_takes_dates_as_people_type_them():
    form = ProxyForm(data={"evidence_seen_on": "4. März 2026", "valid_until": "31.12.27"})

    form.is_valid()

    assert "evidence_seen_on" not in form.errors and "valid_until" not in form.errors
    assert form.cleaned_data["evidence_seen_on"] == dt.date(2026, 3, 4)
    assert form.cleaned_data["valid_until"] == dt.date(2027, 12, 31)


def test_an_impossible_evidence_date_names_the_wrong_part():
    form = ProxyForm(data={"evidence_seen_on": "31.4.2026"})

    form.is_valid()

    assert form.errors["evidence_seen_on"] == ["Der April 2026 hat nur 30 Tage."]
