"""The Extractor: the rules' lexicons and compiled patterns, and the stages in reading order
over each sentence (``read_sentence``). Each stage is a mixin in the module of its name."""
from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..models import Claim, Document
from ..numbers import Language, Languages
from ..rules import Rules, load_rules
from ..units import UnitTable, unit_table
from .attribution import AttributionStage
from .bound import BoundStage
from .claim import CLAIM_DEFAULTS, ClaimStage, StatedPrecision, finite_claim, new_claim
from .context import ContextStage, SentenceContext
from .document import DocumentReader
from .figure import Num
from .languages import LanguageViews
from .lexicon import Lexicon
from .mask import MaskStage
from .nouns import CountedNounStage
from .number_words import NumberWordStage
from .numbers import NumberStage
from .patterns import DIGIT, Patterns
from .ranges import RangeStage
from .units import UnitLookup, UnitStage

# a figure restated: "X, or Y", "X (Y)", "X (Y / Z)" (a unit after X, so "5 / 10" is no rate);
# "\s*,?\s+or\s+" written so that a run of white space is read one way only (possessive):
# the two quantifiers of the plain form split a long run every way before failing
_RESTATED = re.compile(r"(?:\s*+,\s++|\s++)or\s++|\s*+\(\s*+|\s++/\s++")


