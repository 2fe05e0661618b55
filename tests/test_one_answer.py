"""One answer, indexed or not: a draft checked against an archive and against the same
documents given as files gets the same findings and the same per-figure verdicts.

A small set of references is compared whole either way; a large one is read through the
blocking-key index either way (files are indexed into a temporary archive first). The large
case runs on a few hundred Reuters stories of ../shared (skipped when it is absent)."""

from __future__ import annotations

import itertools
import json
import lzma
import re
from pathlib import Path

import pytest

import factcheck.archive
from factcheck import Document
from factcheck.archive import SMALL_ARCHIVE, index_documents
from factcheck.pipeline import check_documents

REUTERS = (Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "corpus"
           / "reuters_fin_sample20k.jsonl.xz")

REFERENCES = [
    Document(id="usgs", source="USGS", date="2024-01-02", text=(
        "A magnitude 6.1 earthquake struck 40 kilometres east of Gorgan on Monday, the U.S. "
        "Geological Survey said. At least 12 people were killed and 230 injured, Iran's Red "
        "Crescent said.")),
    Document(id="irna", source="IRNA", date="2024-01-03", text=(
        "The earthquake of magnitude 5.9 killed 14 people and injured 230 near Gorgan, the "
        "state news agency IRNA said on Tuesday, citing the Red Crescent. Some 1,200 homes "
        "were damaged.")),
    Document(id="port", source="Reuters", date="2024-01-03", text=(
        "The port of Bandar Abbas handled 3.8 million tonnes of grain last year, the port "
        "authority said.")),
]
DRAFT = Document(id="draft", date="2024-01-04", text=(
    "The earthquake near Gorgan killed 19 people and injured 230, the Red Crescent said. "
    "About 1,500 homes were damaged, IRNA said."))


def _answer(rep) -> tuple[list[str], list[str]]:
    findings = sorted(json.dumps(f.to_json(), sort_keys=True) for f in rep.findings)
    figures = sorted(json.dumps(g.to_json(), sort_keys=True) for g in rep.figures)
    return findings, figures


@pytest.mark.parametrize("through_index", [False, True], ids=["whole", "through-the-index"])
def test_one_answer_on_a_few_stories(tmp_path, monkeypatch, through_index):
    if through_index:  # the references read through the index, as a large set would be
        monkeypatch.setattr(factcheck.archive, "SMALL_ARCHIVE", 0)
    db = tmp_path / "a.db"
    index_documents(REFERENCES, db, jobs=1)
    as_files = check_documents([DRAFT], REFERENCES)
    indexed = check_documents([DRAFT], archives=[str(db)])
    assert as_files.findings  # the 19 against 12 and 14 dead, the homes
    assert _answer(indexed) == _answer(as_files)


def _reuters(n: int) -> list[Document]:
    docs = []
    with lzma.open(REUTERS, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, n):
            d = json.loads(line)
            docs.append(Document(id=str(d["id"]), text=d.get("text") or "", source=d.get("source"),
                                 date=(d.get("date") or None) and str(d["date"])[:10],
                                 title=d.get("title")))
    return docs


def _draft_from(doc: Document) -> Document:
    """A draft retelling one story with its first two percentages changed."""
    text = re.sub(r"(\d+)(?:\.\d+)? percent", lambda m: f"{int(m.group(1)) + 3} percent",
                  doc.text, count=2)
    return Document(id="draft", text=text, date=doc.date, title=doc.title)


@pytest.mark.skipif(not REUTERS.exists(), reason="needs ../shared/eval/corpus (Reuters)")
def test_one_answer_on_a_few_hundred_reuters_stories(tmp_path):
    docs = _reuters(300)
    assert len(docs) > SMALL_ARCHIVE
    db = tmp_path / "reuters.db"
    index_documents(docs, db, jobs=2)
    flagged = 0
    for i in (0, 30, 60, 90, 150, 180, 270):
        draft = _draft_from(docs[i])
        as_files = check_documents([draft], docs)
        indexed = check_documents([draft], archives=[str(db)])
        assert _answer(indexed) == _answer(as_files), docs[i].id
        flagged += sum(f.verdict != "consistent" for f in as_files.findings)
    assert flagged  # the changed percentages are found
