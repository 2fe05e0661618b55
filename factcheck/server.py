"""``factcheck serve``: the desk check in a browser and as a JSON service.

A small Starlette app (served by uvicorn) around one :class:`Desk`, which loads the rules,
the extractor, the pair model and the reference documents once and opens each archive
read-only per check (SQLite connections are not shared between threads):

- ``GET /``: a page where an editor pastes or uploads a draft (Markdown or plain text) and
  sees the HTML report inline, opens a source, and marks a finding reviewed with a note;
- ``POST /api/check``: JSON in (``text``, optional ``title``, ``date``, ``source``, ``url``,
  ``markup``), the schema-1 JSON of ``factcheck check --format json`` out;
- ``POST /api/report``: the same JSON in, the self-contained HTML report out (with
  ``"fragment": true``, the report's section for the desk page);
- ``POST /api/review``: ``fingerprint``, ``note``, optional ``by``: appended to the
  reviewed-findings file (written whole through a temporary file and a rename);
- ``GET /source?doc=ID&start=S&end=E``: a reference's stored text, the figure marked;
- ``GET /api/health``.

Requests larger than ``max_request_bytes`` get 413; malformed ones a 4xx with a JSON body
``{"error": "..."}``; an unforeseen failure a 500 with ``{"error": "internal error"}`` (the
traceback goes to the server's stderr, never to the client).

Checks run one at a time in a worker thread: the pipeline is CPU-bound Python, so under the
GIL a lock costs no throughput, and the extractor's and matcher's caches are never written
by two requests at once. The event loop stays free for health checks and static files.
It is always the same thread (``Desk.worker``): the C allocator keeps a memory arena per
thread that has allocated, so checks spread over a pool of threads held each thread's
high-water mark (4 concurrent clients grew the server by a fifth, bench/serve.py).
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import FactcheckError, InputError, UsageError
from .models import Document, Report
from .review import is_fingerprint

MAX_REQUEST_BYTES = 1_000_000  # a draft of 150,000 words
MAX_FIELD_CHARS = 2_000  # title, source, url, note, by
JS_PATH = Path(__file__).resolve().parent / "templates" / "desk.js"
# the desk page runs its own script only; the report pages run none
PAGE_CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src "
            "'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")
STATIC_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")


class RequestError(Exception):
    """A client's mistake: an HTTP status and one line saying what to send instead."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class _Reviewed:
    """The reviewed-findings file, read again only when it changed."""

    path: str
    stamp: tuple[int, int] | None = None
    marks: dict[str, str] | None = None

    def get(self) -> dict[str, str]:
        from .review import reviewed_fingerprints

        p = Path(self.path)
        try:
            st = p.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            return {}
        if stamp != self.stamp or self.marks is None:
            self.marks = reviewed_fingerprints(self.path)
            self.stamp = stamp
        return self.marks


