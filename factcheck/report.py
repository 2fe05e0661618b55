"""Render a Report: text for the terminal, Markdown for editors, JSON/JSONL/CSV for pipelines,
and line, GitHub-annotation and SARIF output for linters' tooling.

Markdown escapes every piece of article text, so an article containing raw HTML or a
``javascript:`` link cannot inject markup into an editor's report. Text and Markdown also
replace control characters (terminal escape sequences) and bidirectional overrides with
U+FFFD, so article text cannot rewrite an editor's terminal or reorder a line.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

from .desk import FIGURE_RANK
from .models import VERDICT_RANK, Claim, Finding, Report


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    line = "line"  # file:line:col: severity: message [fingerprint], like Vale or ruff
    github = "github"  # GitHub Actions workflow annotations
    sarif = "sarif"  # SARIF 2.1.0, for code-scanning tools
    html = "html"  # one self-contained page for editors (factcheck.html_report)


# the formats that point at a place in a file, one finding at a time
LOCATED_FORMATS = (Format.line, Format.github, Format.sarif)


# columns of the pairs CSV after those of the JSONL pair lines
PAIR_EXTRA_FIELDS = ["a_text", "b_text", "a_doc", "b_doc"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BARE_LINK = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp|www)([:.@])")
# an e-mail address: GitHub links "user@example.com" without any scheme
_BARE_EMAIL = re.compile(r"(?<=[\w.+-])@(?=[\w-]+\.)")
# C0 and C1 controls other than tab and newline, DEL, and the bidirectional overrides
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: controls and bidi overrides become U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)


def one_line_id(text: str) -> str:
    """A document id or file name on one line of text output: a newline or other unprintable
    character in it is shown escaped ("a\\nCONFLICT"), so it cannot start a forged line."""
    return text if text.isprintable() else repr(text)[1:-1]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a character offset in a document's text.

    Lines end at "\n" (a "\r" before it is the last character of its line)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def md_escape(text: str) -> str:
    """Escape Markdown and HTML so article text renders as text."""
    text = printable(" ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a bare address would become a link (GitHub autolinks http://, https://, www., e-mail
    # addresses and mailto:/xmpp:)
    text = _BARE_LINK.sub(r"\1\\\2", text)
    return _BARE_EMAIL.sub(r"\\@", text) if "@" in text else text


def summary_line(report: Report) -> str:
    s = report.summary()
    parts = [
        f"{s['conflict']} conflict{'s' if s['conflict'] != 1 else ''}",
        f"{s['explained']} explained difference{'s' if s['explained'] != 1 else ''}",
        f"{s['consistent']} pair{'s' if s['consistent'] != 1 else ''} agree",
        f"{s['quantities']} numbers in {s['documents']} document{'s' if s['documents'] != 1 else ''}",
    ]
    if s["suppressed"]:
        parts.append(f"{s['suppressed']} suppressed")
    if s["unknown_units"]:
        parts.append(f"{s['unknown_units']} unknown unit{'s' if s['unknown_units'] != 1 else ''}")
    return ", ".join(parts)


# -- text -----------------------------------------------------------------------------------
def render_text(report: Report) -> str:
    lines = [summary_line(report), ""]
    if report.figures:
        # the desk check: one line per draft figure, worst first, before the pairs
        for g in sorted(report.figures, key=lambda g: (-FIGURE_RANK[g.verdict], g.claim.doc,
                                                       g.claim.start)):
            tag = "REVIEWED" if g.suppressed else g.verdict.upper()
            lines.append(f"{tag:10} {g.line}  [{g.fingerprint}]")
            if g.suppressed and g.note:
                lines.append(f"           note: {g.note}")
            if g.stale is not None:
                lines.append(f"           stale: {g.stale.message}")
        lines.append("")
    order = sorted(report.findings, key=lambda f: -VERDICT_RANK[f.verdict])
    for f in order:
        if f.suppressed:
            continue
        lines.append(f"{f.verdict.upper():10} {f.message}")
        lines.append(f"           {one_line_id(f.a.doc)}:{f.a.start}-{f.a.end}  "
                     f"{one_line_id(f.b.doc)}:{f.b.start}-{f.b.end}")
        for e in f.explanations:
            flag = "" if e.sufficient else " (does not account for the gap)"
            lines.append(f"           - {e.type}: {e.detail}{flag}")
            if e.evidence and e.evidence not in e.detail:
                lines.append(f"             evidence: \"{' '.join(e.evidence.split())}\"")
        lines.append("")
    lines += lineage_text(report)
    return printable("\n".join(lines).rstrip() + "\n")


def _outlet(report: Report, doc_id: str) -> str:
    d = next((d for d in report.documents if d.id == doc_id), None)
    bits = [one_line_id(doc_id)]
    if d is not None and d.source:
        bits.append(" ".join(d.source.split()))
    if d is not None and d.date:
        bits.append(d.date)
    return ", ".join(bits)


def _shown(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def lineage_text(report: Report) -> list[str]:
    """Copies grouped under their original (wire lineage), then statements quoted by
    several outlets."""
    groups = report.lineage.lineages if report.lineage is not None else ()
    lines: list[str] = []
    for g in groups:
        ev = {e.doc: e for e in g.evidence}
        if g.kind == "copy":
            copies = len(g.members) - 1
            lines.append(f"{'LINEAGE':10} {g.id}: {g.label}: {copies} "
                         f"cop{'y' if copies == 1 else 'ies'} of one original, one source")
            lines.append(f"           original {_outlet(report, g.original or g.members[0])}")
            for m in g.members[1:]:
                e = ev.get(m)
                share = f", {100 * e.share:.0f} % of it copied" if e else ""
                lines.append(f"           - copy {_outlet(report, m)}{share}")
                if e:
                    lines.append(f"             shared: \"{_shown(e.passage)}\"")
        else:
            lines.append(f"{'QUOTED':10} {g.id}: {len(g.members)} documents quote one "
                         "statement (one source quoted, not copies of each other)")
            for m in g.members:
                lines.append(f"           - {_outlet(report, m)}")
            if g.evidence:
                lines.append(f"             \"{_shown(g.evidence[0].passage)}\"")
        lines.append("")
    return lines


def lineage_markdown(report: Report) -> list[str]:
    groups = report.lineage.lineages if report.lineage is not None else ()
    if not groups:
        return []
    out = [f"## Copies and quoted statements ({len(groups)})", ""]
    for g in groups:
        ev = {e.doc: e for e in g.evidence}
        if g.kind == "copy":
            out.append(f"- **{md_escape(g.label)}** ({g.id}), original: "
                       f"{md_escape(_outlet(report, g.original or g.members[0]))}")
            for m in g.members[1:]:
                e = ev.get(m)
                share = f", {100 * e.share:.0f} % copied" if e else ""
                out.append(f"  - copy: {md_escape(_outlet(report, m))}{share}"
                           + (f"  \n    > {md_escape(_shown(e.passage))}" if e else ""))
        else:
            out.append(f"- one statement quoted by {len(g.members)} documents ({g.id}): "
                       + ", ".join(md_escape(_outlet(report, m)) for m in g.members))
            if g.evidence:
                out.append(f"  > {md_escape(_shown(g.evidence[0].passage))}")
    out.append("")
    return out


def render_claims_text(claims: Sequence[Claim]) -> str:
    lines = []
    for c in claims:
        value = c.value if c.value is not None else f"{c.low}..{c.high}"
        unit = c.unit or ""
        extra = [x for x in (c.bound if c.bound != "=" else "", c.change or "") if x]
        lines.append(
            f"{one_line_id(c.doc)}:{c.start}-{c.end}\t{c.kind}\t{c.text!r}\t{value} {unit}".rstrip()
            + (f"\t[{' '.join(extra)}]" if extra else "")
        )
    return printable("\n".join(lines) + ("\n" if lines else ""))


# -- markdown --------------------------------------------------------------------------------
def _md_sentence(c: Claim) -> str:
    s, rel_a, rel_b, head, tail = shown_sentence(c)
    return (head + (
        _md_piece(s[:rel_a]) + "**" + md_escape(s[rel_a:rel_b]) + "**" + _md_piece(s[rel_b:])
    ).strip() + tail)


def _md_piece(text: str) -> str:
    """md_escape that keeps one space at either end where the text had white space."""
    inner = md_escape(text)
    lead = " " if text[:1].isspace() and inner else ""
    trail = " " if text[-1:].isspace() and inner else ""
    return lead + inner + trail


def _md_source(report: Report, c: Claim) -> str:
    doc = next((d for d in report.documents if d.id == c.doc), None)
    bits = [md_escape(c.doc)]
    if doc and doc.source:
        bits.append(md_escape(doc.source))
    if doc and doc.date:
        bits.append(doc.date)
    return ", ".join(bits)


def _md_explanations(f: Finding, *, indent: str, emphasis: bool) -> list[str]:
    """One bullet per explanation, with its evidence quoted under it."""
    lines = []
    for e in f.explanations:
        flag = " *(does not account for the gap)*" if not e.sufficient else ""
        kind = f"*{e.type}*" if emphasis else e.type
        lines.append(f"{indent}- {kind}: {md_escape(e.detail)}{flag}")
        if e.evidence and e.evidence not in e.detail:
            lines.append(f"{indent}  > {md_escape(e.evidence)}")
    return lines


def render_markdown(report: Report, *, title: str = "factcheck report") -> str:
    out = [f"# {md_escape(title)}", "", f"**{summary_line(report)}**", ""]
    for verdict, heading in (
        ("conflict", "Conflicts"),
        ("explained", "Explained differences"),
        ("consistent", "Numbers that agree"),
    ):
        items = [f for f in report.findings if f.verdict == verdict and not f.suppressed]
        if not items:
            continue
        out += [f"## {heading} ({len(items)})", ""]
        if verdict == "consistent":
            # agreement needs no reading, one line each
            for f in items:
                why = ", ".join(e.type for e in f.explanations)
                out.append(f"- **{md_escape(f.a.text)}** ({_md_source(report, f.a)}) = "
                           f"**{md_escape(f.b.text)}** ({_md_source(report, f.b)})"
                           + (f" — once {why} is considered" if why else ""))
            out.append("")
            continue
        for i, f in enumerate(items, 1):
            ratio = f" — {f.ratio:.2f}× apart" if f.ratio and f.ratio > 1.0000001 else ""
            out.append(f"### {i}. {md_escape(f.a.text)} vs {md_escape(f.b.text)}{ratio}")
            out.append("")
            for c in (f.a, f.b):
                who = f" — attributed to {md_escape(c.attribution)}" if c.attribution else ""
                out.append(f"- {_md_sentence(c)}  \n  *{_md_source(report, c)}*{who}")
            out.append("")
            out.append(f"**Verdict: {f.verdict}.**")
            out.extend(_md_explanations(f, indent="", emphasis=True))
            out.append("")
    out += lineage_markdown(report)
    if report.warnings:
        out += ["## Warnings", ""] + [f"- {md_escape(w)}" for w in report.warnings] + [""]
    return "\n".join(out).rstrip() + "\n"


# -- machine formats -------------------------------------------------------------------------
# A claim's record carries its sentence, whole when the sentence is at most SENTENCE_MAX
# characters (nearly every sentence of news), else a window of about SENTENCE_CONTEXT
# characters either side of the claim: a sentence of 60 KB with 5,000 figures repeated in
# every claim made gigabytes of output. A clipped record says so (additive keys, schema 1
# unchanged): "sentence_clipped": true and "sentence_span": [start, end], the whole sentence's
# place in the document's text; the whole sentence is given once, in the JSON formats'
# "sentences" table and on the first JSONL record of its sentence ("sentence_full").
# "sentence_start" (every record) is where the record's "sentence" starts in the text.
SENTENCE_MAX = 1_000
SENTENCE_CONTEXT = 300


def shown_sentence(c: Claim) -> tuple[str, int, int, str, str]:
    """The sentence shown with ``c`` (a long one clipped around it, see clip_window), where
    the claim starts and ends in it, and the marks of a cut before and after ("… ", " …")."""
    s = c.sentence
    rel_a = max(0, min(len(s), c.start - c.sentence_start))
    rel_b = max(rel_a, min(len(s), c.end - c.sentence_start))
    head = tail = ""
    win = clip_window(c)
    if win is not None:
        a, b = win
        head, tail = ("… " if a > 0 else ""), (" …" if b < len(s) else "")
        s, rel_a, rel_b = s[a:b], rel_a - a, rel_b - a
    return s, rel_a, rel_b, head, tail


def clip_window(c: Claim) -> tuple[int, int] | None:
    """Where the sentence shown with ``c`` starts and ends, relative to the sentence; None
    when it is shown whole."""
    s = c.sentence
    if len(s) <= SENTENCE_MAX:
        return None
    rel_a = max(0, min(len(s), c.start - c.sentence_start))
    rel_b = max(rel_a, min(len(s), c.end - c.sentence_start))
    a = max(0, rel_a - SENTENCE_CONTEXT)
    b = min(len(s), rel_b + SENTENCE_CONTEXT)
    # at a word's edge when one is near (a cut word reads as another word)
    if a > 0:
        sp = s.find(" ", a, min(rel_a, a + 40))
        a = sp + 1 if sp >= 0 else a
    if b < len(s):
        sp = s.rfind(" ", max(rel_b, b - 40), b)
        b = sp if sp >= 0 else b
    return a, b


def claim_record(c: Claim, shown: set[tuple[str, int]] | None = None) -> dict[str, Any]:
    """``c.to_json()`` for output: its sentence clipped around it when long (see
    SENTENCE_MAX); with ``shown`` (the sentences already given whole), the first record of
    a clipped sentence carries it whole as "sentence_full"."""
    d = c.to_json()
    d["sentence_start"] = c.sentence_start
    win = clip_window(c)
    if win is None:
        return d
    a, b = win
    d["sentence"] = c.sentence[a:b]
    d["sentence_start"] = c.sentence_start + a
    d["sentence_clipped"] = True
    d["sentence_span"] = [c.sentence_start, c.sentence_start + len(c.sentence)]
    if shown is not None and (c.doc, c.sentence_start) not in shown:
        shown.add((c.doc, c.sentence_start))
        d["sentence_full"] = c.sentence
    return d


def sentence_table(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """The clipped sentences of ``claims``, each once: doc, start, end and text."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    for c in claims:
        key = (c.doc, c.sentence_start)
        if key not in seen and len(c.sentence) > SENTENCE_MAX:
            seen.add(key)
            out.append({"doc": c.doc, "start": c.sentence_start,
                        "end": c.sentence_start + len(c.sentence), "text": c.sentence})
    return out


