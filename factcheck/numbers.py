"""How a document writes its numbers: its language, its decimal mark, and the value of a
number written with separators ("1.234,56", "246.000", "12,34,567", "1 234 567").

Rules: rules/numbers.toml (languages, their function words, scale words, number words and
units). The
stages are small functions:

- ``Languages.detect``: the language of a document: a cheap check settles English copy
  (mostly ASCII, English function words well ahead of the others'), anything else is
  classified by py3langid's model, which ships inside its wheel (no download at run time);
  English (or too little to tell) is None;
- ``document_convention``: "comma" or "point" from the unambiguous numbers of the document
  ("29,61", "1.234,56" against "3.8", "1,234.56"), None when there are none or they disagree
  evenly;
- ``read_number``: the exact ``Decimal`` of a number as written, its digits without
  grouping, and how its format was decided ("decimal_comma", "decimal_point", "ambiguous"
  or None when no separator needed deciding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import RuleError

if TYPE_CHECKING:
    from .models import Claim
    from .rules import Rules

# spaces and apostrophes only ever group digits: "1 234 567", "1'234'567"
GROUP_SPACES = frozenset(" \u00a0\u202f'’")
_GROUP_SPACE_CLASS = " \u00a0\u202f'’"

# a number as any of the languages of news writes it (digits only; no sign, no scale). The
# grouped form keeps one separator throughout ((?P=g)); a decimal part then uses the other
# mark. Indian grouping: "12,34,567". A number glued to a further separator and digit
# ("15.08.2025", a date) is no number here.
NUMBER_BODY = (
    r"(?:\d{1,3}(?P<g>[.,\u00a0\u202f'’ ])\d{3}(?:(?P=g)\d{3})*(?:(?!(?P=g))[.,]\d+)?"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?)"
)
_EVIDENCE = re.compile(r"(?<![\d.,])" + NUMBER_BODY + r"(?!\d|[.,]\d)")


def read_number(num: str, convention: str | None, default: str = "comma"
                ) -> tuple[Decimal, str, str | None]:
    """(value, digits without grouping with "." for a decimal mark, number format).

    ``convention`` is the document's decimal mark ("comma", "point" or None: no evidence);
    ``default`` the language's, used for a number that stays ambiguous.

    >>> read_number("1.234,56", None)
    (Decimal('1234.56'), '1234.56', 'decimal_comma')
    >>> read_number("246.000", "comma")
    (Decimal('246000'), '246000', 'decimal_comma')
    >>> read_number("1.234", None)
    (Decimal('1234'), '1234', 'ambiguous')
    """
    if num.isdigit():
        return Decimal(num), num, None
    spaced = any(c in GROUP_SPACES for c in num)
    if spaced:
        body = "".join(c for c in num if c not in GROUP_SPACES)
        if "," in body:
            digits, fmt = body.replace(",", "."), "decimal_comma"
        elif "." in body:
            digits, fmt = body, "decimal_point"
        else:
            digits, fmt = body, None
        return Decimal(digits), digits, fmt
    if "." in num and "," in num:
        dec = "," if num.rfind(",") > num.rfind(".") else "."
        grp = "." if dec == "," else ","
        digits = num.replace(grp, "").replace(",", ".")
        return Decimal(digits), digits, "decimal_comma" if dec == "," else "decimal_point"
    sep = "," if "," in num else "."
    parts = num.split(sep)
    if len(parts) > 2:  # "1.234.567", "1,234,567", "12,34,567": grouping
        digits = "".join(parts)
        return Decimal(digits), digits, "decimal_comma" if sep == "." else "decimal_point"
    head, tail = parts
    if len(tail) != 3 or head == "0" or len(head) > 3:
        # "29,61", "0,500", "1234,567", "3.8": the mark is a decimal mark
        digits = f"{head}.{tail}"
        return Decimal(digits), digits, "decimal_comma" if sep == "," else "decimal_point"
    # "246.000", "1,234": a decimal mark or a thousands separator
    mark = convention or default
    as_decimal = (sep == ",") == (mark == "comma")
    digits = f"{head}.{tail}" if as_decimal else head + tail
    if convention is None:
        fmt = "ambiguous"
    else:
        fmt = "decimal_comma" if convention == "comma" else "decimal_point"
    return Decimal(digits), digits, fmt


def document_convention(text: str) -> str | None:
    """"comma" or "point": the decimal mark the unambiguous numbers of ``text`` use (the
    majority when both occur), None when none decides."""
    comma = point = 0
    for m in _EVIDENCE.finditer(text):
        num = m.group()
        if num.isdigit():
            continue
        fmt = read_number(num, None)[2]
        if fmt == "decimal_comma":
            comma += 1
        elif fmt == "decimal_point":
            point += 1
    if comma > point:
        return "comma"
    if point > comma:
        return "point"
    return None


@dataclass(frozen=True)
class Language:
    code: str
    written_decimal: str | None  # numbers.toml's decimal, when the file sets one
    stopwords: frozenset[str]
    connectors: tuple[str, ...]
    scale: dict[str, float]
    currency_words: dict[str, str]
    units: dict[str, str]
    # number words of the language ("deux", "zwei", "dos", "due", "dois"): word -> value
    number_words: dict[str, int] = field(default_factory=dict)
    # counted nouns: German capitalises them (kept as written); the others' plurals are made
    # singular by the longest matching ending ("trabajadores" -> "trabajador")
    # number words read only right before a scale word ("un million", "neuf millions"):
    # alone they are articles or other words ("un", "neuf" = new, Italian "sei" = are)
    scale_only: tuple[str, ...] = ()
    capitalised_nouns: bool = False
    plural_endings: tuple[tuple[str, str], ...] = ()

    @property
    def decimal(self) -> str:
        """"comma" or "point": the language's usual decimal mark, as numbers.toml writes it
        or else as the Unicode CLDR gives it (:func:`cldr_decimal`)."""
        return self.written_decimal or cldr_decimal(self.code)

    def singular(self, word: str) -> str:
        """The singular of a lower-case counted noun by the language's plural endings."""
        for ending, repl in self.plural_endings:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                return word[: len(word) - len(ending)] + repl
        return word


