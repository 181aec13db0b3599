import datetime as dt

import pytest
from django import forms

from lotse.core.dates import GermanDateField, parse_date


@pytest.mark.parametrize(
    "typed",
    [
        "4.3.27",
        "04.03.2027",
        "4.3.2027",
        "4. März 2027",
        "4. mär 2027",
        "4 3 2027",
        " 4/3/2027 ",
        "4-3-2027",
        "4. Maerz 2027.",
        "2027-03-04",
    ],
)
def test_a_date_is_read_as_people_type_it(typed):
    assert parse_date(typed) == dt.date(2027, 3, 4)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.4.2027", "Der April 2027 hat nur 30 Tage."),
        ("29.2.2027", "Der Februar 2027 hat nur 28 Tage."),
        ("4.13.2027", "Der Monat muss eine Zahl von 1 bis 12 sein."),
        ("0.3.2027", "Der Tag muss mindestens 1 sein."),
        ("4.3.3027", "Das Jahr muss zwischen 1900 und 2100 liegen."),
        (
            "4. Mürz 2027",
            "„mürz“ ist kein Monat. Schreiben Sie den Monat als Zahl, zum Beispiel 3.",
        ),
        ("morgen", "Geben Sie das Datum so ein: 4.3.2027"),
        ("4" * 5000, "Geben Sie das Datum so ein: 4.3.2027"),
        ("4.3.2027\x00", "Geben Sie das Datum so ein: 4.3.2027"),
    ],
)
def test_an_impossible_date_says_which_part_is_wrong(typed, message):
    with pytest.raises(forms.ValidationError) as refused:
        parse_date(typed)

    assert refused.value.messages == [message]


def test_a_leap_day_is_a_date():
    assert parse_date("29.2.2028") == dt.date(2028, 2, 29)


def test_a_birth_date_needs_four_digits_for_the_year():
    with pytest.raises(forms.ValidationError) as refused:
        parse_date("27.3.42", two_digit_years=False)

    assert refused.value.messages == ["Das Jahr muss 4 Ziffern haben, zum Beispiel 1942."]


def test_the_field_takes_typed_dates_and_shows_them_the_german_way():
    class Form(forms.Form):
        day = GermanDateField(required=False)

    form = Form(data={"day": "4. März 27"})
    shown = Form(initial={"day": dt.date(2027, 3, 4)})["day"].value()

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2027, 3, 4)
    assert 'value="04.03.2027"' in str(Form(initial={"day": shown})["day"])
    assert Form(data={"day": ""}).is_valid()
