"""An archive index: years of stories in one SQLite file, checked in well under a second.

``index_documents`` extracts the claims of every document (on all cores, streaming, so
memory stays flat) and stores documents, claims, story vocabularies and blocking keys in a
SQLite database (standard library, one file, no server; WAL journal). Each document is
written in the same transaction as its claims, batches are committed as they complete, so a
run killed at any moment (even ``kill -9``) leaves a consistent store, and running it again
completes it: documents already stored with the same content hash are skipped, changed ones
are replaced, and ``prune`` removes the ones no longer present.

``check_against_archive`` pairs a draft's claims with candidate claims fetched through the
blocking-key index (dimension plus named entity, measure word, concept group or counted
noun), so a check costs in proportion to the candidates, not to the archive.
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import InputError
from .events import names as _names
from .events import related as related_story
from .extract import get_extractor
from .lineage import anchors_of, settings_of
from .lineage import enabled as lineage_enabled
from .match import get_matcher
from .models import Claim, Document, Report
from .rules import Rules, load_rules
from .segment import content_words, segment_document

SCHEMA = 6  # 6: the anchors table of wire lineage (factcheck.lineage)
MAX_CANDIDATES_PER_KEY = 300  # the most recently indexed claims of each block
MAX_FINDINGS_PER_CLAIM = 5  # per draft claim, the best-matching archive figures

# One row per document holds its text, its claims and its story vocabularies, compressed:
# a document and everything derived from it are written (and replaced) together. The
# blocking keys are interned integers in a table without rowids: (key, doc, claim index).
_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT, source TEXT, date TEXT,
    url TEXT, title TEXT, hash TEXT NOT NULL, chars INTEGER NOT NULL, claims INTEGER NOT NULL,
    seen INTEGER NOT NULL, body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS keys (k INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS blocks (
    k INTEGER NOT NULL, doc INTEGER NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (k, doc, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS anchors (
    h INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (h, doc)
) WITHOUT ROWID;
"""
# wire lineage: the archive keeps one in ANCHOR_EVERY of a run's anchors (factcheck.lineage),
# a subset of them, so a draft's copies are found by point look-ups, never by a scan
ANCHOR_EVERY = 2
MAX_COPIES = 50  # archived copies read per document (of the draft, of each counterpart)

_CLAIM_FIELDS = [f.name for f in fields(Claim)]
_DECIMALS = {"value", "low", "high"}
_TUPLES = {"concept_keys", "context"}


def claim_to_json(c: Claim, *, with_sentence: bool = True) -> str:
    """A claim as compact JSON; in the store the sentence is rebuilt from the document."""
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
_TABLES = {"meta", "documents", "keys", "blocks", "anchors"}


