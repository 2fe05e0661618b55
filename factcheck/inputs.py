"""Read documents from files, directories and standard input.

* ``.txt`` / ``.md`` / ``.markdown``: one document; id = path relative to the argument. It may
  open with a YAML-style front matter (``---`` lines) giving ``source``, ``date``, ``url``,
  ``title``. ``.md`` and ``.markdown`` files are read as Markdown (paragraphs across soft line
  breaks, headings, list items, block quotes); ``.txt`` as plain text, where hard-wrapped
  prose is unwrapped (see :mod:`factcheck.segment`).
* Front matter dates: ``2026-11-29``, ``2026-11-29T10:00:00Z`` (the date as written),
  ``29 November 2026``, ``November 29, 2026``, ``Sun, 29 Nov 2026``, ``2026/11/29``; a numeric
  day and month in either order (``29/11/2026``, ``11/29/2026``) only when one of the two
  is over 12, so that only one reading is a date: ``03/04/2026`` is an error that names the
  file and line and asks for ``2026-04-03``.
* ``.jsonl``: one document per line, ``{"id", "text", "source"?, "date"?, "url"?, "title"?}``.
* ``.html`` / ``.htm``: the article text is extracted (see :func:`html_text`); offsets refer
  to the extracted text, and the document's ``path`` ends with ``#extracted-text`` to say so.
* ``-``: standard input, read as one text document (or JSONL when it looks like JSON lines,
  or HTML when it opens with a tag).

Every problem is an :class:`InputError` naming the file (and line for JSONL) and the fix.
With ``on_error``, :func:`iter_documents` reports each bad file or JSONL line and goes on.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .dates import MONTH_NUMBER
from .errors import InputError
from .models import Document

if TYPE_CHECKING:  # imported where an HTML page is read: a check of Markdown never needs it
    from selectolax.lexbor import LexborHTMLParser, LexborNode

SUFFIXES = (".txt", ".md", ".markdown", ".jsonl", ".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
HTML_PATH_NOTE = "#extracted-text"
DEFAULT_MAX_BYTES = 20_000_000
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


_WIDE = ("utf-16", "utf16", "utf-16-le", "utf-16-be", "utf-32", "utf32", "utf-32-le",
         "utf-32-be", "utf_16", "utf_32")


def decode(data: bytes, where: str, encoding: str = "utf-8") -> str:
    """Bytes to text: a UTF-8 BOM is honoured, binary data and bad bytes fail with the fix."""
    enc = encoding.lower()
    wide = enc in _WIDE
    if not wide and data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise InputError("looks like UTF-32 text (byte-order mark)", path=where,
                         hint="pass --encoding utf-32")
    if not wide and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("looks like UTF-16 text (byte-order mark)", path=where,
                         hint="pass --encoding utf-16")
    if not wide:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError(f"binary file (NUL byte at byte {nul}), not text", path=where,
                             hint="pass a .txt, .md, .html or .jsonl file")
    if enc in ("utf-8", "utf8", "utf_8") and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} at byte {exc.start}", path=where,
            hint="try --encoding cp1252 for Windows text, or --encoding latin-1",
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=where,
                         hint="use a Python codec name such as utf-8 or cp1252") from None
    except (UnicodeError, ValueError, TypeError) as exc:
        # a codec that fails another way ("idna" raises a plain UnicodeError)
        raise InputError(f"cannot decode as {encoding}: {' '.join(str(exc).split())[:200]}",
                         path=where, hint="use a text codec such as utf-8 or cp1252") from None
    if wide:
        text = text.removeprefix("\ufeff")
        if "\x00" in text:
            raise InputError("binary file (NUL character), not text", path=where,
                             hint="pass a .txt, .md, .html or .jsonl file")
    return text


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


# -- HTML ------------------------------------------------------------------------------------
# Elements whose content is never article text.
_SKIP = frozenset(
    ["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "head", "nav", "aside", "footer", "button", "select", "textarea", "canvas", "audio", "video"]
)
# Elements that end a paragraph: their text goes on a line of its own.
_BLOCK = frozenset(
    ["address", "article", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul"]
)
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"])
# HTML parsers spend time proportional to the depth of the open elements for some tags
# (nested <div>, <ul>, <i><b>), so pathological nesting is quadratic. Browsers cap the depth
# (Chromium at 512); we flatten tags nested deeper than this before parsing, in linear time.
MAX_HTML_DEPTH = 4_000
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (to the end if unclosed)
    r"|<(script|style|textarea|title|xmp|noembed|noframes|plaintext)\b.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})[^<>]{0,4000}?(/?)>",  # a start or end tag
    re.DOTALL | re.IGNORECASE,
)
# a start tag and its attributes; a quoted value may hold ">" but not "<" (so an unclosed quote
# ends at the next tag); possessive, so that a failed tag is not read again every other way
_START_TAG = re.compile(r"""<([A-Za-z][A-Za-z0-9:-]{0,40})((?:[^<>"']++|"[^"<]*+"|'[^'<]*+')++)>""")
MAX_TAG_ATTRIBUTES = 4_000  # characters of attributes kept in one tag; a longer tag loses them
_LOOKS_HTML = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<!--|"
    r"<(?:p|div|article|main|section|h[1-6]|span|table|ul|ol|a|meta|title)\b[^<>]*>)",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """Standard input is read as HTML when it opens with a doctype, comment or common tag."""
    return bool(_LOOKS_HTML.match(text[:4096]))


def _element_tags(html: str) -> Iterator[tuple[re.Match[str], str, bool]]:
    """(match, lower-case name, closing) of each start or end tag that opens or closes an
    element (not comments, self-closing or void tags)."""
    for m in _TAG.finditer(html):
        name = m.group(3)
        if name is None or m.group(4) or name.lower() in _VOID:
            continue
        yield m, name.lower(), bool(m.group(2))


def _shorten_tags(html: str, limit: int = MAX_TAG_ATTRIBUTES) -> str:
    """Drop the attributes of a start tag whose attributes run over ``limit`` characters: the
    HTML parser compares each attribute's name with all before it (100,000 attributes in one
    element took minutes), and no attribute the article text needs is that long."""
    if len(html) <= limit:
        return html

    def cut(m: re.Match[str]) -> str:
        return m.group() if len(m.group(2)) <= limit else f"<{m.group(1)}>"

    return _START_TAG.sub(cut, html)


def _flatten_deep(html: str, limit: int = MAX_HTML_DEPTH) -> str:
    """Drop start and end tags nested deeper than ``limit`` (their text stays)."""
    depth = 0
    deepest = 0
    for _m, _name, closing in _element_tags(html):
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest <= limit:
        return html
    out: list[str] = []
    pos = 0
    depth = 0
    for m, name, closing in _element_tags(html):
        if not closing:
            depth += 1
        if depth > limit:
            out.append(html[pos : m.start()])
            out.append("\n" if name in _BLOCK else "")
            pos = m.end()
        if closing:
            depth = max(0, depth - 1)
    out.append(html[pos:])
    return "".join(out)


def _walk_text(top: LexborNode) -> str:
    """The text under ``top``, one line per block element, without recursion."""
    parts: list[str] = []
    node = top.child
    while node is not None:
        descend = False
        if node.is_text_node:
            parts.append(node.text_content or "")
        elif node.is_element_node:
            tag = (node.tag or "").lower()
            if tag not in _SKIP:
                if tag in _BLOCK:
                    parts.append("\n")
                descend = node.child is not None
        if descend:
            node = node.child
            continue
        # leave this node, and every ancestor of which it is the last child
        while True:
            if node.is_element_node and (node.tag or "").lower() in _BLOCK:
                parts.append("\n")
            if node.next is not None:
                node = node.next
                break
            parent = node.parent
            if parent is None or parent.mem_id == top.mem_id:
                node = None
                break
            node = parent
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _meta(tree: LexborHTMLParser, *selectors: str, attr: str = "content") -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is None:
            continue
        value = node.attributes.get(attr) if attr else node.text()
        if value and value.strip():
            return " ".join(value.split())
    return None


def html_text(html: str) -> tuple[str, dict[str, str]]:
    """Article text of an HTML page and its metadata (title, source, date, url).

    The text comes from the ``<article>`` with the most text, else ``<main>``, else
    ``<body>``; scripts, styles, navigation, asides and footers are left out; each block
    element (paragraph, heading, list item, cell) becomes one line.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_flatten_deep(_shorten_tags(html)))
    top: LexborNode | None = None
    articles = tree.css("article")
    if articles:
        top = max(articles, key=lambda n: len(n.text(deep=True) or ""))
    top = top or tree.css_first("main") or tree.body or tree.root
    text = _walk_text(top) if top is not None else ""
    meta: dict[str, str] = {}
    found = {
        "title": _meta(tree, 'meta[property="og:title"]') or _meta(tree, "title", attr=""),
        "source": _meta(tree, 'meta[property="og:site_name"]', 'meta[name="author"]'),
        "date": _meta(tree, 'meta[property="article:published_time"]', 'meta[name="date"]',
                      'meta[itemprop="datePublished"]')
        or _meta(tree, "time[datetime]", attr="datetime"),
        "url": _meta(tree, 'link[rel="canonical"]', attr="href")
        or _meta(tree, 'meta[property="og:url"]'),
    }
    for key, value in found.items():
        if value is None:
            continue
        if key == "date":
            if not _DATE.match(value):
                continue  # scraped dates are messy: keep only an ISO date
            value = value[:10]
        meta[key] = value
    return text, meta


def _html_document(doc_id: str, html: str, path: str) -> Document:
    text, meta = html_text(html)
    return Document(id=doc_id, text=text, path=path + HTML_PATH_NOTE, source=meta.get("source"),
                    date=meta.get("date"), url=meta.get("url"), title=meta.get("title"))


def _front_line(text: str, key: str) -> int | None:
    """Line number of ``key:`` in a front matter block."""
    for number, line in enumerate(text.splitlines()[:200], start=1):
        if line.split(":", 1)[0].strip().lower() == key:
            return number
    return None


_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\b.*)?"  # a time after the date is ignored
# the written forms of a date, each with named year, month (number or name) and day
_DATE_FORMS = tuple(re.compile(p, re.IGNORECASE) for p in (
    # 2026-11-29, 2026-11-29T10:00:00Z, 2026-11-29 10:00, 2026/11/29
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?:[T ]\d.*)?",
    # 29 November 2026, Sunday 29 Nov. 2026, 29th of November, 2026, an RFC 2822 date
    rf"{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>[a-z]+)\.?,?\s+"
    rf"(?P<y>\d{{4}}){_TIME}",
    # November 29, 2026, Sun, Nov 29 2026
    rf"{_WEEKDAY}(?P<mn>[a-z]+)\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}",
))
# 29/11/2026, 11/29/2026, 29.11.2026, 29-11-2026: day and month in either order
_NUMERIC_DATE = re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})")


def parse_date(value: str) -> date:
    """A date written in one of the forms above; ValueError says why not."""
    s = " ".join(value.split())
    for rx in _DATE_FORMS:
        m = rx.fullmatch(s)
        if m is None:
            continue
        groups = m.groupdict()
        if groups.get("mn") is not None:
            month = MONTH_NUMBER.get(groups["mn"].lower())
            if month is None:
                raise ValueError(f"{groups['mn']!r} is not a month")
        else:
            month = int(groups["m"])
        return date(int(groups["y"]), month, int(groups["d"]))
    m = _NUMERIC_DATE.fullmatch(s)
    if m is None:
        raise ValueError("not a date")
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 >= b:
        return date(y, b, a)  # day first: 29/11/2026
    if b > 12 >= a:
        return date(y, a, b)  # month first: 11/29/2026
    if a == b:
        return date(y, a, b)
    raise AmbiguousDate(date(y, b, a), date(y, a, b))


class AmbiguousDate(ValueError):
    """A numeric date that reads as two days (03/04/2026: 3 April or March 4)."""


def _norm_date(value: object, where: str, line: int | None = None) -> str | None:
    if value in (None, ""):
        return None
    s = str(value)
    try:
        return parse_date(s).isoformat()
    except AmbiguousDate as exc:
        first, second = exc.args
        raise InputError(f"date {s!r} is ambiguous: {first.day} {first:%B} or {second:%B} {second.day}",
                         path=where, line=line,
                         hint=f"write {first.isoformat()} or {second.isoformat()}") from None
    except ValueError as exc:
        why = "" if str(exc) == "not a date" else f" ({exc})"
        raise InputError(f"date {s!r} is not a date{why}", path=where, line=line,
                         hint="write 2026-11-29, 29 November 2026 or November 29, 2026") from None


# Markdown structure that plain text does not have: an ATX heading, a setext underline
# under a line of text, or a block quote
_LOOKS_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]+\S|>[ \t]?\S|[^\s].*\r?\n(?:=+|-+)[ \t]*$)",
                             re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    """A draft on standard input is read as Markdown when it opens with front matter or has a
    heading or block quote."""
    return bool(_FRONT.match(text) or _LOOKS_MARKDOWN.search(text[:100_000]))


def _text_document(doc_id: str, text: str, path: str, markup: str = "text") -> Document:
    meta, body = front_matter(text)
    date_line = _front_line(text, "date") if meta else None
    if meta:
        # keep offsets into the file's text: blank out the front matter instead of cutting it
        text = re.sub(r"[^\n]", " ", text[:body]) + text[body:]
    return Document(
        id=doc_id,
        text=text,
        path=path,
        source=meta.get("source"),
        date=_norm_date(meta.get("date"), path, date_line),
        url=meta.get("url"),
        title=meta.get("title"),
        markup=markup,
    )


OnError = Callable[[InputError], None]
_JSONL_LINE = re.compile(r"\r\n|\r|\n")


def _raise(exc: InputError) -> None:
    raise exc


def _jsonl_documents(
    text: str, path: str, prefix: str, on_error: OnError = _raise
) -> Iterator[Document]:
    # lines end at \n (and \r\n, \r): not at U+2028, U+2029, U+0085 or the other breaks
    # str.splitlines knows, which JSON text may hold raw inside a string
    for number, line in enumerate(_JSONL_LINE.split(text), start=1):
        if not line.strip():
            continue
        try:
            yield _jsonl_document(line, number, path, prefix)
        except InputError as exc:
            on_error(exc)


def _jsonl_document(line: str, number: int, path: str, prefix: str) -> Document:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg})", path=path, line=number,
                         column=exc.colno, hint="each line must be one JSON object") from None
    except RecursionError:
        raise InputError("JSON nested too deeply", path=path, line=number,
                         hint="each line must be one flat JSON object") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InputError(f"invalid JSON ({' '.join(str(exc).split(':')[0].split())})",
                         path=path, line=number,
                         hint="each line must be one JSON object") from None
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object per line", path=path, line=number,
                         hint='each line needs {"id": ..., "text": ...}')
    body = obj.get("text")
    if not isinstance(body, str):
        raise InputError('missing "text" string', path=path, line=number,
                         hint='each line needs {"id": ..., "text": ...}')
    if "\x00" in body:
        raise InputError('"text" holds a NUL character, not text', path=path, line=number,
                         hint="remove the binary data from this line")
    for key in ("text", "id", "source", "date", "url", "title"):
        value = obj.get(key)
        if isinstance(value, str) and (m := _SURROGATE.search(value)):
            # "\ud800" alone in JSON: no text encoding can write it back out
            raise InputError(f'"{key}" holds a lone surrogate (\\u{ord(m.group()):04x}), not text',
                             path=path, line=number,
                             hint="a UTF-16 pair was split; fix the escape on this line")
    doc_id = obj.get("id")
    doc_id = f"{prefix}:{number}" if doc_id in (None, "") else str(doc_id)
    return Document(
        id=doc_id,
        text=body,
        path=f"{path}:{number}",
        source=_opt(obj.get("source")),
        date=_norm_date(obj.get("date"), path, number),
        url=_opt(obj.get("url")),
        title=_opt(obj.get("title")),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _opt(x: object) -> str | None:
    return None if x in (None, "") else str(x)


def _read(path: Path, where: str, encoding: str, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                             path=where, hint=f"raise it with --max-bytes {_round_up(size)}")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=where) from None
    return decode(data, where, encoding)


def _round_up(n: int) -> int:
    """A limit above ``n`` that is easy to type: 23,456,789 -> 30000000."""
    step = 10 ** max(0, len(str(n)) - 1)
    return (n // step + 1) * step


def iter_documents(
    paths: list[str], *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES,
    stdin_name: str = "-", on_error: OnError | None = None,
) -> Iterator[Document]:
    """Documents from every path, in a stable order (directories sorted).

    A problem raises :class:`InputError`; with ``on_error`` it is passed there instead and
    reading goes on with the next file (or the next line of a JSONL file).
    """
    report = on_error or _raise
    for arg in paths:
        try:
            if arg == "-":
                yield from _stdin_documents(encoding, max_bytes, stdin_name, report)
                continue
            p = Path(arg)
            try:
                is_dir, is_file, exists = p.is_dir(), p.is_file(), p.exists()
            except OSError as exc:  # a name longer than NAME_MAX, a loop of links
                raise InputError(f"cannot read: {exc.strerror}", path=arg) from None
            if is_dir:
                files = sorted(_walk_files(p))
                for f in files:
                    rel = f.relative_to(p).as_posix()
                    try:
                        yield from _file_documents(f, str(f), rel, encoding, max_bytes, report)
                    except InputError as exc:
                        report(exc)
            elif is_file:
                yield from _file_documents(p, arg, p.name, encoding, max_bytes, report)
            elif exists:
                raise InputError("not a regular file", path=arg,
                                 hint="pass a file, a directory or - for standard input")
            else:
                raise InputError("no such file or directory", path=arg,
                                 hint="check the path, or use - for standard input")
        except InputError as exc:
            report(exc)


def _walk_files(top: Path) -> Iterator[Path]:
    """The input files under ``top`` (any order; the caller sorts), without recursion, so a
    folder nested 1,200 deep is read like any other (rglob raised RecursionError).

    Each folder is opened relative to its parent's descriptor: a folder N deep costs the
    same as one at the top, where opening it by its path made the system resolve N names
    (a chain of N folders cost N^2). A folder's descriptor stays open only while some of its
    subfolders are still to be opened, so a chain keeps one open; when the process may
    open no more, a folder is opened by its path instead."""
    if os.scandir not in os.supports_fd or os.open not in os.supports_dir_fd:
        yield from _walk_paths(top)
        return
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        root = _Folder(None, "", os.open(top, flags))
    except OSError as exc:
        raise InputError(f"cannot read folder: {exc.strerror}", path=str(top)) from None
    stack: list[tuple[_Folder, str]] = []
    folder: _Folder | None = root
    try:
        yield from _walk_from(folder, stack, flags, top)
    finally:  # the caller stopped early, or an error: close what is still open
        root.close()
        for parent, _name in stack:
            parent.close()


def _walk_from(folder: _Folder | None, stack: list[tuple[_Folder, str]], flags: int,
               top: Path) -> Iterator[Path]:
    while folder is not None or stack:
        if folder is None:
            parent, name = stack.pop()
            folder = _Folder(parent, name, parent.open_child(name, flags, top))
        try:
            with os.scandir(folder.fd if folder.fd is not None else folder.path(top)) as it:
                entries = list(it)
        except OSError as exc:
            folder.close()
            raise InputError(f"cannot read folder: {exc.strerror}",
                             path=str(folder.path(top))) from None
        subfolders = []
        for e in entries:
            try:
                if e.is_dir():  # follows links, as rglob's is_file did for files
                    if not e.is_symlink():  # rglob did not descend into linked folders
                        subfolders.append(e.name)
                elif e.is_file() and Path(e.name).suffix.lower() in SUFFIXES:
                    yield folder.path(top) / e.name
            except OSError:
                continue  # vanished or unreadable entry: as rglob, skip it
        folder.pending = len(subfolders)
        stack.extend((folder, name) for name in subfolders)
        if not subfolders:
            folder.close()
        folder = None


class _Folder:
    """A folder being walked: its name under its parent, and its descriptor while its
    subfolders are still to be opened (``pending``)."""

    __slots__ = ("parent", "name", "fd", "pending")

    def __init__(self, parent: _Folder | None, name: str, fd: int | None) -> None:
        self.parent, self.name, self.fd, self.pending = parent, name, fd, 0

    def path(self, top: Path) -> Path:
        names = []
        node: _Folder | None = self
        while node is not None and node.parent is not None:
            names.append(node.name)
            node = node.parent
        return top.joinpath(*reversed(names))

    def open_child(self, name: str, flags: int, top: Path) -> int | None:
        """A descriptor of subfolder ``name`` (opened by its path when no more descriptors
        may be opened); this folder's own is closed once its last subfolder is open."""
        try:
            if self.fd is None:
                raise OSError(errno.EBADF, "closed")
            fd: int | None = os.open(name, flags, dir_fd=self.fd)
        except OSError as exc:
            if exc.errno not in (errno.EMFILE, errno.ENFILE, errno.EBADF):
                raise InputError(f"cannot read folder: {exc.strerror}",
                                 path=str(self.path(top) / name)) from None
            fd = None
        self.pending -= 1
        if self.pending <= 0:
            self.close()
        return fd

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _walk_paths(top: Path) -> Iterator[Path]:
    """:func:`_walk_files` where folders cannot be opened relative to a descriptor: each is
    opened by its path."""
    stack = [top]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError as exc:
            raise InputError(f"cannot read folder: {exc.strerror}", path=str(d)) from None
        for e in entries:
            try:
                if e.is_dir():  # follows links, as rglob's is_file did for files
                    if e.is_symlink():
                        continue  # rglob did not descend into linked folders either
                    stack.append(Path(e.path))
                elif e.is_file() and Path(e.name).suffix.lower() in SUFFIXES:
                    yield Path(e.path)
            except OSError:
                continue  # vanished or unreadable entry: as rglob, skip it


def read_stdin(max_bytes: int) -> bytes:
    """Standard input, at most ``max_bytes + 1`` bytes (one more tells it is over)."""
    if sys.stdin is None:
        raise InputError("standard input is closed", path="<stdin>",
                         hint="pipe or redirect a file into it, or pass a file name")
    try:
        if max_bytes < 1 << 26:
            return sys.stdin.buffer.read(max_bytes + 1)
        # a limit in the exabytes (--max-bytes 2**64) is no size to allocate: read in chunks
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = sys.stdin.buffer.read(1 << 24)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read standard input: {exc.strerror}", path="<stdin>") from None


def _stdin_documents(
    encoding: str, max_bytes: int, stdin_name: str, report: OnError
) -> Iterator[Document]:
    data = read_stdin(max_bytes)
    if len(data) > max_bytes:
        raise InputError(f"standard input is over the limit of {max_bytes:,} bytes",
                         path="<stdin>", hint="raise it with --max-bytes")
    text = decode(data, "<stdin>", encoding)
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}") and "\n" in stripped:
        yield from _jsonl_documents(text, "<stdin>", stdin_name, report)
    elif looks_like_html(text):
        yield _html_document(stdin_name, text, "<stdin>")
    else:
        yield _text_document(stdin_name, text, "<stdin>",
                             "markdown" if looks_like_markdown(text) else "text")


def _file_documents(
    f: Path, where: str, doc_id: str, encoding: str, max_bytes: int,
    report: OnError = _raise,
) -> Iterator[Document]:
    suffix = f.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_stream(f, where, doc_id, encoding, max_bytes, report)
        return
    text = _read(f, where, encoding, max_bytes)
    if suffix in HTML_SUFFIXES:
        yield _html_document(doc_id, text, where)
    else:
        yield _text_document(doc_id, text, where,
                             "markdown" if suffix in MARKDOWN_SUFFIXES else "text")


def _jsonl_stream(
    f: Path, where: str, prefix: str, encoding: str, max_bytes: int, report: OnError,
) -> Iterator[Document]:
    """A JSONL file of any size, line by line: ``max_bytes`` limits one line (one article),
    not the file; a line over it is one error (skipped with --keep-going)."""
    try:
        fh = f.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=where) from None
    with fh:
        number = 0
        while True:
            raw = fh.readline(max_bytes + 2)  # the line, its CR LF, and one byte more
            if not raw:
                break
            number += 1
            content = raw.rstrip(b"\r\n")
            if len(content) > max_bytes:
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = fh.readline(1 << 20)
                report(InputError(f"line is over the limit of {max_bytes:,} bytes", path=where,
                                  line=number, hint=f"raise it with --max-bytes "
                                  f"{_round_up(max_bytes)} or more"))
                continue
            if not content.strip():
                continue
            try:
                if number == 1:
                    content = content.removeprefix(b"\xef\xbb\xbf")
                yield _jsonl_document(decode(content, f"{where}:{number}", encoding), number,
                                      where, prefix)
            except InputError as exc:
                report(exc)


def unique_ids(docs: Iterable[Document]) -> Iterator[Document]:
    """The documents with every id made unique: a repeated id gets "~2", "~3"... (in input
    order), so no document silently replaces another."""
    seen: dict[str, int] = {}
    for d in docs:
        if d.id in seen:
            seen[d.id] += 1
            new = f"{d.id}~{seen[d.id]}"
            while new in seen:  # "a~2" may itself be an id given in the input
                seen[d.id] += 1
                new = f"{d.id}~{seen[d.id]}"
            seen[new] = 1
            d = Document(**{**d.__dict__, "id": new})
        else:
            seen[d.id] = 1
        yield d


def load_documents(paths: list[str], **kwargs: object) -> list[Document]:
    return list(unique_ids(iter_documents(paths, **kwargs)))  # type: ignore[arg-type]


def count_documents(paths: list[str]) -> int | None:
    """How many documents the paths hold (for a progress bar's ETA); None when unknown
    (standard input) or unreadable. Never raises: the real read reports problems."""
    total = 0
    try:
        for arg in paths:
            if arg == "-":
                return None
            p = Path(arg)
            files = list(_walk_files(p)) if p.is_dir() else [p]
            for f in files:
                if f.suffix.lower() == ".jsonl":
                    with f.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                else:
                    total += 1
    except (OSError, InputError):
        return None
    return total


def document_from_text(
    text: str, *, doc_id: str = "draft", path: str = "<request>", markup: str | None = None,
    title: str | None = None, date: str | None = None, source: str | None = None,
    url: str | None = None,
) -> Document:
    """A document from text handed over whole (a draft pasted into ``factcheck serve``): an
    HTML page is read as HTML, else Markdown when ``markup`` says so or the text looks like
    it (front matter, a heading, a block quote), else plain text; ``title``, ``date``,
    ``source`` and ``url`` override the front matter's (a bad date is an InputError)."""
    if "\x00" in text:
        raise InputError("binary text (NUL character)", path=path, hint="send a draft as text")
    if markup not in (None, "markdown", "text"):
        raise InputError(f"markup {markup!r}", path=path, hint="markdown or text")
    if looks_like_html(text):
        d = _html_document(doc_id, text, path)
    else:
        kind = markup or ("markdown" if looks_like_markdown(text) else "text")
        d = _text_document(doc_id, text, path, kind)
    extra = {"title": title, "source": source, "url": url,
             "date": _norm_date(date, path) if date else None}
    return Document(**{**d.__dict__, **{k: v for k, v in extra.items() if v}})
