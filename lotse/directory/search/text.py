"""German text normalisation shared by indexing and querying: stems, compounds, typos.

Every step costs at most a fixed amount per word: words longer than MAX_WORD_LENGTH are left
out, and the compound splitter looks at each position of a word once (`_split_compound`).
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer

_stemmer = snowballstemmer.stemmer("german")
_WORD = re.compile(r"[a-zäöüß0-9]+")
# Words of a plain question that say nothing about what is sought ("Wo gibt es …",
# "Ich brauche Hilfe, weil ich nicht mehr gut laufen kann").
STOPWORDS = frozenset(
    "der die das den dem des ein eine einer einem einen eines und oder aber mit ohne bei beim "
    "im in ins zum zur für von vom zu am an auf aus um über unter nach vor bis durch gegen "
    "ich du er sie es wir ihr man mir mich mein meine meinem meinen meiner dich dir sich uns "
    "euch sein seine ihre ihrem ihren ihrer unser unsere jemand jemanden etwas "
    "ist sind bin bist war waren wäre wird werden wurde habe hat haben hätte kann können "
    "könnte kannst möchte möchten will wollen muss müssen soll sollte darf brauche brauchen "
    "braucht suche suchen sucht gibt geben finde finden "
    "was wer wo wie wann warum wieso welche welcher welches wohin woher "
    "nicht kein keine keinen mehr sehr gut auch noch schon nur so da hier dort dann denn "
    "weil dass ob wenn als also doch mal bitte gerne gern ja nein viel viele".split()
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
# No word in this field is longer ("Nachbarschaftshilfeberatungsstelle" has 34 letters);
# longer ones are noise, and stemming one costs time that grows with its length.
MAX_WORD_LENGTH = 40
# A compound's last part is a known part plus at most an inflection the stemmer removes.
_MAX_TAIL = max(len(p) for p in COMPOUND_PARTS) + 12
_MIN_PART = 3


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    stem = _stemmer.stemWord(word)
    # The German snowball stemmer keeps "-inn" of plural "-innen": Seniorinnen -> seniorin.
    return stem[:-1] if stem.endswith("inn") else stem


def word_stem(word: str) -> str:
    """The stem of one lower-case word, as documents and queries hold it."""
    return _stem(word)


@lru_cache(maxsize=50_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """The stem of one word, followed by the stems of its compound parts if it has any."""
    stem = _stem(word)
    parts = _split_compound(word) if len(word) <= MAX_WORD_LENGTH else [word]
    return (stem, *[p for p in parts if p != stem]) if len(parts) > 1 else (stem,)


def _split_compound(word: str) -> list[str]:
    """The stems of the known parts a compound is made of (with linking sounds between them),
    or [word] when it is none.

    Dynamic programming over the word's prefixes: each prefix is split at most once, and only
    tails that can be a known part (at most _MAX_TAIL letters) are tried, so the work grows
    linearly with the word's length (a backtracking search grew exponentially). Among splits,
    the longest head (the shortest last part) wins, as German compounds are read.
    """
    memo: dict[int, list[str] | None] = {}

    def split(end: int) -> list[str] | None:
        """Parts of word[:end] when it is a compound of two or more known parts."""
        if end in memo:
            return memo[end]
        memo[end] = None
        for i in range(end - _MIN_PART, max(_MIN_PART - 1, end - _MAX_TAIL - 1), -1):
            tail_stem = _stem(word[i:end])
            if tail_stem not in COMPOUND_PARTS:
                continue
            head = word[:i]
            for link in ("", *_LINKING):
                if link and not head.endswith(link):
                    continue
                cut = i - len(link)
                if cut < _MIN_PART:
                    continue
                if cut <= _MAX_TAIL and (base_stem := _stem(word[:cut])) in COMPOUND_PARTS:
                    memo[end] = [base_stem, tail_stem]
                    return memo[end]
                inner = split(cut)
                if inner:
                    memo[end] = [*inner, tail_stem]
                    return memo[end]
        return None

    return split(len(word)) or [word]


def normalised(text: str) -> str:
    """Lower case in Unicode's compatibility form: full-width letters, ligatures and combining
    accents become the plain letters that documents are indexed with."""
    return unicodedata.normalize("NFKC", text).lower()


def all_words(text: str) -> list[str]:
    """Every word of `text` that is not a stop word, also over-long ones."""
    return [w for w in _WORD.findall(normalised(text)) if w not in STOPWORDS and len(w) > 1]


def words(text: str) -> list[str]:
    return [w for w in all_words(text) if len(w) <= MAX_WORD_LENGTH]


def index_tokens(text: str) -> list[str]:
    return [t for w in words(text) for t in word_tokens(w)]


def query_group(word: str) -> tuple[str, ...]:
    """The tokens a document needs to match one query word.

    A compound in the query ("Einkaufshilfe") requires its parts, which documents that say
    "Hilfe beim Einkaufen" have too; documents index compounds with their parts as well.
    """
    tokens = word_tokens(word)
    return tokens[1:] if len(tokens) > 1 else tokens


def query_groups(text: str) -> list[tuple[str, ...]]:
    """One group per query word; a document matches a group when it has all of its tokens."""
    return [query_group(w) for w in words(text)]


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
