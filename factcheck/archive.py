"""An archive index: years of stories in one SQLite file, checked in well under a second.

``index_documents`` extracts the claims of every document (on all cores, streaming, so
memory stays flat) and stores them in plain SQLite tables (standard library, one file, no
server; WAL journal) that any SQLite tool can query: ``documents`` (one row per document:
id, path, source, date, title, url, hash and its text) and ``claims`` (one row per stored
figure: every column of the JSON contract, line and column included, plus what rebuilds the
claim), with ``stories`` (each story's vocabulary) and the blocking-key index ``keys`` and
``blocks``. Each document is written in the same transaction as its claims, batches are
committed as they complete, so a run killed at any moment (even ``kill -9``) leaves a
consistent store, and running it again completes it: documents already stored with the same
content hash are skipped, changed ones are replaced, and ``prune`` removes the ones no
longer present. An archive of schema 5 (claims in one compressed row per document) is
migrated in place by the next ``index`` run.

``check_against_archive`` pairs a draft's claims with candidate claims fetched through the
blocking-key index (dimension plus named entity, measure word, concept group or counted
noun), so a check costs in proportion to the candidates, not to the archive.
``load_claims`` reads the claims as a pandas DataFrame, filtered in SQL.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sqlite3
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import InputError
from .events import names as _names
from .events import related as related_story
from .extract import get_extractor
from .lineage import anchors_of, anchors_of_many, settings_of
from .lineage import enabled as lineage_enabled
from .match import get_matcher
from .models import Claim, Document, Report, _num
from .report import clip_window as _clip_window
from .retrieve import DDL as _RETRIEVE_DDL
from .retrieve import TABLES as _RETRIEVE_TABLES
from .retrieve import (
    day_of,
    delete_terms,
    rank,
    rare_names,
    terms_of,
    write_terms,
    write_weights,
)
from .retrieve import settings_of as retrieve_settings
from .rules import Rules, load_rules
from .segment import content_words, segment_document

# 8: the terms of ranked retrieval (factcheck.retrieve): terms (h, n) and term_docs (n, id,
#    day, size, its terms as 8-byte integers), read before any pairing
# 7: the anchors of wire lineage (factcheck.lineage): anchors (h, n), keyed by a document's
#    number in anchor_docs (n, id, its anchors as 8-byte integers), so the index grows by
#    two integers per anchor and a document's anchors are deleted by their keys
# 6: plain tables (documents, claims, stories) instead of one compressed row per document
# 5: measure words folded by rules/concepts.toml [spelling] (blocking keys changed)
SCHEMA = 8
MIGRATES_FROM = ("5", "6", "7")  # the schemas an index run migrates in place; older are rebuilt
MAX_CANDIDATES_PER_KEY = 300  # the most recently indexed claims of each block
MAX_FINDINGS_PER_CLAIM = 5  # per draft claim, the best-matching archive figures
CHUNK = 8  # documents sent to a worker process at once
BATCH = 32  # documents extracted at once in one process (their lineage anchors hashed together)
IN_FLIGHT_PER_JOB = 64  # documents read ahead of the writer, per worker process

# The JSON contract's claim columns (schema 1 and its additive keys), in its order
_CONTRACT_COLUMNS = [
    "id", "doc", "start", "end", "text", "sentence", "kind", "value", "low", "high", "unit",
    "dimension", "si_value", "si_unit", "bound", "change", "concept", "attribution", "time",
    "scope", "surface_unit", "unit_ambiguous", "role", "line", "column",
]
# the claims table: the contract's columns, then what rebuilds the claim exactly
CLAIM_COLUMNS = [
    *_CONTRACT_COLUMNS, "number_format",
    "sentence_start", "sentence_end", "sentence_clipped", "sentence_full", "paragraph",
    "story", "si_low", "si_high", "precision", "concept_keys", "context", "transition",
    "exact", "keys",
]
DOCUMENT_COLUMNS = ["path", "source", "date", "title", "url"]  # joined by load_claims

# Plain tables, browsable with sqlite-utils and datasette. A document and everything derived
# from it are written (and replaced) together. ``claims.n`` numbers the claims in the order
# they were indexed; the blocking keys are interned integers in a table without rowids:
# (key, claim), the index a check reads its candidates through.
_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, path TEXT, source TEXT, date TEXT, title TEXT, url TEXT,
    hash TEXT NOT NULL, chars INTEGER NOT NULL, claims INTEGER NOT NULL, seen INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_date ON documents (date);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source);
CREATE TABLE IF NOT EXISTS claims (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL, doc TEXT NOT NULL REFERENCES documents (id), start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT NOT NULL, sentence TEXT NOT NULL, kind TEXT NOT NULL,
    value NUMERIC, low NUMERIC, high NUMERIC, unit TEXT, dimension TEXT, si_value REAL,
    si_unit TEXT, bound TEXT, change TEXT, concept TEXT, attribution TEXT, time TEXT,
    scope TEXT, surface_unit TEXT, unit_ambiguous INTEGER, role TEXT, line INTEGER,
    "column" INTEGER, number_format TEXT,
    sentence_start INTEGER, sentence_end INTEGER, sentence_clipped INTEGER,
    sentence_full TEXT, paragraph INTEGER, story INTEGER, si_low REAL, si_high REAL,
    precision REAL, concept_keys TEXT, context TEXT, transition INTEGER, exact TEXT,
    keys TEXT
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims (doc);
CREATE TABLE IF NOT EXISTS stories (
    doc TEXT NOT NULL REFERENCES documents (id), story INTEGER NOT NULL, words TEXT NOT NULL,
    PRIMARY KEY (doc, story)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS keys (k INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS blocks (
    k INTEGER NOT NULL REFERENCES keys (k), claim INTEGER NOT NULL REFERENCES claims (n),
    PRIMARY KEY (k, claim)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS anchor_docs (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE REFERENCES documents (id),
    anchors BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS anchors (
    h INTEGER NOT NULL, n INTEGER NOT NULL REFERENCES anchor_docs (n), PRIMARY KEY (h, n)
) WITHOUT ROWID;
""" + _RETRIEVE_DDL
# wire lineage: the archive keeps one in ANCHOR_EVERY of a run's anchors (factcheck.lineage),
# a subset of them, so a draft's copies are found by point look-ups, never by a scan
ANCHOR_EVERY = 2
MAX_COPIES = 50  # archived copies read per document (of the draft, of each counterpart)
_Q = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)  # the claims columns, quoted ("end")
_INSERT_CLAIM = f"INSERT INTO claims ({_Q}) VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})"

_CLAIM_FIELDS = [f.name for f in fields(Claim)]
_DECIMALS = {"value", "low", "high"}
_TUPLES = {"concept_keys", "context"}


_JSON = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps without its per-call set-up


def _jlist(items: Sequence[str]) -> str | None:
    return _JSON(list(items)) if items else None


def _decimal_back(x: float | None) -> Decimal | None:
    """The Decimal a stored number reads back as (exact for int, shortest repr for float)."""
    if x is None:
        return None
    return Decimal(x) if isinstance(x, int) else Decimal(repr(x))


