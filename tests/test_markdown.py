"""Markdown and hard-wrapped text read as paragraphs (issue 15, item 1): figures across soft
line breaks, headings, list items and block quotes, line and column of every claim, and the
written forms of a front matter date. Every paragraph here was written for these tests."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.extract import get_extractor
from factcheck.inputs import load_documents, looks_like_markdown
from factcheck.models import Document
from factcheck.pipeline import analyse
from factcheck.rules import load_rules
from factcheck.segment import segment, segment_document

RULES = load_rules()
EX = get_extractor(RULES)

# Each paragraph holds figures whose words a wrap at some width puts on two lines: the
# number and its unit, scale word or bound.
PARAGRAPHS = [
    "Floods in the delta killed 28 people on Sunday, officials said, and more than 1,000 "
    "people were moved to schools and churches on higher ground.",
    "The port handled 3.8 million tonnes of grain last year, up from 3.1 million tonnes the "
    "year before, the harbour board said in its annual report.",
    "The council will borrow $1.2 billion over five years to rebuild between 40 and 50 "
    "kilometres of sea wall along the northern coast.",
    "Consumer prices rose 4.5 per cent in October from a year earlier, the statistics office "
    "said, after a rise of 3.9 per cent in September.",
    "The quake, measured at magnitude 6.1 by the national observatory, struck about 12 miles "
    "south of the town at a depth of 10 kilometres.",
    "Fewer than 300 of the 2,400 ballots counted so far were spoiled, and turnout reached "
    "nearly 62% by the time polls closed.",
]
WIDTHS = [24, 40, 60, 72, 79]


def _as_read(c):
    """A claim's words as the extractor read them (soft breaks and markers as spaces)."""
    a = c.start - c.sentence_start
    return " ".join(c.sentence[a : a + c.end - c.start].split())


def _fields(claims):
    return [(c.kind, c.value, c.low, c.high, c.unit, c.bound, c.change) for c in claims]


def _claims(text: str, markup: str | None):
    doc = Document(id="d", text=text, markup=markup)
    claims = EX.extract(doc)
    for c in claims:
        assert text[c.start : c.end] == c.text
        assert c.sentence == segment_document(doc).view[
            c.sentence_start : c.sentence_start + len(c.sentence)]
    return claims


# (id, how a paragraph is written wrapped at a width, markup)
WRAPS = [
    ("md", lambda p, w: textwrap.fill(p, w), "markdown"),
    ("md-crlf", lambda p, w: textwrap.fill(p, w).replace("\n", "\r\n"), "markdown"),
    ("quote", lambda p, w: textwrap.fill(p, w, initial_indent="> ", subsequent_indent="> "),
     "markdown"),
    ("lazy-quote", lambda p, w: textwrap.fill(p, w, initial_indent="> "), "markdown"),
    ("bullet", lambda p, w: textwrap.fill(p, w, initial_indent="- ", subsequent_indent="  "),
     "markdown"),
    ("numbered", lambda p, w: textwrap.fill(p, w, initial_indent="1. ",
                                            subsequent_indent="   "), "markdown"),
    ("nested", lambda p, w: textwrap.fill(p, w, initial_indent="> - ",
                                          subsequent_indent=">   "), "markdown"),
    # plain text, wrapped by a tool: read as wrapped when the width is a text width
    ("txt", lambda p, w: "Headline\n\n" + textwrap.fill(p, w) + "\n", "text"),
]


@pytest.mark.parametrize("width", [w for w in WIDTHS])
@pytest.mark.parametrize("wrap", WRAPS, ids=[w[0] for w in WRAPS])
@pytest.mark.parametrize("para", PARAGRAPHS, ids=[p[:24] for p in PARAGRAPHS])
def test_a_wrapped_paragraph_reads_like_the_unwrapped_one(para, wrap, width):
    name, fill, markup = wrap
    if markup == "text" and width < 60:
        pytest.skip("plain text this narrow is not read as wrapped (see segment._WRAP_MIN)")
    expected = _claims(para, None)
    got = _claims(fill(para, width), markup)
    assert [_as_read(c) for c in got] == [c.text for c in expected]
    assert _fields(got) == _fields(expected)


