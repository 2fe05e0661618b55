"""Score factcheck's quantity extractor on the NewsQuant benchmark.

Usage (from the repository root)::

    python3 bench/newsquant.py [PATH] [--errors N] [--dump FILE]

PATH defaults to ``../shared/eval/newsquant/NewsQuant.json`` relative to the repository
root (the parent of this ``bench`` directory).  If the file is absent the script prints
one line to stderr and exits 0, so it can sit in a pipeline that skips missing data.

Data: a JSON list of ``{"text", "quantities": [{"value", "unit", "normalized_unit",
"change", "referred_concepts"}]}``, all strings.  ``value`` is a number with the scale
applied ("57250000.0", "1.99E-29") or a range "lo-hi" (possibly spaced or descending).

Predictions: ``factcheck.extract_text(text)``, keeping only claims with
``kind == "quantity"``.

Scoring rule.  Per sentence, a one-to-one *maximum* bipartite matching (augmenting
paths) between gold quantities and predicted quantity claims, computed three times, each
with its own compatibility predicate:

1. **value** -- numbers equal within a relative tolerance of 1e-5 (absolute 1e-9 when
   either side is zero).  A gold range "lo-hi" matches only a claim range (``value`` is
   None) with ``{low, high}`` equal to ``{lo, hi}`` (either order, so descending gold
   ranges count).  A gold single value matches a claim whose ``value`` equals it, or a
   degenerate claim range with ``low == high == value``.
2. **value+unit** -- value as above AND the units agree.  The claim's ``unit`` and
   ``surface_unit`` are each compared with the gold ``unit`` and ``normalized_unit``;
   they agree if any pair is equal after canonicalisation (lower-case, punctuation
   stripped, plurals singularised, synonyms such as ``%``/per cent/percentage ->
   percent, ``$``/US$/dollar -> usd, km -> kilometer, mph -> mile per hour, claim
   notation ``kilometer / hour``/``oil_barrel`` -> ``kilometer per hour``/``oil barrel``)
   or shares a content word (a token of three or more letters that is not a stopword).
   "pound" is ambiguous and matches both the mass pound and GBP.  A gold unit of "-"
   (none), or a normalised unit of "-" or "count", also matches a claim with no unit.
3. **value+change** -- value as above AND the direction/bound agrees: gold ``up`` /
   ``down`` must equal ``claim.change``; gold ``=``, ``~``, ``>``, ``<`` must equal
   ``claim.bound`` (a claim's ``>=`` counts as ``>``, ``<=`` as ``<``; gold ``>=``/``<=``
   likewise), and ``claim.change`` is then ignored.

For each scorer P = TP/pred, R = TP/gold, F1 = harmonic mean, micro-averaged over the
corpus.  Throughput times only the ``extract_text`` calls (one pass, after one warm-up
call, with the process pinned to one CPU where the OS allows it).

Error analysis (``--errors N``): every gold quantity left unmatched by the value scorer
(FN) and every predicted quantity left unmatched (FP) gets a readable category from
simple heuristics (ranges split in two, spelled-out numbers, years, wrong scale, ...).
Unit and change errors are read off the pairs of the *value* matching whose units (or
change) disagree, so a unit error is not double counted as a value FN and FP; their
counts are therefore close to, not identical with, the extra FNs of scorers 2 and 3.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

# the working tree, not an installed copy that may be older
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import extract_text

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "eval" / "newsquant" / "NewsQuant.json"


def _words(s: str) -> list[str]:
    return s.split()


REL_TOL = 1e-5
ABS_TOL = 1e-9

# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class Gold:
    """One annotated quantity, with its value parsed."""

    value: float | None  # None for a range
    low: float
    high: float
    unit: str
    normalized_unit: str
    change: str
    raw_value: str

    @property
    def is_range(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Pred:
    """The fields of a predicted quantity claim that the scorers look at."""

    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    surface_unit: str | None
    dimension: str | None
    bound: str
    change: str | None
    text: str
    start: int
    end: int

    @property
    def is_range(self) -> bool:
        return self.value is None and self.low is not None


@dataclass(frozen=True)
class Other:
    """A non-quantity claim (year, date, ordinal, ...), kept for error analysis."""

    kind: str
    value: float | None
    text: str
    start: int
    end: int


_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE_RE = re.compile(rf"^\s*({_NUM})\s*-\s*({_NUM})\s*$")


def parse_gold_value(raw: str) -> tuple[float | None, float, float]:
    """Return (value, low, high); value is None for a range "lo-hi"."""
    s = raw.strip()
    try:
        v = float(s)
    except ValueError:
        m = _RANGE_RE.match(s)
        if not m:
            raise ValueError(f"unparseable gold value {raw!r}") from None
        lo, hi = float(m.group(1)), float(m.group(2))
        return None, lo, hi
    return v, v, v


def _f(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def load_gold(item: dict[str, Any]) -> list[Gold]:
    out = []
    for q in item.get("quantities", []):
        value, lo, hi = parse_gold_value(str(q["value"]))
        out.append(
            Gold(
                value=value,
                low=lo,
                high=hi,
                unit=str(q.get("unit", "-")).strip(),
                normalized_unit=str(q.get("normalized_unit", "-")).strip(),
                change=str(q.get("change", "=")).strip(),
                raw_value=str(q["value"]),
            )
        )
    return out


def split_claims(claims: Iterable[Any]) -> tuple[list[Pred], list[Other]]:
    preds: list[Pred] = []
    others: list[Other] = []
    for c in claims:
        if c.kind == "quantity":
            preds.append(
                Pred(
                    value=_f(c.value),
                    low=_f(c.low),
                    high=_f(c.high),
                    unit=c.unit,
                    surface_unit=c.surface_unit,
                    dimension=getattr(c, "dimension", None),
                    bound=c.bound or "=",
                    change=c.change,
                    text=c.text,
                    start=c.start,
                    end=c.end,
                )
            )
        else:
            others.append(Other(c.kind, _f(c.value), c.text, c.start, c.end))
    return preds, others


# ------------------------------------------------------------------------------- value


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    if a == 0 or b == 0:
        return abs(a - b) <= ABS_TOL
    return math.isclose(a, b, rel_tol=REL_TOL)


def value_ok(g: Gold, p: Pred) -> bool:
    if g.is_range:
        if not p.is_range:
            return False
        return (close(g.low, p.low) and close(g.high, p.high)) or (
            close(g.low, p.high) and close(g.high, p.low)
        )
    if p.value is not None:
        return close(g.value, p.value)
    return p.is_range and close(g.value, p.low) and close(g.value, p.high)


# -------------------------------------------------------------------------------- unit

STOPWORDS = frozenset(
    _words(
        "of per the a an and in on for to with at by from or than over into about "
        "square cubic metric old"
    )
)

IRREGULAR = {
    "people": "person",
    "lives": "life",
    "feet": "foot",
    "men": "man",
    "women": "woman",
    "children": "child",
    "teeth": "tooth",
    "mice": "mouse",
    "halves": "half",
    "wives": "wife",
    "knives": "knife",
    "leaves": "leaf",
    "celsius": "celsius",
}

# Single tokens (looked up before and after singularising).
TOKEN_SYN = {
    "$": "usd",
    "us$": "usd",
    "$us": "usd",
    "usd": "usd",
    "dollar": "usd",
    "$m": "usd",
    "$bn": "usd",
    "$b": "usd",
    "£": "gbp",
    "gbp": "gbp",
    "sterling": "gbp",
    "€": "eur",
    "eur": "eur",
    "euro": "eur",
    "a$": "aud",
    "$a": "aud",
    "au$": "aud",
    "aud": "aud",
    "c$": "cad",
    "ca$": "cad",
    "cad": "cad",
    "hk$": "hkd",
    "hkd": "hkd",
    "s$": "sgd",
    "nz$": "nzd",
    "jpy": "jpy",
    "yen": "jpy",
    "cny": "cny",
    "yuan": "cny",
    "rmb": "cny",
    "renminbi": "cny",
    "rm": "myr",
    "myr": "myr",
    "ringgit": "myr",
    "nis": "shekel",
    "ils": "shekel",
    "pence": "penny",
    "%": "percent",
    "pct": "percent",
    "pc": "percent",
    "percentage": "percent",
    "tonne": "metric ton",
    "km": "kilometer",
    "kms": "kilometer",
    "kilometre": "kilometer",
    "metre": "meter",
    "centimetre": "centimeter",
    "cm": "centimeter",
    "millimetre": "millimeter",
    "mm": "millimeter",
    "micrometre": "micrometer",
    "μm": "micrometer",
    "um": "micrometer",
    "ft": "foot",
    "in": "in",
    "mi": "mile",
    "mph": "mile per hour",
    "kph": "kilometer per hour",
    "kmh": "kilometer per hour",
    "mpg": "mile per gallon",
    "rpm": "revolution per minute",
    "kg": "kilogram",
    "kgs": "kilogram",
    "gram": "gram",
    "lb": "pound",
    "lbs": "pound",
    "oz": "ounce",
    "litre": "liter",
    "ml": "milliliter",
    "millilitre": "milliliter",
    "gb": "gigabyte",
    "mb": "megabyte",
    "tb": "terabyte",
    "hz": "hertz",
    "khz": "kilohertz",
    "mhz": "megahertz",
    "ghz": "gigahertz",
    "kw": "kilowatt",
    "mw": "megawatt",
    "gw": "gigawatt",
    "kwh": "kilowatt hour",
    "hp": "horsepower",
    "bhp": "horsepower",
    "nm": "newton meter",
    "sqm": "square meter",
    "sq": "square",
    "yr": "year",
    "yrs": "year",
    "hr": "hour",
    "hrs": "hour",
    "min": "minute",
    "mins": "minute",
    "sec": "second",
    "secs": "second",
    "gigatonne": "gigaton",
    "ppb": "part per billion",
    "ppm": "part per million",
    "mbps": "megabit per second",
    "fahrenheit": "fahrenheit",
}

# Ambiguous tokens: every reading is produced.
AMBIGUOUS = {
    "pound": ("pound", "gbp"),
    "ps": ("gbp", "horsepower"),
    "y": ("jpy", "cny"),
    "¥": ("jpy", "cny"),
    "g": ("gram", "g"),
}

# Multi-word phrases (after singularising and token synonyms), longest first.
PHRASE_SYN = {
    "per cent": "percent",
    "us usd": "usd",
    "usd us": "usd",
    "united states usd": "usd",
    "australian usd": "aud",
    "hong kong usd": "hkd",
    "canadian usd": "cad",
    "singapore usd": "sgd",
    "new zealand usd": "nzd",
    "gbp gbp": "gbp",
    "pound gbp": "gbp",
    "usd gbp": "gbp",  # "$ sterling"
    "japanese jpy": "jpy",
    "chinese cny": "cny",
    "malaysian myr": "myr",
    "israeli shekel": "shekel",
    "new shekel": "shekel",
    "danish krone": "dkk",
    "danish crown": "dkk",
    "usd cent": "cent",
    "gbp penny": "penny",
    "metric ton": "metric ton",
    "mile hour": "mile per hour",
    "kilometer hour": "kilometer per hour",
    "kilometer per h": "kilometer per hour",
    "km per h": "kilometer per hour",
    "mile per h": "mile per hour",
    "degree celsius": "celsius",
    "degree fahrenheit": "fahrenheit",
    "degree c": "celsius",
    "degree f": "fahrenheit",
    "square metre": "square meter",
    "sq meter": "square meter",
    "square m": "square meter",
    "pound foot": "pound foot",
    "lb ft": "pound foot",
    "foot pound": "pound foot",
    "pound force foot": "pound foot",
    "foot pound force": "pound foot",
    "milliampere hour": "mah",
    "kilowatt hour": "kilowatt hour",
    "year of age": "year",
    "year old": "year",
}

# Whole-unit readings of one or two letter symbols (only when the unit is just that).
WHOLE_SYN = {
    "t": "metric ton",
    "m": "meter",
    "c": "celsius",
    "f": "fahrenheit",
    "l": "liter",
    "w": "watt",
    "s": "second",
    "h": "hour",
    "p": "penny",
    "k": "thousand",
}

_TOKEN_RE = re.compile(r"[a-z0-9]*[$£€¥][a-z]*|[%¥£€]|[a-zμ0-9]+")


def singular(tok: str) -> str:
    if tok in IRREGULAR:
        return IRREGULAR[tok]
    if len(tok) <= 3 or not tok.isalpha():
        return tok
    if tok.endswith("ies") and len(tok) > 4:
        return tok[:-3] + "y"
    if tok.endswith(("ss", "us", "is")):
        return tok
    if tok.endswith(("ches", "shes", "sses", "xes", "zes", "uses")):
        return tok[:-2]
    if tok.endswith("s"):
        return tok[:-1]
    return tok


def _map_token(tok: str) -> str:
    if tok in TOKEN_SYN:
        return TOKEN_SYN[tok]
    s = singular(tok)
    return TOKEN_SYN.get(s, s)


def _apply_phrases(text: str) -> str:
    for key in sorted(PHRASE_SYN, key=len, reverse=True):
        text = re.sub(rf"(?<!\S){re.escape(key)}(?!\S)", PHRASE_SYN[key], text)
    return text


def canon_units(unit: str | None) -> frozenset[str]:
    """All canonical readings of a unit string; empty for none."""
    if unit is None:
        return frozenset()
    t = unit.strip()
    if t in ("", "-"):
        return frozenset()
    t = t.replace("_", " ").lower()
    t = re.sub(r"(\w+)\s*\*\*\s*2", r"square \1", t)
    t = re.sub(r"(\w+)\s*\*\*\s*3", r"cubic \1", t)
    t = re.sub(r"\s*/\s*", " per ", t)
    t = t.replace("°c", " celsius ").replace("°f", " fahrenheit ").replace("°", " degree ")
    t = t.replace("per cent", "percent")
    toks = _TOKEN_RE.findall(t)
    toks = [x for x in toks if x not in ("a", "an", "the")]
    if not toks:
        return frozenset()
    if len(toks) == 1 and toks[0] in WHOLE_SYN:
        return frozenset({WHOLE_SYN[toks[0]]})
    readings: list[list[str]] = [[]]
    for tok in toks:
        alts = AMBIGUOUS.get(tok) or AMBIGUOUS.get(singular(tok)) or (_map_token(tok),)
        readings = [r + [a] for r in readings for a in alts]
    return frozenset(_apply_phrases(" ".join(r)) for r in readings)


def content_words(forms: Iterable[str]) -> set[str]:
    return {w for f in forms for w in f.split() if len(w) >= 3 and w not in STOPWORDS}


NONE_UNITS = frozenset({"", "count", "number", "one", "dimensionless"})


def pred_unit_is_none(p: Pred) -> bool:
    return p.unit is None or p.unit.strip().lower() in NONE_UNITS


def gold_unit_is_none(g: Gold) -> bool:
    return g.unit == "-" or g.normalized_unit in ("-", "count")


def unit_ok(g: Gold, p: Pred) -> bool:
    if gold_unit_is_none(g) and pred_unit_is_none(p):
        return True
    gold_sides = [canon_units(g.unit), canon_units(g.normalized_unit)]
    pred_sides = [canon_units(p.unit), canon_units(p.surface_unit)]
    for gs in gold_sides:
        for ps in pred_sides:
            if not gs or not ps:
                continue
            if gs & ps or content_words(gs) & content_words(ps):
                return True
    return False


def value_unit_ok(g: Gold, p: Pred) -> bool:
    return value_ok(g, p) and unit_ok(g, p)


# ------------------------------------------------------------------------------ change

_BOUND = {"=": "=", "~": "~", ">": ">", ">=": ">", "<": "<", "<=": "<"}


def change_ok(g: Gold, p: Pred) -> bool:
    if g.change in ("up", "down"):
        return p.change == g.change
    return _BOUND.get(g.change, g.change) == _BOUND.get(p.bound, p.bound)


def value_change_ok(g: Gold, p: Pred) -> bool:
    return value_ok(g, p) and change_ok(g, p)


# ---------------------------------------------------------------------------- matching

Compat = Callable[[Gold, Pred], bool]


def max_matching(gold: Sequence[Gold], preds: Sequence[Pred], ok: Compat) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths); returns {gold_i: pred_j}."""
    adj = [[j for j, p in enumerate(preds) if ok(g, p)] for g in gold]
    pred_to_gold: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in pred_to_gold or augment(pred_to_gold[j], seen):
                pred_to_gold[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in pred_to_gold.items()}


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


