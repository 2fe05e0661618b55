"""Stage 6, context: what is measured (concept words), who says so (``attribution``), when
(time phrases) and where or of what (scope cues), read once per sentence by
``SentenceContext``."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from ..cache import compile_pattern as _compile
from ..dates import MONTHS
from ..units import singular
from .attribution import find_attributions
from .figure import Num
from .lexicon import DAYS
from .patterns import alternation
from .patterns import compiled as _rx

if TYPE_CHECKING:
    from .extractor import Extractor


# one end of a period in a time phrase: "mid-May", "May 16", "16 May", "September 2025"
_PERIOD_END = (
    rf"(?:(?:mid-|early\s+|late\s+)?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?!\d))?"
    rf"|\d{{1,2}}\s+(?:{MONTHS}))(?:,?\s+\d{{4}})?"
)
# ``re_word`` (r"[A-Za-z][A-Za-z'’-]*") keeping only its matches of three characters or more:
# the same words, since shorter runs have no longer match inside them
# concept words: letters (Unicode: "Vendôme", "Beschäftigte"), then letters, apostrophes or
# hyphens; three characters or more (the extractor's re_concept_word; ASCII view: [A-Za-z])
_CONCEPT_WORD_U = r"[^\W\d_](?:[^\W\d_]|['’-]){2,}"
_BRACKET_GAP = re.compile(r"\s*[(\[]\s*")  # "10 km (6 miles)": the gap before a restatement
SCOPE_REACH = 80  # characters between a scope cue and its number, at most
# a clause boundary. Written to start with one character class (the alternatives check what
# it was by looking behind), so re skips ahead to the next candidate character at C speed
_CLAUSE = re.compile(
    r"""[;:,.\s](?:(?<=[;:])                           # ";" or ":"
      |(?<=,)\s+(?:but|while|whereas|and|or)\b          # ", but", ", and"
      |(?<=\s)(?:but|while|whereas|and\ that|while)\s   # " while ", " and that "
      |(?<=[,.])\s+(?=[A-Z]))                           # ", " or ". " before a capital""",
    re.VERBOSE,
)
_FEW_SPANS = 8  # spans of a sentence read by one pass (more: indexed once, then bisected)


class ContextStage:
    """The context patterns and concept words (a mixin of the Extractor)."""

    def init_context(self) -> None:
        self.p.re_clause = _CLAUSE
        self.p.re_concept_word = _compile(_CONCEPT_WORD_U)

    def compile_context(self) -> None:
        """Time phrases, scope cues and "in X alone"."""
        # Lower-case words open every alternative (re rejects them at a glance where they
        # cannot start); a sentence's capitalised first word is tried lower-cased (time())
        self.p.re_time_phrase = _compile(
            rf"""(?<!\w)(?:\b(?:as\s+of|since|by|until|through|on|in|during|at\s+the\s+end\s+of|for)\s+
                 (?:(?:the\s+)?(?:first|second|third|fourth|final|last)\s+(?:quarter|half|week|month)
                    (?:\s+of\s+(?:\d{{4}}|the\s+year))?
                   |(?:{DAYS})(?:\s*\((?:{MONTHS})\.?\s+\d{{1,2}}\))?
                   |(?:mid-|early\s+|late\s+)?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?
                   |\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?
                   |(?:mid-|early\s+|late\s+)?\d{{4}}(?:\s*[-–]\s*\d{{2,4}})?
                   |(?:last|this|next)\s+(?:week|month|year|quarter|weekend|(?:{MONTHS})\b\.?))
               |\b(?:between|from)\s+{_PERIOD_END}\s+(?:and|to|until|through)\s+
                  (?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+)?{_PERIOD_END}
               |\b(?:last|this|next)\s+(?:week|month|year|quarter|weekend|(?:{MONTHS})\b\.?)
               |\b(?:yesterday|today|tonight)
               |\b(?:early\s+|late\s+)?(?:{DAYS})(?:\s+(?:morning|afternoon|evening|night))?\b
               |\b(?:a|one|two|three)\s+(?:day|week|month|year)s?\s+(?:earlier|ago|before)
               |\bQ[1-4]\s+\d{{4}}|\b[1-4]Q\s?\d{{2,4}})
            """,
            re.VERBOSE,
        )
        scope_alt = alternation(self.lex.scope_cues)
        self.p.re_scope = _compile(rf"(?<![\w-])(?:{scope_alt})(?![\w-])")
        self.p.re_alone = _compile(r"\b(?:in|for|at)\s+(?:[A-Z][\w'-]*\s*){1,4}alone\b")

    def concept_word(self, raw: str) -> tuple[str, ...]:
        """(word, key, "=group" or "") of a concept word, or () for a word that is no concept."""
        if len(self.concept_memo) > 20_000:
            self.concept_memo.clear()  # bounded: memory must not grow with the corpus
        w = raw.strip("'’-")
        lw = w.lower().removesuffix("'s").removesuffix("’s")
        if len(lw) < 3 or lw in self.lex.stopwords or lw in self.lex.function_words:
            return ()
        if lw in self.lex.bound_before or lw in self.lex.change_verbs:
            return ()
        w = w.removesuffix("'s").removesuffix("’s")
        if not w[0].islower():
            key = w.lower()
        elif self.lang is not None:
            key = self.lang.singular(w.lower())
        else:
            key = singular(w, self.lex.plural)
        return (w, key, self.group_key(key))

    def group_key(self, key: str) -> str:
        """"=group" of a concept key in rules/concepts.toml [groups], or ""."""
        g = self.lex.groups.get(key) or self.lex.groups.get(key + "s")
        return "=" + g if g else ""


