"""`{% kept "name" value … %}…{% endkept %}`: a part of a page drawn once per process, language
and set of the named values, then printed as it was drawn.

`{% kept "name" value … hole=expression %}` keeps a part with one hole: inside it `{{ kept_hole }}`
marks where the expression's value goes (escaped), filled in each time the part is printed. For
the links that carry the page's own address back (`zurueck=`), which differs on every page.

For the parts of base.html that every visitor without an account sees alike: the main menu
(which marks the current section, so it is kept per address path) and the footer's links.
Drawing them took about a third of the search page's template time (issue 17 § 7). What a kept
part prints may depend only on the values named, the language and constants (addresses, texts):
never put the person, the query string or anything that changes while the process runs into
one. At most LIMIT parts are kept; then they are drawn afresh.
"""

import threading

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

LIMIT = 2000
# What `{{ kept_hole }}` draws while a part is drawn: a NUL never reaches a page (the text input
# middleware refuses it in every request, and the pages' own texts hold none).
HOLE = "\x00kept-hole\x00"
_kept: dict[tuple, str] = {}
_lock = threading.Lock()


class KeptNode(template.Node):
    def __init__(
        self,
        nodelist: NodeList,
        name: FilterExpression,
        values: list[FilterExpression],
        hole: FilterExpression | None,
    ):
        self.nodelist = nodelist
        self.name = name
        self.values = values
        self.hole = hole

    def render(self, context: template.Context) -> str:
        key = (
            self.name.resolve(context),
            get_language(),
            *(value.resolve(context) for value in self.values),
        )
        found = _kept.get(key)
        if found is None:
            with context.push(kept_hole=mark_safe(HOLE)):
                found = self.nodelist.render(context)
            with _lock:
                if len(_kept) >= LIMIT:
                    _kept.clear()
                _kept[key] = found
        if self.hole is None:
            return found
        return mark_safe(found.replace(HOLE, conditional_escape(self.hole.resolve(context))))


@register.tag
def kept(parser: Parser, token: Token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    hole = None
    if bits[-1].startswith("hole="):
        hole = parser.compile_filter(bits.pop()[len("hole=") :])
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(b) for b in bits[2:]],
        hole,
    )


def clear() -> None:
    """Forgets every kept part (tests)."""
    with _lock:
        _kept.clear()
