"""What an editor has already reviewed: suppressions and project configuration.

Suppressions silence a finding an editor has checked, without hiding it: suppressed findings
are counted in the summary.

* Inline, in the draft: ``<!-- factcheck: ignore -->`` on the line of the number.
* In a reviewed-findings file (TOML), by the stable fingerprint of a draft figure (its
  quantity and value: it survives a renamed draft and copy edits elsewhere in the sentence)
  or of a pair, written by ``factcheck review add FINGERPRINT --note "..." [--by NAME]``::

      [[reviewed]]
      fingerprint = "3f1c0a9e5b7d2c41"
      note = "USGS and ministry use different reserve definitions; both quoted"
      by = "J. Editor"
      date = "2026-11-29"

  A review that matches no figure or pair of the draft is reported as stale.

Configuration comes from ``factcheck.toml`` or ``[tool.factcheck]`` in ``pyproject.toml``
(the first found from the current directory upwards); command-line flags override it::

      [tool.factcheck]
      against = ["wires/", "archive.db"]   # reference paths for `check`
      fail-on = "conflict"                 # conflict | explained | unverified | consistent | never
      rules = ["rules/local-units.toml"]   # extra rule files
      reviewed = "factcheck-reviewed.toml" # reviewed-findings file
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import UsageError
from .models import Document, Finding, Report

INLINE = re.compile(r"<!--\s*factcheck:\s*ignore\s*-->", re.IGNORECASE)
FAIL_ON = ("conflict", "explained", "unverified", "consistent", "never")


@dataclass(frozen=True)
class Config:
    path: str | None = None
    against: tuple[str, ...] = ()
    fail_on: str | None = None
    rules: tuple[str, ...] = ()
    reviewed: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _err(path: Path, key: str, expected: str, got: object) -> UsageError:
    return UsageError(f"setting {key!r}: expected {expected}, found {got!r}", path=str(path))


def _from_table(table: dict[str, Any], path: Path) -> Config:
    known = {"against", "fail-on", "fail_on", "rules", "reviewed"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(f"unknown setting {unknown[0]!r}", path=str(path),
                         hint="known: against, fail-on, rules, reviewed")
    against = table.get("against", [])
    if isinstance(against, str):
        against = [against]
    if not isinstance(against, list) or not all(isinstance(a, str) for a in against):
        raise _err(path, "against", "a list of paths", against)
    fail_on = table.get("fail-on", table.get("fail_on"))
    if fail_on is not None and fail_on not in FAIL_ON:
        raise _err(path, "fail-on", " | ".join(FAIL_ON), fail_on)
    rules = table.get("rules", [])
    if isinstance(rules, str):
        rules = [rules]
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise _err(path, "rules", "a list of rule files", rules)
    reviewed = table.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, str):
        raise _err(path, "reviewed", "a file path", reviewed)
    base = path.parent

    def rel(p: str) -> str:
        return p if Path(p).is_absolute() else str(base / p)

    return Config(
        path=str(path),
        against=tuple(rel(a) for a in against),
        fail_on=fail_on,
        rules=tuple(rel(r) for r in rules),
        reviewed=rel(reviewed) if reviewed else None,
    )


def load_config(start: str | Path | None = None, explicit: str | None = None) -> Config:
    """The nearest factcheck.toml or [tool.factcheck], or an explicit --config file."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError("config file not found", path=explicit)
        return _read_config(path)
    here = Path(start or Path.cwd()).resolve()
    for directory in [here, *here.parents]:
        own = directory / "factcheck.toml"
        if own.is_file():
            return _read_config(own)
        py = directory / "pyproject.toml"
        if py.is_file():
            data = _toml(py)
            table = data.get("tool", {}).get("factcheck")
            if table is not None:
                return _from_table(table, py)
    return Config()


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read: {exc}", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"malformed TOML: {exc}", path=str(path)) from None


def _read_config(path: Path) -> Config:
    data = _toml(path)
    table = data.get("tool", {}).get("factcheck", data) if path.name == "pyproject.toml" else data
    if path.name != "pyproject.toml" and "factcheck" in data and isinstance(data["factcheck"], dict):
        table = data["factcheck"]
    return _from_table(table, path)


