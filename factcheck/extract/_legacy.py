"""Extract number-plus-unit statements from news text, with exact character spans.

The extractor is a sequence of small named stages over each sentence:

1. ``_mask_non_quantities``: dates, clock times, years, ordinals, identifiers ("iPhone 15",
   "COVID-19"), scores and phone numbers become claims of another kind and are masked;
2. ``_scan_numbers``: compiled regular expressions find numbers written with digits or words,
   with a currency prefix and a scale word ("$1.2bn", "USD34.6 million", "half a million");
3. ``_join_ranges``: "25% to 50%", "between 10 and 20 billion", "1-1.5 degrees";
4. ``_read_unit``: unit aliases, special units, currencies, compound rates ("$58.24 per
   barrel"), ages ("15-year-old") and counted nouns ("1,180 lives" counts lives);
5. ``_read_bound`` / ``_read_change``: "more than", "about", "rose 5%", "a 3% drop";
6. ``_context``: what is measured, who says so, when, and scope words.

Every vocabulary comes from rules/ (see rules/units.toml and rules/cues.toml). Values are
``Decimal``; spans satisfy ``text[claim.start:claim.end] == claim.text`` always.
"""

from __future__ import annotations

import copy
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ..cache import compile_pattern as _compile
from ..dates import MONTHS, WEEKDAYS
from ..models import Claim, Document
from ..numbers import NUMBER_BODY, Language, Languages, document_convention, read_number
from ..rules import Rules, load_rules
from ..segment import Segmented, segment_document
from ..units import COUNT, UNKNOWN, UnitInfo, UnitTable, singular, unit_table

MAX_DIGITS = 40  # longer digit runs are identifiers, not amounts
# the patterns written inside functions, compiled once and fetched by a C-level cache lookup
# (re.match and friends go through two Python frames to their own cache on every call);
# from the compiled-rules cache (factcheck.cache) when it holds them, like the extractor's
_rx = lru_cache(maxsize=None)(_compile)


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


_DIGIT = re.compile(r"\d")
_LEAD_LETTERS = re.compile(r"[A-Za-z]+(?=\d)")
# a sentence without digits is read only if one of these occurs in it (as a substring)
_NUMBER_WORD_GATE = re.compile(alternation((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "dozen",
    "half", "third", "quarter", "eleven", "fifteen", "sixty", "seventy", "eighty", "ninety",
    "trillion",
)))

_DAYS = WEEKDAYS
# one end of a period in a time phrase: "mid-May", "May 16", "16 May", "September 2025"
_PERIOD_END = (
    rf"(?:(?:mid-|early\s+|late\s+)?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?!\d))?"
    rf"|\d{{1,2}}\s+(?:{MONTHS}))(?:,?\s+\d{{4}})?"
)

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_FRACTION_WORDS = {"half": Decimal("0.5"), "third": Decimal(1) / Decimal(3),
                   "quarter": Decimal("0.25"), "fifth": Decimal("0.2")}
_UNICODE_FRACTIONS = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75"),
                      "⅓": Decimal(1) / Decimal(3), "⅔": Decimal(2) / Decimal(3)}

