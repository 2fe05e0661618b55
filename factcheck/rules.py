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

from .errors import RuleError

RULE_FILES = (
    "units.toml", "cues.toml", "concepts.toml", "tolerances.toml", "match.toml", "sources.toml",
)
NUMBERS_FILE = "numbers.toml"  # optional: number formats of other languages
LINEAGE_FILE = "lineage.toml"  # optional: wire lineage (factcheck.lineage); off without it
BOUNDS = {"=", "~", ">", ">=", "<", "<="}
CHANGES = {"up", "down"}


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


def _validate_mapping(
    data: dict[str, Any], table: str, path: Path, text: str, check: Any, expected: str
) -> None:
    section = data.get(table, {})
    _expect(isinstance(section, dict), path, text, table, f"a [{table}] table")
    for key, value in section.items():
        _expect(check(value), path, text, f"{table}.{key}", expected)


def _validate_units(data: dict[str, Any], path: Path, text: str) -> None:
    def is_number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0

    _validate_mapping(data, "scale", path, text, is_number, "a positive number")
    _validate_mapping(data, "scale_abbrev", path, text, is_number, "a positive number")
    _validate_mapping(data, "scale_after_currency", path, text, is_number, "a positive number")
    _validate_mapping(
        data,
        "vague",
        path,
        text,
        lambda v: isinstance(v, list) and len(v) == 2 and all(is_number(x) for x in v),
        "a list [low, high] of two positive numbers",
    )
    for table in ("currency_symbols", "currency_words", "aliases", "special", "dateline_currency"):
        _validate_mapping(
            data, table, path, text, lambda v: isinstance(v, str) and v.strip(), "a non-empty string"
        )
    for name, amb in data.get("ambiguous", {}).items():
        rule = f"ambiguous.{name}"
        _expect(isinstance(amb, dict), path, text, rule, "a table")
        _expect(isinstance(amb.get("surface"), list), path, text, rule, "surface = [words]")
        readings = amb.get("readings")
        _expect(
            isinstance(readings, dict) and all(is_number(v) for v in readings.values()),
            path,
            text,
            rule,
            "readings = { name = factor, ... }",
        )
        _expect(amb.get("default") in readings, path, text, rule, "default = one of the readings")


def _validate_cues(data: dict[str, Any], path: Path, text: str) -> None:
    _validate_mapping(data, "bound_before", path, text, lambda v: v in BOUNDS, f"one of {sorted(BOUNDS)}")
    _validate_mapping(data, "bound_after", path, text, lambda v: v in BOUNDS, f"one of {sorted(BOUNDS)}")
    _validate_mapping(data, "change_verbs", path, text, lambda v: v in CHANGES, "'up' or 'down'")
    _validate_mapping(
        data, "multipliers", path, text,
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0,
        "a positive factor",
    )
    for table, key in (("attribution", "verbs"), ("attribution", "prefixes"),
                       ("attribution", "subjects"), ("attribution", "place_prepositions"),
                       ("attribution", "place_directions"), ("scope", "cues"),
                       ("forecast", "cues"), ("update", "cues"), ("revision", "cues"),
                       ("running", "cues"), ("running", "so_far"), ("running", "provisional"),
                       ("market", "cues"), ("period", "quarter"), ("period", "year"), ("scope", "narrowing"),
                       ("approx_below", "cues"), ("past", "cues"),
                       ("baseline", "before"), ("baseline", "after"),
                       ("roles", "age_before"), ("roles", "tenure_nouns"),
                       ("roles", "tenure_after"), ("roles", "span_before"),
                       ("roles", "span_after"), ("roles", "over_bound")):
        value = data.get(table, {}).get(key, [])
        _expect(
            isinstance(value, list) and all(isinstance(x, str) for x in value),
            path,
            text,
            f"{table}.{key}",
            "a list of strings",
        )


