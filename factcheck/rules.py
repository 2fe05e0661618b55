"""Load and validate the editable rule files under ``rules/``.

The rule files are data an editor may change without touching code (see each file's header
for its syntax). They are read once per process and cached. A malformed file fails with a
:class:`~factcheck.errors.RuleError` naming the file, the line, the rule and what was expected.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import rule_schema
from .errors import RuleError

RULE_FILES = (
    "units.toml", "cues.toml", "concepts.toml", "tolerances.toml", "match.toml", "sources.toml",
)
NUMBERS_FILE = "numbers.toml"  # number words, fractions, and the formats of other languages
LINEAGE_FILE = "lineage.toml"  # optional: wire lineage (factcheck.lineage); off without it


def default_rules_dir() -> Path:
    """The installed copy (inside the wheel) or, in a source checkout, the top-level rules/."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


@dataclass(frozen=True, eq=False)
class Rules:
    """Everything read from rules/, validated."""

    directory: Path
    units: dict[str, Any]
    cues: dict[str, Any]
    concepts: dict[str, Any]
    tolerances: dict[str, Any]
    pint_files: tuple[Path, ...]
    match: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    lineage: dict[str, Any] = field(default_factory=dict)
    # a hash of the files read (names and contents, extra files included): what the
    # compiled-rules cache (factcheck.cache) is keyed by; "" for rules built by hand
    fingerprint: str = ""

    def examples(self, name: str) -> list[dict[str, Any]]:
        return list(getattr(self, name).get("examples", []))