# (markdown, claims as read, the paragraph index of each): headings, list items and
# block quotes are paragraphs of their own; no marker is read as a sign or a bound
STRUCTURE = [
    ("# 28 dead in delta floods\n\nThe floods killed 28 people.",
     ["28", "28 people"], [0, 1]),
    ("28 dead in delta floods\n=======================\nThe floods killed 28 people.",
     ["28", "28 people"], [0, 1]),
    ("## Toll rises to 30 ##\nThe toll rose to 30 people.", ["30", "30 people"], [0, 1]),
    ("- 5 people were hurt\n- 12 homes were destroyed\n* 3 boats sank",
     ["5 people", "12 homes", "3 boats"], [0, 1, 2]),
    ("1. 30 boats sank\n2. 4 bridges fell", ["30 boats", "4 bridges"], [0, 1]),
    ("> More than 200 homes were lost,\n> 40 of them in the old town.",
     ["More than 200 homes", "40"], [0, 0]),
    ("> - 15 schools shut\n> - 9 clinics shut", ["15 schools", "9 clinics"], [0, 1]),
    ("Text before.\n\n    12 lines of code\n    3 more\n\nText after 7 days.",
     ["12 lines", "3", "7 days"], [1, 2, 3]),
]


@pytest.mark.parametrize("text,read,paras", STRUCTURE, ids=[s[0][:24] for s in STRUCTURE])
def test_markdown_blocks(text, read, paras):
    claims = [c for c in _claims(text, "markdown") if c.kind == "quantity"]
    assert [_as_read(c) for c in claims] == read
    assert [c.paragraph for c in claims] == paras
    assert all(c.bound != ">" for c in claims if not c.text.lower().startswith("more"))
    assert all(c.value is None or c.value > 0 for c in claims)


def test_the_headline_figure_is_paired_with_the_body_figure(tmp_path):
    (tmp_path / "draft.md").write_text(
        "---\ndate: 30 November 2026\n---\n# 26 dead in delta floods\n\nOfficials said the "
        "floods that hit the delta on Sunday had\ndisplaced thousands of residents.\n",
        encoding="utf-8")
    (tmp_path / "wire.txt").write_text(
        "Floods in the delta killed 28 people on Sunday, officials said, and displaced "
        "thousands of residents across the region.\n", encoding="utf-8")
    docs = load_documents([str(tmp_path / "draft.md"), str(tmp_path / "wire.txt")])
    rep = analyse(docs)
    (f,) = [f for f in rep.findings if f.a.text == "26" or f.b.text == "26"]
    head = f.a if f.a.text == "26" else f.b
    other = f.b if head is f.a else f.a
    assert (head.line, head.column, other.text) == (4, 3, "28 people")
    assert f.verdict == "conflict"


# (file text, claim text, line, column)
LOCATIONS = [
    ("One line with 5 people.", "5 people", 1, 15),
    ("First line.\nSecond line has 7 boats.\n", "7 boats", 2, 17),
    ("First line.\r\nSecond line has 7 boats.\r\n", "7 boats", 2, 17),
    ("First line.\rSecond line has 7 boats.\r", "7 boats", 2, 17),
    ("---\r\nsource: Desk\r\ndate: 2026-11-29\r\n---\r\n# Title\r\n\r\nIt cost $4 million.\r\n",
     "$4 million", 7, 9),
    ("---\ntitle: x\n---\n> The toll rose to more than\n> 200 people.\n",
     "more than\n> 200 people", 4, 20),
    ("Intro.\n\n- 3 ships\n  and 4\n  planes", "4\n  planes", 4, 7),
]


@pytest.mark.parametrize("text,claim,line,column", LOCATIONS, ids=[x[1] for x in LOCATIONS])
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_line_and_column_index_the_file(tmp_path, text, claim, line, column, suffix):
    if suffix == ".txt" and ("\n>" in claim or "\n " in claim):
        pytest.skip("plain text knows no block quotes or lists")
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(text.encode("utf-8"))
    (doc,) = load_documents([str(path)])
    (c,) = [c for c in EX.extract(doc) if c.text == claim]
    assert text[c.start : c.end] == c.text  # offsets index the file text, front matter too
    assert (c.line, c.column) == (line, column)
    js = c.to_json()
    assert (js["line"], js["column"]) == (line, column)


def test_plain_text_one_paragraph_per_line_is_unchanged(seeds):
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert segment(text, layout="text") == segment(text, layout="lines")
    # short lines of news copy that are not wrapped: still one paragraph each
    text = ("Flood toll rises\nOfficials said 28 people died in the floods on Sunday.\n"
            "The mayor said more help was coming.\n")
    assert len(segment(text, layout="text").paragraphs) == 3