SCORERS: dict[str, Compat] = {
    "value": value_ok,
    "value+unit": value_unit_ok,
    "value+change": value_change_ok,
}

# ---------------------------------------------------------------------- error analysis

NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
} | {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6,
    "billion": 10**9, "trillion": 10**12, "dozen": 12, "half": 0.5, "quarter": 0.25,
    "third": 1 / 3, "twice": 2, "double": 2, "triple": 3, "once": 1, "single": 1,
    "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9,
    "dozens": 12, "couple": 2, "pair": 2, "sixfold": 6, "tenfold": 10,
}  # fmt: skip
SCALE_WORDS = {
    "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6,
    "mln": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "crore": 1e7, "lakh": 1e5,
}  # fmt: skip
_NUM_TOKEN_RE = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+|[A-Za-z]+")


@dataclass(frozen=True)
class Mention:
    """A number written in the sentence, with the values it could stand for."""

    start: int
    end: int
    values: tuple[float, ...]
    spelled: bool


def mentions(text: str) -> list[Mention]:
    toks = [(m.start(), m.end(), m.group()) for m in _NUM_TOKEN_RE.finditer(text)]
    out: list[Mention] = []
    for k, (s, e, tok) in enumerate(toks):
        low = tok.lower()
        if tok[0].isdigit() or tok[0] == ".":
            try:
                base = float(tok.replace(",", ""))
            except ValueError:
                continue
            spelled = False
        elif low in NUMBER_WORDS:
            base, spelled = float(NUMBER_WORDS[low]), True
        else:
            continue
        vals = [base, -base, base * 100, base / 100]
        end = e
        if k + 1 < len(toks) and toks[k + 1][2].lower() in SCALE_WORDS:
            nxt = toks[k + 1]
            if nxt[0] - e <= 1:
                vals.append(base * SCALE_WORDS[nxt[2].lower()])
                end = nxt[1]
        out.append(Mention(s, end, tuple(vals), spelled))
    return out


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _scale_ratio(a: float | None, b: float | None) -> bool:
    """True if a and b differ by a power of ten (and are not equal)."""
    if not a or not b or close(a, b):
        return False
    r = math.log10(abs(a / b))
    return abs(r - round(r)) < 1e-6


