"""The shape of every rule file: which tables and keys it may hold and what each value is.

Each file under ``rules/`` has a schema here (``SCHEMAS``), written as data: a ``Table`` has
fixed keys (an unknown key is an error with the nearest known key: "did you mean"), a
``Words`` map has free keys (a vocabulary: its keys are words, each value is checked), an
``Array`` is a list of tables (``[[examples]]``) and a ``Leaf`` is one value with its check.
A key a ``Table`` lists as required must be in the file: the code reads it without a
default. ``check`` walks a loaded file against its schema and raises a
:class:`~factcheck.errors.RuleError` naming the file, the line and the rule; what a schema
cannot say (one field against another, a veto id the code knows) stays in
:mod:`factcheck.rules`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import RuleError

BOUNDS = {"=", "~", ">", ">=", "<", "<="}
CHANGES = {"up", "down"}


@dataclass(frozen=True)
class Leaf:
    check: Callable[[Any], bool]
    expected: str


@dataclass(frozen=True)
class Table:
    keys: Mapping[str, Spec]
    required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Words:
    """A table whose keys are free (words, names, codes); every value is ``value``. With
    ``keys``, a key must match that pattern (``keys_are`` says what it is)."""

    value: Spec
    keys: str = ""
    keys_are: str = ""


@dataclass(frozen=True)
class Array:
    item: Table


Spec = Leaf | Table | Words | Array


def table(required: str = "", **keys: Spec) -> Table:
    return Table(keys, frozenset(required.split()))


# -- values ----------------------------------------------------------------------------------
def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _words(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)


ANY = Leaf(lambda v: True, "anything")
WORDS = Leaf(_words, "a list of words")
TEXT = Leaf(lambda v: isinstance(v, str), "a string")
NAME = Leaf(lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string")
BOOL = Leaf(lambda v: isinstance(v, bool), "true or false")
NUMBER = Leaf(_number, "a number")
POSITIVE = Leaf(lambda v: _number(v) and v > 0, "a positive number")
FRACTION = Leaf(lambda v: _number(v) and 0 <= v < 1, "a fraction between 0 and 1")
SHARE = Leaf(lambda v: _number(v) and 0 <= v <= 1, "a share between 0 and 1")
COUNT = Leaf(lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
             "a whole number, 0 or more")
AT_LEAST_ONE = Leaf(lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
                    "a whole number of at least 1")
SCHEMA = Leaf(lambda v: v == 1, "schema = 1")
BOUND = Leaf(lambda v: v in BOUNDS, f"one of {sorted(BOUNDS)}")
CHANGE = Leaf(lambda v: v in CHANGES, "'up' or 'down'")
NUMBER_OR_TEXT = Leaf(lambda v: _number(v) or isinstance(v, str), "a number or a string")

_NAMES = Leaf(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
              "a list of names")

# -- the files -------------------------------------------------------------------------------
_EXTRACT_EXAMPLE = table(
    "text value", text=NAME, value=NUMBER, unit=TEXT, dimension=TEXT, bound=BOUND,
    change=CHANGE, ambiguous=BOOL, attribution=TEXT, time=TEXT, scope=TEXT, role=TEXT,
    note=TEXT)
_PAIR_EXAMPLE = table("a b pair", a=NAME, b=NAME, pair=BOOL, known_failure=NAME, note=TEXT)

UNITS = table(
    "schema not_units",
    schema=SCHEMA,
    scale=Words(POSITIVE), scale_abbrev=Words(POSITIVE), scale_after_currency=Words(POSITIVE),
    vague=Words(Leaf(lambda v: isinstance(v, list) and len(v) == 2
                     and all(_number(x) and x > 0 for x in v),
                     "a list [low, high] of two positive numbers")),
    currency_symbols=Words(NAME), currency_words=Words(NAME), aliases=Words(NAME),
    special=Words(NAME), dateline_currency=Words(NAME),
    # checked value by value where they are read (factcheck.units), with their own messages
    contextual=Array(table(surface=ANY, unit=ANY, cues=ANY, note=TEXT)),
    not_units=table("symbols hyphen_words of_not_noun pre_noun not_noun", symbols=WORDS,
                    hyphen_words=WORDS, of_not_noun=WORDS, pre_noun=WORDS, not_noun=WORDS),
    magnitude=table(nouns=WORDS, scales=WORDS),
    temperature=table("bare_degrees fahrenheit_above", bare_degrees=NAME,
                      fahrenheit_above=NUMBER, cues=WORDS),
    dateline_keeps_usd=table(cues=WORDS),
    rates=Words(ANY, keys=r"date|source|base|[A-Z]{3}",
                keys_are="date, source, base or a three-letter currency code"),
    ambiguous=Words(table("surface readings default", surface=WORDS,
                          readings=Words(POSITIVE), default=NAME, note=TEXT)),
    examples=Array(_EXTRACT_EXAMPLE),
)

CUES = table(
    "schema total time_words",
    schema=SCHEMA,
    bound_before=Words(BOUND), bound_after=Words(BOUND),
    change_verbs=Words(CHANGE), change_verbs_with_by=Words(CHANGE), change_nouns=Words(CHANGE),
    phrasal=table(verbs=WORDS),
    multipliers=Words(Leaf(lambda v: _number(v) and v > 0, "a positive factor")),
    attribution=table("subject_words said", verbs=WORDS, prefixes=WORDS, name_prefixes=WORDS,
                      report_verbs=WORDS, participles=WORDS, place_prepositions=WORDS,
                      place_directions=WORDS, subjects=WORDS, subject_words=WORDS, said=WORDS),
    scope=table(cues=WORDS, narrowing=WORDS, composition=WORDS),
    time_words=table("after when_parts durations", after=WORDS, when_parts=WORDS,
                     durations=WORDS),
    forecast=table(cues=WORDS), update=table(cues=WORDS), revision=table(cues=WORDS),
    total=table("words", words=WORDS),
    market=table(cues=WORDS), past=table(cues=WORDS), approx_below=table(cues=WORDS),
    running=table(cues=WORDS, so_far=WORDS, provisional=WORDS),
    period=table(quarter=WORDS, year=WORDS),
    baseline=table(before=WORDS, after=WORDS),
    roles=table(age_before=WORDS, tenure_nouns=WORDS, tenure_after=WORDS, span_before=WORDS,
                span_after=WORDS, over_bound=WORDS),
    examples=Array(_EXTRACT_EXAMPLE),
    compare_examples=Array(table("a verdict", a=NAME, b=NAME, verdict=NAME, explanation=NAME,
                                 note=TEXT)),
)

CONCEPTS = table(
    "schema stopwords entities function_words",
    schema=SCHEMA,
    groups=Words(WORDS),
    exclusive=table(sets=Leaf(lambda v: isinstance(v, list) and all(_words(s) for s in v),
                              "a list of lists of [groups] keys")),
    unit_classes=Words(WORDS),
    plural=Words(Leaf(lambda v: isinstance(v, str), "a singular word")),
    implied_unit=Words(Leaf(lambda v: isinstance(v, str), "a unit word")),
    stopwords=table("words units links", words=WORDS, units=WORDS, links=WORDS),
    function_words=table("words not_name", words=WORDS, not_name=WORDS),
    entities=table("not_entity place_before", not_entity=WORDS, place_before=WORDS),
    entity_examples=Array(table("text subject", text=NAME, subject=_NAMES, entities=_NAMES,
                                note=TEXT)),
    coverage=table(places=WORDS),
    organisations=table(words=WORDS),
    spelling=table("min_length", min_length=Leaf(
        lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number of letters"),
        endings=Leaf(lambda v: isinstance(v, list) and all(
            isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) and x for x in e)
            for e in v), "a list of [british, american] word endings")),
    spelling_examples=Array(table("a b same", a=NAME, b=NAME, same=BOOL, note=TEXT)),
    examples=Array(_PAIR_EXAMPLE),
)

TOLERANCES = table(
    "schema compare precision match retrieve",
    schema=SCHEMA,
    compare=table("approx rounding relative ambiguous_unit_max open_bound_factor",
                  approx=FRACTION, rounding=BOOL, relative=FRACTION,
                  ambiguous_unit_max=FRACTION,
                  open_bound_factor=Leaf(lambda v: _number(v) and v >= 1, "a factor of 1 or more")),
    precision=table("exact_count_below round_max scale_max",
                    exact_count_below=Leaf(lambda v: _number(v) and v >= 0,
                                           "a count (0 makes no count exact)"),
                    round_max=FRACTION, scale_max=FRACTION),
    match=table("min_story_overlap max_days_apart far_apart",
                min_story_overlap=FRACTION,
                max_days_apart=Leaf(lambda v: _number(v) and v >= 0, "a number of days"),
                far_apart=Leaf(lambda v: _number(v) and v > 1, "a factor above 1")),
    retrieve=table(
        "top max_df names k1 b window far pool copy_posting",
        top=AT_LEAST_ONE, max_df=AT_LEAST_ONE, pool=AT_LEAST_ONE,
        window=Leaf(lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
                    "a number of days"),
        copy_posting=Leaf(lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
                          "a number of stories"),
        names=Leaf(lambda v: _number(v) and v >= 0, "a weight (0 or more)"),
        k1=Leaf(lambda v: _number(v) and v >= 0, "a weight (0 or more)"),
        b=SHARE, far=SHARE),
    match_examples=Array(_PAIR_EXAMPLE),
    examples=Array(table("a b verdict", a=NAME, b=NAME, verdict=NAME, note=TEXT)),
)

MATCH = table(
    "schema model",
    schema=SCHEMA,
    model=table(
        "bias pair_threshold flag_threshold margin same_doc_keep flag_threshold_weak "
        "evidence_context weights",
        data=TEXT, commit=TEXT, fitted=TEXT, regularisation=TEXT, cv=Words(NUMBER_OR_TEXT),
        bias=NUMBER, pair_threshold=NUMBER, flag_threshold=NUMBER, margin=NUMBER,
        same_doc_keep=Leaf(lambda v: isinstance(v, int) and not isinstance(v, bool),
                           "a whole number"),
        flag_threshold_weak=NUMBER, evidence_context=NUMBER,
        # the feature names are the code's (factcheck.rules checks them)
        weights=Words(NUMBER)),
    vetoes=Array(table("id why", id=NAME, why=NAME, examples=Array(table(
        "vetoed", text=TEXT, a=TEXT, b=TEXT, a_date=TEXT, b_date=TEXT, vetoed=BOOL,
        note=TEXT)))),
)

SOURCES = table(
    "schema",
    schema=SCHEMA,
    names=table(ignore=WORDS, issued=WORDS, speakers=WORDS, heads=WORDS, connectors=WORDS,
                nobody=WORDS, days=WORDS, places=Words(Leaf(
                    lambda v: isinstance(v, str) and v.strip() != "", "a place name"))),
    sources=Array(table("name", name=Leaf(lambda v: isinstance(v, str) and v.strip() != "",
                                          "name = the source's canonical name"),
                        aliases=Leaf(_words, "aliases = [other names]"), note=TEXT)),
    examples=Array(table("a b same", a=TEXT, b=TEXT, text=TEXT, text_a=TEXT, text_b=TEXT,
                         same=BOOL, note=TEXT)),
)

_LANGUAGE = table(
    "",
    decimal=Leaf(lambda v: v in ("comma", "point"), 'decimal = "comma" or "point"'),
    stopwords=WORDS, connectors=WORDS, scale_only=WORDS, capitalised_nouns=BOOL,
    scale=Words(POSITIVE),
    currency_words=Words(Leaf(lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v)
                              is not None, 'a three-letter ISO code such as "EUR"')),
    units=Words(NAME),
    number_words=Words(COUNT),
    plural_endings=Words(Leaf(lambda v: isinstance(v, str), "the singular ending (a string)")),
)

_RATIO = Leaf(lambda v: isinstance(v, list) and len(v) == 2 and all(
    isinstance(x, int) and not isinstance(x, bool) and x > 0 for x in v),
    "[numerator, denominator], two positive whole numbers")

NUMBERS = table(
    "schema detector languages fraction_words unicode_fractions",
    schema=SCHEMA,
    languages=Words(_LANGUAGE),
    fraction_words=Words(_RATIO),
    unicode_fractions=Words(_RATIO),
    english_lookalikes=WORDS,
    detector=table("min_probability", min_probability=SHARE),
    examples=Array(table("text value", text=NAME, value=NUMBER, unit=TEXT, number_format=TEXT,
                         note=TEXT)),
)

LINEAGE = table(
    "schema copy",
    schema=SCHEMA,
    copy=table(
        "shingle sample min_words min_containment min_shared min_ratio max_days max_posting "
        "document_sentences document_words quoted formula_share",
        shingle=AT_LEAST_ONE, sample=AT_LEAST_ONE, min_words=AT_LEAST_ONE,
        min_shared=AT_LEAST_ONE, max_posting=AT_LEAST_ONE, document_sentences=AT_LEAST_ONE,
        document_words=AT_LEAST_ONE, min_containment=SHARE, quoted=SHARE, formula_share=SHARE,
        min_ratio=Leaf(lambda v: _number(v) and 0 <= v <= 100, "a score between 0 and 100"),
        max_days=Leaf(lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
                      "a whole number of days, 0 or more")),
    credits=table(dateline=TEXT,
                  document=Leaf(lambda v: _words(v) and all("{agency}" in f for f in v),
                                'a list of forms with "{agency}" in each'),
                  sentence=Leaf(lambda v: _words(v) and all("{agency}" in f for f in v),
                                'a list of forms with "{agency}" in each')),
    boilerplate=table(phrases=Leaf(_words, "phrases = [stock phrases]")),
    agencies=Array(table("name", name=NAME, aliases=Leaf(_words, "aliases = [names]"),
                         note=TEXT)),
    examples=Array(table(text=TEXT, source=TEXT, agency=TEXT, a=TEXT, b=TEXT, copy=BOOL,
                         quote=BOOL, note=TEXT)),
)

SCHEMAS: dict[str, Table] = {
    "units.toml": UNITS, "cues.toml": CUES, "concepts.toml": CONCEPTS,
    "tolerances.toml": TOLERANCES, "match.toml": MATCH, "sources.toml": SOURCES,
    "numbers.toml": NUMBERS, "lineage.toml": LINEAGE,
}


# -- checking --------------------------------------------------------------------------------
Where = tuple[str | int, ...]


def check(name: str, data: dict[str, Any], path: Any, text: str) -> None:
    """Check a loaded rule file against the schema of ``name`` (e.g. "cues.toml")."""
    _walk(data, SCHEMAS[name], (), str(path), text)


def _dotted(where: Where) -> str:
    return ".".join(str(w) for w in where if isinstance(w, str))


def _fail(message: str, where: Where, path: str, text: str) -> None:
    raise RuleError(message, path=path, line=locate(text, where))


def _walk(value: Any, spec: Spec, where: Where, path: str, text: str) -> None:
    if isinstance(spec, Leaf):
        if not spec.check(value):
            _fail(f"rule {_dotted(where)!r}: expected {spec.expected}", where, path, text)
        return
    if isinstance(spec, Array):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            _fail(f"rule {_dotted(where)!r}: expected [[{_dotted(where)}]] tables", where,
                  path, text)
        for i, item in enumerate(value):
            _walk(item, spec.item, (*where, i), path, text)
        return
    if not isinstance(value, dict):
        _fail(f"rule {_dotted(where)!r}: expected a [{_dotted(where)}] table", where, path, text)
    if isinstance(spec, Words):
        for key, v in value.items():
            if spec.keys and not re.fullmatch(spec.keys, key):
                _fail(f"unknown key {key!r} in [{_dotted(where)}]; expected {spec.keys_are}",
                      (*where, key), path, text)
            _walk(v, spec.value, (*where, key), path, text)
        return
    for key in value:
        if key not in spec.keys:
            known = sorted(spec.keys)
            near = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; known keys: {', '.join(known)}"
            inside = f" in [{_dotted(where)}]" if where else ""
            _fail(f"unknown key {key!r}{inside}{hint}", (*where, key), path, text)
    for key in sorted(spec.required - set(value)):
        _fail(f"rule {_dotted((*where, key))!r}: missing; expected {_expected(spec.keys[key])}",
              where, path, text)
    for key, v in value.items():
        _walk(v, spec.keys[key], (*where, key), path, text)


def _expected(spec: Spec) -> str:
    return spec.expected if isinstance(spec, Leaf) else "a table"


# -- where a key is written ------------------------------------------------------------------
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")


def _header_names(inside: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in re.findall(r"""(?:"[^"]*"|'[^']*'|[^.]+)""",
                                                            inside))


