"""Kölner Phonetik (Hans Joachim Postel, 1969): a key for German names by how they sound, so
that "Meier", "Mayer" and "Maier" or "Schmidt" and "Schmitt" share one key.

The rules as published (and as Wikipedia's "Kölner Phonetik" lists them): each letter gets a
digit by its neighbours, runs of the same digit collapse to one, and every 0 but a leading one
is dropped. H has no digit. Umlauts count as vowels, ß as S; other characters separate words.
"""

import unicodedata

_VOWELS = frozenset("AEIJOUY")
_PLAIN = {
    "B": "1",
    "F": "3",
    "V": "3",
    "W": "3",
    "G": "4",
    "K": "4",
    "Q": "4",
    "L": "5",
    "M": "6",
    "N": "6",
    "R": "7",
    "S": "8",
    "Z": "8",
}
# C at the start of a word is read as K before these letters.
_C_HARD_INITIAL = frozenset("AHKLOQRUX")
# C elsewhere is read as K before these (unless after S or Z).
_C_HARD = frozenset("AHKOQUX")


def _letters(text: str) -> list[str]:
    """Upper-case words of plain letters A-Z: umlauts to their vowel, ß to S."""
    text = text.upper().replace("ß", "S").replace("ẞ", "S")
    plain = unicodedata.normalize("NFKD", text)
    words, word = [], []
    for char in plain:
        if "A" <= char <= "Z":
            word.append(char)
        elif unicodedata.combining(char):
            continue
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def _word_code(word: str) -> str:
    digits = []
    for index, char in enumerate(word):
        before = word[index - 1] if index > 0 else ""
        after = word[index + 1] if index + 1 < len(word) else ""
        if char in _VOWELS:
            code = "0"
        elif char == "H":
            code = ""
        elif char == "P":
            code = "3" if after == "H" else "1"
        elif char in "DT":
            code = "8" if after in ("C", "S", "Z") and after else "2"
        elif char == "C":
            if index == 0:
                code = "4" if after in _C_HARD_INITIAL and after else "8"
            elif before in ("S", "Z"):
                code = "8"
            else:
                code = "4" if after in _C_HARD and after else "8"
        elif char == "X":
            code = "8" if before in ("C", "K", "Q") and before else "48"
        else:
            code = _PLAIN[char]
        digits.append(code)
    collapsed: list[str] = []
    for digit in "".join(digits):
        if not collapsed or collapsed[-1] != digit:
            collapsed.append(digit)
    if not collapsed:
        return ""
    return collapsed[0] + "".join(d for d in collapsed[1:] if d != "0")


def cologne(text: str) -> str:
    """The Kölner Phonetik of `text`, one code per word, separated by spaces
    ("Müller-Lüdenscheidt" → "657 52682")."""
    return " ".join(code for code in (_word_code(w) for w in _letters(text)) if code)