class Extractor(DocumentReader, LanguageViews, MaskStage, NumberStage, NumberWordStage, RangeStage,
                UnitStage, UnitLookup, CountedNounStage, BoundStage, ContextStage, AttributionStage,
                ClaimStage):
    """Compiled patterns and lexicons for one set of rules; reuse it for many documents."""


    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self.p = Patterns()  # every stage's patterns (patterns.py), compiled below
        self.fact_sentence: str | None = None  # _per_sentence: the sentence and its facts
        self.facts: dict[object, Any] = {}
        self.units: UnitTable = unit_table(self.rules)
        self.stated = StatedPrecision.from_rules(self.rules.tolerances.get("precision", {}))
        self.lex = Lexicon.from_rules(self.rules)  # the vocabularies (lexicon.py)
        self.concept_memo: dict[str, tuple[str, ...]] = {}
        # number formats of other languages (rules/numbers.toml): English documents are read
        # by this extractor; a document in another language by a view of it (``language_view``)
        self.languages = Languages(self.rules.numbers)
        self.lang: Language | None = None
        self.convention: str | None = None  # "comma" | "point" | None: the document's mark
        self.language_views: dict[tuple[str, str | None], Extractor] = {}
        self.p.re_digit = DIGIT
        self.init_mask()
        self.init_numbers()
        self.init_number_words()
        self.init_units()
        self.init_context()
        self.init_attribution()
        self.compile_rules()

    def compile_rules(self) -> None:
        """Every stage's patterns from the rules, then the ASCII twin."""
        self.compile_numbers()
        self.compile_number_words()
        self.compile_mask()
        self.compile_units()
        self.compile_bounds()
        self.compile_ranges()
        self.compile_attribution()
        self.compile_attribution_gaps()
        self.compile_context()
        self.ascii_twin = self._ascii_view()

    def _ascii_view(self) -> Extractor:
        """This extractor with its patterns compiled with re.ASCII (``Patterns.ascii``), for
        ASCII text."""
        view = copy.copy(self)
        view.p = self.p.ascii()
        view.ascii_twin = view
        return view

    def read_sentence(self, doc: Document, text: str, s0: int, s1: int, para: int = 0,
                  story: int = 0, k0: int = 0) -> list[Claim]:
        """Claims of text[s0:s1]; ids continue from ``k0`` claims already found."""
        sentence = text[s0:s1]
        has_digit = self.p.re_digit.search(sentence) is not None
        low = sentence.lower()
        # without digits, only the common number words open a sentence ("zero" alone, as in
        # "below zero", does not)
        if not has_digit and self.p.gate_number_word.search(low) is None:
            return []
        # every number word, vague amount or fraction the scanner reads is a whole word
        has_words = self.p.re_gate_word.search(low) is not None
        if not has_digit and not has_words:
            return []
        if has_digit:
            masked, others = self.mask_non_quantities(sentence)
        else:
            masked, others = sentence, []
        nums = self.scan_numbers(sentence, masked, has_words)
        nums = self.join_ranges(sentence, nums)
        ctx = SentenceContext(self, sentence, low)
        ctx.figures = sorted(n.start for n in nums if n.kind == "quantity")
        out: list[Claim] = []
        prev: Num | None = None
        for n in nums:
            if n.kind != "quantity":
                continue
            self.read_role(sentence, n, prev)
            self.read_bound(sentence, n)
            self.read_change(sentence, n)
            if (prev is not None and (prev.change is not None or prev.bound in (">", "<", ">=", "<="))
                    and _RESTATED.fullmatch(sentence, prev.end, n.start)):
                # "lost 190 points, or 0.6%", "grew by 125,600 positions or 2.2 per cent",
                # "dropped by 1 to 1.5 degrees Celsius (1.8 to 2.7 Fahrenheit)", "more than
                # 100 kilometers (60 miles)": the same figure restated in another unit keeps
                # its direction and its bound
                if n.change is None and prev.change is not None and n.role is None:
                    n.change = prev.change
                    n.context.append("or")
                    if "to" in prev.context:
                        n.context.append("to")  # "rose to $5bn (£4bn)": still a level
                if (n.bound == "=" and prev.bound in (">", "<", ">=", "<=")
                        and sentence[prev.end : n.start].strip() != "or"):
                    # "around 25k or 40k" are two figures; an approximation needs no echo
                    n.bound = prev.bound
            if (n.unit is None and not n.currency and prev is not None and prev.unit
                    and prev.unit_kind in ("count", "alias", "ambiguous", "special")
                    and n.start - prev.end <= 60 and (prev.change is None or "to" in prev.context)):
                self.inherit_unit(sentence, prev, n)
            prev = n
            claim = self.build_claim(doc, text, s0, sentence, n, ctx,
                                f"{doc.id}#{k0 + len(out) + 1}", para, story)
            if not finite_claim(claim):
                # "2 x 10^999 kg": beyond any measure and beyond a float (JSON has no
                # Infinity): kept as a figure out of range, with no value
                values = dict(CLAIM_DEFAULTS)
                values.update(id=claim.id, doc=claim.doc, start=claim.start, end=claim.end,
                              text=claim.text, sentence=sentence, kind="out_of_range",
                              sentence_start=s0, paragraph=para, story=story)
                claim = new_claim(values)
            out.append(claim)
        for kind, a, b in others:
            claim = dict(CLAIM_DEFAULTS)
            claim.update(
                id=f"{doc.id}#{k0 + len(out) + 1}", doc=doc.id, start=s0 + a, end=s0 + b,
                text=sentence[a:b], sentence=sentence, kind=kind, sentence_start=s0,
                paragraph=para, story=story,
            )
            out.append(new_claim(claim))
        return out


@lru_cache(maxsize=4)
def _extractor(rules: Rules) -> Extractor:
    return Extractor(rules)


def get_extractor(rules: Rules | None = None) -> Extractor:
    return _extractor(rules or load_rules())


def extract(doc: Document, rules: Rules | None = None) -> list[Claim]:
    """Claims of one document."""
    return get_extractor(rules).extract(doc)


def extract_text(text: str, *, doc_id: str = "text", rules: Rules | None = None) -> list[Claim]:
    """Claims of a piece of text (a convenience for tests and notebooks)."""
    return extract(Document(id=doc_id, text=text), rules)


def extract_many(docs: Iterable[Document], rules: Rules | None = None) -> Iterator[Claim]:
    ex = get_extractor(rules)
    for d in docs:
        yield from ex.extract(d)
