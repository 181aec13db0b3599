"""`{% staff_menu_items as items %}` and `{% staff_landing_url as url %}` for the page header,
the staff start page and the error pages (lotse/accounts/staff_menu.py)."""

from django import template

from lotse.accounts.staff_menu import StaffMenuItem, landing_url, staff_menu
from lotse.core.rules import is_staff_member

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_menu_items(context: template.Context) -> list[StaffMenuItem]:
    request = context.get("request")
    if request is None or not hasattr(request, "user"):
        return []
    return staff_menu(request.user, request.path)


@register.simple_tag(takes_context=True)
def staff_landing_url(context: template.Context) -> str:
    """The user's landing page if they are staff, else ""."""
    request = context.get("request")
    if request is None or not hasattr(request, "user") or not is_staff_member(request.user):
        return ""
    return landing_url(request.user)
