"""Read documents from files, directories and standard input.

* ``.txt`` / ``.md``: one document; id = path relative to the argument. Markdown may open
  with a YAML-style front matter (``---`` lines) giving ``source``, ``date``, ``url``, ``title``.
* ``.jsonl``: one document per line, ``{"id", "text", "source"?, "date"?, "url"?, "title"?}``.
* ``-``: standard input, read as one text document (or JSONL when it looks like JSON lines).

Every problem is an :class:`InputError` naming the file (and line for JSONL) and the fix.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError
from .models import Document

SUFFIXES = (".txt", ".md", ".jsonl")
DEFAULT_MAX_BYTES = 20_000_000
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def decode(data: bytes, where: str, encoding: str = "utf-8") -> str:
    if b"\x00" in data[:1_000_000]:
        raise InputError("binary file (NUL bytes), not text", path=where,
                         hint="pass a .txt, .md or .jsonl file")
    enc = encoding.lower()
    if enc in ("utf-8", "utf8") and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} at byte {exc.start}", path=where,
            hint="try --encoding cp1252 (Windows) or --encoding latin-1",
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=where,
                         hint="use a Python codec name such as utf-8 or cp1252") from None


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Key: value pairs of a leading --- block and the offset where the body starts."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            meta[k.strip().lower()] = v.strip().strip("'\"")
    return meta, m.end()


def _norm_date(value: object, where: str, line: int | None = None) -> str | None:
    if value in (None, ""):
        return None
    s = str(value)
    if not _DATE.match(s):
        raise InputError(f"date {s!r} is not YYYY-MM-DD", path=where, line=line,
                         hint="write dates as 2025-08-16")
    return s[:10]


def _text_document(doc_id: str, text: str, path: str) -> Document:
    meta, body = front_matter(text)
    if meta:
        # keep offsets into the file's text: blank out the front matter instead of cutting it
        text = re.sub(r"[^\n]", " ", text[:body]) + text[body:]
    return Document(
        id=doc_id,
        text=text,
        path=path,
        source=meta.get("source"),
        date=_norm_date(meta.get("date"), path),
        url=meta.get("url"),
        title=meta.get("title"),
    )


def _jsonl_documents(text: str, path: str, prefix: str) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON ({exc.msg})", path=path, line=number,
                             column=exc.colno, hint="each line must be one JSON object") from None
        if not isinstance(obj, dict):
            raise InputError("expected a JSON object per line", path=path, line=number)
        body = obj.get("text")
        if not isinstance(body, str):
            raise InputError('missing "text" string', path=path, line=number,
                             hint='each line needs {"id": ..., "text": ...}')
        doc_id = obj.get("id")
        doc_id = f"{prefix}:{number}" if doc_id in (None, "") else str(doc_id)
        yield Document(
            id=doc_id,
            text=body,
            path=f"{path}:{number}",
            source=_opt(obj.get("source")),
            date=_norm_date(obj.get("date"), path, number),
            url=_opt(obj.get("url")),
            title=_opt(obj.get("title")),
        )


def _opt(x: object) -> str | None:
    return None if x in (None, "") else str(x)


def _read(path: Path, where: str, encoding: str, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                             path=where, hint="raise it with --max-bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=where) from None
    return decode(data, where, encoding)


def iter_documents(
    paths: list[str], *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES,
    stdin_name: str = "-",
) -> Iterator[Document]:
    """Documents from every path, in a stable order (directories sorted)."""
    for arg in paths:
        if arg == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(f"standard input is over the limit of {max_bytes:,} bytes",
                                 path="<stdin>", hint="raise it with --max-bytes")
            text = decode(data, "<stdin>", encoding)
            if text.lstrip().startswith("{") and text.strip().endswith("}") and "\n" in text.strip():
                yield from _jsonl_documents(text, "<stdin>", stdin_name)
            else:
                yield _text_document(stdin_name, text, "<stdin>")
            continue
        p = Path(arg)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            for f in files:
                rel = f.relative_to(p).as_posix()
                yield from _file_documents(f, str(f), rel, encoding, max_bytes)
        elif p.is_file():
            yield from _file_documents(p, arg, p.name, encoding, max_bytes)
        elif p.exists():
            raise InputError("not a regular file", path=arg)
        else:
            raise InputError("no such file or directory", path=arg,
                             hint="check the path, or use - for standard input")


def _file_documents(
    f: Path, where: str, doc_id: str, encoding: str, max_bytes: int
) -> Iterator[Document]:
    text = _read(f, where, encoding, max_bytes)
    if f.suffix.lower() == ".jsonl":
        yield from _jsonl_documents(text, where, doc_id)
    else:
        yield _text_document(doc_id, text, where)


def load_documents(paths: list[str], **kwargs: object) -> list[Document]:
    docs = list(iter_documents(paths, **kwargs))  # type: ignore[arg-type]
    seen: dict[str, int] = {}
    out = []
    for d in docs:
        if d.id in seen:
            seen[d.id] += 1
            d = Document(**{**d.__dict__, "id": f"{d.id}~{seen[d.id]}"})
        else:
            seen[d.id] = 1
        out.append(d)
    return out
