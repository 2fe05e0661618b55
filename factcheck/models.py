"""Frozen records that travel through the pipeline.

Every value keeps the evidence it came from: a claim carries its exact character span and
surface text (``document.text[claim.start:claim.end] == claim.text``), the sentence, and the
context words that decided its reading; a finding points back to the claims it compares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SCHEMA_VERSION = 1

VERDICTS = ("consistent", "explained", "conflict")
# Order used by --fail-on: a finding "at or above" a threshold.
VERDICT_RANK = {"consistent": 0, "explained": 1, "conflict": 2}
EXPLANATION_TYPES = (
    "source",
    "scope",
    "time",
    "update",
    "unit",
    "rounding",
    "bound",
    "change_vs_level",
    "percent_vs_points",
    # checks inside one sentence (a number that contradicts itself)
    "sum_of_parts",
    "multiplier",
    # wire lineage (factcheck.lineage): both figures are in copies of one sentence
    "copy",
    "copy_error",
    # a figure written "1.234" or "1,234" in a document that does not settle whether the
    # mark groups thousands or is a decimal mark (factcheck/numbers.py): the other reading
    "number_format",
)


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    path: str | None = None
    source: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd when known
    url: str | None = None
    title: str | None = None
    # how to read the text into paragraphs (factcheck.segment): "markdown" (.md files, drafts
    # with front matter or headings), "text" (plain text, maybe hard-wrapped), None (one
    # paragraph per line: news exports, HTML-extracted text, JSONL)
    markup: str | None = None
    # the language its numbers were read in (factcheck/numbers.py): "en", or the code of a
    # language of rules/numbers.toml ("de", "fr", "es", "it", "pt"); set by the pipeline
    # (``pipeline.with_languages``), None when the document was not read
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "source": self.source,
            "date": self.date,
            "url": self.url,
            "title": self.title,
            "language": self.language,
        }


@dataclass(frozen=True)
class Span:
    """A stretch of a document: a sentence, paragraph or story."""

    start: int
    end: int
    index: int


@dataclass(frozen=True)
class Claim:
    """One number-plus-unit statement, with the evidence for every field."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    sentence: str
    # quantity | year | date | time_of_day | ordinal | identifier | score | phone | rank |
    # position (a field position: "the 20-yard line")
    kind: str
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    dimension: str | None = None
    si_value: float | None = None
    si_unit: str | None = None
    bound: str = "="
    change: str | None = None
    concept: str | None = None
    attribution: str | None = None
    time: str | None = None
    scope: str | None = None
    # Extensions beyond schema 1 (added fields only, never renamed):
    surface_unit: str | None = None  # the unit as written ("metric tons", "$")
    sentence_start: int = 0
    paragraph: int = 0
    story: int = 0
    si_low: float | None = None  # interval of readings in SI (ambiguous units, ranges)
    si_high: float | None = None
    unit_ambiguous: bool = False
    precision: float = 0.0  # half-width of the rounding implied by how it is written, in SI
    concept_keys: tuple[str, ...] = ()  # normalised content words used for pairing
    context: tuple[str, ...] = field(default=())  # cue words that decided the reading
    transition: bool = False  # "from X to Y": a change from low to high, not an interval
    # a duration that is an age ("the 29-year-old", "aged 29"), a tenure ("a 21-year
    # veteran") or a span of time over which something happened ("rose over 20 years", "in
    # the past five years"): "age" | "tenure" | "span"; None for every other figure
    role: str | None = None
    # where the claim starts in the document's text, 1-based (a line ends at \n, \r\n or
    # \r; the column counts characters): set by the extractor
    line: int | None = None
    column: int | None = None
    # how a number with separators was read in a document of another language
    # (factcheck/numbers.py): "decimal_comma" ("2,5", or "246.000" where the document writes
    # decimal commas), "decimal_point", or "ambiguous" ("1.234" with nothing in the document
    # to tell a thousands separator from a decimal mark: read with the language's usual
    # mark, and said so); None in English documents and for numbers without separators
    number_format: str | None = None

    @property
    def is_range(self) -> bool:
        return self.value is None and self.low is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "kind": self.kind,
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "unit": self.unit,
            "dimension": self.dimension,
            "si_value": self.si_value,
            "si_unit": self.si_unit,
            "bound": self.bound,
            "change": self.change,
            "concept": self.concept,
            "attribution": self.attribution,
            "time": self.time,
            "scope": self.scope,
            "surface_unit": self.surface_unit,
            "unit_ambiguous": self.unit_ambiguous,
            "role": self.role,
            "line": self.line,
            "column": self.column,
            # additive: present only when a number format had to be decided
            **({"number_format": self.number_format} if self.number_format else {}),
        }


