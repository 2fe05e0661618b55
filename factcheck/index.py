"""Indexing an archive: documents extracted (in worker processes, streaming) into the
rows of the store, written document by document with their claims, stories, blocking keys,
lineage anchors and retrieval terms."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from .archive import ANCHOR_EVERY, _Keys, _pack, _unpack, connect
from .codec import _Q, CLAIM_COLUMNS, claim_row, content_hash
from .errors import InputError
from .events import names as _names
from .extract import get_extractor
from .lineage import anchors_of_many
from .lineage import enabled as lineage_enabled
from .match import get_matcher
from .models import Document
from .retrieve import (
    day_of,
    delete_terms,
    terms_of,
    write_terms,
    write_weights,
)
from .rules import Rules, load_rules
from .segment import content_words, segment_document

CHUNK = 8  # documents sent to a worker process at once
BATCH = 32  # documents extracted at once in one process (their lineage anchors hashed together)
IN_FLIGHT_PER_JOB = 64  # documents read ahead of the writer, per worker process

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