def _sections(text: str) -> list[tuple[Where, int]]:
    """Each table header of a TOML text as (its path, its line), arrays of tables indexed."""
    out: list[tuple[Where, int]] = [((), 0)]
    counters: dict[Where, int] = {}
    current: dict[tuple[str, ...], int] = {}  # array name path -> its current index
    for number, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line)
        if not m:
            continue
        names = _header_names(m.group(2))
        full: list[str | int] = []
        for i in range(len(names) - 1):
            full.append(names[i])
            if names[: i + 1] in current:
                full.append(current[names[: i + 1]])
        full.append(names[-1])
        if m.group(1) == "[[":
            key = tuple(full)
            counters[key] = counters.get(key, -1) + 1
            current[names] = counters[key]
            full.append(counters[key])
        out.append((tuple(full), number))
    return out


def locate(text: str, where: Where) -> int | None:
    """The line of the rule at ``where`` (table names, array indices, then a key): the key's
    own line under its table's header, else the header's line."""
    lines = text.splitlines()
    sections = _sections(text)
    # the deepest header that opens the table the rule is in (the top of the file at least)
    depth, start = max(((len(path), number) for path, number in sections
                        if tuple(where[: len(path)]) == path), key=lambda dn: dn[0])
    ends = sorted(n for _, n in sections if n > start)
    end = ends[0] if ends else len(lines) + 1
    for number in range(start + 1, end if depth < len(where) else start + 1):
        m = _KEY.match(lines[number - 1])
        if m and next(g for g in m.groups() if g is not None) == where[depth]:
            return number
    return start or None
