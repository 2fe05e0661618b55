"""Stage 5, bound, change and role: "more than", "about", "up to" (bounds); "rose 5%", "a 3%
drop" (changes); an age, a tenure or a span of time (roles, rules/cues.toml [roles])."""
from __future__ import annotations

import re

from ..cache import compile_pattern as _compile
from .figure import Num
from .patterns import alternation
from .patterns import compiled as _rx

# between two ages of one list: "ages 47 and 48", "ages 16, 12 and 6"
_AGE_LIST = re.compile(r"\s*(?:,|,?\s+and|,?\s+or|\s+to|-|–)\s*")
# a name, a comma, the number: "Ortiz, 35,", "Eric Holder Jr., 63,"
_APPOSITION = re.compile(
    r"(?<![\w.])(?P<name>[A-Z](?=[\w'’-]*[a-z])[A-Za-z'’-]+)(?:\s(?:Jr|Sr)\.)?,\s$")


class BoundStage:
    """Bounds, changes and roles of a figure (a mixin of the Extractor)."""

    def compile_bounds(self) -> None:

        bound_alt = alternation(self.lex.bound_before, ignorecase=True)
        self._bound_before_ends = tuple(self.lex.bound_before)
        self.p.re_bound_before = _compile(rf"(?:^|(?<=[\s(]))(?P<b>{bound_alt})\s*$", re.IGNORECASE)
        after_alt = alternation(self.lex.bound_after, ignorecase=True)
        self.p.re_bound_after = _compile(rf"^\s*(?P<b>{after_alt})(?![A-Za-z])", re.IGNORECASE)
        self.compile_roles(bound_alt)

    def compile_roles(self, bound_alt: str) -> None:
        """The cues of a duration's role (rules/cues.toml [roles]) as patterns over the text
        before or after the number."""

        def alt(key: str) -> str:
            words = self.lex.roles.get(key, [])
            return alternation(words, ignorecase=True) if words else "(?!)"

        # "aged 29", "at the age of 86", "ages 47": the cue ends right before the number
        self.p.re_role_age = _compile(rf"(?<![\w-]){alt('age_before')}\s+$", re.IGNORECASE)
        # "a 21-year veteran", "a 21-year FBI veteran", "12 years as mayor"
        self.p.re_role_tenure = _compile(
            rf"^(?:[\s-]+[\w.'’]+){{0,2}}?[\s-]+{alt('tenure_nouns')}(?![\w-])"
            rf"|^\s+{alt('tenure_after')}(?![\w-])", re.IGNORECASE)
        # "rose over 20 years", "in the past five years", "in under three hours"
        self.p.re_role_span_before = _compile(
            rf"(?:^|(?<=[\s(,]))(?P<cue>{alt('span_before')})\s+(?:{bound_alt}\s+)?$",
            re.IGNORECASE)
        # "eight days ago", "two weeks before the shooting"
        self.p.re_role_span_after = _compile(rf"^\s+{alt('span_after')}(?![\w-])",
                                             re.IGNORECASE)
        # "for over 20 years", "spent over 20 years": "over" is then a bound
        self.p.re_over_bound = _compile(rf"(?<![\w-]){alt('over_bound')}\s+$", re.IGNORECASE)

    def read_bound(self, s: str, n: Num) -> None:
        before = s[max(0, n.start - 30) : n.start]
        # every match ends ``before`` (but for white space) with a listed phrase: test that at
        # C speed first (lower() folds like IGNORECASE on ASCII text)
        if before.isascii() and not before.rstrip().lower().endswith(self._bound_before_ends):
            m = None
        else:
            m = self.p.re_bound_before.search(before)
        if m and n.role == "span" and "over" in n.context and m.group("b").lower() == "over":
            m = None  # "rose over 20 years": the preposition of a span, no bound
        if m:
            word = m.group("b").lower()
            # "over" after a verb of change is a preposition: "rose over 5%" is still a bound
            n.bound = self.lex.bound_before[word]
            n.context.append(m.group("b"))
            n.start = n.start - (len(before) - m.start("b"))
        after = s[n.end : n.end + 15]
        m2 = self.p.re_bound_after.match(after)
        if m2 and not (m2.group("b") == "+" and n.currency):
            n.bound = self.lex.bound_after[m2.group("b").lower()]
            n.context.append(m2.group("b"))
        elif m2 and m2.group("b") == "+":
            n.bound = ">="
        if n.vague and n.bound == "=":
            n.bound = "~"

    def read_role(self, s: str, n: Num, prev: Num | None) -> None:
        """Whether the figure is an age, a tenure or a span of time (cues.toml [roles]): a
        bare age ("aged 29", "Ortiz, 35,") becomes years; a duration keeps its unit."""
        if n.unit is None and not n.currency:
            top = n.high if n.low is not None else n.value
            if top is None or top != top.to_integral_value() or not 0 < top < 120:
                return
            before = s[max(0, n.start - 24) : n.start]
            if self.p.re_role_age.search(before) is None and not (
                    # "ages 47 and 48", "ages 16, 12 and 6": the next of a list of ages
                    prev is not None and prev.role == "age"
                    and _AGE_LIST.fullmatch(s, prev.end, n.start) is not None) and not (
                    # an age set off by commas after a name: "Ortiz, 35, was a 15-year member"
                    s[n.end : n.end + 1] == ","
                    and (am := _APPOSITION.search(s, max(0, n.start - 30), n.start)) is not None
                    and am.group("name").lower() not in self.lex.not_name):
                return
            n.unit, n.unit_kind, n.role = "year", "alias", "age"
            n.context.append("age")
            return
        if n.unit not in self.lex.durations:
            return
        if "age" in n.context:  # "the 29-year-old"
            n.role = "age"
            return
        after = s[n.end : n.end + 50]
        if self.p.re_role_tenure.match(after):
            n.role = "tenure"
            n.context.append("tenure")
            return
        if self.p.re_role_span_after.match(after):
            n.role = "span"
            n.context.append("span")
            return
        before = s[max(0, n.start - 40) : n.start]
        m = self.p.re_role_span_before.search(before)
        if m is None:
            return
        cue = m.group("cue").lower()
        if cue == "over" and self.p.re_over_bound.search(before, 0, m.start("cue")):
            return  # "for over 20 years": more than 20 years, the event's own length
        n.role = "span"
        n.context.append("span")
        if cue == "over":
            n.context.append("over")

    def read_change(self, s: str, n: Num) -> None:
        if n.role is not None:
            return  # an age, a tenure or a span is never a rise or fall of what is counted
        start = n.start
        before = s[max(0, start - 40) : start]
        words = _rx(r"[A-Za-z]+").findall(before)[-4:]
        tail = [w.lower() for w in words]
        # verb [by|to|of|nearly...] number
        for i in range(len(tail) - 1, -1, -1):
            w = tail[i]
            between = tail[i + 1 :]
            if any(x not in ("by", "to", "about", "around", "nearly", "almost", "some", "roughly",
                             "over", "more", "than", "less", "under", "a", "an", "another",
                             "just", "at", "least", "as", "much", "many", "up", "an", "estimated")
                   and not (x == "from" and n.transition)  # "fell from $2,415 to $2,315"
                   for x in between):
                break
            if w in ("up", "down") and i > 0 and tail[i - 1] in self.lex.phrasal:
                break  # "gave up 517 rushing yards": a phrasal verb, not a change
            if w in self.lex.change_verbs and not (w in ("up", "down", "higher", "lower") and between):
                n.change = self.lex.change_verbs[w]
                n.context.append(words[i])
                if "to" in between and "by" not in between:
                    n.context.append("to")
                break
            if w in self.lex.change_by and between[:1] == ["by"]:
                n.change = self.lex.change_by[w]
                n.context.append(words[i])
                break
        if n.change is None and tail[-1:] == ["by"]:
            # "raised its key rate by 50 basis points": the verb may stand a few words back
            for w in reversed(_rx(r"[A-Za-z]+").findall(s[max(0, start - 60) : start].lower())[-7:-1]):
                if w in self.lex.change_verbs or w in self.lex.change_by:
                    n.change = self.lex.change_verbs.get(w) or self.lex.change_by[w]
                    n.context.append(w)
                    break
                if w in ("and", "but", "while", "which", "that"):
                    break
        if n.change is None:
            after = s[n.end : n.end + 30].lower()
            m = _rx(r"\s*(?:[a-z-]+\s+)?([a-z]+)").match(after)
            if m and m.group(1) in self.lex.change_nouns and not _rx(r"\s*(?:of|in)\b").match(after):
                if n.unit in ("percent", "percentage_point", "basis_point") or n.currency:
                    n.change = self.lex.change_nouns[m.group(1)]
                    n.context.append(m.group(1))
        if n.change is None and n.unit in ("percent", "percentage_point", "basis_point", "point"):
            # an explicit sign in a market table is a change: "Dow +0.2%", "FTSE -0.6%"
            sign = _rx(r"[-+−]").match(s[n.start : n.end].lstrip("$£€¥"))
            if sign:
                n.change = "up" if sign.group() == "+" else "down"
