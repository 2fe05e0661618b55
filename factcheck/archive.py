"""The archive store: years of stories in one SQLite file, checked in well under a second.

This module keeps storage only: the schema (``SCHEMA``, the tables of ``_DDL``), opening an
archive read-only for a check or read-write for indexing (``connect``: foreign files and
older schemas refused or migrated), the candidates a check reads (``candidates_for``
through the blocking-key index, ``ranked_candidates`` through ranked retrieval, the
documents sharing wire-lineage anchors) and the stored documents and claims read back;
``ArchiveStore`` holds these behind one object. The stages around it, loaded when used:

- ``factcheck.index``: ``index_documents`` extracts the claims of every document (on all
  cores, streaming, so memory stays flat) and writes them in plain SQLite tables (standard
  library, one file, no server; WAL journal) that any SQLite tool can query: ``documents``
  (one row per document: id, path, source, date, title, url, hash and its text) and
  ``claims`` (one row per stored figure: every column of the JSON contract, line and column
  included, plus what rebuilds the claim), with ``stories`` (each story's vocabulary) and
  the blocking-key index ``keys`` and ``blocks``. Each document is written in the same
  transaction as its claims, batches are committed as they complete, so a run killed at any
  moment (even ``kill -9``) leaves a consistent store, and running it again completes it:
  documents already stored with the same content hash are skipped, changed ones are
  replaced, and ``prune`` removes the ones no longer present.
- ``factcheck.migrate``: an archive of schema 5-7 is migrated in place by an index run.
- ``factcheck.codec``: a claim as a row of the claims table and back.
- ``factcheck.check``: ``check_against_archive`` pairs a draft's claims with candidate
  claims fetched through the store, so a check costs in proportion to the candidates, not
  to the archive; ``check_against_files`` checks against reference files.
- ``factcheck.frames``: ``load_claims`` reads the claims as a pandas DataFrame, filtered in
  SQL.

Their names are importable from here too, loaded on first use (not at import).
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

from .codec import (  # noqa: F401 - re-exported: the codec's names as they were imported here
    _CONTRACT_COLUMNS,
    _Q,
    _ROW,
    CLAIM_COLUMNS,
    DOCUMENT_COLUMNS,
    claim_from_json,
    claim_from_row,
    claim_row,
    claim_to_json,
    content_hash,
)
from .errors import InputError
from .events import names as _names
from .lineage import settings_of
from .match import get_matcher
from .models import Claim, Document
from .retrieve import DDL as _RETRIEVE_DDL
from .retrieve import TABLES as _RETRIEVE_TABLES
from .retrieve import (
    rank,
)
from .retrieve import settings_of as retrieve_settings
from .rules import Rules

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
                from .migrate import migrate  # the indexer, loaded only to migrate

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


def _pack(anchors: Sequence[int]) -> bytes:
    return array("q", sorted(set(anchors))).tobytes()


def _unpack(blob: bytes) -> list[int]:
    a = array("q")
    a.frombytes(blob)
    return a.tolist()


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


# One answer, indexed or not: an archive of at most this many documents is read whole and
# checked exactly as the same documents given as files; more reference files than this are
# checked through an index of them (pipeline.check_documents), as an archive is
SMALL_ARCHIVE = 100


class ArchiveStore:
    """One archive file: opened read-only for a check (``open``) or read-write for indexing
    (``index``), its candidates and stored documents and claims read through one connection,
    opened on first use. A context manager: ``with ArchiveStore.open(db) as store: ...``."""

    def __init__(self, path: str | Path, conn: sqlite3.Connection | None = None) -> None:
        self.path = Path(path)
        self._conn = conn

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False,
             rules: Rules | None = None) -> ArchiveStore:
        """The archive at ``path``, checked (and with ``create``, made or migrated) now."""
        return cls(path, connect(path, create=create, rules=rules))

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def index(self, documents: Iterable[Document], **options: Any) -> dict[str, int]:
        """Index documents into this archive (factcheck.index.index_documents, its options);
        the store's own connection is closed first and reopened when next used."""
        from .index import index_documents

        self.close()
        return index_documents(documents, self.path, **options)

    def candidates(self, claims: list[Claim], docs: dict[str, Document], rules: Rules,
                   ) -> tuple[list[Claim], dict[str, Document],
                              dict[tuple[str, int], frozenset[str]]]:
        """The stored claims sharing a selective blocking key with ``claims``."""
        return candidates_for(self.conn, claims, docs, rules)

    def ranked(self, drafts: list[Document], claims: list[Claim],
               story_words: dict[tuple[str, int], frozenset[str]], rules: Rules, *,
               anchored: Sequence[str] = ()) -> tuple[
                   list[Claim], dict[str, Document], dict[tuple[str, int], frozenset[str]],
                   dict[str, Document]]:
        """The ranked candidates of the drafts (see :func:`ranked_candidates`)."""
        return ranked_candidates(self.conn, drafts, claims, story_words, rules,
                                 anchored=anchored)

    def read_documents(self, ids: Sequence[str]) -> dict[str, Document]:
        return read_documents(self.conn, ids)

    def read_claims(self, doc: Document) -> list[Claim]:
        return read_claims(self.conn, doc)

    def load_claims(self, **filters: Any) -> Any:
        """The stored claims as a pandas DataFrame (factcheck.frames.load_claims)."""
        from .frames import load_claims

        return load_claims(self.path, **filters)


# the names that moved to the modules around the store, importable from here as before
_MOVED = {
    "index": ("CHUNK", "BATCH", "IN_FLIGHT_PER_JOB", "Rows", "index_documents"),
    "migrate": ("migrate",),
    "check": ("MAX_FINDINGS_PER_CLAIM", "MAX_RELATED_STORIES", "check_against_archive",
              "check_against_files", "dated_today"),
    "frames": ("load_claims", "extract_frame"),
}
_MOVED_TO = {name: module for module, names in _MOVED.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MOVED_TO.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__package__}.{module}"), name)