# Words that end a counted-noun chunk after a number.
_FUNCTION = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being
    has have had that this these those it its their his her they he she we you i which who
    whom whose what when where than then there here also some about more less over under up
    down into after before since while said says say told according per would could will
    may might can not no so such very just only another other all any each both either
    much many most least if do does did done last next first this soon already ago later
    earlier apiece each respectively alone annually overall total worldwide nationwide
    globally mostly nearly almost around roughly approximately still even now yet again
    too far well back away out off against among between through during without within
    across toward towards behind beyond plus minus vs versus via""".split()
)
_NEXT_WORD = re.compile(r"[ \t]+(?P<w>[A-Za-z][A-Za-z'’-]*)")
# the same in Unicode letters ("salariés", "unità", "Beschäftigte"): the extractor's
# re_next_word; its ASCII view (ASCII text) compiles it with re.ASCII, where it is _NEXT_WORD
_NEXT_WORD_U = r"[ \t]+(?P<w>[^\W\d_](?:[^\W\d_]|['’-])*)"
# "one of the best wireless speakers", "one of Airbnb's earliest investments": one of a set
_ONE_OF = re.compile(
    r"\s+of\s+(?:the|my|his|her|its|their|our|your|[A-Z][\w.]*(?:'s|’s))\s+"
    r"(?:(?:most|best|biggest|largest|worst|[a-z]+est|[a-z]+)\s+){0,3}[a-z]+s\b"
)
# "rose to 25 late Friday", "fell to 3 overnight": when, not what is counted
_TIME_AFTER = frozenset(
    "late early yesterday overnight today tonight tomorrow earlier later".split()
)
# "magnitude 5.7", "a magnitude of 8.8", "preliminary magnitude-7.1"
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]*$", re.IGNORECASE)
_MAGNITUDE_AFTER = re.compile(r"-magnitude\b", re.IGNORECASE)  # "a 7.1-magnitude quake"
# A unit-like symbol: "mSv", "MWp", "Tcf", "TEU", "MMBtu" (mixed case, or an acronym)
_SYMBOL = re.compile(
    r"[ \t]?(?P<u>[a-zµμ][A-Z][A-Za-z]{0,3}"                 # mSv, kWp
    r"|[A-Z](?:[bcdfghjklmnpqrstvwxz]{1,3}|[A-Z]{1,4}[a-z]{0,2}))"  # Tcf, Bcf, TEU, MMBtu
    r"(?![\w'’&-]|\.\w)"
)
# acronyms that follow numbers without being units
_NOT_SYMBOL = frozenset(
    """US USA UK EU UN UAE AM PM GMT UTC BST ET EST EDT PT PST PDT CET AD BC BCE CE OK TV
    AI IT PR HR GOP NFL NBA MLB NHL FIFA IPO CEO GDP COVID NATO OPEC BRICS G7 G20 ID""".split()
)
# lower-case words hyphenated to a number that do not make it a name: a sign, a bound, a time
_HYPHEN_LEAD = re.compile(r"([A-Za-z]+)[-‑]\d")
_HYPHEN_WORDS = frozenset("minus sub now then over under nearly almost about some to".split())
_TIMES_PER = re.compile(r"\s+(?:a|an|per|each)\s+(?:second|minute|hour|day|week|month|year)\b")
_SCIENTIFIC = re.compile(
    r"(?<![\w.,])(?P<m>\d+(?:\.\d+)?)\s?[×x*]\s?10"  # the exponent needs a mark: ^, a
    r"(?:(?:\^|\*\*)(?P<e>[-−]?\d{1,3})|(?P<e2>[-−]\d{1,3})"  # minus or superscripts
    r"|(?P<e3>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))(?![\d.,]\d)")  # ("4 x 100 relay" is no power of 10)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_OF_NOT_NOUN = frozenset("them us you whom which those these it".split())
_PRE_NOUN = frozenset("more other new additional extra separate further".split())
_NOT_NOUN = frozenset(
    """percent cent million billion trillion thousand hundred dozen times time lower higher
    larger smaller bigger greater fewer less more worse better""".split()
)


# A Unicode letter, written [^\W\d_] ("Vendôme", "salariés"), is exactly [A-Za-z] under
# re.ASCII; re tests a range at a glance where it looks up three categories per character
# (the concept words around every figure, the word after it). The ASCII view compiles its
# patterns with these classes spelt as ranges; what they match does not change.
_ASCII_LETTER_CLASSES = (
    ("(?:[^\\W\\d_]|['’-])", "[A-Za-z'’-]"),  # a letter, apostrophe or hyphen in a word
    ("[^\\W\\d_]", "[A-Za-z]"),
)


def _ascii_letters(pattern: str) -> str:
    """``pattern`` with its Unicode letter classes as ASCII ranges (for re.ASCII only)."""
    for unicode_class, ascii_class in _ASCII_LETTER_CLASSES:
        pattern = pattern.replace(unicode_class, ascii_class)
    return pattern


@dataclass
class _Num:
    """A number found in a sentence, before it becomes a claim."""

    start: int
    end: int
    value: Decimal
    currency: str | None = None
    scaled: bool = False
    digits: str = ""  # the digits as written, for precision
    scale: Decimal = Decimal(1)
    words: bool = False  # spelled out
    low: Decimal | None = None
    high: Decimal | None = None
    vague: bool = False
    unit: str | None = None
    surface_unit: str | None = None
    unit_kind: str | None = None  # alias | special | currency | ambiguous | count | None
    bound: str = "="
    change: str | None = None
    context: list[str] = field(default_factory=list)
    transition: bool = False
    kind: str = "quantity"
    delta: bool = False
    role: str | None = None  # age | tenure | span (cues.toml [roles]) | selection ("one of")
    number_format: str | None = None  # decimal_comma | decimal_point | ambiguous (numbers.py)


class Extractor:
    """Compiled patterns and lexicons for one set of rules; reuse it for many documents."""

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self._memo_sentence: str | None = None  # _per_sentence: the sentence and its facts
        self._memo: dict[object, Any] = {}
        self.units: UnitTable = unit_table(self.rules)
        self.stated = StatedPrecision.from_rules(self.rules.tolerances.get("precision", {}))
        cues = self.rules.cues
        concepts = self.rules.concepts
        self.plural: dict[str, str] = dict(concepts.get("plural", {}))
        self.implied_unit: dict[str, str] = dict(concepts.get("implied_unit", {}))
        self.stopwords = frozenset(concepts.get("stopwords", {}).get("words", []))
        self.groups: dict[str, str] = {}
        for key, words in concepts.get("groups", {}).items():
            for w in words:
                self.groups.setdefault(w.lower(), key)
        self.bound_before: dict[str, str] = {k.lower(): v for k, v in cues["bound_before"].items()}
        self.bound_after: dict[str, str] = {k.lower(): v for k, v in cues["bound_after"].items()}
        self.change_verbs: dict[str, str] = dict(cues.get("change_verbs", {}))
        self.change_by: dict[str, str] = dict(cues.get("change_verbs_with_by", {}))
        self.change_nouns: dict[str, str] = dict(cues.get("change_nouns", {}))
        self.phrasal = frozenset(w.lower() for w in cues.get("phrasal", {}).get("verbs", []))
        self.attr_verbs = sorted(cues["attribution"]["verbs"], key=len, reverse=True)
        self.attr_prefixes = sorted(cues["attribution"]["prefixes"], key=len, reverse=True)
        self.attr_name_prefixes = frozenset(
            p.lower() for p in cues["attribution"].get("name_prefixes", []))
        self.attr_subjects = frozenset(cues["attribution"].get("subjects", []))
        self.attr_report_verbs = sorted(cues["attribution"].get("report_verbs", []), key=len,
                                        reverse=True)
        self.attr_participles = sorted(cues["attribution"].get("participles", []), key=len,
                                       reverse=True)
        # the lower-case words a subject-verb match is made of, as ``_subject_verb`` walks
        self._subject_lower = self.attr_subjects | _SUBJECT_LOWER
        self.scope_cues = sorted(cues["scope"]["cues"], key=len, reverse=True)
        self.roles: dict[str, list[str]] = {k: list(v) for k, v in cues.get("roles", {}).items()
                                            if isinstance(v, list)}
        self._concept_memo: dict[str, tuple[str, ...]] = {}
        # number formats of other languages (rules/numbers.toml): English documents are read
        # by this extractor; a document in another language by a view of it (``_view``)
        self.languages = Languages(self.rules.numbers)
        self.lang: Language | None = None
        self.convention: str | None = None  # "comma" | "point" | None: the document's mark
        self._views: dict[tuple[str, str | None], Extractor] = {}
        # words between a scale word and its unit ("millones de euros"); None in English
        self.re_connector: re.Pattern[str] | None = None
        self.re_unit_gap = _UNIT_GAP
        self.re_scale_break: re.Pattern[str] | None = None
        # module patterns read on every sentence, held here so the ASCII view has them too
        self.re_digit, self.re_clause, self.re_chunk = _DIGIT, _CLAUSE, _CHUNK
        # number words (English here; a language view has its own, rules/numbers.toml):
        # their values, the words read only right before a scale word ("a million", "un
        # million", "neuf millions"), and the gate a sentence without digits must pass
        self.number_words: dict[str, int] = _UNITS_WORDS
        self.scale_only: tuple[str, ...] = ()
        self.re_articles = r"a|an|half\s+a|half\s+an"
        self.gate_number_word = _NUMBER_WORD_GATE
        # words in Unicode letters (issue 20): the counted noun after a number and the
        # concept words around it; on ASCII text (the ASCII view) exactly [A-Za-z]
        self.re_next_word = _compile(_NEXT_WORD_U)
        self.re_concept_word = _compile(_CONCEPT_WORD_U)
        self.re_year, self.re_second_end = _YEAR, _SECOND_END
        self.re_magnitude_before = _MAGNITUDE_BEFORE
        self.re_proportion, self.re_proportion_conn = _PROPORTION, _PROPORTION_CONN
        self.re_slash_fraction = _SLASH_FRACTION
        self.gate_numeric_date, self.gate_time, self.gate_phone = \
            _NUMERIC_DATE_GATE, _TIME_GATE, _PHONE_GATE
        self.gate_ordinal, self.gate_score, self.gate_year = _ORDINAL_GATE, _SCORE_GATE, _YEAR_GATE
        self._compile()

    # -- patterns -------------------------------------------------------------------------
    def _compile(self) -> None:
        u = self.units
        cur = sorted(u.currency_symbols, key=len, reverse=True)
        cur_alt = alternation(cur)
        scale_words = sorted(u.scale, key=len, reverse=True)
        abbrevs = sorted(u.scale_abbrev, key=len, reverse=True)
        # wire copy spaces the longer lower-case abbreviations: "28.5 mln tonnes", "3 bln"
        spaced = [a for a in abbrevs if len(a) >= 3 and a.islower()]
        num_words = alternation([w for w in self.number_words if w not in self.scale_only],
                                ignorecase=True)
        # a number match starts at most this far before its first digit
        self._num_reach = max(len(c) for c in cur) + 3
        # every word-number, vague amount or fraction holds one of these words (lower case)
        gate_words = frozenset(
            w.lower() for k in (*self.number_words, *scale_words, "dozen", *_FRACTION_WORDS,
                                *(f + "s" for f in _FRACTION_WORDS), *u.vague)
            for w in _rx(r"[^\W\d_]+").findall(k) if w.lower() != "of")
        # the gate words as whole words ([a-z] runs) of lower-cased text
        self.re_gate_word = _compile(r"(?<![a-z])" + alternation(gate_words) + r"(?![a-z])")
        if self.lang is None:
            # 1,234.5 | 1 234 (no-break spaces) | 1'234 | 12,34,567 (Indian) | 1234
            num_body = (r"(?:\d{1,3}(?:,\d{3})+|(?=\d\d?,\d\d,)\d{1,2}(?:,\d{2})+,\d{3}"
                        r"|\d+(?:[\u00a0\u202f'’]\d{3}(?!\d))*)(?:\.\d+)?(?![\d]|,\d{3})")
            scale_rx = rf"(?P<scale>{alternation(scale_words)})\b"
        else:
            # any grouping and either decimal mark (numbers.py reads the value); the
            # language's scale words in any case: "Millionen", "Mrd.", "mil millones"
            num_body = NUMBER_BODY + r"(?!\d|[.,]\d)"
            scale_rx = rf"(?P<scale>(?i:{alternation(scale_words)}))(?!\w)"
        after_cur = sorted(u.scale_after_currency, key=len, reverse=True)
        after_cur_rx = (rf"|[ ]?(?P<abbrcur>{alternation(after_cur)})(?![A-Za-z0-9])"
                        if after_cur else "")
        self.re_number = _compile(
            rf"""
            (?P<cur>(?<![A-Za-z])(?:{cur_alt}))?\s?           # currency prefix: $, US$, USD, £
            (?P<sign>(?<![\w.,\0])[-+−](?=\d))?                  # sign glued to digits, not "5-10"
            (?P<num>(?<![\d.,]){num_body}
                   |(?<![\d.])\.\d+)                          # .5
            (?P<frac>\s?[½¼¾⅓⅔])?                              # 2½
            (?:(?P<sp>[\s-]?){scale_rx}
              |(?P<abbr>{alternation(abbrevs)})(?![A-Za-z0-9])
              |[ ](?P<abbrs>{alternation(spaced)})\b(?![.]\w)   # 28.5 mln
              {after_cur_rx}                                  # Rs 615 Cr
            )?
            """,
            re.VERBOSE,
        )
        self.re_words = _compile(
            rf"""
            (?<![\w-])(?P<cur>(?:{cur_alt})\s?)?
            (?P<w>(?:(?:{self.re_articles})(?=\s+{alternation([*scale_words, "dozen"], ignorecase=True)})
                  |(?:{num_words})(?:[-\s](?:{num_words}))?)
                 (?:[\s-](?:and\s)?{alternation([*scale_words, "dozen", *self.number_words], ignorecase=True)})*)
            (?![\w])
            """,
            re.VERBOSE | re.IGNORECASE,
        )
        # "thousands of people"; a phrase that holds "of" needs no other: "hundreds of
        # thousands rallied"
        multi = [w for w in u.vague if " of " in w]
        single = [w for w in u.vague if " of " not in w]
        self.re_vague = _compile(
            r"(?<![\w-])(?P<w>"
            + (alternation(multi, ignorecase=True) + r"(?![\w-])|" if multi else "")
            + alternation(single, ignorecase=True)
            + r"(?=\s+of\b))",
            re.IGNORECASE,
        )
        self.re_fraction = _compile(
            r"(?<![\w-])(?P<w>(?:a|one)[\s-](?:half|third|quarter|fifth)"
            r"|(?:two|three|four)[\s-](?:thirds|quarters|fifths))\s+of\b", re.IGNORECASE
        )
        # Dates, times, years and identifiers: not quantities.
        self.re_date = _compile(
            rf"""
            (?<!\w)\b(?:(?:{_DAYS}),?\s+)?
            (?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d|,\d)
              |\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?(?:,?\s+\d{{4}})?
              |(?:{MONTHS})\.?\s+\d{{4}}
              |\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
              |\d{{1,2}}/\d{{1,2}}/\d{{2,4}})\b
            """,
            re.VERBOSE,
        )
        self.re_time = _compile(
            r"""\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)
               |\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\b(?:\s?(?:GMT|UTC|ET|EDT|EST|BST|CET|PT|PDT|PST)\b)?
               |\b\d{4}\s?(?:GMT|UTC)\b""",
            re.VERBOSE,
        )
        self.re_decade = _compile(r"(?:\b|')(?:1[5-9]|20)?\d0'?s\b")
        self.re_ordinal = _compile(r"\b\d+(?:st|nd|rd|th)\b(?:-\w+)?")
        self.re_ident = _compile(
            r"""(?:\b[A-Za-z]+[-‑]?\d+[A-Za-z]*\b(?![.,]\d)            # COVID-19, F-35, A320, G7
               |\b\d+[A-Z][A-Za-z]*\b                             # 5G, 3D, 4K
               |(?<=\s)\d+(?![\d%]|[,.]\d|\s*(?:per|%)|\s?[-–]\s?\d(?<![ ][-–]\d)))  # iPhone 15, Big 12. (checked below)""",
            re.VERBOSE,
        )
        self.re_phone = _compile(r"(?<![\w.])\+?\(?\d{2,4}\)?[\s-]\d{3,4}[\s-]\d{3,4}(?![\w])")
        self.re_score = _compile(r"\b(\d{1,2})[-–](\d{1,2})\b(?!\s*(?:%|per\b|percent|[a-z]+-))")
        # Units after a number, longest surface first; short symbols are case-sensitive.
        unit_forms: dict[str, tuple[str, str]] = {}
        for surface, canon in u.aliases.items():
            unit_forms[surface] = (canon, "alias")
        for surface, canon in u.special.items():
            unit_forms[surface] = (canon, "special")
        for surface, canon in u.currency_words.items():
            unit_forms[surface] = (canon, "currency")
        for surface in u.ambiguous:
            unit_forms[surface] = (u.ambiguous[surface]["name"].rstrip("s"), "ambiguous")
        self.unit_forms = unit_forms
        ordered = sorted(unit_forms, key=len, reverse=True)
        ci = [s for s in ordered if len(s) > 2 and s.lower() == s]
        cs = [s for s in ordered if not (len(s) > 2 and s.lower() == s)]
        self.unit_forms_lower = {s.lower(): unit_forms[s] for s in ci}
        end = r"(?![A-Za-z0-9²³])"
        self.re_unit_ci = _compile(
            alternation(ci, ignorecase=True) + end, re.IGNORECASE
        )
        self.re_unit_cs = _compile(alternation(cs) + end)
        self.re_per = _compile(r"\s*(?:/|per\s+|an?\s+|each\s+)", re.IGNORECASE)
        self.re_word = _compile(r"[A-Za-z][A-Za-z'’-]*")
        self.re_age = _compile(r"[-\s](?P<u>year|month|week|day)s?[-\s]old\b", re.IGNORECASE)
        self.re_hyph_unit = _compile(r"-(?P<u>[a-z]+)\b")
        bound_alt = alternation(self.bound_before, ignorecase=True)
        self._bound_before_ends = tuple(self.bound_before)
        self.re_bound_before = _compile(rf"(?:^|(?<=[\s(]))(?P<b>{bound_alt})\s*$", re.IGNORECASE)
        after_alt = alternation(self.bound_after, ignorecase=True)
        self.re_bound_after = _compile(rf"^\s*(?P<b>{after_alt})(?![A-Za-z])", re.IGNORECASE)
        self.re_range = _compile(
            r"^\s*(?:(?P<to>to|-|–|—|and|or|through|/)\s*(?:(?:" + bound_alt + r")\s+)?)",
            re.IGNORECASE,
        )
        prefixes = alternation(self.attr_prefixes, ignorecase=True)
        self.re_according = _compile(
            # a full stop ends the name, but for an initial's ("U.S. seismologists")
            rf"\b(?:{prefixes})\s+(?P<who>(?:the\s+)?"
            rf"(?:[^,;.\"“”]|(?<![A-Za-z][A-Z])(?<=[A-Z])\.){{2,80}}?)"
            rf"(?=\s*(?:[,;\"“”)]|\.(?<!(?<![A-Za-z])[A-Z]\.)|$"
            rf"|\s(?:on|in|at|that|which|who|as|published)\b))",
            re.IGNORECASE,
        )
        verbs = alternation(self.attr_verbs)
        # cheap gates: a literal alternation (no look-behind) lets re skip ahead fast
        self.re_attr_verb_gate = _compile(
            alternation({*self.attr_verbs, "said", "says", "told"}))
        self._attr_prefixes_lower = tuple({p.lower() for p in self.attr_prefixes})
        # a subject-verb match ends with a verb as a whole word: find those first, then try
        # the (slow, unanchored) subject pattern only in the few words before each
        self.re_attr_verb_at = _compile(
            r"\b" + alternation(self.attr_verbs) + r"\b")
        self._attr_verb_words = frozenset(v.split()[0] for v in self.attr_verbs)
        subjects = alternation(self.attr_subjects) if self.attr_subjects else "(?!)"
        # words that never stand between a source noun and what qualifies it
        function_words = "and|or|but|a|an|of|to|in|on|at|by|for|with|that|which|who|as"
        self.re_subject_verb = _compile(
            rf"(?<![\w-])(?P<who>(?:(?:the|The)\s+)?(?:[a-z]+['’]s\s+)?(?:[A-Z][\w.&'’-]*\s+){{0,6}}?"
            rf"(?:[A-Z][\w.&'’-]*|(?:(?!(?:{function_words})\s)[a-z][\w-]*(?<=s)['’]?\s+|(?!(?:{function_words})\s)[a-z][\w-]*\s+){{0,2}}{subjects}))"
            rf"\s+(?:(?:has|have|had|also|previously|now|later)\s+)?(?P<verb>{verbs})\b"
        )
        # a lower-case word before a source noun ("Russian emergency services"), not a
        # function word ("of the department")
        modifier = rf"(?!(?:{function_words}|the)\s)[a-z][\w-]*\s+"
        # capitalised words, with "of", "and", "for" or "&" between them ("Bank of America Corp.")
        cap_name = r"[A-Z][\w.&'’-]*(?:\s+(?:(?:of|and|for|&)\s+)?[A-Z][\w.&'’-]*){0,5}"
        # "The Civil Human Rights Front, which organised the march, estimated": a relative
        # clause between the subject and its verb
        self.re_attr_relative = _compile(
            rf"(?<![\w-])(?P<who>{cap_name}|(?:(?:the|The)\s+)?(?:{modifier}){{0,2}}{subjects}),\s+"
            rf"(?:which|who)\s+"
            rf"[^,;]{{1,80}}?,\s+(?:(?:has|have|had|also|later)\s+)?(?P<verb>{verbs})\b"
        )
        # "a rapid scientific analysis published on July 9 that said": a reporting noun, what
        # was done with it (cues.toml [attribution] report_verbs), and "that"
        report_verbs = alternation(self.attr_report_verbs) if self.attr_report_verbs else "(?!)"
        self.re_attr_that = _compile(
            rf"\b(?P<who>(?:a|an|the|A|An|The)\s+(?:[\w-]+\s+){{0,3}}?{subjects})\s+"
            rf"(?:(?:{report_verbs})\b[^,;.]{{0,50}}?\s+"
            rf"(?:that\s+)?|that\s+)(?P<verb>{verbs})\b"
        )
        # "Sysco Corp. (SYY.N) on Monday said", "China late on Friday reported": the day
        # between the subject and its verb
        self.re_attr_day = _compile(
            rf"(?<![\w.-])(?P<who>{cap_name}|(?:(?:the|The)\s+)?(?:{modifier}){{0,2}}{subjects})"
            rf"(?:\s*\([^()]{{1,20}}\))?\s+(?:(?:late|early)\s+)?on\s+(?:{_DAYS}|(?:{MONTHS})\.?\s+\d{{1,2}})"
            rf"\s+(?:(?:also|again)\s+)?(?P<verb>{verbs})\b"
        )
        # gates: the two patterns above are tried only where these literal-led ones match,
        # each the end of its pattern's every match (the day and the verb; the comma, the
        # relative clause and the verb): re scans for them at C speed, where the subject
        # patterns, which open with a look-behind, are tried at every character
        self.re_on_day = _compile(
            rf"on\s+(?:{_DAYS}|(?:{MONTHS})\.?\s+\d{{1,2}})\s+(?:(?:also|again)\s+)?(?:{verbs})\b")
        self.gate_attr_relative = _compile(
            rf",\s+(?:which|who)\s+[^,;]{{1,80}}?,\s+(?:(?:has|have|had|also|later)\s+)?"
            rf"(?:{verbs})\b")
        self.re_that_verb = _compile(
            rf"that\s+(?:{verbs})\b|{report_verbs}")
        participles = alternation(self.attr_participles) if self.attr_participles else "(?!)"
        # "The Hong Kong police has since provided a much more conservative figure, saying
        # there were 338,000": the sentence's subject, then ", saying"
        self.re_attr_participle = _compile(
            rf"(?:(?:The|the)\s+)?(?P<who>(?:[A-Z][\w.&'’-]*\s+){{0,5}}?"
            rf"(?:(?:[a-z][\w-]*\s+)?{subjects}\b|[A-Z][\w.&'’-]*))\s+(?!(?:{subjects})\b)[a-z]"
            rf"[^;:]*?,\s+(?P<verb>{participles})\b(?!\s+to\b)"
        )
        self._participle_words = tuple(self.attr_participles)
        attribution = self.rules.cues["attribution"]
        preps = alternation(attribution.get("place_prepositions", [])) or "(?!)"
        dirs = alternation(attribution.get("place_directions", [])) or "(?!)"
        self.re_locative_before = _compile(
            rf"(?P<head>(?:[\w.&'’-]+\s+){{0,3}}?[\w.&'’-]+)\s+(?:{preps})\s+"
            rf"(?:(?:{dirs})\w*\s+)?$")
        # what every match of re_locative_before ends with: tried first, it scans the window
        # at C speed where the full pattern tries its words from every character
        self.gate_locative = _compile(rf"\s(?:{preps})\s+(?:(?:{dirs})\w*\s+)?$")
        self.re_said_name = _compile(
            r"\b(?:said|says|told)\s+(?P<who>(?:[A-Z][\w.'’-]+\s*){1,5})"
        )
        # Lower-case words open every alternative (re rejects them at a glance where they
        # cannot start); a sentence's capitalised first word is tried lower-cased (time())
        self.re_time_phrase = _compile(
            rf"""(?<!\w)(?:\b(?:as\s+of|since|by|until|through|on|in|during|at\s+the\s+end\s+of|for)\s+
                 (?:(?:the\s+)?(?:first|second|third|fourth|final|last)\s+(?:quarter|half|week|month)
                    (?:\s+of\s+(?:\d{{4}}|the\s+year))?
                   |(?:{_DAYS})(?:\s*\((?:{MONTHS})\.?\s+\d{{1,2}}\))?
                   |(?:mid-|early\s+|late\s+)?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?
                   |\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?
                   |(?:mid-|early\s+|late\s+)?\d{{4}}(?:\s*[-–]\s*\d{{2,4}})?
                   |(?:last|this|next)\s+(?:week|month|year|quarter|weekend|(?:{MONTHS})\b\.?))
               |\b(?:between|from)\s+{_PERIOD_END}\s+(?:and|to|until|through)\s+
                  (?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+)?{_PERIOD_END}
               |\b(?:last|this|next)\s+(?:week|month|year|quarter|weekend|(?:{MONTHS})\b\.?)
               |\b(?:yesterday|today|tonight)
               |\b(?:early\s+|late\s+)?(?:{_DAYS})(?:\s+(?:morning|afternoon|evening|night))?\b
               |\b(?:a|one|two|three)\s+(?:day|week|month|year)s?\s+(?:earlier|ago|before)
               |\bQ[1-4]\s+\d{{4}}|\b[1-4]Q\s?\d{{2,4}})
            """,
            re.VERBOSE,
        )
        scope_alt = alternation(self.scope_cues)
        self.re_scope = _compile(rf"(?<![\w-])(?:{scope_alt})(?![\w-])")
        self.re_alone = _compile(r"\b(?:in|for|at)\s+(?:[A-Z][\w'-]*\s*){1,4}alone\b")
        self._compile_roles(bound_alt)
        self._ascii = self._ascii_view()

    def _compile_roles(self, bound_alt: str) -> None:
        """The cues of a duration's role (rules/cues.toml [roles]) as patterns over the text
        before or after the number."""

        def alt(key: str) -> str:
            words = self.roles.get(key, [])
            return alternation(words, ignorecase=True) if words else "(?!)"

        # "aged 29", "at the age of 86", "ages 47": the cue ends right before the number
        self.re_role_age = _compile(rf"(?<![\w-]){alt('age_before')}\s+$", re.IGNORECASE)
        # "a 21-year veteran", "a 21-year FBI veteran", "12 years as mayor"
        self.re_role_tenure = _compile(
            rf"^(?:[\s-]+[\w.'’]+){{0,2}}?[\s-]+{alt('tenure_nouns')}(?![\w-])"
            rf"|^\s+{alt('tenure_after')}(?![\w-])", re.IGNORECASE)
        # "rose over 20 years", "in the past five years", "in under three hours"
        self.re_role_span_before = _compile(
            rf"(?:^|(?<=[\s(,]))(?P<cue>{alt('span_before')})\s+(?:{bound_alt}\s+)?$",
            re.IGNORECASE)
        # "eight days ago", "two weeks before the shooting"
        self.re_role_span_after = _compile(rf"^\s+{alt('span_after')}(?![\w-])",
                                             re.IGNORECASE)
        # "for over 20 years", "spent over 20 years": "over" is then a bound
        self.re_over_bound = _compile(rf"(?<![\w-]){alt('over_bound')}\s+$", re.IGNORECASE)

    def _ascii_view(self) -> Extractor:
        """This extractor with its patterns compiled with re.ASCII, for ASCII text.

        On a string of ASCII characters but \\x1c-\\x1f (which Unicode counts as white space)
        \\w, \\d, \\s, \\b and IGNORECASE match exactly as in Unicode mode, and re tests them
        with a table lookup instead of a call into the Unicode database per character. A
        pattern holding a character that Unicode case folding takes to an ASCII letter (the
        Kelvin sign, long s, dotted and dotless i) keeps its Unicode form."""
        view = copy.copy(self)
        for name, rx in vars(self).items():
            if isinstance(rx, re.Pattern) and isinstance(rx.pattern, str) \
                    and _CASE_FOLDS.search(rx.pattern) is None:
                setattr(view, name, _compile(_ascii_letters(rx.pattern),
                                             rx.flags & ~re.UNICODE | re.ASCII))
        view._ascii = view
        return view

    # -- public API -----------------------------------------------------------------------
    def extract(self, doc: Document, seg: Segmented | None = None) -> list[Claim]:
        """All claims in a document, in text order."""
        text = doc.text
        seg = seg or segment_document(doc)
        view = seg.view or text
        # ASCII text (most wire copy) is read with the patterns compiled for ASCII
        ex = self._ascii if text.isascii() and _UNICODE_SPACE.search(text) is None else self
        code = doc.language if doc.language is not None else self.languages.detect(text)
        if code != "en" and code is not None and code in self.languages.by_code:
            # a document in another language: its scale words, units and decimal mark
            ex = self._view(code, document_convention(text))
            seg = _join_abbreviation_breaks(text, seg, ex.re_scale_break)
        claims: list[Claim] = []
        sent_para = seg.sentence_paragraph
        para_story = seg.paragraph_story
        # invisible characters or another script's separators inside a number ("1\u200b2",
        # "١٬٢٠٠", "１２，０００"): such sentences are read with them joined (_glued_sentence)
        glued = not text.isascii() and _GLUE_CHARS.search(text) is not None
        for sent in seg.sentences:
            para = sent_para[sent.index]
            story = para_story[para] if para_story else 0
            if view is text or view[sent.start : sent.end] == text[sent.start : sent.end]:
                if glued and _NUMBER_GLUE.search(text[sent.start : sent.end]):
                    claims.extend(ex._glued_sentence(doc, text, sent.start, sent.end, para,
                                                     story, len(claims)))
                    continue
                claims.extend(ex._sentence(doc, text, sent.start, sent.end, para, story,
                                           len(claims)))
            else:
                claims.extend(ex._wrapped_sentence(doc, text, view, sent.start, sent.end,
                                                   para, story, len(claims)))
        _locate(claims, text)
        return claims

    def _wrapped_sentence(self, doc: Document, text: str, view: str, s0: int, s1: int,
                          para: int, story: int, k0: int) -> list[Claim]:
        """Claims of a sentence that runs across soft line breaks: read as the unwrapped
        sentence (each break, with the markers blanked after it, one space), then put back
        on the original text: spans index ``text``, the sentence is the view's (the same
        length, so ``start - sentence_start`` still places a claim in it)."""
        sentence = view[s0:s1]
        original = text[s0:s1]
        # keep[i]: where character i of the unwrapped sentence is in the sentence
        parts: list[str] = []
        keep: list[int] = []
        pos = 0
        for m in _WS_RUN.finditer(sentence):
            a, b = m.span()
            if sentence[a:b] == original[a:b]:
                continue  # white space as written: read as written
            parts.append(sentence[pos:a])
            keep.extend(range(pos, a))
            parts.append(" ")
            keep.append(a)
            pos = b
        parts.append(sentence[pos:])
        keep.extend(range(pos, len(sentence)))
        return self._read_mapped(doc, text, s0, sentence, "".join(parts), keep, para, story, k0)

    def _read_mapped(self, doc: Document, text: str, s0: int, sentence: str, flat: str,
                     keep: list[int], para: int, story: int, k0: int) -> list[Claim]:
        """Claims of ``flat``, a rewritten copy of the sentence at ``s0`` (``keep[i]``: where
        its character i stands in the sentence), put back on the text: spans index
        ``text``, the sentence is ``sentence``."""
        keep.append(len(sentence))
        out = self._sentence(doc, flat, 0, len(flat), para, story, k0)
        for c in out:
            start, end = s0 + keep[c.start], s0 + keep[c.end - 1] + 1
            # claims are fresh from _new_claim and not shared yet: fill in their place
            c.__dict__.update(start=start, end=end, text=text[start:end], sentence=sentence,
                              sentence_start=s0)
        return out

    def _glued_sentence(self, doc: Document, text: str, s0: int, s1: int, para: int,
                        story: int, k0: int) -> list[Claim]:
        """Claims of a sentence with invisible characters (zero-width space, joiner, soft
        hyphen, BOM) or Arabic or full-width separators between digits: read with the
        invisible ones dropped and the separators as "," and ".", so "1\u200b2" is 12, not 1
        and 2, and "١٬٢٠٠" is 1200; spans and the sentence are put back on the text."""
        sentence = text[s0:s1]
        parts: list[str] = []
        keep: list[int] = []  # keep[i]: where character i of the read sentence is in it
        pos = 0
        for m in _NUMBER_GLUE.finditer(sentence):
            a, b = m.span()
            parts.append(sentence[pos:a])
            keep.extend(range(pos, a))
            mark = _GLUE_AS.get(m.group())
            if mark is not None:
                parts.append(mark)
                keep.append(a)
            pos = b
        parts.append(sentence[pos:])
        keep.extend(range(pos, len(sentence)))
        return self._read_mapped(doc, text, s0, sentence, "".join(parts), keep, para, story, k0)

    def language(self, doc: Document) -> str:
        """The language ``extract`` reads ``doc`` in: its ``language`` when set, else the
        detector's (rules/numbers.toml), "en" for English and anything it cannot tell."""
        if doc.language is not None:
            return doc.language
        code = self.languages.detect(doc.text)
        return code if code is not None and code in self.languages.by_code else "en"

    def _read_num(self, num: str) -> tuple[Decimal, str, str | None]:
        """The value of a number as written, its digits, and how its format was decided
        (None in English documents: a comma groups, a point is a decimal point)."""
        if self.lang is None:
            if num.isdigit():
                return Decimal(num), num, None
            digits = num.replace(",", "")  # "1,234.5": the common case, without a regex
            if not digits.isascii() or "'" in digits:
                digits = _GROUPING.sub("", digits)
            return Decimal(digits), digits, None
        return read_number(num, self.convention, self.lang.decimal)

    def _view(self, code: str, convention: str | None) -> Extractor:
        """This extractor for documents in language ``code`` whose decimal mark is
        ``convention``: units.toml with the language's tables of rules/numbers.toml merged
        over it, compiled once per language."""
        key = (code, convention)
        view = self._views.get(key)
        if view is not None:
            return view
        base = self._views.get((code, None))
        if base is None:
            lang = self.languages.by_code[code]
            base = copy.copy(self)
            base._views = self._views
            base.lang = lang
            base.units = _LanguageUnits(self.units, lang)  # type: ignore[assignment]
            # the language's function words are no concept words ("die" is no death in
            # German); its own memo of concept words, as they read differently here
            if lang.number_words:
                # "deux millions", "zwei Millionen", "dos millones", "due milioni"
                base.number_words = lang.number_words
                base.scale_only = lang.scale_only
                base.re_articles = alternation(lang.scale_only, ignorecase=True) \
                    if lang.scale_only else "(?!)"
                base.gate_number_word = _compile(alternation(
                    [*lang.number_words, *lang.scale], ignorecase=True))
            base.stopwords = self.stopwords | lang.stopwords | frozenset(
                c.strip("'’").lower() for c in lang.connectors)
            base._concept_memo = {}
            conn = sorted(lang.connectors, key=len, reverse=True)
            base.re_connector = _compile(
                r"[ \t\u00a0]+(?:" + "|".join(
                    re.escape(c) + ("" if c.endswith(("'", "’")) else r"[ \t\u00a0]+")
                    for c in conn) + ")") if conn else None
            base.re_unit_gap = _UNIT_GAP_INTL
            dotted = [w for w in lang.scale if w.endswith(".")]
            base.re_scale_break = _compile(
                r"\d\s?(?i:" + "|".join(re.escape(w) for w in dotted) + r")\s*$"
            ) if dotted else None
            base._compile()
            # a rate: "85,4 dólares por barril", "85,30 Dollar je Barrel"; Italian "per" is
            # "for" ("3,5 miliardi di euro per la ricostruzione"), never a rate here
            base.re_per = _compile(r"\s*(?:/|(?:por|je|pro|par)\s+)", re.IGNORECASE)
            # "12 345 678" groups digits in these languages; it is no phone number
            base.re_phone = _compile(r"(?!\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]))"
                                       + self.re_phone.pattern)
            base._ascii = base
            self._views[(code, None)] = base
        view = base
        if convention is not None:
            view = copy.copy(base)
            view.convention = convention
            view._ascii = view
            self._views[key] = view
        return view

    # -- one sentence ---------------------------------------------------------------------
    def _sentence(self, doc: Document, text: str, s0: int, s1: int, para: int = 0,
                  story: int = 0, k0: int = 0) -> list[Claim]:
        """Claims of text[s0:s1]; ids continue from ``k0`` claims already found."""
        sentence = text[s0:s1]
        has_digit = self.re_digit.search(sentence) is not None
        low = sentence.lower()
        # without digits, only the common number words open a sentence ("zero" alone, as in
        # "below zero", does not)
        if not has_digit and self.gate_number_word.search(low) is None:
            return []
        # every number word, vague amount or fraction the scanner reads is a whole word
        has_words = self.re_gate_word.search(low) is not None
        if not has_digit and not has_words:
            return []
        if has_digit:
            masked, others = self._mask_non_quantities(sentence)
        else:
            masked, others = sentence, []
        nums = self._scan_numbers(sentence, masked, has_words)
        nums = self._join_ranges(sentence, nums)
        ctx = _SentenceContext(self, sentence, low)
        ctx.figures = sorted(n.start for n in nums if n.kind == "quantity")
        out: list[Claim] = []
        prev: _Num | None = None
        for n in nums:
            if n.kind != "quantity":
                continue
            self._read_role(sentence, n, prev)
            self._read_bound(sentence, n)
            self._read_change(sentence, n)
            if (prev is not None and (prev.change is not None or prev.bound in (">", "<", ">=", "<="))
                    and _RESTATED.fullmatch(sentence, prev.end, n.start)):
                # "lost 190 points, or 0.6%", "grew by 125,600 positions or 2.2 per cent",
                # "dropped by 1 to 1.5 degrees Celsius (1.8 to 2.7 Fahrenheit)", "more than
                # 100 kilometers (60 miles)": the same figure restated in another unit keeps
                # its direction and its bound
                if n.change is None and prev.change is not None and n.role is None:
                    n.change = prev.change
                    n.context.append("or")
                    if "to" in prev.context:
                        n.context.append("to")  # "rose to $5bn (£4bn)": still a level
                if (n.bound == "=" and prev.bound in (">", "<", ">=", "<=")
                        and sentence[prev.end : n.start].strip() != "or"):
                    # "around 25k or 40k" are two figures; an approximation needs no echo
                    n.bound = prev.bound
            if (n.unit is None and not n.currency and prev is not None and prev.unit
                    and prev.unit_kind in ("count", "alias", "ambiguous", "special")
                    and n.start - prev.end <= 60 and (prev.change is None or "to" in prev.context)):
                self._inherit_unit(sentence, prev, n)
            prev = n
            claim = self._claim(doc, text, s0, sentence, n, ctx,
                                f"{doc.id}#{k0 + len(out) + 1}", para, story)
            if not _finite(claim):
                # "2 x 10^999 kg": beyond any measure and beyond a float (JSON has no
                # Infinity): kept as a figure out of range, with no value
                values = dict(_CLAIM_DEFAULTS)
                values.update(id=claim.id, doc=claim.doc, start=claim.start, end=claim.end,
                              text=claim.text, sentence=sentence, kind="out_of_range",
                              sentence_start=s0, paragraph=para, story=story)
                claim = _new_claim(values)
            out.append(claim)
        for kind, a, b in others:
            claim = dict(_CLAIM_DEFAULTS)
            claim.update(
                id=f"{doc.id}#{k0 + len(out) + 1}", doc=doc.id, start=s0 + a, end=s0 + b,
                text=sentence[a:b], sentence=sentence, kind=kind, sentence_start=s0,
                paragraph=para, story=story,
            )
            out.append(_new_claim(claim))
        return out

    # -- stage 1: what is not a quantity --------------------------------------------------
    def _mask_non_quantities(self, s: str) -> tuple[str, list[tuple[str, int, int]]]:
        spans: list[tuple[str, int, int]] = []
        # the sentence with every span taken so far blanked out by NULs (same length as s).
        # Spans are taken in passes, each over the text as masked before it (one pass's
        # matches never overlap one another); ``flush`` blanks a pass's spans in one copy of
        # the sentence, not one copy per span (quadratic in a sentence of 20,000 times)
        masked = s
        pending: list[tuple[int, int]] = []
        batch = len(s) > _MASK_BATCH  # a short sentence is simply copied per span

        def take(kind: str, a: int, b: int) -> None:
            nonlocal masked
            if "\0" in masked[a:b]:
                return
            spans.append((kind, a, b))
            if batch:
                pending.append((a, b))
            else:
                masked = masked[:a] + "\0" * (b - a) + masked[b:]

        def flush() -> str:
            nonlocal masked
            if pending:
                parts: list[str] = []
                pos = 0
                for a, b in sorted(pending):
                    parts.append(masked[pos:a])
                    parts.append("\0" * (b - a))
                    pos = b
                parts.append(masked[pos:])
                masked = "".join(parts)
                pending.clear()
            return masked

        if pending:
            flush()
        if _MONTH_GATE.search(s) or self.gate_numeric_date.search(s):
            for m in self.re_date.finditer(s):
                take("date", m.start(), m.end())
        # each pattern runs only where a cheap gate (a regex that starts with a digit or a
        # literal, which re scans for at C speed) shows it could match
        if pending:
            flush()
        if ":" in s or self.gate_time.search(s):
            for m in self.re_time.finditer(s):
                take("time_of_day", m.start(), m.end())
        if pending:
            flush()
        if self.gate_phone.search(s):
            for m in self.re_phone.finditer(s):
                take("phone", m.start(), m.end())
        if pending:
            flush()
        if "yard" in s:
            for m in _YARD_LINE.finditer(masked):
                take("position", m.start(), m.end())
        if pending:
            flush()
        if "#" in s or ("op" in s and _RANK_GATE.search(s)):
            for m in _RANK.finditer(masked):
                take("rank", m.start(), m.end())
        if pending:
            flush()
        scores = self.gate_score.search(s) is not None  # records, then scores: one test
        if scores:
            for m in _RECORD.finditer(masked):
                take("score", m.start(), m.end())
        if pending:
            flush()
        if self.gate_ordinal.search(s):
            for m in self.re_ordinal.finditer(masked):
                take("ordinal", m.start(), m.end())
        if pending:
            flush()
        if _DECADE_GATE.search(s):
            for m in self.re_decade.finditer(masked):
                take("year", m.start(), m.end())
        if pending:
            flush()
        for m in (self.re_score.finditer(masked) if scores else ()):
            before = s[max(0, m.start() - 40) : m.start()].lower()
            after = s[m.end() : m.end() + 25].lower()
            if _rx(r"\b(?:won|win|lost|lose|beat|beating|defeated|draw|drew|score|scored|"
                         r"victory|aggregate|lead|led|trail|down|up|final|match|game)\b").search(before + " " + after):
                take("score", m.start(), m.end())
        if pending:
            flush()
        for m in _search_idents(self.re_ident, masked, self.re_digit):
            a, b = m.start(), m.end()
            word = m.group()
            prev = s[max(0, a - 14) : a]
            lead = _LEAD_LETTERS.match(word)
            if lead and (lead.group() in self.units.currency_symbols
                         or lead.group() in ("R", "Rs", "RM") or s[a - 1 : a] == "$"):
                continue  # currency glued to digits: USD34.6, RM79, $US113 (not A320, S23)
            hy = _HYPHEN_LEAD.match(word)
            if hy and hy.group(1).lower() in _HYPHEN_WORDS:
                continue  # "minus-130 degrees", "sub-7 nanometer", "her now-18 month-old"
            if word[0].isdigit() and not _rx(r"^\d+[A-Z]").match(word):
                # number after a capitalised word: "iPhone 15", "S&P 500", "Boeing 787"
                pm = _rx(r"([A-Za-z&.]+)\s$").search(prev)
                if not pm:
                    continue
                pw = pm.group(1)
                if (pw.rstrip(".") in MONTHS.split("|") or pw.lower() in self.bound_before
                        or pw in self.units.currency_symbols or pw.lower() in _FUNCTION
                        or not any(ch.isupper() or ch == "&" for ch in pw)
                        or _rx(r"[.,]\d").match(s[b : b + 2])):
                    continue
                if _rx(r"\s*(?:million|billion|thousand|bn|mn|m\b|k\b|%)").match(s[b:]):
                    continue
                unit_after = self._unit_at(s[b : b + 30])
                if unit_after is not None and unit_after[2] != "count":
                    continue
            else:
                m2 = _rx(r"^\d+([A-Za-z]+)$").match(word)
                if m2 and (m2.group(1) in self.units.scale_abbrev
                           or self.unit_forms.get(m2.group(1)) is not None
                           or m2.group(1).lower() in self.units.scale
                           or m2.group(1).lower() in self.unit_forms_lower):
                    continue  # 5km, 35m, 10bn: a quantity
                if _rx(r"^[A-Za-z]+\d").match(word):
                    letters = _rx(r"^[A-Za-z]+").match(word).group()  # type: ignore[union-attr]
                    if letters in self.units.currency_symbols:
                        continue
            take("identifier", a, b)
        # Years: four digits from 1500 to 2100 with no unit after them.
        if pending:
            flush()
        for m in (self.re_year.finditer(masked) if self.gate_year.search(masked) else ()):
            a, b = m.start(), m.end()
            before = s[max(0, a - 12) : a].lower()
            after = s[b : b + 20]
            if _rx(r"(?:\$|£|€|¥)\s?$").search(before):
                continue
            if _rx(r"\s*(?:million|billion|thousand|per|%|percent)", re.IGNORECASE).match(after):
                continue
            u = self._unit_at(after)
            if u is not None and u[2] != "count":
                if not _rx(r"\b(?:in|since|by|of|from|until|through|between|year|early|"
                                 r"late|mid|the|and|to)\s*$").search(before):
                    continue
            # "from 1000 to 2000 hires", "2000 - 2500 Calories": the other end is no year
            om = _rx(r"(?<![\d,.])(\d[\d,]*)\s*(?:to|-|–)\s*$").search(before) or _rx(r"\s*(?:to|-|–)\s*(\d[\d,]*)(?![\d,]*\.\d)").match(after)
            if om and not _rx(r"1[5-9]\d\d|20\d\d|\d\d").fullmatch(om.group(1)):
                continue
            noun = _rx(r"\s*([A-Za-z]+)").match(after)
            # "the 2008 raid", "2012 Oscars": a count of two thousand takes a plural common
            # noun, so a singular or capitalised word after a bare four-digit year names an event
            attributive = noun is not None and (
                noun.group(1)[0].isupper()
                or singular(noun.group(1), self.plural) == noun.group(1).lower())
            if u is not None and u[2] == "count" and not attributive and _rx(r"\b(?:about|some|over|nearly|than|of|the|least|almost|around|only|just)\s*$").search(before):
                continue
            take("year", a, b)
        # the second end of a masked date or year span: "Sept. 20-24", "2014-15", "2019-20"
        if pending:
            flush()
        ending = {y: k for k, (kind, _x, y) in reversed(list(enumerate(spans)))
                  if kind in ("date", "year")} if spans else {}  # the first to end at each place
        for m in (self.re_second_end.finditer(masked) if "\0" in masked else ()):
            a, b = m.start() + 1, m.end()
            k = ending.get(a)
            if k is not None:
                kind, x, _y = spans[k]
                spans[k] = (kind, x, b)
                pending.append((a, b))
        return flush(), spans

    # -- stage 2: numbers -----------------------------------------------------------------
    def _iter_numbers(self, masked: str) -> Iterator[re.Match[str]]:
        # every match holds a digit within ``_num_reach`` characters of its start (the
        # longest currency prefix, a space and a sign)
        return _search_near_digits(self.re_number, masked, self._num_reach, self.re_digit)

    def _scan_numbers(self, s: str, masked: str, has_words: bool = True) -> list[_Num]:
        found: list[_Num] = []
        occupied = [False] * (len(s) + 1)
        # proportions first: "one in four", "1 out of 5", "1/2 pound", "1/16 of a pint"
        if (" in " in masked or " out of " in masked or "/" in masked or "⁄" in masked):
            for n in self._proportions(s, masked):
                found.append(n)
                for i in range(n.start, n.end):
                    occupied[i] = True
        if "10" in masked and ("×" in masked or "x10" in masked or "x 10" in masked
                               or "*10" in masked):
            # scientific notation: "1.99×10−30 kilograms", "6.02 x 10^23", "3x10⁸"
            for m in _SCIENTIFIC.finditer(masked):
                exp = (m.group("e") or m.group("e2") or m.group("e3")).translate(
                    _SUPERSCRIPTS).replace("−", "-")
                try:
                    value = Decimal(m.group("m")).scaleb(int(exp))
                except (InvalidOperation, ValueError):
                    continue
                n = _Num(m.start(), m.end(), value, digits=m.group("m"))
                n.scale = Decimal(1).scaleb(int(exp))
                found.append(n)
                for i in range(n.start, n.end):
                    occupied[i] = True
        for m in self._iter_numbers(masked):
            if found and occupied[m.start("num")]:
                continue
            num = m.group("num")
            if len(num.replace(",", "").replace(".", "")) > MAX_DIGITS:
                continue
            a = m.start("cur") if m.group("cur") else m.start("sign") if m.group("sign") else m.start("num")
            b = m.end()
            cur = m.group("cur")
            currency = self.units.currency_symbols.get(cur.strip()) if cur else None
            if self.lang is None and num.isdigit():  # "2019", "300": most numbers
                value, digits, number_format = Decimal(num), num, None
            else:
                try:
                    value, digits, number_format = self._read_num(num)
                except InvalidOperation:
                    continue
            if m.group("frac"):
                value += _UNICODE_FRACTIONS[m.group("frac").strip()]
            if m.group("sign") in ("-", "−"):
                value = -value
            elif a >= 6 and s[a - 1] in " -" and s[a - 6 : a - 1].lower() == "minus":
                value = -value  # "minus-130 degrees Fahrenheit", "minus 233 Celsius"
                a -= 6
            n = _Num(a, b, value, currency=currency, digits=digits, number_format=number_format)
            scale = m.group("scale")
            abbr = m.group("abbr")
            if m.group("abbrs"):
                n.scale = Decimal(str(self.units.scale_abbrev[m.group("abbrs")]))
                n.scaled = True
            elif scale:
                # "hundred" only as part of a bigger number word; "5 hundred" is rare
                n.scale = Decimal(str(self.units.scale[scale.lower()]))
                n.scaled = True
            elif m.group("abbrcur") and currency is not None:
                n.scale = Decimal(str(self.units.scale_after_currency[m.group("abbrcur")]))
                n.scaled = True
            elif abbr:
                if self._abbr_is_scale(s, m, abbr, currency):
                    n.scale = Decimal(str(self.units.scale_abbrev[abbr]))
                    n.scaled = True
                else:
                    b = m.start("abbr")
                    n.end = b
            n.value = value * n.scale
            if not n.scaled:
                n.end = m.end("frac") if m.group("frac") else m.end("num")
            found.append(n)
            for i in range(n.start, n.end):
                occupied[i] = True
        if not has_words:
            found.sort(key=lambda n: n.start)
            return found
        lowered = masked.lower()
        if len(lowered) == len(masked):
            # every match holds a gate word near its start: try the patterns only there
            anchors = [m.start() for m in self.re_gate_word.finditer(lowered)]
            vague_iter = _search_from(self.re_vague, masked, anchors, 0)
            fraction_iter = _search_from(self.re_fraction, masked, anchors, 4)
            words_iter = _search_words(self.re_words, masked, anchors, self._num_reach - 2)
        else:
            vague_iter = self.re_vague.finditer(masked)
            fraction_iter = self.re_fraction.finditer(masked)
            words_iter = self.re_words.finditer(masked)
        for m in vague_iter:
            a, b = m.start("w"), m.end("w")
            if any(occupied[a:b]):
                continue
            lo, hi = self.units.vague[m.group("w").lower()]
            n = _Num(a, b, Decimal(0), low=_dec(lo), high=_dec(hi), vague=True, words=True,
                     context=[m.group("w").lower()])
            found.append(n)
            for i in range(a, b):
                occupied[i] = True
        for m in fraction_iter:
            a, b = m.start("w"), m.end("w")
            if any(occupied[a:b]):
                continue
            parts = _rx(r"[\s-]+").split(m.group("w").lower())
            numerator = _UNITS_WORDS.get(parts[0], 1)  # "a half", "two-thirds"
            word = parts[-1].removesuffix("s")
            n = _Num(a, b, numerator * _FRACTION_WORDS[word], words=True)
            n.unit, n.unit_kind, n.surface_unit = "fraction", "special", m.group("w")
            found.append(n)
            for i in range(a, b):
                occupied[i] = True
        for m in words_iter:
            a, b = m.start(), m.end()
            if any(occupied[a:b]):
                continue
            phrase = m.group("w")
            value = _parse_number_words(phrase, self.units.scale, self.number_words)
            if value is None:
                continue
            low = phrase.lower()
            after = s[b : b + 30]
            one_of = low == "one" and _ONE_OF.match(s, b, b + 90) is not None
            if (low in ("one", "a", "an") or low.startswith(("a ", "an ")) and value < 100) and not one_of:
                if not self._one_is_quantity(s, b):
                    continue
            if low == "one" and not one_of and _rx(r"\s+(?:of|another|day|time|way|thing|side|hand)\b").match(after):
                continue
            cur = m.group("cur")
            n = _Num(a, b, value, words=True,
                     currency=self.units.currency_symbols.get(cur.strip()) if cur else None,
                     role="selection" if one_of else None)
            n.digits = str(value)
            scales = [self.units.scale[w] for w in _rx(r"[^\W\d_]+").findall(low)
                      if w in self.units.scale and w != "hundred"]
            n.scaled = bool(scales)
            if scales:
                n.scale = Decimal(str(max(scales))).normalize()
            found.append(n)
            for i in range(a, b):
                occupied[i] = True
        found.sort(key=lambda n: n.start)
        return found

    def _proportions(self, s: str, masked: str) -> list[_Num]:
        """"one in four", "one out of three", "1 in 5": the share a/b (a fraction); "1/2
        pound", "1/16 of a pint", "3/4 of": a/b written with a slash, read only before "of" or
        a unit (not "24/7", "9/11")."""
        out: list[_Num] = []
        # every match has a number of at most _PROPORTION_REACH characters right before the
        # white space ahead of "in"/"out of": try the pattern only there
        anchors = [m.start() for m in self.re_proportion_conn.finditer(masked)]
        for m in _search_from(self.re_proportion, masked, anchors, _PROPORTION_REACH):
            a, b = (_word_or_int(m.group(k)) for k in ("a", "b"))
            if a is None or b is None or not 0 < a < b:
                continue
            n = _Num(m.start(), m.end(), Decimal(a) / Decimal(b), words=not m.group("a").isdigit())
            n.digits = str(n.value)
            n.unit, n.unit_kind, n.surface_unit = "fraction", "special", m.group()
            out.append(n)
        if "/" not in masked and "⁄" not in masked:
            return out  # every slash fraction has its slash
        # the proportions are in text order and do not overlap: their ends ascend
        ends = [x.end for x in out]
        props = list(out)
        for m in self.re_slash_fraction.finditer(masked):
            a, b = int(m.group("a")), int(m.group("b"))
            if not 0 < a < b:
                continue
            after = s[m.end() : m.end() + 40]
            unit = self._unit_at(after)
            if not (_rx(r"\s+of\b").match(after) or unit is not None and unit[2] != "count"):
                continue
            k = bisect_right(ends, m.start())  # the first proportion ending after m starts
            if k < len(props) and props[k].start < m.end():
                continue
            n = _Num(m.start(), m.end(), Decimal(a) / Decimal(b))
            n.digits = str(n.value)
            out.append(n)
        return out

    def _abbr_is_scale(self, s: str, m: re.Match[str], abbr: str, currency: str | None) -> bool:
        after = s[m.end() : m.end() + 20]
        glued = m.start("abbr") == m.end("num") or m.start("abbr") == m.end("frac")
        if abbr in ("m", "M", "k", "K", "b", "B", "T", "tr"):
            if not glued:
                return abbr in ("m", "M") and currency is not None and False
            if currency is not None:
                return True
            if abbr in ("m",):
                # "35m of its devices", "5m people": million; "100m sprint", "3m high": metres
                if _rx(r"\s+(?:high|tall|long|deep|wide|above|below|away|sprint|race|"
                            r"hurdles|freestyle|metres|meters|from|in\s+diameter)\b").match(after):
                    return False
                nxt = _rx(r"\s+([a-z]+)").match(after)
                if nxt and (nxt.group(1) in ("of", "people", "users", "customers", "viewers")
                            or (nxt.group(1).endswith("s") and nxt.group(1) not in _FUNCTION)):
                    return True
                # "2.7m combined digital and physical sales": a counted plural a few words on
                # (joined modifiers only: "10m air rifle finals" stays metres)
                window = s[m.end() : m.end() + 60]
                cm = self._counted_noun(window)
                return cm is not None and cm[1][:1].islower() and cm[1].endswith("s") \
                    and not cm[1].endswith("ss") and _rx(r"\s(?:and|or)\s").search(window[: cm[2]]) is not None
            if abbr == "M":
                return True  # "4.3M sales": metres are written with a small m
            if abbr in ("k", "K"):
                return not _rx(r"\s*(?:run|race|m\b)").match(after)
            return abbr in ("b", "B") and _rx(r"\s+(?:of|in|to|from)\b").match(after) is not None
        return True

    def _one_is_quantity(self, s: str, end: int) -> bool:
        # "for one to two years", "one or two games": the first end of a range
        return self._unit_at(s[end : end + 40]) is not None or (
            s[end - 3 : end].lower() == "one" and _ONE_RANGE.match(s, end) is not None)

    # -- stage 3: ranges ------------------------------------------------------------------
    def _join_ranges(self, s: str, nums: list[_Num]) -> list[_Num]:
        for n in nums:
            self._read_unit(s, n)
        out: list[_Num] = []
        i = 0
        while i < len(nums):
            n = nums[i]
            if i + 1 < len(nums) and n.low is None:
                m2 = nums[i + 1]
                gap = s[n.end : m2.start]
                joined = self._range(s, n, m2, gap)
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
            out.append(n)
            i += 1
        return out

    def _range(self, s: str, a: _Num, b: _Num, gap: str) -> _Num | None:
        if b.low is not None:
            return None
        # the unit of the first may sit in the gap: "25% to 50%", "1 per cent to 1.5 per cent"
        unit_gap = gap
        if a.surface_unit and a.unit_end is not None:  # type: ignore[attr-defined]
            unit_gap = s[a.unit_end : b.start]  # type: ignore[attr-defined]
        if unit_gap == "-to-":
            unit_gap = " to "  # "a 0-to-60-mph time"
        m = self.re_range.match(unit_gap)
        if not m or m.end() != len(unit_gap):
            if unit_gap.endswith("from "):
                return self._to_from(s, a, b, unit_gap)
            return None
        conn = m.group("to").lower()
        # the words before the first figure, from a bounded window (a copy of the sentence's
        # start for each pair is quadratic in "1 and 2 and ... N"); one character more than
        # the window so that \b sees what precedes it
        lo = max(0, a.start - _BEFORE_RANGE)
        before = s[lo : a.start].lower()
        skip = 1 if lo else 0
        between = _rx(r"\bbetween\s+(?:(?:about|some|around|roughly)\s+)?$").search(before, skip)
        from_ = _rx(r"\bfrom\s+(?:(?:about|some|around|roughly|up\s+to)\s+)?$").search(before, skip)
        if conn == "and" and not between:
            return None
        if conn == "to" and not from_:
            # "rose 0.65 per cent to 27,349", "gained 64.06 points to 4,577.10": a change, then
            # the level it reached; "increased by $43.6 billion to $419.2 billion" likewise
            if a.unit_kind == "special" and b.unit is None:
                return None
            words = _rx(r"[a-z]+").findall(before[-40:])[-3:]
            verb = next((w for w in reversed(words) if w in self.change_verbs
                         or w in self.change_by), None)
            if verb and a.value > 0 and b.value > 4 * a.value * (b.scale if b.scaled and not a.scaled else 1):
                return None
        if conn == "or" and not (a.words and b.words) and not _rx(r"\b(?:years?|months?|weeks?|days?)\b").search(s[b.end:b.end + 10]):
            return None
        if conn == "/" and not (a.currency and b.currency):
            return None
        if conn == "—" and gap[:1].isspace() and gap[-1:].isspace():
            # a spaced em dash is a parenthetical break, not a range: "to gross over a billion
            # dollars — $1,039,263,762 to be exact" restates one figure
            return None
        if a.unit and b.unit and a.unit != b.unit and not (
            a.unit_kind == "currency" and b.unit_kind == "rate" and b.unit.startswith(a.unit + " /")
        ):
            return None  # but "$62 and $68 per share", "$500,000 to $1 million a year" are ranges
        if a.currency and b.currency and a.currency != b.currency:
            return None
        if a.unit_kind == "count" and b.unit_kind == "count" and a.unit != b.unit:
            return None
        # scale carried across only where meant: "10 and 20 billion" but not "$200 to $4 million"
        lo_v, hi_v = a.value, b.value
        if b.scaled and not a.scaled and a.value * b.scale <= b.value * Decimal("1.0000001"):
            if not (a.currency and b.currency and a.value > 0 and a.value * b.scale > b.value):
                lo_v = a.value * b.scale
        elif b.scaled and not a.scaled:
            lo_v = a.value
        r = _Num(a.start, b.end, Decimal(0), currency=a.currency or b.currency)
        r.low, r.high = lo_v, hi_v
        r.digits = b.digits
        r.scale = b.scale
        r.unit = b.unit or a.unit
        r.surface_unit = b.surface_unit or a.surface_unit
        r.unit_kind = b.unit_kind or a.unit_kind
        r.end = max(b.end, getattr(b, "unit_end", None) or b.end)
        r.unit_end = getattr(b, "unit_end", None)  # type: ignore[attr-defined]
        r.delta = b.delta
        r.transition = bool(from_) and conn == "to"
        r.context = a.context + b.context
        if lo_v > hi_v and not r.transition:
            if conn in ("-", "–", "—"):
                return None  # "2-0": handled as a score or two numbers
        return r

    def _to_from(self, s: str, a: _Num, b: _Num, unit_gap: str) -> _Num | None:
        """"narrowed to 138,285 lots from 212,577 lots", "fell to 3.5% from 3.7%": a change
        told backwards, from ``b`` (low) to ``a`` (high), like "from X to Y"."""
        if unit_gap.strip() != "from" or a.vague or b.vague:
            return None
        words = _rx(r"[a-z]+").findall(s[max(0, a.start - 40) : a.start].lower())[-3:]
        if words[-1:] != ["to"] or not any(w in self.change_verbs for w in words[:-1]):
            return None
        if a.unit and b.unit and a.unit != b.unit or (a.currency or b.currency) != (b.currency or a.currency):
            return None
        r = _Num(a.start, b.end, Decimal(0), currency=a.currency or b.currency)
        r.low, r.high = b.value, a.value
        r.digits, r.scale = a.digits, a.scale
        r.unit = a.unit or b.unit
        r.surface_unit = a.surface_unit or b.surface_unit
        r.unit_kind = a.unit_kind or b.unit_kind
        r.end = max(b.end, getattr(b, "unit_end", None) or b.end)
        r.unit_end = getattr(b, "unit_end", None)  # type: ignore[attr-defined]
        r.transition = True
        r.context = a.context + b.context
        return r

    # -- stage 4: units -------------------------------------------------------------------
    def _unit_at(self, after: str) -> tuple[str, str, str, int] | None:
        """(canonical, surface, kind, length) of a unit at the start of ``after``."""
        m = self.re_unit_gap.match(after)
        off = m.end() if m else 0
        rest = after[off:]
        # the longer of the two readings: "degrees Fahrenheit" (case-sensitive) over "degrees"
        best = None
        for rx in (self.re_unit_ci, self.re_unit_cs):
            um = rx.match(rest)
            if um and (best is None or um.end() > best.end()):
                surface = um.group()
                if (self.unit_forms.get(surface) or self.unit_forms_lower.get(surface.lower())) is not None:
                    best = um
        if best is not None:
            surface = best.group()
            form = self.unit_forms.get(surface) or self.unit_forms_lower[surface.lower()]
            return form[0], surface, form[1], off + best.end()
        sym = self._unit_symbol(after)
        if sym is not None:
            return sym
        wm = _rx(r"[ \t]?([A-Za-z][a-z'’-]*)").match(after)
        if wm and wm.group(1).lower() in _PRE_NOUN:
            # "eight more picks", "eight other employees", "two new jets"
            cm = self._counted_noun(after[wm.end():])
            if cm is not None:
                return cm[0], cm[1], "count", wm.end() + cm[2]
        if wm and wm.group(1).lower() in self.implied_unit:
            return self.implied_unit[wm.group(1).lower()], wm.group(1), "count", 0
        if wm and wm.group(1).lower() in ("were", "are", "have", "had"):
            # "11 were killed", "128,000 were present": the participle says who is counted
            pm = _rx(r"\s+(?:(?:been|still|also|reportedly)\s+)*([a-z]+)\b").match(after, wm.end())
            if pm and pm.group(1) in self.implied_unit:
                return self.implied_unit[pm.group(1)], pm.group(1), "count", 0
        cm = self._counted_noun(after)
        if cm is not None:
            return cm[0], cm[1], "count", cm[2]
        hm = _rx(r"-([a-z]{3,})\b(?!-)").match(after)
        if hm and hm.group(1) not in _FUNCTION and hm.group(1) not in _NOT_NOUN and \
                hm.group(1).rstrip("s") not in ("third", "quarter", "fifth", "half", "thirtie") \
                and hm.group(1) not in self.stopwords and not hm.group(1).endswith(("ly", "ed", "ing")):
            # a hyphenated compound: "four-cylinder engine", "three-bedroom house"
            return singular(hm.group(1), self.plural), hm.group(1), "count", hm.end()
        return None

    def _unit_symbol(self, after: str) -> tuple[str, str, str, int] | None:
        """A unit symbol the rules do not list, right after the number and ending the phrase:
        "20 mSv." reads through pint (millisievert); "30 million TEU last year", "12 Tcf of
        gas" are kept as written with dimension unknown. Capitalised words and acronyms
        before a noun ("12 NFL teams") are not symbols."""
        m = _SYMBOL.match(after)
        if m is None:
            return None
        sym = m.group("u")
        if sym in _NOT_SYMBOL or sym.upper() in _NOT_SYMBOL:
            return None
        rest = after[m.end():]
        nxt = self.re_next_word.match(rest)
        if nxt is not None and rest[: nxt.start("w")].strip() == "":
            w = nxt.group("w").lower()
            if w not in _FUNCTION and w not in _TIME_AFTER:
                return None
        if sym in self.units.currency_symbols:
            return self.units.currency_symbols[sym], sym, "currency", m.end()
        if sym[0].islower():
            name = self.units.pint_name(sym)  # "mSv", "kWp": a prefix and a symbol
            if name is not None:
                return name, sym, "alias", m.end()
        return sym, sym, "unknown", m.end()

    def _counted_noun(self, after: str) -> tuple[str, str, int] | None:
        if self.lang is not None:
            return self._counted_noun_intl(after)
        pos = 0
        words: list[tuple[str, int, int]] = []
        modifiers: list[int] = []
        while True:
            wm = self.re_next_word.match(after, pos)
            if wm is None:
                break
            w = wm.group("w")
            lw = w.lower()
            if lw in _FUNCTION or lw in _NOT_NOUN or lw in _TIME_AFTER or lw.endswith("ly"):
                break
            if lw.endswith(("ed", "ing")) and lw not in self.groups:
                # a participle may modify the counted noun: "400 charging stations",
                # "300 recorded songs", "517 rushing yards"; otherwise it ends the chunk
                if w[0].isupper() or len(words) >= 2:
                    break
                modifiers.append(len(words))
            words.append((w, wm.start("w"), wm.end("w")))
            pos = wm.end()
            if len(words) == 3:
                break
        if not words:
            return None
        # head: the first plural noun, else the last lower-case word
        head = None
        for i, (w, a, b) in enumerate(words):
            lw = w.lower()
            if i in modifiers:
                continue
            if (lw.endswith("s") and not lw.endswith(("ss", "'s", "’s")) and
                    (w[0].islower() or i == 0 and w[1:].islower() and len(w) > 3)) or lw in self.plural:
                # lower-case plurals, and a capitalised plural right after the number:
                # "1,307,000 Americans", "12 Democrats"
                head = (w, b)
                break
        if head is None and pos and after[pos : pos + 5] in (" and ", " or "):
            # "4.3M digital and physical copies", "460 Kia and Hyundai vehicles": modifiers
            # joined by and/or before the counted noun; the noun is a plural a word or two on
            more = self._counted_noun(after[pos + 4 :] if after[pos + 1] == "a" else after[pos + 3 :])
            if more is not None and more[1].lower().endswith("s") and more[1][0].islower():
                off = pos + (4 if after[pos + 1] == "a" else 3)
                return more[0], more[1], off + more[2]
        if modifiers and head is None:
            return None
        if head is None:
            lows = [(w, b) for w, a, b in words if w[0].islower()]
            if not lows:
                return None
            head = lows[0]
        w, b = head
        if w.lower() in self.stopwords:
            return None
        return singular(w.strip("'’-"), self.plural), w, b

    def _counted_noun_intl(self, after: str) -> tuple[str, str, int] | None:
        """The counted noun after a number in a document of another language: the first
        word when it is a lower-case word that is no function word of the language
        ("12 500 salariés", "300 trabajadores", "1,2 milioni di unità"); in a language that
        capitalises nouns (German) the first capitalised word of the next two ("3,5
        Millionen Menschen", "300 neue Mitarbeiter"), kept as written. A plural is made
        singular by the language's [plural_endings] (rules/numbers.toml)."""
        lang = self.lang
        assert lang is not None
        pos = 0
        for _ in range(2 if lang.capitalised_nouns else 1):
            wm = self.re_next_word.match(after, pos)
            if wm is None:
                return None
            w = wm.group("w").strip("'’-")
            lw = w.lower()
            if lw in lang.stopwords or lw in lang.connectors or lw in _FUNCTION \
                    or lw in self.units.scale or len(w) < 3:
                return None
            if lang.capitalised_nouns:
                if w[0].isupper():
                    return w, w, wm.end("w")
                pos = wm.end()
                continue
            if not w.islower():
                return None  # a name: "300 Airbus"
            return lang.singular(lw), w, wm.end("w")
        return None

    def _read_unit(self, s: str, n: _Num) -> None:
        n.unit_end = None  # type: ignore[attr-defined]
        if n.unit is not None:
            n.unit_end = n.end  # type: ignore[attr-defined]
            return
        after = s[n.end : n.end + 60]
        # ages and hyphenated durations: "15-year-old", "three-week mission"
        am = self.re_age.match(after)
        if am:
            n.unit, n.surface_unit, n.unit_kind = am.group("u").lower(), am.group(), "alias"
            n.context.append("age")
            n.end = n.end + am.end()
            n.unit_end = n.end  # type: ignore[attr-defined]
            return
        mag = self._magnitude(s, n, after)
        if mag is not None:
            n.unit, n.surface_unit, n.unit_kind = "magnitude", "magnitude", "special"
            n.end += mag
            n.unit_end = n.end  # type: ignore[attr-defined]
            n.context.append("magnitude")
            return
        found = None
        if self.re_connector is not None and (n.scaled or n.words):
            # "1,17 millones de barriles", "1,2 milliard d'euros": the unit after a connector
            cm = self.re_connector.match(after)
            if cm is not None:
                unit = self._unit_at(" " + after[cm.end():])
                if unit is not None:
                    found = (*unit[:3], cm.end() + unit[3] - 1)
        if found is None:
            found = self._unit_at(after)
        of_unit = False
        if n.vague or (found is None and (n.words or n.scaled)):
            # "tens of thousands of dollars", "millions of Americans": the unit follows "of";
            # the claim's span stays on the amount ("Dozens")
            om = _rx(r"\s+of\s+(?:(?:the|these|those|their|its|my|his|her|our|your|"
                          r"[A-Z][\w.]*(?:'s|’s))\s+)?(?:(?:most|[a-z]+est)\s+)?").match(after)
            found = self._unit_at(" " + after[om.end():]) if om else None
            if found is not None and found[2] == "count" and (
                    found[1].lower() in _UNITS_WORDS or found[1].lower() in _OF_NOT_NOUN
                    or found[1].lower() in self.units.scale):
                found = None  # "two of the five", "three of them"
            of_unit = found is not None
        if found is None and after.startswith(" times ") and _TIMES_PER.match(after, 6):
            # "spin nearly 78,000 times a minute": a frequency ("3 times more" stays bare)
            found = ("time", "times", "count", 6)
        if found is None:
            if not n.currency:
                return
            found = (n.currency, "", "currency", 0)
        canon, surface, kind, length = found
        if of_unit:
            length = 0
        if kind in ("alias", "special", "ambiguous") and len(surface) <= 2 and after[:1] == " ":
            # a short symbol spaced from its number must not be a word: "5 m" ok, "5 t" ok,
            # but "in" / "C" / "F" after a space read only with capitals or degree context
            if surface in ("C", "F", "in.", "l", "g", "m", "t", "W", "V", "T", "p"):
                nxt = after[1 + len(surface) : 2 + len(surface)]
                if surface in ("C", "F") and not _rx(r"degrees?\s*$|°\s*$").search(
                        s[max(0, n.start - 40) : n.start]):
                    return self._currency_only(n)
                if surface in ("l", "g", "t", "p", "W", "V") and nxt.isalpha():
                    return self._currency_only(n)
        if kind == "currency" and n.currency is None and canon.endswith(("_cent", "_pence")):
            if surface == "p" and after[:1] == " ":
                return self._currency_only(n)
        if kind == "currency":
            code = canon.split("_")[0]
            if n.currency and n.currency != code and not canon.endswith(("_cent", "_pence")):
                # "$5 billion dollars" ok; "C$5 dollars" keeps the prefix
                canon = n.currency
            n.currency = n.currency or code
        if kind == "alias" and canon == "pound" and (
            n.currency == "GBP" or self._per_sentence(s, "sterling", lambda: _rx(
                r"sterling|£|GBP").search(s) is not None)
        ):
            canon, kind = "GBP", "currency"
        if kind == "special" and canon == "point":
            canon = self._points(s, n)
        if kind in ("alias", "ambiguous"):
            # "kt" near "winds" is knots, near "yield" kilotons of TNT (rules: [[contextual]])
            other = self._per_sentence(s, ("contextual", surface),
                                       lambda: self.units.contextual_unit(surface, s))
            if other is not None:
                canon = other
                n.context.append(surface)
            elif canon == "degree" and self._per_sentence(s, "temperature", lambda: not (
                    self.units.temperature_cues.isdisjoint(w.lower() for w in self.re_word.findall(s)))):
                # "2 degrees warmer": a temperature (rules: [temperature] bare_degrees)
                canon = self.units.bare_degrees
                above = self.units.fahrenheit_above
                if above is not None and n.value is not None and abs(n.value) > above:
                    canon = "degree_Fahrenheit"  # no weather reaches 126 Celsius
                n.context.append("temperature")
        if kind == "count" and n.currency:
            # "$5 million deal": the currency is the unit, the noun is what is bought
            n.unit, n.unit_kind = n.currency, "currency"
            n.context.append(surface)
            return
        n.unit, n.surface_unit, n.unit_kind = canon, surface or None, kind
        end = n.end + length
        # compound rates: "$58.24 per barrel", "$1,950 an ounce", "325,000 barrels per day"
        pm = self.re_per.match(s, end)
        if pm and kind in ("currency", "alias", "ambiguous", "count"):
            den = self._unit_at(" " + s[pm.end() : pm.end() + 30])
            if den is not None and den[2] in ("alias", "ambiguous") or (
                den is not None and den[2] == "count" and pm.group().strip() in ("/", "per")
            ):
                dcanon = den[0]
                if den[2] == "count" or dcanon in ("year", "month", "week", "day", "hour",
                                                    "minute", "second", "oil_barrel", "ounce",
                                                    "troy_ounce", "metric_ton", "ton",
                                                    "gallon", "liter", "kilogram", "pound",
                                                    "mile", "kilometer", "foot ** 2",
                                                    "meter ** 2", "kilowatt_hour",
                                                    "megawatt_hour") or kind == "alias":
                    if dcanon == "ounce" and kind == "currency":
                        dcanon = "troy_ounce"
                    base = n.currency if kind == "currency" else canon
                    if canon.endswith(("_cent", "_pence")):
                        base = canon  # "5p a litre": pence per litre
                    n.unit = f"{base} / {dcanon}"
                    n.unit_kind = "rate"
                    end = pm.end() + den[3] - 1
                    n.surface_unit = s[n.end : end].strip()
        n.unit_end = end  # type: ignore[attr-defined]
        if kind != "count":
            n.end = end
        else:
            n.end = end

    def _per_sentence(self, s: str, key: object, compute: Callable[[], Any]) -> Any:
        """``compute()``, a fact about the whole sentence ``s``, worked out once per sentence
        however many figures ask (a pass over the sentence for each figure is quadratic)."""
        if self._memo_sentence is not s:
            self._memo_sentence = s
            self._memo = {}
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def _inherit_unit(self, s: str, prev: _Num, n: _Num) -> None:
        """A bare figure compared with the one before takes its unit: "3.9 million headsets,
        up from 2.4 million", "460 vehicles ... compared with 63", "6 million homes including
        1.5 million in Los Angeles", "from about 14-18 mpg to 24"."""
        gap = s[prev.end : n.start]
        if self.re_digit.search(gap) or not gap.endswith(" "):
            return
        m = _COMPARED.search(gap)
        if m is None:
            return
        if m.group(1).lower() == "to":
            # only a "from X to Y" told with words between
            if not _rx(r"\bfrom\s+(?:(?:about|some|around|roughly)\s+)?$", re.IGNORECASE).search(s[max(0, prev.start - 20) : prev.start]):
                return
        elif prev.unit_kind == "special" and prev.unit not in ("percent", "percentage_point"):
            return
        n.unit, n.unit_kind = prev.unit, prev.unit_kind
        n.context.append(f"unit of {prev.surface_unit or prev.unit}")

    def _currency_only(self, n: _Num) -> None:
        if n.currency:
            n.unit, n.unit_kind = n.currency, "currency"

    def _magnitude(self, s: str, n: _Num, after: str) -> int | None:
        """Characters of "-magnitude" after ``n`` (0 if none) when ``n`` is a magnitude:
        "magnitude 5.7", "magnitude-7.1", "7.1-magnitude", "a 6.4 quake", "6.2 on the Richter
        scale"; None otherwise."""
        if self.re_magnitude_before.search(s, max(0, n.start - 24), n.start):
            return 0
        m = _MAGNITUDE_AFTER.match(after)
        if m:
            return m.end()
        if "." not in n.digits or not 0 < n.value < 10:
            return None  # "6 quakes" counts quakes; magnitudes are written with a decimal
        wm = _rx(r"[\s-]+(?:magnitude\s+)?([A-Za-z]+)").match(after)
        if wm and wm.group(1).lower() in self.units.magnitude_nouns:
            return 0
        sm = _rx(r"\s+on\s+the\s+").match(after)
        if sm and any(after[sm.end():].startswith(sc) for sc in self.units.magnitude_scales):
            return 0
        return None

    def _points(self, s: str, n: _Num) -> str:
        window = s[max(0, n.start - 80) : n.end + 40].lower()
        if _rx(r"percentage|interest rate|rate|yield|margin|poll|lead|unemployment").search(window):
            return "percentage_point"
        return "point"

    # -- stage 5: bounds and changes ------------------------------------------------------
    def _read_bound(self, s: str, n: _Num) -> None:
        before = s[max(0, n.start - 30) : n.start]
        # every match ends ``before`` (but for white space) with a listed phrase: test that at
        # C speed first (lower() folds like IGNORECASE on ASCII text)
        if before.isascii() and not before.rstrip().lower().endswith(self._bound_before_ends):
            m = None
        else:
            m = self.re_bound_before.search(before)
        if m and n.role == "span" and "over" in n.context and m.group("b").lower() == "over":
            m = None  # "rose over 20 years": the preposition of a span, no bound
        if m:
            word = m.group("b").lower()
            # "over" after a verb of change is a preposition: "rose over 5%" is still a bound
            n.bound = self.bound_before[word]
            n.context.append(m.group("b"))
            n.start = n.start - (len(before) - m.start("b"))
        after = s[n.end : n.end + 15]
        m2 = self.re_bound_after.match(after)
        if m2 and not (m2.group("b") == "+" and n.currency):
            n.bound = self.bound_after[m2.group("b").lower()]
            n.context.append(m2.group("b"))
        elif m2 and m2.group("b") == "+":
            n.bound = ">="
        if n.vague and n.bound == "=":
            n.bound = "~"

    def _read_role(self, s: str, n: _Num, prev: _Num | None) -> None:
        """Whether the figure is an age, a tenure or a span of time (cues.toml [roles]): a
        bare age ("aged 29", "Ortiz, 35,") becomes years; a duration keeps its unit."""
        if n.unit is None and not n.currency:
            top = n.high if n.low is not None else n.value
            if top is None or top != top.to_integral_value() or not 0 < top < 120:
                return
            before = s[max(0, n.start - 24) : n.start]
            if self.re_role_age.search(before) is None and not (
                    # "ages 47 and 48", "ages 16, 12 and 6": the next of a list of ages
                    prev is not None and prev.role == "age"
                    and _AGE_LIST.fullmatch(s, prev.end, n.start) is not None) and not (
                    # an age set off by commas after a name: "Ortiz, 35, was a 15-year member"
                    s[n.end : n.end + 1] == ","
                    and (am := _APPOSITION.search(s, max(0, n.start - 30), n.start)) is not None
                    and am.group("name").lower() not in _NOT_NAME):
                return
            n.unit, n.unit_kind, n.role = "year", "alias", "age"
            n.context.append("age")
            return
        if n.unit not in _TIME_UNITS:
            return
        if "age" in n.context:  # "the 29-year-old"
            n.role = "age"
            return
        after = s[n.end : n.end + 50]
        if self.re_role_tenure.match(after):
            n.role = "tenure"
            n.context.append("tenure")
            return
        if self.re_role_span_after.match(after):
            n.role = "span"
            n.context.append("span")
            return
        before = s[max(0, n.start - 40) : n.start]
        m = self.re_role_span_before.search(before)
        if m is None:
            return
        cue = m.group("cue").lower()
        if cue == "over" and self.re_over_bound.search(before, 0, m.start("cue")):
            return  # "for over 20 years": more than 20 years, the event's own length
        n.role = "span"
        n.context.append("span")
        if cue == "over":
            n.context.append("over")

    def _read_change(self, s: str, n: _Num) -> None:
        if n.role is not None:
            return  # an age, a tenure or a span is never a rise or fall of what is counted
        start = n.start
        before = s[max(0, start - 40) : start]
        words = _rx(r"[A-Za-z]+").findall(before)[-4:]
        tail = [w.lower() for w in words]
        # verb [by|to|of|nearly...] number
        for i in range(len(tail) - 1, -1, -1):
            w = tail[i]
            between = tail[i + 1 :]
            if any(x not in ("by", "to", "about", "around", "nearly", "almost", "some", "roughly",
                             "over", "more", "than", "less", "under", "a", "an", "another",
                             "just", "at", "least", "as", "much", "many", "up", "an", "estimated")
                   and not (x == "from" and n.transition)  # "fell from $2,415 to $2,315"
                   for x in between):
                break
            if w in ("up", "down") and i > 0 and tail[i - 1] in self.phrasal:
                break  # "gave up 517 rushing yards": a phrasal verb, not a change
            if w in self.change_verbs and not (w in ("up", "down", "higher", "lower") and between):
                n.change = self.change_verbs[w]
                n.context.append(words[i])
                if "to" in between and "by" not in between:
                    n.context.append("to")
                break
            if w in self.change_by and between[:1] == ["by"]:
                n.change = self.change_by[w]
                n.context.append(words[i])
                break
        if n.change is None and tail[-1:] == ["by"]:
            # "raised its key rate by 50 basis points": the verb may stand a few words back
            for w in reversed(_rx(r"[A-Za-z]+").findall(s[max(0, start - 60) : start].lower())[-7:-1]):
                if w in self.change_verbs or w in self.change_by:
                    n.change = self.change_verbs.get(w) or self.change_by[w]
                    n.context.append(w)
                    break
                if w in ("and", "but", "while", "which", "that"):
                    break
        if n.change is None:
            after = s[n.end : n.end + 30].lower()
            m = _rx(r"\s*(?:[a-z-]+\s+)?([a-z]+)").match(after)
            if m and m.group(1) in self.change_nouns and not _rx(r"\s*(?:of|in)\b").match(after):
                if n.unit in ("percent", "percentage_point", "basis_point") or n.currency:
                    n.change = self.change_nouns[m.group(1)]
                    n.context.append(m.group(1))
        if n.change is None and n.unit in ("percent", "percentage_point", "basis_point", "point"):
            # an explicit sign in a market table is a change: "Dow +0.2%", "FTSE -0.6%"
            sign = _rx(r"[-+−]").match(s[n.start : n.end].lstrip("$£€¥"))
            if sign:
                n.change = "up" if sign.group() == "+" else "down"

    # -- stage 6: building the claim --------------------------------------------------------
    def _claim(
        self, doc: Document, text: str, s0: int, sentence: str, n: _Num, ctx: _SentenceContext,
        cid: str = "", para: int = 0, story: int = 0,
    ) -> Claim:
        unit = n.unit
        kind = n.unit_kind
        if unit is None and n.currency:
            unit, kind = n.currency, "currency"
        if unit in ("degree_Celsius", "degree_Fahrenheit"):
            n.delta = n.delta or self._temperature_difference(sentence, n)
        if unit is None:
            info = None
            dimension = COUNT
        elif kind == "unknown":
            info = UnitInfo(unit, UNKNOWN, None, None)  # kept as written; the report warns
            dimension = UNKNOWN
        else:
            info = self.units.info(unit, delta=n.delta) if kind != "count" else None
            dimension = info.dimension if info else COUNT
        if kind == "currency" and unit == "USD" and n.currency == "USD":
            unit = self._dateline_currency(doc, sentence, n) or unit
        value = None if n.low is not None else _tidy(n.value)
        low = _tidy(n.low if n.low is not None else n.value)
        high = _tidy(n.high if n.high is not None else n.value)
        si_value = si_low = si_high = None
        si_unit = None
        ambiguous = False
        precision = 0.0
        if info is not None and info.factor is not None:
            si_unit = info.si_unit
            lo_f = info.factor_low if info.factor_low is not None else info.factor
            hi_f = info.factor_high if info.factor_high is not None else info.factor
            ambiguous = info.ambiguous
            if value is not None:
                si_value = info.to_si(float(value), delta=n.delta)
            si_low = float(low) * lo_f + (0 if n.delta else info.offset)
            si_high = float(high) * hi_f + (0 if n.delta else info.offset)
            precision = self.stated.half_width(n, dimension) * info.factor
        elif dimension == COUNT or (info and info.dimension == UNKNOWN):
            si_unit = unit if dimension == COUNT else None
            si_value = float(value) if value is not None and dimension == COUNT else None
            if dimension == COUNT:
                si_low, si_high = float(low), float(high)
                precision = self.stated.half_width(n, dimension)
        start, end = s0 + n.start, s0 + n.end
        concept, keys = ctx.concept(n)
        return _new_claim(dict(
            id=cid,
            doc=doc.id,
            start=start,
            end=end,
            text=text[start:end],
            sentence=sentence,
            kind="quantity",
            value=value,
            low=low,
            high=high,
            unit=unit,
            dimension=dimension,
            si_value=si_value,
            si_unit=si_unit,
            bound=n.bound,
            change=n.change,
            concept=concept,
            attribution=ctx.attribution(n),
            time=ctx.time(n),
            scope=ctx.scope(n),
            surface_unit=n.surface_unit or (None if n.currency is None else _cur_surface(sentence, n)),
            sentence_start=s0,
            paragraph=para,
            story=story,
            si_low=si_low,
            si_high=si_high,
            unit_ambiguous=ambiguous,
            precision=precision,
            concept_keys=keys,
            context=tuple(n.context),
            transition=n.transition,
            role=n.role,
            number_format=n.number_format,
        ))

    def _concept_word(self, raw: str) -> tuple[str, ...]:
        """(word, key, "=group" or "") of a concept word, or () for a word that is no concept."""
        if len(self._concept_memo) > 20_000:
            self._concept_memo.clear()  # bounded: memory must not grow with the corpus
        w = raw.strip("'’-")
        lw = w.lower().removesuffix("'s").removesuffix("’s")
        if len(lw) < 3 or lw in self.stopwords or lw in _FUNCTION:
            return ()
        if lw in self.bound_before or lw in self.change_verbs:
            return ()
        w = w.removesuffix("'s").removesuffix("’s")
        if not w[0].islower():
            key = w.lower()
        elif self.lang is not None:
            key = self.lang.singular(w.lower())
        else:
            key = singular(w, self.plural)
        return (w, key, self._group_key(key))

    def _group_key(self, key: str) -> str:
        """"=group" of a concept key in rules/concepts.toml [groups], or ""."""
        g = self.groups.get(key) or self.groups.get(key + "s")
        return "=" + g if g else ""

    def _dateline_currency(self, doc: Document, sentence: str, n: _Num) -> str | None:
        """The currency of a bare "$" in a story datelined OTTAWA or SYDNEY (rules:
        [dateline_currency]), unless the sentence names a US market or US dollars."""
        prefix = _rx(r"([^\d\s]*)\s?\d").search(sentence[n.start : n.end])
        if not (prefix and prefix.group(1) == "$" or n.surface_unit in ("dollar", "dollars")):
            return None  # "US$5", "USD 5" say which dollar
        head = doc.text[:80].upper()
        for place, code in self.units.dateline_currency.items():
            if head.startswith(place) or f"{place} (" in head:
                if not any(cue in sentence for cue in self.units.dateline_keeps_usd):
                    return code
        return None

    def _temperature_difference(self, sentence: str, n: _Num) -> bool:
        """"rose 2C", "2 degrees warmer" are differences (no offset); "fell to -5C" and
        "reached 40C" are readings."""
        if n.change is not None and "to" not in n.context:
            return True
        return _rx(r"\s*(?:warmer|cooler|hotter|colder|higher|lower)\b").match(sentence[n.end : n.end + 12]) is not None


