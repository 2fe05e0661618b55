"""The HTML report: one self-contained page (CSS inline, no request leaves it, works offline
and as a CI artifact), rendered with Jinja2 templates shipped in ``factcheck/templates``.

It is built from the same report model as the text and Markdown reports: the ``Report``,
its findings and, for a draft check, its ``FigureCheck`` per draft figure. This module only
arranges that model for the templates (the draft's text cut at each checked figure, each
claim's sentence cut around its figure, each document's outlet, date and link); the
templates decide the markup.

Every piece of article text reaches the page through Jinja's autoescaping (``autoescape``
is on for every template, whatever its name), control characters and bidirectional
overrides are replaced as in the text report, a link is made only of an ``http:`` or
``https:`` address (a ``javascript:`` URL in front matter stays text), and the page's
Content-Security-Policy forbids scripts and every request, so even markup that got through
would stay inert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .desk import FIGURE_RANK
from .models import VERDICT_RANK, Claim, Document, Finding, Report
from .report import check_summary, printable, shown_sentence, summary_line

TEMPLATES = Path(__file__).resolve().parent / "templates"

# a served page (factcheck serve) links a source to its stored text: (doc id, start, end) -> URL
SourceLink = Callable[[str, int, int], str]


@lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment: autoescape on for every template, undefined names an error."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["clean"] = printable
    return env


def safe_url(url: str | None) -> str | None:
    """An address fit for a link: http or https with a host, else None (shown as text)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    return url


# -- the pieces the templates show ------------------------------------------------------------
@dataclass(frozen=True)
class Sentence:
    """A claim's sentence cut around its figure: ``head before **figure** after tail``."""

    before: str
    figure: str
    after: str
    head: str = ""  # "… " when the sentence was clipped before the window
    tail: str = ""


def sentence_of(c: Claim) -> Sentence:
    s, rel_a, rel_b, head, tail = shown_sentence(c)
    return Sentence(before=_squash(s[:rel_a]), figure=_squash(s[rel_a:rel_b]),
                    after=_squash(s[rel_b:]), head=head, tail=tail)


