"""The archive as data: plain SQLite tables (documents, claims, stories) that sqlite-utils and
datasette browse, ``load_claims`` with filters, the migration from schema 5 (claims in one
compressed row per document), and streaming a JSONL larger than --max-bytes into an index."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from cli_errors import one_line_error as _one_line_error
from typer.testing import CliRunner

from factcheck import Document
from factcheck.archive import (
    _CONTRACT_COLUMNS,
    APPLICATION_ID,
    CLAIM_COLUMNS,
    SCHEMA,
    check_against_archive,
    claim_from_row,
    claim_row,
    claim_to_json,
    content_hash,
    index_documents,
    load_claims,
)
from factcheck.cli import app
from factcheck.extract import get_extractor
from factcheck.match import get_matcher
from factcheck.rules import load_rules
from factcheck.segment import content_words, segment_document

runner = CliRunner()

# Real sentences of news, one document each, with dates and sources to filter on
STORIES = [
    ("quake-usgs", "USGS", "2024-01-02",
     ("A magnitude 6.1 earthquake struck 40 kilometres east of Gorgan on Monday, the U.S. "
      "Geological Survey said. At least 12 people were killed and 230 injured, Iran's "
      "Red Crescent said.")),
    ("quake-irna", "IRNA", "2024-01-03",
     ("The earthquake of magnitude 5.9 killed 14 people and injured 230 near Gorgan, the "
      "state news agency IRNA said on Tuesday, citing the Red Crescent.")),
    ("port", "Reuters", "2024-02-10",
     ("The port handled 3.80 million tonnes of grain last year, up 5.0% from 2022, the port "
      "authority said. Exports rose to $1.25 billion.")),
    ("undated", None, None,
     "Sales rose 5% to $3.2 billion in the quarter, the company said."),
]


def _docs() -> list[Document]:
    return [Document(id=i, text=t, source=s, date=d, title=i.title()) for i, s, d, t in STORIES]


@pytest.fixture
def archive(tmp_path) -> Path:
    db = tmp_path / "archive.db"
    index_documents(_docs(), db, jobs=1)
    return db


# -- rows -------------------------------------------------------------------------------------
LONG = ("In the year to March, " + ", ".join(f"region {i} reported {i + 10} cases" for i in range(
    90)) + ", the ministry said.")


@pytest.mark.parametrize("text", [
    STORIES[2][3],                         # 3.80 and 5.0: exact decimals kept
    STORIES[0][3],
    "Output fell 1E+3 tonnes to 2.50 million tonnes.",
    LONG,                                  # a sentence over 1,000 characters: clipped
])
def test_a_claim_round_trips_through_its_row(text):
    doc = Document(id="d", text=text)
    claims = get_extractor(load_rules()).extract(doc)
    assert claims
    for c in claims:
        row = claim_row(c, text)
        assert len(row) == len(CLAIM_COLUMNS)
        back = claim_from_row(row, text)
        assert back == c
        assert [str(back.value), str(back.low), str(back.high)] == [
            str(c.value), str(c.low), str(c.high)]


def test_a_long_sentence_is_stored_clipped_like_the_json_output():
    doc = Document(id="d", text=LONG)
    c = get_extractor(load_rules()).extract(doc)[40]
    row = dict(zip(CLAIM_COLUMNS, claim_row(c, LONG), strict=True))
    assert row["sentence_clipped"] == 1 and len(row["sentence"]) < 1000
    assert c.text in row["sentence"]
    assert LONG[row["sentence_start"] : row["sentence_end"]] == c.sentence
    assert row["sentence_full"] is None  # read as written: the text gives it back


# -- plain tables -----------------------------------------------------------------------------
def test_the_archive_is_plain_tables_sqlite_utils_reads(archive):
    sqlite_utils = pytest.importorskip("sqlite_utils")
    db = sqlite_utils.Database(archive)
    assert {"documents", "claims", "stories", "keys", "blocks"} <= set(db.table_names())
    assert {"id", "path", "source", "date", "title", "url", "hash"} <= set(
        db["documents"].columns_dict)
    assert set(_CONTRACT_COLUMNS) <= set(db["claims"].columns_dict)
    assert db["documents"].count == len(STORIES)
    # datasette and sqlite-utils see the claims' link to their document
    assert any(fk.column == "doc" and fk.other_table == "documents"
               for fk in db["claims"].foreign_keys)
    rows = list(db["claims"].rows_where("dimension = ? and doc = ?", ["count", "quake-usgs"],
                                        order_by="n"))
    assert [(r["text"], r["value"]) for r in rows] == [("At least 12 people", 12), ("230", 230)]
    text = db["documents"].get("quake-usgs")["text"]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        assert (r["line"], r["column"]) == (1, r["start"] + 1)
    by_unit = {r["text"]: r for r in db["claims"].rows_where("doc = ?", ["port"])}
    assert by_unit["3.80 million tonnes"]["value"] == 3800000
    assert by_unit["$1.25 billion"]["unit"] == "USD"
    # an SQL join needs nothing but SQL
    joined = list(db.query(
        "select documents.source, claims.text from claims join documents on "
        "documents.id = claims.doc where claims.kind = 'quantity' and documents.source = 'IRNA' "
        "order by claims.n"))
    assert [r["text"] for r in joined][:2] == ["5.9", "14 people"]
    # the blocking keys a check reads through are indexed
    assert db["blocks"].pks == ["k", "claim"]
    assert {"documents_date", "documents_source", "claims_doc"} <= {
        i.name for t in ("documents", "claims") for i in db[t].indexes}


def test_the_stored_claims_are_the_extracted_claims(archive):
    extractor = get_extractor(load_rules())
    frame = load_claims(archive)
    want = [c.to_json() for d in _docs() for c in extractor.extract(d)
            if c.kind == "quantity" and c.dimension]
    got = frame[_CONTRACT_COLUMNS].astype(object).where(frame.notna(), None).to_dict("records")
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g == {k: w[k] for k in _CONTRACT_COLUMNS}


# -- load_claims ------------------------------------------------------------------------------
def test_load_claims_joins_the_documents_columns(archive):
    frame = load_claims(archive)
    assert list(frame.columns) == [*_CONTRACT_COLUMNS, "path", "source", "date", "title", "url"]
    port = frame[frame["doc"] == "port"]
    assert set(port["source"]) == {"Reuters"} and set(port["date"]) == {"2024-02-10"}
    assert set(port["title"]) == {"Port"}
    assert frame["unit_ambiguous"].dtype == bool


@pytest.mark.parametrize(("kwargs", "docs"), [
    ({}, {"quake-usgs", "quake-irna", "port", "undated"}),
    ({"since": "2024-01-03"}, {"quake-irna", "port"}),
    ({"until": "2024-01-03"}, {"quake-usgs", "quake-irna"}),
    ({"since": "2024-01-03", "until": "2024-01-03"}, {"quake-irna"}),
    ({"source": "IRNA"}, {"quake-irna"}),
    ({"source": ["IRNA", "USGS"]}, {"quake-usgs", "quake-irna"}),
    ({"where": "dimension = 'currency'"}, {"port", "undated"}),
    ({"where": "claims.value > ? and unit = ?", "params": [1000, "USD"]}, {"port", "undated"}),
    ({"where": "documents.title = :t", "params": {"t": "Port"}}, {"port"}),
    ({"where": "documents.date is null"}, {"undated"}),
])
def test_load_claims_filters(archive, kwargs, docs):
    assert set(load_claims(archive, **kwargs)["doc"]) == docs


def test_load_claims_with_a_bad_condition_says_so(archive):
    from factcheck.errors import InputError

    with pytest.raises(InputError, match="no such column: nonsense"):
        load_claims(archive, where="nonsense = 1")


# -- migration from schema 5 ------------------------------------------------------------------
V5_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT, source TEXT, date TEXT,
    url TEXT, title TEXT, hash TEXT NOT NULL, chars INTEGER NOT NULL, claims INTEGER NOT NULL,
    seen INTEGER NOT NULL, body BLOB NOT NULL
);
CREATE TABLE keys (k INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE blocks (
    k INTEGER NOT NULL, doc INTEGER NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (k, doc, idx)
) WITHOUT ROWID;
"""