def claim_row(c: Claim, text: str, keys: Iterable[str] = ()) -> tuple[Any, ...]:
    """A claim as a row of the claims table (CLAIM_COLUMNS, without ``n``): the contract's
    values (numbers as numbers, the sentence clipped around the claim when long, as in the
    JSON output), then what rebuilds the claim: the sentence's span in ``text`` (the
    sentence whole in ``sentence_full`` only when clipped and read otherwise than written),
    the exact decimals when a number alone would not give them back, and the blocking keys."""
    full = c.sentence
    end = c.sentence_start + len(full)
    win = _clip_window(c)
    shown = full if win is None else full[win[0] : win[1]]
    whole = full if win is not None and text[c.sentence_start : end] != full else None
    exact = {}
    for k in ("value", "low", "high"):
        v = getattr(c, k)
        if v is not None and str(_decimal_back(_num(v))) != str(v):
            exact[k] = str(v)
    return (
        c.id, c.doc, c.start, c.end, c.text, shown, c.kind, _num(c.value), _num(c.low),
        _num(c.high), c.unit, c.dimension, c.si_value, c.si_unit, c.bound, c.change, c.concept,
        c.attribution, c.time, c.scope, c.surface_unit, int(c.unit_ambiguous), c.role, c.line,
        c.column, c.number_format,
        c.sentence_start, end, int(win is not None), whole, c.paragraph, c.story, c.si_low,
        c.si_high, c.precision, _jlist(c.concept_keys), _jlist(c.context), int(c.transition),
        _JSON(exact) if exact else None, _JSON(sorted(keys)),
    )


_ROW = {name: i for i, name in enumerate(CLAIM_COLUMNS)}


def claim_from_row(row: Sequence[Any], text: str) -> Claim:
    """The claim a claims-table row (CLAIM_COLUMNS) stores; ``text`` is its document's."""
    r = _ROW
    exact = json.loads(row[r["exact"]]) if row[r["exact"]] else {}
    nums = {k: Decimal(exact[k]) if k in exact else _decimal_back(row[r[k]]) for k in _DECIMALS}
    sentence = row[r["sentence"]]
    if row[r["sentence_clipped"]]:
        sentence = row[r["sentence_full"]] or text[row[r["sentence_start"]] : row[r["sentence_end"]]]
    return Claim(
        id=row[r["id"]], doc=row[r["doc"]], start=row[r["start"]], end=row[r["end"]],
        text=row[r["text"]], sentence=sentence, kind=row[r["kind"]], value=nums["value"],
        low=nums["low"], high=nums["high"], unit=row[r["unit"]], dimension=row[r["dimension"]],
        si_value=row[r["si_value"]], si_unit=row[r["si_unit"]], bound=row[r["bound"]],
        change=row[r["change"]], concept=row[r["concept"]], attribution=row[r["attribution"]],
        time=row[r["time"]], scope=row[r["scope"]], surface_unit=row[r["surface_unit"]],
        sentence_start=row[r["sentence_start"]], paragraph=row[r["paragraph"]],
        story=row[r["story"]], si_low=row[r["si_low"]], si_high=row[r["si_high"]],
        unit_ambiguous=bool(row[r["unit_ambiguous"]]), precision=row[r["precision"]],
        concept_keys=tuple(json.loads(row[r["concept_keys"]] or "[]")),
        context=tuple(json.loads(row[r["context"]] or "[]")),
        transition=bool(row[r["transition"]]), role=row[r["role"]], line=row[r["line"]],
        column=row[r["column"]], number_format=row[r["number_format"]],
    )


def claim_to_json(c: Claim, *, with_sentence: bool = True) -> str:
    """A claim as compact JSON (the compressed rows of schema 5 held these)."""
    d = {k: getattr(c, k) for k in _CLAIM_FIELDS}
    for k in _DECIMALS:
        if d[k] is not None:
            d[k] = str(d[k])
    if not with_sentence:
        d["sentence_end"] = c.sentence_start + len(c.sentence)
        del d["sentence"]
    d = {k: v for k, v in d.items()
         if not (v is None or v is False or (isinstance(v, (str, tuple, list)) and not v))}
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def claim_from_json(text: str, doc_text: str | None = None) -> Claim:
    d = json.loads(text)
    for k in _DECIMALS:
        if d.get(k) is not None:
            d[k] = Decimal(d[k])
    for k in _TUPLES:
        d[k] = tuple(d.get(k) or ())
    if "sentence" not in d:
        d["sentence"] = (doc_text or "")[d.get("sentence_start", 0) : d.pop("sentence_end", 0)]
    d.pop("sentence_end", None)
    return Claim(**{k: d[k] for k in _CLAIM_FIELDS if k in d})


