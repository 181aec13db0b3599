"""`{% main_menu_items as items %}`: the main menu (lotse/core/menu.py) for the current page;
`{% menus_html as menus %}`: the menus' HTML, drawn once and shown twice by base.html."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from lotse.core.menu import MenuItem, menu_items

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context: template.Context) -> list[MenuItem]:
    request = context.get("request")
    return menu_items(request.path if request is not None else "")


@register.simple_tag(takes_context=True)
def menus_html(context: template.Context) -> SafeString:
    """components/menus.html drawn with the page's context (main_items, staff_items): base.html
    shows it inside "Menü" for phones and as it is for wider screens, the same HTML both times,
    so it is drawn once (drawn twice, a logged-in resident's 404 page took 7.7 ms, not 4.8)."""
    menus = template.Engine.get_default().get_template("components/menus.html")
    return mark_safe(menus.render(context))
