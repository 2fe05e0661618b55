"""Wire lineage: documents that copy one origin count as one source, not as many.

Stages, each a function named for what it does:

- :func:`fingerprint` reads a document into sentences of normalised words (lower case,
  every number masked as ``0`` so a copy with a changed figure still matches, a wire
  dateline such as "MOSCOW, Aug 15 (Reuters) -" dropped), hashes each run of
  ``[copy] shingle`` words, and keeps the *anchors*: the shingles whose hash falls in one
  ``sample``-th of the hash space. The choice depends on the words only, so a copy keeps the
  anchors of the text it copies, whatever was added around it (a lede, a byline, paragraphs
  in another order).
- :func:`copied_sentences` finds candidate sentence pairs through an inverted index of anchors
  (an anchor seen in more than ``max_posting`` documents is boilerplate and pairs nothing),
  so the work follows the candidates, not the square of the documents; each candidate is
  verified on all its shingles (containment of the shorter sentence). A pair whose text lies
  inside quotation marks in both documents quotes one statement (``kind="quote"``).
- :func:`find_lineage` groups documents that share enough copied text (``document_sentences``
  copied sentences outside quotations, or one passage of ``document_words``) and names the
  likely original: the earliest dated, else the agency's own copy, else the one the others
  share most with. What documents say of themselves ("(AP)", a source "Newser (AP)", a
  closing credit) is read by :func:`credited_agency` from ``rules/lineage.toml``.
- :func:`apply_lineage` is the post-pass over a report's findings: a pair of figures at the
  same place of one copied sentence is ``consistent`` by copying (explanation ``copy``), or,
  when the copies give other figures, a ``conflict`` explained as ``copy_error``.

Why no MinHash library: the unit that is copied is a sentence or a paragraph inside an
otherwise different article, and the archive needs the copy keys as rows of an index
(:mod:`factcheck.archive` stores each document's anchors), which content-defined anchors give
directly (the same selection as winnowing's "0 mod p" fingerprints); candidate pairs are
then checked exactly, with no estimate to tune.
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from .models import Claim, Document, Explanation, Finding, Report
from .rules import Rules, load_rules
from .segment import segment_document

_MASK = (1 << 63) - 1  # anchors are stored as SQLite integers (signed 64-bit)
_MIX = 0x9E3779B97F4A7C15
_M64 = 0xFFFFFFFFFFFFFFFF
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_QUOTE_MARK = re.compile(r"[\"“”‘’']")


# -- settings ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """rules/lineage.toml [copy], every key of it (the file documents each; no value is
    set here, so the code and the file cannot disagree)."""

    shingle: int
    sample: int
    min_words: int
    min_containment: float
    min_shared: int
    max_posting: int
    document_sentences: int
    document_words: int
    quoted: float
    min_ratio: float
    formula_share: float
    max_days: int  # copies of one release are dated at most this many days apart


@dataclass(frozen=True, eq=False)
class Credits:
    """Agencies and the forms that credit them (rules/lineage.toml)."""

    agencies: tuple[tuple[str, tuple[str, ...]], ...]
    dateline: re.Pattern[str] | None
    document: re.Pattern[str] | None
    sentence: re.Pattern[str] | None
    names: Mapping[str, str]  # every written form -> the agency's name


def _forms(forms: Sequence[str], names: Sequence[str]) -> re.Pattern[str] | None:
    alts = []
    for f in forms:
        if "{agency}" not in f:
            continue
        head, _, tail = f.partition("{agency}")
        alts.append(re.escape(head) + "(?P<a{n}>AGENCY)" + re.escape(tail))
    if not alts or not names:
        return None
    agency = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    parts = [a.replace("{n}", str(i)).replace("AGENCY", agency) for i, a in enumerate(alts)]
    # whole words on the outside: "(AP)" but not "CAPS"
    return re.compile("|".join(rf"(?<![\w])(?:{p})(?![\w])" if p[0].isalnum() else p
                               for p in parts))


@lru_cache(maxsize=8)
def _credits(rules: Rules) -> Credits:
    data = rules.lineage
    agencies = tuple((a["name"], tuple(a.get("aliases", ()))) for a in data.get("agencies", []))
    names: dict[str, str] = {}
    for name, aliases in agencies:
        for form in (name, *aliases):
            names[form] = name
            names[form.casefold()] = names.get(form.casefold(), name)
    cr = data.get("credits", {})
    written = [n for a in agencies for n in (a[0], *a[1])]
    dl = cr.get("dateline")
    return Credits(agencies, re.compile(dl) if dl else None,
                   _forms(cr.get("document", []), written), _forms(cr.get("sentence", []), written),
                   names)


@lru_cache(maxsize=8)
def settings_of(rules: Rules) -> Settings:
    """The [copy] settings (rules.load_rules has checked that lineage.toml sets each)."""
    copy = rules.lineage["copy"]
    return Settings(**{k: copy[k] for k in Settings.__dataclass_fields__})


def enabled(rules: Rules) -> bool:
    """Lineage runs when the rules carry lineage.toml (a rules folder from before it does not)."""
    return bool(rules.lineage)


# -- what a document says of itself ----------------------------------------------------------
def agency_name(credits: Credits, written: str) -> str | None:
    w = " ".join(written.split())
    return credits.names.get(w) or credits.names.get(w.casefold())


def _matched_agency(credits: Credits, m: re.Match[str]) -> str | None:
    for key, val in m.groupdict().items():
        if val and (key == "agency" or key.startswith("a")):
            name = agency_name(credits, val)
            if name:
                return name
    return None


def credited_agency(doc: Document, rules: Rules | None = None) -> str | None:
    """The agency a document credits for itself: its source ("Newser (AP)", "Reuters"), its
    dateline ("MOSCOW, Aug 15 (Reuters) -"), a byline or closing credit in its first or last
    lines. A credit inside a sentence ("AFP reported") is the sentence's, not the document's."""
    credits = _credits(rules or load_rules())
    if doc.source:
        name = agency_name(credits, doc.source)
        if name:
            return name
        if credits.document:
            for m in credits.document.finditer(doc.source):
                name = _matched_agency(credits, m)
                if name:
                    return name
    text = doc.text
    if credits.dateline:
        m = credits.dateline.match(text[:200])
        if m:
            name = _matched_agency(credits, m)
            if name:
                return name
    if credits.document:
        head = text[:300].split("\n\n")[0] if len(text) > 300 else text
        for part in (_first_line(head), text[-300:].rsplit("\n", 1)[-1]):
            for m in credits.document.finditer(part):
                name = _matched_agency(credits, m)
                if name and not _inside_sentence_credit(credits, part, m):
                    return name
    return None


def _first_line(text: str) -> str:
    return text.lstrip().split("\n", 1)[0][:300]


def _inside_sentence_credit(credits: Credits, text: str, m: re.Match[str]) -> bool:
    """"(AP)" in a dateline is a credit; "AFP reported" or "told The Associated Press" is a
    sentence's source."""
    if credits.sentence is None:
        return False
    return any(s.start() <= m.start() < s.end() or m.start() <= s.start() < m.end()
               for s in credits.sentence.finditer(text))


def sentence_agency(sentence: str, rules: Rules | None = None) -> str | None:
    """The agency a sentence credits ("..., Agence France-Presse reported")."""
    credits = _credits(rules or load_rules())
    if credits.sentence is None:
        return None
    for m in credits.sentence.finditer(sentence):
        name = _matched_agency(credits, m)
        if name:
            return name
    return None


def _dateline_end(text: str, start: int, credits: Credits) -> int:
    """Where a sentence starting at ``start`` begins after a wire dateline, if it has one."""
    if credits.dateline is None:
        return start
    m = credits.dateline.match(text, start, min(len(text), start + 200))
    if m and _matched_agency(credits, m):
        return m.end()
    return start


# -- fingerprints -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document, normalised: its words and shingle hashes.

    A bulk run keeps sentences compact (``fingerprint(..., compact=True)``): the anchors, the
    sketch and the quotation spans only, with ``shingles`` and ``quoted`` left empty; a
    candidate pair's two sentences are read again from the text (:func:`reread`)."""

    doc: str
    start: int
    end: int
    words: int
    shingles: frozenset[int]
    anchors: tuple[int, ...]
    quoted: frozenset[int]  # the shingles wholly inside quotation marks
    # the two smallest shingle hashes (a bottom-2 min-hash): a copy of the whole sentence
    # has the same sketch, whatever its anchors
    sketch: tuple[int, ...] = ()
    quotes: tuple[tuple[int, int], ...] = ()  # the stretches inside quotation marks