def content_hash(d: Document) -> str:
    h = hashlib.sha256()
    for part in (d.text, d.source or "", d.date or "", d.url or "", d.title or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def is_archive(path: str) -> bool:
    """A SQLite file (by its header), as opposed to a text, Markdown or JSONL input."""
    p = Path(path)
    if not p.is_file():
        return False
    with p.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


# PRAGMA application_id of a factcheck archive ("FCKA"); archives made before it was set
# carry 0 and are told by their tables instead
APPLICATION_ID = 0x46434B41
ARCHIVE_SUFFIXES = (".db", ".sqlite", ".sqlite3")  # a reference so named must be an archive
_TABLES = {"meta", "documents", "claims", "stories", "keys", "blocks", "anchors",
           "anchor_docs", *_RETRIEVE_TABLES}
_TABLES_V5 = {"meta", "documents", "keys", "blocks"}


_OLD_WHAT = {"5": "claims in compressed rows", "6": "no wire lineage anchors",
             "7": "no ranked-retrieval terms"}


class OldSchema(InputError):
    """An archive of an earlier schema: migrated by an index run (schema 5) or rebuilt."""

    def __init__(self, found: str, p: Path) -> None:
        self.found = found
        if found in MIGRATES_FROM:
            super().__init__(
                f"archive schema {found} ({_OLD_WHAT[found]}), this factcheck reads "
                f"schema {SCHEMA}", path=str(p),
                hint=f"migrate it in place with factcheck index --db {p}")
        else:
            super().__init__(f"archive schema {found}, expected {SCHEMA}", path=str(p),
                             hint="rebuild it with factcheck index --db NEW.db PATHS")


def _check_archive(conn: sqlite3.Connection, p: Path, *, allow_empty: bool = False) -> None:
    """Refuse an SQLite file that is not a factcheck archive of this schema: another
    application's database (by its application id, or tables without factcheck's); an
    archive of an earlier schema raises OldSchema."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    if app not in (0, APPLICATION_ID):
        raise InputError(f"not a factcheck archive (SQLite application id {app:#x})",
                         path=str(p), hint="another application's database; name the "
                         "archive built with factcheck index")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if _TABLES_V5 <= tables:  # a factcheck archive's tables: its schema decides
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != str(SCHEMA):
            raise OldSchema(row[0] if row else "missing", p)
    missing = _TABLES - tables
    if missing and not (allow_empty and not tables):
        what = "an empty SQLite file" if not tables else "another application's SQLite database"
        raise InputError(f"not a factcheck archive ({what}: no {', '.join(sorted(missing))} "
                         "table)", path=str(p), hint="build one with factcheck index --db FILE")


def _refuse_foreign(p: Path, head: bytes) -> None:
    """Refuse another application's SQLite file before SQLite opens it at all: opening a
    database in WAL mode, even read-only, makes its ``-wal`` and ``-shm`` files beside it.
    The header's application id (offset 68) tells a foreign file at once; a file without
    one (id 0: another application's, or an archive made before factcheck set the id) is
    read through a connection that writes nothing (``immutable=1``, exact while no ``-wal``
    file holds pages the main file lacks; when one does, the ordinary read-only connection
    reads it, creating nothing new)."""
    app = int.from_bytes(head[68:72], "big") if len(head) >= 72 else 0
    if app not in (0, APPLICATION_ID):
        raise InputError(f"not a factcheck archive (SQLite application id {app:#x})",
                         path=str(p), hint="another application's database; name the "
                         "archive built with factcheck index")
    if app == APPLICATION_ID or Path(str(p) + "-wal").exists():
        return
    uri = "file:" + quote(str(p.resolve())) + "?mode=ro&immutable=1"
    probe = sqlite3.connect(uri, uri=True)
    try:
        _check_archive(probe, p, allow_empty=True)
    except OldSchema:
        pass  # factcheck's own archive, of an earlier schema: the caller decides
    finally:
        probe.close()


def _open_read_only(p: Path) -> sqlite3.Connection:
    """The archive opened read-only (a check never changes it); in a read-only folder, where
    SQLite cannot make the WAL's shared-memory file, as an immutable file."""
    uri = "file:" + quote(str(p.resolve())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        try:
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=30)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            pass
        else:
            return conn
        raise


def connect(path: str | Path, *, create: bool = False,
            rules: Rules | None = None) -> sqlite3.Connection:
    """An archive: read-only for a check, read-write (made when missing) with ``create``.
    Anything else than a factcheck archive of this schema is refused, never written to.
    ``rules``: the rules an older archive is migrated with (its lineage anchors)."""
    p = Path(path)
    if not create and not p.is_file():
        raise InputError("archive not found", path=str(p), hint="build it with factcheck index")
    try:
        size = p.stat().st_size if p.exists() else 0
        if not create or size:
            with p.open("rb") as fh:
                head = fh.read(100)
            if head[:16] != b"SQLite format 3\x00":
                raise InputError(
                    "not a factcheck archive (" + ("an empty file" if not size else
                                                   f"not an SQLite file, {size:,} bytes") + ")",
                    path=str(p), hint="build one with factcheck index --db FILE")
            _refuse_foreign(p, head)
        if not create:
            conn = _open_read_only(p)
            try:
                _check_archive(conn, p)
            except BaseException:
                conn.close()
                raise
            return conn
        conn = sqlite3.connect(str(p), timeout=30)
        try:
            old = None
            if size:
                try:
                    _check_archive(conn, p, allow_empty=True)
                except OldSchema as exc:
                    if exc.found not in MIGRATES_FROM:
                        raise
                    old = exc
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            if old is not None:
                migrate(conn, p, old.found, rules)
            conn.executescript(_DDL)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            conn.commit()
        except BaseException:
            conn.close()
            raise
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a factcheck archive ({exc})", path=str(p),
                         hint="build one with factcheck index --db FILE") from None
    except OSError as exc:
        raise InputError(f"cannot open the archive: {exc.strerror}", path=str(p)) from None
    return conn


# -- extraction in worker processes ---------------------------------------------------------
_WORKER_RULES: Rules | None = None


def _init_worker(rules_dir: str | None, rules: Rules | None = None) -> None:
    global _WORKER_RULES
    _WORKER_RULES = rules or load_rules(rules_dir)


Rows = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[int, str]], list[list[str]],
             list[int], tuple[list[int], list[tuple[int, float]]]]


def _batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Lists of ``size`` documents (the last one shorter), read as they are needed."""
    batch: list[Document] = []
    for d in items:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _process_many(docs: Sequence[Document]) -> list[Rows]:
    """Extract documents into rows, each: its documents row (without ``seen``), its claims
    rows (without ``n``), its stories (index, words), each claim's blocking keys and its
    wire lineage anchors. Each document is extracted on its own; the anchors of all are
    hashed together (``lineage.anchors_of_many``: the array work of a batch costs about what
    one document's did)."""
    rules = _WORKER_RULES or load_rules()
    segs = [segment_document(doc) for doc in docs]
    rows = [_extract_rows(doc, seg, rules) for doc, seg in zip(docs, segs, strict=True)]
    anchors = anchors_of_many(docs, rules, every=ANCHOR_EVERY, segs=segs) \
        if lineage_enabled(rules) else [[] for _ in docs]
    return [(*r[:4], a, r[4]) for r, a in zip(rows, anchors, strict=True)]


def _extract_rows(doc: Document, seg: Any, rules: Rules) -> tuple[Any, ...]:
    """A document's rows but its anchors (see :func:`_process_many`), its ranked-retrieval
    terms last (factcheck.retrieve)."""
    claims = get_extractor(rules).extract(doc, seg)
    matcher = get_matcher(rules)
    rows: list[tuple[Any, ...]] = []
    keys: list[list[str]] = []
    for c in claims:
        if c.kind != "quantity" or not c.dimension:
            continue  # dates, years, identifiers are never paired: not stored
        # only what the blocking keys need; the rest of the match features is computed at
        # check time for the few candidates (cheaper than storing them for every claim)
        ks = sorted(matcher.selective_keys(c))
        keys.append(ks)
        rows.append(claim_row(c, doc.text, ks))
    # each story's vocabulary: content_words of its text (as pipeline.extract_with_stories
    # reads it); when the text is read as written, segmenting already gathered those words
    # paragraph by paragraph (the same set: no word crosses a line), so they are reused
    as_is = seg.view == doc.text and len(seg.story_words) == len(seg.stories)
    stories = [(st.index, " ".join(sorted(
        seg.story_words[st.index] if as_is else content_words(doc.text[st.start : st.end]))))
        for st in seg.stories]
    document = (doc.id, doc.path, doc.source, doc.date, doc.title, doc.url, content_hash(doc),
                len(doc.text), len(rows), doc.text)
    terms = terms_of({w for _i, ws in stories for w in ws.split()}, _names(doc.text))
    return document, rows, stories, keys, terms


def _body(blob: bytes) -> dict[str, Any]:
    """A schema-5 document row's compressed body (text, claims, stories, keys)."""
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))


class _Keys:
    """Interned blocking keys (text -> integer), cached per connection (at most CACHE keys:
    an archive of millions of documents has millions of keys, and memory stays flat)."""

    CACHE = 200_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.ids: dict[str, int] = {}

    def get(self, key: str, *, create: bool) -> int | None:
        k = self.ids.get(key)
        if k is None:
            row = self.conn.execute("SELECT k FROM keys WHERE key=?", (key,)).fetchone()
            if row is None:
                if not create:
                    return None
                k = self.conn.execute("INSERT INTO keys (key) VALUES (?)", (key,)).lastrowid
            else:
                k = row[0]
            if len(self.ids) >= self.CACHE:
                self.ids.clear()
            self.ids[key] = k  # type: ignore[assignment]
        return k


def _delete(conn: sqlite3.Connection, doc_id: str, keys: _Keys) -> None:
    """A document and everything derived from it (its claims, stories and blocks)."""
    for n, ks in conn.execute("SELECT n, keys FROM claims WHERE doc=?", (doc_id,)).fetchall():
        for key in json.loads(ks or "[]"):
            k = keys.get(key, create=False)
            if k is not None:
                conn.execute("DELETE FROM blocks WHERE k=? AND claim=?", (k, n))
    conn.execute("DELETE FROM claims WHERE doc=?", (doc_id,))
    conn.execute("DELETE FROM stories WHERE doc=?", (doc_id,))
    row = conn.execute("SELECT n, anchors FROM anchor_docs WHERE id=?", (doc_id,)).fetchone()
    if row is not None:
        n, blob = row
        conn.executemany("DELETE FROM anchors WHERE h=? AND n=?",
                         [(h, n) for h in _unpack(blob)])
        conn.execute("DELETE FROM anchor_docs WHERE n=?", (n,))
    delete_terms(conn, doc_id)
    conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))


