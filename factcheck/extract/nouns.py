"""Stage 4, units (counted nouns): what a bare figure counts, "1,180 lives", "400 charging
stations", "12 500 salariés", "3,5 Millionen Menschen"."""
from __future__ import annotations

from ..units import singular


class CountedNounStage:
    """The counted noun after a figure (a mixin of the Extractor)."""


    def counted_noun(self, after: str) -> tuple[str, str, int] | None:
        if self.lang is not None:
            return self._counted_noun_intl(after)
        pos = 0
        words: list[tuple[str, int, int]] = []
        modifiers: list[int] = []
        while True:
            wm = self.p.re_next_word.match(after, pos)
            if wm is None:
                break
            w = wm.group("w")
            lw = w.lower()
            if lw in self.lex.function_words or lw in self.lex.not_noun or lw in self.lex.time_after or lw.endswith("ly"):
                break
            if lw.endswith(("ed", "ing")) and lw not in self.lex.groups:
                # a participle may modify the counted noun: "400 charging stations",
                # "300 recorded songs", "517 rushing yards"; otherwise it ends the chunk
                if w[0].isupper() or len(words) >= 2:
                    break
                modifiers.append(len(words))
            words.append((w, wm.start("w"), wm.end("w")))
            pos = wm.end()
            if len(words) == 3:
                break
        if not words:
            return None
        # head: the first plural noun, else the last lower-case word
        head = None
        for i, (w, a, b) in enumerate(words):
            lw = w.lower()
            if i in modifiers:
                continue
            if (lw.endswith("s") and not lw.endswith(("ss", "'s", "’s")) and
                    (w[0].islower() or i == 0 and w[1:].islower() and len(w) > 3)) or lw in self.lex.plural:
                # lower-case plurals, and a capitalised plural right after the number:
                # "1,307,000 Americans", "12 Democrats"
                head = (w, b)
                break
        if head is None and pos and after[pos : pos + 5] in (" and ", " or "):
            # "4.3M digital and physical copies", "460 Kia and Hyundai vehicles": modifiers
            # joined by and/or before the counted noun; the noun is a plural a word or two on
            more = self.counted_noun(after[pos + 4 :] if after[pos + 1] == "a" else after[pos + 3 :])
            if more is not None and more[1].lower().endswith("s") and more[1][0].islower():
                off = pos + (4 if after[pos + 1] == "a" else 3)
                return more[0], more[1], off + more[2]
        if modifiers and head is None:
            return None
        if head is None:
            lows = [(w, b) for w, a, b in words if w[0].islower()]
            if not lows:
                return None
            head = lows[0]
        w, b = head
        if w.lower() in self.lex.stopwords:
            return None
        return singular(w.strip("'’-"), self.lex.plural), w, b

    def _counted_noun_intl(self, after: str) -> tuple[str, str, int] | None:
        """The counted noun after a number in a document of another language: the first
        word when it is a lower-case word that is no function word of the language
        ("12 500 salariés", "300 trabajadores", "1,2 milioni di unità"); in a language that
        capitalises nouns (German) the first capitalised word of the next two ("3,5
        Millionen Menschen", "300 neue Mitarbeiter"), kept as written. A plural is made
        singular by the language's [plural_endings] (rules/numbers.toml)."""
        lang = self.lang
        assert lang is not None
        pos = 0
        for _ in range(2 if lang.capitalised_nouns else 1):
            wm = self.p.re_next_word.match(after, pos)
            if wm is None:
                return None
            w = wm.group("w").strip("'’-")
            lw = w.lower()
            if lw in lang.stopwords or lw in lang.connectors or lw in self.lex.function_words \
                    or lw in self.units.scale or len(w) < 3:
                return None
            if lang.capitalised_nouns:
                if w[0].isupper():
                    return w, w, wm.end("w")
                pos = wm.end()
                continue
            if not w.islower():
                return None  # a name: "300 Airbus"
            return lang.singular(lw), w, wm.end("w")
        return None