def _ends(p: Pred) -> list[float]:
    return [x for x in (p.low, p.high) if x is not None]


def _is_year_like(p: Pred) -> bool:
    t = p.text.strip()
    if p.value is None or not pred_unit_is_none(p):
        return False
    if re.fullmatch(r"'\d{2}s?", t):
        return True
    return re.fullmatch(r"\d{4}s?", t) is not None and 1800 <= int(t[:4]) <= 2100


def _is_fragment(p: Pred, text: str) -> bool:
    """A piece of a time, date, score or version ("1:36.6", "2019-09-01", "3-1")."""
    before = text[max(0, p.start - 2) : p.start]
    after = text[p.end : p.end + 2]
    t = p.text.strip()
    return bool(
        re.fullmatch(r"\d[:/.\-]", before)
        or re.fullmatch(r"[:/\-]\d", after)
        or (t[:1] in "-." and before[-1:].isdigit())
    )


def _is_attached(p: Pred, text: str) -> bool:
    """Glued to a letter or following a capitalised word ("S23", "Big 12", "Section 427")."""
    if p.start > 0 and text[p.start - 1].isalpha():
        return True
    words = text[: p.start].split()
    prev = words[-1] if words else ""
    return prev[:1].isupper() and prev.isalpha()


_FRACTION_RE = re.compile(
    r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|tenths?|one in \w+|\w+ of \w+)\b"
    r"|\d\s*/\s*\d|[\u00bc-\u00be\u2150-\u215e]",
    re.IGNORECASE,
)