def render_json(report: Report) -> str:
    data = report.to_json()
    data["claims"] = [claim_record(c) for c in report.claims]
    table = sentence_table(report.claims)
    if table:
        data["sentences"] = table
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_jsonl(report: Report) -> str:
    rows = [json.dumps({"type": "pair", **f.to_json()}, ensure_ascii=False) for f in report.findings]
    return "\n".join(rows) + ("\n" if rows else "")


def render_claims_jsonl(claims: Sequence[Claim]) -> str:
    shown: set[tuple[str, int]] = set()
    return "".join(json.dumps(claim_record(c, shown), ensure_ascii=False) + "\n"
                   for c in claims)


def render_claims_json(claims: Sequence[Claim]) -> str:
    data: dict[str, Any] = {"schema": 1, "claims": [claim_record(c) for c in claims]}
    table = sentence_table(claims)
    if table:
        data["sentences"] = table
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _csv(rows: list[dict[str, object]], fields: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _csv_cell(v) for k, v in r.items()})
    return buf.getvalue()


# A plain number, which a spreadsheet reads as a number and never executes: -3.5, +2, 1e6
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
# what a spreadsheet takes as the start of a formula (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CSV_BLANKS = " \t\r\n\x0b\x0c\u00a0"  # what a spreadsheet may skip before a formula