def _v5_archive(path: Path, docs: list[Document], schema: int = 5) -> None:
    """An archive as factcheck wrote it up to schema 5: one row per document whose body
    (text, claims as JSON, story words, keys) is compressed, and the blocks by (doc, idx)."""
    rules = load_rules()
    extractor, matcher = get_extractor(rules), get_matcher(rules)
    conn = sqlite3.connect(path)
    conn.executescript(V5_DDL)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(schema),))
    interned: dict[str, int] = {}
    for n, doc in enumerate(docs, 1):
        seg = segment_document(doc)
        stored, blocks = [], []
        for c in extractor.extract(doc, seg):
            if c.kind != "quantity" or not c.dimension:
                continue
            for key in sorted(matcher.selective_keys(c)):
                k = interned.setdefault(key, len(interned) + 1)
                blocks.append((k, n, len(stored)))
            as_written = c.sentence == doc.text[c.sentence_start : c.sentence_start
                                                + len(c.sentence)]
            stored.append(claim_to_json(c, with_sentence=not as_written))
        stories = {str(st.index): " ".join(sorted(content_words(doc.text[st.start : st.end])))
                   for st in seg.stories}
        body = json.dumps({"text": doc.text, "claims": stored, "stories": stories, "keys": []})
        conn.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     (n, doc.id, doc.path, doc.source, doc.date, doc.url, doc.title,
                      content_hash(doc), len(doc.text), len(stored), 1,
                      zlib.compress(body.encode())))
        conn.executemany("INSERT INTO blocks VALUES (?,?,?)", blocks)
    conn.executemany("INSERT INTO keys VALUES (?,?)", [(k, key) for key, k in interned.items()])
    conn.commit()
    conn.close()