_SMALL_NUMBER = "one|two|three|four|five|six|seven|eight|nine|ten"
_BEFORE_RANGE = 48  # characters before a range read for "between"/"from" and a change verb
_PROPORTION = re.compile(
    rf"(?<![\w.,-])(?P<a>{_SMALL_NUMBER}|\d{{1,3}})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?P<b>{_SMALL_NUMBER}|hundred|thousand|\d{{1,4}})(?![\w.,-])", re.IGNORECASE)
# tried only where a run of white space starts, which it reads once (a run of 100,000 spaces
# would otherwise be read again from each of its characters). It opens with \s, so that re
# skips to the next white space at C speed; (?<!\s\s) then asks that the character before it
# is none: what (?<!\s)\s++ says, written to start with the white space
_PROPORTION_CONN = re.compile(r"\s(?<!\s\s)\s*+(?:in|out\s++of)\s", re.IGNORECASE)
_PROPORTION_REACH = max(len(w) for w in _SMALL_NUMBER.split("|"))
_SLASH_FRACTION = re.compile(r"(?<![\w/.,⁄-])(?P<a>\d{1,3})[/⁄](?P<b>\d{1,4})(?![\w/.,⁄])")


def _word_or_int(w: str) -> int | None:
    w = w.lower()
    if w.isdigit():
        return int(w)
    return {"hundred": 100, "thousand": 1000}.get(w, _UNITS_WORDS.get(w))


