"""What a typed search asks for: the one place that turns text into index tokens.

Every door (the search page, the desk's offer search, the HSDS API's `search`) reads its text
through `text_query`, so they find the same offers. The work per query is bounded whatever is
typed: the text is cut to MAX_QUERY_LENGTH, at most MAX_QUERY_WORDS words are looked up, at most
MAX_CORRECTIONS of them are corrected as typos (each against the indexed words of similar
length only), and a word stands for at most MAX_PREFIX_EXPANSIONS longer indexed words.
"""

import bisect
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lotse.directory.models import Lexeme
from lotse.directory.search.text import COMPOUND_PARTS, MAX_WORD_LENGTH, all_words, query_group

# Longer text is cut (at a space where possible) and the page says so.
MAX_QUERY_LENGTH = 200
# More words than this after the stop words are left out, and the page says so.
MAX_QUERY_WORDS = 10
# Typos: at most this many words per query are corrected, each of at most this length.
MAX_CORRECTIONS = 3
MAX_TYPO_LENGTH = 30
MIN_TYPO_LENGTH = 5
# A stem of at least this length also finds the indexed words it begins ("palliativ" finds
# "palliativversorg"), at most this many of them, the shortest first.
MIN_PREFIX_LENGTH = 5
MAX_PREFIX_EXPANSIONS = 12
# Longer words starting with a stem are looked at up to this number to choose the shortest.
_PREFIX_SCAN = 200

# Alternatives for one token: a document matches when it holds any of them.
Term = tuple[str, ...]
# One query word: a document matches when it matches every term (a compound's parts).
Group = tuple[Term, ...]


@dataclass(frozen=True)
class Correction:
    typed: str
    stem: str


@dataclass
class TextQuery:
    """The words of a search and the index terms they stand for, one group per used word."""

    groups: list[Group] = field(default_factory=list)
    # The words as typed (lower case) that the groups stand for, in the same order.
    used: list[str] = field(default_factory=list)
    # Words that no offer holds, that are no typo of a word one holds, or that are too long.
    ignored: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    # The text was longer than MAX_QUERY_LENGTH or had more than MAX_QUERY_WORDS words.
    shortened: bool = False

    def terms(self) -> list[Term]:
        """Every term of every group: what a document needs to match all words."""
        return list(dict.fromkeys(term for group in self.groups for term in group))