def _check_archive(conn: sqlite3.Connection, p: Path, *, allow_empty: bool = False) -> None:
    """Refuse an SQLite file that is not a factcheck archive of this schema: another
    application's database (by its application id, or tables without factcheck's)."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    if app not in (0, APPLICATION_ID):
        raise InputError(f"not a factcheck archive (SQLite application id {app:#x})",
                         path=str(p), hint="another application's database; name the "
                         "archive built with factcheck index")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = _TABLES - tables
    if missing and not (allow_empty and not tables):
        what = "an empty SQLite file" if not tables else "another application's SQLite database"
        raise InputError(f"not a factcheck archive ({what}: no {', '.join(sorted(missing))} "
                         "table)", path=str(p), hint="build one with factcheck index --db FILE")
    row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    if row is None or row[0] != str(SCHEMA):
        raise InputError(f"archive schema {row[0] if row else 'missing'}, expected {SCHEMA}",
                         path=str(p), hint="rebuild it with factcheck index")


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


def connect(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """An archive: read-only for a check, read-write (made when missing) with ``create``.
    Anything else than a factcheck archive of this schema is refused, never written to."""
    p = Path(path)
    if not create and not p.is_file():
        raise InputError("archive not found", path=str(p), hint="build it with factcheck index")
    try:
        size = p.stat().st_size if p.exists() else 0
        if not create or size:
            with p.open("rb") as fh:
                head = fh.read(16)
            if head != b"SQLite format 3\x00":
                raise InputError(
                    "not a factcheck archive (" + ("an empty file" if not size else
                                                   f"not an SQLite file, {size:,} bytes") + ")",
                    path=str(p), hint="build one with factcheck index --db FILE")
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
            if size:
                _check_archive(conn, p, allow_empty=True)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
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


def _init_worker(rules_dir: str | None) -> None:
    global _WORKER_RULES
    _WORKER_RULES = load_rules(rules_dir)


def _process(doc: Document) -> tuple[Document, str, bytes, int, list[tuple[int, list[str]]]]:
    """Extract one document: its compressed body (text, claims, story words), the number of
    claims and each claim's blocking keys."""
    rules = _WORKER_RULES or load_rules()
    seg = segment_document(doc)
    claims = get_extractor(rules).extract(doc, seg)
    matcher = get_matcher(rules)
    stored: list[str] = []
    keys: list[tuple[int, list[str]]] = []
    for c in claims:
        if c.kind != "quantity" or not c.dimension:
            continue  # dates, years, identifiers are never paired: not stored
        # only what the blocking keys need; the rest of the match features is computed at
        # check time for the few candidates (cheaper than storing them for every claim)
        keys.append((len(stored), sorted(matcher.selective_keys(c))))
        # the sentence is rebuilt from the text, unless it was read across soft line
        # breaks (Markdown, hard-wrapped text): then it is the view, stored as read
        as_written = c.sentence == doc.text[c.sentence_start : c.sentence_start + len(c.sentence)]
        stored.append(claim_to_json(c, with_sentence=not as_written))
    stories = {str(st.index): " ".join(sorted(content_words(doc.text[st.start : st.end])))
               for st in seg.stories}
    anchors = anchors_of(doc, rules, every=ANCHOR_EVERY, seg=seg) if lineage_enabled(rules) \
        else []
    body = json.dumps({"text": doc.text, "claims": stored, "stories": stories,
                       "keys": [k for _, ks in keys for k in ks], "anchors": anchors},
                      ensure_ascii=False, separators=(",", ":"))
    blob = zlib.compress(body.encode("utf-8", "surrogatepass"), 6)
    return doc, content_hash(doc), blob, len(stored), keys, anchors


def _body(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))


class _Keys:
    """Interned blocking keys (text -> integer), cached per connection."""

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
            self.ids[key] = k  # type: ignore[assignment]
        return k


def _delete(conn: sqlite3.Connection, doc_id: str, keys: _Keys) -> None:
    row = conn.execute("SELECT n, body FROM documents WHERE id=?", (doc_id,)).fetchone()
    if row is None:
        return
    n, blob = row
    body = _body(blob)
    for key in set(body.get("keys", [])):
        k = keys.get(key, create=False)
        if k is not None:
            conn.execute("DELETE FROM blocks WHERE k=? AND doc=?", (k, n))
    conn.executemany("DELETE FROM anchors WHERE h=? AND doc=?",
                     [(h, n) for h in body.get("anchors", [])])
    conn.execute("DELETE FROM documents WHERE n=?", (n,))