@dataclass(frozen=True)
class Fingerprint:
    doc: str
    sentences: tuple[Sentence, ...]
    chars: int  # characters of the sentences read
    # compact: the shingles of the sentences, one after the other in one array (8 bytes a
    # shingle, where a set of them takes some 60), whether each is quoted, and where each
    # sentence's run of them starts (``offsets[i]:offsets[i + 1]``)
    hashes: Any = field(default=None, compare=False, repr=False)
    quoted: Any = field(default=None, compare=False, repr=False)
    offsets: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def shingles(self, i: int) -> tuple[frozenset[int], frozenset[int]]:
        """The shingles of sentence ``i`` and those of them inside quotation marks."""
        s = self.sentences[i]
        if s.shingles or self.hashes is None:
            return s.shingles, s.quoted
        lo, hi = self.offsets[i], self.offsets[i + 1]
        hs = self.hashes[lo:hi]
        if isinstance(hs, list):
            quoted = (frozenset(h for h, q in zip(hs, self.quoted[lo:hi], strict=True) if q)
                      if self.quoted is not None else frozenset())
            return frozenset(hs), quoted
        quoted = (frozenset(hs[self.quoted[lo:hi]].tolist())
                  if self.quoted is not None else frozenset())
        return frozenset(hs.tolist()), quoted

    @property
    def anchors(self) -> frozenset[int]:
        return frozenset(a for s in self.sentences for a in s.anchors)


_HAS_DIGIT = re.compile(r"\d").search


def _numpy(force: bool = False) -> Any:
    """numpy for bulk work (an index, a run over thousands of documents) or when it is
    loaded already; else None, and the same values are computed in plain Python (a desk
    check does without it: importing numpy costs some 90 ms of start-up)."""
    if "numpy" in sys.modules or force and _room_for_numpy():
        import numpy

        return numpy
    return None


NUMPY_ROOM = 256 << 20  # address space importing numpy takes (OpenBLAS's buffers), and more


def _room_for_numpy() -> bool:
    """Whether the process may import numpy: under a low address-space limit (``ulimit
    -v``) OpenBLAS fails to allocate its buffers when numpy is imported and ends the process
    with exit code 1 and its own message, which Python cannot catch (issue 21). Without
    room the same values are computed in plain Python."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        if limit == resource.RLIM_INFINITY:
            return True
        with open("/proc/self/statm", "rb") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, AttributeError):
        return True  # no such limit here (or no way to read it): as before
    return limit - used >= NUMPY_ROOM


def _token_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


_WORD_HASHES: dict[str, int] = {}  # word -> its hash, shared by the documents of a process


def _word_hashes(words: Sequence[str], np: Any = None) -> Any:
    cache = _WORD_HASHES
    out = [cache.get(w) for w in words]
    if None in out:
        for i, w in enumerate(words):
            if out[i] is None:
                out[i] = h = _token_hash(w)
                if len(cache) < 1 << 20:
                    cache[w] = h
    return np.array(out, dtype=np.uint64) if np is not None else out


def normal_words(text: str) -> list[str]:
    """Lower-case words, every number masked as "0" (a copy with a changed figure matches)."""
    out = []
    for w in _WORD.findall(text.lower()):
        if _HAS_DIGIT(w):
            if out and out[-1] == "0":
                continue  # "1,180" or "3.37" is one masked number
            w = "0"
        out.append(w)
    return out


def shingle_hashes(words: Sequence[str], k: int) -> list[int]:
    """The hash of each run of ``k`` words (the reference: :func:`_shingle_array` computes
    the same values for a whole document at once)."""
    hs = [_token_hash(w) for w in words]
    if len(hs) < k:
        return []
    out = []
    for i in range(len(hs) - k + 1):
        h = 0
        for x in hs[i : i + k]:
            h = ((h ^ x) * _MIX) & 0xFFFFFFFFFFFFFFFF
        out.append((h >> 1) & _MASK)
    return out


def _shingle_array(hashes: Any, k: int, np: Any = None) -> Any:
    """:func:`shingle_hashes` over word hashes: vectorised with numpy (uint64 arithmetic
    wraps), else a list."""
    n = len(hashes) - k + 1
    if np is None:
        out = []
        for i in range(max(0, n)):
            h = 0
            for x in hashes[i : i + k]:
                h = ((h ^ x) * _MIX) & _M64
            out.append(h >> 1)
        return out
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    mix = np.uint64(_MIX)
    for j in range(k):
        h ^= hashes[j : j + n]
        h *= mix
    return h >> np.uint64(1)


def _window_sum(flags: Sequence[bool], k: int, np: Any = None) -> Any:
    if np is None:
        c = [0]
        for f in flags:
            c.append(c[-1] + f)
        return [c[i + k] - c[i] for i in range(len(c) - k)]
    c = np.concatenate(([0], np.cumsum(np.array(flags, dtype=np.int8), dtype=np.int32)))
    return c[k:] - c[:-k]


def quoted_spans(text: str, start: int, end: int, *,
                 carried: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """The stretches of a paragraph inside quotation marks, and whether a quotation is still
    open at its end. A quotation still open at the end of the paragraph runs to its end and
    on into the next (``carried``: news opens each paragraph of a long quotation and closes
    only the last); a closing mark with no opening one closes a quotation that started before
    the paragraph. Single marks count only where they cannot be apostrophes: ‘ or ' before a
    word at the start of a phrase, ’ or ' after a full stop or comma."""
    out: list[tuple[int, int]] = []
    open_at: int | None = start if carried else None
    for m in _QUOTE_MARK.finditer(text, start, end):
        pos, q = m.start(), m.group()
        if carried and pos == start and open_at == start:
            continue  # the quotation run on re-opens the paragraph
        nxt = text[pos + 1 : pos + 2]
        prev = text[pos - 1 : pos] if pos > start else ""
        if q in "‘'’":
            if open_at is None and q != "’" and nxt.isalpha() and prev in ("", " ", ":", "—"):
                opening = True
            elif prev in (".", ",", "!", "?") and not nxt.isalnum():
                opening = False
            else:
                continue  # an apostrophe
        else:
            opening = q == "“" or (q == '"' and open_at is None and (nxt.isalnum() or pos == start))
        if opening and open_at is None:
            open_at = pos
        elif not opening and open_at is not None:
            out.append((open_at, pos + 1))
            open_at = None
        elif not opening and not out:
            out.append((start, pos + 1))  # closes a quotation opened before the paragraph
    if open_at is not None:
        out.append((open_at, end))
    return out, open_at is not None


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (in text order, not overlapping)."""
    i = bisect_right(spans, (pos, _END)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_END = 1 << 62


def _read(text: str, a: int, b: int, quotes: Sequence[tuple[int, int]]
          ) -> tuple[list[str], list[bool], list[bool] | None]:
    """The normalised words of text[a:b], whether each is capitalised, and (given quotation
    spans) whether each is inside a quotation."""
    if not quotes:
        found = _WORD.findall(text[a:b])  # (a slice reads faster than pos, endpos)
        words = [w.lower() if w.isalpha() or not any(ch.isdigit() for ch in w) else "0"
                 for w in found]
        caps = [w[0].isupper() and m != "0" for w, m in zip(found, words, strict=True)]
        if "0" in words:  # a run of numbers ("1,180" or "3.37") is one masked number
            runs = [i for i in range(len(words) - 1, 0, -1)
                    if words[i] == "0" and words[i - 1] == "0"]
            for i in runs:
                del words[i], caps[i]
        return words, caps, None
    words: list[str] = []
    caps: list[bool] = []
    inq: list[bool] = []
    for m in _WORD.finditer(text[a:b]):
        w = m.group()
        if not w.isalpha() and any(ch.isdigit() for ch in w):
            if words and words[-1] == "0":
                continue
            words.append("0")
            caps.append(False)
        else:
            words.append(w.lower())
            caps.append(w[0].isupper())
        inq.append(_inside(a + m.start(), quotes))
    return words, caps, inq


@dataclass
class _Hashed:
    """A document's kept sentences as one run of words, hashed at once."""

    spans: list[tuple[int, int, int, int, tuple[tuple[int, int], ...]]]  # a, b, first, n, quotes
    hashes: Any  # shingle hashes of the run (windows across sentences included)
    keep: Any  # not a shingle of names
    quoted: Any  # wholly inside quotation marks (None: no quotation read)
    chars: int
    np: Any = None  # numpy arrays, else lists


