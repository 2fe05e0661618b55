"""Who says a figure: whether two attributions name one source.

A name as an attribution gives it ("the U.S. Geological Survey", "USGS", "ministry
officials", "data from the ONS") is read into a :class:`Source`: its words without the
ones that never tell sources apart (``rules/sources.toml [names]``), its place qualifiers
("Russia's"), and the ``[[sources]]`` entry it names, if any. Articles help in three ways:

- an acronym defined in brackets, either way round: "Russian Direct Investment Fund
  (RDIF)", "RDIF (Russian Direct Investment Fund)";
- an acronym that is the initials of a name the article uses ("NSIDC" and "the National
  Snow and Ice Data Center");
- a generic head that refers back: "the ministry" after "the Natural Resources Ministry"
  is that ministry when it is the only ministry the article names.

:meth:`SourceNames.same` says True (one source), False (two) or None (a name is missing or
says nothing about who: "the report", "data"). Different ``[[sources]]`` entries are two
sources; names the table does not know are compared by their words (rapidfuzz token-set
ratio, so "police" and "Hong Kong police" are one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from .rules import Rules

SAME_SOURCE = 70  # token-set ratio from which two names the table does not know are one

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.\s?){2,}")  # "U.S." "U. N." -> "US" "UN"
_POSSESSIVE = re.compile(r"(?<=\w)'s?\b")  # "Japan's" -> "Japan", "workers'" -> "workers"
_WORD = re.compile(r"[^\W_]+(?:[-.&][^\W_]+)*\+?")  # "France-Presse", "Amazon.com", "OPEC+"
_CAP = r"[A-Z][\w'’&.+-]*"  # a capitalised word as written in an article


def _is_acronym(word: str) -> bool:
    """"USGS", "NHK", "OPEC+", "IRENA": two capitals or more and no lower-case run."""
    letters = word.rstrip("+")
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2 and letters.isalnum() \
        and not any(a.islower() and b.islower() for a, b in pairwise(letters))


@dataclass(frozen=True)
class Source:
    """A source name as read: what is left of an attribution once it is normalised."""

    written: str  # the attribution as given
    words: tuple[str, ...]  # lower-case words that name it, without ignored and place words
    places: frozenset[str]  # place qualifiers ("russia" for "Russia's")
    initials: str  # initials of its capitalised words, "USGS" for "U.S. Geological Survey"
    acronym: str | None  # the name is one acronym ("USGS")
    entry: str | None  # the canonical name of the [[sources]] entry it names
    head: str | None  # the generic head it is only made of ("ministry"), if so

    @property
    def key(self) -> str:
        return self.entry or " ".join(self.words)


class SourceNames:
    """The rules of rules/sources.toml, ready to read and compare names. Pure and cached."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        names = data.get("names", {})
        self.ignore = frozenset(w.lower() for w in names.get("ignore", []))
        self.issued = frozenset(w.lower() for w in names.get("issued", []))
        self.speakers = frozenset(w.lower() for w in names.get("speakers", []))
        self._drop = self.issued | self.speakers | self.ignore
        self.heads = frozenset(w.lower() for w in names.get("heads", []))
        self.connectors = frozenset(w.lower() for w in names.get("connectors", []))
        self.nobody = frozenset(w.lower() for w in names.get("nobody", []))
        self.days = frozenset(w.lower() for w in names.get("days", []))
        places: dict[str, str] = {k.lower(): v for k, v in names.get("places", {}).items()}
        self.places = places
        multi = sorted((p for p in places if " " in p), key=len, reverse=True)
        self._multi_places = [(re.compile(rf"\b{re.escape(p)}\b", re.IGNORECASE), places[p])
                              for p in multi]
        self._entries: dict[str, str] = {}  # lookup form -> canonical name
        self._entry_places: dict[str, frozenset[str]] = {}
        self._entry_heads: dict[str, str | None] = {}
        cores: dict[str, set[str]] = {}
        written: list[str] = []
        for src in data.get("sources", []):
            canonical = src["name"]
            for alias in (canonical, *src.get("aliases", [])):
                written.append(alias)
                full, core, pl = self._forms(alias)
                self._entries.setdefault(full, canonical)
                if len(core.split()) >= 2 or _is_acronym(core):
                    cores.setdefault(core, set()).add(canonical)
                if alias == canonical:
                    self._entry_places[canonical] = pl
                    self._entry_heads[canonical] = self._head_of(core.lower().split())
        for core, which in cores.items():  # a core shared by two entries names neither
            if len(which) == 1:
                self._entries.setdefault(core, next(iter(which)))
        alt = "|".join(re.escape(w) for w in sorted(set(written), key=len, reverse=True))
        self._known = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])") if alt else None
        heads = "|".join(sorted(self.heads, key=len, reverse=True)) or "(?!)"
        conn = "|".join(re.escape(c) for c in sorted(self.connectors - {"&"}))
        # "the Natural Resources Ministry", "Russia's Emergency Situations Ministry"
        self._before_head = re.compile(
            rf"((?:{_CAP}\s+(?:(?:{conn})\s+){{0,2}}){{1,6}})(?i:({heads}))\b")
        # "the Ministry of Natural Resources and Environment"
        capital = "|".join(h.capitalize() for h in sorted(self.heads, key=len, reverse=True))
        self._head_of_name = re.compile(
            rf"\b(?:{capital or '(?!)'})\s+(?:of|for)\s+(?:the\s+)?"
            rf"{_CAP}(?:\s+(?:(?:{conn}|&)\s+){{0,2}}{_CAP}){{0,6}}")
        # capitalised runs, for initials: "National Snow and Ice Data Center"
        self._run = re.compile(rf"{_CAP}(?:\s+(?:(?:{conn}|&)\s+){{0,2}}{_CAP}){{1,8}}")
        # "Russian Direct Investment Fund (RDIF)" and "RDIF (Russian Direct Investment Fund)"
        self._acr_after = re.compile(
            rf"({_CAP}(?:\s+(?:(?:{conn}|&)\s+){{0,2}}{_CAP}){{0,8}})\s*\(\s*([A-Z][A-Za-z&]{{1,9}}\+?)\s*\)")
        self._acr_before = re.compile(
            rf"\b([A-Z][A-Za-z&]{{1,9}}\+?)\s*\(\s*({_CAP}(?:\s+(?:(?:{conn}|&)\s+){{0,2}}{_CAP}){{1,8}})\s*\)")
        self.read = lru_cache(maxsize=8192)(self._read)
        self.acronyms = lru_cache(maxsize=256)(self._acronyms_of)
        self._named = lru_cache(maxsize=256)(self._named_in)
        # keyed by the article texts (some 4 KB an entry): 16,384 entries could hold some
        # 60 MB in a server checking new drafts; 2,048 hold a few dozen checks' resolutions
        self._resolve = lru_cache(maxsize=2048)(self._resolve_in)

    # -- reading one name ---------------------------------------------------------------------
    def _tokens(self, name: str) -> list[str]:
        s = name.translate(_APOSTROPHES)
        s = _DOTTED.sub(lambda m: m.group().replace(".", "").replace(" ", "") + " ", s)
        s = _POSSESSIVE.sub("", s)
        for rx, place in self._multi_places:
            s = rx.sub(f" {place.upper()} ", s)  # "United States" -> one place word
        return _WORD.findall(s)

    def _strip(self, tokens: list[str]) -> list[str]:
        """Without what the source issued or who speaks for it: "data from the ONS" -> ONS,
        "Interior Ministry data" -> Interior Ministry."""
        low = [t.lower() for t in tokens]
        for i, w in enumerate(low):
            if w in ("from", "by", "of") and i > 0 and all(x in self._drop for x in low[:i]):
                tokens, low = tokens[i + 1 :], low[i + 1 :]
                break
        while tokens and low[-1] in self._drop and not tokens[-1][:1].isupper() and len(tokens) > 1:
            tokens, low = tokens[:-1], low[:-1]
        while tokens and low[0] in self._drop and len(tokens) > 1 and low[0] not in self.heads:
            tokens, low = tokens[1:], low[1:]
        return tokens

    def _forms(self, name: str) -> tuple[str, str, frozenset[str]]:
        """(lookup form with places, lookup form without, places). Acronyms keep capitals."""
        tokens = [t for t in self._strip(self._tokens(name)) if t.lower() not in self.ignore]
        full: list[str] = []
        core: list[str] = []
        places: set[str] = set()
        for t in tokens:
            form = t if _is_acronym(t) else t.lower()
            full.append(form.lower() if t.lower() in self.places else form)
            if t.lower() in self.places:
                places.add(self.places[t.lower()])
            else:
                core.append(form)
        return " ".join(full), " ".join(core), frozenset(places)

    def _head_of(self, words: list[str]) -> str | None:
        """The generic noun a name hangs on: the last word, or the first before "of"."""
        if len(words) >= 3 and words[1] in ("of", "for") and words[0] in self.heads:
            return words[0]
        return words[-1] if words and words[-1] in self.heads else None

    def _read(self, name: str) -> Source | None:
        tokens = self._strip(self._tokens(name))
        if not tokens:
            return None
        if all(t.lower() in self.issued or t.lower() in self.ignore for t in tokens) and not (
                len(tokens) == 1 and tokens[0].lower() in self.heads):
            return None  # "report", "the data", "latest analysis": says nothing about who
        full, core, places = self._forms(name)
        entry = self._entries.get(full) or self._entries.get(core)
        if entry is not None:
            places = places or self._entry_places.get(entry, frozenset())
        words = tuple(core.lower().split()) or tuple(full.lower().split())
        if not words:
            return None
        kept = [t for t in tokens if t.lower() not in self.ignore]
        initials = "".join(
            t.rstrip("+") if _is_acronym(t) else t[0]
            for t in kept if t[:1].isupper() and t.lower() not in self.connectors)
        acronym = kept[0] if len(kept) == 1 and _is_acronym(kept[0]) else None
        head = words[0] if len(words) == 1 and words[0] in self.heads else None
        return Source(name, words, places, initials.upper(), acronym, entry, head)

    # -- what articles say ----------------------------------------------------------------
    def _acronyms_of(self, text: str) -> dict[str, str]:
        """Acronyms defined in brackets in ``text``: {"RDIF": "Russian Direct Investment Fund"}."""
        found: dict[str, str] = {}
        for m in self._acr_after.finditer(text):
            long, acr = m.group(1), m.group(2)
            found.setdefault(acr, self._fit(long, acr))
        for m in self._acr_before.finditer(text):
            acr, long = m.group(1), m.group(2)
            if _is_acronym(acr):
                found.setdefault(acr, self._fit(long, acr))
        return found

    def _fit(self, long: str, acr: str) -> str:
        """The words of a capitalised run that the acronym stands for: its shortest tail
        whose initials are the acronym, else the run without a leading "The"."""
        words = long.split()
        for i in range(len(words) - 1, -1, -1):
            tail = " ".join(words[i:])
            src = self.read(tail)
            if src is not None and src.initials == acr.rstrip("+").upper():
                return tail
        return " ".join(words[1:]) if words and words[0] in ("The", "the") else long

    def _initials_in(self, text: str, acr: str) -> str | None:
        for m in self._run.finditer(text):
            words = m.group().split()
            for i in range(len(words) - 1):
                src = self.read(" ".join(words[i:]))
                if src is not None and src.initials == acr and not src.acronym:
                    return " ".join(words[i:])
        return None

    def _named_in(self, text: str) -> dict[str, dict[str, str]]:
        """The fuller names ``text`` uses, by generic head: {"ministry": {key: as written}}."""
        by_head: dict[str, dict[str, str]] = {}
        spans = [m.group(1) + m.group(2) for m in self._before_head.finditer(text)]
        spans += [m.group() for m in self._head_of_name.finditer(text)]
        if self._known is not None:
            spans += [m.group() for m in self._known.finditer(text)]
        for span in spans:
            src = self.read(span)
            if src is None or src.head is not None:
                continue
            head = (self._entry_heads.get(src.entry) if src.entry
                    else self._head_of(list(src.words)))
            if head:
                by_head.setdefault(head, {}).setdefault(src.key, span)
        return by_head

    def _resolve_in(self, name: str, own: str, texts: tuple[str, ...]) -> Source | None:
        """``name`` read in its own article ``own`` (and the other articles ``texts``)."""
        src = self.read(name)
        if src is None:
            return None
        if src.acronym and src.entry is None:
            for text in (own, *texts):
                long = self.acronyms(text).get(src.acronym) if text else None
                if long is None and text is own and own:
                    long = self._initials_in(own, src.acronym)
                if long:
                    full = self.read(long)
                    if full is not None:
                        return _with(full, written=name, acronym=src.acronym)
        if src.head is not None and own:
            named = self._named(own).get(src.head, {})
            if len(named) == 1:  # the only ministry the article names
                full = self.read(next(iter(named.values())))
                if full is not None:
                    return _with(full, written=name)
        return src

    def resolve(self, name: str | None, *, text: str = "", texts: Sequence[str] = ()) -> Source | None:
        """``name`` read in its article ``text``; acronyms may be defined in ``texts`` too."""
        if not name:
            return None
        return self._resolve(name, text or "", tuple(t for t in texts if t and t is not text))

    def names_someone(self, name: str | None) -> bool:
        """Whether an attribution reads as a source at all: a name (capitalised words) or a
        known source noun ("police", "officials", "the ministry"), at most six words, no
        figure, no pronoun or day. Extraction sometimes hands over a fragment ("cent of web
        services", "French coastguard 53 people died across the 12 months", "We",
        "Sunday"); two fragments are not two sources."""
        if not name:
            return False
        # a day said with it ("studio estimates Sunday") and an article say nothing of who
        words = [w for w in name.split() if w.lower().strip(".,'’") not in self.days]
        while words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        if not words or len(words) > 6 or any(ch.isdigit() for ch in name):
            return False
        lower = [w.lower().strip(".,'’") for w in words]
        if lower[0] in self.nobody:
            return False
        if any(w[:1].isupper() for w in words if w.lower() not in self.connectors):
            return True
        # an agent noun with a modifier or two ("the protest organiser", "emergency
        # services"), not a run of words cut out of a clause ("cent of web services")
        return len(lower) <= 3 and not any(w in self.connectors for w in lower)

    # -- comparing two ----------------------------------------------------------------------
    def same(self, x: str | None, y: str | None, *, texts: Sequence[str] = ()) -> bool | None:
        """Whether attributions ``x`` and ``y`` name one source (True), two (False), or
        cannot be told (None: one is missing or names no one). ``texts`` are the article of
        ``x`` and that of ``y`` (one text: both are read in it)."""
        tx = texts[0] if texts else ""
        ty = texts[1] if len(texts) > 1 else tx
        sx = self.resolve(x, text=tx, texts=(ty,))
        sy = self.resolve(y, text=ty, texts=(tx,))
        if sx is None or sy is None:
            return None
        return self.same_read(sx, sy)

    def same_read(self, sx: Source, sy: Source) -> bool:
        if sx.places and sy.places and not (sx.places & sy.places):
            return False  # "Russia's Defence Ministry" and "Ukraine's Defence Ministry"
        if sx.entry and sy.entry:
            return sx.entry == sy.entry
        if sx.key == sy.key or (sx.acronym and sx.acronym == sy.acronym):
            return True
        for a, b in ((sx, sy), (sy, sx)):  # an acronym of the other's initials
            if a.acronym and a.acronym.rstrip("+").upper() == b.initials and len(b.words) > 1:
                return True
        return fuzz.token_set_ratio(" ".join(sx.words), " ".join(sy.words)) >= SAME_SOURCE


def _with(src: Source, *, written: str, acronym: str | None = None) -> Source:
    return Source(written, src.words, src.places, src.initials, acronym or src.acronym,
                  src.entry, src.head)


def source_names(rules: Rules | None = None) -> SourceNames:
    """The names of ``rules``, else of the default rules/ (one per rules object)."""
    if rules is None:
        from .rules import load_rules

        rules = load_rules()
    return _names_of(rules)


@lru_cache(maxsize=8)
def _names_of(rules: Rules) -> SourceNames:
    return SourceNames(rules.sources)


def same_source(x: str | None, y: str | None, *, texts: Sequence[str] = (),
                names: SourceNames | None = None) -> bool | None:
    """:meth:`SourceNames.same` with the default rules (or ``names``)."""
    return (names or source_names()).same(x, y, texts=texts)
