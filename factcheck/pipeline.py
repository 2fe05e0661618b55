"""The library API: documents in, a Report out (segment -> extract -> match -> compare)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .compare import Comparer
from .events import DEFAULT_WINDOW, events_of
from .extract import get_extractor
from .lineage import with_lineage, without_unlinked
from .match import Candidate, Matcher, get_matcher
from .models import Claim, Document, Finding, Report
from .rules import Rules, load_rules
from .segment import content_words, segment_document


def analyse(
    documents: Iterable[Document],
    *,
    rules: Rules | None = None,
    involving: set[str] | None = None,
    matcher: Matcher | None = None,
    window: int | None = DEFAULT_WINDOW,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Extract every claim and pair the ones about the same quantity.

    Events first (:mod:`factcheck.events`): the documents are grouped into the stories they
    tell (shared rare names and words, dates at most ``window`` days apart) and claims are
    paired only inside one story; ``window=None`` takes the run as one story.
    ``involving``: only pairs with at least one claim from these document ids (the draft).
    ``matcher``: another pair model (the cross-validation bench passes one per fold).
    ``progress``: called with the number of documents read so far.
    """
    rules = rules or load_rules()
    docs = with_languages(documents, rules)
    claims, story_words = extract_with_stories(docs, rules, progress=progress)
    return report_of(docs, claims, story_words, rules=rules, involving=involving,
                     matcher=matcher, window=window)


def report_of(
    docs: Sequence[Document],
    claims: list[Claim],
    story_words: Mapping[tuple[str, int], frozenset[str]],
    *,
    rules: Rules,
    involving: set[str] | None = None,
    matcher: Matcher | None = None,
    window: int | None = DEFAULT_WINDOW,
) -> Report:
    """What :func:`analyse` does once the documents (with their language) are extracted:
    events, pairs, verdicts, warnings, wire lineage. The cross-validation bench calls it on
    claims extracted once per case."""
    by_id = {d.id: d for d in docs}
    matcher = matcher or get_matcher(rules)
    events = events_of(docs, story_words, window=window).of if window is not None else None
    candidates = matcher.pair(claims, by_id, story_words, involving=involving, events=events)
    findings = compare_candidates(candidates, by_id, claims, rules, involving=involving,
                                  matcher=matcher)
    warnings = tuple(
        f"{c.doc}:{c.start}: unknown unit {c.unit!r} in {c.text!r}"
        for c in claims
        if c.kind == "quantity" and c.dimension == "unknown"
    )
    report = Report(tuple(docs), tuple(claims), tuple(findings), warnings)
    # wire lineage: copies of one text are one source; copied figures are read as copies
    return with_lineage(report, rules, involving=involving)


def with_languages(documents: Iterable[Document], rules: Rules) -> list[Document]:
    """The documents with ``language`` set: the language the extractor reads each in (told
    once here; the extractor then reads ``doc.language`` instead of telling it again)."""
    extractor = get_extractor(rules)
    return [d if d.language is not None else replace(d, language=extractor.language(d))
            for d in documents]


def extract_with_stories(
    docs: Iterable[Document], rules: Rules, *, progress: Callable[[int], None] | None = None,
) -> tuple[list[Claim], dict[tuple[str, int], frozenset[str]]]:
    """Claims of each document, and the vocabulary of each of its stories (for pairing)."""
    extractor = get_extractor(rules)
    claims: list[Claim] = []
    story_words: dict[tuple[str, int], frozenset[str]] = {}
    for d in docs:
        seg = segment_document(d)
        claims.extend(extractor.extract(d, seg))
        for story in seg.stories:
            story_words[(d.id, story.index)] = content_words(d.text[story.start : story.end])
        if progress is not None:
            progress(1)
    return claims, story_words


def compare_candidates(
    candidates: Iterable[Candidate],
    docs: dict[str, Document],
    claims: list[Claim],
    rules: Rules,
    *,
    involving: set[str] | None = None,
    matcher: Matcher | None = None,
) -> list[Finding]:
    """Verdicts for the paired claims, then the checks inside single sentences.

    A difference (explained or conflict) is reported only when the pair model is sure enough
    that both figures measure one quantity (``flag_threshold`` in rules/match.toml): below
    it, a pair that disagrees is more likely two quantities than an error, and is dropped.
    When nothing in the texts shows the two figures measure one thing (no shared measure
    word or group, subject or wording), the higher ``flag_threshold_weak`` applies."""
    comparer = Comparer(rules)
    default_at = (matcher or get_matcher(rules)).model.flag_threshold
    findings = []
    for c in candidates:
        f = comparer.compare(c, docs, claims)
        flag_at = c.flag_at if c.flag_at is not None else default_at
        if f.verdict in ("explained", "conflict") and c.probability < flag_at:
            continue
        findings.append(f)
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
    from .check import check_against_archive, check_against_files, dated_today
    from .compare import stale_notices
    from .desk import figure_checks
    from .lineage import origins
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
        linkable = (None if any(p.linkable is None for p in parts)
                    else frozenset().union(*(p.linkable for p in parts)))
        rep = Report(tuple(docs.values()), tuple(claims.values()), tuple(findings.values()),
                     linkable=linkable)
        rep = without_unlinked(with_lineage(rep, rules, involving=ids), ids)
    else:
        rep = check_against_files(drafts, references, rules=rules)
    rep = apply_suppressions(rep, drafts=ids, reviewed=reviewed)
    docs_by_id = {d.id: d for d in rep.documents}
    notices = stale_notices(rep.findings, docs_by_id, ids)
    lex = get_matcher(rules).lex
    figures = figure_checks(rep.claims, rep.findings, docs_by_id, ids, notices=notices,
                            reviewed=reviewed, measure=lambda c: lex.group(c) or lex.head(c),
                            origin=origins(rep.lineage, rules))
    used = {g.fingerprint for g in figures} | {f.fingerprint for f in rep.findings}
    stale_reviews = tuple(f"reviewed {fp} matches no figure or pair of the draft (a stale "
                          f"review: the figure changed or was removed)"
                          for fp in sorted(reviewed or {}) if fp not in used)
    return replace(rep, notices=tuple(notices), figures=tuple(figures),
                   warnings=rep.warnings + stale_reviews)


