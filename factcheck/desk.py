"""The desk check: one verdict per figure of the draft, the way a copy desk reads sources.

A draft figure paired with twelve reference figures is one question for the desk ("is
€3 million right?"), not twelve rows. :func:`figure_checks` folds the pairs of each draft
figure into a :class:`FigureCheck`:

- each voice (a reference outlet, the document's ``source`` else the document, and the
  source it quotes for the figure) counts once, with its best answer: it agrees if any of its figures agrees, else it differs for a stated reason
  (explained), else it disagrees;
- ``supported``: more voices agree than disagree; ``conflict``: at least as many disagree as
  agree exactly (one disagreeing voice against none that agrees is a conflict, and a voice
  that agrees only through a bound, "more than $160 million" for $180 million, does not
  outvote one that gives another value); ``explained``:
  outlets differ only for stated reasons; ``unverified``: no source gives this quantity;
- "sources say": the value most disagreeing (else explained) outlets give, the latest
  report breaking ties.

The fingerprint of a figure is its quantity and value, not its file name or sentence: what
it measures (unit or counted noun, measure group or word), its bound and its value. A
review survives a renamed draft and a copy edit elsewhere in the sentence; changing the
figure itself makes it a new question.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import VERDICT_RANK, Claim, Document, Finding, Notice

FIGURE_VERDICTS = ("supported", "unverified", "explained", "conflict")
FIGURE_RANK = {v: i for i, v in enumerate(FIGURE_VERDICTS)}


@dataclass(frozen=True)
class FigureCheck:
    """One draft figure and what the sources say of it."""

    claim: Claim
    verdict: str  # supported | conflict | explained | unverified
    fingerprint: str
    agree: tuple[str, ...] = ()  # outlets whose figure agrees
    disagree: tuple[str, ...] = ()  # outlets in conflict with it
    explained: tuple[str, ...] = ()  # outlets that differ for a stated reason
    sources_say: Claim | None = None  # the figure most of the others give
    findings: tuple[Finding, ...] = ()  # the pairs beneath it, worst first
    stale: Notice | None = None  # a later report gives a changed running figure
    suppressed: bool = False  # reviewed: not counted, shown as such
    note: str = ""  # the reviewer's note
    reasons: tuple[str, ...] = field(default=())  # the stated reasons (explained)
    # wire lineage: the documents behind each agreeing source, when copies made several
    # documents one source ((source, documents), largest first); empty when none did
    agree_documents: tuple[tuple[str, int], ...] = ()

    @property
    def line(self) -> str:
        """"sources say €2 million: 3 sources disagree, 1 agrees; the draft says €3 million"."""
        c = self.claim
        if self.verdict == "unverified":
            return f"{_flat(c.text)!r}: no source gives this figure"
        counts = []
        for n, word in ((len(self.agree), "agree"), (len(self.disagree), "disagree"),
                        (len(self.explained), "differ for a stated reason")):
            if n:
                verb = {"agree": "agrees", "disagree": "disagrees",
                        "differ for a stated reason": "differs for a stated reason"}[word]
                counts.append(f"{n} {'source' if n == 1 else 'sources'} "
                              f"{verb if n == 1 else word}")
        said = (f"sources say {_flat(self.sources_say.text)!r}; the draft says {_flat(c.text)!r}"
                if self.sources_say is not None and self.verdict != "supported"
                else f"the draft says {_flat(c.text)!r}")
        why = f" ({'; '.join(self.reasons)})" if self.reasons and self.verdict == "explained" else ""
        if self.agree_documents:
            # "agrees with 6 documents from 2 independent sources (AP, 5 copies; TASS)"
            n = sum(k for _w, k in self.agree_documents)
            who = "; ".join(w if k == 1 else f"{w}, {k} copies" for w, k in self.agree_documents)
            counts[0] = (f"agrees with {n} documents from {len(self.agree)} independent "
                         f"{'source' if len(self.agree) == 1 else 'sources'} ({who})")
        return f"{said}: {', '.join(counts)}{why}"

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim.id,
            "verdict": self.verdict,
            "fingerprint": self.fingerprint,
            "agree": list(self.agree),
            "disagree": list(self.disagree),
            "explained": list(self.explained),
            "sources_say": None if self.sources_say is None else self.sources_say.id,
            "sources_say_text": None if self.sources_say is None else self.sources_say.text,
            "pairs": [f.fingerprint for f in self.findings],
            "stale": None if self.stale is None else self.stale.message,
            "suppressed": self.suppressed,
            "note": self.note,
            "message": self.line,
            # additive (wire lineage): documents behind each agreeing source
            **({"agree_documents": [{"source": w, "documents": k}
                                    for w, k in self.agree_documents]}
               if self.agree_documents else {}),
        }


def _flat(text: str) -> str:
    """A claim's text on one line (a hard-wrapped draft keeps its line break in the span)."""
    return " ".join(text.split())