# a figure restated: "X, or Y", "X (Y)", "X (Y / Z)" (a unit after X, so "5 / 10" is no rate)
_ONE_RANGE = re.compile(r"\s+(?:to|or)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d)",
                        re.IGNORECASE)
# a figure compared with the one before it: the end of the words between them
_COMPARED = re.compile(
    r"(?:^|[\s,])(from|compared\s+(?:with|to)|versus|vs\.?|including|to)\s+"
    r"(?:(?:about|some|around|roughly|nearly|almost|just|only|an\s+estimated)\s+)?$",
    re.IGNORECASE)
# "\s*,?\s+or\s+" written so that a run of white space is read one way only (possessive):
# the two quantifiers of the plain form split a long run every way before failing
_RESTATED = re.compile(r"(?:\s*+,\s++|\s++)or\s++|\s*+\(\s*+|\s++/\s++")
# A place on a playing field, a rank and a won-lost-drawn record name a position, not an
# amount of anything
_YARD_LINE = re.compile(r"\b\d{1,2}[-\s]yard[-\s]line\b", re.IGNORECASE)  # "the 20-yard line"
_RANK = re.compile(
    r"(?<![\w&#])\#\d{1,3}(?![\w,.%]|\.\d)"         # "the #3 team"
    r"|\b[Tt]op[-\s]\d{1,3}(?![\w,.%]|\.\d)")        # "the top 10", "a top-25 finish"
