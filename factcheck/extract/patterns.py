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


class Patterns:
    """Every pattern of the extract stages for one set of rules (and one language), compiled
    once: each stage's ``compile_*`` writes its own, and each attribute is named for what it
    finds (``re_*``) or for the cheap test that lets a pattern be skipped (``gate_*``). The
    ASCII twin (``ascii``) is a second Patterns, the same patterns compiled with re.ASCII."""

    __slots__ = (
        "gate_attr_relative",
        "gate_locative",
        "gate_number_word",
        "gate_numeric_date",
        "gate_ordinal",
        "gate_phone",
        "gate_score",
        "gate_time",
        "gate_year",
        "re_according",
        "re_age",
        "re_alone",
        "re_articles",
        "re_attr_day",
        "re_attr_participle",
        "re_attr_relative",
        "re_attr_that",
        "re_attr_verb_at",
        "re_attr_verb_gate",
        "re_bound_after",
        "re_bound_before",
        "re_chunk",
        "re_clause",
        "re_concept_word",
        "re_connector",
        "re_date",
        "re_decade",
        "re_digit",
        "re_fraction",
        "re_gate_word",
        "re_hyph_unit",
        "re_ident",
        "re_locative_before",
        "re_magnitude_before",
        "re_next_word",
        "re_number",
        "re_on_day",
        "re_ordinal",
        "re_over_bound",
        "re_per",
        "re_phone",
        "re_proportion",
        "re_proportion_conn",
        "re_range",
        "re_role_age",
        "re_role_span_after",
        "re_role_span_before",
        "re_role_tenure",
        "re_said_name",
        "re_scale_break",
        "re_scope",
        "re_score",
        "re_second_end",
        "re_slash_fraction",
        "re_subject_verb",
        "re_that_verb",
        "re_time",
        "re_time_phrase",
        "re_unit_ci",
        "re_unit_cs",
        "re_unit_gap",
        "re_vague",
        "re_word",
        "re_words",
        "re_year",
    )

    def copy(self) -> Patterns:
        """A Patterns holding the same patterns (a language view compiles its own into it)."""
        twin = object.__new__(Patterns)
        for name in Patterns.__slots__:
            if hasattr(self, name):
                setattr(twin, name, getattr(self, name))
        return twin

    def ascii(self) -> Patterns:
        """These patterns compiled with re.ASCII, for ASCII text.

        On a string of ASCII characters but \\x1c-\\x1f (which Unicode counts as white space)
        \\w, \\d, \\s, \\b and IGNORECASE match exactly as in Unicode mode, and re tests them
        with a table lookup instead of a call into the Unicode database per character. A
        pattern holding a character that Unicode case folding takes to an ASCII letter (the
        Kelvin sign, long s, dotted and dotless i) keeps its Unicode form."""
        twin = self.copy()
        for name in Patterns.__slots__:
            rx = getattr(self, name, None)
            if isinstance(rx, re.Pattern) and isinstance(rx.pattern, str) \
                    and CASE_FOLDS.search(rx.pattern) is None:
                setattr(twin, name, _compile(ascii_letters(rx.pattern),
                                             rx.flags & ~re.UNICODE | re.ASCII))
        return twin