def _csv_cell(v: object) -> object:
    """One CSV cell holding what the JSON record holds: true/false as in JSON, null as an
    empty cell, lists and objects as their JSON text, and text as it is, except a cell that
    a spreadsheet would execute as a formula (see :func:`_csv_safe`)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return _csv_safe(json.dumps(v, ensure_ascii=False))
    if isinstance(v, str) and "\r" in v:
        # a carriage return is a line break in a cell, written as "\n": the writer quotes a
        # cell holding "\n" (its line terminator) but not a bare "\r", which readers take
        # for the end of the row, so the rest of the cell became a row of its own
        v = v.replace("\r\n", "\n").replace("\r", "\n")
    return _csv_safe(v)


def _csv_safe(v: object) -> object:
    """Spreadsheet formula injection: text that starts with = + - @ tab or CR and is more than
    that one character and not a plain number (-3.5) gets a leading apostrophe, so a
    spreadsheet shows it as text instead of running it. Nothing else is changed: a claim's
    bound "=" or a value "-3.5" stay as they are."""
    if (isinstance(v, str) and len(v) > 1
            and (v.startswith(_FORMULA_START) or v.lstrip(_CSV_BLANKS).startswith(_FORMULA_START))
            and not _PLAIN_NUMBER.fullmatch(v)):
        return "'" + v
    return v


def _claim_fields() -> list[str]:
    """The keys of a claim's JSON record, in order: the CSV columns."""
    return list(claim_record(Claim(id="", doc="", start=0, end=0, text="", sentence="",
                                   kind="quantity")))


