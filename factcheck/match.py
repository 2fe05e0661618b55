"""Pair the claims that state the value of the same quantity.

Two claims are paired when they measure the same kind of thing (compatible dimension and
counted noun, the same concept group such as dead/killed/lives, similar concept words), about
the same subject (place or entity), in related stories, and are not one of the known
distractors: another event or year, a subtotal ("in Manitoba alone"), a forecast against an
actual figure, injured against dead.

Blocking keeps the cost proportional to the number of candidate pairs: claims are grouped by
(dimension class, concept key) and only claims sharing a block are compared.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .extract import MONTHS
from .models import Claim, Document
from .rules import Rules, load_rules, phrases
from .units import unit_table

_CAP_RUN = re.compile(r"\b[A-Z][A-Za-z'’.&-]*[A-Za-z.](?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][A-Za-z'’.&-]*[A-Za-z.])*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# a figure between a year and a claim (days of dates, "May 16", do not count)
_OTHER_FIGURE = re.compile(r"(?<![\w.,])\d[\d,.]*(?![\w])")
_DATE_DAY = re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\b")
_NOT_ENTITY = frozenset(
    """A An The This That These Those It Its In On At For From By With And Or But As
    According Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Jan Feb Mar Apr
    Jun Jul Aug Sep Sept Oct Nov Dec He She They We I His Her Their There Here When While
    After Before Since Some Both Last Next Mr Mrs Ms Dr President Prime Minister Officials
    One Two Three Four Five Six Seven Eight Nine Ten However Meanwhile Also Still Yet""".split()
)
_ANCHOR = re.compile(
    r"^[\s)]*(?:\([^)]*\)[\s)]*)?(?:[a-z-]+\s+){0,2}(?:of|from)\s+"
    r"(?:the\s+(?:city|town|village|capital|island|region|province|state)\s+of\s+)?(?:the\s+)?"
    r"([A-Z][\w'’-]+)"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_RE_THEN = re.compile(r"\b(?:then|later|updated|revised|raised|lowered|corrected|before)\b")
_DAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|"
                  r"today|tonight|overnight)\b", re.IGNORECASE)
COSINE_SCALE = 100.0
NEAR_WINDOW = 400  # characters around a number whose words describe it
MAX_BLOCK = 400  # a larger block (repeated text) pairs each claim with its neighbours only
BLOCK_WINDOW = 12
CLOSE_RATIO = 1.5
CLOSE_BONUS = 20.0
_LINKS = frozenset(
    """of at to by was is are were be stood stands stand put puts placed totalled totaled
    totalling totaling reached hit about around some nearly almost roughly approximately over
    more than less under least as many much up estimated an a the its their his her""".split()
)
_UNIT_WORDS = frozenset(
    """celsius fahrenheit degrees degree percent per cent metres meters kilometres kilometers
    miles mile tons tonnes tonne ton km kilometre kilometer metre meter""".split()
)


@dataclass(frozen=True)
class Candidate:
    a: Claim
    b: Claim
    score: float


class Matcher:
    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self.last_rejection = 0  # the rule that refused the last pair scored (debugging)
        self._run_year = ""  # the latest year of the documents of the current pair() run
        concepts = self.rules.concepts
        self.group_of: dict[str, str] = {}
        for key, words in concepts.get("groups", {}).items():
            for w in words:
                self.group_of.setdefault(w.lower(), key)
        # keyed by id and text: another run may reuse a document id for another text
        self._doc_years: dict[tuple[str, int], str] = {}
        self.organisations = frozenset(concepts.get("organisations", {}).get("words", []))
        self.unit_class: dict[str, str] = {}
        for key, words in concepts.get("unit_classes", {}).items():
            for w in words:
                self.unit_class[w] = key
        self.re_places = _places_pattern(concepts.get("coverage", {}).get("places", []))
        self.exclusive: list[frozenset[str]] = [
            frozenset(s) for s in concepts.get("exclusive", {}).get("sets", [])
        ]
        m = self.rules.tolerances["match"]
        self.min_score = float(m["min_score"])
        self.same_doc_min_score = float(m["same_doc_min_score"])
        self.min_story_overlap = float(m.get("min_story_overlap", 0.12))
        self.max_days_apart = int(m.get("max_days_apart", 7))
        # across articles, figures further apart than this need the same measure word
        self.far_apart = float(m.get("far_apart", 10))
        self.stopwords = frozenset(concepts.get("stopwords", {}).get("words", [])) | _UNIT_WORDS
        spelling = concepts.get("spelling", {})
        self.spelling: _Spelling = (
            int(spelling.get("min_length", 6)),
            tuple(sorted(((b, a) for b, a in spelling.get("endings", [])),
                         key=lambda e: len(e[0]), reverse=True)),
        )
        cues = self.rules.cues
        # a figure of the year (or season) before the one reported on: cues.toml [past]
        self.re_past = phrases(cues.get("past", {}).get("cues", [])) or re.compile(r"(?!)")
        # a count that grows as reports come in (tolls, cases): cues.toml [running]
        self.re_running = phrases(cues.get("running", {}).get("cues", [])) or re.compile(r"(?!)")
        self.forecast = sorted(self.rules.cues["forecast"]["cues"], key=len, reverse=True)
        # a cue that is also a month ("may") counts only in lower case: "May 16" is a date
        self.re_forecast = re.compile(
            r"\b(?:" + "|".join(f"(?-i:{re.escape(c)})" if c.capitalize() in _MONTH_NAMES
                                 else re.escape(c) for c in self.forecast) + r")\b",
            re.IGNORECASE,
        )

    # -- features -------------------------------------------------------------------------
    def dim_class(self, c: Claim) -> str:
        d = c.dimension or "count"
        if d in ("percent", "percentage_point"):
            return "percent"
        if d.startswith("currency"):
            # amounts (and rates, "$85 a barrel") pair only in the same currency, unless
            # rules/units.toml [rates] gives a rate for both (compare then names the table)
            code = (c.si_unit or c.unit or "").split(" / ")[0]
            per = d[len("currency"):]
            if code and unit_table(self.rules).rate(code) is not None:
                code = "rated"
            return f"currency:{code}{per}"
        if d == "unknown":
            return "unknown:" + (c.unit or "")
        return d

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
        for m in _LETTERS.finditer(c.sentence, window_start, rel_b + 80):
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
            if m.start() >= rel_b and _another_figure(between):
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
        right_candidates = [i for i in (s.find(";", rel), s.find(" but ", rel), s.find(" while ", rel)) if i >= 0]
        right = min(right_candidates) if right_candidates else len(s)
        left = max(left, rel - 200)
        right = min(right, rel + 200)
        clause = s[max(0, left) : right]
        attr = set((c.attribution or "").split())
        out = set()
        for run in _CAP_RUN.finditer(clause):
            words = run.group().split()
            if any(w.rstrip(".,") in self.organisations for w in words):
                continue  # "U.S. Geological Survey", "Reuters": who says it, not what it is about
            pos = max(0, left) + run.start()
            for i, w in enumerate(words):
                w = w.rstrip(".,")
                if i == 0 and (pos == 0 or s[pos - 2 : pos] in ('" ', "“", '"')):
                    continue  # the first word of a sentence or quote is capitalised anyway
                if w.lower() in _UNIT_WORDS:
                    continue
                if w in _NOT_ENTITY or w in attr or len(w) < 3:
                    continue
                out.add(_norm_entity(w))
        return frozenset(out)

    def groups_near(self, c: Claim) -> frozenset[str]:
        """Every concept group named in the clause around the number."""
        rel_a = c.start - c.sentence_start
        window = c.sentence[max(0, rel_a - 120) : c.end - c.sentence_start + 120]
        return frozenset(
            g for m in re.finditer(r"[a-z]+", window) if (g := self.group_of.get(m.group()))
        )

    def years(self, c: Claim, doc: Document | None) -> tuple[set[str], bool, bool]:
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
        found = set(_YEAR.findall(c.time or ""))
        for m in _YEAR.finditer(clause):
            a = lo + m.start()
            if a < end or not _another_figure(c.sentence[end:a]):
                found.add(m.group(1))
        as_of = bool(c.time and c.time.lower().startswith("as of")) or "as of" in clause.lower()
        past = any(
            lo + m.start() < end
            or not _another_figure(c.sentence[end : lo + m.start()])
            for m in self.re_past.finditer(clause)
        )
        if past and doc is not None and doc.date and doc.date[:4].isdigit():
            # counted back from the document's date; a year guessed from the text (the
            # latest it mentions) may itself be last year's
            found.add(str(int(doc.date[:4]) - 1))
            past = False
        return found, as_of, past

    def head(self, c: Claim) -> str | None:
        """The measure word the number is attached to: "depth of 20.7 km" -> depth,
        "placed the death toll at five" -> toll, "1,180 lives" -> life."""
        rel = c.start - c.sentence_start
        words = _WORD.findall(c.sentence[max(0, rel - 60) : rel])
        skipped = 0
        for w in reversed(words):
            lw = w.lower()
            if lw in _LINKS or lw in self.stopwords:
                skipped += 1
                if skipped > 4:
                    return None
                continue
            if lw.endswith(("ed", "ing", "ly")) and lw not in self.group_of:
                return None  # a verb: "killed 11" has no measure word before it
            return _stem(lw, self.spelling)
        return None

    def is_forecast(self, c: Claim) -> bool:
        rel = c.start - c.sentence_start
        window = c.sentence[max(0, rel - 35) : rel]
        window = re.split(r"[,;:]", window)[-1]
        return bool(self.re_forecast.search(window))

    def _near_words(self, c: Claim) -> list[tuple[float, str]]:
        """(distance to the number, stemmed word) for each content word of the sentence; a
        clause break (";", ", but", "while") in between adds 200 characters."""
        tokens, breaks, starts = _sentence_tokens(c.sentence, self.stopwords, self.spelling)
        rel_a = c.start - c.sentence_start
        rel_b = c.end - c.sentence_start
        out = []
        # words more than NEAR_WINDOW characters away weigh little: skip them, which also
        # keeps a 5 MB line without a full stop linear
        lo_i = bisect.bisect_left(starts, rel_a - NEAR_WINDOW)
        hi_i = bisect.bisect_right(starts, rel_b + NEAR_WINDOW)
        for ws, we, stem in tokens[lo_i:hi_i]:
            if rel_a <= ws < rel_b:
                continue
            if we <= rel_a:
                lo, hi, dist = we, rel_a, rel_a - we
            else:
                lo, hi, dist = rel_b, ws, ws - rel_b
            i = bisect.bisect_left(breaks, lo)
            if i < len(breaks) and breaks[i] < hi:
                dist += 200
            out.append((dist, stem))
        return out

    def keys(self, c: Claim, near: list[tuple[float, str]] | None = None) -> list[str]:
        """Content words of the claim's clause, nearest to the number first (at most 8)."""
        out: list[str] = []
        if c.dimension == "count" and c.unit:
            out.append(_stem(c.unit, self.spelling))
        for _d, w in sorted(self._near_words(c) if near is None else near):
            if w not in out:
                out.append(w)
            if len(out) >= 8:
                break
        return out

    def weighted_keys(
        self, c: Claim, near: list[tuple[float, str]] | None = None
    ) -> dict[str, float]:
        """Every content word of the clause, weighted by closeness to the number."""
        out: dict[str, float] = {}
        if c.dimension == "count" and c.unit:
            out[_stem(c.unit, self.spelling)] = 1.0
        for dist, k in self._near_words(c) if near is None else near:
            weight = round(1.0 / (1.0 + dist / 40.0), 3)
            if weight > out.get(k, 0.0):
                out[k] = weight
        return out

    # -- pairing --------------------------------------------------------------------------
    def pair(
        self,
        claims: Sequence[Claim],
        docs: dict[str, Document],
        story_words: dict[tuple[str, int], frozenset[str]],
        *,
        involving: set[str] | None = None,
    ) -> list[Candidate]:
        quantities = [c for c in claims if c.kind == "quantity" and c.dimension]
        self._run_year = max((self.doc_year(d) for d in docs.values()), default="")
        feats = {c.id: self._features(c, docs.get(c.doc)) for c in quantities}
        # rarity of a word among the contexts of the figures being compared
        df: dict[str, int] = defaultdict(int)
        for f in feats.values():
            for w in f["wkeys"]:  # type: ignore[attr-defined]
                df[w] += 1
        n = max(1, len(feats))
        self._idf = {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}
        self._idf_default = math.log(n + 1) + 1.0
        blocks: dict[str, list[Claim]] = defaultdict(list)
        for c in quantities:
            for k in self.block_keys(c, feats[c.id]):
                blocks[k].append(c)
        seen: set[tuple[str, str]] = set()
        out: list[Candidate] = []
        for members in blocks.values():
            if len(members) < 2:
                continue
            for a, b in _block_pairs(members, involving):
                    key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                    if key in seen:
                        continue
                    seen.add(key)
                    score = self.score(a, b, feats[a.id], feats[b.id], docs, story_words)
                    if score is not None:
                        first, second = (a, b) if _order(a) <= _order(b) else (b, a)
                        out.append(Candidate(first, second, score))
        out = _mutual_best(out)
        out.extend(self._rival_links(out, feats, docs, story_words))
        out.sort(key=lambda p: (_order(p.a), _order(p.b)))
        return out

    def _rival_links(
        self,
        kept: list[Candidate],
        feats: dict[str, dict[str, object]],
        docs: dict[str, Document],
        story_words: dict[tuple[str, int], frozenset[str]],
    ) -> list[Candidate]:
        """Rival estimates carried across articles. When article B sets two sources' counts
        against each other (organisers' two million, the police's 338,000) and article A
        restates one of them, A's figure is set against the other rival too: the pairing
        itself is the evidence that they measure one thing, so only the distractor rules
        (another place, year, event, forecast ...) can refuse the link, not low similarity."""
        rivals = [c for c in kept if c.a.doc == c.b.doc and _rival_sources(c.a, c.b)
                  and not _same_value(c.a, c.b)]
        if not rivals:
            return []
        restated: dict[str, list[tuple[Claim, float]]] = defaultdict(list)
        for c in kept:
            # a restatement that could be chance ("three" and "Three") carries nothing across
            if c.a.doc != c.b.doc and _same_value(c.a, c.b) and _specific(c.a) and _specific(c.b):
                restated[c.a.id].append((c.b, c.score))
                restated[c.b.id].append((c.a, c.score))
        have = {(c.a.id, c.b.id) for c in kept} | {(c.b.id, c.a.id) for c in kept}
        out: list[Candidate] = []
        for r in rivals:
            for told, other in ((r.a, r.b), (r.b, r.a)):
                for x, link in restated.get(told.id, []):
                    if x.doc == other.doc or (x.id, other.id) in have:
                        continue
                    score = self.score(x, other, feats[x.id], feats[other.id], docs, story_words)
                    if score is None and self.last_rejection not in _SIMILARITY_RULES:
                        continue
                    first, second = (x, other) if _order(x) <= _order(other) else (other, x)
                    out.append(Candidate(first, second, score or min(r.score, link)))
                    have |= {(x.id, other.id), (other.id, x.id)}
        return out

    def block_keys(self, c: Claim, f: dict[str, object], *, selective: bool = False) -> set[str]:
        """Blocking keys: claims are compared only when they share one.

        In memory (a few documents) every physical or money claim of a dimension shares a
        block. ``selective`` keys, for an archive of many thousands of documents, need a
        shared named entity, measure word or concept group on top of the dimension.
        """
        dim = self.dim_class(c)
        keys: set[str] = set()
        if selective:
            for e in f["entities"]:  # type: ignore[attr-defined]
                keys.add(f"{dim}|@{e}")
            for k in (f["head"], f["group"] and "=" + str(f["group"])):
                if k:
                    keys.add(f"{dim}|{k}")
            if c.dimension == "count" and c.unit:
                keys.add(f"{dim}|#{c.unit}")
            return keys
        for k in f["keys"][:8]:  # type: ignore[index]
            keys.add(f"{dim}|{k}")
        if f["group"]:
            keys.add(f"{dim}|={f['group']}")
        if c.dimension != "count":
            keys.add(f"{dim}|*")  # physical units and money are rarer: one block
        return keys

    def features(self, c: Claim, doc: Document | None) -> dict[str, object]:
        return self._features(c, doc)

    def _features(self, c: Claim, doc: Document | None) -> dict[str, object]:
        near = self._near_words(c)
        years, as_of, past = self.years(c, doc)
        return {
            "keys": self.keys(c, near),
            "group": self.group(c),
            "entities": self.entities(c),
            "years": years,
            "past": past,
            "running": self.re_running.search(
                c.sentence[max(0, c.start - c.sentence_start - 60) : c.end - c.sentence_start + 60]
            ) is not None,
            "as_of": as_of,
            "forecast": self.is_forecast(c),
            "daily": c.change is not None or bool(c.time and _DAY.search(c.time)),
            "date": doc.date if doc else None,
            "alone": bool(c.scope and re.search(r"\balone\b", c.scope)),
            "places": _places(c, self.re_places),
            "doc_year": self.doc_year(doc),
            "anchor": self.anchor(c),
            "head": self.head(c),
            "groups": self.groups_near(c),
            "headline": c.paragraph == 0 and len(c.sentence) < 140
            and not c.sentence.rstrip().endswith((".", "!", "?", '"', "”")),
            "wkeys": self.weighted_keys(c, near),
        }

    def doc_year(self, doc: Document | None) -> str:
        """The year a document reports on: its date, else the latest year it mentions."""
        if doc is None:
            return ""
        if doc.date:
            return doc.date[:4]
        key = (doc.id, hash((doc.title, doc.text)))
        cached = self._doc_years.get(key)
        if cached is None:
            years = _YEAR.findall((doc.title or "") + " " + doc.text[:20000])
            cached = max(years) if years else ""
            if len(self._doc_years) > 100_000:
                self._doc_years.clear()  # bounded over a long archive run
            self._doc_years[key] = cached
        return cached

    def anchor(self, c: Claim) -> str | None:
        """The place a distance is measured from: "65 km southeast of Ryazan" -> ryazan."""
        if c.dimension != "[length]":
            return None
        rel = c.end - c.sentence_start
        m = _ANCHOR.match(c.sentence[rel : rel + 120])
        return _norm_entity(m.group(1)) if m else None

    def cosine(self, a: dict[str, float], b: dict[str, float]) -> float:
        """Cosine of the two clauses' words, weighted by closeness and rarity (idf)."""
        if not a or not b:
            return 0.0
        idf = getattr(self, "_idf", {})
        dflt = getattr(self, "_idf_default", 1.0)
        def vec(d: dict[str, float]) -> dict[str, float]:
            return {w: x * idf.get(w, dflt) for w, x in d.items()}
        va, vb = vec(a), vec(b)
        dot = sum(x * vb[w] for w, x in va.items() if w in vb)
        if not dot:
            return 0.0
        na = math.sqrt(sum(x * x for x in va.values()))
        nb = math.sqrt(sum(x * x for x in vb.values()))
        return dot / (na * nb)

    def _reject(self, rule: int) -> None:
        """Record which rule refused the last pair (for debugging the matcher)."""
        self.last_rejection = rule

    def score(
        self,
        a: Claim,
        b: Claim,
        fa: dict[str, object],
        fb: dict[str, object],
        docs: dict[str, Document],
        story_words: dict[tuple[str, int], frozenset[str]],
    ) -> float | None:
        """How sure we are that a and b measure the same thing (0-100), or None: not paired."""
        if a.doc == b.doc and a.start == b.start:
            return self._reject(1)
        if self.dim_class(a) != self.dim_class(b):
            return self._reject(2)
        same_doc = a.doc == b.doc
        same_sentence = same_doc and a.sentence_start == b.sentence_start
        if same_sentence:
            lo, hi = (a, b) if a.start < b.start else (b, a)
            between = a.sentence[lo.end - lo.sentence_start : hi.start - hi.sentence_start]
            if re.fullmatch(r"\s*\(\s*|\s*(?:or|,)\s*", between):
                return self._reject(3)  # "250 kilometers (155 miles)": one figure in two units
            if a.unit != b.unit and a.dimension == b.dimension and a.dimension != "count":
                return self._reject(4)
        # stories: never across unrelated ones
        if same_doc and a.story != b.story:
            return self._reject(5)
        if not same_doc:
            wa = story_words.get((a.doc, a.story), frozenset())
            wb = story_words.get((b.doc, b.story), frozenset())
            if wa and wb:
                overlap = len(wa & wb) / min(len(wa), len(wb))
                # the same figure needs less shared vocabulary to show the stories are related
                need = self.min_story_overlap / 3 if _same_value(a, b) else self.min_story_overlap
                if overlap < need:
                    return self._reject(6)
        # counted nouns must agree (or share a concept group)
        ga, gb = fa["group"], fb["group"]
        if ga and gb and ga != gb:
            for excl in self.exclusive:
                if ga in excl and gb in excl:
                    return self._reject(7)
        same_value = _same_value(a, b)
        if a.dimension == "count" and a.unit and b.unit and a.unit != b.unit:
            same_class = self.unit_class.get(a.unit) is not None and (
                self.unit_class.get(a.unit) == self.unit_class.get(b.unit)
            )
            if not same_class and fuzz.ratio(a.unit, b.unit) < 85:
                # houses are not people, even when both were "damaged" or "injured"
                known = a.unit in self.unit_class or b.unit in self.unit_class
                people = "person" in (self.unit_class.get(a.unit), self.unit_class.get(b.unit))
                # "1,180 people" (who died) and "1,180 deaths" count the same dead
                if not (ga and ga == gb and (people or not known)):
                    return self._reject(8)
        if a.dimension == "count" and (a.unit is None) != (b.unit is None):
            if not (ga and ga == gb) and not same_value:
                # "130" (a bare number) against a count of something: not enough to pair
                return self._reject(9)
        if a.dimension == "count" and a.unit is None and b.unit is None and not (
            same_value or (ga and ga == gb) or (fa["head"] and fa["head"] == fb["head"])
            or _near_restatement(a, b)
        ):
            return self._reject(10)  # two bare numbers need more than shared context words
        # distractors
        if fa["anchor"] and fb["anchor"] and fa["anchor"] != fb["anchor"]:
            return self._reject(11)  # distances from different places
        ratio = _ratio(a, b)
        if ratio is not None and ratio > 50 and not _near_power_of_thousand(ratio):
            return self._reject(12)  # orders of magnitude apart and not a million/billion slip
        if (not same_doc and ratio is not None and ratio > self.far_apart
                and not _near_power_of_thousand(ratio)
                and not (fa["head"] and fa["head"] == fb["head"])
                and not (fa["running"] and fb["running"])
                and not _rival_counts(a, b)):
            # an order of magnitude apart in two articles: a subtotal against a total, another
            # year's or place's figure, unless both name the same measure word or both are
            # running counts (a toll of five on Tuesday, 80 by Saturday), or two sources
            # count the same things (organisers' 1.7 million marchers, police's 128,000)
            return self._reject(24)
        if same_sentence and not (a.si_value is not None and a.si_value == b.si_value):
            # (in one sentence only the very same figure is a restatement: "at least 1.7
            # million, after a protest by nearly 2 million" are two marches)
            lo_c, hi_c = (a, b) if a.start < b.start else (b, a)
            between = a.sentence[lo_c.end - lo_c.sentence_start : hi_c.start - hi_c.sentence_start]
            if not (ga and ga == gb and _RE_THEN.search(between)):
                # two figures in one sentence are two different things, unless the sentence
                # says one replaced the other ("initially three, then updated to four")
                return self._reject(13)
        if same_doc and not (_same_value(a, b) or (ga and ga == gb) or (
            fa["head"] and fa["head"] == fb["head"]
        )):
            return self._reject(14)  # within one article, different figures need the same measure word
        ea, eb = fa["entities"], fb["entities"]
        if ea and eb and not _entities_overlap(ea, eb):  # type: ignore[arg-type]
            if len(ea) >= 2 and len(eb) >= 2 and not same_value:  # type: ignore[arg-type]
                return self._reject(15)  # two different named subjects: another event or place
        if (fa["daily"] or fb["daily"]) and fa["date"] and fb["date"]:
            apart = abs(iso_days(str(fa["date"])) - iso_days(str(fb["date"])))
            if apart > self.max_days_apart:
                return self._reject(22)  # a day's move or a "Tuesday" figure of another week
        if fa["forecast"] != fb["forecast"]:
            return self._reject(16)
        if fa["alone"] != fb["alone"]:
            return self._reject(17)
        if fa["places"] != fb["places"] and not same_value:
            # "2,300 died across 12 European cities" is not one country's toll
            return self._reject(25)
        ya, yb = fa["years"], fb["years"]
        current = max(str(fa["doc_year"]), str(fb["doc_year"]))
        base = self._run_year or current
        if base.isdigit():
            # "last summer" in an undated article: the year before the latest year of the
            # articles compared in this run (they are about one event). The two articles'
            # own years will not do: one that names only "the same period in 2024" as a
            # comparison reads as a 2024 article
            if fa["past"]:
                ya = {*ya, str(int(base) - 1)}  # type: ignore[misc]
            if fb["past"]:
                yb = {*yb, str(int(base) - 1)}  # type: ignore[misc]
        if ya and yb and not (ya & yb) and not (fa["as_of"] or fb["as_of"]):  # type: ignore[operator]
            return self._reject(18)
        for mine, other in ((ya, yb), (yb, ya)):
            if (mine and not other and base and max(mine) < str(base)  # type: ignore[type-var]
                    and not (fa["as_of"] or fb["as_of"])):
                return self._reject(19)  # "the 2004 tsunami" against this year's figure
        if fa["past"] != fb["past"] and not (ya or yb) and not (fa["as_of"] or fb["as_of"]):
            return self._reject(23)  # "last year's estimate" against an undated, current one
        ya2 = ya or ({fa["doc_year"]} if fa["doc_year"] else set())
        yb2 = yb or ({fb["doc_year"]} if fb["doc_year"] else set())
        if (ya or yb) and ya2 and yb2 and not (ya2 & yb2) and not (fa["as_of"] or fb["as_of"]):  # type: ignore[operator]
            if abs(int(min(ya2)) - int(min(yb2))) > 1:  # type: ignore[call-overload]
                return self._reject(20)
        if (a.change is None) != (b.change is None) and a.dimension == "percent":
            # "rose 5%" vs "is 5%": pair only if the concepts agree strongly (checked below)
            pass
        # concept similarity
        s = _concept_score(fa["keys"][:6], fb["keys"][:6])  # type: ignore[index]
        s = max(s, self.cosine(fa["wkeys"], fb["wkeys"]) * COSINE_SCALE)  # type: ignore[arg-type]
        if same_sentence and ga and ga == gb:
            s = max(s, 90.0)  # one sentence relates them: "three, then updated to four"
        if same_doc and (fa.get("headline") or fb.get("headline")) and ga and ga == gb:
            s = max(s, 90.0)  # the headline's figure against the body's
        if ga and ga == gb:
            s = max(s, 80.0)
            if same_doc and _rival_sources(a, b):
                # one article giving two sources' counts of one thing: "the organiser said two
                # million ... the police ... saying there were 338,000"
                s = max(s, 90.0)
        elif (ga and ga in fb["groups"]) or (gb and gb in fa["groups"]):  # type: ignore[operator]
            s = max(s, 70.0)  # "reserves ... 3.8 million tonnes" / "... 28.5 million tonnes of reserves"
        if ((ga is None and gb and gb in fa["groups"]) or (gb is None and ga and ga in fb["groups"])) \
                and not _near_restatement(a, b):  # type: ignore[operator]
            # "750 girls at the camp, 23 are unaccounted for" against "27 girls missing": the
            # sentence gives "missing" to its other figure, so this one is something else
            # (unless it all but restates the other article's figure: 598,000 / 589,000)
            s -= 30.0
        if fa["head"] and fa["head"] == fb["head"]:
            s += 30.0  # the same measure word: "depth of 20.7 km" / "depth of 19.3 km"
        if a.dimension == "count" and a.unit and a.unit == b.unit:
            s += 15
        if a.dimension not in ("count", "percent") and s >= 35 and _concept_score(
            fa["keys"][:4], fb["keys"][:4]  # type: ignore[index]
        ) >= 50:
            s += 10
        if same_value:
            # the same figure, in related stories and compatible units, is itself evidence;
            # the more specific the figure (406.8 million, 911,000), the stronger
            if min(significant_digits(a), significant_digits(b)) >= 3:
                s += 60.0
            elif a.dimension != "count" or a.unit == b.unit or None in (a.unit, b.unit) or (
                self.unit_class.get(a.unit or "") == self.unit_class.get(b.unit or "") is not None
            ):
                s += 45.0  # "two million people" / "nearly 2 million"
            else:
                s += 30.0
        elif ratio is not None and ratio < 1.05:
            s += 20.0  # nearly the same figure: $57.3 million vs $57.2 million
        need = self.same_doc_min_score if same_doc else self.min_score
        if s < need:
            return self._reject(21)
        return min(s, 100.0)