class SentenceContext:
    """Attribution, time, scope and concept words of one sentence, computed once."""

    def __init__(self, ex: Extractor, sentence: str, low: str | None = None) -> None:
        self.ex = ex
        self.s = sentence
        self.low = sentence.lower() if low is None else low  # lower-cased once per sentence
        self._attr: list[tuple[int, int, str]] | None = None
        self._attr_index: _SpanIndex | None = None
        self._times: list[tuple[int, int, str]] | None = None
        self._scopes: list[tuple[int, int, str]] | None = None
        self._clauses: list[int] | None = None
        self._scope_starts: list[int] = []
        self._scope_len = 0
        self._time_starts: list[int] = []
        self._time_ends: list[int] = []
        self.figures: list[int] = []  # where the sentence's quantities start, ascending

    def clause(self, n: Num) -> tuple[int, int]:
        if self._clauses is None:
            self._clauses = [m.start() for m in self.ex.p.re_clause.finditer(self.s)]
        cl = self._clauses  # ascending: the boundaries around the number, found by bisection
        i = bisect_right(cl, n.start)
        a = cl[i - 1] if i else 0
        j = bisect_left(cl, n.end, i)
        b = cl[j] if j < len(cl) else len(self.s)
        return a, b

    def attribution(self, n: Num) -> str | None:
        if self._attr is None:
            found = find_attributions(self.ex, self.s, self.low)
            self._attr = [f for f in found if f[2]]
            self._attr_index = _SpanIndex(self._attr)
        if not self._attr:
            return None
        # the attribution nearest the number (the first found among equals)
        assert self._attr_index is not None
        return self._attr_index.nearest(n)

    def _figure_between(self, a: int, b: int) -> bool:
        """Whether another figure starts in s[a:b]; the same figure restated in brackets
        right after ("10 km (6 miles) on Monday") does not count."""
        s = self.s
        figures = self.figures  # ascending
        k = bisect_left(figures, a)
        while k < len(figures) and figures[k] < b:
            if not _BRACKET_GAP.fullmatch(s, a, figures[k]):
                return True
            k += 1
        return False

    def time(self, n: Num) -> str | None:
        if self._times is None:
            s = self.s
            rx = self.ex.p.re_time_phrase
            times = [(m.start(), m.end(), m.group().strip()) for m in rx.finditer(s)]
            if s[:1].isupper() and not (times and times[0][0] == 0):
                # "As of June 2019, ...", "Between mid-May and ...": the pattern's words are
                # lower case; the sentence's first word is read lower-cased
                m = rx.match(s[0].lower() + s[1:])
                if m is not None:  # it takes the place of what it covers ("Monday" in it)
                    times = [(0, m.end(), s[: m.end()].strip())] + [t for t in times if t[0] >= m.end()]
            self._times = times
            # the phrases do not overlap and are in text order: starts and ends both ascend
            self._time_starts = [t[0] for t in times]
            self._time_ends = [t[1] for t in times]
        times = self._times
        if not times:
            return None
        # only two phrases can win: the nearest ending before the number and the nearest
        # starting after it (any other is farther, and in the clause only if one of these is).
        # A phrase after the number dates it unless another figure comes first ("1,180 this
        # summer against 114 in the same period in 2024": 2024 dates the 114)
        i = bisect_right(self._time_ends, n.start) - 1
        j = bisect_left(self._time_starts, n.end)
        before = times[i] if i >= 0 else None
        after = times[j] if j < len(times) else None
        if after is not None and self._figure_between(n.end, after[0]):
            after = None
        cands = [t for t in (before, after) if t is not None]
        if not cands:
            return None
        a, b = self.clause(n)
        inside = [t for t in cands if a <= t[0] <= b]
        pool = inside or cands
        return min(pool, key=lambda t: _distance(t[0], t[1], n))[2]

    def scope(self, n: Num) -> str | None:
        if self._scopes is None:
            scopes: list[tuple[int, int, str]] = []
            for m in (self.ex.p.re_alone.finditer(self.s) if "alone" in self.s else ()):
                scopes.append((m.start(), m.end(), m.group()))
            alone = list(scopes)  # in text order, not overlapping
            alone_ends = [t[1] for t in alone]
            reach = -1  # the farthest end of the cues taken so far, which start before m
            for m in self.ex.p.re_scope.finditer(self.s):
                k = bisect_right(alone_ends, m.start())  # the first "alone" ending after it
                if m.start() < reach or k < len(alone) and alone[k][0] <= m.start():
                    continue
                end = m.end()
                cm = _rx(r"(?:\s+(?:or|and)\s+[\w-]+(?:\s+[\w-]+){0,3})?").match(self.s, end)
                if cm and cm.group().strip():
                    end = cm.end()
                scopes.append((m.start(), end, self.s[m.start() : end]))
                reach = max(reach, end)
            scopes.sort()
            self._scopes = scopes
            self._scope_starts = [t[0] for t in scopes]
            self._scope_len = max((t[1] - t[0] for t in scopes), default=0)
        if not self._scopes:
            return None
        a, b = self.clause(n)
        # in the number's clause and near it: "a popular weekend getaway" at the far end of
        # a long sentence says nothing about the distance at its start. Only the cues that
        # start within reach are looked at (found by bisection in the sorted list)
        near = self._scopes
        if len(near) > _FEW_SPANS:
            lo = bisect_left(self._scope_starts, n.start - SCOPE_REACH - self._scope_len)
            near = near[lo : bisect_right(self._scope_starts, n.end + SCOPE_REACH)]
        inside = [t for t in near if a <= t[0] <= b
                  and not (t[0] < n.end and n.start < t[1])
                  and _distance(t[0], t[1], n) <= SCOPE_REACH]
        if not inside:
            return None
        return "; ".join(t[2] for t in sorted(inside))

    def concept(self, n: Num) -> tuple[str | None, tuple[str, ...]]:
        a, b = self.clause(n)
        s = self.s
        words: list[str] = []
        wkeys: list[str] = []
        gkeys: list[str] = []
        memo = self.ex.concept_memo
        # only words of three letters or more can be concept words (``concept_word``); the
        # pattern has no look-around, so pos/endpos read exactly the words of the slices
        # s[max(a, start - 90):start] and s[end:min(b, end + 70)]
        findall = self.ex.p.re_concept_word.findall
        for raw in findall(s, max(a, n.start - 90), n.start) + findall(s, n.end, min(b, n.end + 70)):
            hit = memo.get(raw)
            if hit is None:
                hit = memo[raw] = self.ex.concept_word(raw)
            if hit:
                words.append(hit[0])
                wkeys.append(hit[1])
                if hit[2]:
                    gkeys.append(hit[2])
        if n.unit_kind == "count" and n.unit:
            wkeys.insert(0, n.unit)
            g = self.ex.group_key(n.unit)
            if g:
                gkeys.insert(0, g)
        kd = dict.fromkeys(wkeys)  # ordered, without repeats; then the keys' concept groups
        for g in gkeys:
            kd.setdefault(g)
        keys = list(kd)
        unit_word = n.surface_unit if n.unit_kind == "count" else None
        concept_words = ([unit_word] if unit_word else []) + words[-6:]
        concept = " ".join(dict.fromkeys(concept_words)) or None
        return concept, tuple(keys)


