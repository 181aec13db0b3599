"""Characters no text of ours may hold, checked once for every door (`TextInputMiddleware`).

A NUL character is refused by PostgreSQL in any text column and a lone (unpaired) surrogate
cannot be encoded as UTF-8 by either database or by the field encryption, so both would end in
a server error deep inside a service. A browser never sends them; a JSON body can (`"\\u0000"`,
`"\\ud800"`), and a query string or form field can carry a NUL (`%00`)."""

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
MESSAGE = _("Das Feld enthält unzulässige Zeichen.")
REQUEST_MESSAGE = _(
    "Ihre Eingabe enthält unzulässige Zeichen (zum Beispiel Steuerzeichen). Bitte gehen Sie "
    "zurück, prüfen Sie Ihre Eingabe und senden Sie sie noch einmal."
)


def has_forbidden(text: str) -> bool:
    return FORBIDDEN.search(text) is not None


def any_forbidden(texts: Iterable[str]) -> bool:
    return any(has_forbidden(text) for text in texts)


def json_has_forbidden(value: Any) -> bool:
    """Whether any key or string anywhere in a parsed JSON document holds a forbidden character.
    Walks with a stack, not recursion, so a deeply nested document costs no stack depth."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_forbidden(item):
                return True
        elif isinstance(item, dict):
            if any_forbidden(item):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