def _pack(anchors: Sequence[int]) -> bytes:
    return array("q", sorted(set(anchors))).tobytes()


def _unpack(blob: bytes) -> list[int]:
    a = array("q")
    a.frombytes(blob)
    return a.tolist()


def _write_anchors(conn: sqlite3.Connection, doc_id: str, anchors: Sequence[int]) -> None:
    """A document's anchors: its number in anchor_docs, then (anchor, number) rows."""
    packed = _pack(anchors)
    n = conn.execute("INSERT INTO anchor_docs (id, anchors) VALUES (?, ?)",
                     (doc_id, packed)).lastrowid
    conn.executemany("INSERT OR IGNORE INTO anchors VALUES (?,?)",
                     [(h, n) for h in _unpack(packed)])


class _Writer:
    """Writes documents' rows on one connection; claims are numbered here, in write order
    (the most recently indexed claims of a block are the ones a check reads first)."""

    def __init__(self, conn: sqlite3.Connection, stamp: int) -> None:
        self.conn = conn
        self.stamp = stamp
        self.keys = _Keys(conn)
        self.next = (conn.execute("SELECT max(n) FROM claims").fetchone()[0] or 0) + 1
        self.weighed: set[int] = set()  # terms whose weight this run wrote

    def write(self, rows: Rows) -> int:
        document, claims, stories, keys, anchors, terms = rows
        doc_id = document[0]
        conn = self.conn
        row = (*document[:9], self.stamp, document[9])
        insert = ("INSERT INTO documents (id, path, source, date, title, url, hash, chars, "
                  "claims, seen, text) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        try:
            conn.execute(insert, row)
        except sqlite3.IntegrityError:  # stored before, changed since: replaced
            _delete(conn, doc_id, self.keys)
            conn.execute(insert, row)
        first = self.next
        self.next += len(claims)
        conn.executemany(f"INSERT INTO claims (n, {_Q}) VALUES (?, "
                         f"{', '.join('?' * len(CLAIM_COLUMNS))})",
                         [(first + i, *row) for i, row in enumerate(claims)])
        conn.executemany("INSERT INTO stories VALUES (?,?,?)",
                         [(doc_id, i, words) for i, words in stories])
        get = self.keys.get
        conn.executemany("INSERT OR IGNORE INTO blocks VALUES (?,?)",
                         [(get(k, create=True), first + i) for i, ks in enumerate(keys)
                          for k in ks])
        _write_anchors(conn, doc_id, anchors)
        write_terms(conn, doc_id, day_of(document[3]), terms[0])
        if len(self.weighed) > 2_000_000:  # memory stays flat; INSERT OR IGNORE decides
            self.weighed.clear()
        write_weights(conn, terms[1], self.weighed)
        return int(document[7])


def _anchors_of_text(doc_id: str, text: str, rules: Rules) -> list[int]:
    if not lineage_enabled(rules):
        return []
    return anchors_of(Document(id=doc_id, text=text), rules, every=ANCHOR_EVERY, vectorised=True)


def migrate(conn: sqlite3.Connection, p: Path | str, found: str = "5",
            rules: Rules | None = None) -> int:
    """Migrate an archive of an earlier schema in place and in one transaction
    (interrupted, it stays as it was): schema 5 (one compressed row per document) to plain
    tables, its claims and blocking keys carried over as stored; schema 6 (plain tables)
    gains the anchors of wire lineage, read from the stored texts; schema 7 (and 5 and 6)
    the terms of ranked retrieval, read from the stored texts and stories. Returns the
    number of documents."""
    rules = rules or load_rules()
    what = {"5": "plain tables", "6": "wire lineage anchors"}.get(found, "retrieval terms")
    print(f"factcheck: migrating the archive {p} from schema {found} to {SCHEMA} ({what})",
          file=sys.stderr)
    conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        count = (_migrate_v5(conn, rules) if found == "5" else _migrate_v6(conn, rules)
                 if found == "6" else _migrate_v7(conn))
        conn.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA),))
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return count


def _migrate_v6(conn: sqlite3.Connection, rules: Rules) -> int:
    for stmt in _DDL.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    count = 0
    for doc_id, text in conn.cursor().execute("SELECT id, text FROM documents"):
        _write_anchors(conn, doc_id, _anchors_of_text(doc_id, text, rules))
        count += 1
    _migrate_v7(conn)
    return count


def _migrate_v7(conn: sqlite3.Connection) -> int:
    """The terms of ranked retrieval of every stored document without them."""
    for stmt in _DDL.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    count = 0
    read = conn.cursor().execute(
        "SELECT id, date, text FROM documents WHERE id NOT IN (SELECT id FROM term_docs) "
        "ORDER BY rowid")
    seen: set[int] = set()
    for doc_id, date, text in read:
        words = {w for (ws,) in conn.execute("SELECT words FROM stories WHERE doc=?", (doc_id,))
                 for w in ws.split()}
        filed, weighed = terms_of(words, _names(text))
        write_terms(conn, doc_id, day_of(date), filed)
        write_weights(conn, weighed, seen)
        count += 1
    return count


def _migrate_v5(conn: sqlite3.Connection, rules: Rules) -> int:
    conn.execute("ALTER TABLE documents RENAME TO documents_v5")
    conn.execute("ALTER TABLE blocks RENAME TO blocks_v5")
    conn.execute("CREATE INDEX blocks_v5_doc ON blocks_v5 (doc)")
    for stmt in _DDL.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    names = dict(conn.execute("SELECT k, key FROM keys"))
    writer = _Writer(conn, 0)
    count = 0
    read = conn.cursor()
    for (n, doc_id, path, source, date, url, title, digest, chars, seen, blob) in read.execute(
            "SELECT n, id, path, source, date, url, title, hash, chars, seen, body "
            "FROM documents_v5 ORDER BY n"):
        body = _body(blob)
        text = body["text"]
        per: dict[int, list[str]] = {}
        for k, idx in conn.execute("SELECT k, idx FROM blocks_v5 WHERE doc=?", (n,)):
            per.setdefault(idx, []).append(names[k])
        claims = [claim_from_json(c, text) for c in body["claims"]]
        keys = [sorted(per.get(i, [])) for i in range(len(claims))]
        writer.stamp = seen
        writer.write((
            (doc_id, path, source, date, title, url, digest, chars, len(claims), text),
            [claim_row(c, text, ks) for c, ks in zip(claims, keys, strict=True)],
            [(int(i), w) for i, w in sorted(body["stories"].items(), key=lambda x: int(x[0]))],
            keys, _anchors_of_text(doc_id, text, rules),
            terms_of({w for ws in body["stories"].values() for w in ws.split()}, _names(text))))
        count += 1
    conn.execute("DROP TABLE documents_v5")
    conn.execute("DROP TABLE blocks_v5")
    return count