_RANK_GATE = re.compile(r"[Tt]op[-\s]\d")
_RECORD = re.compile(r"(?<![\w.,-])\d{1,3}-\d{1,3}-\d{1,3}(?![\w-]|[.,]\d)")  # "(14-13-2, 12 KOs)"
# durations that may be an age, a tenure or a span (rules/cues.toml [roles])
_TIME_UNITS = frozenset("year month week day hour minute second decade century".split())
# between two ages of one list: "ages 47 and 48", "ages 16, 12 and 6"
_AGE_LIST = re.compile(r"\s*(?:,|,?\s+and|,?\s+or|\s+to|-|–)\s*")
# a name, a comma, the number: "Ortiz, 35,", "Eric Holder Jr., 63,"
_APPOSITION = re.compile(
    r"(?<![\w.])(?P<name>[A-Z](?=[\w'’-]*[a-z])[A-Za-z'’-]+)(?:\s(?:Jr|Sr)\.)?,\s$")
# capitalised words before a comma that are no name: sentence openers, days, months
_NOT_NAME = _FUNCTION | frozenset(
    """meanwhile however also overall today yesterday instead still thus so now then
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split())
_CLAIM_DEFAULTS = {f.name: f.default for f in fields(Claim) if f.default is not MISSING}
_MASK_BATCH = 2_000  # characters of a sentence from which masking copies it once per pass

# between two digits: invisible characters (dropped when read) or one separator of another
# script (read as its ASCII form)
_GLUE_AS = {"\u066c": ",", "\uff0c": ",", "\u066b": ".", "\uff0e": "."}
_GLUE_CHARS = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u066b\u066c\uff0c\uff0e]")
_NUMBER_GLUE = re.compile(
    "(?<=\\d)(?:[\u00ad\u200b-\u200d\u2060\ufeff]+|[\u066b\u066c\uff0c\uff0e])(?=\\d)")


def _finite(c: Claim) -> bool:
    """Whether every value of a claim is a finite float (JSON has no Infinity)."""
    # low and high are always set (value lies between them); below 10^290 neither they nor
    # their SI values (no unit's factor reaches 10^18) can overflow a float
    if (c.low is None or c.low.adjusted() < 290) and (c.high is None or c.high.adjusted() < 290):
        return True
    for x in (c.value, c.low, c.high):
        if x is not None and not math.isfinite(float(x)):
            return False
    return all(x is None or math.isfinite(x) for x in (c.si_value, c.si_low, c.si_high))
_CLAIM_FIELDS = frozenset(f.name for f in fields(Claim))


_WS_RUN = re.compile(r"\s+")
_EOL = re.compile(r"\r\n|\r|\n")


def _locate(claims: list[Claim], text: str) -> None:
    """Set the 1-based line and column of each claim's start in ``text`` (claims fresh from
    :func:`_new_claim`, not shared yet)."""
    if not claims:
        return
    if "\r" not in text:
        # lines end with \n only (nearly every document): the line breaks between one
        # claim and the next are counted (str.count), not every line's start listed
        line, pos = 1, 0
        for c in claims:
            if c.start >= pos:
                line += text.count("\n", pos, c.start)
            else:  # a sentence's other figures (dates, years) come after its quantities
                line -= text.count("\n", c.start, pos)
            pos = c.start
            c.__dict__.update(line=line, column=c.start - text.rfind("\n", 0, c.start))
        return
    starts = [0] + [m.end() for m in _EOL.finditer(text)]
    for c in claims:
        line = bisect_right(starts, c.start)
        c.__dict__.update(line=line, column=c.start - starts[line - 1] + 1)


# what may stand between a number and its unit: "5 km", "2,5\u00a0%" (French), "10-year"
_UNIT_GAP = re.compile(r"[ \t]?(?:-(?=[a-zA-Z]))?")
_UNIT_GAP_INTL = re.compile(r"[ \t\u00a0\u202f]?(?:-(?=[a-zA-Z]))?")
# separators that only group digits in an English document: "1,234", "1\u00a0234", "1'234"
_GROUPING = re.compile(r"[,\u00a0\u202f'’]")


class _LanguageUnits:
    """A UnitTable with one language's scale words, currency words and units
    (rules/numbers.toml) merged over it; everything else is the table's own (one pint
    registry, one conversion cache)."""

    def __init__(self, base: UnitTable, lang: Language) -> None:
        self._base = base
        self.scale = {**base.scale, **lang.scale}
        # "mil" is a thousand in Spanish and Portuguese, not the wire's million
        self.scale_abbrev = {k: v for k, v in base.scale_abbrev.items()
                             if k.lower() not in lang.scale}
        self.currency_words = {**base.currency_words, **lang.currency_words}
        special_names = set(base.special.values())
        self.aliases = {**base.aliases, **{k: v for k, v in lang.units.items()
                                           if v not in special_names}}
        self.special = {**base.special, **{k: v for k, v in lang.units.items()
                                           if v in special_names}}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)


def _join_abbreviation_breaks(text: str, seg: Segmented, rx: re.Pattern[str] | None
                              ) -> Segmented:
    """Sentences rejoined where the segmenter ended one at a scale abbreviation: "2,5 Mrd.
    Euro" is one figure, not the end of a sentence."""
    if rx is None or not seg.sentences:
        return seg
    out: list = []
    for sent in seg.sentences:
        if (out and rx.search(text, max(out[-1].start, out[-1].end - 12), out[-1].end)
                and seg.sentence_paragraph[out[-1].index] == seg.sentence_paragraph[sent.index]):
            out[-1] = type(sent)(out[-1].start, sent.end, out[-1].index)
            continue
        out.append(sent)
    if len(out) == len(seg.sentences):
        return seg
    return replace(seg, sentences=tuple(out))


