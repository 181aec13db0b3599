"""`{% main_menu_items as items %}`: the main menu (lotse/core/menu.py) for the current page."""

from django import template

from lotse.core.menu import MenuItem, menu_items

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context: template.Context) -> list[MenuItem]:
    request = context.get("request")
    return menu_items(request.path if request is not None else "")