def classify_fn(
    g: Gold,
    text: str,
    preds: Sequence[Pred],
    others: Sequence[Other],
    matched_preds: set[int],
) -> str:
    """Why did a gold quantity find no value-compatible prediction?"""
    singles = [p for p in preds if p.value is not None]
    if g.is_range:
        has_lo = any(close(p.value, g.low) for p in singles)
        has_hi = any(close(p.value, g.high) for p in singles)
        if has_lo and has_hi:
            return "FN value: range read as two numbers"
        for p in preds:
            if p.is_range and any(close(x, y) for x in _ends(p) for y in (g.low, g.high)):
                return "FN value: range with a different end"
            if p.is_range and any(_scale_ratio(x, y) for x in _ends(p) for y in (g.low, g.high)):
                return "FN value: range with wrong scale"
        if has_lo or has_hi:
            return "FN value: range read as one number"
    else:
        for p in preds:
            if p.is_range and any(close(x, g.value) for x in _ends(p)):
                return "FN value: single value read as part of a range"
        for j, p in enumerate(preds):
            if j in matched_preds and value_ok(g, p):
                return "FN value: duplicate gold (the matching claim is taken)"
        for o in others:
            if close(o.value, g.value):
                return f"FN value: read as a non-quantity claim ({o.kind})"
    targets = [g.low, g.high] if g.is_range else [g.value]
    spans = [m for m in mentions(text) if any(close(v, t) for v in m.values for t in targets)]
    if not spans:
        lowered = text.lower()
        if g.is_range and any(w in lowered for w in ("dozens", "hundreds", "thousands")):
            return "FN value: vague plural number (dozens/thousands)"
        if (
            not g.is_range
            and g.value is not None
            and abs(g.value) < 1
            and _FRACTION_RE.search(text)
        ):
            return "FN value: fraction (two-thirds, one in four) not converted"
        return "FN value: value not written as such (computed by annotator)"
    for m in spans:
        for p in preds:
            if _overlaps(m.start, m.end, p.start, p.end):
                pv = p.value if p.value is not None else p.low
                if any(_scale_ratio(pv, t) for t in targets):
                    return "FN value: claim has the wrong scale (x10^k)"
                return "FN value: overlapping claim has a different value"
        for o in others:
            if _overlaps(m.start, m.end, o.start, o.end):
                return f"FN value: read as a non-quantity claim ({o.kind})"
    if all(m.spelled for m in spans):
        return "FN value: spelled-out number missed"
    return "FN value: missed (no claim overlapping)"