_PLACES_REACH = 70  # characters after a figure in which its multi-place coverage is read


def _places_pattern(places: Sequence[str]) -> re.Pattern[str]:
    """A figure's coverage of several places: "across 12 European cities", "in 13 countries"
    (the place nouns from rules/concepts.toml [coverage])."""
    nouns = "|".join(re.escape(p) for p in places) or "(?!)"
    return re.compile(
        r"\b(?:across|in|from|throughout)\s+(?:(\d[\d,]*|two|three|four|five|six|seven|eight|"
        rf"nine|ten|eleven|twelve|a dozen|dozens of|several|many)\s+)(?:[A-Za-z-]+\s+)?({nouns})\b",
        re.IGNORECASE,
    )


def _places(c: Claim, rx: re.Pattern[str]) -> str | None:
    """The places a figure covers when it names several: "across 12 European cities" ->
    "12 cities"; None for a figure of one place or none named. Read only up to another figure."""
    rel = c.end - c.sentence_start
    after = c.sentence[rel : rel + _PLACES_REACH]
    m = rx.search(after)
    if m is None or _another_figure(after[: m.start()]):
        return None
    return f"{m.group(1).lower()} {m.group(2).lower()}"


# the rules that refuse a pair for too little shared vocabulary or a wide gap in value, not
# because it is another event, place, time or kind of figure: related stories (6), bare
# numbers (10), far apart (24) and the score (21)
_SIMILARITY_RULES = frozenset((6, 10, 21, 24))


