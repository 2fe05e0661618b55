"""``Num``: a number found in a sentence, as the stages pass it on before it becomes a
claim (its span, value, scale, unit, bound, change and role)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Num:
    """A number found in a sentence, before it becomes a claim."""

    start: int
    end: int
    value: Decimal
    currency: str | None = None
    scaled: bool = False
    digits: str = ""  # the digits as written, for precision
    scale: Decimal = Decimal(1)
    words: bool = False  # spelled out
    low: Decimal | None = None
    high: Decimal | None = None
    vague: bool = False
    unit: str | None = None
    surface_unit: str | None = None
    unit_kind: str | None = None  # alias | special | currency | ambiguous | count | None
    bound: str = "="
    change: str | None = None
    context: list[str] = field(default_factory=list)
    transition: bool = False
    kind: str = "quantity"
    delta: bool = False
    role: str | None = None  # age | tenure | span (cues.toml [roles]) | selection ("one of")
    number_format: str | None = None  # decimal_comma | decimal_point | ambiguous (numbers.py)