class Desk:
    """What the server loads once: rules, extractor and pair model, the reference documents
    and the archives to check against, and where reviews are written."""

    def __init__(self, against: Sequence[str] = (), *, reviewed: str | None = None,
                 rules: str | None = None, config: str | None = None,
                 encoding: str = "utf-8", max_bytes: int | None = None) -> None:
        from .archive import ARCHIVE_SUFFIXES, is_archive
        from .archive import connect as connect_archive
        from .extract import get_extractor
        from .inputs import DEFAULT_MAX_BYTES, load_documents
        from .match import get_matcher
        from .review import load_config
        from .rules import load_rules

        cfg = load_config(None, config)
        paths = list(against or cfg.against)
        self.rules = load_rules(rules, extra=cfg.rules)
        get_extractor(self.rules)
        get_matcher(self.rules)
        self.archives = [p for p in paths if is_archive(p)
                         or Path(p).suffix.lower() in ARCHIVE_SUFFIXES and Path(p).is_file()]
        for p in self.archives:
            connect_archive(p).close()  # a broken archive fails at start-up, not per request
        rest = [p for p in paths if p not in self.archives]
        self.references: list[Document] = (
            load_documents(rest, encoding=encoding, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
            if rest else [])
        self.by_id = {d.id: d for d in self.references}
        self.reviewed = _Reviewed(reviewed or cfg.reviewed or "factcheck-reviewed.toml")
        self.lock = threading.Lock()  # one check at a time (see the module's docstring)
        # ...and always on this one thread (see the module's docstring)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factcheck-check")
        self.review_lock = threading.Lock()
        self.checks = 0

    # -- the work ------------------------------------------------------------------------------
    def check(self, draft: Document) -> Report:
        from .pipeline import check_documents

        with self.lock:
            marks = self.reviewed.get()
            rep = check_documents([draft], self.references, self.archives, rules=self.rules,
                                  reviewed=marks)
            self.checks += 1
        return rep

    def review(self, fingerprint: str, note: str, by: str | None) -> None:
        from .review import add_review

        with self.review_lock:
            add_review(self.reviewed.path, fingerprint, note, by)

    def source(self, doc_id: str) -> Document | None:
        """A reference document by id: one loaded at start-up, else one of the archives'."""
        if doc_id in self.by_id:
            return self.by_id[doc_id]
        import sqlite3

        from .archive import connect as connect_archive
        from .archive import read_documents

        for db in self.archives:
            conn = connect_archive(db)
            try:
                found = read_documents(conn, [doc_id])
            except (sqlite3.DatabaseError, TypeError) as exc:
                raise InputError(f"archive is damaged ({type(exc).__name__})", path=db,
                                 hint="rebuild it with factcheck index") from None
            finally:
                conn.close()
            if doc_id in found:
                return found[doc_id]
        return None

    def health(self) -> dict[str, Any]:
        from . import __version__

        return {"status": "ok", "version": __version__, "schema": 1,
                "references": len(self.references), "archives": len(self.archives),
                "reviewed": self.reviewed.path, "checks": self.checks}


# -- requests -----------------------------------------------------------------------------------
async def _body(request: Any, limit: int) -> bytes:
    """The request body, refused past ``limit`` bytes (by its Content-Length, else while it
    streams in)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise RequestError(400, "bad Content-Length")
        if int(declared) > limit:
            raise RequestError(413, f"request of {int(declared):,} bytes is over the limit of "
                               f"{limit:,} bytes (start the server with a larger "
                               "--max-request-bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"request over the limit of {limit:,} bytes (start the "
                               "server with a larger --max-request-bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Any, limit: int) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise RequestError(415, "send JSON (Content-Type: application/json)")
    raw = await _body(request, limit)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RequestError(400, "the body is not UTF-8") from None
    except (ValueError, RecursionError) as exc:
        raise RequestError(400, f"the body is not JSON ({str(exc)[:120]})") from None
    if not isinstance(data, dict):
        raise RequestError(400, "the body must be a JSON object")
    return data


def _field(data: dict[str, Any], key: str, *, required: bool = False,
           limit: int | None = MAX_FIELD_CHARS) -> str | None:
    v = data.get(key)
    if v is None or (v == "" and not required):
        if required:
            raise RequestError(422, f"{key!r} is required (a string)")
        return None
    if not isinstance(v, str):
        raise RequestError(422, f"{key!r} must be a string, not {type(v).__name__}")
    if limit is not None and len(v) > limit:
        raise RequestError(422, f"{key!r} is longer than {limit:,} characters")
    return v


def draft_from_request(data: dict[str, Any]) -> Document:
    from .inputs import document_from_text

    text = _field(data, "text", required=True, limit=None)
    assert text is not None
    if not text.strip():
        raise RequestError(422, "'text' is empty: paste the draft")
    name = _field(data, "name") or "draft"
    try:
        return document_from_text(
            text, doc_id=f"draft:{name}", path=name, markup=_field(data, "markup"),
            title=_field(data, "title"), date=_field(data, "date"),
            source=_field(data, "source"), url=_field(data, "url"))
    except InputError as exc:
        raise RequestError(422, str(exc)) from None


def source_link(doc_id: str, start: int, end: int) -> str:
    return f"/source?doc={quote(doc_id, safe='')}&start={start}&end={end}"


def create_app(desk: Desk, *, max_request_bytes: int = MAX_REQUEST_BYTES) -> Any:
    """The ASGI application around ``desk``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    from .html_report import (
        environment,
        render_check_fragment,
        render_check_html,
        render_source_page,
    )
    from .report import Format, render

    def html(content: str, csp: str = STATIC_CSP) -> HTMLResponse:
        return HTMLResponse(content, headers={"Content-Security-Policy": csp,
                                              "X-Content-Type-Options": "nosniff",
                                              "Referrer-Policy": "no-referrer"})

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message, "status": status}, status_code=status)

    async def checked(request: Request) -> tuple[dict[str, Any], Document, Report]:
        data = await _json(request, max_request_bytes)
        draft = draft_from_request(data)
        try:
            rep = await asyncio.get_running_loop().run_in_executor(desk.worker, desk.check,
                                                                   draft)
        except FactcheckError as exc:  # a damaged archive, a broken reviewed file
            raise RequestError(503 if not isinstance(exc, UsageError) else 409,
                               str(exc)) from None
        return data, draft, rep

    async def page(request: Request) -> Response:
        info = desk.health()
        return html(environment().get_template("desk.html.j2").render(
            info=info, title="factcheck desk", version=info["version"]), PAGE_CSP)

    async def script(request: Request) -> Response:
        return Response(JS_PATH.read_text(encoding="utf-8"), media_type="text/javascript",
                        headers={"X-Content-Type-Options": "nosniff",
                                 "Cache-Control": "no-cache"})

    async def health(request: Request) -> Response:
        return JSONResponse(desk.health())

    async def api_check(request: Request) -> Response:
        _data, _draft, rep = await checked(request)
        return Response(render(rep, Format.json), media_type="application/json")

    async def api_report(request: Request) -> Response:
        data, draft, rep = await checked(request)
        title = f"factcheck: {_field(data, 'title') or draft.title or 'draft'}"
        if data.get("fragment") is True:
            return html(render_check_fragment(rep, draft.id, title=title, link=source_link,
                                              reviewable=True))
        return html(render_check_html([(draft.id, rep)], title=title))

    async def api_review(request: Request) -> Response:
        data = await _json(request, max_request_bytes)
        fp = _field(data, "fingerprint", required=True)
        note = _field(data, "note", required=True)
        assert fp is not None and note is not None
        if not note.strip():
            raise RequestError(422, "'note' is empty: say why the figure is fine")
        if not is_fingerprint(fp):
            raise RequestError(422, f"not a fingerprint: {fp!r} (16 hex digits from the report)")
        by = _field(data, "by")
        try:
            await run_in_threadpool(desk.review, fp, note, by)
        except UsageError as exc:  # the reviewed file cannot be read or written
            raise RequestError(409, str(exc)) from None
        return JSONResponse({"reviewed": fp, "file": desk.reviewed.path}, status_code=201)

    async def source(request: Request) -> Response:
        doc_id = request.query_params.get("doc")
        if not doc_id:
            raise RequestError(400, "name the document: /source?doc=ID")
        try:
            start = int(request.query_params.get("start", "0"))
            end = int(request.query_params.get("end", "0"))
        except ValueError:
            raise RequestError(400, "start and end must be whole numbers") from None
        try:
            doc = await run_in_threadpool(desk.source, doc_id)
        except FactcheckError as exc:
            raise RequestError(503, str(exc)) from None
        if doc is None:
            raise RequestError(404, "no such reference document")
        return html(render_source_page(doc, start, end))

    async def on_request_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestError)
        return error(exc.status, exc.message)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        words = {404: "not found", 405: "method not allowed"}
        return error(exc.status_code, words.get(exc.status_code, str(exc.detail)))

    async def on_crash(request: Request, exc: Exception) -> Response:
        traceback.print_exception(exc, file=sys.stderr)  # the server's log, not the client
        return error(500, "internal error (the server's log has the details)")

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/static/desk.js", script, methods=["GET"]),
        Route("/api/health", health, methods=["GET"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/report", api_report, methods=["POST"]),
        Route("/api/review", api_review, methods=["POST"]),
        Route("/source", source, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={
        RequestError: on_request_error, HTTPException: on_http, Exception: on_crash})


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(desk: Desk, *, host: str = "127.0.0.1", port: int = 8000,
          max_request_bytes: int = MAX_REQUEST_BYTES) -> None:
    """Run the desk with uvicorn until interrupted."""
    import uvicorn

    app = create_app(desk, max_request_bytes=max_request_bytes)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            server_header=False, lifespan="off")
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind (it has logged why)
        pass
    if not server.started:
        raise UsageError(f"cannot listen on {host}:{port}", hint="is the port in use? choose "
                         "another with --port")
