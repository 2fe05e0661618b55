"""The claim codec: a Claim as a row of the archive's claims table and back, and as
the JSON a schema-5 archive stored; the column lists of the JSON contract and the table."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import fields
from decimal import Decimal
from typing import Any

from .models import Claim, Document, _num
from .report import clip_window as _clip_window

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