DRAFT = "The earthquake near Gorgan killed 19 people, the Red Crescent said on Monday.\n"


def test_a_schema_5_archive_is_migrated_in_place_by_index(tmp_path, archive, monkeypatch):
    import factcheck.archive as archive_mod
    old = tmp_path / "old.db"
    _v5_archive(old, _docs())
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    before = old.read_bytes()
    # a check never writes: it says how to migrate, on one line, and exits 2
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(old)]),
                    "old.db: archive schema 5 (claims in compressed rows)",
                    f"migrate it in place with factcheck index --db {old}")
    assert old.read_bytes() == before
    with pytest.raises(Exception, match="archive schema 5"):
        load_claims(old)
    # the next index run migrates it; the unchanged documents are then skipped
    r = runner.invoke(app, ["index", "--db", str(old)])
    assert r.exit_code == 0, r.stderr
    assert "migrating the archive" in r.stderr and f"from schema 5 to {SCHEMA}" in r.stderr
    stats = index_documents(_docs(), old, jobs=1)
    assert (stats["indexed"], stats["skipped"]) == (0, len(STORIES))
    # the migrated store is the store an index run writes today
    a, b = load_claims(old), load_claims(archive)
    assert a.equals(b)
    conn = sqlite3.connect(old)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "documents_v5" not in tables and "blocks_v5" not in tables
    conn.close()
    # the blocking keys and story words carried over are the ones a fresh index writes
    blocks = ("SELECT key, claims.id FROM blocks JOIN keys USING (k) "
              "JOIN claims ON claims.n = blocks.claim ORDER BY 1, 2")
    stories = "SELECT doc, story, words FROM stories ORDER BY 1, 2"
    for q in (blocks, stories):
        got = sqlite3.connect(old).execute(q).fetchall()
        assert got and got == sqlite3.connect(archive).execute(q).fetchall()
    # through the index, not read whole (a small archive is checked as files are)
    monkeypatch.setattr(archive_mod, "SMALL_ARCHIVE", 0)
    fresh = check_against_archive([Document(id="draft", text=DRAFT)], archive)
    migrated = check_against_archive([Document(id="draft", text=DRAFT)], old)
    assert [f.to_json() for f in migrated.findings] == [f.to_json() for f in fresh.findings]
    assert {f.verdict for f in fresh.findings} == {"explained", "consistent"}


def test_an_older_archive_asks_for_a_rebuild(tmp_path):
    old = tmp_path / "old.db"
    _v5_archive(old, _docs(), schema=4)
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    before = old.read_bytes()
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(old)]),
                    f"old.db: archive schema 4, expected {SCHEMA}", "rebuild it with factcheck index")
    _one_line_error(runner.invoke(app, ["index", str(draft), "--db", str(old)]),
                    f"old.db: archive schema 4, expected {SCHEMA}")
    assert old.read_bytes() == before


