"""The archive index: incremental, crash-safe, parallel, and queried through its blocks."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from factcheck import Document, load_documents
from factcheck.archive import (
    check_against_archive,
    claim_from_json,
    claim_to_json,
    extract_frame,
    index_documents,
    load_claims,
)

DRAFT = ("Russia's reserves of rare earth metals stand at 2.1 million metric tons, "
         "the U.S. Geological Survey estimates.")


def _consistent(db) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = claims = 0
        for doc_id, count in conn.execute("SELECT id, claims FROM documents"):
            # every stored document has exactly the claims it says it has
            assert conn.execute("SELECT COUNT(*) FROM claims WHERE doc=?",
                                (doc_id,)).fetchone()[0] == count
            docs += 1
            claims += count
        for table, column in [("claims", "doc"), ("stories", "doc")]:
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} NOT IN "
                                "(SELECT id FROM documents)").fetchone()[0] == 0
        orphans = conn.execute(
            "SELECT COUNT(*) FROM blocks WHERE claim NOT IN (SELECT n FROM claims)").fetchone()[0]
        assert orphans == 0
        return docs, claims
    finally:
        conn.close()


def test_claims_round_trip_through_the_store(seeds):
    docs = load_documents([str(seeds)])
    from factcheck.pipeline import extract_claims

    texts = {d.id: d.text for d in docs}
    for c in extract_claims(docs):
        assert claim_from_json(claim_to_json(c)) == c
        assert claim_from_json(claim_to_json(c, with_sentence=False), texts[c.doc]) == c


def test_index_is_incremental_and_prunes(tmp_path, seeds):
    db = tmp_path / "a.db"
    docs = load_documents([str(seeds)])
    first = index_documents(docs, db, jobs=1)
    assert first["indexed"] == 2 and first["claims"] > 0
    again = index_documents(docs, db, jobs=1)
    assert again == {**again, "indexed": 0, "skipped": 2}
    changed = [Document(**{**docs[0].__dict__, "text": docs[0].text + "\nSales rose 5%."}), docs[1]]
    third = index_documents(changed, db, jobs=1)
    assert third["indexed"] == 1 and third["skipped"] == 1
    pruned = index_documents(changed[:1], db, jobs=1, prune=True)
    assert pruned["pruned"] == 1
    assert _consistent(db)[0] == 1


def test_check_against_archive_finds_the_conflict(tmp_path, seeds):
    db = tmp_path / "a.db"
    index_documents(load_documents([str(seeds)]), db, jobs=2)
    rep = check_against_archive([Document(id="draft", text=DRAFT)], db)
    conflicts = [f for f in rep.findings if f.verdict == "conflict"]
    assert conflicts
    f = conflicts[0]
    assert {f.a.text, f.b.text} == {"2.1 million metric tons", "3.8 million metric tons"}


def test_progress_counts_documents_for_the_eta(tmp_path, seeds):
    from factcheck.inputs import count_documents

    src = tmp_path / "c.jsonl"
    _corpus(src, 25)
    assert count_documents([str(seeds), str(src)]) == 27
    assert count_documents(["-"]) is None


def test_pandas_api_at_package_level(tmp_path, seeds):
    import factcheck

    db = tmp_path / "a.db"
    index_documents(load_documents([str(seeds)]), db, jobs=1)
    assert len(factcheck.load_claims(db)) == len(load_claims(db))
    assert list(factcheck.extract_frame(["Sales rose 5%."])["value"]) == [5]


def test_pandas_api(tmp_path, seeds):
    db = tmp_path / "a.db"
    index_documents(load_documents([str(seeds)]), db, jobs=1)
    frame = load_claims(db)
    assert {"value", "unit", "dimension", "concept"} <= set(frame.columns)
    assert (frame["text"] == "3.8 million metric tons").any()
    frame2 = extract_frame(["Sales rose 5% to $3.2 billion."])
    assert list(frame2["unit"]) == ["percent", "USD"]


def _corpus(path, n):
    base = [
        "The heatwave has killed {i} people in Spain since May, the ministry said.",
        "Exports rose {i}% to $4.{i} billion in the quarter, the company said.",
        "A magnitude 5.{d} earthquake struck {i} kilometres east of Gorgan.",
    ]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(b.format(i=i % 97 + 3, d=i % 9) for b in base) * 4
            fh.write(json.dumps({"id": f"doc{i}", "text": text}) + "\n")


INDEX_SCRIPT = (
    "import sys; from factcheck import load_documents; from factcheck.archive import index_documents;"
    "import json; print(json.dumps(index_documents(load_documents([sys.argv[1]]), sys.argv[2], jobs=2, batch=20)))"
)


def test_kill_9_leaves_a_consistent_store_and_rerun_completes(tmp_path):
    src, db = tmp_path / "corpus.jsonl", tmp_path / "a.db"
    _corpus(src, 1500)
    proc = subprocess.Popen([sys.executable, "-c", INDEX_SCRIPT, str(src), str(db)],
                            start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until some batches are committed, then kill -9
        if db.exists():
            try:
                if _consistent(db)[0] >= 40:
                    break
            except (sqlite3.DatabaseError, AssertionError):
                pass
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    docs_after_kill, _ = _consistent(db)
    assert 0 < docs_after_kill < 1500
    out = subprocess.run([sys.executable, "-c", INDEX_SCRIPT, str(src), str(db)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    assert stats["skipped"] == docs_after_kill
    assert stats["indexed"] == 1500 - docs_after_kill
    assert _consistent(db)[0] == 1500


def test_dask_engine_writes_the_same_store(tmp_path):
    pytest.importorskip("dask.distributed")
    src = tmp_path / "corpus.jsonl"
    _corpus(src, 300)
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    docs = load_documents([str(src)])
    local = index_documents(docs, local_db, jobs=1)
    remote = index_documents(docs, dask_db, jobs=2, engine="dask")
    assert remote["indexed"] == local["indexed"] == 300
    assert remote["claims"] == local["claims"]
    assert _consistent(dask_db) == _consistent(local_db)
    a = sorted(load_claims(local_db)["text"])
    b = sorted(load_claims(dask_db)["text"])
    assert a == b
    # the same rows in every table (the order documents arrive in aside)
    from factcheck.archive import CLAIM_COLUMNS

    cols = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
    for q in (f"SELECT {cols} FROM claims",
              ("SELECT id, path, source, date, title, url, hash, chars, claims, text "
               "FROM documents"),
              "SELECT doc, story, words FROM stories",
              ("SELECT c.id, k.key FROM blocks b JOIN claims c ON c.n = b.claim "
               "JOIN keys k ON k.k = b.k")):
        rows = []
        for db in (local_db, dask_db):
            conn = sqlite3.connect(db)
            rows.append(sorted(conn.execute(q).fetchall(), key=repr))
            conn.close()
        assert rows[0] == rows[1], q