def classify_fp(
    p: Pred,
    text: str,
    gold: Sequence[Gold],
    unmatched_gold: set[int],
) -> str:
    """Why does a predicted quantity have no value-compatible gold?"""
    free = [gold[i] for i in unmatched_gold]
    if p.value is not None:
        if any(g.is_range and (close(p.value, g.low) or close(p.value, g.high)) for g in free):
            return "FP value: one end of a gold range"
    else:
        if any(not g.is_range and any(close(g.value, x) for x in _ends(p)) for g in free):
            return "FP value: range where gold has a single value"
        if any(g.is_range for g in free):
            return "FP value: range with different ends"
    pv = p.value if p.value is not None else p.low
    if any(_scale_ratio(pv, g.value if g.value is not None else g.low) for g in free):
        return "FP value: wrong scale (x10^k)"
    if any(value_ok(g, p) for g in gold):
        return "FP value: duplicate of an annotated quantity"
    if _is_year_like(p):
        return "FP value: year/date read as quantity"
    if pred_unit_is_none(p) and _is_fragment(p, text):
        return "FP value: fragment of a time/date/score/version"
    if not re.search(r"\d", p.text):
        return "FP value: spelled-out number not annotated"
    if pred_unit_is_none(p) and _is_attached(p, text):
        return "FP value: number in a name or identifier ('S23', 'Big 12')"
    if pred_unit_is_none(p):
        return "FP value: bare number not annotated"
    return "FP value: number with unit not annotated"


