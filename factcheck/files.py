"""Replacing a file all at once: what the CLI's ``-o``/``--annotate`` and the reviewed file
(``review add``, ``factcheck serve``) share."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import UsageError


def replace_file(path: str, content: str, *, open_hint: str | None = None,
                 unchanged: str = "the previous file, if any, is unchanged") -> None:
    """Write ``content`` to a temporary file beside ``path`` and rename it over ``path``: a
    reader sees the old file or the new one, never half of it, and an interrupted run leaves
    no half file. The file keeps the mode of the one it replaces (mkstemp makes 0600); a new
    file gets the mode open() would give (0666 less the umask). A failure is one
    ``UsageError`` naming the file (``open_hint``: what to do when no file can be made
    there; ``unchanged``: what is left as it was)."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:  # a FIFO, device or socket is never replaced by a regular file (as root: /dev/null)
        kind = os.stat(target).st_mode
    except (OSError, ValueError):
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        raise UsageError("not a regular file (a FIFO, device, socket or folder)", path=path,
                         hint=open_hint or "name a regular file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write: {exc.strerror}", path=path, hint=open_hint) from None
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write: {exc.strerror}", path=path,
                             hint=unchanged) from None
        raise


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