def _validate_concepts(data: dict[str, Any], path: Path, text: str) -> None:
    words = data.get("organisations", {}).get("words", [])
    _expect(isinstance(words, list) and all(isinstance(w, str) for w in words), path, text,
            "organisations.words", "a list of names")
    _validate_mapping(
        data,
        "groups",
        path,
        text,
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "a list of words",
    )
    _validate_mapping(data, "plural", path, text, lambda v: isinstance(v, str), "a singular word")
    spelling = data.get("spelling", {})
    _expect(
        isinstance(spelling.get("endings", []), list)
        and all(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) and x for x in e)
                for e in spelling.get("endings", [])),
        path, text, "spelling.endings", "a list of [british, american] word endings",
    )
    _expect(isinstance(spelling.get("min_length", 1), int), path, text,
            "spelling.min_length", "a whole number of letters")
    _validate_mapping(
        data,
        "unit_classes",
        path,
        text,
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "a list of singular nouns",
    )
    _validate_mapping(data, "implied_unit", path, text, lambda v: isinstance(v, str), "a unit word")
    groups = data.get("groups", {})
    for i, group in enumerate(data.get("exclusive", {}).get("sets", [])):
        _expect(
            isinstance(group, list) and all(g in groups for g in group),
            path,
            text,
            "sets",
            f"exclusive set {i + 1} to list keys of [groups]",
        )


def _validate_tolerances(data: dict[str, Any], path: Path, text: str) -> None:
    compare = data.get("compare", {})
    for key in ("approx", "relative", "ambiguous_unit_max"):
        _expect(
            isinstance(compare.get(key), (int, float)) and 0 <= compare[key] < 1,
            path,
            text,
            f"compare.{key}",
            "a fraction between 0 and 1",
        )
    precision = data.get("precision", {})
    _strict_keys(precision, {"exact_count_below", "round_max", "scale_max"}, "precision", path, text)
    for key, expected in (("exact_count_below", "a count (0 makes no count exact)"),
                          ("round_max", "a fraction between 0 and 1"),
                          ("scale_max", "a fraction between 0 and 1")):
        value = precision.get(key, 0)
        _expect(isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
                and (key == "exact_count_below" or value < 1), path, text, f"precision.{key}", expected)
    match = data.get("match", {})
    _strict_keys(match, {"min_story_overlap", "max_days_apart", "far_apart"}, "match", path, text)
    for key, expected in (("min_story_overlap", "a fraction between 0 and 1"),
                          ("max_days_apart", "a number of days"),
                          ("far_apart", "a factor above 1")):
        value = match.get(key)
        _expect(isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0,
                path, text, f"match.{key}", expected)


    retrieve = data.get("retrieve", {})
    _strict_keys(retrieve, {"top", "max_df", "names", "k1", "b", "window", "far", "pool",
                            "copy_posting"},
                 "retrieve", path, text)
    for key, expected in (("top", "a number of stories (at least 1)"),
                          ("max_df", "a number of stories (at least 1)"),
                          ("pool", "a number of stories (at least 1)"),
                          ("window", "a number of days"),
                          ("copy_posting", "a number of stories"),
                          ("names", "a weight (0 or more)"), ("k1", "a weight (0 or more)"),
                          ("b", "a fraction between 0 and 1"),
                          ("far", "a fraction between 0 and 1")):
        if key not in retrieve:
            continue
        value = retrieve[key]
        whole = key in ("top", "max_df", "pool", "window", "copy_posting")
        _expect(isinstance(value, int if whole else (int, float)) and not isinstance(value, bool)
                and value >= (1 if key in ("top", "max_df", "pool") else 0)
                and (key not in ("b", "far") or value <= 1), path, text, f"retrieve.{key}",
                expected)


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


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _validate_match(data: dict[str, Any], path: Path, text: str) -> None:
    """rules/match.toml, read strictly: every table and key is known, weights name features
    and vetoes name vetoes of the code."""
    from .match.pair_features import FEATURE_NAMES
    from .match.vetoes import VETO_IDS

    _strict_keys(data, {"schema", "model", "vetoes"}, "", path, text)
    _expect(data.get("schema") == 1, path, text, "schema", "schema = 1")
    model = data.get("model")
    _expect(isinstance(model, dict), path, text, "model", "a [model] table")
    _strict_keys(model, {"data", "commit", "fitted", "regularisation", "cv", "bias",
                         "pair_threshold", "flag_threshold", "margin", "same_doc_keep",
                         "flag_threshold_weak", "evidence_context", "weights"}, "model", path, text)
    _expect(_is_number(model.get("bias")), path, text, "model.bias", "a number")
    for key in ("pair_threshold", "flag_threshold"):
        _expect(_is_number(model.get(key)) and 0 < model[key] < 1, path, text, f"model.{key}",
                "a probability between 0 and 1")
    _expect(model["flag_threshold"] >= model["pair_threshold"], path, text,
            "model.flag_threshold", "at least model.pair_threshold")
    weak = model.get("flag_threshold_weak", model["flag_threshold"])
    _expect(_is_number(weak) and model["flag_threshold"] <= weak <= 1, path, text,
            "model.flag_threshold_weak", "a probability from model.flag_threshold to 1")
    ctx = model.get("evidence_context", 0.0)
    _expect(_is_number(ctx) and 0 <= ctx <= 1, path, text, "model.evidence_context",
            "a share between 0 and 1")
    _expect(_is_number(model.get("margin")) and model["margin"] >= 0, path, text,
            "model.margin", "a logit margin of 0 or more")
    _expect(isinstance(model.get("same_doc_keep", 3), int), path, text, "model.same_doc_keep",
            "a whole number")
    _expect(isinstance(model.get("cv", {}), dict), path, text, "model.cv", "a table of figures")
    weights = model.get("weights")
    _expect(isinstance(weights, dict), path, text, "weights", "a [model.weights] table")
    _strict_keys(weights, set(FEATURE_NAMES), "model.weights", path, text)
    for key, value in weights.items():
        _expect(_is_number(value), path, text, f"model.weights.{key}", "a number")
    vetoes = data.get("vetoes", [])
    _expect(isinstance(vetoes, list), path, text, "vetoes", "[[vetoes]] tables")
    for veto in vetoes:
        _strict_keys(veto, {"id", "why", "examples"}, "vetoes", path, text)
        _expect(veto.get("id") in VETO_IDS, path, text, "id", f"a veto id: one of {', '.join(VETO_IDS)}")
        _expect(isinstance(veto.get("why"), str) and veto["why"].strip(), path, text, "why",
                "a one-line reason")
        for ex in veto.get("examples", []):
            _strict_keys(ex, {"text", "a", "b", "a_date", "b_date", "vetoed", "note"},
                         "vetoes.examples", path, text)
            one = isinstance(ex.get("text"), str)
            two = isinstance(ex.get("a"), str) and isinstance(ex.get("b"), str)
            _expect(one != two, path, text, "examples",
                    "either text = one document, or a and b = two documents")
            _expect(isinstance(ex.get("vetoed"), bool), path, text, "vetoed", "true or false")