class _SpanIndex:
    """Spans (start, end, label) of a sentence, indexed once so that the one nearest a
    number (``_distance``; the first in the list among equals) is found by bisection, not by
    a pass over every span for every number (a sentence of thousands of "X said N kg")."""

    _OVERLAP_SCAN = 64  # spans looked at for one that covers the number

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans
        if len(spans) <= _FEW_SPANS:
            return
        order = sorted(range(len(spans)), key=lambda k: spans[k][0])
        self.by_start = order
        self.starts = [spans[k][0] for k in order]
        self.ends = sorted(sp[1] for sp in spans)
        self.max_end: list[int] = []  # the largest end among the spans up to each, by start
        top = -1
        for k in order:
            top = max(top, spans[k][1])
            self.max_end.append(top)
        self.at_start: dict[int, list[int]] = {}
        self.at_end: dict[int, list[int]] = {}
        for k, (a, b, _) in enumerate(spans):
            self.at_start.setdefault(a, []).append(k)
            self.at_end.setdefault(b, []).append(k)

    def nearest(self, n: Num) -> str | None:
        spans = self.spans
        if len(spans) <= _FEW_SPANS:  # a pass over a few is cheaper than bisection
            return min(spans, key=lambda f: _distance(f[0], f[1], n))[2] if spans else None
        cands: list[int] = []
        i = bisect_right(self.ends, n.start) - 1  # the nearest end at or before the number
        if i >= 0:
            cands.extend(self.at_end[self.ends[i]])
        j = bisect_left(self.starts, n.end)  # the nearest start at or after it
        if j < len(self.starts):
            cands.extend(self.at_start[self.starts[j]])
        if j > 0 and self.max_end[j - 1] > n.start:  # a span covers part of the number
            for p in range(j - 1, max(-1, j - 1 - self._OVERLAP_SCAN), -1):
                k = self.by_start[p]
                if spans[k][1] > n.start:
                    cands.append(k)
        if not cands:
            return None
        best = min(cands, key=lambda k: (_distance(spans[k][0], spans[k][1], n), k))
        return spans[best][2]


def _distance(a: int, b: int, n: Num) -> int:
    if b <= n.start:
        return n.start - b
    if a >= n.end:
        return a - n.end
    return 0