def _block_pairs(members: list[Claim], involving: set[str] | None) -> Iterator[tuple[Claim, Claim]]:
    """All pairs of a block; with ``involving``, only pairs with a claim of those documents.
    A block larger than MAX_BLOCK (pasted repetitions, huge exports) pairs each claim only
    with its BLOCK_WINDOW neighbours in document order, so cost stays linear."""
    if involving is None:
        if len(members) > MAX_BLOCK:
            ordered = sorted(members, key=_order)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 : i + 1 + BLOCK_WINDOW]:
                    yield a, b
            return
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b
        return
    mine = [c for c in members if c.doc in involving]
    rest = [c for c in members if c.doc not in involving]
    for i, a in enumerate(mine):
        for b in mine[i + 1 :]:
            yield a, b
        for b in rest:
            yield a, b


def _mutual_best(cands: list[Candidate], same_doc_keep: int = 3) -> list[Candidate]:
    """Keep a pair only when each claim is the other's best match in the other's document:
    one article's figure is compared with its counterpart in another article, not with every
    figure of the same kind. Inside one article each figure keeps its few best partners
    (a total and its parts may all relate), which also bounds pasted repetitions. Partners
    are ranked by score, then a figure restated exactly ("at least 1.7 million" in both)
    before one that only agrees within rounding ("nearly 2 million"), then by closeness of
    value; a tie (the same figure told twice in the other article) keeps both."""

    def rank(c: Candidate) -> tuple[float, bool, float]:
        r = _ratio(c.a, c.b)
        closeness = -math.log(r) if r else -50.0
        return (c.score, _restated(c.a, c.b), closeness)

    ranked: dict[tuple[str, str], list[tuple[float, bool, float]]] = defaultdict(list)
    for c in cands:
        r = rank(c)
        ranked[(c.a.id, c.b.doc)].append(r)
        ranked[(c.b.id, c.a.doc)].append(r)
    for values in ranked.values():
        values.sort(reverse=True)
    out = []
    for c in cands:
        r = rank(c)
        keep = same_doc_keep if c.a.doc == c.b.doc else 1
        need_a = ranked[(c.a.id, c.b.doc)][min(keep, len(ranked[(c.a.id, c.b.doc)])) - 1]
        need_b = ranked[(c.b.id, c.a.doc)][min(keep, len(ranked[(c.b.id, c.a.doc)])) - 1]
        if r >= need_a and r >= need_b:
            out.append(c)
    return out