def _is_words(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)


def _validate_sources(data: dict[str, Any], path: Path, text: str) -> None:
    """rules/sources.toml, read strictly: every table and key is known."""
    _strict_keys(data, {"schema", "names", "sources", "examples"}, "", path, text)
    _expect(data.get("schema") == 1, path, text, "schema", "schema = 1")
    names = data.get("names", {})
    _expect(isinstance(names, dict), path, text, "names", "a [names] table")
    _strict_keys(names, {"ignore", "issued", "speakers", "heads", "connectors", "places",
                         "nobody", "days"}, "names", path, text)
    for key in ("ignore", "issued", "speakers", "heads", "connectors", "nobody", "days"):
        _expect(_is_words(names.get(key, [])), path, text, f"names.{key}", "a list of words")
    _validate_mapping(names, "places", path, text, lambda v: isinstance(v, str) and v.strip(),
                      "a place name")
    seen: dict[str, str] = {}
    for src in data.get("sources", []):
        _expect(isinstance(src, dict), path, text, "sources", "[[sources]] tables")
        _strict_keys(src, {"name", "aliases", "note"}, "sources", path, text)
        _expect(isinstance(src.get("name"), str) and src["name"].strip(), path, text, "name",
                "name = the source's canonical name")
        _expect(_is_words(src.get("aliases", [])), path, text, "aliases",
                "aliases = [other names]")
        for alias in (src["name"], *src.get("aliases", [])):
            other = seen.setdefault(alias.lower(), src["name"])
            _expect(other == src["name"], path, text, alias,
                    f"one source per name ({alias!r} is also an alias of {other!r})")
    for ex in data.get("examples", []):
        _strict_keys(ex, {"a", "b", "text", "text_a", "text_b", "same", "note"}, "examples",
                     path, text)
        _expect(isinstance(ex.get("a"), str) and isinstance(ex.get("b"), str), path, text,
                "examples", "a = name, b = name")
        _expect(isinstance(ex.get("same"), bool), path, text, "same", "true or false")
        _expect(not ("text" in ex and ("text_a" in ex or "text_b" in ex)), path, text, "text",
                "either text = one article or text_a / text_b = the article of each")


