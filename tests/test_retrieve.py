"""Ranked retrieval (factcheck.retrieve): an archive check reads the stories most like the
draft, not every story sharing a blocking key with its figures; schema 8 migration; the
[retrieve] rules; on 2,000 Reuters stories of ../shared, the stories a check reads."""

from __future__ import annotations

import json
import lzma
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factcheck.archive
from factcheck import Document
from factcheck.archive import SCHEMA, connect, index_documents
from factcheck.cli import app
from factcheck.errors import RuleError
from factcheck.events import names
from factcheck.pipeline import check_documents
from factcheck.retrieve import rank, settings_of, term_hash, weighted_terms
from factcheck.rules import load_rules
from factcheck.segment import content_words

REUTERS = (Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "corpus"
           / "reuters_fin_sample20k.jsonl.xz")
RULES = Path(__file__).resolve().parent.parent / "rules"
runner = CliRunner()

# real sentences of news, one story each (two about one quake)
STORIES = [
    ("quake-usgs", "2024-01-02",
     ("A magnitude 6.1 earthquake struck 40 kilometres east of Gorgan on Monday, the U.S. "
      "Geological Survey said. At least 12 people were killed and 230 injured, Iran's Red "
      "Crescent said.")),
    ("quake-irna", "2024-01-03",
     ("The earthquake of magnitude 5.9 killed 14 people and injured 230 near Gorgan, the "
      "state news agency IRNA said on Tuesday, citing the Red Crescent.")),
    ("port", "2024-01-03",
     ("The port of Bandar Abbas handled 3.8 million tonnes of grain last year, the port "
      "authority said.")),
    ("metlife", "2024-01-03",
     ("MetLife said quarterly profit rose 12 percent to $1.2 billion, helped by higher "
      "premiums in Asia, and Caremark shares fell 3 percent.")),
    ("quake-old", "2019-06-01",
     ("An earthquake of magnitude 5.1 shook Gorgan in northern Iran, injuring 30 people, the "
      "Red Crescent said.")),
]
DRAFT = Document(id="draft", date="2024-01-04", text=(
    "The earthquake near Gorgan killed 19 people and injured 230, the Red Crescent said. "
    "About 1,500 homes were damaged, IRNA said."))


@pytest.fixture
def archive(tmp_path) -> Path:
    db = tmp_path / "a.db"
    index_documents([Document(id=i, date=d, text=t) for i, d, t in STORIES], db, jobs=1)
    return db


def _rank(db: Path, doc: Document, settings: Any = None) -> list[str]:
    conn = connect(db)
    try:
        from factcheck.events import doc_days

        return [d for d, _s in rank(conn, content_words(doc.text), names(doc.text),
                                    doc_days(doc), settings or settings_of(load_rules()))]
    finally:
        conn.close()


def test_the_draft_s_story_ranks_first_and_unrelated_stories_not_at_all(archive):
    ranked = _rank(archive, DRAFT)
    assert ranked[:2] == ["quake-irna", "quake-usgs"] or ranked[:2] == ["quake-usgs", "quake-irna"]
    assert "metlife" not in ranked and "port" not in ranked  # no rare word or name shared
    # the same quake town years before weighs less than this week's reports
    assert ranked.index("quake-old") > max(ranked.index("quake-usgs"), ranked.index("quake-irna"))


def test_top_keeps_that_many_stories(archive):
    assert len(_rank(archive, DRAFT, replace(settings_of(load_rules()), top=1))) == 1


def test_common_words_are_not_terms():
    terms = weighted_terms(["said", "people", "percent", "gorgan", "earthquake"], ["Gorgan"])
    assert "said" not in terms and "people" not in terms and "percent" not in terms
    assert "gorgan" in terms and "@gorgan" in terms


def test_a_check_reads_rarity_from_the_archive_not_wordfreq(archive, tmp_path):
    """The background weights are stored at index time: a check against an archive never
    imports wordfreq (its import and word list are about 0.3 s of a cold check)."""
    import os
    import subprocess
    import sys

    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT.text, encoding="utf-8")
    probe = (
        "import sys, factcheck.archive\n"
        "factcheck.archive.SMALL_ARCHIVE = 0  # through the index, as a large archive is\n"
        "from factcheck.cli import app\n"
        f"sys.argv = ['factcheck', 'check', {str(draft)!r}, '--against', {str(archive)!r}]\n"
        "try:\n    app()\nexcept SystemExit as e:\n    code = e.code\n"
        "print('EXIT', code, sorted(m for m in ('wordfreq', 'langcodes', 'pandas') "
        "if m in sys.modules), file=sys.stderr)\n")
    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": root + os.pathsep +
                              os.environ.get("PYTHONPATH", "")}, check=False)
    assert "EXIT 0 []" in out.stderr or "EXIT 1 []" in out.stderr, out.stderr[-2000:]
    assert "230" in out.stdout  # it checked: the injured agree with the USGS report