def test_an_interrupted_migration_leaves_schema_5(tmp_path, monkeypatch):
    import factcheck.migrate as migrate_mod

    old = tmp_path / "old.db"
    _v5_archive(old, _docs())

    def boom(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(migrate_mod, "claim_row", boom)  # the migration's codec
    with pytest.raises(KeyboardInterrupt):
        index_documents([], old, jobs=1)
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("5",)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (len(STORIES),)
    conn.close()
    monkeypatch.undo()
    index_documents([], old, jobs=1)
    assert len(load_claims(old)) > 0


# -- streaming --------------------------------------------------------------------------------
def test_index_streams_a_jsonl_larger_than_max_bytes(tmp_path):
    src = tmp_path / "big.jsonl"
    n = 800
    with src.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = (f"Exports rose {i % 50 + 2}% to ${i % 9 + 1}.{i % 7} billion in the quarter, "
                    "the ministry said. ") * 20
            fh.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    size = src.stat().st_size
    assert size > 1_000_000
    db = tmp_path / "a.db"
    r = runner.invoke(app, ["index", str(src), "--db", str(db), "--max-bytes", "20000",
                            "--jobs", "2"])
    assert r.exit_code == 0, r.stderr
    assert f"indexed {n:,} documents" in r.stderr
    # the limit is per document: one line over it is named, the rest is indexed
    with src.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "huge", "text": "Sales rose 5%. " * 3000}) + "\n")
    r = runner.invoke(app, ["index", str(src), "--db", str(db), "--max-bytes", "20000",
                            "--keep-going", "--jobs", "1"])
    assert r.exit_code == 2 and "big.jsonl" in r.stderr and "--max-bytes" in r.stderr
    assert f"skipped {n:,} unchanged" in r.stderr


def test_index_reads_its_input_as_it_goes(tmp_path):
    """Constant memory: the index never holds more than a bounded window of the input, however
    long it is (the documents are read while earlier ones are written)."""
    produced = 0
    lag = 0

    def docs():
        nonlocal produced
        for i in range(3000):
            produced += 1
            yield Document(id=f"d{i}", text=f"Exports rose {i % 50 + 2}% to ${i % 9 + 1} billion.")

    def progress(indexed, skipped, chars):
        nonlocal lag
        lag = max(lag, produced - indexed - skipped)

    for jobs in (1, 2):
        lag = produced = 0
        index_documents(docs(), tmp_path / f"a{jobs}.db", jobs=jobs, progress=progress)
        assert produced == 3000
        assert lag <= 2 * 64 + 8, (jobs, lag)  # a window of the input, not the input


def test_the_stored_story_words_are_the_pipelines(tmp_path, seeds):
    """A check reads the stories' vocabularies from the store; they are the words the
    pipeline reads from the same documents (plain lines, Markdown, hard-wrapped text)."""
    from factcheck import load_documents
    from factcheck.pipeline import extract_with_stories

    md = tmp_path / "draft.md"
    md.write_text("# Port\n\n> The port handled 3.8\n> million tonnes of grain last year.\n\n"
                  "Exports rose 5% to $1.2 billion.\n", encoding="utf-8")
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("Officials said 28 people died in the floods on Sunday, and\nmore than "
                       "1,000 were moved to shelters on higher ground by the army.\n\nThe "
                       "council will borrow $1.2 billion.\r\n", encoding="utf-8")
    docs = [*_docs(), *load_documents([str(seeds), str(md), str(wrapped)])]
    db = tmp_path / "a.db"
    index_documents(docs, db, jobs=1)
    _, want = extract_with_stories(docs, load_rules())
    conn = sqlite3.connect(db)
    got = {(doc, story): frozenset(words.split())
           for doc, story, words in conn.execute("SELECT doc, story, words FROM stories")}
    conn.close()
    assert got == want


def test_index_without_paths_makes_or_migrates_the_archive_only(tmp_path):
    db = tmp_path / "new.db"
    r = runner.invoke(app, ["index", "--db", str(db)])
    assert r.exit_code == 0, r.stderr
    assert len(load_claims(db)) == 0
    _one_line_error(runner.invoke(app, ["index", "--db", str(db), "--prune"]),
                    "--prune needs the PATHS the archive should hold")


def test_a_schema_6_archive_gains_its_lineage_anchors_by_index(tmp_path, archive):
    """Schema 6 (plain tables) lacks the anchors of wire lineage: an index run adds them
    from the stored texts, the same anchors a fresh index stores."""
    conn = sqlite3.connect(archive)
    pairs = "SELECT h, id FROM anchors JOIN anchor_docs USING (n)"
    want = sorted(conn.execute(pairs))
    assert want  # the stories share no text, but each has anchors of its own
    conn.execute("DROP TABLE anchors")
    conn.execute("DROP TABLE anchor_docs")
    conn.execute("UPDATE meta SET value='6' WHERE key='schema'")
    conn.commit()
    conn.close()
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(archive)]),
                    "archive schema 6 (no wire lineage anchors)", "migrate it in place")
    r = runner.invoke(app, ["index", "--db", str(archive)])
    assert r.exit_code == 0, r.stderr
    assert f"from schema 6 to {SCHEMA}" in r.stderr
    conn = sqlite3.connect(archive)
    assert sorted(conn.execute(pairs)) == want
    assert conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == str(SCHEMA)
    conn.close()