def _validate_numbers(data: dict[str, Any], path: Path, text: str) -> None:
    langs = data.get("languages", {})
    _expect(isinstance(langs, dict), path, text, "languages", "[languages.CODE] tables")
    for code, spec in langs.items():
        _expect(isinstance(spec, dict), path, text, f"languages.{code}", "a table")
        _strict_keys(spec, {"decimal", "stopwords", "connectors", "scale", "currency_words",
                            "units", "number_words", "scale_only", "capitalised_nouns",
                            "plural_endings"},
                     f"languages.{code}", path, text)
        _expect(isinstance(spec.get("capitalised_nouns", False), bool), path, text,
                "capitalised_nouns", "true or false")
        _expect(spec.get("decimal") in ("comma", "point"), path, text, "decimal",
                'decimal = "comma" or "point"')
        for key in ("stopwords", "connectors", "scale_only"):
            words = spec.get(key, [])
            _expect(isinstance(words, list) and all(isinstance(w, str) and w for w in words),
                    path, text, key, f"{key} = [words]")
        for key, check, expected in (
            ("scale", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
             and v > 0, "a positive number"),
            ("currency_words", lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v),
             'a three-letter ISO code such as "EUR"'),
            ("units", lambda v: isinstance(v, str) and v.strip() != "", "a unit name"),
            ("number_words", lambda v: isinstance(v, int) and not isinstance(v, bool)
             and v >= 0, "a whole number"),
            ("plural_endings", lambda v: isinstance(v, str), "the singular ending (a string)"),
        ):
            table = spec.get(key, {})
            _expect(isinstance(table, dict), path, text, key, f"a [languages.{code}.{key}] table")
            for k, v in table.items():
                _expect(bool(check(v)), path, text, k, expected)
    _strict_keys(data, {"languages", "english_lookalikes", "detector", "examples"},
                 "numbers.toml", path, text)
    detector = data.get("detector", {})
    _expect(isinstance(detector, dict), path, text, "detector", "a [detector] table")
    _strict_keys(detector, {"min_probability"}, "detector", path, text)
    prob = detector.get("min_probability", 0.9)
    _expect(isinstance(prob, (int, float)) and not isinstance(prob, bool) and 0 <= prob <= 1,
            path, text, "min_probability", "a probability between 0 and 1")
    looks = data.get("english_lookalikes", [])
    _expect(isinstance(looks, list) and all(isinstance(w, str) for w in looks), path, text,
            "english_lookalikes", "english_lookalikes = [words]")
    for ex in data.get("examples", []):
        _strict_keys(ex, {"text", "value", "unit", "number_format", "note"}, "examples",
                     path, text)
        _expect(isinstance(ex.get("text"), str) and isinstance(ex.get("value"), (int, float)),
                path, text, "examples", "text = sentence, value = number")