def index_documents(
    documents: Iterable[Document],
    db: str | Path,
    *,
    jobs: int | None = None,
    prune: bool = False,
    rules_dir: str | None = None,
    batch: int = 200,
    progress: Callable[[int, int, int], None] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    rules: Rules | None = None,
) -> dict[str, int]:
    """Index documents into the archive; returns counts (indexed, skipped, pruned, chars).
    ``rules``: rules already loaded, for a run in this process (``jobs=1``); worker
    processes load ``rules_dir``."""
    conn = connect(db, create=True, rules=rules or load_rules(rules_dir))
    stamp = time.time_ns()
    # what is stored already, looked up document by document (a second connection: the
    # pool's feeder thread reads the input), never all ids in memory
    lookup = sqlite3.connect(str(db), timeout=30, check_same_thread=False)
    stats = {"indexed": 0, "skipped": 0, "pruned": 0, "chars": 0, "claims": 0}
    seen: list[str] = []

    def todo() -> Iterator[Document]:
        for d in documents:
            if prune:
                seen.append(d.id)
            row = lookup.execute("SELECT hash FROM documents WHERE id=?", (d.id,)).fetchone()
            if row is not None and row[0] == content_hash(d):
                stats["skipped"] += 1
                continue
            yield d

    jobs = jobs or os.cpu_count() or 1
    pending = 0
    writer = _Writer(conn, stamp)

    def consume(results: Iterable[Rows]) -> None:
        nonlocal pending
        for item in results:
            stats["chars"] += writer.write(item)
            stats["claims"] += len(item[1])
            stats["indexed"] += 1
            pending += 1
            if pending >= batch:
                conn.commit()
                pending = 0
            if progress:
                progress(stats["indexed"], stats["skipped"], stats["chars"])

    try:
        if engine == "dask":
            consume(_dask_results(todo(), jobs=jobs, rules_dir=rules_dir, scheduler=scheduler))
        elif jobs <= 1:
            _init_worker(rules_dir, rules)
            consume(r for batch in _batched(todo(), BATCH) for r in _process_many(batch))
        else:
            # the rules, extractor and pair model built once here: forked workers inherit
            # them (compiled patterns, pint's registry) instead of each building its own
            warm = rules or load_rules(rules_dir)
            get_extractor(warm)
            get_matcher(warm)
            consume(_pool_results(todo(), jobs=jobs, rules_dir=rules_dir))
        conn.commit()
        # prune the documents not seen in this run, if asked
        if prune:
            conn.execute("CREATE TEMP TABLE present (id TEXT PRIMARY KEY)")
            conn.executemany("INSERT OR IGNORE INTO present VALUES (?)", ((i,) for i in seen))
            gone = [r[0] for r in conn.execute(
                "SELECT id FROM documents WHERE id NOT IN (SELECT id FROM present)")]
            for doc_id in gone:
                _delete(conn, doc_id, writer.keys)
            stats["pruned"] = len(gone)
            conn.commit()
    finally:
        lookup.close()
        conn.close()
    return stats


def _process_chunk(docs: list[Document]) -> list[Rows]:
    """A worker's task: the rows of a chunk of documents (their anchors hashed together)."""
    return _process_many(docs)


def _pool_results(docs: Iterable[Document], *, jobs: int,
                  rules_dir: str | None) -> Iterator[Rows]:
    """The documents' rows from ``jobs`` worker processes, in input order. At most
    IN_FLIGHT_PER_JOB documents per worker are read ahead of the writer, so memory stays
    flat however long the input. A worker that dies (killed, out of memory under
    ``ulimit -v``, its start failing under ``ulimit -n``) breaks the pool and raises
    BrokenProcessPool here; multiprocessing.Pool would start another worker and wait
    forever for the lost documents (issue 21)."""
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    limit = max(2, IN_FLIGHT_PER_JOB * jobs // CHUNK)
    it = iter(docs)
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(rules_dir,)) as pool:
        flying: deque[Any] = deque()
        more = True
        while more or flying:
            while more and len(flying) < limit:
                chunk = list(islice(it, CHUNK))
                if not chunk:
                    more = False
                    break
                flying.append(pool.submit(_process_chunk, chunk))
            if flying:
                yield from flying.popleft().result()


def _process_batch(docs: list[Document], rules_dir: str | None) -> list[Any]:
    """A Dask task: the same extraction as the local workers, over one partition."""
    if _WORKER_RULES is None:
        _init_worker(rules_dir)
    return _process_many(docs)


def _dask_results(
    docs: Iterator[Document], *, jobs: int, rules_dir: str | None, scheduler: str | None,
    partition: int = 200,
) -> Iterator[Any]:
    """Run extraction as Dask tasks over partitions of the input, streaming: at most a few
    partitions per worker are in flight, results are written by the caller as they arrive."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError("the dask engine needs the optional extra",
                         hint="pip install 'factcheck[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        window = as_completed()
        in_flight = 0
        limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or jobs)

        def drain(until: int) -> Iterator[Any]:
            nonlocal in_flight
            while in_flight > until:
                fut = next(window)
                in_flight -= 1
                yield from fut.result()

        chunk: list[Document] = []
        for d in docs:
            chunk.append(d)
            if len(chunk) >= partition:
                window.add(client.submit(_process_batch, chunk, rules_dir, pure=False))
                in_flight += 1
                chunk = []
                yield from drain(limit)
        if chunk:
            window.add(client.submit(_process_batch, chunk, rules_dir, pure=False))
            in_flight += 1
        yield from drain(0)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- reading back -----------------------------------------------------------------------------
_SELECT_CLAIMS = f"SELECT {_Q} FROM claims"


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def candidates_for(
    conn: sqlite3.Connection, claims: list[Claim], docs: dict[str, Document], rules: Rules,
) -> tuple[list[Claim], dict[str, Document], dict[tuple[str, int], frozenset[str]]]:
    """Archive claims sharing a selective blocking key with any of ``claims``: for each key
    the most recently indexed ones, so the cost follows the candidates, not the archive."""
    matcher = get_matcher(rules)
    keys = _Keys(conn)
    wanted: set[str] = set()
    for c in claims:
        if c.kind == "quantity" and c.dimension:
            wanted |= matcher.selective_keys(c)
    hits: set[int] = set()
    for key in sorted(wanted):
        k = keys.get(key, create=False)
        if k is None:
            continue
        hits.update(r[0] for r in conn.execute(
            "SELECT claim FROM blocks WHERE k=? ORDER BY claim DESC LIMIT ?",
            (k, MAX_CANDIDATES_PER_KEY)))
    return _claims_of(conn, sorted(hits), read_documents)


def _claims_of(
    conn: sqlite3.Connection, numbers: list[int],
    documents: Callable[[sqlite3.Connection, list[str]], dict[str, Document]],
) -> tuple[list[Claim], dict[str, Document], dict[tuple[str, int], frozenset[str]]]:
    """The archived claims numbered ``numbers``, with their documents (from ``documents``)
    and their documents' story vocabularies."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(numbers):
        rows.extend(conn.execute(
            f"{_SELECT_CLAIMS} WHERE n IN ({','.join('?' * len(chunk))}) ORDER BY n", chunk))
    doc_ids = sorted({r[_ROW["doc"]] for r in rows})
    out_docs = documents(conn, doc_ids)
    story_words: dict[tuple[str, int], frozenset[str]] = {}
    for chunk in _chunks(doc_ids):
        for doc_id, story, words in conn.execute(
                f"SELECT doc, story, words FROM stories WHERE doc IN "
                f"({','.join('?' * len(chunk))})", chunk):
            story_words[(doc_id, story)] = frozenset(words.split())
    found = [claim_from_row(r, out_docs[r[_ROW["doc"]]].text) for r in rows]
    return found, out_docs, story_words