@dataclass(frozen=True)
class Explanation:
    type: str
    detail: str
    evidence: str
    sufficient: bool = True  # False: the reason is real but does not account for the gap

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "detail": self.detail,
            "evidence": self.evidence,
            "sufficient": self.sufficient,
        }


@dataclass(frozen=True)
class Finding:
    """A pair of claims about the same quantity, with the verdict and its reasons."""

    a: Claim
    b: Claim
    verdict: str
    ratio: float | None
    explanations: tuple[Explanation, ...]
    message: str
    score: float = 0.0  # how sure the matcher is that both measure the same thing
    fingerprint: str = ""
    suppressed: bool = False
    # the pair model's probability that both measure one quantity, and the features that
    # weighed most (name, weight x value), largest first
    probability: float | None = None
    contributions: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "verdict": self.verdict,
            "ratio": None if self.ratio is None else round(self.ratio, 6),
            "explanations": [e.to_json() for e in self.explanations],
            "message": self.message,
            "match_score": round(self.score, 3),
            "fingerprint": self.fingerprint,
            "suppressed": self.suppressed,
            "match_probability": None if self.probability is None else round(self.probability, 4),
            "match_contributions": [{"feature": n, "logit": v} for n, v in self.contributions],
        }


@dataclass(frozen=True)
class Notice:
    """A stale figure: a later-dated reference gives another value for the draft's quantity."""

    claim: Claim  # the draft's figure
    newer: Claim  # the later figure
    date: str
    source: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"type": "stale", "claim": self.claim.id, "newer": self.newer.id,
                "date": self.date, "source": self.source, "message": self.message}


@dataclass(frozen=True)
class Report:
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()
    # the desk check: one verdict per draft figure (factcheck.desk.FigureCheck), in order
    figures: tuple[Any, ...] = ()
    # wire lineage (factcheck.lineage.LineageResult): copies and the groups they make
    lineage: Any = None
    # the documents that may take part in wire lineage (None: all of them): a check against
    # an archive knows from the stored anchors which share none with another document, and
    # those are not fingerprinted (factcheck.lineage.with_lineage); not part of the output
    linkable: frozenset[str] | None = None

    def summary(self) -> dict[str, int]:
        counts = {v: 0 for v in VERDICTS}
        suppressed = 0
        for f in self.findings:
            if f.suppressed:
                suppressed += 1
            else:
                counts[f.verdict] += 1
        quantities = [c for c in self.claims if c.kind == "quantity"]
        return {
            "documents": len(self.documents),
            "claims": len(self.claims),
            "quantities": len(quantities),
            "pairs": len(self.findings),
            **counts,
            "suppressed": suppressed,
            "unknown_units": sum(1 for c in quantities if c.dimension == "unknown"),
            "stale": len(self.notices),
            "warnings": len(self.warnings),
            **({f"figures_{v}": sum(1 for g in self.figures if g.verdict == v and not g.suppressed)
                for v in ("supported", "conflict", "explained", "unverified")}
               if self.figures else {}),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "summary": self.summary(),
            "documents": [self._doc_json(d) for d in self.documents],
            "claims": [c.to_json() for c in self.claims],
            "pairs": [f.to_json() for f in self.findings],
            "notices": [n.to_json() for n in self.notices],
            "warnings": list(self.warnings),
            **({"figures": [g.to_json() for g in self.figures]} if self.figures else {}),
            # additive: wire lineage, when it was read
            **({"lineages": [g.to_json() for g in self.lineage.lineages]}
               if self.lineage is not None else {}),
        }

    def _doc_json(self, d: Document) -> dict[str, Any]:
        out = d.to_json()
        if self.lineage is not None:
            out["lineage"] = self.lineage.doc_json(d.id)
        return out


def _num(x: Decimal | None) -> int | float | None:
    if x is None:
        return None
    if x == x.to_integral_value() and abs(x) < Decimal(10) ** 18:
        return int(x)
    return float(x)
