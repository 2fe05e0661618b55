"""Migrations of an archive of an earlier schema, in place and in one transaction."""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from pathlib import Path
from typing import Any

from .archive import _DDL, ANCHOR_EVERY, SCHEMA
from .codec import claim_from_json, claim_row
from .events import names as _names
from .index import _write_anchors, _Writer
from .lineage import anchors_of
from .lineage import enabled as lineage_enabled
from .models import Document
from .retrieve import (
    day_of,
    terms_of,
    write_terms,
    write_weights,
)
from .rules import Rules, load_rules


def _body(blob: bytes) -> dict[str, Any]:
    """A schema-5 document row's compressed body (text, claims, stories, keys)."""
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))


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
