"""Text helpers of the matcher: comparison forms of words, the content words of a sentence
with their positions, named entities, and whether another figure stands between two places."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from ..dates import MONTHS

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# a figure between a year and a claim (days of dates, "May 16", do not count)
_OTHER_FIGURE = re.compile(r"(?<![\w.,])\d[\d,.]*(?![\w])")
_DATE_DAY = re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\b")
MONTH_NAMES = frozenset(MONTHS.split("|"))
_PARENS = re.compile(r"\([^()]*\)")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
LETTERS = re.compile(r"[A-Za-z]+")
# the same in Unicode letters (issue 20: "Vendôme", "Zürich"), for text that is not ASCII:
# on ASCII text both read the same words, the ASCII ones three times as fast
WORD_U = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*[^\W\d_]")
LETTERS_U = re.compile(r"[^\W\d_]+")


def word_re(text: str) -> re.Pattern[str]:
    """WORD for ASCII text, WORD_U for any other."""
    return WORD if text.isascii() else WORD_U


def letters_re(text: str) -> re.Pattern[str]:
    """LETTERS for ASCII text, LETTERS_U for any other."""
    return LETTERS if text.isascii() else LETTERS_U

_BREAK = re.compile(r"[;:]|,\s+(?:and|but|while)\b|\b(?:but|while|whereas)\b")

# (min_length, ((british ending, american ending), ...) longest first): rules/concepts.toml
Spelling = tuple[int, tuple[tuple[str, str], ...]]


def another_figure(between: str) -> bool:
    """Whether a figure stands in ``between`` (days of dates, "May 16", and the same figure
    restated in brackets, "10 km (6 miles)", do not count)."""
    return _OTHER_FIGURE.search(_DATE_DAY.sub(" ", _PARENS.sub(" ", between))) is not None


@lru_cache(maxsize=4096)
def sentence_tokens(
    sentence: str, stops: frozenset[str], spelling: Spelling = (0, ())
) -> tuple[tuple[tuple[int, int, str], ...], list[int], list[int]]:
    """(start, end, stem) of each content word, the clause breaks, and the word starts."""
    tokens = []
    for m in word_re(sentence).finditer(sentence):
        w = m.group().lower().removesuffix("'s").removesuffix("’s")
        if len(w) < 3 or w in stops:
            continue
        tokens.append((m.start(), m.end(), stem(w, spelling)))
    breaks = [m.start() for m in _BREAK.finditer(sentence)]
    return tuple(tokens), breaks, [t[0] for t in tokens]


def stem(w: str, spelling: Spelling = (0, ())) -> str:
    """A word's comparison form: lower case, a plural folded ("deposits" -> "deposit"), and
    a British ending spelled the American way ("organiser" -> "organizer") by the
    [spelling] rules."""
    w = w.lower()
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    min_length, endings = spelling
    if endings and len(w) >= min_length:
        for brit, amer in endings:
            if w.endswith(brit):
                return w[: len(w) - len(brit)] + amer
    return w


def norm_entity(w: str) -> str:
    return w.lower().removesuffix("'s").removesuffix("’s")


def entities_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    for x in a:
        for y in b:
            if x == y or (len(x) >= 5 and len(y) >= 5 and x[:5] == y[:5]):
                return True
    return False


def concept_score(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the smaller key set with a fuzzy counterpart in the other (0-1)."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    hits = 0
    for x in small:
        if x in big:
            hits += 1
            continue
        if any(len(x) > 3 and fuzz.ratio(x, y) >= 85 for y in big):
            hits += 1
    if hits < 2 and not (hits == 1 and len(small) == 1):
        return hits / len(small) * 0.5
    return hits / len(small)