def _restated(a: Claim, b: Claim) -> bool:
    """The same figure, bound and unit as written: "at least 1.7 million people" twice."""
    return (a.si_low, a.si_high, a.bound, a.si_unit) == (b.si_low, b.si_high, b.bound, b.si_unit) \
        and a.si_low is not None


def significant_digits(c: Claim) -> int:
    """Significant digits as written: 406.8 million -> 4, 2 million -> 1, 911,000 -> 3."""
    v = c.value if c.value is not None else c.high
    if v is None or v == 0:
        return 0
    return len(v.normalize().as_tuple().digits)


def _ratio(a: Claim, b: Claim) -> float | None:
    x, y = a.si_value, b.si_value
    if x is None or y is None or x <= 0 or y <= 0:
        return None
    return max(x, y) / min(x, y)


def _near_restatement(a: Claim, b: Claim) -> bool:
    """Two specific figures (three significant digits or more) within 5 % of each other:
    "a smaller drop of 598,000" against "down by 589,000". Such closeness is rarely chance,
    so two bare numbers this close may pair on their context alone."""
    r = _ratio(a, b)
    return r is not None and r < 1.05 and min(significant_digits(a), significant_digits(b)) >= 3


def _rival_counts(a: Claim, b: Claim) -> bool:
    """Counts of the same things given by two named sources: "police said 128,000 were
    present" against "organizers estimated at least 1.7 million people". Rival estimates
    (crowds, casualties) can be an order of magnitude apart."""
    if a.dimension != "count" or a.unit is None or a.unit != b.unit:
        return False
    return _rival_sources(a, b)