CURRENCIES = frozenset(
    _words(
        "usd gbp eur aud cad hkd sgd nzd jpy cny myr shekel dkk cent penny sen inr rupee "
        "franc krone won ruble peso real rand"
    )
)


def unit_kind_gold(g: Gold) -> str:
    if gold_unit_is_none(g):
        return "none"
    # The normalised unit is the more telling ("PS" -> horsepower or pound sterling).
    forms = canon_units(g.normalized_unit) or canon_units(g.unit)
    return _kind_of_forms(forms)


def unit_kind_pred(p: Pred) -> str:
    if pred_unit_is_none(p):
        return "none"
    if p.dimension == "currency" or (p.dimension or "").startswith("currency"):
        return "currency"
    if p.dimension == "percent":
        return "percent"
    if p.dimension == "count":
        return _kind_of_forms(canon_units(p.unit))
    return "measure"


def _kind_of_forms(forms: Iterable[str]) -> str:
    words = {w for f in forms for w in f.split()}
    if "percent" in words or "point" in words:
        return "percent/point"
    if words & CURRENCIES:
        return "currency"
    if words & MEASURE_WORDS:
        return "measure"
    return "count noun"


MEASURE_WORDS = frozenset(
    _words(
        "meter kilometer centimeter millimeter micrometer mile yard foot inch gram kilogram "
        "pound ounce ton liter milliliter gallon barrel second minute hour day week month year "
        "decade century hertz kilohertz megahertz gigahertz watt kilowatt megawatt gigawatt "
        "horsepower celsius fahrenheit degree byte gigabyte megabyte terabyte megabit newton "
        "revolution part gigaton acre hectare decibel volt mah ksi"
    )
)