def _new_claim(values: dict) -> Claim:
    """A Claim from a dict naming every field, without the frozen dataclass __init__ (one
    ``object.__setattr__`` per field, the largest single cost of building a claim). The
    result is an ordinary Claim: equal, hashable and picklable like one built by Claim()."""
    c = object.__new__(Claim)
    c.__dict__.update(values)
    return c


# a comma after a year is punctuation ("In 2019, I paid"); a comma and three digits is a
# thousands separator ("2,019")
_YEAR = re.compile(r"(?<![\d,.$£€¥])(1[5-9]\d\d|20\d\d|2100)(?![\d%]|,\d|\.\d)")
_SECOND_END = re.compile(r"\0[-–/](\d{1,4})(?![\d,%]|\.\d|\s?(?:%|per\b))")
_TIME_GATE = re.compile(r"\d\s?(?:[ap]\.?m|GMT|UTC)")
_PHONE_GATE = re.compile(r"\d\)?[\s-]\d{3}")
_ORDINAL_GATE = re.compile(r"\d(?:st|nd|rd|th)")
_DECADE_GATE = re.compile(r"0'?s")
_SCORE_GATE = re.compile(r"\d[-–]\d")
_YEAR_GATE = re.compile(r"1[5-9]\d\d|20\d\d|2100")
# every date match holds a month name (case-sensitive, as in re_date) or a numeric date
_MONTH_GATE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_NUMERIC_DATE_GATE = re.compile(r"\d-\d\d-\d|\d/\d")