def _squash(text: str) -> str:
    """Runs of white space as one space (a hard-wrapped sentence keeps its line breaks),
    keeping one space at either end where the text had some."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return printable(lead + inner + trail)


@dataclass(frozen=True)
class Source:
    """Who a figure comes from: outlet (the document's source, else its id), date, link."""

    doc: str
    outlet: str
    date: str | None
    title: str | None
    url: str | None  # a safe link, or None
    url_text: str | None  # the address as given (shown as text when it is not safe)
    open_href: str | None = None  # the served desk's page of the stored text


def source_of(doc_id: str, docs: Mapping[str, Document], link: SourceLink | None = None,
              claim: Claim | None = None) -> Source:
    d = docs.get(doc_id)
    if d is None:
        return Source(doc=printable(doc_id), outlet=printable(doc_id), date=None, title=None,
                      url=None, url_text=None)
    href = link(d.id, claim.start, claim.end) if link and claim is not None else None
    return Source(doc=printable(d.path or d.id), outlet=printable(d.source or d.id),
                  date=d.date, title=printable(d.title) if d.title else None,
                  url=safe_url(d.url), url_text=printable(d.url) if d.url else None,
                  open_href=href)


@dataclass(frozen=True)
class Reason:
    type: str
    detail: str
    evidence: str | None
    sufficient: bool


def reasons_of(f: Finding) -> list[Reason]:
    return [Reason(type=e.type, detail=printable(e.detail),
                   evidence=(printable(" ".join(e.evidence.split()))
                             if e.evidence and e.evidence not in e.detail else None),
                   sufficient=e.sufficient) for e in f.explanations]


@dataclass(frozen=True)
class Other:
    """The other side of a pair: its source, its sentence, the verdict and the reasons."""

    source: Source
    sentence: Sentence
    verdict: str
    ratio: str | None
    attribution: str | None
    reasons: list[Reason]
    suppressed: bool
    fingerprint: str
    message: str


def other_of(f: Finding, mine: Claim, docs: Mapping[str, Document],
             link: SourceLink | None) -> Other:
    other = f.b if f.a.id == mine.id else f.a
    return Other(source=source_of(other.doc, docs, link, other), sentence=sentence_of(other),
                 verdict=f.verdict, ratio=_ratio(f), attribution=_opt(other.attribution),
                 reasons=reasons_of(f), suppressed=f.suppressed, fingerprint=f.fingerprint,
                 message=printable(f.message))


def _ratio(f: Finding) -> str | None:
    return f"{f.ratio:.2f}× apart" if f.ratio and f.ratio > 1.0000001 else None


def _opt(text: str | None) -> str | None:
    return printable(text) if text else None


@dataclass(frozen=True)
class Mark:
    """A highlighted figure in a document's text."""

    start: int
    end: int
    verdict: str  # the class: conflict | explained | supported | unverified | consistent | reviewed
    label: str  # the words shown beside it, readable without colour
    anchor: str  # the id of its panel
    mark_id: str  # the id of the mark itself
    fingerprint: str = ""


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark | None = None


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """The document's text (from its first non-blank character: front matter is blanked
    out) cut at each mark; overlapping marks after the first are dropped."""
    body = len(text) - len(text.lstrip())
    out: list[Segment] = []
    at = body
    for m in sorted(marks, key=lambda m: (m.start, m.end)):
        if m.start < at or m.end > len(text) or m.end <= m.start:
            continue
        out.append(Segment(printable(text[at:m.start])))
        out.append(Segment(printable(text[m.start:m.end]), m))
        at = m.end
    out.append(Segment(printable(text[at:].rstrip())))
    return [s for s in out if s.text or s.mark]


# -- the draft check --------------------------------------------------------------------------
@dataclass(frozen=True)
class FigurePanel:
    n: int
    anchor: str
    mark_id: str
    verdict: str
    label: str
    suppressed: bool
    note: str
    line: str
    fingerprint: str
    claim_text: str
    sentence: Sentence
    source: Source
    stale: str | None
    sources_say: str | None
    differ: list[Other]  # conflicting or explained sources
    agree: list[Other]  # collapsed
    reviewed_pairs: list[Other] = field(default_factory=list)


def figure_label(verdict: str, suppressed: bool) -> str:
    return f"reviewed ({verdict})" if suppressed else verdict


@dataclass(frozen=True)
class LineageView:
    """A group of wire lineage: copies under their original (kind ``copy``), or outlets
    quoting one statement (kind ``quote``), with the shared passage and each one's share."""

    id: str
    kind: str
    label: str
    original: Source | None
    members: list[tuple[Source, str | None, str | None]]  # source, share copied, passage


def lineage_view(report: Report) -> list[LineageView]:
    docs = {d.id: d for d in report.documents}
    groups = report.lineage.lineages if report.lineage is not None else ()
    out = []
    for g in groups:
        ev = {e.doc: e for e in g.evidence}
        original = g.original or g.members[0] if g.kind == "copy" else None
        members = []
        for m in g.members:
            if m == original:
                continue
            e = ev.get(m) or (g.evidence[0] if g.kind != "copy" and g.evidence else None)
            share = f"{100 * e.share:.0f} % copied" if e is not None and g.kind == "copy" else None
            passage = printable(" ".join(e.passage.split())) if e is not None else None
            members.append((source_of(m, docs), share, passage))
        out.append(LineageView(id=printable(g.id), kind=g.kind, label=printable(g.label),
                               original=source_of(original, docs) if original else None,
                               members=members))
    return out


@dataclass(frozen=True)
class DraftView:
    doc_id: str
    title: str
    source: Source
    summary: str
    segments: list[Segment]
    panels: list[FigurePanel]
    warnings: list[str]
    stale: list[tuple[str, str, str]]  # (figure, message, newer sentence)
    lineages: list[LineageView] = field(default_factory=list)


def draft_view(report: Report, draft: str, *, title: str,
               link: SourceLink | None = None) -> DraftView:
    docs = {d.id: d for d in report.documents}
    figs = [g for g in report.figures if g.claim.doc == draft]
    order = sorted(figs, key=lambda g: (g.suppressed, -FIGURE_RANK[g.verdict], g.claim.start))
    number = {g.claim.id: n for n, g in enumerate(order, 1)}
    panels, marks = [], []
    for g in order:
        n = number[g.claim.id]
        mine = g.claim
        live = [f for f in g.findings if not f.suppressed]
        cls = "reviewed" if g.suppressed else g.verdict
        label = figure_label(g.verdict, g.suppressed)
        marks.append(Mark(mine.start, mine.end, cls, label, f"figure-{n}", f"mark-{n}",
                          g.fingerprint))
        panels.append(FigurePanel(
            n=n, anchor=f"figure-{n}", mark_id=f"mark-{n}", verdict=cls, label=label,
            suppressed=g.suppressed, note=printable(g.note), line=printable(g.line),
            fingerprint=g.fingerprint, claim_text=printable(" ".join(mine.text.split())),
            sentence=sentence_of(mine), source=source_of(mine.doc, docs),
            stale=printable(g.stale.message) if g.stale is not None else None,
            sources_say=(printable(" ".join(g.sources_say.text.split()))
                         if g.sources_say is not None else None),
            differ=[other_of(f, mine, docs, link) for f in live if f.verdict != "consistent"],
            agree=[other_of(f, mine, docs, link) for f in live if f.verdict == "consistent"],
            reviewed_pairs=[other_of(f, mine, docs, link) for f in g.findings if f.suppressed],
        ))
    d = docs.get(draft)
    stale = [(printable(n.claim.text), printable(n.message), printable(n.newer.sentence))
             for n in report.notices if n.claim.doc == draft]
    return DraftView(
        doc_id=draft, title=printable(title), source=source_of(draft, docs),
        summary=check_summary(report, {draft}),
        segments=segments(d.text if d is not None else "", marks),
        panels=panels, warnings=[printable(w) for w in report.warnings], stale=stale,
        lineages=lineage_view(report))


# -- the report over documents (pairs) --------------------------------------------------------
@dataclass(frozen=True)
class PairPanel:
    n: int
    anchor: str
    verdict: str
    label: str
    suppressed: bool
    ratio: str | None
    message: str
    fingerprint: str
    sides: list[tuple[Source, Sentence, str | None, str]]  # source, sentence, attribution, mark id
    reasons: list[Reason]


@dataclass(frozen=True)
class DocumentView:
    doc_id: str
    source: Source
    segments: list[Segment]
    marked: int


@dataclass(frozen=True)
class ReportView:
    title: str
    summary: str
    documents: list[DocumentView]
    differ: list[PairPanel]
    agree: list[PairPanel]
    suppressed: list[PairPanel]
    warnings: list[str]
    lineages: list[LineageView] = field(default_factory=list)


def report_view(report: Report, *, title: str) -> ReportView:
    docs = {d.id: d for d in report.documents}
    order = sorted(report.findings, key=lambda f: (f.suppressed, -VERDICT_RANK[f.verdict],
                                                   f.a.doc, f.a.start))
    # each claim in a pair is marked once, with the worst verdict of its pairs
    best: dict[str, tuple[Claim, Finding, int]] = {}
    panels: list[PairPanel] = []
    for n, f in enumerate(order, 1):
        for c in (f.a, f.b):
            if c.id not in best:
                best[c.id] = (c, f, n)
    for n, f in enumerate(order, 1):
        sides = []
        for c in (f.a, f.b):
            sides.append((source_of(c.doc, docs), sentence_of(c), _opt(c.attribution),
                          f"mark-{c.id}" if best[c.id][2] == n else ""))
        label = figure_label(f.verdict, f.suppressed)
        panels.append(PairPanel(n=n, anchor=f"pair-{n}", verdict="reviewed" if f.suppressed
                                else f.verdict, label=label, suppressed=f.suppressed,
                                ratio=_ratio(f), message=printable(f.message),
                                fingerprint=f.fingerprint, sides=sides, reasons=reasons_of(f)))
    views = []
    for d in report.documents:
        marks = []
        for c, f, n in best.values():
            if c.doc != d.id:
                continue
            cls = "reviewed" if f.suppressed else f.verdict
            marks.append(Mark(c.start, c.end, cls, panels[n - 1].label, f"pair-{n}",
                              f"mark-{c.id}", f.fingerprint))
        views.append(DocumentView(doc_id=d.id, source=source_of(d.id, docs),
                                  segments=segments(d.text, marks), marked=len(marks)))
    return ReportView(
        title=printable(title), summary=summary_line(report), documents=views,
        differ=[p for p in panels if not p.suppressed and p.verdict != "consistent"],
        agree=[p for p in panels if not p.suppressed and p.verdict == "consistent"],
        suppressed=[p for p in panels if p.suppressed],
        warnings=[printable(w) for w in report.warnings], lineages=lineage_view(report))


# -- rendering ---------------------------------------------------------------------------------
def _version() -> str:
    from . import __version__

    return __version__


def render_html(report: Report, *, title: str = "factcheck report") -> str:
    """A report over documents (``factcheck report --format html``); a report with desk
    figures (a draft check) is rendered as :func:`render_check_html` over its drafts."""
    if report.figures:
        drafts = list(dict.fromkeys(g.claim.doc for g in report.figures))
        return render_check_html([(d, report) for d in drafts], title=title)
    view = report_view(report, title=title)
    return environment().get_template("report.html.j2").render(
        view=view, title=view.title, version=_version())


def render_check_html(sections: Sequence[tuple[str, Report]], *, title: str = "factcheck",
                      titles: Sequence[str] | None = None) -> str:
    """The desk check of one or more drafts as one page: a section per draft (``sections``
    pairs a draft's document id with its report)."""
    views = [draft_view(rep, d, title=(titles[i] if titles else title))
             for i, (d, rep) in enumerate(sections)]
    return environment().get_template("check.html.j2").render(
        drafts=views, title=printable(title), version=_version())


def render_check_fragment(report: Report, draft: str, *, title: str,
                          link: SourceLink | None = None, reviewable: bool = False) -> str:
    """One draft's check as a fragment for the served desk's page (no <html> around it)."""
    view = draft_view(report, draft, title=title, link=link)
    return environment().get_template("_draft.html.j2").render(
        draft=view, reviewable=reviewable)


def render_source_page(doc: Document, start: int, end: int) -> str:
    """A stored source's text with one figure highlighted (the served desk's "open")."""
    mark = Mark(start, end, "source", "", "", "figure") if 0 <= start < end <= len(doc.text) \
        else None
    return environment().get_template("source.html.j2").render(
        source=source_of(doc.id, {doc.id: doc}),
        segments=segments(doc.text, [mark] if mark else []),
        title=printable(doc.title or doc.source or doc.id), version=_version())