def figure_fingerprint(c: Claim, measure: str | None = None) -> str:
    """What the figure measures and its value: stable across file names and copy edits."""
    value = f"{c.si_value:.6g}" if c.si_value is not None else f"{c.low}-{c.high}"
    key = "\x1f".join((c.si_unit or c.unit or "", c.unit or "", measure or "", c.bound, value))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _voice(c: Claim, docs: Mapping[str, Document], origin: Any = None) -> str:
    """Who gives a reference figure: the outlet (the document's source, else the document),
    and the source it quotes for the figure, when it names one: one article quoting the USGS
    and the ministry speaks with two voices. ``origin(claim)`` (wire lineage) names the
    independent source a copy counts as: ten reprints of one AP story are one voice."""
    d = docs.get(c.doc)
    outlet = (origin(c) if origin is not None else None) or \
        ((d.source or d.id) if d is not None else c.doc)
    who = c.attribution
    agency = getattr(origin, "agency", None)
    if who and agency is not None and agency(who) == outlet:
        who = None  # "AFP reported" in a copy of AFP: the agency once, not "AFP (AFP)"
    return f"{outlet} ({who})" if who else outlet


def figure_checks(
    claims: Sequence[Claim],
    findings: Iterable[Finding],
    docs: Mapping[str, Document],
    drafts: set[str],
    *,
    notices: Iterable[Notice] = (),
    reviewed: Mapping[str, str] | None = None,
    measure: Any = None,
    origin: Any = None,
) -> list[FigureCheck]:
    """One :class:`FigureCheck` per quantity of the drafts, in reading order.

    ``measure(claim)`` names what a figure measures for its fingerprint (the matcher's
    measure word or group); ``reviewed`` maps fingerprints to reviewers' notes."""
    reviewed = reviewed or {}
    by_claim: dict[str, list[Finding]] = {}
    for f in findings:
        a_in, b_in = f.a.doc in drafts, f.b.doc in drafts
        if a_in == b_in:
            continue  # two reference figures, or two figures of the drafts
        mine = f.a if a_in else f.b
        by_claim.setdefault(mine.id, []).append(f)
    stale = {n.claim.id: n for n in notices}
    out = []
    for c in sorted((c for c in claims if c.doc in drafts and c.kind == "quantity"),
                    key=lambda c: (c.doc, c.start)):
        fp = figure_fingerprint(c, measure(c) if measure else None)
        pairs = [f for f in by_claim.get(c.id, []) if not f.suppressed]
        suppressed_pairs = [f for f in by_claim.get(c.id, []) if f.suppressed]
        best: dict[str, tuple[int, Finding]] = {}
        agree_docs: dict[str, set[str]] = {}
        for f in pairs:
            other = f.b if f.a.id == c.id else f.a
            who = _voice(other, docs, origin)
            r = _answer(f)
            if r >= 2:
                agree_docs.setdefault(who, set()).add(other.doc)
            if who not in best or r > best[who][0]:
                best[who] = (r, f)
        agree = tuple(sorted(w for w, (r, _) in best.items() if r >= 2))
        exact = [w for w, (r, _) in best.items() if r == 3]
        explained = tuple(sorted(w for w, (r, _) in best.items() if r == 1))
        disagree = tuple(sorted(w for w, (r, _) in best.items() if r == 0))
        if not best:
            verdict = "unverified"
        elif disagree and len(disagree) >= len(exact):
            # a source that only does not exclude the figure ("more than $160 million" for
            # $180 million) does not outvote one that gives another value
            verdict = "conflict"
        elif exact or (agree and not explained):
            verdict = "supported"
        else:
            # the others differ for stated reasons, and at best a bound does not exclude it
            verdict = "explained"
        moved = _moved_on(c, best, docs) if verdict == "supported" else None
        if moved is not None:
            # the latest report gives a later figure of a running count than every source
            # that agrees: the draft's figure is out of date, whatever the count of agreement
            verdict = "explained"
        others = [(f.b if f.a.id == c.id else f.a, f) for _r, f in best.values()
                  if f.verdict == ("conflict" if verdict == "conflict" else "explained")]
        if moved is not None:
            others = [moved]
        said = _most_said(others, docs) if verdict in ("conflict", "explained") else None
        reasons = tuple(sorted({e.type for _o, f in others for e in f.explanations
                                if e.sufficient})) if verdict == "explained" else ()
        worst_first = sorted(pairs, key=lambda f: -VERDICT_RANK[f.verdict])
        hit = fp in reviewed or (bool(suppressed_pairs) and not pairs)
        out.append(FigureCheck(
            claim=c, verdict=verdict, fingerprint=fp, agree=agree, disagree=disagree,
            explained=explained, sources_say=said, findings=tuple(worst_first + suppressed_pairs),
            stale=stale.get(c.id), suppressed=hit,
            note=reviewed.get(fp, next((reviewed[f.fingerprint] for f in suppressed_pairs
                                        if f.fingerprint in reviewed), "")),
            reasons=reasons,
            agree_documents=tuple(sorted(((w, len(agree_docs[w])) for w in agree
                                          if w in agree_docs), key=lambda x: (-x[1], x[0])))
            if sum(len(agree_docs.get(w, ())) for w in agree) > len(agree) else (),
        ))
    return out


