"""Properties on generated input (hypothesis): no exception, exact spans, symmetric pairing,
verdicts unchanged by scaling both numbers or converting both to another unit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factcheck.models import Document
from factcheck.pipeline import analyse
from factcheck.report import Format, render
from factcheck.rules import load_rules

RULES = load_rules()
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

WORDS = ["The", "flood", "killed", "people", "km", "tons", "million", "$", "%", "rose", "to",
         "from", "said", "police", "according", "about", "up", "percent", "in", "2023", ".",
         ",", "\n", "<b>", "1e308", "10^400", "½", "−", "\u00a0", "\x1b", "and", "of"]
news_like = st.lists(
    st.one_of(st.sampled_from(WORDS), st.integers(0, 10**12).map(str),
              st.decimals(0, 10**6, places=2).map(str), st.text(max_size=8)),
    max_size=40,
).map(" ".join)
any_text = st.one_of(news_like, st.text(max_size=300))


def _doc_text(d: Document, report) -> str:
    return next(x.text for x in report.documents if x.id == d.id)


@SETTINGS
@given(a=any_text, b=any_text)
def test_no_exception_and_exact_spans(a, b):
    docs = [Document(id="a", text=a), Document(id="b", text=b)]
    report = analyse(docs, rules=RULES)
    texts = {d.id: d.text for d in docs}
    for c in report.claims:
        assert texts[c.doc][c.start : c.end] == c.text
    for fmt in Format:
        assert isinstance(render(report, fmt), str)


def _pairs(report):
    out = {}
    for f in report.findings:
        key = frozenset([(f.a.doc, f.a.start, f.a.end), (f.b.doc, f.b.start, f.b.end)])
        out[key] = f.verdict
    return out


@SETTINGS
@given(a=news_like, b=news_like)
def test_pairing_is_symmetric(a, b):
    ab = analyse([Document(id="a", text=a), Document(id="b", text=b)], rules=RULES)
    ba = analyse([Document(id="b", text=b), Document(id="a", text=a)], rules=RULES)
    assert _pairs(ab) == _pairs(ba)


# Two reports of one quantity: the same sentence frame with different numbers.
FRAMES = [
    "The road from the city to the port is {x} long, {who} said.",
    "Floods destroyed {x} of farmland in the province, {who} said on Monday.",
    "The pipeline carries {x} of oil a day, according to {who}.",
]
WHO = [("officials", "the ministry"), ("police", "police")]


def _verdicts(frame: str, who: tuple[str, str], xa: str, xb: str) -> list[str]:
    docs = [Document(id="a", text=frame.format(x=xa, who=who[0])),
            Document(id="b", text=frame.format(x=xb, who=who[1]))]
    return sorted(f.verdict for f in analyse(docs, rules=RULES).findings)


def _fmt(n: int) -> str:
    return f"{n:,}"


# Numbers whose difference is either nothing or far beyond rounding, so that writing them
# with more digits (scaling) cannot turn rounding into an explanation.
pair_of_numbers = st.tuples(st.integers(10, 900), st.integers(10, 900)).filter(
    lambda p: p[0] == p[1] or max(p) / min(p) >= 1.3
)


@SETTINGS
@given(nums=pair_of_numbers, factor=st.sampled_from([10, 100, 1000]),
       frame=st.sampled_from(FRAMES[:1]), who=st.sampled_from(WHO),
       unit=st.sampled_from(["km", "miles", "metres"]))
def test_scaling_both_numbers_keeps_the_verdict(nums, factor, frame, who, unit):
    a, b = nums
    before = _verdicts(frame, who, f"{_fmt(a)} {unit}", f"{_fmt(b)} {unit}")
    assume(before)  # paired at all
    after = _verdicts(frame, who, f"{_fmt(a * factor)} {unit}", f"{_fmt(b * factor)} {unit}")
    assert after == before


CONVERSIONS = [  # (unit, other unit, how many of the other make one)
    ("km", "metres", 1000),
    ("kg", "grams", 1000),
    ("hectares", "square metres", 10_000),
]


@SETTINGS
@given(nums=pair_of_numbers, conv=st.sampled_from(CONVERSIONS), who=st.sampled_from(WHO))
def test_converting_both_to_another_unit_keeps_the_verdict(nums, conv, who):
    a, b = nums
    unit, other, k = conv
    frame = FRAMES[0] if unit == "km" else FRAMES[1]
    before = _verdicts(frame, who, f"{a} {unit}", f"{b} {unit}")
    assume(before)
    after = _verdicts(frame, who, f"{_fmt(a * k)} {other}", f"{_fmt(b * k)} {other}")
    assert after == before


@pytest.mark.parametrize("a,b", [(12, 12), (12, 30)])
def test_the_property_frames_pair(a, b):
    # the frames above do produce pairs, so the properties are not vacuous
    assert _verdicts(FRAMES[0], WHO[0], f"{a} km", f"{b} km")


# alternation(): the trie regex must find what the longest-first "|".join finds
_ALPHABET = "abAB -.$'"
_words = st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(words=_words, text=st.text(alphabet=_ALPHABET + "xz", max_size=60),
       tail=st.sampled_from(["", r"(?![a-z])", r"\s*$", r"b"]), ignorecase=st.booleans())
def test_trie_alternation_matches_like_the_sorted_join(words, text, tail, ignorecase):
    import re

    from factcheck.extract import alternation

    flags = re.IGNORECASE if ignorecase else 0
    if ignorecase:
        # the trie folds case; the join is compared on words already folded the same way
        words = [w.lower() for w in words]
    joined = "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
    want = [(m.start(), m.end()) for m in re.finditer(joined + tail, text, flags)]
    got = [(m.start(), m.end()) for m in re.finditer(alternation(words, ignorecase=ignorecase) + tail,
                                                     text, flags)]
    assert got == want


ASCII_WORDS = [w for w in WORDS if w.isascii()] + [
    "May", "16", "July", "Monday", "as", "of", "more", "than", "at", "least", "nearly", "fell",
    "billion", "bn", "mln", "m", "k", "per", "cent", "points", "a.m.", "10:30", "iPhone", "15",
    "2-0", "5G", "(", ")", "-", "magnitude", "5.7", "Kendall", "County", "alone", "including",
    "\t", "Q2", "2019-20", "1990s", "third", "half", "twenty-seven", "USD34.6",
]
ascii_news = st.lists(
    st.one_of(st.sampled_from(ASCII_WORDS), st.integers(0, 10**9).map(str),
              st.decimals(0, 10**5, places=2).map(str)),
    min_size=1, max_size=40,
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ascii_news)
def test_the_ascii_patterns_read_ascii_text_like_the_unicode_ones(text):
    # ASCII documents are read by a copy of the extractor whose patterns are compiled with
    # re.ASCII (faster); on such text every sentence must read exactly as in Unicode mode
    from factcheck.extract import get_extractor
    from factcheck.segment import segment

    ex = get_extractor(RULES)
    doc = Document(id="d", text=text)
    for sent in segment(text).sentences:
        uni = ex.read_sentence(doc, text, sent.start, sent.end)
        asc = ex.ascii_twin.read_sentence(doc, text, sent.start, sent.end)
        assert uni == asc
