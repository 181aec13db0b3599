"""Where the cursor starts on an entry page: `{% first_empty_field form as name %}` names the
first visible text, number, date or select field that holds no value yet, and
`{{ field|with_autofocus }}` renders a field with `autofocus`. components/form_fields.html
uses both when a page includes it `with autofocus=True`; a form that comes back with errors
gets no field focus (the error summary has it)."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

# Groups of boxes and single checkboxes are left out: their first box is not "a field to
# type into", and a page whose first field is such a group starts at the top as usual.
SKIPPED_WIDGETS = {"checkbox", "checkboxselectmultiple", "radioselect"}


@register.simple_tag
def first_empty_field(form: forms.BaseForm) -> str:
    if form.is_bound and form.errors:
        return ""
    for field in form.visible_fields():
        if field.widget_type not in SKIPPED_WIDGETS and field.value() in (None, "", [], ()):
            return field.name
    return ""


@register.filter
def with_autofocus(field: forms.BoundField) -> SafeString:
    return field.as_widget(attrs={"autofocus": True})