def _pair_fields() -> list[str]:
    """The keys of a JSONL pair line, in order, then a_text, b_text, a_doc, b_doc."""
    c = Claim(id="", doc="", start=0, end=0, text="", sentence="", kind="quantity")
    keys = ["type", *Finding(a=c, b=c, verdict="consistent", ratio=None, explanations=(),
                            message="").to_json()]
    return keys + [k for k in PAIR_EXTRA_FIELDS if k not in keys]


def render_claims_csv(claims: Sequence[Claim]) -> str:
    fields = _claim_fields()
    for c in claims:  # keys a newer Claim.to_json adds come along
        fields += [k for k in c.to_json() if k not in fields]
        break
    return _csv([claim_record(c) for c in claims], fields)


def render_csv(report: Report) -> str:
    """One row per pair with the columns of the JSONL pair lines (nested values as JSON
    text), then the two claims' texts and documents."""
    rows = []
    for f in report.findings:
        j: dict[str, object] = {"type": "pair", **f.to_json()}
        j.update(a_text=f.a.text, b_text=f.b.text, a_doc=f.a.doc, b_doc=f.b.doc)
        rows.append(j)
    return _csv(rows, _pair_fields())


# -- formats for tools: one finding at a place in a file ------------------------------------
# severity of each verdict in the line format, as GitHub's annotation command, as SARIF level
SEVERITY = {"conflict": ("error", "error", "error"),
            "explained": ("warning", "warning", "warning"),
            "stale": ("info", "notice", "note")}
RULES = {
    "conflict": "A figure differs from another source's figure for the same quantity, and "
                "nothing in the texts reconciles them.",
    "explained": "A figure differs from another source's figure for the same quantity; the "
                 "context (source, scope, time, unit, rounding...) explains the difference.",
    "stale": "A later-dated source gives another value for the draft's figure.",
}