# (plain text, its paragraphs as read)
PLAIN = [
    ("Flood toll rises to 28\n\nOfficials said 28 people died in the floods on Sunday, and\n"
     "more than 1,000 were moved to shelters on higher ground by the army.\n",
     ["Flood toll rises to 28", "Officials said 28 people died in the floods on Sunday, and "
      "more than 1,000 were moved to shelters on higher ground by the army."]),
    # a headline right above the wrapped paragraph: its line ends far short of the width
    ("Flood toll rises to 28\nOfficials said 28 people died in the floods on Sunday, and\n"
     "more than 1,000 were moved to shelters on higher ground by the army.\n",
     ["Flood toll rises to 28", "Officials said 28 people died in the floods on Sunday, and "
      "more than 1,000 were moved to shelters on higher ground by the army."]),
]


@pytest.mark.parametrize("text,paras", PLAIN, ids=["blank-line", "headline-above"])
def test_hard_wrapped_plain_text(text, paras):
    seg = segment(text, layout="text")
    assert [seg.view[p.start : p.end] for p in seg.paragraphs] == paras


# (front matter date, ISO date or the start of the error)
DATES = [
    ("2026-11-29", "2026-11-29"),
    ("2026-11-29T10:00:00Z", "2026-11-29"),
    ("'2026-11-29 23:30:00-05:00'", "2026-11-29"),
    ("29 November 2026", "2026-11-29"),
    ("November 29, 2026", "2026-11-29"),
    ("Nov. 29, 2026", "2026-11-29"),
    ("Sunday, 29 November 2026", "2026-11-29"),
    ("Sun, 29 Nov 2026 10:00:00 +0000", "2026-11-29"),
    ("29th of November 2026", "2026-11-29"),
    ("2026/11/29", "2026-11-29"),
    ("29/11/2026", "2026-11-29"),  # only one reading is a date
    ("11/29/2026", "2026-11-29"),
    ("04/04/2026", "2026-04-04"),
    ("03/04/2026", "d.md:3: date '03/04/2026' is ambiguous: 3 April or March 4 "
                   "(write 2026-04-03 or 2026-03-04)"),
    ("yesterday", "d.md:3: date 'yesterday' is not a date"),
    ("2026-02-30", "d.md:3: date '2026-02-30' is not a date (day is out of range"),
    ("29 Novembre 2026", "d.md:3: date '29 Novembre 2026' is not a date ('Novembre' is not"),
]


@pytest.mark.parametrize("written,expected", DATES, ids=[d[0] for d in DATES])
def test_front_matter_dates(tmp_path, monkeypatch, written, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.md").write_text(f"---\nsource: Desk\ndate: {written}\n---\nText.\n",
                                   encoding="utf-8")
    if expected[0].isdigit():
        (doc,) = load_documents(["d.md"])
        assert doc.date == expected
    else:
        with pytest.raises(InputError) as err:
            load_documents(["d.md"])
        assert str(err.value).startswith(expected)
        assert "\n" not in str(err.value)


LOOKS = [
    ("---\ntitle: x\n---\nText.", True),
    ("# Headline\n\nText.", True),
    ("Headline\n========\nText.", True),
    ("> A quote.\n\nText.", True),
    ("Plain text with 5 people.\nAnother line.", False),
    ("#hashtag at the start of a line", False),
    ("- a dash list is plain text too\n- and this", False),
]


@pytest.mark.parametrize("text,markdown", LOOKS, ids=[x[0][:20] for x in LOOKS])
def test_stdin_markdown_detection(text, markdown):
    assert looks_like_markdown(text) is markdown


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.sampled_from(list("ab 12.,>-*#=\n\r\t`|")) , max_size=200),
       layout=st.sampled_from(["markdown", "text"]))
def test_any_text_segments_within_the_original(text, layout):
    seg = segment(text, layout=layout)
    assert len(seg.view) == len(text)
    for s in seg.sentences:
        assert 0 <= s.start < s.end <= len(text)
    for c in EX.extract(Document(id="d", text=text, markup=layout)):
        assert text[c.start : c.end] == c.text


def test_an_archive_keeps_the_sentence_as_read(tmp_path):
    from factcheck.archive import index_documents, load_claims

    ref = tmp_path / "ref.md"
    ref.write_text("# Port\n\n> The port handled 3.8\n> million tonnes of grain last year.\n",
                   encoding="utf-8")
    db = tmp_path / "a.db"
    index_documents(load_documents([str(ref)]), str(db), jobs=1)
    (row,) = load_claims(db).to_dict("records")
    assert row["sentence"] == "The port handled 3.8   million tonnes of grain last year."
    assert (row["text"], row["line"], row["column"]) == ("3.8\n> million tonnes", 3, 20)
