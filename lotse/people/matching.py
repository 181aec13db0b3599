"""Spelling-tolerant keys for search and duplicate detection: "Müller" = "Mueller" = "MULLER",
"Straße" = "Strasse" = "Str."."""

import re

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "á": "a"})
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


def fold(text: str) -> str:
    """Lower case, umlauts and their "ae/oe/ue" spellings both folded to the plain vowel,
    ß to ss, punctuation dropped, spaces collapsed."""
    text = text.lower().translate(_FOLD)
    for digraph, vowel in _DIGRAPHS:
        text = text.replace(digraph, vowel)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def fold_street(street: str) -> str:
    """Like `fold`, with "straße", "strasse", "str." all written "str"."""
    text = fold(street.replace("str.", "str "))
    return re.sub(r"stra?s+e\b", "str", text)


def digits(phone: str) -> str:
    """The digits of a phone number, with +49 written as a leading 0."""
    only = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+49"):
        only = "0" + only[2:].lstrip("0")
    elif only.startswith("0049"):
        only = "0" + only[4:]
    return only