def test_a_term_hash_is_stable_across_processes():
    # blake2b, not hash(): the same integer in every process an index or a check runs in
    import os
    import subprocess
    import sys

    code = "from factcheck.retrieve import term_hash; print(term_hash('@gorgan'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONHASHSEED": "123"}, check=True)
    assert int(out.stdout) == term_hash("@gorgan")
    assert -(2 ** 63) <= term_hash("@gorgan") < 2 ** 63


def test_a_check_reads_what_the_ranking_keeps(archive, monkeypatch):
    monkeypatch.setattr(factcheck.archive, "SMALL_ARCHIVE", 0)  # through the index
    read: list[list[str]] = []
    real = factcheck.archive.ranked_candidates

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        read.append(sorted(out[3]))
        return out

    monkeypatch.setattr(factcheck.archive, "ranked_candidates", spy)
    rep = check_documents([DRAFT], archives=[str(archive)])
    assert read == [["quake-irna", "quake-old", "quake-usgs"]]
    assert {f.b.doc for f in rep.findings} | {f.a.doc for f in rep.findings} >= {"quake-usgs"}


def test_a_schema_7_archive_gains_its_terms_by_index(tmp_path, archive):
    conn = sqlite3.connect(archive)
    pairs = "SELECT h, id FROM terms JOIN term_docs USING (n)"
    want = sorted(conn.execute(pairs))
    days = sorted(conn.execute("SELECT id, day, size FROM term_docs"))
    weights = sorted(conn.execute("SELECT h, w FROM term_weights"))
    assert want and len(weights) > len({h for h, _d in want})  # common terms weighed too
    conn.execute("DROP TABLE terms")
    conn.execute("DROP TABLE term_docs")
    conn.execute("DROP TABLE term_weights")
    conn.execute("UPDATE meta SET value='7' WHERE key='schema'")
    conn.commit()
    conn.close()
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT.text, encoding="utf-8")
    r = runner.invoke(app, ["check", str(draft), "--against", str(archive)])
    assert r.exit_code == 2 and "archive schema 7 (no ranked-retrieval terms)" in r.stderr
    r = runner.invoke(app, ["index", "--db", str(archive)])
    assert r.exit_code == 0, r.stderr
    assert f"from schema 7 to {SCHEMA}" in r.stderr
    conn = sqlite3.connect(archive)
    assert sorted(conn.execute(pairs)) == want
    assert sorted(conn.execute("SELECT id, day, size FROM term_docs")) == days
    assert sorted(conn.execute("SELECT h, w FROM term_weights")) == weights
    conn.close()


def test_a_replaced_document_is_filed_under_its_new_terms(archive):
    index_documents([Document(id="port", date="2024-01-03", text=(
        "The Gorgan earthquake damaged 1,500 homes, IRNA said."))], archive, jobs=1)
    assert "port" in _rank(archive, DRAFT)
    conn = sqlite3.connect(archive)
    assert conn.execute("SELECT count(*) FROM term_docs WHERE id='port'").fetchone() == (1,)
    conn.close()


def test_the_retrieve_rules_are_read_and_checked(tmp_path):
    assert settings_of(load_rules()).top >= 20  # the largest golden cluster has 19 stories
    d = tmp_path / "rules"
    d.mkdir()
    for p in RULES.iterdir():
        if p.is_file():
            (d / p.name).write_bytes(p.read_bytes())
    path = d / "tolerances.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("top = 40", "top = 0"),
                    encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(d)
    assert "tolerances.toml:" in str(err.value) and "retrieve.top" in str(err.value)


@pytest.mark.skipif(not REUTERS.is_file(), reason="../shared/eval corpus not present")
def test_on_reuters_a_check_reads_a_few_dozen_stories(tmp_path, monkeypatch):
    """2,000 Reuters stories; a 300-word draft made of one of them: its story is read, and
    at most [retrieve] top stories besides the ones sharing its anchors."""
    rows = []
    with lzma.open(REUTERS, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) == 2000:
                break
    docs = [Document(id=str(d["id"]), text=d.get("text") or "", date=str(d.get("date"))[:10])
            for d in rows]
    db = tmp_path / "r.db"
    index_documents(docs, db, jobs=1)
    source = next(d for d in docs[500:] if len(d.text.split()) > 400)
    draft = Document(id="draft", date=source.date, text=" ".join(source.text.split()[:300]))
    read: list[int] = []
    real = factcheck.archive.ranked_candidates

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        read.append(len(out[3]))
        assert source.id in out[3]
        return out

    monkeypatch.setattr(factcheck.archive, "ranked_candidates", spy)
    check_documents([draft], archives=[str(db)])
    top = settings_of(load_rules()).top
    assert 0 < read[0] <= top + factcheck.archive.MAX_COPIES