class _Vocabulary:
    """Every indexed word (Lexeme), in memory: sorted for prefixes, by length for typos.

    Words are only ever added, with rising ids, so new ones are read incrementally; when the
    newest row is not what was read (the table was emptied or rolled back), all are read again.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.newest: tuple[int, str] | None = None
        self.known: set[str] = set()
        self.ordered: list[str] = []
        self.by_length: dict[int, list[str]] = defaultdict(list)

    def _add(self, terms: list[str]) -> None:
        fresh = [t for t in terms if t not in self.known]
        self.known.update(fresh)
        for term in fresh:
            self.by_length[len(term)].append(term)
        if len(fresh) > 100:
            self.ordered = sorted(self.known)
        else:
            for term in fresh:
                bisect.insort(self.ordered, term)

    def current(self) -> "_Vocabulary":
        # Raw SQL: this runs before every search, and the ORM would double its cost.
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, term FROM directory_lexeme ORDER BY id DESC LIMIT 1")
            row = cursor.fetchone()
        newest = (row[0], row[1]) if row else None
        if newest == self.newest:
            return self
        with self.lock:
            last = self.newest
            if newest == last:  # another thread has just read them
                return self
            incremental = (
                last is not None
                and newest is not None
                and newest[0] > last[0]
                and Lexeme.objects.filter(id=last[0], term=last[1]).exists()
            )
            if incremental:
                assert last is not None
                self._add(
                    list(Lexeme.objects.filter(id__gt=last[0]).values_list("term", flat=True))
                )
            else:
                # Built aside and swapped in: searches running meanwhile keep the old words.
                terms = set(Lexeme.objects.values_list("term", flat=True))
                by_length: dict[int, list[str]] = defaultdict(list)
                for term in terms:
                    by_length[len(term)].append(term)
                self.known, self.ordered, self.by_length = terms, sorted(terms), by_length
            self.newest = newest
        return self

    def starting_with(self, stem: str) -> list[str]:
        """Up to MAX_PREFIX_EXPANSIONS longer indexed words that begin with `stem`."""
        if len(stem) < MIN_PREFIX_LENGTH:
            return []
        start = bisect.bisect_right(self.ordered, stem)
        found = []
        for term in self.ordered[start : start + _PREFIX_SCAN]:
            if not term.startswith(stem):
                break
            found.append(term)
        return sorted(found, key=lambda t: (len(t), t))[:MAX_PREFIX_EXPANSIONS]

    def correction(self, token: str) -> str | None:
        """The indexed word that `token` most likely misspells, or None."""
        if not MIN_TYPO_LENGTH <= len(token) <= MAX_TYPO_LENGTH:
            return None
        limit = 1 if len(token) < 8 else 2
        best: tuple[float, str] | None = None
        # Words further apart in length than the allowed edits cannot be close enough.
        for length in range(len(token) - limit, len(token) + limit + 1):
            found = process.extractOne(
                token, self.by_length.get(length, []), scorer=OSA.distance, score_cutoff=limit
            )
            if found and (best is None or found[1] < best[0]):
                best = (found[1], found[0])
        if best:
            return best[1]
        # A typo in the ending the stemmer would have cut ("Mittagstsich" -> stem "mittagst"): a
        # known stem of 6+ letters that starts the word with at most one slip, before a short
        # tail; the longest such stem wins.
        for length in range(len(token) - 1, max(len(token) - 5, 5), -1):
            found = process.extractOne(
                token[:length], self.by_length.get(length, []), scorer=OSA.distance, score_cutoff=1
            )
            if found:
                return found[0]
        return None


_vocabulary = _Vocabulary()


def shorten(text: str) -> tuple[str, bool]:
    """The text cut to MAX_QUERY_LENGTH characters, at a space where there is one."""
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    cut = text[:MAX_QUERY_LENGTH]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_QUERY_LENGTH // 2 else cut), True


def text_query(text: str) -> TextQuery:
    """The groups of index terms for a typed search, with what was left out or corrected.

    Unknown words are left out, so plain questions ("Wo kann ich turnen?") still find offers.
    """
    text, shortened = shorten(text)
    query = TextQuery(shortened=shortened)
    typed = list(dict.fromkeys(all_words(text)))
    if len(typed) > MAX_QUERY_WORDS:
        typed, query.shortened = typed[:MAX_QUERY_WORDS], True
    if not typed:
        return query
    vocabulary = _vocabulary.current()
    for word in typed:
        if len(word) > MAX_WORD_LENGTH:
            query.ignored.append(word[:MAX_WORD_LENGTH] + "…")
            continue
        tokens = query_group(word)
        terms = [_term(token, vocabulary) for token in tokens]
        if all(terms):
            query.groups.append(tuple(terms))
            query.used.append(word)
            continue
        if len(tokens) == 1 and len(query.corrections) < MAX_CORRECTIONS:
            fixed = vocabulary.correction(tokens[0])
            if fixed:
                query.groups.append(((fixed,),))
                query.used.append(word)
                query.corrections.append(Correction(typed=word, stem=fixed))
                continue
        query.ignored.append(word)
    return query


def _term(token: str, vocabulary: _Vocabulary) -> Term:
    """The token if it is indexed, and the indexed words it begins ("palliativ" finds
    "palliativversorg"). A known compound part needs no longer words: compounds that begin
    with it are indexed with it ("demenzberat" with "demenz")."""
    own = (token,) if token in vocabulary.known else ()
    if token in COMPOUND_PARTS:
        return own
    return (*own, *vocabulary.starting_with(token))