def _hash_document(doc: Document, rules: Rules, seg: Any, *, quotes: bool = True,
                   np: Any = None) -> _Hashed:
    """``quotes=False``: quotation marks are not read (the anchors do not depend on them)."""
    st = settings_of(rules)
    credits = _credits(rules)
    text = doc.text
    k = st.shingle
    chars = 0
    has_quotes = quotes and any(q in text for q in ('"', "“", "”", "‘", "'"))
    carried = 0  # paragraphs a quotation has run on into (at most 3 are read as quoted)
    by_para: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for sp, pi in zip(seg.sentences, seg.sentence_paragraph, strict=False):
        by_para[pi].append((sp.start, sp.end))
    spans: list[tuple[int, int, int, int, tuple[tuple[int, int], ...]]] = []
    words: list[str] = []
    caps: list[bool] = []
    inq: list[bool] = []
    for p in seg.paragraphs:
        marks: list[tuple[int, int]] = []
        if has_quotes:
            marks, still_open = quoted_spans(text, p.start, p.end, carried=0 < carried <= 3)
            carried = carried + 1 if still_open else 0
        for a, b in by_para.get(p.index, ()):
            if text[a : a + 1].isupper():
                a = _dateline_end(text, a, credits)
            chars += b - a
            inside = tuple((max(x, a), min(y, b)) for x, y in marks if x < b and y > a)
            ws, cs, iq = _read(text, a, b, inside)
            if len(ws) < st.min_words:
                continue
            spans.append((a, b, len(words), len(ws), inside))
            words += ws
            caps += cs
            if has_quotes:
                inq += iq if iq is not None else [False] * len(ws)
    hashes = _shingle_array(_word_hashes(words, np), k, np)
    if np is None:
        keep = [x < k - 1 for x in _window_sum(caps, k)]  # most words capitalised: names
        quoted = ([x == k and y for x, y in zip(_window_sum(inq, k), keep, strict=True)]
                  if has_quotes else None)
        return _Hashed(spans, hashes, keep, quoted, chars)
    if not len(hashes):
        return _Hashed(spans, hashes, np.zeros(0, dtype=bool), None, chars, np)
    keep = _window_sum(caps, k, np) < k - 1  # most words capitalised: names, not wording
    quoted = (_window_sum(inq, k, np) == k) & keep if has_quotes else None
    return _Hashed(spans, hashes, keep, quoted, chars, np)


def fingerprint(doc: Document, rules: Rules | None = None, *, seg: Any = None,
                compact: bool = False, vectorised: bool | None = None) -> Fingerprint:
    """The sentences of a document with their shingles and anchors (see the module).

    A shingle of names ("Church of Jesus Christ of Latter", most of its words capitalised
    in the text) is left out: articles about one event share names without copying. A
    shingle wholly inside quotation marks is marked quoted. ``compact``: keep the anchors,
    the sketch and the quotation spans only (a bulk run; see :class:`Sentence`).
    ``vectorised``: with numpy (True), without (False), or as :func:`_numpy` decides."""
    rules = rules or load_rules()
    st = settings_of(rules)
    seg = seg if seg is not None else segment_document(doc)
    np = None if vectorised is False else _numpy(bool(vectorised))
    hd = _hash_document(doc, rules, seg, np=np)
    k = st.shingle
    cut = (1 << 63) // st.sample
    if np is None:
        def pick(xs: Any, mask: Any) -> Any:
            return [x for x, m in zip(xs, mask, strict=True) if m]

        def values(xs: Any) -> list[int]:
            return xs  # type: ignore[no-any-return]
    else:
        def pick(xs: Any, mask: Any) -> Any:
            return xs[mask]

        def values(xs: Any) -> list[int]:
            return xs.tolist()  # type: ignore[no-any-return]
    empty: frozenset[int] = frozenset()
    out = []
    runs: list[Any] = []  # compact: each sentence's kept shingles
    qruns: list[Any] = []
    offsets = [0]
    for a, b, first, n, inside in hd.spans:
        lo, hi = first, first + n - k + 1
        if hi <= lo:
            out.append(Sentence(doc.id, a, b, n, empty, (), empty, (), inside))
            offsets.append(offsets[-1])
            continue
        hs = hd.hashes[lo:hi]
        keep = hd.keep[lo:hi]
        kept = pick(hs, keep)
        kv = values(kept)
        anchors = tuple(sorted({h for h in kv if h < cut}))
        sketch = tuple(sorted(set(kv))[:2])
        if compact:
            out.append(Sentence(doc.id, a, b, n, empty, anchors, empty, sketch, inside))
            runs.append(kept)
            if hd.quoted is not None:
                qruns.append(pick(hd.quoted[lo:hi], keep))
            offsets.append(offsets[-1] + len(kv))
            continue
        quoted = (frozenset(values(pick(hs, hd.quoted[lo:hi]))) if hd.quoted is not None
                  else empty)
        out.append(Sentence(doc.id, a, b, n, frozenset(kv), anchors, quoted, sketch, inside))
    if not compact:
        return Fingerprint(doc.id, tuple(out), hd.chars)
    if np is None:  # one run of shingles for the document: a list, or one numpy array
        hashes: Any = [h for r in runs for h in r]
        flags: Any = [q for r in qruns for q in r] if hd.quoted is not None else None
    else:
        hashes = np.concatenate(runs) if runs else np.zeros(0, dtype=np.uint64)
        flags = np.concatenate(qruns) if qruns else None
    return Fingerprint(doc.id, tuple(out), hd.chars, hashes, flags, tuple(offsets))


def reread(text: str, s: Sentence, rules: Rules | None = None) -> Sentence:
    """A compact sentence with its shingles, read again from its document's text (the same
    values :func:`fingerprint` gives)."""
    if s.shingles or not s.sketch:
        return s
    k = settings_of(rules or load_rules()).shingle
    ws, cs, iq = _read(text, s.start, s.end, s.quotes)
    hs = _shingle_array(_word_hashes(ws), k)
    keep = [x < k - 1 for x in _window_sum(cs, k)]
    shingles = frozenset(h for h, kp in zip(hs, keep, strict=True) if kp)
    quoted = frozenset(h for h, q, kp in zip(hs, _window_sum(iq, k), keep, strict=True)
                       if q == k and kp) if iq else frozenset()
    return replace(s, shingles=shingles, quoted=quoted)


def anchors_of(doc: Document, rules: Rules | None = None, *, every: int = 1,
               seg: Any = None, vectorised: bool | None = None) -> list[int]:
    """The anchors of a document, sorted; ``every`` keeps one in so many more (the archive
    stores a sparser sample than a run uses: still a subset of the run's anchors).
    ``vectorised``: as in :func:`fingerprint` (an index asks for numpy)."""
    rules = rules or load_rules()
    st = settings_of(rules)
    np = None if vectorised is False else _numpy(bool(vectorised))
    seg = seg if seg is not None else segment_document(doc)
    if np is not None:
        return anchors_of_many([doc], rules, every=every, segs=[seg])[0]
    hd = _hash_document(doc, rules, seg, quotes=False)  # the reference, in plain Python
    inside = [False] * len(hd.hashes)  # windows wholly inside one sentence
    for _a, _b, first, n, _q in hd.spans:
        inside[first : first + n - st.shingle + 1] = [True] * max(0, n - st.shingle + 1)
    cut = (1 << 63) // (st.sample * every)
    return sorted({h for h, i, kp in zip(hd.hashes, inside, hd.keep, strict=True)
                   if i and kp and h < cut})


_CAP_BIT, _NUMBER_BIT = 32, 33
_WORD_ASCII = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)?")  # _WORD, on ASCII text


class _TokenCodes(dict[str, int]):
    """A word as written -> its code, read once per process: the hash of its normalised form
    (lower case, or "0" for a number) in the low 32 bits, whether it is capitalised (bit
    32) and whether it is a masked number (bit 33), as :func:`_read` reads them. At most
    ``1 << 20`` words are kept (memory stays flat on an archive's vocabulary)."""

    def __missing__(self, w: str) -> int:
        if w.isalpha() or not any(ch.isdigit() for ch in w):
            code = _token_hash(w.lower()) | (w[0].isupper() << _CAP_BIT)
        else:
            code = _token_hash("0") | (1 << _NUMBER_BIT)
        if len(self) < 1 << 20:
            self[w] = code
        return code


_TOKEN_CODES = _TokenCodes()