def ranked_candidates(
    conn: sqlite3.Connection, drafts: list[Document], claims: list[Claim],
    story_words: dict[tuple[str, int], frozenset[str]], rules: Rules, *,
    anchored: Sequence[str] = (),
) -> tuple[list[Claim], dict[str, Document], dict[tuple[str, int], frozenset[str]],
           dict[str, Document]]:
    """Archive claims sharing a selective blocking key with any of ``claims``, read only
    from the archived stories most like the drafts (factcheck.retrieve: at most
    tolerances.toml [retrieve] top, best by the rare words and names they share) and the
    stories ``anchored`` (sharing wire-lineage anchors with them); with those claims'
    documents and vocabularies, and every story read. The cost follows the drafts' rare
    terms, not the blocks of common keys (candidates_for, the blocking-key path, read a
    median of 1,105 stories for a 300-word draft of a 20,000-story archive)."""
    from .events import doc_days

    matcher = get_matcher(rules)
    wanted: set[str] = set()
    for c in claims:
        if c.kind == "quantity" and c.dimension:
            wanted |= matcher.selective_keys(c)
    involving = {d.id for d in drafts}
    words = {w for (doc, _n), ws in story_words.items() if doc in involving for w in ws}
    names = _names(" ".join(d.text for d in drafts))
    days = sorted({x for d in drafts for x in doc_days(d)})
    ids = [doc for doc, _score in rank(conn, words, names, days, retrieve_settings(rules))]
    ids += sorted(set(anchored) - set(ids))
    read = read_documents(conn, ids)
    if not wanted:
        return [], {}, {}, read
    out_docs = read
    # the claims' keys first (two columns), then the whole rows of those sharing one
    numbers: list[int] = []
    for chunk in _chunks(list(out_docs)):
        numbers += [n for n, ks in conn.execute(
            f"SELECT n, keys FROM claims WHERE doc IN ({','.join('?' * len(chunk))})", chunk)
            if ks and wanted.intersection(json.loads(ks))]
    found, out_docs, archive_words = _claims_of(
        conn, sorted(numbers), lambda _conn, doc_ids: {d: read[d] for d in doc_ids})
    return found, out_docs, archive_words, read


def anchored_documents(conn: sqlite3.Connection, anchors: dict[str, list[int]],
                       rules: Rules) -> list[str]:
    """The ids of the archived documents sharing wire-lineage anchors with these documents'
    (``anchors``: id -> its anchors; at most MAX_COPIES per document; an anchor in more than
    [copy] max_posting documents is boilerplate and not followed). A document sharing one
    anchor only is kept when that anchor is in at most [retrieve] copy_posting documents:
    one four-word shingle found in dozens of stories ("said in a statement that") is a
    phrase of the trade, not a copied sentence."""
    limit = settings_of(rules).max_posting
    rare = retrieve_settings(rules).copy_posting
    found: set[int] = set()
    for mine in anchors.values():
        hits: dict[int, int] = {}
        close: set[int] = set()  # sharing an anchor of at most `rare` documents
        for h in mine:
            rows = conn.execute("SELECT n FROM anchors WHERE h=? LIMIT ?",
                                (h, limit + 1)).fetchall()
            if len(rows) > limit:
                continue
            for (n,) in rows:
                hits[n] = hits.get(n, 0) + 1
            if len(rows) <= rare:
                close.update(n for (n,) in rows)
        hits = {n: k for n, k in hits.items() if k >= 2 or n in close}
        found.update(n for n, _k in sorted(hits.items(), key=lambda x: -x[1])[:MAX_COPIES])
    numbers = sorted(found)
    ids: list[str] = []
    for chunk in _chunks(numbers):
        ids += [d for (d,) in conn.execute(
            f"SELECT id FROM anchor_docs WHERE n IN ({','.join('?' * len(chunk))})", chunk)]
    return sorted(ids)


def linked_documents(conn: sqlite3.Connection, documents: Sequence[Document],
                     local: dict[str, list[int]], pool: dict[str, Document], rules: Rules,
                     ) -> tuple[list[Document], frozenset[str]]:
    """Wire lineage of an archive check, from the stored anchors: the stories read
    (``pool``) that share an anchor with a document of the report (``documents``), to be
    added to it as candidate copies; and the documents that may take part in lineage (the
    local ones, ``local``: id -> anchors, and every document sharing an anchor with
    another: two anchors, or one in at most [retrieve] copy_posting documents of the
    archive, as in anchored_documents). A document sharing no anchor copies nothing (up to
    the anchors' sampling) and is not fingerprinted (Report.linkable)."""
    shown = {d.id for d in documents}
    anchors = dict(local)
    for chunk in _chunks(sorted((shown | set(pool)) - set(local))):
        for doc_id, blob in conn.execute(
                f"SELECT id, anchors FROM anchor_docs WHERE id IN ({','.join('?' * len(chunk))})",
                chunk):
            anchors[doc_id] = _unpack(blob)
    owners: dict[int, list[str]] = {}
    for doc, hs in anchors.items():
        for h in hs:
            owners.setdefault(h, []).append(doc)
    shared: dict[str, list[int]] = {}  # a document's anchors shared with another, one shown
    for h, docs in owners.items():
        if len(docs) > 1 and any(d in shown for d in docs):
            for d in docs:
                shared.setdefault(d, []).append(h)
    rare = retrieve_settings(rules).copy_posting
    count = "SELECT count(*) FROM (SELECT 1 FROM anchors WHERE h=? LIMIT ?)"
    linked = {d for d, hs in shared.items()
              if len(hs) >= 2 or conn.execute(count, (hs[0], rare + 1)).fetchone()[0] <= rare}
    copies = [pool[d] for d in sorted(linked - shown) if d in pool]
    return copies, frozenset(linked | set(local))


