"""How a document writes its numbers: its language, its decimal mark, and the value of a
number written with separators ("1.234,56", "246.000", "12,34,567", "1 234 567").

Rules: rules/numbers.toml (languages, their function words, scale words and units). The
stages are small functions:

- ``Languages.detect``: the language of a document from a count of function words; English
  (or too little to tell) is None, and an English document pays for one regex search only;
- ``document_convention``: "comma" or "point" from the unambiguous numbers of the document
  ("29,61", "1.234,56" against "3.8", "1,234.56"), None when there are none or they disagree
  evenly;
- ``read_number``: the exact ``Decimal`` of a number as written, its digits without
  grouping, and how its format was decided ("decimal_comma", "decimal_point", "ambiguous"
  or None when no separator needed deciding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


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
    decimal: str
    stopwords: frozenset[str]
    connectors: tuple[str, ...]
    scale: dict[str, float]
    currency_words: dict[str, str]
    units: dict[str, str]


class Languages:
    """The languages of rules/numbers.toml and a detector over their function words."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.by_code: dict[str, Language] = {}
        for code, spec in table.get("languages", {}).items():
            self.by_code[code] = Language(
                code=code,
                decimal=spec.get("decimal", "point"),
                stopwords=frozenset(w.lower() for w in spec.get("stopwords", [])),
                connectors=tuple(spec.get("connectors", [])),
                scale={k.lower(): float(v) for k, v in spec.get("scale", {}).items()},
                currency_words=dict(spec.get("currency_words", {})),
                units=dict(spec.get("units", {})),
            )
        self.word_langs: dict[str, tuple[str, ...]] = {}
        for code, lang in self.by_code.items():
            for w in lang.stopwords:
                self.word_langs[w] = (*self.word_langs.get(w, ()), code)
        # English text mostly holds none of the other languages' function words: a set test
        # on the white-space-split words of its start is all an English document pays
        lookalikes = frozenset(w.lower() for w in table.get("english_lookalikes", []))
        self.foreign = frozenset(w for code, lang in self.by_code.items() if code != "en"
                                 for w in lang.stopwords) - lookalikes

    def detect(self, text: str, sample: int = 3000) -> str | None:
        """The code of the language of ``text`` if it is not English; None for English or
        when no function word decides."""
        if not self.foreign:
            return None
        words = text[:sample].lower().split()
        if len(text) > 600 and self.foreign.isdisjoint(words):
            return None  # a long English text: no word of another language to count
        counts: dict[str, int] = {}
        for raw in words:
            for w in _WORD.findall(raw):
                for code in self.word_langs.get(w, ()):
                    counts[code] = counts.get(code, 0) + 1
        english = counts.pop("en", 0)
        if not counts:
            return None
        best = max(sorted(counts), key=counts.__getitem__)
        return best if counts[best] > english else None