@dataclass(frozen=True)
class PairWhy:
    """Why two claims were or were not paired (``factcheck why``)."""

    a: Claim
    b: Claim
    paired: bool  # reported as a pair
    veto: str | None  # the veto that refused it
    probability: float | None
    pair_threshold: float
    flag_threshold: float
    contributions: tuple[tuple[str, float], ...]
    reason: str  # one line: the veto, the shortfall, the selection, or the verdict
    finding: Finding | None


def why_pair(
    documents: Iterable[Document], a_ref: str, b_ref: str, *, rules: Rules | None = None
) -> PairWhy:
    """Explain the decision on two claims, named by id ("doc#3") or span ("doc:120-135")."""
    from .errors import UsageError
    from .match import VETOES

    rules = rules or load_rules()
    docs = list(documents)
    claims, story_words = extract_with_stories(docs, rules)
    quantities = [c for c in claims if c.kind == "quantity"]
    a, b = (_claim_by_ref(quantities, ref) for ref in (a_ref, b_ref))
    if a.id == b.id:
        raise UsageError(f"{a_ref!r} and {b_ref!r} name the same claim")
    by_id = {d.id: d for d in docs}
    matcher = get_matcher(rules)
    model = matcher.model
    scored = matcher.score_all(quantities, by_id, story_words, explain=True)
    s = next((x for x in scored if {x.fa.claim.id, x.fb.claim.id} == {a.id, b.id}), None)
    report = analyse(docs, rules=rules)
    finding = next((f for f in report.findings if {f.a.id, f.b.id} == {a.id, b.id}), None)
    if s is None:
        fa, fb = matcher.features(a, by_id.get(a.doc)), matcher.features(b, by_id.get(b.doc))
        veto = "dimension" if fa.dim != fb.dim else None
        why = {v.id: v.why for v in VETOES}.get(veto or "", "")
        reason = (f"veto {veto}: {why} ({fa.dim} against {fb.dim})" if veto else
                  "never compared: the two claims share no blocking key (or a block too large "
                  "paired only neighbours)")
        return PairWhy(a, b, False, veto, None, model.pair_threshold, model.flag_threshold, (),
                       reason, None)
    d = s.decision
    flag_at, evidence = model.flag_at(s.features)
    if d.veto:
        why = {v.id: v.why for v in VETOES}[d.veto]
        reason = f"veto {d.veto}: {why}"
    elif not d.paired:
        reason = (f"not paired: probability {d.probability:.3f} is below the pair threshold "
                  f"{model.pair_threshold}")
    elif finding is None:
        shown = (f"evidence of one quantity: {evidence}" if evidence else
                 "no evidence of one quantity in the texts (no shared measure word or group, "
                 "named subject or wording), so the higher threshold applies")
        reason = (f"probability {d.probability:.3f} makes a pair, but it was dropped: another "
                  f"counterpart in the same document is closer by more than the margin "
                  f"({model.margin}), or it disagrees and {d.probability:.3f} is below the flag "
                  f"threshold {flag_at} ({shown})")
    else:
        reason = f"paired: probability {d.probability:.3f}, verdict {finding.verdict}"
    return PairWhy(a, b, finding is not None, d.veto, d.probability if not d.veto else None,
                   model.pair_threshold, flag_at if not d.veto else model.flag_threshold,
                   d.contributions, reason, finding)


def _claim_by_ref(claims: list[Claim], ref: str) -> Claim:
    from .errors import UsageError

    for c in claims:
        if c.id == ref:
            return c
    doc, _, span = ref.rpartition(":")
    start, _, end = span.partition("-")
    if doc and start.isdigit() and end.isdigit():
        for c in claims:
            if (c.doc == doc or c.doc.endswith("/" + doc)) and c.start == int(start) \
                    and c.end == int(end):
                return c
    raise UsageError(f"no quantity claim {ref!r}",
                     hint="name a claim by its id from `factcheck extract` (doc#N) or by its span "
                     "(doc:START-END)")
