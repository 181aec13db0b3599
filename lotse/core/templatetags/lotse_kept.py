"""`{% kept "name" value … %}…{% endkept %}`: a part of a page drawn once per process, language
and set of the named values, then printed as it was drawn.

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
from django.utils.translation import get_language

register = template.Library()

LIMIT = 2000
_kept: dict[tuple, str] = {}
_lock = threading.Lock()


class KeptNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, values: list[FilterExpression]):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context: template.Context) -> str:
        key = (
            self.name.resolve(context),
            get_language(),
            *(value.resolve(context) for value in self.values),
        )
        found = _kept.get(key)
        if found is None:
            found = self.nodelist.render(context)
            with _lock:
                if len(_kept) >= LIMIT:
                    _kept.clear()
                _kept[key] = found
        return found


@register.tag
def kept(parser: Parser, token: Token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


def clear() -> None:
    """Forgets every kept part (tests)."""
    with _lock:
        _kept.clear()