class Located:
    """One finding at a place: the claim it is reported at (the draft's, else the pair's
    first), the other claim, and where both are in their files."""

    def __init__(self, report: Report, anchors: set[str] | None = None) -> None:
        self.docs = {d.id: d for d in report.documents}
        self.anchors = anchors or set()

    def where(self, c: Claim) -> tuple[str, int, int, int, int]:
        """File, start line and column, end line and column (exclusive) of a claim."""
        d = self.docs.get(c.doc)
        path = (d.path if d and d.path else c.doc)
        if d is None:
            return path, 1, 1, 1, 1
        return (path, *line_col(d.text, c.start), *line_col(d.text, c.end))

    def items(self, report: Report, *, suppressed: bool = False
              ) -> list[tuple[str, Claim, Claim | None, str, str]]:
        """(rule, claim, other claim, message, fingerprint) for each flagged pair and stale
        notice, in file order; pairs that agree are left out, and suppressed ones unless
        asked for."""
        out = []
        if report.figures:
            # the desk check: one item per flagged draft figure, the line the desk reads
            for g in report.figures:
                if g.verdict not in ("conflict", "explained") or (g.suppressed and not suppressed):
                    continue
                out.append((g.verdict, g.claim, g.sources_say, g.line, g.fingerprint))
        for f in report.findings if not report.figures else ():
            if f.verdict == "consistent" or (f.suppressed and not suppressed):
                continue
            mine, other = (f.b, f.a) if f.b.doc in self.anchors and f.a.doc not in self.anchors \
                else (f.a, f.b)
            out.append((f.verdict, mine, other, f.message, f.fingerprint))
        for n in report.notices:
            out.append(("stale", n.claim, n.newer, n.message, ""))
        out.sort(key=lambda t: (self.where(t[1])[0], t[1].start, -VERDICT_RANK.get(t[0], -1)))
        return out

    def suppressed(self, report: Report) -> set[str]:
        if report.figures:
            return {g.fingerprint for g in report.figures if g.suppressed}
        return {f.fingerprint for f in report.findings if f.suppressed}


def _one_line(text: str) -> str:
    return printable(" ".join(text.split()))


