"""Pattern tools shared by the extract stages.

``alternation`` writes a word list as one trie-shaped group; ``compiled`` compiles a pattern
written inside a function once (a C-level cache lookup afterwards); ``DIGIT``; the letter
classes the ASCII twin spells as ranges (``ascii_letters``, ``CASE_FOLDS``); ``search_from``
tries a pattern only near anchors.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..cache import compile_pattern as _compile

# the patterns written inside functions, compiled once and fetched by a C-level cache lookup
# (re.match and friends go through two Python frames to their own cache on every call);
# from the compiled-rules cache (factcheck.cache) when it holds them, like the extractor's
compiled = lru_cache(maxsize=None)(_compile)


def alternation(words: Iterable[str], *, ignorecase: bool = False) -> str:
    """A regex group matching exactly one of ``words`` (literal strings), longest first.

    The words are laid out as a trie, "under(?:lying| development)?", so the regex engine
    compares a handful of characters at each position instead of trying every word in turn:
    a sorted ``"|".join`` of 70 scope cues costs 70 comparisons wherever the text is tried.
    The word that matches is the one the words sorted longest first and joined by "|" give:
    of two words that both match at one position one is a prefix of the other, and the trie
    tries the longer first and backtracks to the shorter, as that ordering does. With
    ``ignorecase`` the words are folded to lower case (compile with re.IGNORECASE)."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in (w.lower() if ignorecase else w):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) > 1:
            body = "(?:" + "|".join(alts) + ")"
            return body + "?" if "" in node else body
        if "" in node:
            return "(?:" + alts[0] + ")?"
        return alts[0]

    return "(?:" + emit(trie) + ")"


DIGIT = re.compile(r"\d")
CASE_FOLDS = re.compile("[\u017f\u212a\u0130\u0131]")  # letters IGNORECASE folds oddly


# A Unicode letter, written [^\W\d_] ("Vendôme", "salariés"), is exactly [A-Za-z] under
# re.ASCII; re tests a range at a glance where it looks up three categories per character
# (the concept words around every figure, the word after it). The ASCII view compiles its
# patterns with these classes spelt as ranges; what they match does not change.
_ASCII_LETTER_CLASSES = (
    ("(?:[^\\W\\d_]|['’-])", "[A-Za-z'’-]"),  # a letter, apostrophe or hyphen in a word
    ("[^\\W\\d_]", "[A-Za-z]"),
)


def ascii_letters(pattern: str) -> str:
    """``pattern`` with its Unicode letter classes as ASCII ranges (for re.ASCII only)."""
    for unicode_class, ascii_class in _ASCII_LETTER_CLASSES:
        pattern = pattern.replace(unicode_class, ascii_class)
    return pattern


def search_from(rx: re.Pattern[str], s: str, anchors: list[int],
                 reach: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose every match holds one of the ``anchors``
    (positions, ascending) within ``reach`` characters of its start."""
    pos = 0
    for g in anchors:
        if g < pos:
            continue
        m = rx.search(s, max(pos, g - reach))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1
