"""The library API: documents in, a Report out (segment -> extract -> match -> compare)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .compare import Comparer
from .extract import get_extractor
from .match import Candidate, get_matcher
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
    docs = list(documents)
    claims, story_words = extract_with_stories(docs, rules)
    by_id = {d.id: d for d in docs}
    candidates = get_matcher(rules).pair(claims, by_id, story_words, involving=involving)
    findings = compare_candidates(candidates, by_id, claims, rules, involving=involving)
    warnings = tuple(
        f"{c.doc}:{c.start}: unknown unit {c.unit!r} in {c.text!r}"
        for c in claims
        if c.kind == "quantity" and c.dimension == "unknown"
    )
    return Report(tuple(docs), tuple(claims), tuple(findings), warnings)


def extract_with_stories(
    docs: Iterable[Document], rules: Rules
) -> tuple[list[Claim], dict[tuple[str, int], frozenset[str]]]:
    """Claims of each document, and the vocabulary of each of its stories (for pairing)."""
    extractor = get_extractor(rules)
    claims: list[Claim] = []
    story_words: dict[tuple[str, int], frozenset[str]] = {}
    for d in docs:
        seg = segment(d.text)
        claims.extend(extractor.extract(d, seg))
        for story in seg.stories:
            story_words[(d.id, story.index)] = content_words(d.text[story.start : story.end])
    return claims, story_words


def compare_candidates(
    candidates: Iterable[Candidate],
    docs: dict[str, Document],
    claims: list[Claim],
    rules: Rules,
    *,
    involving: set[str] | None = None,
) -> list[Finding]:
    """Verdicts for the paired claims, then the checks inside single sentences."""
    comparer = Comparer(rules)
    findings = [comparer.compare(c, docs, claims) for c in candidates]
    findings.extend(
        f for f in comparer.self_checks(claims) if involving is None or f.a.doc in involving
    )
    return findings


def extract_claims(documents: Iterable[Document], *, rules: Rules | None = None) -> list[Claim]:
    extractor = get_extractor(rules or load_rules())
    out: list[Claim] = []
    for d in documents:
        out.extend(extractor.extract(d))
    return out


def check_documents(
    drafts: list[Document],
    references: list[Document] | None = None,
    archives: list[str] | None = None,
    *,
    rules: Rules | None = None,
    reviewed: dict[str, str] | None = None,
    date_drafts: bool = True,
) -> Report:
    """The pre-publication check: pairs that involve the drafts, against reference documents
    and archive indexes, with suppressions applied and stale-figure notices.

    A draft without a date is about to be published, so it is dated today (``date_drafts``).
    """
    from .archive import check_against_archive, dated_today
    from .compare import stale_notices
    from .review import apply_suppressions

    rules = rules or load_rules()
    references = list(references or [])
    if date_drafts:
        drafts = [dated_today(d) for d in drafts]
    ids = {d.id for d in drafts}
    if archives:
        parts = [check_against_archive(drafts, db, rules=rules, references=references)
                 for db in archives]
        docs: dict[str, Document] = {}
        claims: dict[str, Claim] = {}
        findings: dict[tuple[str, str, str], Finding] = {}
        for part in parts:
            docs.update({d.id: d for d in part.documents})
            claims.update({c.id: c for c in part.claims})
            for f in part.findings:
                findings.setdefault((f.a.id, f.b.id, f.verdict), f)
        rep = Report(tuple(docs.values()), tuple(claims.values()), tuple(findings.values()))
    else:
        rep = analyse(drafts + references, rules=rules, involving=ids)
    rep = apply_suppressions(rep, drafts=ids, reviewed=reviewed)
    notices = stale_notices(rep.findings, {d.id: d for d in rep.documents}, ids)
    return replace(rep, notices=tuple(notices))