def render_line(report: Report, anchors: set[str] | None = None) -> str:
    """``file:line:col: severity: message [fingerprint]``, one finding a line."""
    loc = Located(report, anchors)
    lines = []
    for rule, c, other, message, fp in loc.items(report):
        path, line, col, _, _ = loc.where(c)
        also = ""
        if other is not None:
            opath, oline, ocol, _, _ = loc.where(other)
            also = f" (other: {one_line_id(opath)}:{oline}:{ocol})"
        tag = f" [{fp}]" if fp else ""
        lines.append(f"{one_line_id(path)}:{line}:{col}: {SEVERITY[rule][0]}: {rule}: "
                     f"{_one_line(message)}{also}{tag}")
    return "".join(line + "\n" for line in lines)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, anchors: set[str] | None = None) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C::message``."""
    loc = Located(report, anchors)
    lines = []
    for rule, c, other, message, fp in loc.items(report):
        path, line, col, end_line, end_col = loc.where(c)
        props = [f"file={_gh_prop(path)}", f"line={line}", f"col={col}"]
        if end_line == line:
            props.append(f"endColumn={end_col}")
        props.append(f"title={_gh_prop(f'factcheck {rule}')}")
        tag = f" [{fp}]" if fp else ""
        # printable: a workflow command in article text must not reach the runner
        lines.append(f"::{SEVERITY[rule][1]} {','.join(props)}::"
                     f"{_gh_data(_one_line(message))}{tag}")
    return "".join(line + "\n" for line in lines)


def _sarif_location(loc: Located, c: Claim) -> dict[str, object]:
    from urllib.parse import quote

    path, line, col, end_line, end_col = loc.where(c)
    return {"physicalLocation": {
        "artifactLocation": {"uri": quote(path.replace("\\", "/"), safe="/")},
        "region": {"startLine": line, "startColumn": col, "endLine": end_line,
                   "endColumn": end_col, "snippet": {"text": c.text}},
    }}


def render_sarif(report: Report, anchors: set[str] | None = None) -> str:
    """SARIF 2.1.0: one run, one rule per verdict, a result per flagged pair or stale figure
    at the claim (the draft's when there is one), the other claim as a related location.
    Columns count characters (``columnKind: unicodeCodePoints``); a suppressed pair is a
    result with a suppression."""
    from . import __version__

    loc = Located(report, anchors)
    rule_ids = list(RULES)
    suppressed = loc.suppressed(report)
    results = []
    for rule, c, other, message, fp in loc.items(report, suppressed=True):
        res: dict[str, object] = {
            "ruleId": rule,
            "ruleIndex": rule_ids.index(rule),
            "level": SEVERITY[rule][2],
            "message": {"text": _one_line(message)},
            "locations": [_sarif_location(loc, c)],
        }
        if other is not None:
            res["relatedLocations"] = [{"id": 1, **_sarif_location(loc, other),
                                        "message": {"text": f"the other figure: {other.text}"}}]
        if fp:
            res["partialFingerprints"] = {"factcheck/v1": fp}
            if fp in suppressed:
                res["suppressions"] = [{"kind": "external",
                                        "justification": "reviewed (factcheck --reviewed or "
                                        "an inline factcheck: ignore)"}]
        results.append(res)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factcheck",
                "version": __version__,
                "rules": [{"id": r, "name": r, "shortDescription": {"text": RULES[r]},
                           "defaultConfiguration": {"level": SEVERITY[r][2]}}
                          for r in rule_ids],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def render_check_jsonl(report: Report, drafts: set[str]) -> str:
    """Typed lines for a draft check: a summary line, the claims (the draft's figures and
    those its pairs and notices point to), the findings (the pair record plus the draft
    claim's place), then the stale-figure notices (``"type": "stale"``)."""
    loc = Located(report, drafts)
    needed = {x for f in report.findings for x in (f.a.id, f.b.id)}
    needed |= {x for n in report.notices for x in (n.claim.id, n.newer.id)}
    shown: set[tuple[str, int]] = set()
    rows: list[dict[str, object]] = [{
        "type": "summary", "schema": 1, "drafts": sorted(drafts),
        "paths": sorted(d.path or d.id for d in report.documents if d.id in drafts),
        **report.summary(), "figures": check_summary(report, drafts)}]
    for c in report.claims:
        if (c.doc in drafts and c.kind == "quantity") or c.id in needed:
            path, line, col, _, _ = loc.where(c)
            rows.append({"type": "claim", **claim_record(c, shown), "path": path,
                         "line": line, "column": col})
    for f in report.findings:
        mine = f.a if f.a.doc in drafts else f.b
        path, line, col, _, _ = loc.where(mine)
        rows.append({"type": "finding", **f.to_json(), "draft_claim": mine.id, "path": path,
                     "line": line, "column": col})
    rows += [n.to_json() for n in report.notices]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def render(report: Report, fmt: Format, *, title: str = "factcheck report",
           anchors: set[str] | None = None) -> str:
    if fmt is Format.line:
        return render_line(report, anchors)
    if fmt is Format.github:
        return render_github(report, anchors)
    if fmt is Format.sarif:
        return render_sarif(report, anchors)
    if fmt is Format.text:
        return render_text(report)
    if fmt is Format.markdown:
        return render_markdown(report, title=title)
    if fmt is Format.html:
        from .html_report import render_html

        return render_html(report, title=title)
    if fmt is Format.json:
        return render_json(report)
    if fmt is Format.jsonl:
        return render_jsonl(report)
    return render_csv(report)


def render_claims(claims: Sequence[Claim], fmt: Format) -> str:
    if fmt is Format.jsonl:
        return render_claims_jsonl(claims)
    if fmt is Format.json:
        return render_claims_json(claims)
    if fmt is Format.csv:
        return render_claims_csv(claims)
    return render_claims_text(claims)


# -- the pre-publication check, for an editor -------------------------------------------------
def check_summary(report: Report, drafts: set[str]) -> str:
    """"1 conflict, 1 explained difference, 14 figures supported, 3 figures not checked":
    one count per draft figure (the desk check), not per pair."""
    figs = [g for g in report.figures if g.claim.doc in drafts]
    live = [g for g in figs if not g.suppressed]
    n = {v: sum(1 for g in live if g.verdict == v)
         for v in ("conflict", "explained", "supported", "unverified")}

    def plural(k: int, word: str, many: str | None = None) -> str:
        return f"{k} {word if k == 1 else (many or word + 's')}"

    parts = [plural(n["conflict"], "conflict"), plural(n["explained"], "explained difference"),
             f"{plural(n['supported'], 'figure')} supported",
             f"{plural(n['unverified'], 'figure')} not checked"]
    stale = [g for g in live if g.stale is not None]
    if stale:
        parts.append(plural(len(stale), "stale figure"))
    if len(figs) > len(live):
        parts.append(f"{len(figs) - len(live)} suppressed after review")
    return ", ".join(parts)


def _source_line(report: Report, c: Claim) -> str:
    doc = next((d for d in report.documents if d.id == c.doc), None)
    bits = []
    if doc and doc.source:
        bits.append(f"**{md_escape(doc.source)}**")
    bits.append(md_escape(c.doc))
    if doc and doc.date:
        bits.append(doc.date)
    return ", ".join(bits)


def render_check_markdown(report: Report, drafts: set[str], *, title: str) -> str:
    """The desk check for an editor: one line per draft figure first ("sources say €2
    million: 3 sources disagree; the draft says €3 million"), worst first; then, for each
    flagged figure, its sentence with the number in bold and each source with outlet, date,
    sentence, verdict, ratio and the explanation with its evidence; then the figures no
    source gives, the stale figures and the reviewed ones with their notes."""
    out = [f"# {md_escape(title)}", "", f"**{check_summary(report, drafts)}**", ""]
    figs = [g for g in report.figures if g.claim.doc in drafts]
    live = sorted((g for g in figs if not g.suppressed and g.verdict != "unverified"),
                  key=lambda g: (-FIGURE_RANK[g.verdict], g.claim.doc, g.claim.start))
    if live:
        out += ["## Figures of the draft", ""]
        out += [f"- **{md_escape(g.claim.text)}** — *{g.verdict}*: {md_escape(g.line)}"
                + (f" (stale: {md_escape(g.stale.message)})" if g.stale else "")
                for g in live]
        out.append("")
    flagged = [g for g in live if g.verdict in ("conflict", "explained")]
    for n, g in enumerate(flagged, 1):
        mine = g.claim
        out += [f"## {n}. {md_escape(mine.text)} — {g.verdict}", "", f"> {_md_sentence(mine)}",
                f"> — the draft ({_source_line(report, mine)})", "",
                f"{md_escape(g.line)}.", ""]
        for f in g.findings:
            if f.suppressed or f.verdict == "consistent":
                continue
            other = f.b if f.a.id == mine.id else f.a
            ratio = f", {f.ratio:.2f}× apart" if f.ratio and f.ratio > 1.0000001 else ""
            who = f" (attributed to {md_escape(other.attribution)})" if other.attribution else ""
            out.append(f"- {_source_line(report, other)}{who}: *{f.verdict}*{ratio}  ")
            out.append(f"  {_md_sentence(other)}")
            out.extend(_md_explanations(f, indent="  ", emphasis=False))
        agreeing = [f for f in g.findings if f.verdict == "consistent" and not f.suppressed]
        if agreeing:
            out.append("- agree: " + ", ".join(sorted({_source_line(report, f.b if f.a.id == mine.id else f.a) for f in agreeing})))
        out.append(f"- fingerprint `{g.fingerprint}` (review with `factcheck review add "
                   f"{g.fingerprint} --note ...`)")
        out.append("")
    unchecked = [g for g in figs if not g.suppressed and g.verdict == "unverified"]
    if unchecked:
        out += ["## Figures no source gives", ""]
        out += [f"- **{md_escape(g.claim.text)}**: {_md_sentence(g.claim)}" for g in unchecked]
        out.append("")
    if report.notices:
        out += ["## Stale figures", ""]
        for note in report.notices:
            out.append(f"- **{md_escape(note.claim.text)}**: {md_escape(note.message)}  ")
            out.append(f"  > {md_escape(note.newer.sentence)}")
        out.append("")
    reviewed = [g for g in figs if g.suppressed]
    if reviewed:
        out += ["## Suppressed after review", ""]
        out += [f"- **{md_escape(g.claim.text)}** (`{g.fingerprint}`): {g.verdict}"
                + (f" — note: {md_escape(g.note)}" if g.note else "") for g in reviewed]
        out.append("")
    out += lineage_markdown(report)
    if report.warnings:
        out += ["## Warnings", ""]
        out += [f"- {md_escape(w)}" for w in report.warnings]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_FOOTNOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")


def _free_labels(text: str, n: int) -> list[str]:
    """``n`` footnote labels fc1, fc2... that the draft does not use already (Markdown
    footnote labels are matched without regard to case)."""
    used = {m.group(1).casefold() for m in _FOOTNOTE_LABEL.finditer(text)}
    out: list[str] = []
    k = 0
    while len(out) < n:
        k += 1
        if f"fc{k}" not in used:
            out.append(f"fc{k}")
    return out


_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,4000}>")
_INLINE_CODE = re.compile(r"`[^`\n]{1,4000}`")
_LINK = re.compile(r"!?\[[^\[\]\n]{0,1000}\]\([^()\s]{0,2000}\)")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.MULTILINE)
_RAW_ELEMENTS = ("title", "script", "style", "textarea")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _raw_regions(text: str) -> list[tuple[int, int, bool]]:
    """The parts of a Markdown draft where a footnote mark would not render as one: fenced
    code, inline code, HTML comments, raw-text elements (<title>, <script>, <style>,
    <textarea>), tags and their attributes, link texts. (start, stop, on_own_line), merged
    where they overlap; each found in one pass (an unclosed one ends the search for its
    kind, so many unclosed ones cost no rescans)."""
    found: list[tuple[int, int, bool]] = []
    pos = 0
    while (m := _FENCE.search(text, pos)) is not None:  # a fence to its closing fence line
        nxt = text.find("\n", m.end())
        close = re.compile(r"^[ ]{0,3}" + re.escape(m.group(1)[0]) + "{" + str(len(m.group(1)))
                           + r",}[ \t]*$", re.MULTILINE).search(
                               text, nxt + 1 if nxt >= 0 else len(text))
        if close is None:
            break
        found.append((m.start(), close.end(), True))
        pos = close.end()
    # tag names are ASCII: lower-case only A-Z, so offsets stay those of ``text`` ("İ".lower()
    # is two characters)
    lower = text.translate(_ASCII_LOWER) if "<" in text else ""
    pos = 0
    while (a := lower.find("<!--", pos)) >= 0:
        b = lower.find("-->", a + 4)
        if b < 0:
            break
        found.append((a, b + 3, False))
        pos = b + 3
    for name in _RAW_ELEMENTS:
        pos = 0
        while (a := lower.find("<" + name, pos)) >= 0:
            b = lower.find("</" + name, a)
            c = lower.find(">", b) if b >= 0 else -1
            if c < 0:
                break
            found.append((a, c + 1, False))
            pos = c + 1
    for rx in (_TAG, _INLINE_CODE, _LINK):
        found += [(m.start(), m.end(), False) for m in rx.finditer(text)]
    found.sort()
    merged: list[tuple[int, int, bool]] = []
    for a, b, own in found:
        if merged and a < merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b, own)
        else:
            merged.append((a, b, own))
    return merged