def read_documents(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Document]:
    """The archived documents of these ids (in the order given)."""
    out: dict[str, Document] = {}
    for chunk in _chunks(ids):
        for doc_id, path, source, date, url, title, text in conn.execute(
                "SELECT id, path, source, date, url, title, text FROM documents WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            if not isinstance(text, str) or not isinstance(doc_id, str):
                raise TypeError(f"document {doc_id!r} has no text")  # a damaged row
            out[doc_id] = Document(id=doc_id, text=text, path=path, source=source, date=date,
                                   url=url, title=title)
    return {i: out[i] for i in ids if i in out}


def read_claims(conn: sqlite3.Connection, doc: Document) -> list[Claim]:
    """Every stored claim of one archived document, in the order it was extracted."""
    return [claim_from_row(r, doc.text)
            for r in conn.execute(f"{_SELECT_CLAIMS} WHERE doc=? ORDER BY n", (doc.id,))]


def dated_today(d: Document) -> Document:
    """A draft without a date is about to be published: it is dated today."""
    if d.date:
        return d
    from datetime import date

    return Document(**{**d.__dict__, "date": date.today().isoformat()})


def _same_story(
    archived: list[Claim], archive_docs: dict[str, Document],
    archive_words: dict[tuple[str, int], frozenset[str]], drafts: list[Document],
    story_words: dict[tuple[str, int], frozenset[str]], rules: Rules, *, local: set[str],
    rare_of: Callable[[frozenset[str]], frozenset[str]] = lambda names: names,
) -> tuple[list[Claim], list[str]]:
    """Events first: the archive candidates whose story is the draft's, and the archived
    documents surely of the draft's event, to be read whole (sorted ids).

    An archive story is a candidate only when it tells the draft's story (shared vocabulary
    at least tolerances.toml min_story_overlap, and two shared names, one when the draft
    names one: "San Francisco" alone, or the "Survey" of the U.S. Geological Survey, is no
    sign of the same story), so one start-up's head count is never set against another
    company's, nor a quake's magnitude against another's. A story naming three of the
    draft's names (all when it has fewer), two of them rare (``rare_of``,
    retrieve.rare_names: "Federal", "Reserve" and "Bank" name every Fed story), is surely of
    its event."""
    archived = [c for c in archived if c.doc not in local]
    involving = {d.id for d in drafts}
    mine = frozenset().union(*(w for (doc, _n), w in story_words.items() if doc in involving))
    floor = float(rules.tolerances["match"]["min_story_overlap"])
    names = _names(" ".join(d.text for d in drafts))
    # each candidate story's vocabulary and names, read once
    doc_words: dict[str, set[str]] = {}
    for (doc, _n), w in archive_words.items():
        doc_words.setdefault(doc, set()).update(w)
    their_names = {doc: _names(archive_docs[doc].text) for doc in {c.doc for c in archived}}
    keep = {doc for doc, theirs in their_names.items()
            if related_story(mine, names, frozenset(doc_words.get(doc, ())), theirs, floor=floor)}
    rare = rare_of(names)
    whole = {doc for doc in keep if len(names & their_names[doc]) >= min(3, len(names))
             and len(rare & their_names[doc]) >= min(2, len(rare))} \
        if len(keep) <= MAX_RELATED_STORIES else set()
    return [c for c in archived if c.doc in keep and c.doc not in whole], sorted(whole)


def check_against_archive(
    drafts: list[Document], db: str | Path, *, rules: Rules | None = None,
    references: list[Document] | None = None,
) -> Report:
    """Pairs that involve the drafts, with the archive's candidates (and any other references)."""
    from .pipeline import compare_candidates, extract_with_stories, with_languages

    rules = rules or load_rules()
    drafts = with_languages([dated_today(d) for d in drafts], rules)
    local = drafts + with_languages(references or [], rules)
    small = _small_archive(db)
    if small is not None:
        # one answer, indexed or not: a small archive is checked as its documents would be
        # as files (pipeline.check_documents checks more files than this through an index)
        from .pipeline import analyse

        ids = {d.id for d in local}
        return analyse(local + [d for d in small if d.id not in ids], rules=rules,
                       involving={d.id for d in drafts})
    claims, story_words = extract_with_stories(local, rules)
    by_id = {d.id: d for d in local}
    involving = {d.id for d in drafts}
    lineage = lineage_enabled(rules)
    # the local documents' anchors, sampled as the archive's are
    local_anchors = {d.id: anchors_of(d, rules, every=ANCHOR_EVERY) for d in local} \
        if lineage else {}
    conn = connect(db)
    try:
        draft_claims = [c for c in claims if c.doc in involving]
        anchored = anchored_documents(conn, {d.id: local_anchors[d.id] for d in drafts},
                                      rules) if lineage else []
        archived, archive_docs, archive_words, read = ranked_candidates(
            conn, drafts, draft_claims, story_words, rules, anchored=anchored)
        archived, whole = _same_story(archived, archive_docs, archive_words, drafts,
                                      story_words, rules, local=set(by_id),
                                      rare_of=lambda names: rare_names(
                                          conn, names, max_df=retrieve_settings(rules).max_df))
        # events first, then pairs: a story surely of the draft's event is read whole, so a
        # figure the blocking keys did not retrieve ("a 10-metre dhow") still meets its
        # counterpart
        # (only the figures of a class the draft's figures are of: no other meets one of
        # them in a block, matcher.block_keys)
        dim_class = get_matcher(rules).lex.dim_class
        classes = {dim_class(c) for c in draft_claims if c.kind == "quantity" and c.dimension}
        archived += [c for doc in whole for c in read_claims(conn, archive_docs[doc])
                     if c.kind == "quantity" and c.dimension and dim_class(c) in classes]
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        # a corrupt page, a damaged row: say so rather than check against half
        raise InputError(f"archive is damaged ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:120]})", path=str(db),
                         hint="rebuild it with factcheck index") from None
    finally:
        conn.close()
    all_claims = claims + archived
    all_docs = {**archive_docs, **by_id}
    story_words.update({k: v for k, v in archive_words.items() if k[0] not in by_id})
    cands = get_matcher(rules).pair(all_claims, all_docs, story_words, involving=involving)
    cands = _best_per_claim(cands, involving, MAX_FINDINGS_PER_CLAIM, keep=set(by_id))
    findings = compare_candidates(cands, all_docs, all_claims, rules, involving=involving)
    used = {f.a.doc for f in findings} | {f.b.doc for f in findings} | involving
    documents = tuple(d for d in list(by_id.values()) + list(archive_docs.values()) if d.id in used)
    shown = tuple(c for c in all_claims if c.doc in used)
    linkable = None
    if lineage:
        # wire lineage: the stories read that share stored anchors with the draft or its
        # counterparts (the draft's copies were read whatever their rank); factcheck.lineage
        # then reads them as copies, fingerprinting only the documents that share anchors
        try:
            conn = connect(db)
            try:
                copies, linkable = linked_documents(
                    conn, documents, {d.id: local_anchors[d.id] for d in documents
                                      if d.id in by_id}, read, rules)
            finally:
                conn.close()
        except (sqlite3.DatabaseError, zlib.error, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"archive is damaged ({type(exc).__name__}: "
                             f"{' '.join(str(exc).split())[:120]})", path=str(db),
                             hint="rebuild it with factcheck index") from None
        documents += tuple(copies)
    return Report(documents, shown, tuple(findings), linkable=linkable)


def archived_copies(conn: sqlite3.Connection, local: list[Document], archived: set[str],
                    rules: Rules, *, exclude: set[str]) -> list[Document]:
    """Archived documents sharing anchors with the local documents (the draft and named
    references) or with the archived documents ``archived`` (a check's counterparts): the
    candidates for lineage, at most MAX_COPIES per document. An anchor found in more than
    ``[copy] max_posting`` documents is boilerplate and is not followed."""
    limit = settings_of(rules).max_posting
    wanted: list[list[int]] = [anchors_of(d, rules, every=ANCHOR_EVERY) for d in local]
    named = sorted(archived)
    for i in range(0, len(named), 500):
        chunk = named[i : i + 500]
        q = f"SELECT anchors FROM anchor_docs WHERE id IN ({','.join('?' * len(chunk))})"
        wanted += [_unpack(blob) for (blob,) in conn.execute(q, chunk)]
    found: dict[int, int] = {}
    for anchors in wanted:
        hits: dict[int, int] = {}
        for h in anchors:
            rows = conn.execute("SELECT n FROM anchors WHERE h=? LIMIT ?",
                                (h, limit + 1)).fetchall()
            if len(rows) > limit:
                continue
            for (n,) in rows:
                hits[n] = hits.get(n, 0) + 1
        for n, k in sorted(hits.items(), key=lambda x: -x[1])[:MAX_COPIES]:
            found[n] = max(found.get(n, 0), k)
    numbers = sorted(found)
    ids = []
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        q = f"SELECT id FROM anchor_docs WHERE n IN ({','.join('?' * len(chunk))})"
        ids += [d for (d,) in conn.execute(q, chunk)]
    ids.sort()
    out = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ("SELECT id, path, source, date, url, title, text FROM documents "
             f"WHERE id IN ({','.join('?' * len(chunk))})")
        for doc_id, path, source, date, url, title, text in conn.execute(q, chunk):
            if doc_id not in exclude:
                out.append(Document(id=doc_id, text=text, path=path,
                                    source=source, date=date, url=url, title=title))
    return out


MAX_RELATED_STORIES = 200  # stories of the draft's event read whole (more: blocked claims only)
# One answer, indexed or not: an archive of at most this many documents is read whole and
# checked exactly as the same documents given as files; more reference files than this are
# checked through an index of them (pipeline.check_documents), as an archive is
SMALL_ARCHIVE = 100


def _small_archive(db: str | Path) -> list[Document] | None:
    """Every document of an archive of at most SMALL_ARCHIVE documents, in the order they
    were indexed; None for a larger one."""
    conn = connect(db)
    try:
        if conn.execute("SELECT count(*) FROM (SELECT 1 FROM documents LIMIT ?)",
                        (SMALL_ARCHIVE + 1,)).fetchone()[0] > SMALL_ARCHIVE:
            return None
        ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY rowid")]
        return list(read_documents(conn, ids).values())
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
        raise InputError(f"archive is damaged ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:120]})", path=str(db),
                         hint="rebuild it with factcheck index") from None
    finally:
        conn.close()


def check_against_files(
    drafts: list[Document], references: list[Document], *, rules: Rules | None = None,
) -> Report:
    """Pairs that involve the drafts, against reference documents given as files: more
    than SMALL_ARCHIVE of them are indexed (a temporary archive, one process) and checked
    through the index, so that the answer is the one an archive of them gives."""
    from .pipeline import analyse

    rules = rules or load_rules()
    if len(references) <= SMALL_ARCHIVE:
        return analyse(drafts + references, rules=rules, involving={d.id for d in drafts})
    from .lineage import with_lineage, without_unlinked

    ids = {d.id for d in drafts}
    rep = check_against_archive(drafts, _index_of(references, rules), rules=rules)
    # read through wire lineage as a check against an archive is (pipeline.check_documents)
    return without_unlinked(with_lineage(rep, rules, involving=ids), ids)


# the temporary index of the last set of reference files (several drafts checked one by one
# against the same files index them once); removed when replaced and at exit
_FILES_INDEX: tuple[tuple[Any, ...], Any, Path] | None = None


def _index_of(references: list[Document], rules: Rules) -> Path:
    import tempfile

    global _FILES_INDEX
    key = (id(rules), tuple((d.id, content_hash(d)) for d in references))
    if _FILES_INDEX is None or _FILES_INDEX[0] != key:
        if _FILES_INDEX is not None:
            _FILES_INDEX[1].cleanup()
            _FILES_INDEX = None
        tmp = tempfile.TemporaryDirectory(prefix="factcheck-")
        db = Path(tmp.name) / "references.db"
        index_documents(references, db, jobs=1, rules=rules)
        _FILES_INDEX = (key, tmp, db)
    return _FILES_INDEX[2]


def _best_per_claim(cands: list[Any], involving: set[str], k: int, *,
                    keep: set[str] | None = None) -> list[Any]:
    """For each draft claim, the k archive pairs with the highest match score; pairs with
    the documents given on the command line (``keep``) are all kept: the archive never
    crowds out the references an editor named."""
    named = keep or set()
    by_claim: dict[str, list[Any]] = {}
    always = []
    for c in cands:
        mine = c.a if c.a.doc in involving else c.b
        other = c.b if mine is c.a else c.a
        if other.doc in named:
            always.append(c)
            continue
        by_claim.setdefault(mine.id, []).append(c)
    keep_ids = {id(c) for c in always}
    for group in by_claim.values():
        group.sort(key=lambda c: -c.score)
        keep_ids.update(id(c) for c in group[:k])
    return [c for c in cands if id(c) in keep_ids]


def load_claims(
    db: str | Path, *, since: str | None = None, until: str | None = None,
    source: str | Sequence[str] | None = None, where: str | None = None,
    params: Sequence[Any] | dict[str, Any] | None = None,
) -> Any:
    """The claims of an archive as a pandas DataFrame: the JSON contract's columns, then the
    document's (path, source, date, title, url), in the order they were indexed.

    ``since``/``until``: documents dated on or after / on or before these days (ISO
    ``YYYY-MM-DD``; undated documents are left out when either is given). ``source``: one
    source or several. ``where``: an SQL condition over the columns of ``claims`` and
    ``documents`` (qualify a name both have: ``claims.text``), with ``params`` for its
    ``?`` or ``:name`` placeholders, e.g. ``where="dimension = ? AND value > 1000",
    params=["currency"]``. The filters are applied in SQLite, so a filtered read costs
    what it returns."""
    import pandas as pd

    conds: list[str] = []
    args: list[Any] = []
    if since is not None:
        conds.append("documents.date >= ?")
        args.append(str(since))
    if until is not None:
        # a date with a time of day ("2026-11-29T10:00") is still on that day
        conds.append("documents.date < ?")
        args.append(str(until) + "\uffff")
    if source is not None:
        sources = [source] if isinstance(source, str) else list(source)
        conds.append(f"documents.source IN ({','.join('?' * len(sources))})")
        args.extend(sources)
    named: dict[str, Any] = {}
    if where:
        conds.append(f"({where})")
        if isinstance(params, dict):
            named = dict(params)
        else:
            args.extend(params or ())
    if named and args:
        raise ValueError("load_claims: named params cannot be mixed with since/until/source")
    cols = ", ".join(f'claims."{c}"' for c in _CONTRACT_COLUMNS)
    join = " JOIN documents ON documents.id = claims.doc" if conds else ""
    q = (f"SELECT {cols} FROM claims{join}"
         + (f" WHERE {' AND '.join(conds)}" if conds else "") + " ORDER BY claims.n")
    meta = ", ".join(["id", *DOCUMENT_COLUMNS])
    conn = connect(db)
    try:
        try:
            rows = conn.execute(q, named or args).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"load_claims: {exc} in the query", path=str(db),
                             hint="name columns of claims and documents in where=") from None
        frame = pd.DataFrame.from_records(rows, columns=_CONTRACT_COLUMNS, coerce_float=False)
        del rows
        # the document columns: read once per document and joined here (a join in SQL
        # makes one Python object per claim and column)
        if conds:
            ids = list(frame["doc"].unique())
            docs = [r for chunk in _chunks(ids) for r in conn.execute(
                f"SELECT {meta} FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                chunk)]
        else:
            docs = conn.execute(f"SELECT {meta} FROM documents").fetchall()
    finally:
        conn.close()
    table = pd.DataFrame.from_records(docs, columns=["doc", *DOCUMENT_COLUMNS])
    frame = frame.merge(table, on="doc", how="left", sort=False)
    frame["unit_ambiguous"] = frame["unit_ambiguous"].astype(bool)
    return frame


def extract_frame(texts: Iterable[str | Document], *, rules: Rules | None = None) -> Any:
    """Claims of some texts (or Documents) as a pandas DataFrame with the contract's columns."""
    import pandas as pd

    extractor = get_extractor(rules or load_rules())
    rows = []
    for i, t in enumerate(texts):
        doc = t if isinstance(t, Document) else Document(id=str(i), text=t)
        rows.extend(c.to_json() for c in extractor.extract(doc))
    return pd.DataFrame(rows, columns=_CONTRACT_COLUMNS)