def _specific(c: Claim) -> bool:
    """A figure unlikely to recur by chance: two significant digits or more (6.1, 338,000)
    or a hundred and up (two million)."""
    return significant_digits(c) >= 2 or abs(c.si_value or 0.0) >= 100


def _rival_sources(a: Claim, b: Claim) -> bool:
    """Whether both figures name a source and the sources differ."""
    return different_sources(a.attribution, b.attribution)


def different_sources(x: str | None, y: str | None) -> bool:
    """Whether two named sources are different ones ("police" and "Hong Kong police" are one;
    token sets are compared, so word order and extra words matter little)."""
    return bool(x and y and fuzz.token_set_ratio(x.lower(), y.lower()) < SAME_SOURCE)


SAME_SOURCE = 70  # rapidfuzz token-set ratio from which two source names are one source


def _near_power_of_thousand(r: float) -> bool:
    return any(abs(r / p - 1) < 0.1 for p in (1e3, 1e6, 1e9))


def _same_value(a: Claim, b: Claim) -> bool:
    x = a.si_value if a.si_value is not None else None
    y = b.si_value if b.si_value is not None else None
    if x is None or y is None:
        return False
    slack = 0.005 * max(abs(x), abs(y))
    if abs(x - y) > max(a.precision, b.precision, slack):
        return False
    # a threshold admits values on its side only: "more than 30" is not 29 (two thresholds
    # of one direction, "at least 40" and "at least 43", never exclude each other)
    if bound_direction(a) is not None and bound_direction(a) == bound_direction(b):
        return True
    return _on_side(a, y, slack) and _on_side(b, x, slack)


