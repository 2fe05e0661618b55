"""The library API: documents in, a Report out (segment -> extract -> match -> compare)."""

from __future__ import annotations

from collections.abc import Iterable

from .compare import Comparer, self_checks
from .extract import get_extractor
from .match import get_matcher
from .models import Claim, Document, Finding, Report
from .rules import Rules, load_rules
from .segment import content_words, segment


def analyse(
    documents: Iterable[Document],
    *,
    rules: Rules | None = None,
    involving: set[str] | None = None,
) -> Report:
    """Extract every claim and pair the ones about the same quantity.

    ``involving``: only pairs with at least one claim from these document ids (the draft).
    """
    rules = rules or load_rules()
    extractor = get_extractor(rules)
    docs = list(documents)
    claims: list[Claim] = []
    story_words: dict[tuple[str, int], frozenset[str]] = {}
    for d in docs:
        seg = segment(d.text)
        claims.extend(extractor.extract(d, seg))
        for story in seg.stories:
            story_words[(d.id, story.index)] = content_words(d.text[story.start : story.end])
    by_id = {d.id: d for d in docs}
    candidates = get_matcher(rules).pair(claims, by_id, story_words, involving=involving)
    comparer = Comparer(rules)
    findings: list[Finding] = [comparer.compare(c, by_id, claims) for c in candidates]
    findings.extend(
        f for f in self_checks(claims) if involving is None or f.a.doc in involving
    )
    warnings = tuple(
        f"{c.doc}:{c.start}: unknown unit {c.unit!r} in {c.text!r}"
        for c in claims
        if c.kind == "quantity" and c.dimension == "unknown"
    )
    return Report(tuple(docs), tuple(claims), tuple(findings), warnings)


def extract_claims(documents: Iterable[Document], *, rules: Rules | None = None) -> list[Claim]:
    extractor = get_extractor(rules or load_rules())
    out: list[Claim] = []
    for d in documents:
        out.extend(extractor.extract(d))
    return out
