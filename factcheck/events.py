"""Events first: group the documents of a run into the stories they tell, before pairing.

Two figures are compared only when their documents tell one story (or they stand in one
document): a MetLife result is never set against another company's, however alike the
sentences. A document's *signature* is its names (capitalised words inside sentences), its
content words and the days it speaks from (its date, and the calendar days its text states;
an undated document is placed by those alone). Two documents are *related* when they share
rare names and rare vocabulary and speak from days at most ``window`` days apart; the events
are the connected groups of related documents.

Cost: documents are compared only through a rare word they share in the same period (a
token's posting list per date bucket), so a run costs in proportion to the documents times
the documents of one week that share a rare word, not to the square of the run. A word is
rare when at most ``max(RARE_MIN, RARE_SHARE * N)`` documents of the run use it; in a run of a
few documents every word is.

The archive check (:mod:`factcheck.archive`) uses :func:`names` and :func:`related` to decide
which archived stories tell the draft's story.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .dates import read_dates
from .models import Document

DEFAULT_WINDOW = 7  # days: news of one event is written within a week of it
RARE_MIN = 12  # a word used by at most this many documents of a run is rare...
RARE_SHARE = 0.01  # ...or by at most this share of them, whichever is more
MIN_OVERLAP = 0.12  # rare vocabulary shared, over the smaller document's (tolerances.toml)
MAX_DAYS = 8  # stated days kept per document (the latest ones)

# a capitalised word in lower case after its capital, whole: "BlackRock" and "MasterCard"
# give no "Black" or "Master" (as _NAME_U reads them, so a curly quote anywhere in a text
# does not change its names)
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{3,}(?![A-Za-z])")
# the same over Unicode letters, for text that is not ASCII ("Zürich", "Vendôme"): a word
# of four letters or more after a letter or , ; : and a space, kept when it is capitalised
# after a lower-case letter or a mark (checked in ``names``)
_NAME_U = re.compile(r"(?<=[^\W\d_,;:] )[^\W\d_]{4,}(?![^\W\d_])|(?<=[,;:] )[^\W\d_]{4,}(?![^\W\d_])")
_NOT_NAMES = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December", "The", "This", "That", "These", "Those", "There", "Their", "They", "When", "While", "After", "Before", "Since"])
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def names(text: str) -> frozenset[str]:
    """Capitalised words inside sentences (not their first word): the names a story is about."""
    if text.isascii():
        return frozenset(_NAME.findall(text)) - _NOT_NAMES  # (no groups: findall gives matches)
    found = set()
    for m in _NAME_U.finditer(text):
        w, before = m.group(), text[m.start() - 2]
        if w[0].isupper() and w[1:].islower() and (before.islower() or before in ",;:"):
            found.add(w)
    return frozenset(found) - _NOT_NAMES


def shared_names(mine: frozenset[str], theirs: frozenset[str], *, need: int = 2) -> bool:
    """At least ``need`` shared names (all of them when one side names fewer): "San
    Francisco" alone, or the "Survey" of the U.S. Geological Survey, is no sign of one story."""
    return len(mine & theirs) >= min(need, len(mine), len(theirs))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared vocabulary over the smaller vocabulary (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def related(mine_words: frozenset[str], mine_names: frozenset[str], words: frozenset[str],
            their_names: frozenset[str], *, floor: float = MIN_OVERLAP, need: int = 2) -> bool:
    """Two stories of one event: shared vocabulary at least ``floor`` and shared names (the
    archive's rule, where ``mine`` is the draft's: ``need`` of its names, all when it has
    fewer)."""
    if overlap(mine_words, words) < floor:
        return False
    return len(mine_names & their_names) >= min(need, len(mine_names))


@dataclass(frozen=True)
class Signature:
    """What a document is about, for grouping."""

    id: str
    names: frozenset[str]
    words: frozenset[str]
    days: tuple[int, ...]  # ordinals of the days it speaks from (empty: not placed in time)
    anchor: int | None = None  # the day its metadata dates it (None: undated)


def doc_days(doc: Document) -> tuple[int, ...]:
    """The days a document speaks from: its date, and the calendar days its text states (a
    day without a year takes the document's year, else the latest year it mentions)."""
    days: set[int] = set()
    year: int | None = None
    if doc.date:
        try:
            d = date.fromisoformat(doc.date[:10])
            days.add(d.toordinal())
            year = d.year
        except ValueError:
            pass
    if year is None:
        years = _YEAR.findall(doc.text[:20000])
        year = int(max(years)) if years else None
    stated = sorted({x.day.toordinal() for x in read_dates(doc.text[:20000], year)})
    days.update(stated[-MAX_DAYS:])
    return tuple(sorted(days))


def signature(doc: Document, words: frozenset[str] | None = None) -> Signature:
    from .segment import content_words

    days = doc_days(doc)
    anchor = None
    if doc.date:
        try:
            anchor = date.fromisoformat(doc.date[:10]).toordinal()
        except ValueError:
            pass
    return Signature(doc.id, names(doc.text), words if words is not None else
                     content_words(doc.text), days, anchor)


def in_scope(sig: Signature, since: date | None, until: date | None) -> bool:
    """A document speaks from a day inside [since, until] (an undated one by the days its
    text states; one placed nowhere in time is out of any bounded scope)."""
    if since is None and until is None:
        return True
    lo = since.toordinal() if since else -(10**9)
    hi = until.toordinal() if until else 10**9
    return any(lo <= d <= hi for d in sig.days)


def _near(a: tuple[int, ...], b: tuple[int, ...], window: int) -> bool:
    if not a or not b:
        return True  # placed nowhere in time: the words decide
    i = j = 0
    while i < len(a) and j < len(b):  # both sorted: the closest two days
        if abs(a[i] - b[j]) <= window:
            return True
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return False


@dataclass(frozen=True)
class Events:
    """The event of every document of a run (an id shared by the documents of one story)."""

    of: Mapping[str, str]

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for doc, ev in self.of.items():
            out[ev].append(doc)
        return dict(out)

    def together(self, a: str, b: str) -> bool:
        return a == b or self.of.get(a, a) == self.of.get(b, b)


def _background(token: str) -> float:
    """How rare a word is in English at large (wordfreq's Zipf scale: 7 for "the", 0 for a
    word it has never seen), as a weight: a small run cannot tell "profit" from "Caremark"
    by counting, a background frequency can."""
    w = _BACKGROUND.get(token)
    if w is None:
        from wordfreq import zipf_frequency

        w = _BACKGROUND[token] = max(0.5, 7.0 - zipf_frequency(token.lstrip("@"), "en"))
    return w


_BACKGROUND: dict[str, float] = {}
background = _background  # public: factcheck.retrieve files and weighs terms by it
LINK = 0.3  # weighted shared vocabulary (over the smaller document's) that makes one story
PRIOR_DOCS = 20  # a run's own counts weigh like this many more documents of other news
BLOCK_RARE = 2.5  # a word is a blocking key when its background weight is at least this
MAX_SPAN = 4  # windows of days one group may span
NEIGHBOURS = 3  # nearest related documents a document joins
SMALL_LINK = 0.05  # ...and need less: every document there was chosen for the story
SMALL_RUN = 30  # runs this small compare every two documents (no blocking)
MAX_POSTING = 150  # a key shared by more documents of one period identifies no story


def _tokens(s: Signature) -> frozenset[str]:
    return frozenset(s.words) | frozenset("@" + x.lower() for x in s.names)


def similarity(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Weighted shared vocabulary over the smaller document's (0..1)."""
    if len(b) < len(a):
        a, b = b, a
    shared = sum(w for t, w in a.items() if t in b)
    low = min(sum(a.values()), sum(b.values()))
    return shared / low if low else 0.0


def group_events(
    sigs: Sequence[Signature], *, window: int = DEFAULT_WINDOW, link: float = LINK,
) -> Events:
    """Connected groups of related documents (see the module), sub-quadratic in the run.

    A word's weight is its background rarity times its rarity in the run
    (``log((N + PRIOR_DOCS) / (df + 1))``); two documents are related when the words they
    share weigh at least ``link`` of the smaller one's and they speak from days at most
    ``window`` days apart (or either is placed nowhere in time)."""
    n = len(sigs)
    tokens = [_tokens(s) for s in sigs]
    df: dict[str, int] = defaultdict(int)
    for toks in tokens:
        for t in toks:
            df[t] += 1
    weights = [{t: _background(t) * math.log((n + PRIOR_DOCS) / (df[t] + 1)) for t in toks}
               for toks in tokens]
    # posting lists per (rare word, period): a document is filed under the period of each
    # day it speaks from, and meets the documents of that period and the one before (so
    # any two days at most `window` apart meet); one placed nowhere in time meets all
    period = max(1, window)
    posting: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, s in enumerate(sigs):
        buckets = {d // period for d in s.days} or {None}
        for t in tokens[i]:
            if _background(t) >= BLOCK_RARE:
                for b in buckets:
                    posting[(t, b)].append(i)
    undated: dict[str, list[int]] = defaultdict(list)
    everyone: dict[str, list[int]] = defaultdict(list)
    for (t, b), docs in posting.items():
        everyone[t].extend(docs)
        if b is None:
            undated[t].extend(docs)
    hits: dict[tuple[int, int], int] = defaultdict(int)
    if n <= SMALL_RUN:  # a handful of documents: compare every two
        hits.update({(i, j): 2 for i in range(n) for j in range(i + 1, n)})
        posting = {}
        link = min(link, SMALL_LINK)
        window = 10**6  # and the pair model weighs their dates itself (max_days_apart)
    for (t, b), docs in posting.items():
        if b is None:  # placed nowhere in time: meets every dated document of the word
            mine = set(docs)
            others = [j for j in everyone[t] if j not in mine]
        else:
            others = posting.get((t, b - 1), [])
        if len(docs) + len(others) > MAX_POSTING:
            continue
        for x, i in enumerate(docs):
            for j in docs[x + 1 :]:
                hits[(i, j) if i < j else (j, i)] += 1
            for j in others:
                if i != j:
                    hits[(i, j) if i < j else (j, i)] += 1
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # each document joins its NEIGHBOURS nearest documents when they weigh at least `link`
    # (a nearest-neighbour graph: a generic story that resembles many others a little joins
    # only its closest, so groups do not chain through a run of thousands)
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), k in hits.items():
        if k < 2 or not _near(sigs[i].days, sigs[j].days, window):
            continue
        sim = similarity(weights[i], weights[j])
        if sim >= link:
            best[i].append((sim, j))
            best[j].append((sim, i))
    # a group's dated documents span at most MAX_SPAN windows of days: stories do not
    # chain through months of news (the days a text states are too loose for this)
    lo = [s.anchor for s in sigs]
    hi = list(lo)
    span = MAX_SPAN * window
    edges = sorted(((sim, i, j) for i, near in best.items()
                    for sim, j in sorted(near, reverse=True)[:NEIGHBOURS]), reverse=True)
    for _sim, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        days = [d for d in (lo[ri], hi[ri], lo[rj], hi[rj]) if d is not None]
        if days and max(days) - min(days) > span:
            continue
        root, other = min(ri, rj), max(ri, rj)
        parent[other] = root
        lo[root] = min(days) if days else None
        hi[root] = max(days) if days else None
    return Events({s.id: sigs[find(i)].id for i, s in enumerate(sigs)})


def events_of(docs: Iterable[Document], story_words: Mapping[tuple[str, int], frozenset[str]],
              *, window: int = DEFAULT_WINDOW, link: float = LINK) -> Events:
    """The events of a run's documents, from the story vocabularies pairing reads anyway."""
    words: dict[str, set[str]] = defaultdict(set)
    for (doc, _n), w in story_words.items():
        words[doc] |= w
    sigs = [signature(d, frozenset(words.get(d.id, ()))) for d in docs]
    return group_events(sigs, window=window, link=link)
