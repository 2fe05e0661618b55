"""Ranked retrieval: the archived stories most like a draft, found before any pairing.

A check against an archive pairs the draft's figures only with the figures of the stories
that tell its story. Finding them by the figures' blocking keys alone reads every story that
mentions a "share price" or a "profit" (a median of 1,105 stories of a 20,000-story
archive for a 300-word draft), and pairing then scores thousands of pairs it discards. So
the archive is first asked for the stories, ranked:

- **Index.** Every archived document is filed under its *terms*: its content words and its
  names (``@name``, as :mod:`factcheck.events` tokenises them) whose background rarity
  (wordfreq, :func:`factcheck.events.background`) is at least ``INDEX_RARE``; common words
  ("said", "percent") identify no story and are not filed. A term is stored as a 64-bit
  hash (tables ``terms (h, n)`` and ``term_docs (n, id, day, size, terms)``, schema 8),
  and every term seen, common or not, with its background weight (``term_weights (h,
  w)``): a check reads the weights there, so it never loads wordfreq (its import and word
  list cost a cold check about 0.3 s). A term the archive has never seen is in no story.
- **Score.** A story's score is a BM25 sum over the draft's terms it shares: each term
  weighs its background rarity (names ``names`` times more) times its rarity in the
  archive (``log(1 + (N - df + 0.5) / (df + 0.5))``), saturated by the story's length
  (``k1``, ``b``: a long story sharing many terms by chance does not outrank a short one
  about the draft); a term filed under more than ``max_df`` stories identifies no story and
  is not read. A story dated more than ``window`` days from every day the draft speaks
  from weighs ``far`` times its score.
- **Keep.** The ``top`` best stories (rules/tolerances.toml ``[retrieve]``), and then
  :mod:`factcheck.archive` adds every story sharing wire-lineage anchors with the draft
  (two anchors, or one found in at most ``copy_posting`` stories: a four-word shingle in
  dozens of stories is a phrase of the trade) and applies the events-first rule (shared
  vocabulary and names) to what it reads.

The score is computed in SQL (one grouped join over the draft's term postings), so the cost
follows the postings of the draft's rare terms, not the archive.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .events import background

# a term is filed when its background weight (7 - Zipf frequency) is at least this: the
# blocking threshold of events (BLOCK_RARE), a word rarer than about 1 in 30,000 words of
# English. Changing it changes what an index holds (a new schema, not a rule)
INDEX_RARE = 2.5

DDL = """
CREATE TABLE IF NOT EXISTS term_docs (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE REFERENCES documents (id),
    day INTEGER, size INTEGER NOT NULL, terms BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS term_docs_size ON term_docs (size);
CREATE TABLE IF NOT EXISTS terms (
    h INTEGER NOT NULL, n INTEGER NOT NULL REFERENCES term_docs (n), PRIMARY KEY (h, n)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS term_weights (h INTEGER PRIMARY KEY, w REAL NOT NULL);
"""
TABLES = {"terms", "term_docs", "term_weights"}


@dataclass(frozen=True)
class Settings:
    """rules/tolerances.toml [retrieve] (see the module; the file sets every key, and the
    file's comments say why each value)."""

    top: int
    max_df: int
    names: float
    k1: float
    b: float
    window: int
    far: float
    pool: int  # stories scored by length and date (the best by the plain sum)
    copy_posting: int  # one shared lineage anchor links two stories when this rare


def settings_of(rules: Any) -> Settings:
    from .rules import load_rules

    table = (rules or load_rules()).tolerances["retrieve"]
    return Settings(**{k: table[k] for k in Settings.__dataclass_fields__})


def term_hash(term: str) -> int:
    """A term as a signed 64-bit integer (stable across processes, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


def weighted_terms(words: Iterable[str], names: Iterable[str], *,
                   names_weight: float = 1.0) -> dict[str, float]:
    """The rare terms of a text (content words, and ``@name`` for each name) with their
    background weights, names weighing ``names_weight`` times more."""
    out: dict[str, float] = {}
    for w in words:
        bg = background(w)
        if bg >= INDEX_RARE:
            out[w] = bg
    for n in names:
        t = "@" + n.lower()
        bg = background(t)
        if bg >= INDEX_RARE:
            out[t] = bg * names_weight
    return out


def _tokens(words: Iterable[str], names: Iterable[str]) -> set[str]:
    return set(words) | {"@" + n.lower() for n in names}


def terms_of(words: Iterable[str],
             names: Iterable[str]) -> tuple[list[int], list[tuple[int, float]]]:
    """The hashed terms a document is filed under (sorted, distinct), and every term of it
    with its background weight (for term_weights)."""
    weighed = [(term_hash(t), background(t)) for t in _tokens(words, names)]
    return sorted({h for h, w in weighed if w >= INDEX_RARE}), weighed


def write_weights(conn: sqlite3.Connection, weighed: Sequence[tuple[int, float]],
                  seen: set[int]) -> None:
    """Terms' background weights not yet written (``seen``: those written by this run)."""
    new = [(h, w) for h, w in weighed if h not in seen]
    if new:
        conn.executemany("INSERT OR IGNORE INTO term_weights VALUES (?,?)", new)
        seen.update(h for h, _w in new)


def stored_weights(conn: sqlite3.Connection, tokens: Iterable[str]) -> dict[str, float]:
    """The background weights the archive holds for these terms (a term it has never seen
    is left out)."""
    by_hash = {term_hash(t): t for t in tokens}
    out: dict[str, float] = {}
    hashes = list(by_hash)
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        for h, w in conn.execute(f"SELECT h, w FROM term_weights WHERE h IN "
                                 f"({','.join('?' * len(chunk))})", chunk):
            out[by_hash[h]] = w
    return out


def rare_names(conn: sqlite3.Connection, names: frozenset[str], *,
               max_df: int) -> frozenset[str]:
    """The names that identify a story: rarer than common words (background weight at
    least INDEX_RARE, as the archive stores it; a name it has never seen is rare) and filed
    under at most ``max_df`` of its stories, or all of them when none is. "Federal",
    "Reserve" and "Bank" name every Fed story, "Reuters" every Reuters story; "Plosser"
    names a few."""
    weights = stored_weights(conn, ["@" + n.lower() for n in names])
    count = "SELECT count(*) FROM (SELECT 1 FROM terms WHERE h=? LIMIT ?)"
    out = set()
    for n in names:
        t = "@" + n.lower()
        if weights.get(t, INDEX_RARE) < INDEX_RARE:
            continue
        if t in weights and conn.execute(count, (term_hash(t), max_df + 1)).fetchone()[0] > max_df:
            continue
        out.add(n)
    return frozenset(out) or names


def pack(terms: Sequence[int]) -> bytes:
    return array("q", terms).tobytes()


def unpack(blob: bytes) -> list[int]:
    a = array("q")
    a.frombytes(blob)
    return a.tolist()


def write_terms(conn: sqlite3.Connection, doc_id: str, day: int | None,
                terms: Sequence[int]) -> None:
    """A document's terms: its row in term_docs, then its (term, number) postings."""
    n = conn.execute("INSERT INTO term_docs (id, day, size, terms) VALUES (?,?,?,?)",
                     (doc_id, day, len(terms), pack(terms))).lastrowid
    conn.executemany("INSERT OR IGNORE INTO terms VALUES (?,?)", [(h, n) for h in terms])


def delete_terms(conn: sqlite3.Connection, doc_id: str) -> None:
    row = conn.execute("SELECT n, terms FROM term_docs WHERE id=?", (doc_id,)).fetchone()
    if row is not None:
        n, blob = row
        conn.executemany("DELETE FROM terms WHERE h=? AND n=?", [(h, n) for h in unpack(blob)])
        conn.execute("DELETE FROM term_docs WHERE n=?", (n,))


def day_of(date: str | None) -> int | None:
    """The ordinal of an ISO date's day (None: undated or unreadable)."""
    if not date:
        return None
    from datetime import date as _date

    try:
        return _date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def rank(conn: sqlite3.Connection, words: Iterable[str], names: Iterable[str],
         days: Sequence[int], settings: Settings) -> list[tuple[str, float]]:
    """The archived stories most like a text of these content words, names and days, best
    first: at most ``settings.top`` (id, score), scores above 0 (see the module)."""
    s = settings
    tokens = _tokens(words, names)
    weights = {t: w * (s.names if t.startswith("@") else 1.0)
               for t, w in stored_weights(conn, tokens).items() if w >= INDEX_RARE}
    total = conn.execute("SELECT count(*) FROM term_docs").fetchone()[0] or 0
    if not weights or not total:
        return []
    query: list[float | int] = []
    count = "SELECT count(*) FROM (SELECT 1 FROM terms WHERE h=? LIMIT ?)"
    for t, w in weights.items():
        h = term_hash(t)
        df = conn.execute(count, (h, s.max_df + 1)).fetchone()[0]
        if 0 < df <= s.max_df:
            query += (h, w * math.log(1 + (total - df + 0.5) / (df + 0.5)))
    if not query:
        return []
    pooled = conn.execute(
        f"WITH q(h, w) AS (VALUES {','.join(['(?,?)'] * (len(query) // 2))}) "
        "SELECT t.n, sum(q.w) FROM q CROSS JOIN terms t ON t.h = q.h "
        "GROUP BY t.n ORDER BY 2 DESC LIMIT ?", (*query, s.pool)).fetchall()
    raw = dict(pooled)
    avg = conn.execute("SELECT avg(size) FROM term_docs").fetchone()[0] or 1.0
    scored: list[tuple[float, str]] = []
    rows = conn.execute(f"SELECT n, id, day, size FROM term_docs WHERE n IN "
                        f"({','.join('?' * len(raw))})", list(raw)).fetchall()
    for n, doc_id, day, size in rows:
        score = raw[n] * (s.k1 + 1) / (1 + s.k1 * (1 - s.b + s.b * size / avg))
        if day is not None and days and min(abs(day - d) for d in days) > s.window:
            score *= s.far
        scored.append((score, doc_id))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [(doc_id, score) for score, doc_id in scored[: s.top] if score > 0]