def anchors_of_many(docs: Sequence[Document], rules: Rules | None = None, *, every: int = 1,
                    segs: Sequence[Any] | None = None) -> list[list[int]]:
    """:func:`anchors_of` of several documents at once, with numpy (an index's bulk work):
    the same anchors as the reference (:func:`_hash_document` in plain Python). Each
    document's words are found by one regular expression per sentence and coded through one
    dictionary of the words seen (:class:`_TokenCodes`); the rest is a few array operations
    for the whole batch, not per document: numbers run together, sentences too short to be
    copies, windows across sentences and shingles of names are dropped on arrays."""
    rules = rules or load_rules()
    np = _numpy(True)
    if np is None:  # no room for numpy (a low ulimit -v): the reference gives the same anchors
        return [anchors_of(d, rules, every=every, vectorised=False,
                           seg=segs[i] if segs is not None else None)
                for i, d in enumerate(docs)]
    st = settings_of(rules)
    credits = _credits(rules)
    k = st.shingle
    tokens: list[str] = []
    bounds = [0]  # where each sentence's words end in ``tokens``
    owner: list[int] = []  # the document of each sentence
    for i, doc in enumerate(docs):
        seg = segs[i] if segs is not None else segment_document(doc)
        text = doc.text
        findall = (_WORD_ASCII if text.isascii() else _WORD).findall
        by_para: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for sp, pi in zip(seg.sentences, seg.sentence_paragraph, strict=False):
            by_para[pi].append((sp.start, sp.end))
        for p in seg.paragraphs:
            for a, b in by_para.get(p.index, ()):
                if text[a : a + 1].isupper():
                    a = _dateline_end(text, a, credits)
                tokens += findall(text[a:b])
                bounds.append(len(tokens))
                owner.append(i)
    out: list[list[int]] = [[] for _ in docs]
    if len(tokens) < k:
        return out
    u64 = np.uint64
    code = np.fromiter(map(_TOKEN_CODES.__getitem__, tokens), dtype=u64, count=len(tokens))
    counts = np.diff(np.array(bounds, dtype=np.int64))
    sid = np.repeat(np.arange(len(counts), dtype=np.int64), counts)  # sentence of each word
    number = ((code >> u64(_NUMBER_BIT)) & u64(1)).astype(bool)
    # a run of numbers in one sentence ("1,180", "3.37") is one masked number
    keep = np.ones(len(code), dtype=bool)
    keep[1:] = ~(number[1:] & number[:-1] & (sid[1:] == sid[:-1]))
    code, sid = code[keep], sid[keep]
    words = np.bincount(sid, minlength=len(counts))
    n = len(code) - k + 1
    if n <= 0:
        return out
    shingles = _shingle_array(code & u64(0xFFFFFFFF), k, np)
    caps = np.zeros(len(code) + 1, dtype=np.int32)
    np.cumsum((code >> u64(_CAP_BIT)) & u64(1), out=caps[1:])
    first = sid[:n]
    ok = (first == sid[k - 1 :]) & (words[first] >= st.min_words)  # inside one kept sentence
    ok &= (caps[k:] - caps[:-k]) < k - 1  # most words capitalised: names, not wording
    ok &= shingles < u64((1 << 63) // (st.sample * every))
    doc = np.array(owner, dtype=np.int64)[first[ok]]
    h = shingles[ok]
    order = np.lexsort((h, doc))  # by document, then by anchor
    doc, h = doc[order], h[order]
    new = np.ones(len(h), dtype=bool)
    new[1:] = (h[1:] != h[:-1]) | (doc[1:] != doc[:-1])
    doc, h = doc[new], h[new]
    cuts = np.searchsorted(doc, np.arange(len(docs) + 1)).tolist()
    hs = h.tolist()
    return [hs[cuts[i] : cuts[i + 1]] for i in range(len(docs))]


# -- copied sentences --------------------------------------------------------------------------
@dataclass(frozen=True)
class Copy:
    """Two sentences of two documents that are copies of one text (or quote one statement)."""

    a: Sentence
    b: Sentence
    shared: int  # shingles in common
    containment: float  # shared / shingles of the shorter
    kind: str  # "copy" | "quote"
    # the two sentences give the same figures (or none): their wording alone could be a
    # formula ("net income rose to $X million, or Y cents per share"); see copied_sentences
    same_figures: bool = True


def copied_sentences(prints: Sequence[Fingerprint], rules: Rules | None = None, *,
                     involving: set[str] | None = None,
                     texts: Mapping[str, str] | None = None,
                     dates: Mapping[str, str | None] | None = None) -> list[Copy]:
    """Sentence pairs of different documents that copy one text, found through anchors.

    The index is two sorted arrays (anchor, sentence number), not a dictionary of lists:
    a run over 20,000 articles holds its anchors in a few megabytes. Candidates come from
    the sentences that share an anchor, then (for sentences none of whose shingles fell in
    the sample) from the sentences whose smallest shingle is the same. An anchor found in
    more than ``max_posting`` documents is boilerplate for the sentences that merely share
    it; among them, sentences with one sketch (the two smallest shingles: in all likelihood
    one sentence, copied whole) are still candidates when they are few enough.
    Compact sentences are read again from ``texts`` to be verified.

    Boilerplate is no evidence of copying: a shingle of a stock phrase (``[boilerplate]
    phrases``: "did not immediately respond to a request for comment") or one found in more
    than ``max_posting`` of the documents does not count as shared, nor in the size of either
    sentence (:func:`boilerplate_shingles`). Two sentences of documents dated more than
    ``max_days`` apart (``dates``) with other figures are a template reused for another
    release ("The employment component rose to 54.5 from 52.6"), not a copy; so is one line
    that such documents share and nothing else (:func:`_without_reused_lines`).

    ``involving``: only pairs with a sentence of these documents (a check's drafts)."""
    rules = rules or load_rules()
    st = settings_of(rules)
    phrases = stock_shingles(rules)
    stock = boilerplate_shingles(prints, rules)
    sents: list[Sentence] = []
    where: list[tuple[Fingerprint, int]] = []
    anchors, owners = array("q"), array("q")
    smallest, small_owners = array("q"), array("q")
    for fp in prints:
        for local, s in enumerate(fp.sentences):
            n = len(sents)
            sents.append(s)
            where.append((fp, local))
            anchors.extend(s.anchors)
            owners.extend([n] * len(s.anchors))
            if s.sketch and s.sketch[0] not in s.anchors:
                smallest.append(s.sketch[0])
                small_owners.append(n)
    full: dict[int, Sentence] = {}
    normal: dict[int, str] = {}

    def read(i: int) -> Sentence:
        s = full.get(i)
        if s is None:
            s = sents[i]
            if not s.shingles and s.sketch:
                fp, local = where[i]
                if fp.hashes is not None:
                    shingles, quoted = fp.shingles(local)
                    s = Sentence(s.doc, s.start, s.end, s.words, shingles, s.anchors, quoted,
                                 s.sketch, s.quotes)
                elif texts is not None:
                    s = reread(texts[s.doc], s, rules)
            if len(full) > 20_000:
                full.clear()
            full[i] = s
        return s

    def words_of(i: int) -> str:
        t = normal.get(i)
        if t is None:
            s = sents[i]
            t = normal[i] = _normal(texts[s.doc], s) if texts is not None else ""
            if len(normal) > 20_000:
                normal.clear()
        return t

    total = len(sents)
    # numpy for a bulk run (or when loaded already); plain Python gives the same pairs in
    # the same order
    np = _numpy(total >= BULK_SENTENCES)
    found: list[Any] = []  # pair keys a * total + b, in the order first found
    if np is not None:
        doc_ids: dict[str, int] = {}
        doc_of = np.array([doc_ids.setdefault(x.doc, len(doc_ids)) for x in sents],
                          dtype=np.int64)
        rank = np.empty(total, dtype=np.int64)  # a pair is (earlier, later) by (doc, start)
        rank[sorted(range(total), key=lambda i: (sents[i].doc, sents[i].start))] = \
            np.arange(total)
        mine = (np.array([x.doc in involving for x in sents], dtype=bool)
                if involving is not None else None)
    seen: set[int] = set()
    held = 0

    def candidates(members: Sequence[int]) -> None:
        """The pairs of a posting, as keys ``a * total + b``, in the order found."""
        nonlocal held
        if np is None:
            for n, i in enumerate(members):
                si = sents[i]
                for j in members[n + 1 :]:
                    sj = sents[j]
                    if si.doc == sj.doc or (involving is not None and si.doc not in involving
                                            and sj.doc not in involving):
                        continue
                    key = i * total + j if (si.doc, si.start) < (sj.doc, sj.start) \
                        else j * total + i
                    if key not in seen:
                        seen.add(key)
                        found.append(key)
            return
        m = np.asarray(members, dtype=np.int64)
        iu, ju = _triangle(np, len(m))
        x, y = m[iu], m[ju]
        ok = doc_of[x] != doc_of[y]
        if mine is not None:
            ok &= mine[x] | mine[y]
        x, y = x[ok], y[ok]
        swap = rank[x] > rank[y]
        found.append(np.where(swap, y, x) * total + np.where(swap, x, y))
        held += len(x)
        if held > 4_000_000:  # each pair once so far (bounded memory)
            found[:] = [_first_seen(np, np.concatenate(found))]
            held = len(found[0])

    def by_sketch(members: Sequence[int]) -> list[list[int]]:
        groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for i in members:
            if sents[i].sketch:
                groups[sents[i].sketch].append(i)
        return [g for g in groups.values() if len(g) > 1]

    crowded: list[list[int]] = []
    for members in (*_postings(anchors, owners, np), *_postings(smallest, small_owners, np)):
        docs = {sents[i].doc for i in members}
        if len(docs) < 2:
            continue
        if len(docs) <= st.max_posting:
            candidates(members)
        else:
            crowded.append(members)
    for members in crowded:
        for group in by_sketch(members):  # boilerplate, but for one sentence copied whole
            if 2 <= len({sents[i].doc for i in group}) <= st.max_posting:
                candidates(group)
    out: list[Copy] = []
    figures: dict[int, tuple[str, ...]] = {}
    if np is not None:
        found = _first_seen(np, np.concatenate(found)).tolist() if found else []
    for key in found:
        a, b = divmod(key, total)
        c = _shingle_copy(read(a), read(b), st, stock)
        if c is None and len(stock) > len(phrases) and texts is not None:
            # wording common to many documents, with the very same figures in both: a copy
            # of one report ("Yandex shares closed up 55 percent, or $13.84 to $38.84")
            fa = figures_of(texts[sents[a].doc], sents[a])
            if fa and fa == figures_of(texts[sents[b].doc], sents[b]):
                c = _shingle_copy(read(a), read(b), st, phrases)
        if c is None:
            continue
        if c.kind == "copy" and texts is not None and \
                fuzz.partial_ratio(*sorted((words_of(a), words_of(b)), key=len)) < st.min_ratio:
            continue  # the shingles agree, the wording around them does not
        fa, fb = (figures_of(texts[sents[a].doc], sents[a]),
                  figures_of(texts[sents[b].doc], sents[b])) if texts is not None else ((), ())
        if c.kind == "copy" and fa and fb and set(fa) != set(fb) and dates is not None and \
                _far_apart(dates.get(sents[a].doc), dates.get(sents[b].doc), st.max_days):
            continue  # a template reused for a later release, with its own figures
        if texts is not None:
            figures[a], figures[b] = fa, fb
        out.append(Copy(sents[a], sents[b], c.shared, c.containment, c.kind,
                        texts is None or same_figures(fa, fb)))
    out = _without_formulas(out, figures, sents)
    # one wording with other figures is a formula shared by unrelated stories, unless the
    # two documents also share a sentence with its figures: then it is a copy that changed
    # a figure (a copying error, or an update), or the sentence is most of the shorter
    # document (a brief copied with a changed figure)
    vouched = {(c.a.doc, c.b.doc) for c in out if c.same_figures}
    chars = {fp.doc: max(1, fp.chars) for fp in prints}

    def brief(c: Copy) -> bool:
        s = min((c.a, c.b), key=lambda s: chars.get(s.doc, 1))
        return s.end - s.start >= st.formula_share * chars.get(s.doc, 1)

    out = [c for c in out if c.same_figures or (c.a.doc, c.b.doc) in vouched or brief(c)]
    return _without_reused_lines(out, dates, st) if dates is not None else out


def _without_reused_lines(copies: list[Copy], dates: Mapping[str, str | None],
                          st: Settings) -> list[Copy]:
    """Leave out a line that documents dated more than ``max_days`` apart share and nothing
    else: an outlet's explainer or sign-off reused by unrelated stories ("Markit's final
    reading will be released on the first business day of the following month", "A reading
    above 50 indicates expansion"), not a copy of one text. Documents that far apart copy
    one text when they share as much as a lineage link asks (``document_sentences`` copied
    sentences or a passage of ``document_words``: a timeline or a factbox updated)."""
    by_pair: dict[tuple[str, str], list[Copy]] = defaultdict(list)
    for c in copies:
        if c.kind == "copy":
            by_pair[(c.a.doc, c.b.doc)].append(c)
    lone = {pair for pair, cs in by_pair.items()
            if len(cs) < st.document_sentences
            and max(min(c.a.words, c.b.words) for c in cs) < st.document_words
            and _far_apart(dates.get(pair[0]), dates.get(pair[1]), st.max_days)}
    return [c for c in copies if c.kind != "copy" or (c.a.doc, c.b.doc) not in lone]


class _UnionFind:
    """Disjoint sets of sentences or documents: ``union`` joins two sets (the smaller root
    is kept), ``find`` gives the root of an item's set (an item never joined is its own)."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        parent = self.parent
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])  # halve the path
            x = parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _without_formulas(copies: list[Copy], figures: Mapping[int, tuple[str, ...]],
                      sents: Sequence[Sentence]) -> list[Copy]:
    """Leave out a formula: one wording that three or more documents fill in with three or
    more sets of figures, most pairs of them with other figures ("Trading was moderate on
    the NYSE, with about 1.59 billion shares changing hands", every day's market report).
    Copies of one text keep most of its figures, but for a copying error or an update in
    some of them; among a formula's sentences only those with the very same figures are
    copies (two versions of one day's report)."""
    if not figures:
        return copies
    index = {(s.doc, s.start): i for i, s in enumerate(sents)}
    families = _UnionFind()
    find = families.find
    ends = []
    for c in copies:
        i, j = index[(c.a.doc, c.a.start)], index[(c.b.doc, c.b.start)]
        ends.append((i, j))
        if c.kind == "copy":
            families.union(i, j)
    family_docs: dict[int, set[str]] = defaultdict(set)
    family_figures: dict[int, set[tuple[str, ...]]] = defaultdict(set)
    other_figures: Counter[int] = Counter()  # pairs whose figures mostly differ
    pairs: Counter[int] = Counter()
    for c, (i, j) in zip(copies, ends, strict=True):
        if c.kind == "copy":
            root = find(i)
            family_docs[root].update((c.a.doc, c.b.doc))
            family_figures[root].update((figures.get(i, ()), figures.get(j, ())))
            pairs[root] += 1
            other_figures[root] += not c.same_figures
    formula = {r for r, docs in family_docs.items()
               if len(docs) >= 3 and len(family_figures[r]) >= 3
               and 2 * other_figures[r] >= pairs[r]}
    return [c for c, (i, j) in zip(copies, ends, strict=True)
            if c.kind != "copy" or find(i) not in formula
            or figures.get(i) == figures.get(j)]


_FIGURE = re.compile(r"\d+(?:[.,:]\d+)*")


def figures_of(text: str, s: Sentence) -> tuple[str, ...]:
    """The figures of a sentence as written, in order ("1,180", "3.37", "2:56")."""
    return tuple(_FIGURE.findall(text[s.start : s.end]))


def same_figures(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two sentences of one wording give the same figures: more than half of the figures of
    the one with fewer (a copy may drop a figure), or one gives none. A formula filled in
    for another story ("net income rose to $364.2 million, or 79 cents per share" and "to
    $11.7 million, or 20 cents per share") has other figures throughout."""
    x, y = set(a), set(b)
    return not x or not y or 2 * len(x & y) > min(len(x), len(y))


BULK_SENTENCES = 5_000  # from so many sentences on, candidates are found with numpy
BULK_DOCUMENTS = 200  # and from so many documents on, fingerprints are hashed with it


@lru_cache(maxsize=256)
def _triangle(np: Any, n: int) -> tuple[Any, Any]:
    """The pairs (i, j), i < j < n, in the order of two nested loops."""
    return np.triu_indices(n, 1)  # type: ignore[no-any-return]


def _first_seen(np: Any, keys: Any) -> Any:
    """Each key once, in the order of its first occurrence."""
    _, first = np.unique(keys, return_index=True)
    return keys[np.sort(first)]


def _postings(keys: array[int], owners: array[int], np: Any = None) -> Iterator[list[int]]:
    """The owners of each key held by more than one, keys in the order first seen, owners
    in the order added."""
    if not keys:
        return
    if np is None:
        index: dict[int, list[int]] = {}
        for h, n in zip(keys, owners, strict=True):
            index.setdefault(h, []).append(n)
        yield from (m for m in index.values() if len(m) > 1)
        return
    k = np.frombuffer(keys, dtype=np.int64)
    o = np.frombuffer(owners, dtype=np.int64)
    order = np.argsort(k, kind="stable")
    ks = k[order]
    cuts = np.flatnonzero(ks[1:] != ks[:-1]) + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [len(ks)]))
    shared = (ends - starts) >= 2
    starts, ends = starts[shared], ends[shared]
    for p in np.argsort(order[starts], kind="stable"):
        yield o[order[starts[p] : ends[p]]].tolist()


@lru_cache(maxsize=8)
def stock_shingles(rules: Rules) -> frozenset[int]:
    """The shingles of the stock phrases of ``[boilerplate] phrases`` (rules/lineage.toml):
    every run of ``shingle`` words inside one of them."""
    k = settings_of(rules).shingle
    phrases = rules.lineage.get("boilerplate", {}).get("phrases", [])
    return frozenset(h for p in phrases for h in shingle_hashes(normal_words(p), k))


def boilerplate_shingles(prints: Sequence[Fingerprint], rules: Rules) -> frozenset[int]:
    """Shingles that are no evidence of copying: those of the stock phrases, and those found
    in more than ``max_posting`` of the documents (boilerplate of an outlet: a disclaimer, a
    sign-off; a bulk run only: a few documents never reach it)."""
    stock = stock_shingles(rules)
    cap = settings_of(rules).max_posting
    if len(prints) <= cap:
        return stock
    np = _numpy()
    if np is not None and all(fp.hashes is not None and not isinstance(fp.hashes, list)
                              for fp in prints):
        per_doc = [np.unique(fp.hashes) for fp in prints if len(fp.hashes)]
        if not per_doc:
            return stock
        values, counts = np.unique(np.concatenate(per_doc), return_counts=True)
        return stock | frozenset(values[counts > cap].tolist())
    seen: Counter[int] = Counter()
    for fp in prints:
        seen.update({h for i in range(len(fp.sentences)) for h in fp.shingles(i)[0]})
    return stock | frozenset(h for h, n in seen.items() if n > cap)


def _far_apart(a: str | None, b: str | None, max_days: int) -> bool:
    """Whether two dates are more than ``max_days`` apart (False when either is unknown)."""
    from .match import iso_days

    if not (a and b):
        return False
    da, db = iso_days(a[:10]), iso_days(b[:10])
    return bool(da and db) and abs(da - db) > max_days  # iso_days gives 0 for no date


def _normal(text: str, s: Sentence) -> str:
    return " ".join(normal_words(text[s.start : s.end]))


def _shingle_copy(a: Sentence, b: Sentence, st: Settings,
                  stock: frozenset[int] = frozenset()) -> Copy | None:
    if min(a.words, b.words) < st.min_words:
        return None
    sa, sb = (a.shingles - stock, b.shingles - stock) if stock else (a.shingles, b.shingles)
    common = sa & sb  # names and boilerplate left out
    shared = len(common)
    small = min(len(sa), len(sb)) or 1
    cont = shared / small
    if shared < st.min_shared or cont < st.min_containment:
        return None
    in_quotes = len(common & a.quoted & b.quoted)
    kind = "quote" if in_quotes >= st.quoted * shared else "copy"
    return Copy(a, b, shared, cont, kind)


def verify(a: Sentence, b: Sentence, st: Settings,
           texts: tuple[str, str] | None = None, *,
           stock: frozenset[int] = frozenset()) -> Copy | None:
    """Two sentences are copies when the shorter's shingles are mostly in the longer (names
    and the ``stock`` shingles of boilerplate left out) and, given their normalised
    ``texts``, the shorter reads as a stretch of the longer (rapidfuzz's partial ratio, at
    least ``min_ratio``)."""
    c = _shingle_copy(a, b, st, stock)
    if c is not None and c.kind == "copy" and texts is not None and \
            fuzz.partial_ratio(*sorted(texts, key=len)) < st.min_ratio:
        return None  # the shingles agree, the wording around them does not
    return c


# -- lineage groups ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Evidence:
    """A member's link to the group: the longest passage it shares with another member, and
    the share of each document's text that the two share."""

    doc: str
    other: str
    passage: str  # the member's sentence as written
    other_passage: str
    share: float  # of ``doc``'s text copied from ``other`` (characters of sentences)
    other_share: float
    sentences: int  # copied sentences in common

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "other": self.other, "passage": self.passage,
                "other_passage": self.other_passage, "share": round(self.share, 3),
                "other_share": round(self.other_share, 3), "sentences": self.sentences}


@dataclass(frozen=True)
class Lineage:
    """Documents that share an origin (kind ``copy``), or that quote one statement
    (kind ``quote``: one source quoted, not a copy of each other)."""

    id: str
    kind: str
    members: tuple[str, ...]  # the original first
    original: str | None
    agency: str | None  # the agency credited by a member, if any
    label: str  # how the group counts as a source: "AP", or the original's outlet
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "members": list(self.members),
                "original": self.original, "agency": self.agency, "source": self.label,
                "copies": len(self.members) - 1 if self.kind == "copy" else 0,
                "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class LineageResult:
    lineages: tuple[Lineage, ...]
    copies: tuple[Copy, ...]
    agencies: Mapping[str, str] = field(default_factory=dict)  # doc -> credited agency
    chars: Mapping[str, int] = field(default_factory=dict)  # doc -> characters read

    def by_doc(self) -> dict[str, Lineage]:
        return {m: g for g in self.lineages if g.kind == "copy" for m in g.members}

    def doc_json(self, doc: str) -> dict[str, Any] | None:
        """``documents[].lineage``: its group, its role, the original and its share."""
        g = self.by_doc().get(doc)
        if g is None:
            agency = self.agencies.get(doc)
            return {"group": None, "role": "credits", "original": None, "agency": agency,
                    "source": agency, "share": None} if agency else None
        ev = next((e for e in g.evidence if e.doc == doc), None)
        return {"group": g.id, "role": "original" if doc == g.original else "copy",
                "original": g.original, "agency": g.agency, "source": g.label,
                "share": None if ev is None else round(ev.share, 3)}

    def sentence_pairs(self) -> dict[tuple[str, int, str, int], Copy]:
        out = {}
        for c in self.copies:
            out[(c.a.doc, c.a.start, c.b.doc, c.b.start)] = c
            out[(c.b.doc, c.b.start, c.a.doc, c.a.start)] = c
        return out


def find_lineage(docs: Sequence[Document], rules: Rules | None = None, *,
                 involving: set[str] | None = None,
                 prints: Sequence[Fingerprint] | None = None) -> LineageResult:
    """Copied sentences among the documents and the lineage groups they make."""
    rules = rules or load_rules()
    prints = (list(prints) if prints is not None
              else [fingerprint(d, rules, compact=True,
                                vectorised=True if len(docs) >= BULK_DOCUMENTS else None)
                    for d in docs])
    chars = {fp.doc: max(1, fp.chars) for fp in prints}
    copies = copied_sentences(prints, rules, involving=involving,
                              texts={d.id: d.text for d in docs},
                              dates={d.id: d.date for d in docs})
    agencies = {d.id: a for d in docs if (a := credited_agency(d, rules))}
    return group_lineage(docs, copies, agencies, chars, rules)


def merge_lineage(results: Iterable[LineageResult | None], docs: Sequence[Document],
                  rules: Rules | None = None) -> LineageResult | None:
    """One lineage over several runs' results (a check of several drafts merged into one
    report): the copies each run found, grouped again over all the documents."""
    results = [r for r in results if r is not None]
    if not results:
        return None
    copies: dict[tuple[str, int, str, int], Copy] = {}
    agencies: dict[str, str] = {}
    chars: dict[str, int] = {}
    for r in results:
        for c in r.copies:
            copies.setdefault((c.a.doc, c.a.start, c.b.doc, c.b.start), c)
        agencies.update(r.agencies)
        chars.update(r.chars)
    return group_lineage(docs, list(copies.values()), agencies, chars, rules or load_rules())


def group_lineage(docs: Sequence[Document], copies: Sequence[Copy],
                  agencies: Mapping[str, str], chars: Mapping[str, int],
                  rules: Rules) -> LineageResult:
    """The lineage groups that copied sentences make (``chars``: characters read of each
    document, for the share of it that is copied)."""
    st = settings_of(rules)
    by_id = {d.id: d for d in docs}
    # document pairs: copied sentences outside quotations
    links: dict[tuple[str, str], list[Copy]] = defaultdict(list)
    quotes: dict[tuple[str, str], list[Copy]] = defaultdict(list)
    for c in copies:
        (quotes if c.kind == "quote" else links)[(c.a.doc, c.b.doc)].append(c)
    linked = _UnionFind()
    strong: dict[tuple[str, str], list[Copy]] = {}
    for pair, cs in links.items():
        longest = max(min(c.a.words, c.b.words) for c in cs)
        if len(cs) >= st.document_sentences or longest >= st.document_words:
            strong[pair] = cs
            linked.union(*pair)
    groups: dict[str, set[str]] = defaultdict(set)
    for a, b in strong:
        groups[linked.find(a)].update((a, b))
    out: list[Lineage] = []
    for members in sorted(groups.values(), key=lambda m: sorted(m)):
        out.append(_group(members, strong, by_id, chars, agencies, rules, len(out) + 1))
    # statements quoted by several documents that do not otherwise copy each other
    in_group = {m: g.id for g in out for m in g.members}
    kept = {p: cs for p, cs in quotes.items()
            if in_group.get(p[0]) is None or in_group.get(p[0]) != in_group.get(p[1])}
    quoting = _UnionFind()
    for a, b in kept:
        quoting.union(a, b)
    qgroups: dict[str, set[str]] = defaultdict(set)
    for a, b in kept:
        qgroups[quoting.find(a)].update((a, b))
    for q, members in enumerate(sorted(qgroups.values(), key=lambda m: sorted(m)), 1):
        ev = []
        for (a, b), cs in sorted(kept.items()):
            if a in members:
                c = max(cs, key=lambda c: c.shared)
                ev.append(Evidence(a, b, _text(by_id, c.a), _text(by_id, c.b),
                                   _chars(cs, a) / chars.get(a, 1), _chars(cs, b) / chars.get(b, 1),
                                   len(cs)))
        out.append(Lineage(f"Q{q}", "quote", tuple(sorted(members)), None, None,
                           "one quoted statement", tuple(ev)))
    return LineageResult(tuple(out), tuple(copies), dict(agencies), dict(chars))


def _text(by_id: Mapping[str, Document], s: Sentence) -> str:
    d = by_id.get(s.doc)
    return " ".join(d.text[s.start : s.end].split()) if d is not None else ""


def _chars(cs: Iterable[Copy], doc: str) -> int:
    spans = {(c.a.start, c.a.end) if c.a.doc == doc else (c.b.start, c.b.end) for c in cs}
    return sum(b - a for a, b in spans)


def _group(members: set[str], strong: Mapping[tuple[str, str], list[Copy]],
           by_id: Mapping[str, Document], chars: Mapping[str, int],
           agencies: Mapping[str, str], rules: Rules, n: int) -> Lineage:
    """A lineage group with its original: the earliest dated member, else the agency's own
    document, else the member linked with most others, then the one sharing most text."""
    links: dict[str, int] = defaultdict(int)
    shared: dict[str, int] = defaultdict(int)
    for (a, b), cs in strong.items():
        if a in members:
            links[a] += 1
            links[b] += 1
            shared[a] += _chars(cs, a)
            shared[b] += _chars(cs, b)
    credited = [agencies[m] for m in members if m in agencies]
    agency = max(set(credited), key=credited.count) if credited else None

    def own(m: str) -> bool:
        d = by_id.get(m)
        return bool(agency and d is not None and d.source
                    and agency_name(_credits(rules), d.source) == agency)

    def key(m: str) -> tuple[Any, ...]:
        d = by_id.get(m)
        date = (d.date if d is not None else None) or "9999"
        return (date, not own(m), -links[m], -shared[m], m)

    ordered = sorted(members, key=key)
    original = ordered[0]
    ev = []
    for m in ordered[1:]:
        # the member's link to the original, else to the member it shares most with
        pairs = [(p, cs) for p, cs in strong.items() if m in p]
        best = next((pc for pc in pairs if original in pc[0]), None) or max(
            pairs, key=lambda pc: sum(c.shared for c in pc[1]))
        (a, b), cs = best
        other = b if a == m else a
        c = max(cs, key=lambda c: c.shared)
        mine, theirs = (c.a, c.b) if c.a.doc == m else (c.b, c.a)
        ev.append(Evidence(m, other, _text(by_id, mine), _text(by_id, theirs),
                           _chars(cs, m) / chars.get(m, 1), _chars(cs, other) / chars.get(other, 1),
                           len(cs)))
    d0 = by_id.get(original)
    outlet = (d0.source if d0 is not None and d0.source else original)
    label = agency or outlet
    return Lineage(f"L{n}", "copy", tuple(ordered), original, agency, label, tuple(ev))


# -- using lineage in verdicts ----------------------------------------------------------------
def origin_of(result: LineageResult) -> dict[str, str]:
    """doc -> the source it counts as: its lineage's source, else the agency it credits."""
    out = dict(result.agencies)
    for g in result.lineages:
        if g.kind == "copy":
            for m in g.members:
                out[m] = g.label
    return out


def origins(result: LineageResult | None, rules: Rules | None = None) -> Any:
    """For the desk check: claim -> the independent source it counts as (None: its outlet).

    A copy counts as its lineage's source ("AP", or the original's outlet); a document that
    credits an agency as the agency; a sentence that credits one ("AFP reported") as the
    agency; a sentence quoting a statement that other outlets quote as that one statement."""
    if result is None:
        return None
    rules = rules or load_rules()
    by_doc = origin_of(result)
    quoted: dict[tuple[str, int], str] = {}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    groups = {m: g for g in result.lineages if g.kind == "quote" for m in g.members}
    for c in result.copies:
        if c.kind != "quote":
            continue
        g = groups.get(c.a.doc)
        label = f"one statement quoted by {len(g.members)} outlets ({g.id})" if g else "quote"
        for s in (c.a, c.b):
            quoted.setdefault((s.doc, s.start), label)
            spans[s.doc].append((s.start, s.end))

    def origin(c: Claim) -> str | None:
        k = _sentence_key(c, spans)
        if k is not None and (c.doc, k) in quoted:
            return quoted[(c.doc, k)]
        return by_doc.get(c.doc) or sentence_agency(c.sentence, rules)

    credits = _credits(rules)

    def agency(attribution: str | None) -> str | None:
        """The agency an attribution names ("Agence France-Presse" -> "AFP"), or None."""
        return agency_name(credits, attribution) if attribution else None

    origin.agency = agency  # type: ignore[attr-defined]  # desk._voice: "AFP (AFP)" is "AFP"
    return origin


def _place(c: Claim) -> tuple[Any, ...]:
    """Where a figure sits in its sentence, as a copy would keep it: how many numbers come
    before it, and the two words either side ("left 11 people dead" and "left 130 people
    injured" are two figures of one sentence frame, not one figure copied)."""
    rel = max(0, c.start - c.sentence_start)
    before = normal_words(c.sentence[:rel])
    after = normal_words(c.sentence[rel + len(c.text):])
    return before.count("0"), tuple(before[-2:]), tuple(after[:2])


def _sentence_key(c: Claim, starts: Mapping[str, list[tuple[int, int]]]) -> int | None:
    """The start of the fingerprinted sentence holding the claim."""
    for a, b in starts.get(c.doc, ()):
        if a <= c.start < b:
            return a
    return None


def apply_lineage(findings: Sequence[Finding], result: LineageResult,
                  docs: Mapping[str, Document], claims: Sequence[Claim] = (),
                  rules: Rules | None = None, *,
                  involving: set[str] | None = None) -> list[Finding]:
    """The post-pass over findings: pairs of figures in copies of one sentence.

    - At the same place of the copied sentence and equal: ``consistent`` by copying
      (explanation ``copy``, "the same sentence, copied from AP").
    - At the same place and different: a ``conflict`` explained as ``copy_error`` ("the same
      sentence, copied from AP, has 1,180 in one outlet and 1,810 in the other").
    - Figures of copied sentences the matcher did not pair are paired here.
    """
    if not result.copies:
        return list(findings)
    rules = rules or load_rules()
    pairs = result.sentence_pairs()
    max_days = settings_of(rules).max_days
    starts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in result.copies:
        for s in (c.a, c.b):
            starts[s.doc].append((s.start, s.end))
    # the figures of each copied sentence, in text order
    by_sentence: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind == "quantity" and c.dimension:
            k = _sentence_key(c, starts)
            if k is not None:
                by_sentence[(c.doc, k)].append(c)
    # copies that differ in more than one figure are a template filled with another
    # report's data ("Revenue dipped to $X billion from $Y billion a year earlier", a market
    # wrap's closing levels and volumes), not a copy with a mistyped figure: a copying error
    # changes one figure of one sentence. Nothing in them is read as a copy.
    changed: dict[tuple[str, str], int] = defaultdict(int)
    for k in pairs:
        if k[0] < k[2]:
            changed[(k[0], k[2])] += _changed(by_sentence.get((k[0], k[1]), []),
                                              by_sentence.get((k[2], k[3]), []))
    pairs = {k: cp for k, cp in pairs.items()
             if changed[(min(k[0], k[2]), max(k[0], k[2]))] <= 1}
    origin = origin_of(result)
    out = []
    done: set[frozenset[str]] = set()
    for f in findings:
        done.add(frozenset((f.a.id, f.b.id)))
        out.append(_copied_finding(f, pairs, starts, origin, docs, max_days) or f)
    # figures at the same place of copied sentences that no pair covers
    if by_sentence:
        from .compare import Comparer
        from .match import Candidate

        comparer = Comparer(rules)
        all_docs = dict(docs)
        places: dict[str, tuple[Any, ...]] = {}

        def slot(c: Claim) -> tuple[Any, ...]:
            """Where a figure sits in its sentence, and what it counts: only the number may
            differ between two copied figures ("$5 million" is not "€5 million")."""
            p = places.get(c.id)
            if p is None:
                p = places[c.id] = (_place(c), c.dimension, c.unit, c.surface_unit)
            return p

        for cp in result.copies:
            if cp.kind != "copy":
                continue
            xs = by_sentence.get((cp.a.doc, cp.a.start), [])
            ys = by_sentence.get((cp.b.doc, cp.b.start), [])
            if involving is not None and cp.a.doc not in involving and cp.b.doc not in involving:
                continue
            if not _one_release(cp.a.doc, cp.b.doc, docs, max_days):
                continue  # a template reused by a later report pairs nothing by copying
            if (cp.a.doc, cp.a.start, cp.b.doc, cp.b.start) not in pairs:
                continue  # a template
            # a place that holds several figures of one sentence identifies none of them
            at: dict[tuple[Any, ...], list[Claim]] = defaultdict(list)
            for y in ys:
                at[slot(y)].append(y)
            mine_at = Counter(slot(x) for x in xs)
            for x in xs:
                if mine_at[slot(x)] > 1 or len(at.get(slot(x), ())) > 1:
                    continue
                for y in at.get(slot(x), ()):
                    if frozenset((x.id, y.id)) in done:
                        continue
                    done.add(frozenset((x.id, y.id)))
                    a, b = (x, y) if involving is None or x.doc in involving else (y, x)
                    f = comparer.compare(Candidate(a, b, 100.0, 1.0, evidence="copied sentence"),
                                         all_docs, claims)
                    out.append(_copied_finding(f, pairs, starts, origin, docs, max_days) or f)
    return out


def _copied_finding(f: Finding, pairs: Mapping[tuple[str, int, str, int], Copy],
                    starts: Mapping[str, list[tuple[int, int]]], origin: Mapping[str, str],
                    docs: Mapping[str, Document], max_days: int = 2) -> Finding | None:
    ka, kb = _sentence_key(f.a, starts), _sentence_key(f.b, starts)
    if ka is None or kb is None:
        return None
    cp = pairs.get((f.a.doc, ka, f.b.doc, kb))
    if cp is None or cp.kind != "copy" or _place(f.a) != _place(f.b):
        return None
    if not _one_release(f.a.doc, f.b.doc, docs, max_days):
        return None  # a template reused by later reports: the matcher's reading stands
    src = origin.get(f.a.doc) or origin.get(f.b.doc)
    frm = f", copied from {src}" if src else ""
    evidence = " ".join(f.a.sentence.split())
    if f.verdict == "consistent":
        if any(e.type == "copy" for e in f.explanations):
            return f
        e = Explanation("copy", f"the same sentence{frm}, in both documents", evidence)
        return replace(f, explanations=(*f.explanations, e),
                       message=f.message + "; one sentence copied, one source")
    # a running figure updated between two dated versions of one wire story is an update
    if f.verdict == "explained" and _other_days(f, docs) and any(
            e.sufficient and e.type in ("update", "time") for e in f.explanations):
        e = Explanation("copy", f"the same sentence{frm}, updated in the later version",
                        evidence, sufficient=False)
        return replace(f, explanations=(*f.explanations, e))
    if (f.a.unit, f.a.surface_unit) != (f.b.unit, f.b.surface_unit):
        return None  # the copy changed the unit as well: an edit, not a mistyped figure
    oa, ob = _outlet(f.a, docs), _outlet(f.b, docs)
    detail = (f"the same sentence{frm}, has {' '.join(f.a.text.split())} in {oa} and "
              f"{' '.join(f.b.text.split())} in {ob}: a copying error in one of them")
    e = Explanation("copy_error", detail, evidence)
    ratio = f"{f.ratio:.2f}x apart; " if f.ratio else ""
    msg = (f"{' '.join(f.a.text.split())!r} vs {' '.join(f.b.text.split())!r}: {ratio}"
           f"the same sentence{frm} with another figure: a copying error")
    return replace(f, verdict="conflict", explanations=(e, *f.explanations), message=msg)


def _outlet(c: Claim, docs: Mapping[str, Document]) -> str:
    d = docs.get(c.doc)
    return (d.source or d.id) if d is not None else c.doc


def _changed(xs: Sequence[Claim], ys: Sequence[Claim]) -> int:
    """How many figures two copies of a sentence do not share (each figure of the longer
    list counts when they hold different numbers of figures)."""
    vx = [(c.value, c.low, c.high) for c in sorted(xs, key=lambda c: c.start)]
    vy = [(c.value, c.low, c.high) for c in sorted(ys, key=lambda c: c.start)]
    if len(vx) != len(vy):
        return max(len(vx), len(vy))
    return sum(x != y for x, y in zip(vx, vy, strict=True))


def _one_release(x: str, y: str, docs: Mapping[str, Document], max_days: int) -> bool:
    """Whether two documents can be copies of one release: undated, or dated at most
    ``max_days`` apart (a sentence reused months later is a template, not a copy)."""
    da, db = docs.get(x), docs.get(y)
    return not (da and db) or not _far_apart(da.date, db.date, max_days)


def _other_days(f: Finding, docs: Mapping[str, Document]) -> bool:
    da, db = docs.get(f.a.doc), docs.get(f.b.doc)
    return bool(da and db and da.date and db.date and da.date[:10] != db.date[:10])


def without_unlinked(report: Report, keep: set[str]) -> Report:
    """The report without the archived copies that joined no lineage group: an archive
    check reads every story sharing an anchor with the draft or its counterparts as a
    candidate copy; only those that copy one text with them belong in the report (besides
    ``keep`` and the documents of the findings)."""
    used = set(keep) | {c.doc for c in report.claims}
    used |= {d for f in report.findings for d in (f.a.doc, f.b.doc)}
    if report.lineage is not None:
        used |= {m for g in report.lineage.lineages for m in g.members}
    return replace(report, documents=tuple(d for d in report.documents if d.id in used))


def with_lineage(report: Report, rules: Rules | None = None, *,
                 involving: set[str] | None = None,
                 extra: Sequence[Document] = ()) -> Report:
    """A report with its lineage groups, and findings read through them (the post-pass).

    ``extra``: documents that take part in lineage only (an archive's copies of the draft)."""
    rules = rules or load_rules()
    if not enabled(rules):
        return report
    known = {d.id for d in report.documents}
    docs = list(report.documents) + [d for d in extra if d.id not in known]
    prints = None
    if report.linkable is not None:
        # documents sharing no anchor with another (an archive check tells from the stored
        # anchors) copy nothing of them: not fingerprinted, only credited (their agency)
        link = [d for d in docs if d.id in report.linkable]
        vec = True if len(link) >= BULK_DOCUMENTS else None
        prints = [fingerprint(d, rules, compact=True, vectorised=vec)
                  if d.id in report.linkable else Fingerprint(d.id, (), max(1, len(d.text)))
                  for d in docs]
    result = find_lineage(docs, rules, prints=prints)
    by_id = {d.id: d for d in docs}
    findings = apply_lineage(report.findings, result, by_id, report.claims, rules,
                             involving=involving)
    used = {m for g in result.lineages for m in g.members}
    added = tuple(d for d in extra if d.id not in known and d.id in used)
    return replace(report, documents=report.documents + added, findings=tuple(findings),
                   lineage=result)