def unit_error(g: Gold, p: Pred) -> tuple[str, str]:
    """Label a value-matched pair whose units disagree, by coarse kind, with an example."""
    gk, pk = unit_kind_gold(g), unit_kind_pred(p)
    example = f"gold {g.unit!r} ({g.normalized_unit}) vs pred {p.unit!r} ({p.surface_unit!r})"
    return f"unit mismatch: gold {gk} vs pred {pk}", example


def change_error(g: Gold, p: Pred) -> tuple[str, str]:
    """Label a value-matched pair whose change/bound disagrees with the gold."""
    if g.change in ("up", "down"):
        got = str(p.change)
    else:
        got = f"bound {_BOUND.get(p.bound, p.bound)}"
        if p.change:
            got += f", change {p.change}"
    kind = f"change mismatch: gold {_BOUND.get(g.change, g.change)}, pred {got}"
    return kind, p.text


@dataclass
class ErrorLog:
    """Error kinds with counts and a few examples each."""

    counts: Counter[str]
    examples: dict[str, list[str]]

    def add(self, kind: str, example: str, sentence_log: list[str]) -> None:
        self.counts[kind] += 1
        if len(self.examples[kind]) < 3:
            self.examples[kind].append(example)
        sentence_log.append(kind)


# -------------------------------------------------------------------------------- main


def machine() -> str:
    """platform.processor() (often just the architecture on Linux), the CPU model, cores."""
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    proc = platform.processor() or platform.machine()
    return f"{proc}{f' ({model})' if model else ''}, os.cpu_count()={os.cpu_count()}"


def pin_one_core() -> str:
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[0]})
        return f"pinned to CPU {cpus[0]}"
    except (AttributeError, OSError):
        return "not pinned (sched_setaffinity unavailable)"


def pred_json(p: Pred) -> dict[str, Any]:
    return {
        "text": p.text,
        "start": p.start,
        "value": p.value,
        "low": p.low,
        "high": p.high,
        "unit": p.unit,
        "surface_unit": p.surface_unit,
        "bound": p.bound,
        "change": p.change,
    }


