"""The compiled-rules cache: what the rules compile to, kept between runs.

Every command starts by turning ``rules/`` into a unit table and an extractor. Two parts of
that are slow and the same on every run: pint (importing it, which also imports numpy and,
when installed, dask, then building its registry and resolving the news units: about a
second) and compiling the extractor's regular expressions (a few hundred patterns, most of
them long alternations built from the rule files). This module keeps both on disk:

- ``units-<key>.bin``: pint's answers the unit table asked for (conversion data per
  canonical unit, pint's name for a unit symbol), seeded with every unit the rules name and
  completed by each run with the units it met. The key hashes the rule files (names and
  bytes, extra files included), the package version, the source of ``units.py`` and the
  installed pint, so an edited rule file, an upgrade or another pint builds a new table. On
  a hit pint is not imported at all; a unit not yet in the table is asked of pint as before
  (then kept for the next run).
- ``regex-<key>.bin``: the compiled form of each pattern (what ``re`` hands to its C engine:
  the opcode list and group tables), keyed by the Python version. Loading a pattern from it
  skips ``re``'s parser and compiler, which are written in Python; the C engine validates
  the code it is given.

Files are marshal data behind a SHA-256 checksum and written atomically (a temporary file
in the same directory, then a rename), so a reader never sees half a file. A file that is
missing, unreadable, truncated, corrupt or of another format is ignored and rebuilt: the
cache can only save time, never change a result (the tests compare outputs with and
without it, byte for byte).

Where: ``$FACTCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/factcheck``, else
``~/.cache/factcheck`` (``%LOCALAPPDATA%\\factcheck\\cache`` on Windows). Set
``FACTCHECK_CACHE=off`` to neither read nor write it. Deleting the directory is always safe.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1  # bumped when the layout of a cache file changes
_MAGIC = b"factcheck-cache\x00"
_KEEP = 8  # files of each kind kept (the most recently written); older ones are removed
MAX_PATTERNS = 4096  # patterns kept in the regex cache


def enabled() -> bool:
    return os.environ.get("FACTCHECK_CACHE", "").strip().lower() not in ("off", "0", "no",
                                                                           "false")


def cache_dir() -> Path:
    """``$FACTCHECK_CACHE_DIR``, else the user cache directory (XDG on Linux and macOS)."""
    explicit = os.environ.get("FACTCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "factcheck" / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "factcheck"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def read(kind: str, key: str) -> Any:
    """The value stored for (kind, key), or None when there is none or it cannot be
    trusted (unreadable, truncated, corrupt, another format)."""
    if not enabled():
        return None
    try:
        blob = (cache_dir() / f"{kind}-{key[:32]}.bin").read_bytes()
        head = len(_MAGIC) + 32
        if len(blob) < head or not blob.startswith(_MAGIC):
            return None
        body = blob[head:]
        if hashlib.sha256(body).digest() != blob[len(_MAGIC):head]:
            return None
        stored = marshal.loads(body)
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == FORMAT
                and stored[1] == key):
            return None
        return stored[2]
    except Exception:  # noqa: BLE001 - any unreadable cache is only a miss
        return None


def write(kind: str, key: str, value: Any, directory: Path | None = None) -> bool:
    """Store ``value`` (marshal-able data) for (kind, key), atomically; False when the
    cache directory cannot be written (the run goes on without it)."""
    if not enabled():
        return False
    directory = directory or cache_dir()
    tmp = None
    try:
        body = marshal.dumps((FORMAT, key, value))
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + hashlib.sha256(body).digest() + body)
        target = directory / f"{kind}-{key[:32]}.bin"
        os.replace(tmp, target)
        tmp = None
        _prune(directory, kind, target)
        return True
    except Exception:  # noqa: BLE001 - a read-only or full disk only costs the next run time
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(directory: Path, kind: str, keep: Path) -> None:
    """Remove all but the newest ``_KEEP`` files of a kind (rules edited many times)."""
    try:
        files = sorted(directory.glob(f"{kind}-*.bin"), key=lambda p: p.stat().st_mtime_ns,
                       reverse=True)
        for old in files[_KEEP:]:
            if old != keep:
                old.unlink()
    except OSError:
        pass


# -- saving what a run learned, once, when it ends ------------------------------------------
# (kind, key) -> (the cache directory when the data was read, a callable returning the value)
_PENDING: dict[tuple[str, str], tuple[Path, Any]] = {}
_OWNER = os.getpid()


def save_at_exit(kind: str, key: str, value: Any) -> None:
    """Write (kind, key) when the process ends (``value`` a callable giving the data), once
    however often a run adds to it; a forked worker never writes its parent's caches."""
    if not enabled():
        return
    if not _PENDING:
        atexit.register(flush)
    if (kind, key) not in _PENDING:
        _PENDING[(kind, key)] = (cache_dir(), value)


def flush() -> None:
    if os.getpid() != _OWNER:
        _PENDING.clear()
        return
    while _PENDING:
        (kind, key), (directory, value) = _PENDING.popitem()
        write(kind, key, value(), directory)


# -- regular expressions --------------------------------------------------------------------
try:  # re's own compiler (Python 3.11+); without it patterns are compiled as usual
    import _sre
    from re import _compiler as _re_compiler  # type: ignore[attr-defined]
    from re import _parser as _re_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another implementation or version
    _sre = None  # type: ignore[assignment]

_REGEX_KEY = digest("regex", str(FORMAT), sys.version, sys.implementation.name)
_patterns: dict[tuple[str, int], tuple] | None = None
_used: set[tuple[str, int]] = set()


def _regex_store() -> dict[tuple[str, int], tuple]:
    global _patterns
    if _patterns is None:
        stored = read("regex", _REGEX_KEY)
        _patterns = stored if isinstance(stored, dict) else {}
    return _patterns


def _regex_value() -> dict[tuple[str, int], tuple]:
    store = _regex_store()
    if len(store) > MAX_PATTERNS:  # keep what this run used, then the rest up to the limit
        kept = {k: store[k] for k in _used if k in store}
        for k in store:
            if len(kept) >= MAX_PATTERNS:
                break
            kept.setdefault(k, store[k])
        return kept
    return store


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the regex cache when it holds the pattern."""
    flags = int(flags)
    if _sre is None or not enabled() or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    store = _regex_store()
    _used.add(key)
    hit = store.get(key)
    if hit is not None:
        try:
            return _sre.compile(pattern, *hit)
        except Exception:  # noqa: BLE001 - a stale or bad entry: compile it again
            store.pop(key, None)
    try:
        parsed = _re_parser.parse(pattern, flags)
        code = _re_compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        args = (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1,
                groupindex, tuple(indexgroup))
        rx = _sre.compile(pattern, *args)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - re's internals differ: compile as usual
        return re.compile(pattern, flags)
    store[key] = args
    save_at_exit("regex", _REGEX_KEY, _regex_value)
    return rx