def _write(conn: sqlite3.Connection, item: Any, stamp: int, keys: _Keys) -> int:
    doc, digest, blob, count, claim_keys, anchors = item
    _delete(conn, doc.id, keys)
    n = conn.execute(
        "INSERT INTO documents (id, path, source, date, url, title, hash, chars, claims, seen, body)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (doc.id, doc.path, doc.source, doc.date, doc.url, doc.title, digest, len(doc.text),
         count, stamp, blob),
    ).lastrowid
    conn.executemany(
        "INSERT OR IGNORE INTO blocks VALUES (?,?,?)",
        [(keys.get(k, create=True), n, idx) for idx, ks in claim_keys for k in ks],
    )
    conn.executemany("INSERT OR IGNORE INTO anchors VALUES (?,?)", [(h, n) for h in anchors])
    return len(doc.text)


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
) -> dict[str, int]:
    """Index documents into the archive; returns counts (indexed, skipped, pruned, chars)."""
    conn = connect(db, create=True)
    stamp = time.time_ns()
    known = dict(conn.execute("SELECT id, hash FROM documents"))
    stats = {"indexed": 0, "skipped": 0, "pruned": 0, "chars": 0, "claims": 0}
    seen: list[str] = []

    def todo() -> Iterator[Document]:
        for d in documents:
            seen.append(d.id)
            if known.get(d.id) == content_hash(d):
                stats["skipped"] += 1
                continue
            yield d

    jobs = jobs or os.cpu_count() or 1
    pending = 0
    interned = _Keys(conn)

    def consume(results: Iterable[Any]) -> None:
        nonlocal pending
        for item in results:
            stats["chars"] += _write(conn, item, stamp, interned)
            stats["claims"] += item[3]
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
            _init_worker(rules_dir)
            consume(map(_process, todo()))
        else:
            ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
            with ctx.Pool(jobs, initializer=_init_worker, initargs=(rules_dir,)) as pool:
                consume(pool.imap(_process, todo(), chunksize=8))
        conn.commit()
        # mark skipped documents as seen in this run, then prune the rest if asked
        if prune:
            conn.execute("CREATE TEMP TABLE present (id TEXT PRIMARY KEY)")
            conn.executemany("INSERT OR IGNORE INTO present VALUES (?)", ((i,) for i in seen))
            gone = [r[0] for r in conn.execute(
                "SELECT id FROM documents WHERE id NOT IN (SELECT id FROM present)")]
            for doc_id in gone:
                _delete(conn, doc_id, interned)
            stats["pruned"] = len(gone)
            conn.commit()
    finally:
        conn.close()
    return stats


def _process_batch(docs: list[Document], rules_dir: str | None) -> list[Any]:
    """A Dask task: the same extraction as the local workers, over one partition."""
    if _WORKER_RULES is None:
        _init_worker(rules_dir)
    return [_process(d) for d in docs]


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
def candidates_for(
    conn: sqlite3.Connection, claims: list[Claim], docs: dict[str, Document], rules: Rules,
    *, every: dict[str, _LazyClaims] | None = None,
) -> tuple[list[Claim], dict[str, Document], dict[tuple[str, int], frozenset[str]]]:
    """Archive claims sharing a selective blocking key with any of ``claims``: for each key
    the most recently indexed ones, so the cost follows the candidates, not the archive."""
    matcher = get_matcher(rules)
    keys = _Keys(conn)
    wanted: set[str] = set()
    for c in claims:
        if c.kind == "quantity" and c.dimension:
            wanted |= matcher.selective_keys(c)
    hits: dict[int, set[int]] = {}
    for key in sorted(wanted):
        k = keys.get(key, create=False)
        if k is None:
            continue
        for doc, idx in conn.execute(
            "SELECT doc, idx FROM blocks WHERE k=? ORDER BY doc DESC LIMIT ?",
            (k, MAX_CANDIDATES_PER_KEY),
        ):
            hits.setdefault(doc, set()).add(idx)
    found: list[Claim] = []
    out_docs: dict[str, Document] = {}
    story_words: dict[tuple[str, int], frozenset[str]] = {}
    numbers = sorted(hits)
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        q = ("SELECT n, id, path, source, date, url, title, body FROM documents "
             f"WHERE n IN ({','.join('?' * len(chunk))})")
        for n, doc_id, path, source, date, url, title, blob in conn.execute(q, chunk):
            body = _body(blob)
            out_docs[doc_id] = Document(id=doc_id, text=body["text"], path=path, source=source,
                                        date=date, url=url, title=title)
            for idx in sorted(hits[n]):
                found.append(claim_from_json(body["claims"][idx], body["text"]))
            if every is not None:
                # every claim of the document, read only if its story turns out to be the
                # draft's (events first): a lazy reader keeps unrelated documents cheap
                every[doc_id] = _LazyClaims(body)
            for idx, words in body["stories"].items():
                story_words[(doc_id, int(idx))] = frozenset(words.split())
    return found, out_docs, story_words


