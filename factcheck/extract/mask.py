"""Stage 1, mask: dates, clock times, years, decades, ordinals, identifiers ("iPhone 15",
"COVID-19"), scores, records, ranks, yard lines and phone numbers become claims of another
kind and are blanked out (NULs, the same length) before numbers are read."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..cache import compile_pattern as _compile
from ..dates import MONTHS
from ..units import singular
from .lexicon import DAYS
from .patterns import DIGIT
from .patterns import compiled as _rx

_LEAD_LETTERS = re.compile(r"[A-Za-z]+(?=\d)")
# lower-case words hyphenated to a number that do not make it a name: a sign, a bound, a time
_HYPHEN_LEAD = re.compile(r"([A-Za-z]+)[-‑]\d")
# A place on a playing field, a rank and a won-lost-drawn record name a position, not an
# amount of anything
_YARD_LINE = re.compile(r"\b\d{1,2}[-\s]yard[-\s]line\b", re.IGNORECASE)  # "the 20-yard line"
_RANK = re.compile(
    r"""(?<![\w&#])\#\d{1,3}(?![\w,.%]|\.\d)          # "the #3 team"
    |\b[Tt]op[-\s]\d{1,3}(?![\w,.%]|\.\d)              # "the top 10", "a top-25 finish" """,
    re.VERBOSE,
)
_RANK_GATE = re.compile(r"[Tt]op[-\s]\d")
_RECORD = re.compile(r"(?<![\w.,-])\d{1,3}-\d{1,3}-\d{1,3}(?![\w-]|[.,]\d)")  # "(14-13-2, 12 KOs)"
_MASK_BATCH = 2_000  # characters of a sentence from which masking copies it once per pass
# a comma after a year is punctuation ("In 2019, I paid"); a comma and three digits is a
# thousands separator ("2,019")
_YEAR = re.compile(r"(?<![\d,.$£€¥])(1[5-9]\d\d|20\d\d|2100)(?![\d%]|,\d|\.\d)")
_SECOND_END = re.compile(r"\0[-–/](\d{1,4})(?![\d,%]|\.\d|\s?(?:%|per\b))")
_TIME_GATE = re.compile(r"\d\s?(?:[ap]\.?m|GMT|UTC)")
_PHONE_GATE = re.compile(r"\d\)?[\s-]\d{3}")
_ORDINAL_GATE = re.compile(r"\d(?:st|nd|rd|th)")
_DECADE_GATE = re.compile(r"0'?s")
_SCORE_GATE = re.compile(r"\d[-–]\d")
_YEAR_GATE = re.compile(r"1[5-9]\d\d|20\d\d|2100")
# every date match holds a month name (case-sensitive, as in re_date) or a numeric date
_MONTH_GATE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_NUMERIC_DATE_GATE = re.compile(r"\d-\d\d-\d|\d/\d")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _search_idents(rx: re.Pattern[str], s: str,
                   digit: re.Pattern[str] = DIGIT) -> Iterator[re.Match[str]]:
    """``re_ident.finditer(s)``: every match starts at its first digit or at the letters (and
    one hyphen) glued before it ("COVID-19", "A320"), so the pattern is tried from there."""
    pos, n = 0, len(s)
    while pos < n:
        d = digit.search(s, pos)
        if d is None:
            return
        k = d.start()
        if k > 0 and s[k - 1] in "-‑":
            k -= 1
        while k > 0 and s[k - 1] in _ASCII_LETTERS:
            k -= 1
        m = rx.search(s, max(pos, k))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


class _Masking:
    """The sentence as masked so far (every span taken blanked out by NULs, the same length
    as the sentence) and the spans taken. Spans are taken in passes, each over the text as
    masked before it (one pass's matches never overlap one another); ``flush`` blanks a
    pass's spans in one copy of the sentence, not one copy per span (quadratic in a sentence
    of 20,000 times)."""

    __slots__ = ("batch", "masked", "pending", "spans")

    def __init__(self, s: str) -> None:
        self.spans: list[tuple[str, int, int]] = []
        self.masked = s
        self.pending: list[tuple[int, int]] = []
        self.batch = len(s) > _MASK_BATCH  # a short sentence is simply copied per span

    def take(self, kind: str, a: int, b: int) -> None:
        masked = self.masked
        if "\0" in masked[a:b]:
            return
        self.spans.append((kind, a, b))
        if self.batch:
            self.pending.append((a, b))
        else:
            self.masked = masked[:a] + "\0" * (b - a) + masked[b:]

    def flush(self) -> str:
        pending = self.pending
        if pending:
            masked = self.masked
            parts: list[str] = []
            pos = 0
            for a, b in sorted(pending):
                parts.append(masked[pos:a])
                parts.append("\0" * (b - a))
                pos = b
            parts.append(masked[pos:])
            self.masked = "".join(parts)
            pending.clear()
        return self.masked


class MaskStage:
    """Masking what is not a quantity (a mixin of the Extractor)."""

    def init_mask(self) -> None:
        """The module patterns masking reads on every sentence (the ASCII twin has them too)."""

        self.p.re_year, self.p.re_second_end = _YEAR, _SECOND_END
        self.p.gate_numeric_date, self.p.gate_time, self.p.gate_phone = \
            _NUMERIC_DATE_GATE, _TIME_GATE, _PHONE_GATE
        self.p.gate_ordinal, self.p.gate_score, self.p.gate_year = _ORDINAL_GATE, _SCORE_GATE, _YEAR_GATE

    def compile_mask(self) -> None:
        """Dates, times, years and identifiers: not quantities."""
        self.p.re_date = _compile(
            rf"""
            (?<!\w)\b(?:(?:{DAYS}),?\s+)?
            (?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d|,\d)
              |\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?(?:,?\s+\d{{4}})?
              |(?:{MONTHS})\.?\s+\d{{4}}
              |\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
              |\d{{1,2}}/\d{{1,2}}/\d{{2,4}})\b
            """,
            re.VERBOSE,
        )
        self.p.re_time = _compile(
            r"""\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)
               |\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\b(?:\s?(?:GMT|UTC|ET|EDT|EST|BST|CET|PT|PDT|PST)\b)?
               |\b\d{4}\s?(?:GMT|UTC)\b""",
            re.VERBOSE,
        )
        self.p.re_decade = _compile(r"(?:\b|')(?:1[5-9]|20)?\d0'?s\b")
        self.p.re_ordinal = _compile(r"\b\d+(?:st|nd|rd|th)\b(?:-\w+)?")
        self.p.re_ident = _compile(
            r"""(?:\b[A-Za-z]+[-‑]?\d+[A-Za-z]*\b(?![.,]\d)            # COVID-19, F-35, A320, G7
               |\b\d+[A-Z][A-Za-z]*\b                             # 5G, 3D, 4K
               |(?<=\s)\d+(?![\d%]|[,.]\d|\s*(?:per|%)|\s?[-–]\s?\d(?<![ ][-–]\d)))  # iPhone 15, Big 12. (checked below)""",
            re.VERBOSE,
        )
        self.p.re_phone = _compile(r"(?<![\w.])\+?\(?\d{2,4}\)?[\s-]\d{3,4}[\s-]\d{3,4}(?![\w])")
        self.p.re_score = _compile(r"\b(\d{1,2})[-–](\d{1,2})\b(?!\s*(?:%|per\b|percent|[a-z]+-))")

    def mask_non_quantities(self, s: str) -> tuple[str, list[tuple[str, int, int]]]:
        """``s`` with every date, time, year, identifier, score, rank and phone number
        blanked out, and those spans as (kind, start, end)."""
        mk = _Masking(s)
        self._mask_dates_times(s, mk)
        self._mask_identifiers(s, mk)
        self._mask_years(s, mk)
        self._mask_second_ends(mk)
        return mk.flush(), mk.spans

    def _mask_dates_times(self, s: str, mk: _Masking) -> None:
        """Dates, clock times, phone numbers, yard lines, ranks, records, ordinals, decades
        and scores."""
        if mk.pending:
            mk.flush()
        if _MONTH_GATE.search(s) or self.p.gate_numeric_date.search(s):
            for m in self.p.re_date.finditer(s):
                mk.take("date", m.start(), m.end())
        # each pattern runs only where a cheap gate (a regex that starts with a digit or a
        # literal, which re scans for at C speed) shows it could match
        if mk.pending:
            mk.flush()
        if ":" in s or self.p.gate_time.search(s):
            for m in self.p.re_time.finditer(s):
                mk.take("time_of_day", m.start(), m.end())
        if mk.pending:
            mk.flush()
        if self.p.gate_phone.search(s):
            for m in self.p.re_phone.finditer(s):
                mk.take("phone", m.start(), m.end())
        if mk.pending:
            mk.flush()
        if "yard" in s:
            for m in _YARD_LINE.finditer(mk.masked):
                mk.take("position", m.start(), m.end())
        if mk.pending:
            mk.flush()
        if "#" in s or ("op" in s and _RANK_GATE.search(s)):
            for m in _RANK.finditer(mk.masked):
                mk.take("rank", m.start(), m.end())
        if mk.pending:
            mk.flush()
        scores = self.p.gate_score.search(s) is not None  # records, then scores: one test
        if scores:
            for m in _RECORD.finditer(mk.masked):
                mk.take("score", m.start(), m.end())
        if mk.pending:
            mk.flush()
        if self.p.gate_ordinal.search(s):
            for m in self.p.re_ordinal.finditer(mk.masked):
                mk.take("ordinal", m.start(), m.end())
        if mk.pending:
            mk.flush()
        if _DECADE_GATE.search(s):
            for m in self.p.re_decade.finditer(mk.masked):
                mk.take("year", m.start(), m.end())
        if mk.pending:
            mk.flush()
        for m in (self.p.re_score.finditer(mk.masked) if scores else ()):
            before = s[max(0, m.start() - 40) : m.start()].lower()
            after = s[m.end() : m.end() + 25].lower()
            if _rx(r"\b(?:won|win|lost|lose|beat|beating|defeated|draw|drew|score|scored|"
                         r"victory|aggregate|lead|led|trail|down|up|final|match|game)\b").search(before + " " + after):
                mk.take("score", m.start(), m.end())

    def _mask_identifiers(self, s: str, mk: _Masking) -> None:
        """Identifiers: "COVID-19", "A320", "5G", "iPhone 15" (not "USD34.6", "5km")."""
        if mk.pending:
            mk.flush()
        for m in _search_idents(self.p.re_ident, mk.masked, self.p.re_digit):
            a, b = m.start(), m.end()
            word = m.group()
            prev = s[max(0, a - 14) : a]
            lead = _LEAD_LETTERS.match(word)
            if lead and (lead.group() in self.units.currency_symbols
                         or lead.group() in ("R", "Rs", "RM") or s[a - 1 : a] == "$"):
                continue  # currency glued to digits: USD34.6, RM79, $US113 (not A320, S23)
            hy = _HYPHEN_LEAD.match(word)
            if hy and hy.group(1).lower() in self.lex.hyphen_words:
                continue  # "minus-130 degrees", "sub-7 nanometer", "her now-18 month-old"
            if word[0].isdigit() and not _rx(r"^\d+[A-Z]").match(word):
                # number after a capitalised word: "iPhone 15", "S&P 500", "Boeing 787"
                pm = _rx(r"([A-Za-z&.]+)\s$").search(prev)
                if not pm:
                    continue
                pw = pm.group(1)
                if (pw.rstrip(".") in MONTHS.split("|") or pw.lower() in self.lex.bound_before
                        or pw in self.units.currency_symbols or pw.lower() in self.lex.function_words
                        or not any(ch.isupper() or ch == "&" for ch in pw)
                        or _rx(r"[.,]\d").match(s[b : b + 2])):
                    continue
                if _rx(r"\s*(?:million|billion|thousand|bn|mn|m\b|k\b|%)").match(s[b:]):
                    continue
                unit_after = self.unit_at(s[b : b + 30])
                if unit_after is not None and unit_after[2] != "count":
                    continue
            else:
                m2 = _rx(r"^\d+([A-Za-z]+)$").match(word)
                if m2 and (m2.group(1) in self.units.scale_abbrev
                           or self.unit_forms.get(m2.group(1)) is not None
                           or m2.group(1).lower() in self.units.scale
                           or m2.group(1).lower() in self.unit_forms_lower):
                    continue  # 5km, 35m, 10bn: a quantity
                if _rx(r"^[A-Za-z]+\d").match(word):
                    letters = _rx(r"^[A-Za-z]+").match(word).group()  # type: ignore[union-attr]
                    if letters in self.units.currency_symbols:
                        continue
            mk.take("identifier", a, b)

    def _mask_years(self, s: str, mk: _Masking) -> None:
        """Years: four digits from 1500 to 2100 with no unit after them."""
        if mk.pending:
            mk.flush()
        for m in (self.p.re_year.finditer(mk.masked) if self.p.gate_year.search(mk.masked) else ()):
            a, b = m.start(), m.end()
            before = s[max(0, a - 12) : a].lower()
            after = s[b : b + 20]
            if _rx(r"(?:\$|£|€|¥)\s?$").search(before):
                continue
            if _rx(r"\s*(?:million|billion|thousand|per|%|percent)", re.IGNORECASE).match(after):
                continue
            u = self.unit_at(after)
            if u is not None and u[2] != "count":
                if not _rx(r"\b(?:in|since|by|of|from|until|through|between|year|early|"
                                 r"late|mid|the|and|to)\s*$").search(before):
                    continue
            # "from 1000 to 2000 hires", "2000 - 2500 Calories": the other end is no year
            om = _rx(r"(?<![\d,.])(\d[\d,]*)\s*(?:to|-|–)\s*$").search(before) or _rx(r"\s*(?:to|-|–)\s*(\d[\d,]*)(?![\d,]*\.\d)").match(after)
            if om and not _rx(r"1[5-9]\d\d|20\d\d|\d\d").fullmatch(om.group(1)):
                continue
            noun = _rx(r"\s*([A-Za-z]+)").match(after)
            # "the 2008 raid", "2012 Oscars": a count of two thousand takes a plural common
            # noun, so a singular or capitalised word after a bare four-digit year names an event
            attributive = noun is not None and (
                noun.group(1)[0].isupper()
                or singular(noun.group(1), self.lex.plural) == noun.group(1).lower())
            if u is not None and u[2] == "count" and not attributive and _rx(r"\b(?:about|some|over|nearly|than|of|the|least|almost|around|only|just)\s*$").search(before):
                continue
            mk.take("year", a, b)

    def _mask_second_ends(self, mk: _Masking) -> None:
        """The second end of a masked date or year span: "Sept. 20-24", "2014-15", "2019-20"."""
        if mk.pending:
            mk.flush()
        ending = {y: k for k, (kind, _x, y) in reversed(list(enumerate(mk.spans)))
                  if kind in ("date", "year")} if mk.spans else {}  # the first to end at each place
        for m in (self.p.re_second_end.finditer(mk.masked) if "\0" in mk.masked else ()):
            a, b = m.start() + 1, m.end()
            k = ending.get(a)
            if k is not None:
                kind, x, _y = mk.spans[k]
                mk.spans[k] = (kind, x, b)
                mk.pending.append((a, b))
