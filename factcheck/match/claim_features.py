"""What one claim measures, computed once per claim: ``ClaimFeatures``.

The readers here look at the claim's own sentence (and its document's date) only: the
measure word the number hangs on, the concept group of the nearest cue word (dead, injured,
reserves ...), the named subjects of its clause, the years and "as of" dates, the forecast,
past, "alone", several-places and running-count cues. Everything that depends on the other
figures of a run (word rarity, the run's latest year) lives in :class:`RunContext`, built
once per run and passed explicitly: nothing here keeps per-run state.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..dates import WEEKDAYS
from ..models import Claim, Document
from ..rules import Rules, phrases
from ..units import unit_table
from .text import (
    MONTH_NAMES,
    YEAR,
    Spelling,
    another_figure,
    letters_re,
    norm_entity,
    sentence_tokens,
    stem,
    word_re,
)
from .values import significant_digits

_CAP_RUN = re.compile(
    r"\b[A-Z][A-Za-z'’.&-]*[A-Za-z.](?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][A-Za-z'’.&-]*[A-Za-z.])*"
)
# the same for text that is not ASCII: capitals of the Latin alphabets of news (À-Þ), then
# any letters ("Zürich", "Élysée", "São Paulo")
_UP = "A-ZÀ-ÖØ-Þ"
_CAP_RUN_U = re.compile(
    rf"\b[{_UP}](?:[^\W\d_]|['’.&-])*(?:[^\W\d_]|\.)(?:\s+(?:of\s+|for\s+|the\s+)?"
    rf"[{_UP}](?:[^\W\d_]|['’.&-])*(?:[^\W\d_]|\.))*"
)


def _cap_run(text: str) -> re.Pattern[str]:
    return _CAP_RUN if text.isascii() else _CAP_RUN_U

# the place a distance is measured from: "65 km southeast of Ryazan"
_ANCHOR = re.compile(
    r"^[\s)]*(?:\([^)]*\)[\s)]*)?(?:[a-z-]+\s+){0,2}(?:of|from)\s+"
    r"(?:the\s+(?:city|town|village|capital|island|region|province|state)\s+of\s+)?(?:the\s+)?"
    r"([A-Z][\w'’-]+)"
)
_DAY = re.compile(rf"\b(?:{WEEKDAYS}|yesterday|today|tonight|overnight)\b", re.IGNORECASE)
_ALONE = re.compile(r"\balone\b")
SUBJECT_REACH = 90  # characters before a figure in which the name it is about is read
SUBJECT_AFTER = 30  # ... and after it ("43 catches for Allen")
# "39-year-old Troy man": the words after an age that name its holder
_HOLDER_AFTER = re.compile(r"[\s-]*(?:year|month)?s?[\s-]*(?:old)?\s+([A-Za-z]+)(?:\s+([a-z]+))?")
# "the gunman, aged 38", "Hale, 38,": the word before
_HOLDER_BEFORE = re.compile(r"([A-Za-z]+)(?:,\s*|\s+)(?:aged\s+|age\s+)?$")
NEAR_WINDOW = 400  # characters around a number whose words describe it
_PLACES_REACH = 70  # characters after a figure in which its multi-place coverage is read


class Lexicon:
    """The vocabularies the readers use, read once from rules/ (concepts.toml, cues.toml)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        concepts = rules.concepts
        self.group_of: dict[str, str] = {}
        for key, words in concepts.get("groups", {}).items():
            for w in words:
                self.group_of.setdefault(w.lower(), key)
        self.organisations = frozenset(concepts.get("organisations", {}).get("words", []))
        self.unit_class: dict[str, str] = {}
        for key, words in concepts.get("unit_classes", {}).items():
            for w in words:
                self.unit_class[w] = key
        self.re_places = _places_pattern(concepts.get("coverage", {}).get("places", []))
        self.exclusive: tuple[frozenset[str], ...] = tuple(
            frozenset(s) for s in concepts.get("exclusive", {}).get("sets", [])
        )
        stopwords = concepts["stopwords"]
        # unit words and the words linking a measure word to its number: concepts.toml
        self.unit_words = frozenset(stopwords["units"])
        self.links = frozenset(stopwords["links"])
        self.stopwords = frozenset(stopwords["words"]) | self.unit_words
        # capitalised words that are no name (concepts.toml [entities]), days and months
        self.not_entity = (frozenset(concepts["entities"]["not_entity"])
                           | frozenset(WEEKDAYS.split("|")) | MONTH_NAMES)
        # "32 quakes recorded in and around The Geysers": a name after a place preposition
        # (concepts.toml [entities] place_before) is where, not what the figure is about
        self.re_place_before = re.compile(
            rf"\b(?:{_alternation(concepts['entities']['place_before'])})\s+(?:the\s+)?$",
            re.IGNORECASE)
        spelling = concepts.get("spelling", {})
        self.spelling: Spelling = (
            int(spelling["min_length"]),
            tuple(sorted(((b, a) for b, a in spelling.get("endings", [])),
                         key=lambda e: len(e[0]), reverse=True)),
        )
        cues = rules.cues
        never = re.compile(r"(?!)")
        # a figure of the year (or season) before the one reported on: cues.toml [past]
        self.re_past = phrases(cues.get("past", {}).get("cues", [])) or never
        # the period a figure covers: a quarter or a whole year (cues.toml [period])
        period = cues.get("period", {})
        self.re_quarter = phrases(period.get("quarter", [])) or never
        self.re_year_period = phrases(period.get("year", [])) or never
        # a market quote: a figure of its trading day (cues.toml [market])
        self.re_market = phrases(cues.get("market", {}).get("cues", [])) or never
        # a count that grows as reports come in (tolls, cases): cues.toml [running]
        self.re_running = phrases(cues.get("running", {}).get("cues", [])) or never
        baseline = cues.get("baseline", {})
        before = "|".join(re.escape(w) for w in sorted(baseline.get("before", []), key=len,
                                                        reverse=True)) or "(?!)"
        after = "|".join(re.escape(w) for w in sorted(baseline.get("after", []), key=len,
                                                       reverse=True)) or "(?!)"
        # the comparison point of another figure: cues.toml [baseline]
        self.re_baseline_before = re.compile(rf"\b(?:{before})\s+(?:the\s+|a\s+|an\s+)?[^\d]{{0,12}}$",
                                             re.IGNORECASE)
        self.re_baseline_after = re.compile(rf"^\W{{0,3}}(?:\w+\W+){{0,3}}?(?:{after})\b", re.IGNORECASE)
        forecast = sorted(cues["forecast"]["cues"], key=len, reverse=True)
        # a cue that is also a month ("may") counts only in lower case: "May 16" is a date
        self.re_forecast = re.compile(
            r"\b(?:" + "|".join(f"(?-i:{re.escape(c)})" if c.capitalize() in MONTH_NAMES
                                 else re.escape(c) for c in forecast) + r")\b",
            re.IGNORECASE,
        )
        self._rates = unit_table(rules)

    def dim_class(self, c: Claim) -> str:
        """The class of figures a claim can be compared with at all."""
        d = c.dimension or "count"
        if d == "count" and c.unit == "magnitude":
            return "magnitude"  # "7.2 magnitude" read as a count of magnitudes
        if d in ("percent", "percentage_point"):
            return "percent"
        if d.startswith("currency"):
            # amounts (and rates, "$85 a barrel") pair only in the same currency, unless
            # rules/units.toml [rates] gives a rate for both (compare then names the table)
            code = (c.si_unit or c.unit or "").split(" / ")[0]
            per = d[len("currency"):]
            if code and self._rates.rate(code) is not None:
                code = "rated"
            return f"currency:{code}{per}"
        if d == "unknown":
            return "unknown:" + (c.unit or "")
        return d

    # -- readers of one claim ---------------------------------------------------------------
    def group(self, c: Claim) -> str | None:
        """The concept group of the cue word nearest the number (dead, injured, ...)."""
        best: tuple[int, str] | None = None
        rel_a = c.start - c.sentence_start
        rel_b = c.end - c.sentence_start
        if c.unit and c.dimension == "count":
            g = self.group_of.get(c.unit) or self.group_of.get(c.unit + "s")
            if g:
                return g
            if self.unit_class.get(c.unit) != "person":
                return None  # "10 houses": the noun says what is counted
        window_start = max(0, rel_a - 80)
        for m in letters_re(c.sentence).finditer(c.sentence, window_start, rel_b + 80):
            if m.group()[0].isupper() and m.start() > 0:
                continue  # "North American" is a name, not a direction
            g = self.group_of.get(m.group().lower())
            if g is None:
                continue
            if m.start() >= rel_b:
                dist = m.start() - rel_b
                between = c.sentence[rel_b : m.start()]
            elif m.end() <= rel_a:
                dist = rel_a - m.end()
                between = c.sentence[m.end() : rel_a]
            else:
                dist = 0
                between = ""
            if re.search(r"[;.]|\band\b|\bwhile\b|\bbut\b", between) and dist > 0:
                dist += 60
            if m.start() >= rel_b and another_figure(between):
                continue  # "750 girls at the camp, 23 are unaccounted for": the 23's cue
            if dist > 70:
                continue
            if best is None or dist < best[0]:
                best = (dist, g)
        return best[1] if best else None

    def entities(self, c: Claim) -> frozenset[str]:
        """Capitalised names in the clause around the number, without the attribution."""
        rel = c.start - c.sentence_start
        s = c.sentence
        left = max(s.rfind(";", 0, rel), s.rfind(" but ", 0, rel), s.rfind(" while ", 0, rel))
        rights = [i for i in (s.find(";", rel), s.find(" but ", rel), s.find(" while ", rel))
                  if i >= 0]
        right = min(rights) if rights else len(s)
        left = max(left, rel - 200)
        right = min(right, rel + 200)
        clause = s[max(0, left) : right]
        attr = set((c.attribution or "").split())
        out = set()
        for run in _cap_run(clause).finditer(clause):
            words = run.group().split()
            if any(w.rstrip(".,") in self.organisations for w in words):
                continue  # "U.S. Geological Survey", "Reuters": who says it, not what it is about
            pos = max(0, left) + run.start()
            for i, w in enumerate(words):
                w = w.rstrip(".,")
                if i == 0 and (pos == 0 or s[pos - 2 : pos] in ('" ', "“", '"')):
                    continue  # the first word of a sentence or quote is capitalised anyway
                if w.lower() in self.unit_words:
                    continue
                if w in self.not_entity or w in attr or len(w) < 3:
                    continue
                out.add(norm_entity(w))
        return frozenset(out)

    def subject(self, c: Claim) -> frozenset[str]:
        """The name a figure is about: the nearest capitalised name before it in its clause
        (within SUBJECT_REACH characters, no other figure between), else one right after it
        ("43 catches for Allen"); never its source. "Pelosi won 60 percent" -> {pelosi}."""
        rel = c.start - c.sentence_start
        end = c.end - c.sentence_start
        s = c.sentence
        left = max(s.rfind(";", 0, rel), s.rfind(" but ", 0, rel), s.rfind(" while ", 0, rel),
                   rel - SUBJECT_REACH)
        attr = set((c.attribution or "").split())

        def names(lo: int, hi: int) -> list[tuple[int, frozenset[str]]]:
            out = []
            for run in _cap_run(s).finditer(s, max(0, lo)):
                if run.start() >= hi:
                    break
                words = run.group().split()
                if run.start() == 0 and len(words) == 1 and s[run.end() : run.end() + 1] == ",":
                    continue  # "Altogether, 23 quakes": an opening adverb, not a name
                if any(w.rstrip(".,") in self.organisations for w in words):
                    continue
                kept = []
                for i, w in enumerate(words):
                    w = w.rstrip(".,")
                    pos = run.start()
                    if i == 0 and (pos == 0 or s[pos - 2 : pos] in ('" ', "“", '"')) \
                            and w in self.not_entity:
                        continue
                    if w in self.not_entity or w in attr or len(w) < 2 \
                            or w.lower() in self.unit_words:
                        continue
                    kept.append(norm_entity(w))
                if kept:
                    out.append((run.start(), frozenset(kept)))
            return out

        before = [(p, n) for p, n in names(left, rel) if not another_figure(s[p:rel])]
        if before:
            return before[-1][1]
        after = names(end, min(len(s), end + SUBJECT_AFTER))
        if after and not another_figure(s[end : after[0][0]]) and not re.search(
                r"[;.]", s[end : after[0][0]]) and not self.re_place_before.search(s[end : after[0][0]]):
            return after[0][1]
        return frozenset()

    def period(self, c: Claim) -> str | None:
        """"quarter" or "year" when the words around the figure (50 characters each side,
        no other figure between) say which period it covers, and only one does."""
        rel, end = c.start - c.sentence_start, c.end - c.sentence_start
        s = c.sentence
        # words after the figure first ("$1 per share in the fourth quarter"), else before
        # it ("fourth-quarter earnings of $1.05"); never across another figure
        for lo, hi, after in ((end, min(len(s), end + 50), True), (max(0, rel - 50), rel, False)):
            found = set()
            for rx, name in ((self.re_quarter, "quarter"), (self.re_year_period, "year")):
                for m in rx.finditer(s, lo, hi):
                    between = s[end:m.start()] if after else s[m.end():rel]
                    if not another_figure(between):
                        found.add(name)
                        break
            if found:
                return found.pop() if len(found) == 1 else None
        return None

    def holder(self, c: Claim) -> frozenset[str]:
        """Whose age an age is: the name it is about and the person nouns beside it ("the
        39-year-old gunman", "the gunman, aged 38", "Hale, 38,"). Empty for other figures."""
        if c.role != "age":
            return frozenset()
        rel = c.start - c.sentence_start
        end = c.end - c.sentence_start
        s = c.sentence
        out = set(self.subject(c))
        m = _HOLDER_AFTER.match(s, end)
        if m:
            out.update(w.lower() for w in m.groups() if w)
        m = _HOLDER_BEFORE.search(s[max(0, rel - 40) : rel])
        if m:
            out.add(norm_entity(m.group(1)))
        return frozenset(w for w in out if w not in self.stopwords)

    def groups_near(self, c: Claim) -> frozenset[str]:
        """Every concept group named in the clause around the number."""
        rel_a = c.start - c.sentence_start
        window = c.sentence[max(0, rel_a - 120) : c.end - c.sentence_start + 120]
        return frozenset(
            g for m in re.finditer(r"[a-z]+", window) if (g := self.group_of.get(m.group()))
        )

    def years(self, c: Claim, doc: Document | None) -> tuple[frozenset[str], bool, bool]:
        """Years the figure refers to, whether they are 'as of' dates (running totals), and
        whether it is dated only as "last year" / "last summer" in an undated document (a
        past year that cannot be named)."""
        rel = c.start - c.sentence_start
        end = c.end - c.sentence_start
        # the clause around the number; a year earlier in a short sentence still dates it.
        # A year after it dates it unless another figure comes first: "1,180 died this
        # summer, against 114 in the same period in 2024" dates the 114, not the 1,180
        lo = max(0, rel - 160)
        clause = c.sentence[lo : rel + 80]
        found = set(YEAR.findall(c.time or ""))
        for m in YEAR.finditer(clause):
            a = lo + m.start()
            if a < end or not another_figure(c.sentence[end:a]):
                found.add(m.group(1))
        as_of = bool(c.time and c.time.lower().startswith("as of")) or "as of" in clause.lower()
        past = any(
            lo + m.start() < end or not another_figure(c.sentence[end : lo + m.start()])
            for m in self.re_past.finditer(clause)
        )
        if past and doc is not None and doc.date and doc.date[:4].isdigit():
            # counted back from the document's date
            found.add(str(int(doc.date[:4]) - 1))
            past = False
        return frozenset(found), as_of, past

    def head(self, c: Claim) -> str | None:
        """The measure word the number is attached to: "depth of 20.7 km" -> depth,
        "placed the death toll at five" -> toll, "1,180 lives" -> life."""
        rel = c.start - c.sentence_start
        words = word_re(c.sentence).findall(c.sentence[max(0, rel - 60) : rel])
        skipped = 0
        for w in reversed(words):
            lw = w.lower()
            if lw in self.links or lw in self.stopwords:
                skipped += 1
                if skipped > 4:
                    return None
                continue
            if lw.endswith(("ed", "ing", "ly")) and lw not in self.group_of:
                return None  # a verb: "killed 11" has no measure word before it
            return stem(lw, self.spelling)
        return None

    def is_forecast(self, c: Claim) -> bool:
        rel = c.start - c.sentence_start
        window = c.sentence[max(0, rel - 35) : rel]
        window = re.split(r"[,;:]", window)[-1]
        return bool(self.re_forecast.search(window))

    def near_words(self, c: Claim) -> list[tuple[float, str]]:
        """(distance to the number, stemmed word) for each content word of the sentence; a
        clause break (";", ", but", "while") in between adds 200 characters."""
        tokens, breaks, starts = sentence_tokens(c.sentence, self.stopwords, self.spelling)
        rel_a = c.start - c.sentence_start
        rel_b = c.end - c.sentence_start
        out = []
        # words more than NEAR_WINDOW characters away weigh little: skip them, which also
        # keeps a 5 MB line without a full stop linear
        lo_i = bisect.bisect_left(starts, rel_a - NEAR_WINDOW)
        hi_i = bisect.bisect_right(starts, rel_b + NEAR_WINDOW)
        for ws, we, st in tokens[lo_i:hi_i]:
            if rel_a <= ws < rel_b:
                continue
            if we <= rel_a:
                lo, hi, dist = we, rel_a, rel_a - we
            else:
                lo, hi, dist = rel_b, ws, ws - rel_b
            i = bisect.bisect_left(breaks, lo)
            if i < len(breaks) and breaks[i] < hi:
                dist += 200
            out.append((dist, st))
        return out

    def anchor(self, c: Claim) -> str | None:
        """The place a distance is measured from: "65 km southeast of Ryazan" -> ryazan."""
        if c.dimension != "[length]":
            return None
        rel = c.end - c.sentence_start
        m = _ANCHOR.match(c.sentence[rel : rel + 120])
        return norm_entity(m.group(1)) if m else None

    def is_baseline(self, c: Claim) -> bool:
        """Whether the figure is another's point of comparison: "up from 6.1%", "compared
        with 4.5% a year earlier" (cues.toml [baseline])."""
        rel_a = c.start - c.sentence_start
        rel_b = c.end - c.sentence_start
        before = c.sentence[max(0, rel_a - 30) : rel_a]
        if self.re_baseline_before.search(before):
            return True
        after = c.sentence[rel_b : rel_b + 40]
        m = self.re_baseline_after.search(after)
        return m is not None and not another_figure(after[: m.start()])

    def places(self, c: Claim) -> str | None:
        """The places a figure covers when it names several: "across 12 European cities" ->
        "12 cities"; None for a figure of one place or none named (read up to another
        figure)."""
        rel = c.end - c.sentence_start
        after = c.sentence[rel : rel + _PLACES_REACH]
        m = self.re_places.search(after)
        if m is None or another_figure(after[: m.start()]):
            return None
        return f"{m.group(1).lower()} {m.group(2).lower()}"


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def _places_pattern(places: Sequence[str]) -> re.Pattern[str]:
    """A figure's coverage of several places: "across 12 European cities", "in 13 countries"
    (the place nouns from rules/concepts.toml [coverage])."""
    nouns = "|".join(re.escape(p) for p in places) or "(?!)"
    return re.compile(
        r"\b(?:across|in|from|throughout)\s+(?:(\d[\d,]*|two|three|four|five|six|seven|eight|"
        rf"nine|ten|eleven|twelve|a dozen|dozens of|several|many)\s+)(?:[A-Za-z-]+\s+)?({nouns})\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=4096)
def doc_year(doc: Document | None) -> str:
    """The year a document reports on: its date, else the latest year it mentions."""
    if doc is None:
        return ""
    if doc.date:
        return doc.date[:4]
    years = YEAR.findall((doc.title or "") + " " + doc.text[:20000])
    return max(years) if years else ""


@dataclass(frozen=True, slots=True, eq=False)
class ClaimFeatures:
    """What one quantity claim measures, read once; the input of :func:`pair_features`."""

    claim: Claim
    dim: str  # the class of figures it can be compared with ("count", "[length]", ...)
    keys: tuple[str, ...]  # content words of its clause, nearest the number first (<= 8)
    wkeys: Mapping[str, float]  # every content word, weighted by closeness to the number
    group: str | None  # concept group of the nearest cue word (dead, injured, reserves)
    groups: frozenset[str]  # every concept group named around it
    entities: frozenset[str]  # named subjects of its clause (not its source)
    subject: frozenset[str]  # the name nearest before it: what the figure is about
    holder: frozenset[str]  # for an age, whose age it is (names and person nouns)
    head: str | None  # the measure word it hangs on ("toll", "depth")
    years: frozenset[str]  # years it refers to
    as_of: bool  # an "as of" date: a running total
    past: bool  # "last year", "last summer" in an undated document
    running: bool  # a count that grows as reports come in (toll, cases)
    forecast: bool  # "is expected to", "could reach"
    daily: bool  # a day's move or a figure of a named weekday
    market: bool  # a market quote (share price, index level): a figure of its trading day
    period: str | None  # "quarter" | "year" when the clause says which period it covers
    date: str | None  # the document's date
    doc_year: str
    alone: bool  # "in Manitoba alone": a part
    places: str | None  # "12 cities": a figure covering several places
    anchor: str | None  # the place a distance is measured from
    baseline: bool  # another figure's point of comparison ("up from 6.1%")
    headline: bool  # in the headline (first paragraph, short, no full stop)
    sig_digits: int
    unit_class: str | None  # person, building ... for counted nouns
    story: tuple[str, int] = field(default=("", 0))  # (document, story) for story overlap


def claim_features(c: Claim, doc: Document | None, lex: Lexicon) -> ClaimFeatures:
    """Read what ``c`` measures, once."""
    near = lex.near_words(c)
    keys: list[str] = []
    wkeys: dict[str, float] = {}
    if c.dimension == "count" and c.unit:
        keys.append(stem(c.unit, lex.spelling))
        wkeys[keys[0]] = 1.0
    for _d, w in sorted(near):
        if w not in keys:
            keys.append(w)
        if len(keys) >= 8:
            break
    for dist, k in near:
        weight = round(1.0 / (1.0 + dist / 40.0), 3)
        if weight > wkeys.get(k, 0.0):
            wkeys[k] = weight
    years, as_of, past = lex.years(c, doc)
    rel = c.start - c.sentence_start
    return ClaimFeatures(
        claim=c,
        dim=lex.dim_class(c),
        keys=tuple(keys),
        wkeys=wkeys,
        group=lex.group(c),
        groups=lex.groups_near(c),
        entities=lex.entities(c),
        subject=lex.subject(c),
        holder=lex.holder(c),
        head=lex.head(c),
        years=years,
        as_of=as_of,
        past=past,
        running=lex.re_running.search(c.sentence[max(0, rel - 60) : c.end - c.sentence_start + 60])
        is not None,
        forecast=lex.is_forecast(c),
        daily=c.change is not None or bool(c.time and _DAY.search(c.time)),
        market=lex.re_market.search(c.sentence[max(0, rel - 60) : c.end - c.sentence_start])
        is not None,
        period=lex.period(c),
        date=doc.date if doc else None,
        doc_year=doc_year(doc),
        alone=bool(c.scope and _ALONE.search(c.scope)),
        places=lex.places(c),
        anchor=lex.anchor(c),
        baseline=lex.is_baseline(c),
        headline=c.paragraph == 0 and len(c.sentence) < 140
        and not c.sentence.rstrip().endswith((".", "!", "?", '"', "”")),
        sig_digits=significant_digits(c),
        unit_class=lex.unit_class.get(c.unit or "") if c.dimension == "count" else None,
        story=(c.doc, c.story),
    )


@dataclass(frozen=True, slots=True)
class RunContext:
    """What a run knows beyond each claim: how rare each context word is among the figures
    compared, the latest year of the run's documents, and each story's vocabulary."""

    idf: Mapping[str, float]
    idf_default: float
    run_year: str
    story_words: Mapping[tuple[str, int], frozenset[str]]
    texts: Mapping[str, str] = field(default_factory=dict)  # document id -> its text

    @staticmethod
    def build(
        feats: Iterable[ClaimFeatures],
        docs: Iterable[Document],
        story_words: Mapping[tuple[str, int], frozenset[str]],
    ) -> RunContext:
        df: dict[str, int] = defaultdict(int)
        n = 0
        for f in feats:
            n += 1
            for w in f.wkeys:
                df[w] += 1
        n = max(1, n)
        idf = {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}
        docs = list(docs)
        run_year = max((doc_year(d) for d in docs), default="")
        return RunContext(idf, math.log(n + 1) + 1.0, run_year, story_words,
                          {d.id: d.text for d in docs})

    def cosine(self, a: Mapping[str, float], b: Mapping[str, float]) -> float:
        """Cosine of two clauses' words, weighted by closeness and rarity (idf)."""
        if not a or not b:
            return 0.0
        idf, dflt = self.idf, self.idf_default
        va = {w: x * idf.get(w, dflt) for w, x in a.items()}
        vb = {w: x * idf.get(w, dflt) for w, x in b.items()}
        dot = sum(x * vb[w] for w, x in va.items() if w in vb)
        if not dot:
            return 0.0
        na = math.sqrt(sum(x * x for x in va.values()))
        nb = math.sqrt(sum(x * x for x in vb.values()))
        return dot / (na * nb)