@lru_cache(maxsize=None)
def cldr_decimal(code: str) -> str:
    """"comma" or "point": the decimal mark of language ``code`` in the Unicode CLDR, the
    locale data Babel ships inside its wheel (nothing is downloaded). Imported only when a
    document that is not English needs it, so English copy never pays for it.

    >>> cldr_decimal("de"), cldr_decimal("en")
    ('comma', 'point')
    """
    from babel.core import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:
        symbol = get_decimal_symbol(code)
    except (UnknownLocaleError, ValueError):
        raise RuleError(f"rule 'languages.{code}': the CLDR knows no language {code!r}, so "
                        'numbers.toml must set its decimal ("comma" or "point")',
                        path="numbers.toml") from None
    return "comma" if symbol in (",", "\u066b") else "point"


# a number whose one separator is followed by exactly three digits: "1.234", "2,800"
_AMBIGUOUS_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}[.,]\d{3}(?![\d]|[.,]\d)")


def other_reading(c: Claim, rules: Rules, language: str | None
                  ) -> tuple[Claim, str, str, str] | None:
    """For a claim read from an ambiguous number ("1.234": Claim.number_format
    "ambiguous"): the claim read the other way (a thousands separator for a decimal mark or
    the reverse), the number as written, and both readings in words; None when its text
    holds no such number.

    >>> from factcheck.models import Claim
    >>> from factcheck.rules import load_rules
    >>> c = Claim("d#1", "d", 0, 5, "1.234", "1.234", "quantity", value=Decimal(1234),
    ...           si_value=1234.0, number_format="ambiguous")
    >>> alt, written, as_read, other = other_reading(c, load_rules(), "es")
    >>> alt.value, written, as_read, other
    (Decimal('1.234'), '1.234', '1234 (a thousands separator)', '1.234 (a decimal mark)')
    """
    from dataclasses import replace

    m = _AMBIGUOUS_NUMBER.search(c.text)
    if m is None:
        return None
    written = m.group()
    lang = Languages.cached(rules).by_code.get(language or "")
    default = lang.decimal if lang is not None else "comma"
    read, digits, _ = read_number(written, None, default)
    other_mark = "point" if default == "comma" else "comma"  # the mark it was not read with
    alt, alt_digits, _ = read_number(written, other_mark, default)
    if alt == read or not read:
        return None
    f = alt / read
    ff = float(f)

    def scaled(x: Any) -> Any:
        if x is None:
            return None
        return x * f if isinstance(x, Decimal) else x * ff

    claim = replace(c, value=scaled(c.value), low=scaled(c.low), high=scaled(c.high),
                    si_value=scaled(c.si_value), si_low=scaled(c.si_low),
                    si_high=scaled(c.si_high), precision=c.precision * ff)

    def words(d: str) -> str:
        return f"{d} (a decimal mark)" if "." in d else f"{d} (a thousands separator)"

    return claim, written, words(digits), words(alt_digits)