def gold_json(g: Gold) -> dict[str, Any]:
    return {
        "value": g.raw_value,
        "unit": g.unit,
        "normalized_unit": g.normalized_unit,
        "change": g.change,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT_DATA), help="NewsQuant.json")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="show N top error kinds")
    ap.add_argument("--dump", metavar="FILE", help="write per-sentence gold vs pred JSONL")
    args = ap.parse_args(argv)

    path = Path(args.path).resolve()
    if not path.is_file():
        print(f"newsquant: data file {path} not found; skipping", file=sys.stderr)
        return 0
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    golds = [load_gold(it) for it in items]
    texts = [str(it["text"]) for it in items]

    pinned = pin_one_core()
    if texts:
        extract_text(texts[0])  # warm-up: rule loading, caches
    raw_claims: list[list[Any]] = []
    elapsed = 0.0
    for t in texts:
        t0 = time.perf_counter()
        claims = extract_text(t)
        elapsed += time.perf_counter() - t0
        raw_claims.append(claims)
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)

    scores = {name: Score() for name in SCORERS}
    log = ErrorLog(Counter(), defaultdict(list))
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115
    try:
        for idx, (text, gold, claims) in enumerate(zip(texts, golds, raw_claims, strict=True)):
            preds, others = split_claims(claims)
            matchings = {name: max_matching(gold, preds, ok) for name, ok in SCORERS.items()}
            for name, m in matchings.items():
                scores[name].add(len(m), len(preds), len(gold))

            sent_errors: list[str] = []
            vm = matchings["value"]
            matched_preds = set(vm.values())
            unmatched_gold = {i for i in range(len(gold)) if i not in vm}
            for i in sorted(unmatched_gold):
                g = gold[i]
                kind = classify_fn(g, text, preds, others, matched_preds)
                log.add(kind, f"gold {g.raw_value} {g.unit!r} in: {text[:90]}", sent_errors)
            for j, p in enumerate(preds):
                if j not in matched_preds:
                    kind = classify_fp(p, text, gold, unmatched_gold)
                    log.add(kind, f"pred {p.text!r} in: {text[:90]}", sent_errors)
            for i, j in vm.items():
                g, p = gold[i], preds[j]
                if not unit_ok(g, p):
                    log.add(*unit_error(g, p), sent_errors)
                if not change_ok(g, p):
                    kind, ex = change_error(g, p)
                    log.add(kind, f"{ex!r} in: {text[:90]}", sent_errors)

            if dump is not None:
                rec = {
                    "i": idx,
                    "text": text,
                    "gold": [gold_json(g) for g in gold],
                    "pred": [pred_json(p) for p in preds],
                    "other_claims": [{"kind": o.kind, "text": o.text} for o in others],
                    "pairs": {name: sorted(m.items()) for name, m in matchings.items()},
                    "errors": sent_errors,
                }
                dump.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if dump is not None:
            dump.close()

    n_pred = scores["value"].pred
    n_gold = scores["value"].gold
    print(f"NewsQuant: {len(texts)} sentences, {n_gold} gold quantities, "
          f"{n_pred} predicted quantity claims  ({path})")  # fmt: skip
    print(f"{'scorer':<13} {'P':>6} {'R':>6} {'F1':>6} {'TP':>6} {'pred':>6} {'gold':>6}")
    for name, s in scores.items():
        print(f"{name:<13} {100 * s.p:6.1f} {100 * s.r:6.1f} {100 * s.f1:6.1f} "
              f"{s.tp:6d} {s.pred:6d} {s.gold:6d}")  # fmt: skip
    if elapsed > 0:
        print(f"throughput: {len(texts) / elapsed:,.0f} sentences/s, "
              f"{n_bytes / 1024 / elapsed:,.1f} KB/s  ({elapsed:.3f} s for "
              f"{n_bytes / 1024:,.1f} KB; extraction only, after one warm-up call, {pinned})")  # fmt: skip
    print(f"machine: {machine()}, Python {platform.python_version()}")

    if args.errors > 0:
        print(f"\nTop {args.errors} error kinds (value scorer FN/FP; unit/change errors on "
              f"value-matched pairs):")  # fmt: skip
        for kind, n in log.counts.most_common(args.errors):
            print(f"{n:5d}  {kind}")
            for ex in log.examples[kind]:
                print(f"         e.g. {ex}")
    if args.dump:
        print(f"\nwrote {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