class _LazyClaims:
    """The claims of one archived document, built when first asked for."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def claims(self) -> list[Claim]:
        return [claim_from_json(c, self.body["text"]) for c in self.body["claims"]]


def dated_today(d: Document) -> Document:
    """A draft without a date is about to be published: it is dated today."""
    if d.date:
        return d
    from datetime import date

    return Document(**{**d.__dict__, "date": date.today().isoformat()})


def check_against_archive(
    drafts: list[Document], db: str | Path, *, rules: Rules | None = None,
    references: list[Document] | None = None,
) -> Report:
    """Pairs that involve the drafts, with the archive's candidates (and any other references)."""
    from .pipeline import compare_candidates, extract_with_stories

    rules = rules or load_rules()
    drafts = [dated_today(d) for d in drafts]
    local = drafts + (references or [])
    claims, story_words = extract_with_stories(local, rules)
    by_id = {d.id: d for d in local}
    conn = connect(db)
    try:
        draft_claims = [c for c in claims if c.doc in {d.id for d in drafts}]
        every: dict[str, _LazyClaims] = {}
        archived, archive_docs, archive_words = candidates_for(conn, draft_claims, by_id, rules,
                                                               every=every)
    except (sqlite3.DatabaseError, zlib.error, ValueError, KeyError, TypeError) as exc:
        # a corrupt page, a damaged compressed row: say so rather than check against half
        raise InputError(f"archive is damaged ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:120]})", path=str(db),
                         hint="rebuild it with factcheck index") from None
    finally:
        conn.close()
    archived = [c for c in archived if c.doc not in by_id]
    # events first: an archive story is a candidate only when it tells the draft's story
    # (shared vocabulary at least tolerances.toml min_story_overlap), so one start-up's head
    # count is never set against another company's, nor a quake's magnitude against another's
    involving = {d.id for d in drafts}
    mine = frozenset().union(*(w for (doc, _n), w in story_words.items() if doc in involving))
    floor = float(rules.tolerances["match"]["min_story_overlap"])

    names = _names(" ".join(d.text for d in drafts))
    # each candidate story's vocabulary and names, read once
    doc_words: dict[str, set[str]] = {}
    for (doc, _n), w in archive_words.items():
        doc_words.setdefault(doc, set()).update(w)
    their_names = {doc: _names(archive_docs[doc].text) for doc in {c.doc for c in archived}}
    # two shared names (one when the draft names one): "San Francisco" alone, or the
    # "Survey" of the U.S. Geological Survey, is no sign of the same story
    keep = {doc for doc, theirs in their_names.items()
            if related_story(mine, names, frozenset(doc_words.get(doc, ())), theirs, floor=floor)}
    # events first, then pairs: a story surely of the draft's event (three of its names, all
    # when it has fewer) is read whole, so a figure the blocking keys did not retrieve ("a
    # 10-metre dhow") still meets its counterpart
    whole = {doc for doc in keep if len(names & their_names[doc]) >= min(3, len(names))} \
        if len(keep) <= MAX_RELATED_STORIES else set()
    archived = [c for c in archived if c.doc in keep and c.doc not in whole] + [
        c for doc in sorted(whole) for c in every[doc].claims() if c.kind == "quantity"]
    all_claims = claims + archived
    all_docs = {**archive_docs, **by_id}
    story_words.update({k: v for k, v in archive_words.items() if k[0] not in by_id})
    cands = get_matcher(rules).pair(all_claims, all_docs, story_words, involving=involving)
    cands = _best_per_claim(cands, involving, MAX_FINDINGS_PER_CLAIM, keep=set(by_id))
    findings = compare_candidates(cands, all_docs, all_claims, rules, involving=involving)
    used = {f.a.doc for f in findings} | {f.b.doc for f in findings} | involving
    documents = tuple(d for d in list(by_id.values()) + list(archive_docs.values()) if d.id in used)
    shown = tuple(c for c in all_claims if c.doc in used)
    if lineage_enabled(rules):
        # wire lineage: the archived copies of the draft and of its counterparts, through
        # the anchors index (point look-ups); factcheck.lineage then reads them as copies
        try:
            conn = connect(db)
            try:
                copies = archived_copies(conn, [d for d in documents if d.id in by_id],
                                         {d.id for d in documents if d.id not in by_id},
                                         rules, exclude={d.id for d in documents})
            finally:
                conn.close()
        except (sqlite3.DatabaseError, zlib.error, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"archive is damaged ({type(exc).__name__}: "
                             f"{' '.join(str(exc).split())[:120]})", path=str(db),
                             hint="rebuild it with factcheck index") from None
        documents += tuple(copies)
    return Report(documents, shown, tuple(findings))


