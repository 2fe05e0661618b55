"""The acceptance table of issue 20 (tests/numbers_news.py): real news sentences in the
languages and number formats of the world, each figure read to its value and unit; years
and dates stay no quantity; and the sentences of ../shared/eval/pairs that carry such
numbers, read from there at test time (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from factcheck import extract_text, load_rules
from factcheck.extract import get_extractor
from factcheck.models import Document
from factcheck.pipeline import with_languages

sys.path.insert(0, str(Path(__file__).parent))
from numbers_news import NEGATIVES, ROWS, SHARED, XFAIL

PAIRS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pairs" / "train.jsonl"


def reads_as(claims, figure: str, value: float, unit: str | None) -> bool:
    """Whether a claim holding ``figure`` reads as ``value`` in ``unit`` (a range or a
    change "from X to Y" holds the figure as one of its ends)."""
    for c in claims:
        if c.kind != "quantity" or figure not in c.text:
            continue
        assert c.text == c.sentence[c.start - c.sentence_start : c.end - c.sentence_start]
        values = [c.value] if c.value is not None else [c.low, c.high]
        if c.unit == unit and any(v is not None and abs(float(v) - value) <= 1e-9 * max(1.0, abs(value))
                                  for v in values):
            return True
    return False


def _case(row):
    lang, fmt, text, figure, _value, _unit = row
    reason = next((r for (start, fig), r in XFAIL.items()
                   if text.startswith(start) and fig == figure), None)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(row, id=f"{lang}:{fmt}:{text[:30]}:{figure}", marks=marks)


@pytest.mark.parametrize("row", [_case(r) for r in ROWS])
def test_news_figure(row):
    _lang, _fmt, text, figure, value, unit = row
    claims = extract_text(text)
    assert reads_as(claims, figure, value, unit), \
        [(c.text, str(c.value), c.unit, c.number_format) for c in claims if c.kind == "quantity"]


@pytest.mark.parametrize("lang, text, figure", NEGATIVES,
                         ids=[f"{r[0]}:{r[2]}" for r in NEGATIVES])
def test_news_no_quantity(lang, text, figure):
    claims = extract_text(text)
    assert not [c.text for c in claims if c.kind == "quantity" and figure in c.text]
    # the positive control: the figure is read, as the year it is
    assert [c.kind for c in claims if figure in c.text][:1] == ["year"], \
        [(c.kind, c.text) for c in claims]


def test_the_table_is_large_enough():
    assert len(ROWS) + len(SHARED) >= 80 and len(NEGATIVES) >= 5
    assert {r[0] for r in ROWS} >= {"de", "fr", "es", "it", "pt", "en-IN"}


@pytest.mark.skipif(not PAIRS.exists(), reason="needs ../shared/eval/pairs (not in the repo)")
@pytest.mark.parametrize("case, index, figure, value, unit, lang, fmt", SHARED,
                         ids=[f"{r[0]}:{r[1]}:{r[2]}" for r in SHARED])
def test_shared_figure(case, index, figure, value, unit, lang, fmt):
    cases = {c["id"]: c for c in map(json.loads, PAIRS.read_text(encoding="utf-8").splitlines())}
    d = cases[case]["docs"][index]
    rules = load_rules()
    doc = with_languages([Document(f"{case}/{index}", d["text"])], rules)[0]
    assert doc.language == ("en" if lang == "en-IN" else lang)
    claims = get_extractor(rules).extract(doc)
    assert reads_as(claims, figure, value, unit), \
        [(c.text, str(c.value), c.unit) for c in claims if c.kind == "quantity" and
         figure.split()[0].lstrip("Rs") in c.text]
