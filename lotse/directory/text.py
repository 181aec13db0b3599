"""German text normalisation shared by indexing and querying: stems, compounds, typos."""

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer

_stemmer = snowballstemmer.stemmer("german")
_WORD = re.compile(r"[a-zäöüß0-9]+")
STOPWORDS = frozenset(
    "der die das den dem des ein eine einer einem einen und oder mit bei beim im in zum zur "
    "für von vom zu am an auf aus ich sie wir es ist sind was wer wo wie ich brauche "
    "mir mich mein meine gibt es".split()
)
# Parts that German compounds in this field are built of; a compound is indexed with its parts.
COMPOUND_PARTS = frozenset(
    _stemmer.stemWord(w)
    for w in (
        "einkauf einkaufen hilfe senior senioren treff café cafe beratung pflege dienst "
        "besuch fahr fahrdienst mittag tisch essen sport gymnastik computer handy smartphone "
        "kurs gruppe wohnen demenz angehörige nachbarschaft garten lesen musik chor tanz "
        "frühstück spiel rat recht rente sprech stunde sprechstunde trauer begleitung haus "
        "haushalt alltag stadtteil quartier büro bewegung spazier gang wander".split()
    )
)
_LINKING = ("s", "es", "n", "en")


def _stem(word: str) -> str:
    stem = _stemmer.stemWord(word)
    # The German snowball stemmer keeps "-inn" of plural "-innen": Seniorinnen -> seniorin.
    return stem[:-1] if stem.endswith("inn") else stem


@lru_cache(maxsize=50_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """The stem of one word, followed by the stems of its compound parts if it has any."""
    stem = _stem(word)
    parts = _split_compound(word)
    return (stem, *[p for p in parts if p != stem]) if len(parts) > 1 else (stem,)


def _split_compound(word: str) -> list[str]:
    for i in range(len(word) - 3, 2, -1):
        head, tail = word[:i], word[i:]
        tail_stem = _stem(tail)
        if tail_stem not in COMPOUND_PARTS:
            continue
        for link in ("", *_LINKING):
            if link and not head.endswith(link):
                continue
            base = head[: len(head) - len(link)] if link else head
            if _stem(base) in COMPOUND_PARTS:
                return [_stem(base), tail_stem]
            inner = _split_compound(base)
            if len(inner) > 1:
                return [*inner, tail_stem]
    return [word]


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


def index_tokens(text: str) -> list[str]:
    return [t for w in words(text) for t in word_tokens(w)]


def query_groups(text: str) -> list[tuple[str, ...]]:
    """One group per query word; a document matches a group when it has all of its tokens.

    A compound in the query ("Einkaufshilfe") requires its parts, which documents that say
    "Hilfe beim Einkaufen" have too; documents index compounds with their parts as well.
    """
    groups = []
    for w in words(text):
        tokens = word_tokens(w)
        groups.append(tokens[1:] if len(tokens) > 1 else tokens)
    return groups


def search_document(*, name: str, text: str, flags: list[str]) -> str:
    return document_from_tokens(
        name_tokens=index_tokens(name), tokens=index_tokens(text), flags=flags
    )


def document_from_tokens(
    *, name_tokens: Sequence[str], tokens: Iterable[str], flags: Iterable[str]
) -> str:
    """The indexed text of one offer: its name's words twice (they weigh more in the ranking),
    the other words as often as they occur, each filter flag once."""
    return " " + " ".join([*name_tokens, *name_tokens, *tokens, *dict.fromkeys(flags)]) + " "


def hour_flag(day: str, hour: int) -> str:
    """The filter token of an offer that is open during this hour of this weekday."""
    return flag("o", f"{day}{hour:02d}")


def flag(kind: str, value: str = "") -> str:
    """A filter token in the search document: one word of letters and digits, never a stem.

    Full-text tokenizers (PostgreSQL's parser, SQLite FTS5) keep it whole, and the "qf" prefix
    cannot collide with a German word.
    """
    return "qf" + kind + re.sub(r"[^a-z0-9]", "", value.lower())
