"""Units: one pint registry behind a news-tuned layer read from rules/.

pint knows physics; news needs more. This module builds a single registry from pint's
defaults plus the ``*.pint`` files under rules/, and in front of it the tables of
``rules/units.toml``: scale words, currency symbols and codes, unit aliases, units that pint
must never convert (percent, percentage points, magnitudes, index points) and ambiguous
units (bare "tons"). Conversion factors are computed once per canonical unit and cached, so
the extraction hot path never calls pint for a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import RuleError
from .rules import Rules, load_rules

CURRENCY = "currency"
COUNT = "count"
UNKNOWN = "unknown"

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
        self._registry: Any = None
        self._cache: dict[tuple[str, bool], UnitInfo] = {}

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
            self._registry = reg
        return self._registry

    def info(self, unit: str, *, delta: bool = False) -> UnitInfo:
        """Conversion data for a canonical unit name (cached per unit)."""
        key = (unit, delta)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._compute(unit, delta)
            self._cache[key] = hit
        return hit

    def _compute(self, unit: str, delta: bool) -> UnitInfo:
        if unit in SPECIAL_UNITS:
            dim, factor, base = SPECIAL_UNITS[unit]
            return UnitInfo(unit, dim, base, factor)
        if re.fullmatch(r"[A-Z]{3}", unit):
            return UnitInfo(unit, CURRENCY, unit, 1.0)
        if unit.endswith("_cent") or unit.endswith("_pence"):
            code = unit.split("_")[0]
            return UnitInfo(code, CURRENCY, code, 0.01)
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

    # -- surface lookups ------------------------------------------------------------------
    def currency_for_symbol(self, symbol: str) -> str | None:
        return self.currency_symbols.get(symbol)


_TABLES: dict[int, UnitTable] = {}


def unit_table(rules: Rules | None = None) -> UnitTable:
    """The UnitTable for a set of rules, built once."""
    rules = rules or load_rules()
    table = _TABLES.get(id(rules))
    if table is None or table.rules is not rules:
        table = UnitTable(rules)
        _TABLES[id(rules)] = table
    return table


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