# -- suppressions ---------------------------------------------------------------------------
def reviewed_fingerprints(path: str | None, *, must_exist: bool = False) -> dict[str, str]:
    """fingerprint -> note (with reviewer and date), from a reviewed-findings file. A file
    named on the command line must exist (``must_exist``): a typo would silently un-review
    everything; one named by factcheck.toml may not exist yet."""
    if not path:
        return {}
    if not Path(path).is_file():
        if must_exist:
            raise UsageError("reviewed-findings file not found", path=path,
                             hint="create it with `factcheck review add FINGERPRINT --note ...`")
        return {}
    data = _toml(Path(path))
    entries = data.get("reviewed", [])
    if not isinstance(entries, list):
        raise UsageError("expected [[reviewed]] entries", path=path)
    out = {}
    for i, e in enumerate(entries, 1):
        fp = e.get("fingerprint") if isinstance(e, dict) else None
        if not isinstance(fp, str) or not is_fingerprint(fp):
            raise UsageError(f"[[reviewed]] entry {i}: expected fingerprint = \"<hex>\"", path=path)
        by = f"{e['by']}, " if isinstance(e.get("by"), str) and e["by"] else ""
        when = f"{e['date']}: " if isinstance(e.get("date"), str) and e["date"] else ""
        note = str(e.get("note", ""))
        out[fp] = f"{by}{when}{note}" if (by or when) else note
    return out


def _inline_ignored(doc: Document, start: int) -> bool:
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.find("\n", start)
    line = doc.text[line_start : line_end if line_end >= 0 else len(doc.text)]
    return bool(INLINE.search(line))


def apply_suppressions(
    report: Report, *, drafts: set[str], reviewed: dict[str, str] | None = None
) -> Report:
    """Mark findings an editor has reviewed (inline in the draft or in the reviewed file)."""
    reviewed = reviewed or {}
    docs = {d.id: d for d in report.documents}
    out: list[Finding] = []
    for f in report.findings:
        hit = f.fingerprint in reviewed
        for c in (f.a, f.b):
            if c.doc in drafts and c.doc in docs and _inline_ignored(docs[c.doc], c.start):
                hit = True
        out.append(replace(f, suppressed=True) if hit and not f.suppressed else f)
    return replace(report, findings=tuple(out))


def is_fingerprint(text: str) -> bool:
    """Whether ``text`` reads as a finding's or figure's fingerprint (8 to 64 hex digits)."""
    return re.fullmatch(r"[0-9a-f]{8,64}", text) is not None


def add_review(path: str, fingerprint: str, note: str, by: str | None = None,
               today: str | None = None) -> None:
    """Append one review (``factcheck review add``) to a reviewed-findings file, creating it:
    the fingerprint of a draft figure (or of a pair), the note, who and when. An existing
    file is validated first, and the entry is appended whole or not at all."""
    import datetime

    if not is_fingerprint(fingerprint):
        raise UsageError(f"not a fingerprint: {fingerprint!r}",
                         hint="copy it from the check report (16 hex digits)")
    if Path(path).is_file():
        reviewed_fingerprints(path)  # a malformed file is an error, not appended to
    date = today or datetime.date.today().isoformat()
    entry = (f'\n[[reviewed]]\nfingerprint = "{fingerprint}"\nnote = {json.dumps(note)}\n'
             + (f"by = {json.dumps(by)}\n" if by else "") + f'date = "{date}"\n')
    try:
        before = Path(path).read_text(encoding="utf-8") if Path(path).is_file() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read: {exc}", path=path) from None
    _replace_atomically(path, before + entry)


def _replace_atomically(path: str, content: str) -> None:
    """Write ``content`` to a temporary file beside ``path`` and rename it over ``path``: a
    reader (a check running at the same time, factcheck serve) sees the old file or the new
    one, never half of it. The file keeps its mode (a new one gets 0666 less the umask)."""
    from .files import replace_file

    replace_file(path, content, unchanged="the reviewed file is unchanged")


def write_reviewed_entry(path: str, finding: Finding, note: str = "") -> None:
    """Append one finding to a reviewed-findings file."""
    add_review(path, finding.fingerprint, note)
