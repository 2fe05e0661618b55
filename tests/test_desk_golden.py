"""The golden desk-check set (issue 15): drafts with planted errors, checked against their clusters.

Each ``tests/fixtures/desk/<cluster>.md`` is a newsroom draft written for these tests (a
headline with one figure, hard-wrapped paragraphs, figures split across line breaks) about
one ECB+ event cluster of ../shared/eval/corpus/clusters_ecbplus.jsonl.xz; the figures are
the cluster's facts, a few of them deliberately wrong. ``<cluster>.toml`` says what the desk
check must answer for each figure:

- ``expect``: ``supported`` | ``conflict`` | ``explained`` | ``unverified`` | ``not_flagged``
  (supported or unverified: a right figure, or one no source gives, is never flagged);
- ``planted = true``: a planted error, which must be ``conflict`` or ``explained`` (with the
  ``reason`` when one is given);
- ``xfail = "why"``: the checker fails this one today (a strict xfail: a fix must move it).

A figure is found by its text: the first figure of the draft whose text (whitespace
normalised) equals ``text``, else contains it. A figure the checker does not read at all
fails, as does one whose text has lost a word ("300 buildings" for "more than 300
buildings"). The articles are read with their title first (ECB+ stores the first sentence
of an ``ecb`` article as its title), their source and their date; tests skip when ../shared
is absent. bench/desk.py runs the same drafts against an archive of 20,000 other stories.
"""

from __future__ import annotations

import json
import lzma
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from factcheck import Document
from factcheck.desk import FigureCheck
from factcheck.inputs import load_documents
from factcheck.pipeline import check_documents

DESK = Path(__file__).resolve().parent / "fixtures" / "desk"
CLUSTERS = (Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "corpus"
            / "clusters_ecbplus.jsonl.xz")
VERDICTS = {"supported", "conflict", "explained", "unverified", "not_flagged"}
REASONS = {"source", "scope", "time", "update"}


def _expectations() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(DESK.glob("*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        out.extend((path.stem, fig) for fig in spec["figure"])
    return out


def _params() -> list:
    params = []
    for stem, fig in _expectations():
        marks = [pytest.mark.xfail(strict=True, reason=fig["xfail"])] if "xfail" in fig else []
        params.append(pytest.param(stem, fig, id=f"{stem}:{fig['text']}", marks=marks))
    return params


def cluster_documents(cluster: str) -> list[Document]:
    """The articles of one cluster, title first, with their source and date."""
    docs = []
    with lzma.open(CLUSTERS, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["cluster"] != cluster:
                continue
            text, title = d["text"], d.get("title") or None
            if title and not text.startswith(title):
                text = f"{title}\n\n{text}"
            docs.append(Document(id=d["id"], text=text, source=d.get("source") or None,
                                 date=d.get("date") or None, title=title))
    return docs


@cache
def desk_check(stem: str) -> tuple[FigureCheck, ...]:
    spec = tomllib.loads((DESK / f"{stem}.toml").read_text(encoding="utf-8"))
    [draft] = load_documents([str(DESK / f"{stem}.md")])
    report = check_documents([draft], cluster_documents(spec["cluster"]))
    return tuple(g for g in report.figures if g.claim.doc == draft.id)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def find_figure(figures: tuple[FigureCheck, ...], text: str) -> FigureCheck | None:
    want = _norm(text)
    exact = [g for g in figures if _norm(g.claim.text) == want]
    return (exact or [g for g in figures if want in _norm(g.claim.text)] or [None])[0]


def test_the_expectation_files_are_well_formed():
    assert len(list(DESK.glob("*.md"))) >= 5
    for path in sorted(DESK.glob("*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        assert spec["cluster"].startswith("ecbplus:"), path
        draft = (DESK / f"{path.stem}.md").read_text(encoding="utf-8")
        planted = [f for f in spec["figure"] if f.get("planted")]
        assert 1 <= len(planted) <= 2, path
        assert 5 <= len(spec["figure"]) <= 8, path
        for fig in spec["figure"]:
            assert fig["expect"] in VERDICTS, (path, fig)
            assert fig.get("reason", "source") in REASONS, (path, fig)
            assert not fig.get("planted") or fig["expect"] in ("conflict", "explained"), fig
            # the figure is in the draft, perhaps across a line break
            assert re.search(r"\s+".join(map(re.escape, fig["text"].split())), draft), fig
        body = draft.split("\n---\n", 1)[1]
        assert re.search(r"^# .*\d", body, re.MULTILINE), f"{path.stem}: a headline with a figure"
        assert max(len(line) for line in body.splitlines()) <= 80, f"{path.stem}: hard-wrapped"


@pytest.mark.skipif(not CLUSTERS.is_file(), reason="../shared is absent")
@pytest.mark.parametrize(("stem", "fig"), _params())
def test_desk_verdict(stem: str, fig: dict):
    g = find_figure(desk_check(stem), fig["text"])
    assert g is not None, f"{fig['text']!r} is not read as a figure of the draft"
    expect = fig["expect"]
    if expect == "not_flagged":
        assert g.verdict in ("supported", "unverified"), g.line
    else:
        assert g.verdict == expect, g.line
    if fig.get("planted"):
        assert g.verdict in ("conflict", "explained"), g.line
    if expect == "explained" and "reason" in fig:
        assert fig["reason"] in g.reasons, g.line
