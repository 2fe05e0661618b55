"""ArchiveStore: the archive as one object gives what the store's functions give."""

from __future__ import annotations

import pytest

from factcheck import Document, load_documents
from factcheck.archive import (
    ArchiveStore,
    candidates_for,
    connect,
    ranked_candidates,
    read_claims,
    read_documents,
)
from factcheck.errors import InputError
from factcheck.pipeline import extract_with_stories
from factcheck.rules import load_rules

DRAFT = ("Russia's reserves of rare earth metals stand at 2.1 million metric tons, "
         "the U.S. Geological Survey estimates.")


def test_the_store_indexes_and_reads_what_the_functions_read(tmp_path, seeds):
    db = tmp_path / "a.db"
    docs = load_documents([str(seeds)])
    rules = load_rules()
    with ArchiveStore.open(db, create=True) as store:
        stats = store.index(docs, jobs=1)
        assert stats["indexed"] == len(docs) and stats["claims"] > 0
        ids = [d.id for d in docs]
        got = store.read_documents(ids)
        assert [d.text for d in got.values()] == [d.text for d in docs]
        draft = Document(id="draft", text=DRAFT, date="2026-11-29")
        claims, words = extract_with_stories([draft], rules)
        conn = connect(db)
        try:
            assert store.read_documents(ids) == read_documents(conn, ids)
            assert store.read_claims(got[ids[0]]) == read_claims(conn, got[ids[0]])
            assert store.candidates(claims, {}, rules) == candidates_for(conn, claims, {}, rules)
            assert store.ranked([draft], claims, words, rules) == ranked_candidates(
                conn, [draft], claims, words, rules)
        finally:
            conn.close()
        found = store.candidates(claims, {}, rules)[0]
        # the seeds' figures of the same measure (the tonnes of reserves), from the archive
        assert found and {c.doc for c in found} <= set(ids)
        assert all(c.dimension == claims[0].dimension for c in found)
        frame = store.load_claims()
        assert len(frame) == sum(len(store.read_claims(d)) for d in got.values())


def test_opening_what_is_not_an_archive_is_an_input_error(tmp_path):
    missing = tmp_path / "none.db"
    with pytest.raises(InputError, match="archive not found"):
        ArchiveStore.open(missing)
    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(InputError, match="not a factcheck archive"):
        ArchiveStore.open(text)
