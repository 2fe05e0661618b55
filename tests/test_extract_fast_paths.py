"""The extractor's fast paths read exactly what the slow ones they stand in for read.

Each cheap test or rewritten pattern of the speed work (bench/instructions.py) is checked
against the plain form it replaced, on generated text (hypothesis) and on real sentences:
a gate must let through every sentence the full pattern matches, and a rewritten pattern
must find the same spans. bench/extract_diff.py checks the whole stage on 7,500 articles.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.extract import get_extractor
from factcheck.models import Document
from factcheck.rules import load_rules

RULES = load_rules()
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
EX = get_extractor(RULES)

_LOCATIVE_WORDS = ["Officials", "The", "Health", "Ministry", "in", "at", "near", "from",
                   "northwest", "north", "Tokyo", "Kabul", "the", "station", ",", "said",
                   "\t", "\n", "  ", "In", "across", "central", "westerly", "x"]


@SETTINGS
@given(words=st.lists(st.sampled_from(_LOCATIVE_WORDS), max_size=14), cut=st.integers(0, 90))
def test_the_locative_gate_lets_through_every_locative_match(words, cut):
    # _speaker_of_place tries re_locative_before only where gate_locative matches: the gate
    # must match wherever the full pattern does (in any window it is asked about)
    s = " ".join(words) + " "
    lo = max(0, len(s) - cut)
    for ex in (EX, EX.ascii_twin):
        full = ex.p.re_locative_before.search(s, lo, len(s))
        gate = ex.p.gate_locative.search(s, lo, len(s))
        assert full is None or gate is not None


@pytest.mark.parametrize("sentence,who", [
    ("Officials in Tokyo reported 12 deaths.", "Officials in Tokyo"),
    ("The Health Ministry in Kabul said 40 people died.", "Health Ministry"),
    # the compass word goes with the place: the station's, in Delhi
    ("Police at the station in northwest Delhi said 3 men were held.", "station in Delhi"),
    ("Tokyo officials said 12 people died.", "Tokyo officials"),
])
def test_a_place_after_a_preposition_still_modifies_the_subject(sentence, who):
    claims = EX.extract(Document(id="d", text=sentence))
    assert [c.attribution for c in claims] == [who]


_CONN_ALPHABET = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "in", "IN", "out", "Out", "of",
                  "x", "1", "ı", "ſ"]


@SETTINGS
@given(parts=st.lists(st.sampled_from(_CONN_ALPHABET), max_size=14), pos=st.integers(0, 3))
def test_the_proportion_connector_finds_what_its_reference_finds(parts, pos):
    from factcheck.extract import _PROPORTION_CONN

    reference = re.compile(r"(?<!\s)\s++(?:in|out\s++of)\s", re.IGNORECASE)
    s = "".join(parts)
    assert [m.span() for m in _PROPORTION_CONN.finditer(s, pos)] == \
        [m.span() for m in reference.finditer(s, pos)]


_ASCII_WORDS = st.text(alphabet="abcXYZ'’-_09 \t.,é", max_size=40)


@SETTINGS
@given(text=_ASCII_WORDS)
def test_the_ascii_letter_classes_match_like_the_unicode_ones(text):
    # the ASCII view spells [^\W\d_] as [A-Za-z]; on ASCII text both find the same words
    # (on other text the Unicode patterns are used, which the view never reads)
    text = text.encode("ascii", "ignore").decode("ascii")
    for name in ("re_concept_word", "re_next_word"):
        uni, asc = getattr(EX.p, name), getattr(EX.ascii_twin.p, name)
        assert "[^\\W\\d_]" in uni.pattern and "[^\\W\\d_]" not in asc.pattern
        assert [m.group() for m in asc.finditer(text)] == [m.group() for m in uni.finditer(text)]


def _reference_place(text: str, start: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    line = max(k for k, s in enumerate(starts) if s <= start) + 1
    return line, start - starts[line - 1] + 1


@SETTINGS
@given(lines=st.lists(st.sampled_from([
    "Sales rose 5% to $3 billion on May 5, 2021, and 12 people were hired in 2020.",
    "It fell 2.5 percent.", "", "No figure here.", "The 1990s saw 40 firms close in 1995-96.",
    "  3 km away, 7 tonnes of grain.",
]), min_size=1, max_size=8), eol=st.sampled_from(["\n", "\n\n", "\r\n", "\r"]))
def test_line_and_column_are_where_the_claim_starts(lines, eol):
    text = eol.join(lines)
    claims = EX.extract(Document(id="d", text=text))
    for c in claims:
        assert (c.line, c.column) == _reference_place(text, c.start)


_ATTRIBUTION_WORDS = ["Sysco", "Corp.", "(SYY.N)", "on", "Monday", "May", "5", "late", "also",
                      "said", "reported", "the", "ministry", ",", "which", "who", "runs", "the",
                      "port", "estimated", "police", "Friday", "again", "told", "x"]


_DAY_SUBJECT = ["Sysco", "Corp.", "(SYY.N)", "on", "Monday", "said"]
_RELATIVE = ["the", "ministry", ",", "which", "runs", "the", "port", ",", "estimated"]


@SETTINGS
@example(words=_DAY_SUBJECT)
@example(words=_RELATIVE)
@given(words=st.lists(st.sampled_from(_ATTRIBUTION_WORDS), max_size=16))
def test_the_attribution_gates_let_through_every_match(words):
    # re_attr_day and re_attr_relative are tried only where re_on_day and
    # gate_attr_relative match: each gate must match wherever its pattern does
    s = " ".join(words).replace(" ,", ",")
    for ex in (EX, EX.ascii_twin):
        if ex.p.re_attr_day.search(s):
            assert ex.p.re_on_day.search(s)
        if ex.p.re_attr_relative.search(s):
            assert ex.p.gate_attr_relative.search(s)


def test_the_attribution_gate_examples_reach_their_patterns():
    # the examples above match the patterns, so the gates are compared with them at least
    # there (random word lists rarely form an attribution)
    for ex in (EX, EX.ascii_twin):
        assert ex.p.re_attr_day.search(" ".join(_DAY_SUBJECT))
        assert ex.p.re_attr_relative.search(" ".join(_RELATIVE).replace(" ,", ","))


@pytest.mark.parametrize("sentence,who", [
    ("Sysco Corp. (SYY.N) on Monday said sales rose 5 percent.", "Sysco Corp"),
    ("The Civil Human Rights Front, which organised the march, estimated 200,000 took part.",
     "Civil Human Rights Front"),
])
def test_a_subject_apart_from_its_verb_is_still_the_source(sentence, who):
    claims = EX.extract(Document(id="d", text=sentence))
    assert {c.attribution for c in claims} == {who}