def _search_from(rx: re.Pattern[str], s: str, anchors: list[int],
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


def _search_words(rx: re.Pattern[str], s: str, anchors: list[int],
                  cur: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for ``re_words``: every match holds a gate word (``anchors``) and
    starts at it, or before it at "a"/"an" and white space ("a million"), or at a currency
    of at most ``cur`` characters and a space before either."""
    pos = 0
    for g in anchors:
        if g < pos:
            continue
        j = g
        while j > 0 and s[j - 1].isspace():
            j -= 1
        m = rx.search(s, max(pos, min(g, j - 2) - cur - 1))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


def _search_idents(rx: re.Pattern[str], s: str,
                   digit: re.Pattern[str] = _DIGIT) -> Iterator[re.Match[str]]:
    """``re_ident.finditer(s)``: every match starts at its first digit or at the letters (and
    one hyphen) glued before it ("COVID-19", "A320"), so the pattern is tried from there."""
    pos, n = 0, len(s)
    while pos < n:
        d = digit.search(s, pos)
        if d is None:
            return
        k = d.start()
        if k > 0 and s[k - 1] in "-‑":
            k -= 1
        while k > 0 and s[k - 1] in _ASCII_LETTERS:
            k -= 1
        m = rx.search(s, max(pos, k))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _search_near_digits(rx: re.Pattern[str], s: str, reach: int,
                        digit: re.Pattern[str] = _DIGIT) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose every match holds a digit within ``reach``
    characters of its start: the regex is not tried at positions far before the next digit,
    which skips most of a sentence at C speed."""
    pos, n = 0, len(s)
    while pos < n:
        d = digit.search(s, pos)
        if d is None:
            return
        m = rx.search(s, max(pos, d.start() - reach))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


_LOWER_WORD = re.compile(r"[a-z]+")
# ``re_word`` (r"[A-Za-z][A-Za-z'’-]*") keeping only its matches of three characters or more:
# the same words, since shorter runs have no longer match inside them
# concept words: letters (Unicode: "Vendôme", "Beschäftigte"), then letters, apostrophes or
# hyphens; three characters or more (the extractor's re_concept_word; ASCII view: [A-Za-z])
_CONCEPT_WORD_U = r"[^\W\d_](?:[^\W\d_]|['’-]){2,}"
_CHUNK = re.compile(r"\S+")
_CASE_FOLDS = re.compile("[\u017f\u212a\u0130\u0131]")  # letters IGNORECASE folds oddly
_UNICODE_SPACE = re.compile("[\x1c-\x1f]")  # ASCII characters only Unicode calls white space


def _match_at(rx: re.Pattern[str], s: str, anchors: Iterable[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose every match starts at one of ``anchors``
    (ascending): the pattern is tried only there."""
    pos = 0
    for g in anchors:
        if g < pos:
            continue
        m = rx.match(s, g)
        if m is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1


def _ci_anchors(s: str, low: str, words: Iterable[str]) -> list[int]:
    """Every position where one of ``words`` (lower case) occurs in ``s`` ignoring case;
    all positions of the string when lower-casing moves characters or folds specially."""
    if len(low) != len(s) or _CASE_FOLDS.search(s):
        return list(range(len(s)))
    out: set[int] = set()
    for w in words:
        i = low.find(w)
        while i >= 0:
            out.add(i)
            i = low.find(w, i + 1)
    return sorted(out)


# the words a subject-verb match is made of ("the", capitalised words, a subject noun and an
# auxiliary before the verb): walking back from a verb over chunks that could be one of them
# finds where a match may start; at most this many chunks (6 names, a two-word subject, margin)
_SUBJECT_CHUNKS = 12
_SUBJECT_LOWER = frozenset("the has have had also previously now later".split())


def _attr_extras(ex: Extractor, s: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Subjects separated from their attribution verb: by a relative clause (", which ...,"),
    by what was done with a report ("an analysis published on July 9 that said") or by the
    day ("China on Monday reported"). With each match, whether any capitalised word will do
    as the name (a word before "on Monday said" is no sentence's mere first word)."""
    if (", which " in s or ", who " in s) and ex.gate_attr_relative.search(s):
        yield from ((m, False) for m in ex.re_attr_relative.finditer(s))
    if ex.re_that_verb.search(s):
        yield from ((m, False) for m in ex.re_attr_that.finditer(s))
    if " on " in s and ex.re_on_day.search(s):
        yield from ((m, True) for m in ex.re_attr_day.finditer(s))


def _names_a_source(ex: Extractor, who: str, alone: bool = True) -> bool:
    """A name of two capitalised words or more, a word that names a source ("police",
    "analysis") or, with ``alone``, an acronym; a lone capitalised word may just open the
    sentence ("Prices")."""
    words = who.split()
    if not words:
        return False
    if words[-1].lower() in ex.attr_subjects:
        return True
    caps = [w for w in words if w[0].isupper()]
    return len(caps) >= 2 or (alone and len(words) == 1 and len(who) >= 2 and who.isupper())


def _is_when(who: str) -> bool:
    """Whether a would-be source only says when: "Monday", "July 9", "Last Monday" (not the
    retailer "Next")."""
    words = who.replace(",", " ").split()
    return any(w in _WHEN_WORDS for w in words) and all(
        w in _WHEN_WORDS or w.isdigit() or w.lower() in _WHEN_PARTS for w in words)


_WHEN_PARTS = frozenset(("early", "late", "night", "morning", "afternoon", "evening", "on", "last",
                         "this", "next"))


def _subject_verb(ex: Extractor, s: str, present: Iterable[str]) -> Iterator[re.Match[str]]:
    """``ex.re_subject_verb.finditer(s)``, trying the pattern only in the few chunks before
    each attribution verb (every match ends with one, as a whole word, and is made of
    capitalised words and a few listed lower-case ones)."""
    pos = 0
    chunks: list[re.Match[str]] | None = None
    starts: list[int] = []
    rx = ex.re_subject_verb
    verb_at = ex.re_attr_verb_at.match
    # where the verbs' first words stand as whole lower-case words ("said", "data")
    at: list[int] = []
    for word in present:
        i = s.find(word)
        while i >= 0:
            j = i + len(word)
            if not ("a" <= s[i - 1 : i] <= "z" or "a" <= s[j : j + 1] <= "z"):
                at.append(i)
            i = s.find(word, j)
    at.sort()
    for i in at:
        if i < pos:
            continue
        g = verb_at(s, i)
        if g is None:
            continue
        if chunks is None:
            chunks = list(ex.re_chunk.finditer(s))
            starts = [c.start() for c in chunks]
        j = bisect_right(starts, g.start()) - 2  # the chunk before the verb's
        steps = 0
        lower = ex._subject_lower
        # up to two lower-case words before a subject: "national seismology centre"
        modifiers = 0
        while j >= 0 and steps < _SUBJECT_CHUNKS:
            c = chunks[j].group()
            if not (c[0].isupper() or c in lower):
                if modifiers >= 2 or j + 1 + modifiers >= len(chunks) \
                        or chunks[j + 1 + modifiers].group() not in ex.attr_subjects:
                    break
                modifiers += 1
            j -= 1
            steps += 1
        lo = max(pos, starts[j] if j > 0 else 0)
        while True:
            m = rx.search(s, lo, g.end())
            if m is None:
                break
            yield m
            pos = lo = m.end() if m.end() > m.start() else m.start() + 1


# a clause boundary: ";" ":" | ", but" | " while " | ", " or ". " before a capital. Written to
# start with one character class (the alternatives check what it was by looking behind), so
# re skips ahead to the next candidate character at C speed
# capitalised words that say when, not who: "officials said Friday night"
_WHEN_WORDS = frozenset(_DAYS.split("|") + MONTHS.split("|"))
_BRACKET_GAP = re.compile(r"\s*[(\[]\s*")  # "10 km (6 miles)": the gap before a restatement
SCOPE_REACH = 80  # characters between a scope cue and its number, at most
_SAID = frozenset(("said", "says", "told"))  # every re_said_name match starts with one
_CLAUSE = re.compile(
    r"[;:,.\s](?:(?<=[;:])|(?<=,)\s+(?:but|while|whereas|and|or)\b"
    r"|(?<=\s)(?:but|while|whereas|and that|while)\s|(?<=[,.])\s+(?=[A-Z]))"
)


class _SentenceContext:
    """Attribution, time, scope and concept words of one sentence, computed once."""

    def __init__(self, ex: Extractor, sentence: str, low: str | None = None) -> None:
        self.ex = ex
        self.s = sentence
        self.low = sentence.lower() if low is None else low  # lower-cased once per sentence
        self._attr: list[tuple[int, int, str]] | None = None
        self._attr_index: _SpanIndex | None = None
        self._times: list[tuple[int, int, str]] | None = None
        self._scopes: list[tuple[int, int, str]] | None = None
        self._clauses: list[int] | None = None
        self._scope_starts: list[int] = []
        self._scope_len = 0
        self._time_starts: list[int] = []
        self._time_ends: list[int] = []
        self.figures: list[int] = []  # where the sentence's quantities start, ascending

    def clause(self, n: _Num) -> tuple[int, int]:
        if self._clauses is None:
            self._clauses = [m.start() for m in self.ex.re_clause.finditer(self.s)]
        cl = self._clauses  # ascending: the boundaries around the number, found by bisection
        i = bisect_right(cl, n.start)
        a = cl[i - 1] if i else 0
        j = bisect_left(cl, n.end, i)
        b = cl[j] if j < len(cl) else len(self.s)
        return a, b

    def attribution(self, n: _Num) -> str | None:
        if self._attr is None:
            found: list[tuple[int, int, str]] = []
            ex = self.ex
            sent = self.s
            low = self.low
            if any(p in low for p in ex._attr_prefixes_lower):
                for m in _match_at(ex.re_according, sent, _ci_anchors(sent, low, ex._attr_prefixes_lower)):
                    who = _clean_who(m.group("who"))
                    if (ex.attr_name_prefixes and not _names_a_source(ex, who, alone=True)
                            and not who[:1].isupper()
                            and m.group().split(None, 1)[0].lower() in ex.attr_name_prefixes):
                        continue  # "per share": a rate, not a source
                    found.append((m.start(), m.end(), who))
            present = ex._attr_verb_words.intersection(_LOWER_WORD.findall(sent))
            if present:
                # patterns that reach the subject over words between it and the verb; where
                # one matches, it stands for that verb
                extra = [(m.start(), m.end(), who) for m, any_name in _attr_extras(ex, sent)
                         if (who := _clean_who(m.group("who"))) and not _is_when(who)
                         and (any_name or _names_a_source(ex, who))]
                found.extend(extra)
                taken = {f[1] for f in extra}
                for m in _subject_verb(ex, sent, present):
                    who = _clean_who(m.group("who"))
                    if m.end() in taken or _is_when(who):
                        continue  # "A study published on Monday said": Monday is not who
                    who = _speaker_of_place(ex.re_locative_before, ex.gate_locative, sent,
                                           m.start("who"), who)
                    if who and who.lower() not in ("it", "he", "she", "they", "this", "that"):
                        found.append((m.start(), m.end(), who))
                for m in (ex.re_said_name.finditer(sent) if not _SAID.isdisjoint(present) else ()):
                    who = _clean_who(m.group("who"))
                    if who.split(" ", 1)[0] not in _WHEN_WORDS:  # "said Friday night"
                        found.append((m.start(), m.end(), who))
            if any(p in sent for p in ex._participle_words):
                m = ex.re_attr_participle.match(sent)
                if m is not None:
                    who = _clean_who(m.group("who"))
                    if who and _names_a_source(ex, who, alone=False) and not _is_when(who):
                        # the figures after ", saying" are the subject's
                        found.append((m.start("verb"), m.end("verb"), who))
            self._attr = [f for f in found if f[2]]
            self._attr_index = _SpanIndex(self._attr)
        if not self._attr:
            return None
        # the attribution nearest the number (the first found among equals)
        assert self._attr_index is not None
        return self._attr_index.nearest(n)

    def _figure_between(self, a: int, b: int) -> bool:
        """Whether another figure starts in s[a:b]; the same figure restated in brackets
        right after ("10 km (6 miles) on Monday") does not count."""
        s = self.s
        figures = self.figures  # ascending
        k = bisect_left(figures, a)
        while k < len(figures) and figures[k] < b:
            if not _BRACKET_GAP.fullmatch(s, a, figures[k]):
                return True
            k += 1
        return False

    def time(self, n: _Num) -> str | None:
        if self._times is None:
            s = self.s
            rx = self.ex.re_time_phrase
            times = [(m.start(), m.end(), m.group().strip()) for m in rx.finditer(s)]
            if s[:1].isupper() and not (times and times[0][0] == 0):
                # "As of June 2019, ...", "Between mid-May and ...": the pattern's words are
                # lower case; the sentence's first word is read lower-cased
                m = rx.match(s[0].lower() + s[1:])
                if m is not None:  # it takes the place of what it covers ("Monday" in it)
                    times = [(0, m.end(), s[: m.end()].strip())] + [t for t in times if t[0] >= m.end()]
            self._times = times
            # the phrases do not overlap and are in text order: starts and ends both ascend
            self._time_starts = [t[0] for t in times]
            self._time_ends = [t[1] for t in times]
        times = self._times
        if not times:
            return None
        # only two phrases can win: the nearest ending before the number and the nearest
        # starting after it (any other is farther, and in the clause only if one of these is).
        # A phrase after the number dates it unless another figure comes first ("1,180 this
        # summer against 114 in the same period in 2024": 2024 dates the 114)
        i = bisect_right(self._time_ends, n.start) - 1
        j = bisect_left(self._time_starts, n.end)
        before = times[i] if i >= 0 else None
        after = times[j] if j < len(times) else None
        if after is not None and self._figure_between(n.end, after[0]):
            after = None
        cands = [t for t in (before, after) if t is not None]
        if not cands:
            return None
        a, b = self.clause(n)
        inside = [t for t in cands if a <= t[0] <= b]
        pool = inside or cands
        return min(pool, key=lambda t: _distance(t[0], t[1], n))[2]

    def scope(self, n: _Num) -> str | None:
        if self._scopes is None:
            scopes: list[tuple[int, int, str]] = []
            for m in (self.ex.re_alone.finditer(self.s) if "alone" in self.s else ()):
                scopes.append((m.start(), m.end(), m.group()))
            alone = list(scopes)  # in text order, not overlapping
            alone_ends = [t[1] for t in alone]
            reach = -1  # the farthest end of the cues taken so far, which start before m
            for m in self.ex.re_scope.finditer(self.s):
                k = bisect_right(alone_ends, m.start())  # the first "alone" ending after it
                if m.start() < reach or k < len(alone) and alone[k][0] <= m.start():
                    continue
                end = m.end()
                cm = _rx(r"(?:\s+(?:or|and)\s+[\w-]+(?:\s+[\w-]+){0,3})?").match(self.s, end)
                if cm and cm.group().strip():
                    end = cm.end()
                scopes.append((m.start(), end, self.s[m.start() : end]))
                reach = max(reach, end)
            scopes.sort()
            self._scopes = scopes
            self._scope_starts = [t[0] for t in scopes]
            self._scope_len = max((t[1] - t[0] for t in scopes), default=0)
        if not self._scopes:
            return None
        a, b = self.clause(n)
        # in the number's clause and near it: "a popular weekend getaway" at the far end of
        # a long sentence says nothing about the distance at its start. Only the cues that
        # start within reach are looked at (found by bisection in the sorted list)
        near = self._scopes
        if len(near) > _FEW_SPANS:
            lo = bisect_left(self._scope_starts, n.start - SCOPE_REACH - self._scope_len)
            near = near[lo : bisect_right(self._scope_starts, n.end + SCOPE_REACH)]
        inside = [t for t in near if a <= t[0] <= b
                  and not (t[0] < n.end and n.start < t[1])
                  and _distance(t[0], t[1], n) <= SCOPE_REACH]
        if not inside:
            return None
        return "; ".join(t[2] for t in sorted(inside))

    def concept(self, n: _Num) -> tuple[str | None, tuple[str, ...]]:
        a, b = self.clause(n)
        s = self.s
        words: list[str] = []
        wkeys: list[str] = []
        gkeys: list[str] = []
        memo = self.ex._concept_memo
        # only words of three letters or more can be concept words (``_concept_word``); the
        # pattern has no look-around, so pos/endpos read exactly the words of the slices
        # s[max(a, start - 90):start] and s[end:min(b, end + 70)]
        findall = self.ex.re_concept_word.findall
        for raw in findall(s, max(a, n.start - 90), n.start) + findall(s, n.end, min(b, n.end + 70)):
            hit = memo.get(raw)
            if hit is None:
                hit = memo[raw] = self.ex._concept_word(raw)
            if hit:
                words.append(hit[0])
                wkeys.append(hit[1])
                if hit[2]:
                    gkeys.append(hit[2])
        if n.unit_kind == "count" and n.unit:
            wkeys.insert(0, n.unit)
            g = self.ex._group_key(n.unit)
            if g:
                gkeys.insert(0, g)
        kd = dict.fromkeys(wkeys)  # ordered, without repeats; then the keys' concept groups
        for g in gkeys:
            kd.setdefault(g)
        keys = list(kd)
        unit_word = n.surface_unit if n.unit_kind == "count" else None
        concept_words = ([unit_word] if unit_word else []) + words[-6:]
        concept = " ".join(dict.fromkeys(concept_words)) or None
        return concept, tuple(keys)


_FEW_SPANS = 8  # spans of a sentence read by one pass (more: indexed once, then bisected)


class _SpanIndex:
    """Spans (start, end, label) of a sentence, indexed once so that the one nearest a
    number (``_distance``; the first in the list among equals) is found by bisection, not by
    a pass over every span for every number (a sentence of thousands of "X said N kg")."""

    _OVERLAP_SCAN = 64  # spans looked at for one that covers the number

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans
        if len(spans) <= _FEW_SPANS:
            return
        order = sorted(range(len(spans)), key=lambda k: spans[k][0])
        self.by_start = order
        self.starts = [spans[k][0] for k in order]
        self.ends = sorted(sp[1] for sp in spans)
        self.max_end: list[int] = []  # the largest end among the spans up to each, by start
        top = -1
        for k in order:
            top = max(top, spans[k][1])
            self.max_end.append(top)
        self.at_start: dict[int, list[int]] = {}
        self.at_end: dict[int, list[int]] = {}
        for k, (a, b, _) in enumerate(spans):
            self.at_start.setdefault(a, []).append(k)
            self.at_end.setdefault(b, []).append(k)

    def nearest(self, n: _Num) -> str | None:
        spans = self.spans
        if len(spans) <= _FEW_SPANS:  # a pass over a few is cheaper than bisection
            return min(spans, key=lambda f: _distance(f[0], f[1], n))[2] if spans else None
        cands: list[int] = []
        i = bisect_right(self.ends, n.start) - 1  # the nearest end at or before the number
        if i >= 0:
            cands.extend(self.at_end[self.ends[i]])
        j = bisect_left(self.starts, n.end)  # the nearest start at or after it
        if j < len(self.starts):
            cands.extend(self.at_start[self.starts[j]])
        if j > 0 and self.max_end[j - 1] > n.start:  # a span covers part of the number
            for p in range(j - 1, max(-1, j - 1 - self._OVERLAP_SCAN), -1):
                k = self.by_start[p]
                if spans[k][1] > n.start:
                    cands.append(k)
        if not cands:
            return None
        best = min(cands, key=lambda k: (_distance(spans[k][0], spans[k][1], n), k))
        return spans[best][2]


def _distance(a: int, b: int, n: _Num) -> int:
    if b <= n.start:
        return n.start - b
    if a >= n.end:
        return a - n.end
    return 0


# "Officials in Tokyo", "The Health Ministry in Kabul", "the station in northwest Delhi": a
# place after a locative preposition (rules/cues.toml [attribution] place_prepositions and
# place_directions) modifies the subject before it; it does not speak
_HEAD_STOP = re.compile(r"^(?:.*\b(?:the|a|an|of|and|by|for|to|with)\s+)", re.IGNORECASE)


def _speaker_of_place(locative: re.Pattern[str], gate: re.Pattern[str], sentence: str, at: int,
                      who: str) -> str:
    """The subject a place name belongs to: "Officials in Tokyo reported" is said by the
    officials in Tokyo (the name kept with its place), "The Health Ministry in Kabul said" by
    the Health Ministry; a name not after a locative preposition is returned as it is."""
    lo = max(0, at - 80)
    if gate.search(sentence, lo, at) is None:
        return who  # no locative preposition right before the name (most sentences)
    m = locative.search(sentence, lo, at)
    if m is None:
        return who
    head = _HEAD_STOP.sub("", m.group("head")).strip(" ,;:\"'“”")
    if not head or not head[:1].isalpha():
        return who
    words = head.split()
    start = m.start("head") + len(m.group("head")) - len(head.lstrip())
    # a name of its own ("Health Ministry"), not a common noun capitalised to open the
    # sentence ("Officials in Tokyo")
    if len(words) >= 2 and all(w[:1].isupper() for w in words) or (
            words[0][:1].isupper() and sentence[:start].strip()):
        return head
    return f"{head} in {who}"


def _clean_who(who: str) -> str:
    who = _rx(r"^(?:the|The|an?|An?)\s+").sub("", who.strip())
    if who.count("(") > who.count(")"):
        who = who[: who.rindex("(")]
    who = _rx(r"(?<!\s)\s++(?:on|in|at|that|which|who|as|published|released|issued|filed|told|said)\b.*$").sub("", who)
    who = who.strip(" ,.;:\"'“”")
    # a run of white space inside is one space: a name is never kilobytes of blanks
    return " ".join(who.split()) if "  " in who or "\n" in who else who


def _cur_surface(sentence: str, n: _Num) -> str | None:
    m = _rx(r"[^\d\s]+").match(sentence[n.start : n.end])
    return m.group() if m else None


def _tidy(x: Decimal) -> Decimal:
    """3800000.00 -> 3800000; 0.650 -> 0.65 (no exponent notation)."""
    if x == x.to_integral_value():
        return Decimal(int(x))  # exact at any size (quantize fails past 28 digits)
    return x.normalize()


def _dec(x: float) -> Decimal:
    return Decimal(repr(x)).normalize() if x != int(x) else Decimal(int(x))


@dataclass(frozen=True)
class StatedPrecision:
    """How far a figure may stray from what is written, read the way an editor reads it
    (rules/tolerances.toml [precision]): an exact count is exact ("nine games", "28
    children"); otherwise half the unit of the last written digit ("3.8 million" covers 3.75
    to 3.85 million), but a round number ("2,000") or a scale word ("$1 billion") is not
    taken to cover more than a fraction of its value. "About", "nearly" and the like widen
    it further in compare (tolerances.toml [compare] approx)."""

    exact_count_below: float
    round_max: float
    scale_max: float

    @staticmethod
    def from_rules(table: dict[str, Any]) -> StatedPrecision:
        return StatedPrecision(
            exact_count_below=float(table["exact_count_below"]),
            round_max=float(table["round_max"]),
            scale_max=float(table["scale_max"]),
        )

    def half_width(self, n: _Num, dimension: str | None) -> float:
        """The half-width in the written unit (times the scale word's multiplier)."""
        v = abs(float(n.value))
        if not n.vague and v and dimension == COUNT and not n.scaled \
                and v < self.exact_count_below and v.is_integer():
            return 0.0  # a small count is counted, not rounded: "10 games" is not nine
        raw = _half_unit(n)
        if n.vague or not v:
            return raw
        # a round number, a scale word, a number in words ("one year", "two-thirds"): the
        # last digit's unit would be too wide a reading
        round_number = n.scaled or n.words or _trailing_zeros(n) > 0
        if not round_number:
            return raw
        cap = (self.scale_max if n.scaled else self.round_max) * v
        return min(raw, cap)


def _trailing_zeros(n: _Num) -> int:
    digits = n.digits.replace(",", "")
    if not digits or "." in digits:
        return 0
    return len(digits) - len(digits.rstrip("0"))


def _half_unit(n: _Num) -> float:
    """Half the unit of the last written digit, scaled: "3.8 million" -> 50,000."""
    digits = n.digits.replace(",", "")
    if not digits or n.words:
        return 0.5 * float(n.scale) if n.scaled else 0.5
    if "." in digits:
        decimals = len(digits.split(".")[1])
        step = Decimal(1).scaleb(-decimals)
    else:
        stripped = digits.rstrip("0")
        zeros = len(digits) - len(stripped) if stripped else 0
        step = Decimal(1).scaleb(zeros)
    return float(step * n.scale) / 2


def _parse_number_words(phrase: str, scales: dict[str, float],
                        words: dict[str, int] = _UNITS_WORDS) -> Decimal | None:
    tokens = _rx(r"[\s-]+").split(phrase.lower())
    total = Decimal(0)
    current = Decimal(0)
    seen = False
    half = False
    for t in tokens:
        if t in ("and",):
            continue
        if t == "half":
            half = True
            continue
        if t in ("a", "an"):
            current = current or Decimal(1)
            seen = True
            continue
        if t in words:
            current += words[t]
            seen = True
        elif t == "dozen":
            current = (current or Decimal(1)) * 12
            seen = True
        elif t == "hundred":
            current = (current or Decimal(1)) * 100
            seen = True
        elif t in scales:
            total += (current or Decimal(1)) * Decimal(str(scales[t]))
            current = Decimal(0)
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + current
    if half:
        value = value / 2
    return value


@lru_cache(maxsize=4)
def _extractor(rules: Rules) -> Extractor:
    return Extractor(rules)


def get_extractor(rules: Rules | None = None) -> Extractor:
    return _extractor(rules or load_rules())


def extract(doc: Document, rules: Rules | None = None) -> list[Claim]:
    """Claims of one document."""
    return get_extractor(rules).extract(doc)


def extract_text(text: str, *, doc_id: str = "text", rules: Rules | None = None) -> list[Claim]:
    """Claims of a piece of text (a convenience for tests and notebooks)."""
    return extract(Document(id=doc_id, text=text), rules)


def extract_many(docs: Iterable[Document], rules: Rules | None = None) -> Iterator[Claim]:
    ex = get_extractor(rules)
    for d in docs:
        yield from ex.extract(d)