def _validate_lineage(data: dict[str, Any], path: Path, text: str) -> None:
    """rules/lineage.toml, read strictly: every table and key is known."""
    _strict_keys(data, {"schema", "copy", "credits", "agencies", "examples"}, "", path, text)
    copy = data.get("copy", {})
    _expect(isinstance(copy, dict), path, text, "copy", "a [copy] table")
    ints = {"shingle", "sample", "min_words", "min_shared", "max_posting",
            "document_sentences", "document_words"}
    shares = {"min_containment", "quoted", "formula_share"}
    _strict_keys(copy, ints | shares | {"min_ratio", "max_days"}, "copy", path, text)
    if "max_days" in copy:
        v = copy["max_days"]
        _expect(isinstance(v, int) and not isinstance(v, bool) and v >= 0, path, text,
                "copy.max_days", "a whole number of days, 0 or more")
    if "min_ratio" in copy:
        _expect(_is_number(copy["min_ratio"]) and 0 <= copy["min_ratio"] <= 100, path, text,
                "copy.min_ratio", "a score between 0 and 100")
    for key in ints:
        if key in copy:
            v = copy[key]
            _expect(isinstance(v, int) and not isinstance(v, bool) and v >= 1, path, text,
                    f"copy.{key}", "a whole number of at least 1")
    for key in shares:
        if key in copy:
            _expect(_is_number(copy[key]) and 0 <= copy[key] <= 1, path, text, f"copy.{key}",
                    "a share between 0 and 1")
    credits = data.get("credits", {})
    _expect(isinstance(credits, dict), path, text, "credits", "a [credits] table")
    _strict_keys(credits, {"dateline", "document", "sentence"}, "credits", path, text)
    if "dateline" in credits:
        try:
            pat = re.compile(credits["dateline"])
        except (re.error, TypeError) as exc:
            raise RuleError(f"rule 'credits.dateline': not a regular expression ({exc})",
                            path=str(path), line=_line_of(text, "dateline")) from None
        _expect("agency" in pat.groupindex, path, text, "credits.dateline",
                "a pattern with a (?P<agency>...) group")
    for key in ("document", "sentence"):
        forms = credits.get(key, [])
        _expect(isinstance(forms, list) and all(isinstance(f, str) and "{agency}" in f
                                                for f in forms),
                path, text, f"credits.{key}", 'a list of forms with "{agency}" in each')
    for a in data.get("agencies", []):
        _expect(isinstance(a, dict), path, text, "agencies", "[[agencies]] tables")
        _strict_keys(a, {"name", "aliases", "note"}, "agencies", path, text)
        _expect(isinstance(a.get("name"), str) and a["name"].strip() != "", path, text,
                "agencies", "name = the agency's name")
        _expect(_is_words(a.get("aliases", [])), path, text, "aliases", "aliases = [names]")
    for ex in data.get("examples", []):
        _strict_keys(ex, {"text", "source", "agency", "a", "b", "copy", "quote", "note"},
                     "examples", path, text)
        _expect((isinstance(ex.get("text"), str) and isinstance(ex.get("agency"), str))
                or (isinstance(ex.get("a"), str) and isinstance(ex.get("b"), str)
                    and isinstance(ex.get("copy"), bool)), path, text, "examples",
                "text = a document and agency = its credit, or a, b = sentences and "
                "copy = true/false")


_VALIDATORS = {
    "units.toml": _validate_units,
    "cues.toml": _validate_cues,
    "concepts.toml": _validate_concepts,
    "tolerances.toml": _validate_tolerances,
    "match.toml": _validate_match,
    "sources.toml": _validate_sources,
}


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
        _VALIDATORS[name](data, path, text)
        loaded[name] = data
    # numbers.toml is optional: a rules directory from before it reads English only
    numbers: dict[str, Any] = {}
    if (root / NUMBERS_FILE).is_file():
        numbers, text = _load_toml(root / NUMBERS_FILE)
        _validate_numbers(numbers, root / NUMBERS_FILE, text)
        read += [NUMBERS_FILE, text]
    lineage: dict[str, Any] = {}
    if (root / LINEAGE_FILE).is_file():
        lineage, text = _load_toml(root / LINEAGE_FILE)
        _validate_lineage(lineage, root / LINEAGE_FILE, text)
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
        _VALIDATORS[target](merged, path, text)
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