# quotation marks, dashes, ellipses, spaces and symbols English copy writes too: left out
# when the cheap check counts non-ASCII characters
_NOT_LETTERS = str.maketrans("", "", "“”‘’«»—–…\u00a0\u202f\u2009•€£₹°·×")


@lru_cache(maxsize=4)
def _identifier(codes: tuple[str, ...]) -> Any:
    """py3langid's classifier restricted to ``codes``, loaded once (its model ships inside
    the wheel: nothing is downloaded)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(codes))
    return ident


class Languages:
    """The languages of rules/numbers.toml and the detector that tells them apart.

    ``detect`` first runs a cheap check that settles English copy (mostly ASCII, English
    function words well ahead of the other languages'); only a document that fails it is
    classified by py3langid's model (a naive Bayes over byte n-grams, restricted to the
    languages listed here)."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.by_code: dict[str, Language] = {}
        for code, spec in table.get("languages", {}).items():
            self.by_code[code] = Language(
                code=code,
                written_decimal=spec.get("decimal"),
                stopwords=frozenset(w.lower() for w in spec.get("stopwords", [])),
                connectors=tuple(spec.get("connectors", [])),
                scale={k.lower(): float(v) for k, v in spec.get("scale", {}).items()},
                currency_words=dict(spec.get("currency_words", {})),
                units=dict(spec.get("units", {})),
                number_words={k.lower(): int(v)
                              for k, v in spec.get("number_words", {}).items()},
                capitalised_nouns=bool(spec.get("capitalised_nouns", False)),
                scale_only=tuple(w.lower() for w in spec.get("scale_only", [])),
                plural_endings=tuple(sorted(spec.get("plural_endings", {}).items(),
                                            key=lambda kv: -len(kv[0]))),
            )
        english = self.by_code.get("en")
        self.english = english.stopwords if english is not None else frozenset()
        # words English also writes ("do", "Los Angeles", "plus") never count against it
        lookalikes = frozenset(w.lower() for w in table.get("english_lookalikes", []))
        self.foreign = frozenset(w for code, lang in self.by_code.items() if code != "en"
                                 for w in lang.stopwords) - lookalikes - self.english
        # (no numbers.toml: English only, nothing to detect)
        self.min_probability = float(table["detector"]["min_probability"]) if table else 1.0
        self._codes = tuple(sorted({*self.by_code, "en"}))

    @staticmethod
    @lru_cache(maxsize=4)
    def cached(rules: Rules) -> Languages:
        """The Languages of a set of rules, built once."""
        return Languages(rules.numbers)

    def cheap_english(self, head: str, words: list[str]) -> bool:
        """True when ``head`` (a document's start, ``words`` its lower-cased white-space
        split) is plainly English: at most one non-ASCII byte (typographic marks aside) in 30
        characters, and at least
        two English function words, over three times as many as the other languages'."""
        if not head.isascii():  # (all of _NOT_LETTERS is outside ASCII)
            letters = head.translate(_NOT_LETTERS)  # typographic marks are no sign of a language
            if (len(letters.encode("utf-8")) - len(letters)) * 30 > len(head):
                return False
        if len(head) > 600 and self.foreign.isdisjoint(words):
            # a long text without one function word of another language: one set test
            return not self.english.isdisjoint(words)
        en = fo = 0
        for w in words:
            if w in self.english:
                en += 1
            elif w in self.foreign:
                fo += 1
        return en >= 2 and en > 3 * fo

    def detect(self, text: str, sample: int = 3000) -> str | None:
        """The code of the language of ``text`` if it is one of the other languages of
        rules/numbers.toml; None for English, for too little text to tell, and when the
        model is less sure than [detector] min_probability."""
        if len(self.by_code) < 2:
            return None
        head = text[:sample]
        words = head.lower().split()
        if len(words) < 3 or self.cheap_english(head, words):
            return None
        code, prob = _identifier(self._codes).classify(head)
        if code == "en" or code not in self.by_code or prob < self.min_probability:
            return None
        return str(code)