def archived_copies(conn: sqlite3.Connection, local: list[Document], archived: set[str],
                    rules: Rules, *, exclude: set[str]) -> list[Document]:
    """Archived documents sharing anchors with the local documents (the draft and named
    references) or with the archived documents ``archived`` (a check's counterparts): the
    candidates for lineage, at most MAX_COPIES per document. An anchor found in more than
    ``[copy] max_posting`` documents is boilerplate and is not followed."""
    limit = settings_of(rules).max_posting
    wanted: list[list[int]] = [anchors_of(d, rules, every=ANCHOR_EVERY) for d in local]
    if archived:
        ids = sorted(archived)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT body FROM documents WHERE id IN ({','.join('?' * len(chunk))})"
            wanted += [_body(blob).get("anchors", []) for (blob,) in conn.execute(q, chunk)]
    found: dict[int, int] = {}
    for anchors in wanted:
        hits: dict[int, int] = {}
        for h in anchors:
            rows = conn.execute("SELECT doc FROM anchors WHERE h=? LIMIT ?",
                                (h, limit + 1)).fetchall()
            if len(rows) > limit:
                continue
            for (n,) in rows:
                hits[n] = hits.get(n, 0) + 1
        for n, k in sorted(hits.items(), key=lambda x: -x[1])[:MAX_COPIES]:
            found[n] = max(found.get(n, 0), k)
    out = []
    numbers = sorted(found)
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        q = ("SELECT id, path, source, date, url, title, body FROM documents "
             f"WHERE n IN ({','.join('?' * len(chunk))})")
        for doc_id, path, source, date, url, title, blob in conn.execute(q, chunk):
            if doc_id not in exclude:
                out.append(Document(id=doc_id, text=_body(blob)["text"], path=path,
                                    source=source, date=date, url=url, title=title))
    return out


MAX_RELATED_STORIES = 200  # stories of the draft's event read whole (more: blocked claims only)


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


def load_claims(db: str | Path) -> Any:
    """All claims of an archive as a pandas DataFrame with the JSON contract's columns."""
    import pandas as pd

    conn = connect(db)
    try:
        rows = []
        for (blob,) in conn.execute("SELECT body FROM documents ORDER BY n"):
            body = _body(blob)
            rows.extend(claim_from_json(c, body["text"]).to_json() for c in body["claims"])
    finally:
        conn.close()
    return pd.DataFrame(rows, columns=_CONTRACT_COLUMNS)


def extract_frame(texts: Iterable[str | Document], *, rules: Rules | None = None) -> Any:
    """Claims of some texts (or Documents) as a pandas DataFrame with the contract's columns."""
    import pandas as pd

    extractor = get_extractor(rules or load_rules())
    rows = []
    for i, t in enumerate(texts):
        doc = t if isinstance(t, Document) else Document(id=str(i), text=t)
        rows.extend(c.to_json() for c in extractor.extract(doc))
    return pd.DataFrame(rows, columns=_CONTRACT_COLUMNS)


_CONTRACT_COLUMNS = [
    "id", "doc", "start", "end", "text", "sentence", "kind", "value", "low", "high", "unit",
    "dimension", "si_value", "si_unit", "bound", "change", "concept", "attribution", "time",
    "scope", "surface_unit", "unit_ambiguous", "role", "line", "column",
]