def _mark_places(text: str, ends: list[int]) -> list[tuple[int, bool]]:
    """Where each footnote mark goes: right after its figure, or after the code, comment,
    tag or link the figure is inside (and on a line of its own after a code fence)."""
    if not any(ch in text for ch in "`~<["):
        return [(e, False) for e in ends]
    regions = _raw_regions(text)
    starts = [r[0] for r in regions]
    out = []
    for e in ends:
        i = bisect.bisect_left(starts, e) - 1
        if i >= 0 and regions[i][0] < e < regions[i][1]:
            out.append((regions[i][1], regions[i][2]))
        else:
            out.append((e, False))
    return out


def _line_end(text: str) -> str:
    """How the draft ends its lines: as its first line ends (CR LF, LF or a lone CR)."""
    m = re.search(r"\r\n|\n|\r", text)
    return m.group() if m else "\n"


def annotate_markdown(draft_text: str, report: Report, drafts: set[str]) -> str:
    """A copy of the Markdown draft with a footnote after each flagged figure (the desk
    check's line for it, then each disagreeing source)."""
    notes: dict[str, list[str]] = {}
    spans: dict[str, tuple[int, int]] = {}
    for g in report.figures:
        if g.suppressed or g.claim.doc not in drafts:
            continue
        if g.verdict not in ("conflict", "explained") and g.stale is None:
            continue
        mine = g.claim
        lines = [f"{g.verdict}: {g.line}"] if g.verdict in ("conflict", "explained") else []
        for f in g.findings:
            if f.suppressed or f.verdict == "consistent":
                continue
            other = f.b if f.a.id == mine.id else f.a
            doc = next((d for d in report.documents if d.id == other.doc), None)
            src = (doc.source if doc and doc.source else other.doc) + (f", {doc.date}" if doc and doc.date else "")
            why = "; ".join(f"{e.type}: {e.detail}" for e in f.explanations if e.sufficient)
            lines.append(f"{src} says {other.text!r}" + (f" ({why})" if why else ""))
        if g.stale is not None:
            lines.append(f"stale: {g.stale.message}")
        notes[mine.id] = lines
        spans[mine.id] = (mine.start, mine.end)
    if not notes:
        return draft_text
    order = sorted(spans, key=lambda cid: spans[cid][0])
    labels = dict(zip(order, _free_labels(draft_text, len(order)), strict=True))
    # the draft cut once at each figure's end (inserting one mark at a time copied the
    # whole draft per footnote: quadratic); marks ending at one offset go last-first
    pieces: list[str] = []
    pos = 0
    rank = {cid: i for i, cid in enumerate(order)}
    nl = _line_end(draft_text)  # the footnotes end lines as the draft does
    by_end = sorted(order, key=lambda c: (spans[c][1], -rank[c]))
    places = _mark_places(draft_text, [spans[c][1] for c in by_end])
    for cid, (end, own_line) in sorted(zip(by_end, places, strict=True),
                                       key=lambda cp: (cp[1][0], -rank[cp[0]])):
        pieces += [draft_text[pos:end], (nl if own_line else "") + f"[^{labels[cid]}]"]
        pos = end
    pieces.append(draft_text[pos:])
    text = "".join(pieces)
    # a reference's source, text and the explanations are article text: escaped as Markdown
    foot = nl.join(f"[^{labels[cid]}]: factcheck — " + " / ".join(
        md_escape(n) for n in notes[cid]) for cid in order)
    return text.rstrip("\r\n") + nl + nl + foot + nl