def bound_direction(c: Claim) -> str | None:
    """"up" for a lower bound ("more than 30"), "down" for an upper one, else None."""
    return "up" if c.bound in (">", ">=") else "down" if c.bound in ("<", "<=") else None


def _on_side(c: Claim, other: float, slack: float) -> bool:
    """Whether ``other`` lies on the side a threshold claim admits (any side for others)."""
    v = c.si_value if c.si_value is not None else 0.0
    if c.bound in (">", ">="):
        return other >= v - slack
    if c.bound in ("<", "<="):
        return other <= v + slack
    return True


def _order(c: Claim) -> tuple[str, int]:
    return (c.doc, c.start)


_MONTH_NAMES = frozenset(MONTHS.split("|"))
_PARENS = re.compile(r"\([^()]*\)")


def _another_figure(between: str) -> bool:
    """Whether a figure stands in ``between`` (days of dates, "May 16", and the same figure
    restated in brackets, "10 km (6 miles)", do not count)."""
    return _OTHER_FIGURE.search(_DATE_DAY.sub(" ", _PARENS.sub(" ", between))) is not None


_LETTERS = re.compile(r"[A-Za-z]+")
_BREAK = re.compile(r"[;:]|,\s+(?:and|but|while)\b|\b(?:but|while|whereas)\b")


