"""Units: one pint registry behind a news-tuned layer read from rules/.

pint knows physics; news needs more. This module builds a single registry from pint's
defaults plus the ``*.pint`` files under rules/, and in front of it the tables of
``rules/units.toml``: scale words, currency symbols and codes, unit aliases, units that pint
must never convert (percent, percentage points, magnitudes, index points) and ambiguous
units (bare "tons"). Conversion factors are computed once per canonical unit and cached, so
the extraction hot path never calls pint for a claim.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cache
from .errors import RuleError
from .rules import Rules, load_rules

CURRENCY = "currency"
COUNT = "count"
UNKNOWN = "unknown"
CACHE_MAX = 4096  # conversion data kept for at most this many units

# Units with a dimension of their own (never converted by pint), keyed by canonical name:
# (dimension, factor to the dimension's base unit, base unit)
SPECIAL_UNITS: dict[str, tuple[str, float, str]] = {
    "percent": ("percent", 1.0, "percent"),
    "percentage_point": ("percentage_point", 1.0, "percentage_point"),
    "basis_point": ("percentage_point", 0.01, "percentage_point"),
    "point": ("point", 1.0, "point"),
    "magnitude": ("magnitude", 1.0, "magnitude"),
    "fraction": ("percent", 100.0, "percent"),
}


@dataclass(frozen=True)
class UnitInfo:
    """How to turn a value in ``unit`` into base units."""

    unit: str
    dimension: str
    si_unit: str | None
    factor: float | None  # si = value * factor + offset
    offset: float = 0.0
    # For ambiguous units: the lowest and highest factor among the readings.
    factor_low: float | None = None
    factor_high: float | None = None
    note: str | None = None

    @property
    def ambiguous(self) -> bool:
        return self.factor_low is not None

    def to_si(self, value: float, *, delta: bool = False) -> float | None:
        if self.factor is None:
            return None
        return value * self.factor + (0.0 if delta else self.offset)


class UnitTable:
    """The news layer: surface forms to canonical units, with cached conversion factors."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        u = rules.units
        self.scale: dict[str, float] = {k.lower(): float(v) for k, v in u.get("scale", {}).items()}
        self.scale_abbrev: dict[str, float] = {k: float(v) for k, v in u.get("scale_abbrev", {}).items()}
        self.scale_after_currency: dict[str, float] = {
            k: float(v) for k, v in u.get("scale_after_currency", {}).items()}
        self.vague: dict[str, tuple[float, float]] = {
            k.lower(): (float(v[0]), float(v[1])) for k, v in u.get("vague", {}).items()
        }
        self.currency_symbols: dict[str, str] = dict(u.get("currency_symbols", {}))
        self.currency_words: dict[str, str] = dict(u.get("currency_words", {}))
        self.dateline_currency: dict[str, str] = dict(u.get("dateline_currency", {}))
        self.aliases: dict[str, str] = dict(u.get("aliases", {}))
        self.special: dict[str, str] = dict(u.get("special", {}))
        self.ambiguous: dict[str, dict[str, Any]] = {}
        for name, amb in u.get("ambiguous", {}).items():
            for surface in amb["surface"]:
                self.ambiguous[surface] = {"name": name, **amb}
        self.contextual: list[tuple[frozenset[str], str, re.Pattern[str]]] = []
        for i, ctx in enumerate(u.get("contextual", [])):
            self._expect(
                isinstance(ctx, dict)
                and _strings(ctx.get("surface")) and _strings(ctx.get("cues"))
                and isinstance(ctx.get("unit"), str) and ctx["unit"].strip() != "",
                f"contextual entry {i + 1}",
                'surface = ["kt"], unit = "knot", cues = ["winds", ...]',
                "[[contextual]]", i,
            )
            cue_rx = re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in ctx["cues"]) + r")(?![\w-])",
                re.IGNORECASE,
            )
            self.contextual.append((frozenset(ctx["surface"]), ctx["unit"], cue_rx))
        mag = u.get("magnitude", {})
        self._expect(
            isinstance(mag, dict) and _strings(mag.get("nouns", []))
            and _strings(mag.get("scales", [])),
            "magnitude", "nouns = [words] and scales = [phrases]", "[magnitude]")
        self.magnitude_nouns: frozenset[str] = frozenset(w.lower() for w in mag.get("nouns", []))
        self.magnitude_scales: tuple[str, ...] = tuple(mag.get("scales", []))
        temp = u.get("temperature", {})
        self._expect(
            isinstance(temp, dict) and _strings(temp.get("cues", []))
            and isinstance(temp.get("bare_degrees", "degree_Celsius"), str),
            "temperature", 'bare_degrees = "degree_Celsius" and cues = [words]', "[temperature]")
        self.bare_degrees: str = temp.get("bare_degrees", "degree_Celsius")
        fa = temp.get("fahrenheit_above")
        self._expect(fa is None or (isinstance(fa, (int, float)) and not isinstance(fa, bool)),
                     "temperature", "fahrenheit_above = a number", "[temperature]")
        self.fahrenheit_above: float | None = None if fa is None else float(fa)
        self.temperature_cues: frozenset[str] = frozenset(
            w.lower() for w in temp.get("cues", []))
        keeps = u.get("dateline_keeps_usd", {})
        self._expect(isinstance(keeps, dict) and _strings(keeps.get("cues", [])),
                     "dateline_keeps_usd", "cues = [words]", "[dateline_keeps_usd]")
        self.dateline_keeps_usd: tuple[str, ...] = tuple(keeps.get("cues", []))
        self.rates: dict[str, float] = {}
        self.rate_date: str | None = None
        self.rate_source: str | None = None
        self.rate_base: str | None = None
        self._read_rates(u.get("rates", {}))
        self._registry: Any = None
        # keyed by canonical unit; bounded, as rate units ("USD / share") are open-ended
        self._cache: dict[tuple[str, bool], UnitInfo] = {}
        self._pint_names: dict[str, str | None] = {}
        # the compiled-rules cache's key for pint's answers (factcheck.cache), when kept
        self._cache_key: str | None = None

    # -- rule validation ------------------------------------------------------------------
    def _expect(self, cond: bool, rule: str, expected: str, needle: str, nth: int = 0) -> None:
        if cond:
            return
        path = self.rules.directory / "units.toml"
        line = None
        try:
            seen = -1
            for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if text.strip().startswith(needle):
                    seen += 1
                    if seen == nth:
                        line = number
                        break
        except OSError:
            pass
        raise RuleError(f"rule {rule!r}: expected {expected}", path=str(path), line=line)

    def _read_rates(self, rates: Any) -> None:
        expected = ('date = "YYYY-MM-DD", source = "name", base = "ISO", then ISO = value of '
                    "one unit in base")
        self._expect(isinstance(rates, dict), "rates", expected, "[rates]")
        codes = {k: v for k, v in rates.items() if k not in ("date", "source", "base")}
        if not codes:
            return
        ok = (
            isinstance(rates.get("date"), str) and re.fullmatch(r"\d{4}-\d\d-\d\d", rates["date"])
            and isinstance(rates.get("source"), str) and rates["source"].strip() != ""
            and isinstance(rates.get("base"), str) and re.fullmatch(r"[A-Z]{3}", rates["base"])
            and all(re.fullmatch(r"[A-Z]{3}", k) and isinstance(v, (int, float))
                    and not isinstance(v, bool) and v > 0 for k, v in codes.items())
        )
        self._expect(bool(ok), "rates", expected, "[rates]")
        self.rate_date, self.rate_source, self.rate_base = (
            rates["date"], rates["source"], rates["base"])
        self.rates = {k: float(v) for k, v in codes.items()}
        self.rates[self.rate_base] = 1.0

    def rate(self, code: str) -> float | None:
        """Value of one unit of ``code`` in the rate table's base currency, if configured."""
        return self.rates.get(code)

    def readings(self, unit: str) -> dict[str, float]:
        """The readings of an ambiguous unit in its base unit: {"short_ton": 907.18..., ...}."""
        for amb in self.ambiguous.values():
            if unit == amb["name"].rstrip("s"):
                scale = (self.info(amb["default"]).factor or 1.0) / float(
                    amb["readings"][amb["default"]])
                return {k: float(v) * scale for k, v in amb["readings"].items()}
        return {}

    def contextual_unit(self, surface: str, sentence: str) -> str | None:
        """The unit ``surface`` reads as in ``sentence`` ("kt" near "winds" is a knot)."""
        for surfaces, unit, cue_rx in self.contextual:
            if surface in surfaces and cue_rx.search(sentence):
                return unit
        return None

    # -- pint -----------------------------------------------------------------------------
    @property
    def registry(self) -> Any:
        if self._registry is None:
            import pint

            reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
            for path in self.rules.pint_files:
                try:
                    reg.load_definitions(str(path))
                except Exception as exc:  # pint raises several types; all mean a bad file
                    line = getattr(exc, "lineno", None)
                    raise RuleError(
                        f"malformed pint definition: {exc}",
                        path=str(path),
                        line=line,
                        hint="expected `name = definition = symbol = alias`",
                    ) from None
                _check_definitions(reg, path)
            self._registry = reg
        return self._registry

    def info(self, unit: str, *, delta: bool = False) -> UnitInfo:
        """Conversion data for a canonical unit name (cached per unit)."""
        key = (unit, delta)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._compute(unit, delta)
            if len(self._cache) >= CACHE_MAX:
                self._cache.clear()  # bounded: memory must not grow with the corpus
            self._cache[key] = hit
            self._learned()
        return hit

    def _compute(self, unit: str, delta: bool) -> UnitInfo:
        if unit in SPECIAL_UNITS:
            dim, factor, base = SPECIAL_UNITS[unit]
            return UnitInfo(unit, dim, base, factor)
        if re.fullmatch(r"[A-Z]{3}", unit):
            return UnitInfo(unit, CURRENCY, unit, 1.0)
        if unit.endswith("_cent") or unit.endswith("_pence"):
            code = unit.split("_")[0]
            return UnitInfo(unit, CURRENCY, code, 0.01)  # 90p: 90 GBP_pence, 0.90 GBP
        for amb in self.ambiguous.values():
            if unit == amb["name"].rstrip("s"):
                default = self.info(amb["default"])
                factors = [float(v) for v in amb["readings"].values()]
                base = default.factor or 1.0
                # readings are in the default's base unit (kilograms for tons)
                return UnitInfo(
                    unit,
                    default.dimension,
                    default.si_unit,
                    default.factor,
                    factor_low=min(factors) * (base / float(amb["readings"][amb["default"]])),
                    factor_high=max(factors) * (base / float(amb["readings"][amb["default"]])),
                    note=amb.get("note"),
                )
        if " / " in unit:
            num, den = unit.split(" / ", 1)
            a, b = self.info(num), self.info(den)
            if b.dimension == UNKNOWN and re.fullmatch(r"[a-z]+", den):
                b = UnitInfo(den, COUNT, den, 1.0)  # "$1.20 per share": a counted noun
            if a.factor is not None and b.factor is not None and a.offset == 0 and b.offset == 0:
                dim = f"{a.dimension} / {b.dimension}"
                si = f"{a.si_unit} / {b.si_unit}"
                if a.dimension not in (CURRENCY, COUNT) and b.dimension not in (CURRENCY, COUNT):
                    return self._pint_info(unit, delta)
                return UnitInfo(unit, dim, si, a.factor / b.factor)
        return self._pint_info(unit, delta)

    def _pint_info(self, unit: str, delta: bool) -> UnitInfo:
        reg = self.registry
        try:
            q = reg.Quantity(1.0, unit)
            dim = str(q.dimensionality)
            if dim == "dimensionless":
                dim = "[dimensionless]"
            if delta and unit.startswith("degree_"):
                q = reg.Quantity(1.0, "delta_" + unit)
            base = q.to_base_units()
            zero = float(reg.Quantity(0.0, str(q.units)).to_base_units().magnitude)
            factor = float(base.magnitude) - zero
            return UnitInfo(unit, dim, str(base.units), factor, zero)
        except Exception:
            return UnitInfo(unit, UNKNOWN, None, None)

    def pint_name(self, surface: str) -> str | None:
        """pint's name for a unit symbol the rules do not list ("mSv" -> "millisievert")."""
        hit = self._pint_names.get(surface, False)
        if hit is False:
            try:
                units = self.registry.parse_units(surface)
                hit = str(units) if len(units._units) == 1 else None
            except Exception:  # pint raises several types; all mean "not a unit"
                hit = None
            if len(self._pint_names) >= CACHE_MAX:
                self._pint_names.clear()
            self._pint_names[surface] = hit
            self._learned()
        return hit  # type: ignore[return-value]

    # -- the compiled-rules cache -----------------------------------------------------------
    def cache_key(self) -> str | None:
        """What pint's answers for these rules are stored under: the rule files, the
        package version, this module's source and the installed pint; None when the rules
        were not read from files or the cache is off."""
        if not self.rules.fingerprint or not cache.enabled():
            return None
        from . import __version__

        try:
            source = Path(__file__).read_bytes()
            spec = importlib.util.find_spec("pint")
            origin = Path(spec.origin) if spec and spec.origin else None
            st = origin.stat() if origin else None
        except (OSError, ImportError, ValueError):
            return None
        pint_id = f"{origin}:{st.st_mtime_ns}:{st.st_size}" if st else "no pint"
        return cache.digest("units", str(cache.FORMAT), __version__, source, pint_id,
                            self.rules.fingerprint)

    def load_cached(self) -> bool:
        """Fill the tables of pint's answers from the cache; False on a miss."""
        key = self.cache_key()
        stored = cache.read("units", key) if key else None
        try:
            infos = {(u, bool(d)): UnitInfo(*fields) for u, d, fields in stored["info"]}
            names = {str(k): (None if v is None else str(v)) for k, v in stored["names"]}
        except Exception:  # noqa: BLE001 - a miss, or data of another layout
            self._cache_key = key
            return False
        self._cache.update(infos)
        self._pint_names.update(names)
        self._cache_key = key
        return True

    def seed(self) -> None:
        """pint's answers for every unit the rules name, computed now (with the registry
        built) so that later runs find them in the cache."""
        names = {*self.aliases.values(), *self.special.values(), *self.currency_words.values(),
                 *(unit for _s, unit, _rx in self.contextual), self.bare_degrees,
                 "degree_Celsius", "degree_Fahrenheit"}
        for amb in self.ambiguous.values():
            names |= {amb["name"].rstrip("s"), amb["default"], *amb["readings"]}
        for name in sorted(names):
            self.info(name)
            if name.startswith("degree_"):
                self.info(name, delta=True)
        self._learned()

    def _learned(self) -> None:
        if self._cache_key is not None:
            cache.save_at_exit("units", self._cache_key, self._cache_value)

    def _cache_value(self) -> dict[str, Any]:
        infos = list(self._cache.items())[: CACHE_MAX // 2]
        return {
            "info": [(unit, delta, (i.unit, i.dimension, i.si_unit, i.factor, i.offset,
                                    i.factor_low, i.factor_high, i.note))
                     for (unit, delta), i in infos],
            "names": list(self._pint_names.items())[: CACHE_MAX // 2],
        }

    # -- surface lookups ------------------------------------------------------------------
    def currency_for_symbol(self, symbol: str) -> str | None:
        return self.currency_symbols.get(symbol)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value)


_TABLES: dict[int, UnitTable] = {}


def unit_table(rules: Rules | None = None) -> UnitTable:
    """The UnitTable for a set of rules, built once."""
    rules = rules or load_rules()
    table = _TABLES.get(id(rules))
    if table is None or table.rules is not rules:
        table = UnitTable(rules)
        # pint's answers from the compiled-rules cache: pint is then imported only for a
        # unit the cache does not hold yet. On a miss the registry is built now (it loads
        # and checks rules/*.pint) and the rules' units are stored for the next run
        if not table.load_cached():
            if rules.pint_files:
                table.registry  # noqa: B018 - loads and checks rules/*.pint now
            if table._cache_key is not None:
                table.seed()
        _TABLES[id(rules)] = table
    return table


_DEFINITION = re.compile(r"^\s*([A-Za-z_][\w]*)\s*=(?!=)")


def _check_definitions(reg: Any, path: Any) -> None:
    """pint resolves definitions lazily; resolve each one now so that a bad line fails at
    load time with its file and line, not later inside a comparison."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for number, line in enumerate(lines, start=1):
        m = _DEFINITION.match(line)
        if not m or line.lstrip().startswith(("#", "@")):
            continue
        name = m.group(1)
        try:
            reg.Quantity(1.0, name).to_base_units()
        except Exception as exc:
            raise RuleError(
                f"pint definition of {name!r} does not resolve: {exc}",
                path=str(path),
                line=number,
                hint="expected `name = <number> * <known unit>` or `name = [dimension]`",
            ) from None


def singular(word: str, plural: dict[str, str]) -> str:
    """Singular of a counted noun: lives -> life, people -> person, categories -> category."""
    w = word.lower()
    if w in plural:
        return plural[w]
    if len(w) <= 3 or w.endswith("ss") or w.endswith("us") or w.endswith("is"):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("ves") and w[:-3] + "fe" in ("wife", "knife", "life"):
        return w[:-3] + "fe"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w
