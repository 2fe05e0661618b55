"""Documents in other languages (rules/numbers.toml): a view of the extractor with the
language's scale words, number words, units and decimal mark, compiled once per language."""
from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..cache import compile_pattern as _compile
from ..numbers import Language
from ..segment import Segmented
from ..units import UnitTable
from .patterns import alternation
from .units import UNIT_GAP_INTL

if TYPE_CHECKING:
    from .extractor import Extractor


class _LanguageUnits:
    """A UnitTable with one language's scale words, currency words and units
    (rules/numbers.toml) merged over it; everything else is the table's own (one pint
    registry, one conversion cache)."""

    def __init__(self, base: UnitTable, lang: Language) -> None:
        self._base = base
        self.scale = {**base.scale, **lang.scale}
        # "mil" is a thousand in Spanish and Portuguese, not the wire's million
        self.scale_abbrev = {k: v for k, v in base.scale_abbrev.items()
                             if k.lower() not in lang.scale}
        self.currency_words = {**base.currency_words, **lang.currency_words}
        special_names = set(base.special.values())
        self.aliases = {**base.aliases, **{k: v for k, v in lang.units.items()
                                           if v not in special_names}}
        self.special = {**base.special, **{k: v for k, v in lang.units.items()
                                           if v in special_names}}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)


def join_abbreviation_breaks(text: str, seg: Segmented, rx: re.Pattern[str] | None
                              ) -> Segmented:
    """Sentences rejoined where the segmenter ended one at a scale abbreviation: "2,5 Mrd.
    Euro" is one figure, not the end of a sentence."""
    if rx is None or not seg.sentences:
        return seg
    out: list = []
    for sent in seg.sentences:
        if (out and rx.search(text, max(out[-1].start, out[-1].end - 12), out[-1].end)
                and seg.sentence_paragraph[out[-1].index] == seg.sentence_paragraph[sent.index]):
            out[-1] = type(sent)(out[-1].start, sent.end, out[-1].index)
            continue
        out.append(sent)
    if len(out) == len(seg.sentences):
        return seg
    return replace(seg, sentences=tuple(out))


class LanguageViews:
    """The extractor's views for other languages (a mixin of the Extractor)."""


    def language_view(self, code: str, convention: str | None) -> Extractor:
        """This extractor for documents in language ``code`` whose decimal mark is
        ``convention``: units.toml with the language's tables of rules/numbers.toml merged
        over it, compiled once per language."""
        key = (code, convention)
        view = self.language_views.get(key)
        if view is not None:
            return view
        base = self.language_views.get((code, None))
        if base is None:
            lang = self.languages.by_code[code]
            base = copy.copy(self)
            base.p = self.p.copy()  # the language's own patterns, compiled below
            base.language_views = self.language_views
            base.lang = lang
            base.units = _LanguageUnits(self.units, lang)  # type: ignore[assignment]
            words: dict[str, Any] = {}
            if lang.number_words:
                # "deux millions", "zwei Millionen", "dos millones", "due milioni"
                words = {"number_words": lang.number_words, "scale_only": lang.scale_only}
                base.p.re_articles = alternation(lang.scale_only, ignorecase=True) \
                    if lang.scale_only else "(?!)"
                base.p.gate_number_word = _compile(alternation(
                    [*lang.number_words, *lang.scale], ignorecase=True))
            # the language's function words are no concept words ("die" is no death in
            # German); its own memo of concept words, as they read differently here
            base.lex = replace(self.lex, stopwords=self.lex.stopwords | lang.stopwords | frozenset(
                c.strip("'’").lower() for c in lang.connectors), **words)
            base.concept_memo = {}
            conn = sorted(lang.connectors, key=len, reverse=True)
            base.p.re_connector = _compile(
                r"[ \t\u00a0]+(?:" + "|".join(
                    re.escape(c) + ("" if c.endswith(("'", "’")) else r"[ \t\u00a0]+")
                    for c in conn) + ")") if conn else None
            base.p.re_unit_gap = UNIT_GAP_INTL
            dotted = [w for w in lang.scale if w.endswith(".")]
            base.p.re_scale_break = _compile(
                r"\d\s?(?i:" + "|".join(re.escape(w) for w in dotted) + r")\s*$"
            ) if dotted else None
            base.compile_rules()
            # a rate: "85,4 dólares por barril", "85,30 Dollar je Barrel"; Italian "per" is
            # "for" ("3,5 miliardi di euro per la ricostruzione"), never a rate here
            base.p.re_per = _compile(r"\s*(?:/|(?:por|je|pro|par)\s+)", re.IGNORECASE)
            # "12 345 678" groups digits in these languages; it is no phone number
            base.p.re_phone = _compile(r"(?!\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]))"
                                       + self.p.re_phone.pattern)
            base.ascii_twin = base
            self.language_views[(code, None)] = base
        view = base
        if convention is not None:
            view = copy.copy(base)
            view.convention = convention
            view.ascii_twin = view
            self.language_views[key] = view
        return view
