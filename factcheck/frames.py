"""The archive's claims and some texts' claims as pandas DataFrames (pandas imported on
first use)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .archive import _chunks, connect
from .codec import _CONTRACT_COLUMNS, DOCUMENT_COLUMNS
from .errors import InputError
from .extract import get_extractor
from .models import Document
from .rules import Rules, load_rules


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