def _moved_on(c: Claim, best: Mapping[str, tuple[int, Finding]],
              docs: Mapping[str, Document]) -> tuple[Claim, Finding] | None:
    """The latest-dated reference figure when it differs from the draft's for a time or
    update reason and is dated after every reference that agrees with the draft."""
    def dated(f: Finding) -> tuple[Claim, str]:
        other = f.b if f.a.id == c.id else f.a
        d = docs.get(other.doc)
        return other, ((d.date or "") if d is not None else "")

    latest: tuple[Claim, Finding, str] | None = None
    agree_dates = []
    for _rank, f in best.values():
        other, date = dated(f)
        if f.verdict == "consistent":
            agree_dates.append(date)
        elif f.verdict == "explained" and date and any(
                e.sufficient and e.type in ("time", "update") for e in f.explanations):
            if latest is None or date > latest[2]:
                latest = (other, f, date)
    if latest is None or not agree_dates or any(not d or d >= latest[2] for d in agree_dates):
        return None
    return latest[0], latest[1]


def _answer(f: Finding) -> int:
    """A voice's answer on the draft figure: 3 agrees, 2 agrees only through a bound or
    an approximation ("more than", "about"), 1 differs for a stated reason, 0 disagrees."""
    if f.verdict == "consistent":
        return 2 if any(e.type == "bound" for e in f.explanations) else 3
    return 1 if f.verdict == "explained" else 0


def _most_said(others: list[tuple[Claim, Finding]], docs: Mapping[str, Document]) -> Claim | None:
    """The value most outlets give (by value in SI units), the latest report breaking ties."""
    if not others:
        return None
    votes = Counter(o.si_value if o.si_value is not None else o.text for o, _f in others)
    top = max(votes.values())

    def date_of(o: Claim) -> str:
        d = docs.get(o.doc)
        return (d.date or "") if d is not None else ""

    winners = [o for o, _f in others
               if votes[o.si_value if o.si_value is not None else o.text] == top]
    return max(winners, key=date_of)