def phrases(words: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for a list of words and phrases from rules/ (whole
    words, longest first), or None for an empty list."""
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _load_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        raise RuleError(f"cannot read rule file: {exc.strerror}", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise RuleError(
            f"rule file is not UTF-8 (byte {exc.start})", path=str(path), hint="save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else None
        col = int(found.group(2)) if found else None
        msg = str(exc).split(" (at line")[0]
        raise RuleError(
            f"malformed TOML: {msg}",
            path=str(path),
            line=line,
            column=col,
            hint="expected `key = value` lines under [table] headers; see the file's header",
        ) from None


def _expect(cond: bool, path: Path, text: str, rule: str, expected: str) -> None:
    if not cond:
        raise RuleError(
            f"rule {rule!r}: expected {expected}",
            path=str(path),
            line=_line_of(text, rule.split(".")[-1].strip('"')),
        )


def _validate_units(data: dict[str, Any], path: Path, text: str) -> None:
    for name, amb in data.get("ambiguous", {}).items():
        _expect(amb["default"] in amb["readings"], path, text, f"ambiguous.{name}",
                "default = one of the readings")


def _validate_concepts(data: dict[str, Any], path: Path, text: str) -> None:
    groups = data.get("groups", {})
    for i, group in enumerate(data.get("exclusive", {}).get("sets", [])):
        _expect(all(g in groups for g in group), path, text, "sets",
                f"exclusive set {i + 1} to list keys of [groups]")


def _strict_keys(table: Any, allowed: set[str], where: str, path: Path, text: str) -> None:
    """Unknown keys are an error naming the file, the line and the nearest known key."""
    import difflib

    if not isinstance(table, dict):
        return
    for key in table:
        if key not in allowed:
            near = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; known keys: {', '.join(sorted(allowed))}"
            raise RuleError(
                f"unknown key {where + '.' if where else ''}{key!r}{hint}",
                path=str(path),
                line=_line_of(text, key),
            )


def _validate_match(data: dict[str, Any], path: Path, text: str) -> None:
    """What the schema of match.toml cannot say: weights name features and vetoes name
    vetoes of the code, and the thresholds are in order."""
    from .match.pair_features import FEATURE_NAMES
    from .match.vetoes import VETO_IDS

    model = data["model"]
    for key in ("pair_threshold", "flag_threshold"):
        _expect(0 < model[key] < 1, path, text, f"model.{key}", "a probability between 0 and 1")
    _expect(model["flag_threshold"] >= model["pair_threshold"], path, text,
            "model.flag_threshold", "at least model.pair_threshold")
    _expect(model["flag_threshold"] <= model["flag_threshold_weak"] <= 1, path, text,
            "model.flag_threshold_weak", "a probability from model.flag_threshold to 1")
    _expect(0 <= model["evidence_context"] <= 1, path, text, "model.evidence_context",
            "a share between 0 and 1")
    _expect(model["margin"] >= 0, path, text, "model.margin", "a logit margin of 0 or more")
    _strict_keys(model["weights"], set(FEATURE_NAMES), "model.weights", path, text)
    for veto in data.get("vetoes", []):
        _expect(veto["id"] in VETO_IDS, path, text, "id",
                f"a veto id: one of {', '.join(VETO_IDS)}")
        for ex in veto.get("examples", []):
            one = isinstance(ex.get("text"), str)
            two = isinstance(ex.get("a"), str) and isinstance(ex.get("b"), str)
            _expect(one != two, path, text, "examples",
                    "either text = one document, or a and b = two documents")


def _validate_sources(data: dict[str, Any], path: Path, text: str) -> None:
    """What the schema of sources.toml cannot say: one source per name."""
    seen: dict[str, str] = {}
    for src in data.get("sources", []):
        for alias in (src["name"], *src.get("aliases", [])):
            other = seen.setdefault(alias.lower(), src["name"])
            _expect(other == src["name"], path, text, alias,
                    f"one source per name ({alias!r} is also an alias of {other!r})")
    for ex in data.get("examples", []):
        _expect(not ("text" in ex and ("text_a" in ex or "text_b" in ex)), path, text, "text",
                "either text = one article or text_a / text_b = the article of each")


def _validate_lineage(data: dict[str, Any], path: Path, text: str) -> None:
    """What the schema of lineage.toml cannot say: the dateline is a pattern with an agency
    group, and each example is one of two kinds."""
    credits = data.get("credits", {})
    if "dateline" in credits:
        try:
            pat = re.compile(credits["dateline"])
        except (re.error, TypeError) as exc:
            raise RuleError(f"rule 'credits.dateline': not a regular expression ({exc})",
                            path=str(path), line=_line_of(text, "dateline")) from None
        _expect("agency" in pat.groupindex, path, text, "credits.dateline",
                "a pattern with a (?P<agency>...) group")
    for ex in data.get("examples", []):
        _expect((isinstance(ex.get("text"), str) and isinstance(ex.get("agency"), str))
                or (isinstance(ex.get("a"), str) and isinstance(ex.get("b"), str)
                    and isinstance(ex.get("copy"), bool)), path, text, "examples",
                "text = a document and agency = its credit, or a, b = sentences and "
                "copy = true/false")


def _no_more(data: dict[str, Any], path: Path, text: str) -> None:
    """A file whose schema says everything."""


# what each file's schema (factcheck.rule_schema) cannot say, checked after it
_VALIDATORS = {
    "units.toml": _validate_units,
    "cues.toml": _no_more,
    "concepts.toml": _validate_concepts,
    "tolerances.toml": _no_more,
    "match.toml": _validate_match,
    "sources.toml": _validate_sources,
    NUMBERS_FILE: _no_more,
    LINEAGE_FILE: _validate_lineage,
}


def _validate(name: str, data: dict[str, Any], path: Path, text: str) -> None:
    rule_schema.check(name, data, path, text)
    _VALIDATORS[name](data, path, text)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list) and key != "examples":
            out[key] = out[key] + value
        else:
            out[key] = value
    return out


def load_rules(directory: str | Path | None = None, extra: tuple[str, ...] = ()) -> Rules:
    """Read rules/ (or ``directory``), then merge any extra rule files over it."""
    return _load_rules(str(directory) if directory else None, tuple(str(e) for e in extra))


@lru_cache(maxsize=8)
def _load_rules(directory: str | None, extra: tuple[str, ...]) -> Rules:
    root = Path(directory) if directory else default_rules_dir()
    if not root.is_dir():
        raise RuleError("rules directory not found", path=str(root), hint="pass --rules DIR")
    loaded: dict[str, dict[str, Any]] = {}
    read: list[str] = []  # name and text of each file, for the fingerprint
    for name in RULE_FILES:
        path = root / name
        data, text = _load_toml(path)
        read += [name, text]
        _validate(name, data, path, text)
        loaded[name] = data
    # numbers.toml is required: the extractor reads its English number words and fractions
    numbers, text = _load_toml(root / NUMBERS_FILE)
    _validate(NUMBERS_FILE, numbers, root / NUMBERS_FILE, text)
    _expect("number_words" in numbers.get("languages", {}).get("en", {}), root / NUMBERS_FILE,
            text, "languages.en.number_words", "the English number words ([languages.en."
            "number_words]: the extractor reads them)")
    read += [NUMBERS_FILE, text]
    lineage: dict[str, Any] = {}
    if (root / LINEAGE_FILE).is_file():
        lineage, text = _load_toml(root / LINEAGE_FILE)
        _validate(LINEAGE_FILE, lineage, root / LINEAGE_FILE, text)
        read += [LINEAGE_FILE, text]
    pint_files = tuple(sorted(root.glob("*.pint")))
    for item in extra:
        path = Path(item)
        if path.suffix == ".pint":
            pint_files = pint_files + (path,)
            continue
        data, text = _load_toml(path)
        read += [f"extra:{path.name}", text]
        # An extra file extends whichever standard file it names in its stem, else units.
        target = next((n for n in RULE_FILES if n.split(".")[0] in path.stem), "units.toml")
        merged = _merge(loaded[target], data)
        _validate(target, merged, path, text)
        loaded[target] = merged
    return Rules(
        directory=root,
        units=loaded["units.toml"],
        cues=loaded["cues.toml"],
        concepts=loaded["concepts.toml"],
        tolerances=loaded["tolerances.toml"],
        pint_files=pint_files,
        match=loaded["match.toml"],
        sources=loaded["sources.toml"],
        numbers=numbers,
        lineage=lineage,
        fingerprint=_fingerprint(read, pint_files),
    )


def _fingerprint(read: list[str], pint_files: tuple[Path, ...]) -> str:
    """A hash of the rule files' names and contents; "" when a pint file cannot be read
    (then nothing is cached, and the registry reports the file as before)."""
    h = hashlib.sha256()
    parts: list[bytes] = [p.encode("utf-8", "surrogatepass") for p in read]
    try:
        for path in pint_files:
            parts += [f"pint:{path.name}".encode(), path.read_bytes()]
    except OSError:
        return ""
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()