@lru_cache(maxsize=4096)
def _sentence_tokens(
    sentence: str, stops: frozenset[str], spelling: _Spelling = (0, ())
) -> tuple[tuple[tuple[int, int, str], ...], list[int], list[int]]:
    tokens = []
    for m in _WORD.finditer(sentence):
        w = m.group().lower().removesuffix("'s").removesuffix("’s")
        if len(w) < 3 or w in stops:
            continue
        tokens.append((m.start(), m.end(), _stem(w, spelling)))
    breaks = [m.start() for m in _BREAK.finditer(sentence)]
    return tuple(tokens), breaks, [t[0] for t in tokens]


def iso_days(iso: str) -> int:
    """The day number of an ISO date ("2025-08-15..."), 0 when it cannot be read."""
    from datetime import date

    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return 0


# (min_length, ((british ending, american ending), ...) longest first): rules/concepts.toml
_Spelling = tuple[int, tuple[tuple[str, str], ...]]


def _stem(w: str, spelling: _Spelling = (0, ())) -> str:
    """A word's comparison form: lower case, a plural folded ("deposits" -> "deposit"), and
    a British ending spelled the American way ("organiser" -> "organizer") by the
    [spelling] rules."""
    w = w.lower()
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    min_length, endings = spelling
    if endings and len(w) >= min_length:
        for brit, amer in endings:
            if w.endswith(brit):
                return w[: len(w) - len(brit)] + amer
    return w


def _norm_entity(w: str) -> str:
    w = w.lower().removesuffix("'s").removesuffix("’s")
    return w


def _entities_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    for x in a:
        for y in b:
            if x == y or (len(x) >= 5 and len(y) >= 5 and x[:5] == y[:5]):
                return True
    return False


def _concept_score(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the smaller key set with a fuzzy counterpart in the other (0-100)."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    hits = 0
    for x in small:
        if x in big:
            hits += 1
            continue
        if any(len(x) > 3 and fuzz.ratio(x, y) >= 85 for y in big):
            hits += 1
    if hits < 2 and not (hits == 1 and len(small) == 1):
        return 100.0 * hits / len(small) * 0.5
    return 100.0 * hits / len(small)


@lru_cache(maxsize=4)
def _matcher(rules: Rules) -> Matcher:
    return Matcher(rules)


def get_matcher(rules: Rules | None = None) -> Matcher:
    return _matcher(rules or load_rules())
