"""Stage 6, context (attribution): who says so. "according to X", "X said", "X, which ...,
said", "X on Monday said", "..., saying", "said X"; the patterns and the readers of a
sentence's sources (``find_attributions``)."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..cache import compile_pattern as _compile
from ..dates import MONTHS
from .lexicon import DAYS, WHEN_WORDS
from .patterns import CASE_FOLDS, alternation
from .patterns import compiled as _rx

if TYPE_CHECKING:
    from .extractor import Extractor


_LOWER_WORD = re.compile(r"[a-z]+")
_CHUNK = re.compile(r"\S+")
# the words a subject-verb match is made of ("the", capitalised words, a subject noun and an
# auxiliary before the verb): walking back from a verb over chunks that could be one of them
# finds where a match may start; at most this many chunks (6 names, a two-word subject, margin)
_SUBJECT_CHUNKS = 12
# "Officials in Tokyo", "The Health Ministry in Kabul", "the station in northwest Delhi": a
# place after a locative preposition (rules/cues.toml [attribution] place_prepositions and
# place_directions) modifies the subject before it; it does not speak
_HEAD_STOP = re.compile(r"^(?:.*\b(?:the|a|an|of|and|by|for|to|with)\s+)", re.IGNORECASE)


def _match_at(rx: re.Pattern[str], s: str, anchors: Iterable[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose every match starts at one of ``anchors``
    (ascending): the pattern is tried only there."""
    pos = 0
    for g in anchors:
        if g < pos:
            continue
        m = rx.match(s, g)
        if m is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1


def _ci_anchors(s: str, low: str, words: Iterable[str]) -> list[int]:
    """Every position where one of ``words`` (lower case) occurs in ``s`` ignoring case;
    all positions of the string when lower-casing moves characters or folds specially."""
    if len(low) != len(s) or CASE_FOLDS.search(s):
        return list(range(len(s)))
    out: set[int] = set()
    for w in words:
        i = low.find(w)
        while i >= 0:
            out.add(i)
            i = low.find(w, i + 1)
    return sorted(out)


def _attr_extras(ex: Extractor, s: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Subjects separated from their attribution verb: by a relative clause (", which ...,"),
    by what was done with a report ("an analysis published on July 9 that said") or by the
    day ("China on Monday reported"). With each match, whether any capitalised word will do
    as the name (a word before "on Monday said" is no sentence's mere first word)."""
    if (", which " in s or ", who " in s) and ex.p.gate_attr_relative.search(s):
        yield from ((m, False) for m in ex.p.re_attr_relative.finditer(s))
    if ex.p.re_that_verb.search(s):
        yield from ((m, False) for m in ex.p.re_attr_that.finditer(s))
    if " on " in s and ex.p.re_on_day.search(s):
        yield from ((m, True) for m in ex.p.re_attr_day.finditer(s))


def _names_a_source(ex: Extractor, who: str, alone: bool = True) -> bool:
    """A name of two capitalised words or more, a word that names a source ("police",
    "analysis") or, with ``alone``, an acronym; a lone capitalised word may just open the
    sentence ("Prices")."""
    words = who.split()
    if not words:
        return False
    if words[-1].lower() in ex.lex.attr_subjects:
        return True
    caps = [w for w in words if w[0].isupper()]
    return len(caps) >= 2 or (alone and len(words) == 1 and len(who) >= 2 and who.isupper())


def _is_when(ex: Extractor, who: str) -> bool:
    """Whether a would-be source only says when: "Monday", "July 9", "Last Monday" (not the
    retailer "Next")."""
    words = who.replace(",", " ").split()
    return any(w in WHEN_WORDS for w in words) and all(
        w in WHEN_WORDS or w.isdigit() or w.lower() in ex.lex.when_parts for w in words)


def _subject_verb(ex: Extractor, s: str, present: Iterable[str]) -> Iterator[re.Match[str]]:
    """``ex.p.re_subject_verb.finditer(s)``, trying the pattern only in the few chunks before
    each attribution verb (every match ends with one, as a whole word, and is made of
    capitalised words and a few listed lower-case ones)."""
    pos = 0
    chunks: list[re.Match[str]] | None = None
    starts: list[int] = []
    rx = ex.p.re_subject_verb
    verb_at = ex.p.re_attr_verb_at.match
    # where the verbs' first words stand as whole lower-case words ("said", "data")
    at: list[int] = []
    for word in present:
        i = s.find(word)
        while i >= 0:
            j = i + len(word)
            if not ("a" <= s[i - 1 : i] <= "z" or "a" <= s[j : j + 1] <= "z"):
                at.append(i)
            i = s.find(word, j)
    at.sort()
    for i in at:
        if i < pos:
            continue
        g = verb_at(s, i)
        if g is None:
            continue
        if chunks is None:
            chunks = list(ex.p.re_chunk.finditer(s))
            starts = [c.start() for c in chunks]
        j = bisect_right(starts, g.start()) - 2  # the chunk before the verb's
        steps = 0
        lower = ex.lex.subject_lower
        # up to two lower-case words before a subject: "national seismology centre"
        modifiers = 0
        while j >= 0 and steps < _SUBJECT_CHUNKS:
            c = chunks[j].group()
            if not (c[0].isupper() or c in lower):
                if modifiers >= 2 or j + 1 + modifiers >= len(chunks) \
                        or chunks[j + 1 + modifiers].group() not in ex.lex.attr_subjects:
                    break
                modifiers += 1
            j -= 1
            steps += 1
        lo = max(pos, starts[j] if j > 0 else 0)
        while True:
            m = rx.search(s, lo, g.end())
            if m is None:
                break
            yield m
            pos = lo = m.end() if m.end() > m.start() else m.start() + 1


def _speaker_of_place(locative: re.Pattern[str], gate: re.Pattern[str], sentence: str, at: int,
                      who: str) -> str:
    """The subject a place name belongs to: "Officials in Tokyo reported" is said by the
    officials in Tokyo (the name kept with its place), "The Health Ministry in Kabul said" by
    the Health Ministry; a name not after a locative preposition is returned as it is."""
    lo = max(0, at - 80)
    if gate.search(sentence, lo, at) is None:
        return who  # no locative preposition right before the name (most sentences)
    m = locative.search(sentence, lo, at)
    if m is None:
        return who
    head = _HEAD_STOP.sub("", m.group("head")).strip(" ,;:\"'“”")
    if not head or not head[:1].isalpha():
        return who
    words = head.split()
    start = m.start("head") + len(m.group("head")) - len(head.lstrip())
    # a name of its own ("Health Ministry"), not a common noun capitalised to open the
    # sentence ("Officials in Tokyo")
    if len(words) >= 2 and all(w[:1].isupper() for w in words) or (
            words[0][:1].isupper() and sentence[:start].strip()):
        return head
    return f"{head} in {who}"


def _clean_who(who: str) -> str:
    who = _rx(r"^(?:the|The|an?|An?)\s+").sub("", who.strip())
    if who.count("(") > who.count(")"):
        who = who[: who.rindex("(")]
    who = _rx(r"(?<!\s)\s++(?:on|in|at|that|which|who|as|published|released|issued|filed|told|said)\b.*$").sub("", who)
    who = who.strip(" ,.;:\"'“”")
    # a run of white space inside is one space: a name is never kilobytes of blanks
    return " ".join(who.split()) if "  " in who or "\n" in who else who


def find_attributions(ex: Extractor, sent: str, low: str) -> list[tuple[int, int, str]]:
    """Every (start, end, who) of the sources a sentence names (``low``: it lower-cased),
    in the order the readers find them; ``who`` may be empty."""
    found: list[tuple[int, int, str]] = []
    if any(p in low for p in ex.attr_prefixes_lower):
        for m in _match_at(ex.p.re_according, sent, _ci_anchors(sent, low, ex.attr_prefixes_lower)):
            who = _clean_who(m.group("who"))
            if (ex.lex.attr_name_prefixes and not _names_a_source(ex, who, alone=True)
                    and not who[:1].isupper()
                    and m.group().split(None, 1)[0].lower() in ex.lex.attr_name_prefixes):
                continue  # "per share": a rate, not a source
            found.append((m.start(), m.end(), who))
    present = ex.attr_verb_words.intersection(_LOWER_WORD.findall(sent))
    if present:
        # patterns that reach the subject over words between it and the verb; where
        # one matches, it stands for that verb
        extra = [(m.start(), m.end(), who) for m, any_name in _attr_extras(ex, sent)
                 if (who := _clean_who(m.group("who"))) and not _is_when(ex, who)
                 and (any_name or _names_a_source(ex, who))]
        found.extend(extra)
        taken = {f[1] for f in extra}
        for m in _subject_verb(ex, sent, present):
            who = _clean_who(m.group("who"))
            if m.end() in taken or _is_when(ex, who):
                continue  # "A study published on Monday said": Monday is not who
            who = _speaker_of_place(ex.p.re_locative_before, ex.p.gate_locative, sent,
                                   m.start("who"), who)
            if who and who.lower() not in ("it", "he", "she", "they", "this", "that"):
                found.append((m.start(), m.end(), who))
        for m in (ex.p.re_said_name.finditer(sent) if not present.isdisjoint(ex.lex.said_words) else ()):
            who = _clean_who(m.group("who"))
            if who.split(" ", 1)[0] not in WHEN_WORDS:  # "said Friday night"
                found.append((m.start(), m.end(), who))
    if any(p in sent for p in ex.participle_words):
        m = ex.p.re_attr_participle.match(sent)
        if m is not None:
            who = _clean_who(m.group("who"))
            if who and _names_a_source(ex, who, alone=False) and not _is_when(ex, who):
                # the figures after ", saying" are the subject's
                found.append((m.start("verb"), m.end("verb"), who))
    return found


class AttributionStage:
    """The attribution patterns (a mixin of the Extractor)."""

    def init_attribution(self) -> None:
        self.p.re_chunk = _CHUNK

    def compile_attribution(self) -> None:
        """A subject and its verb, "according to", and the gates before them."""
        prefixes = alternation(self.lex.attr_prefixes, ignorecase=True)
        self.p.re_according = _compile(
            rf"""\b(?:{prefixes})\s+                     # "according to", "per"
            (?P<who>(?:the\s+)?
              (?:[^,;.\"“”]                              # the name: no comma, stop or quote
                |(?<![A-Za-z][A-Z])(?<=[A-Z])\.          #   but an initial's full stop ("U.S.")
              ){{2,80}}?)
            (?=\s*(?:[,;\"“”)]                          # it ends at a comma, quote, bracket,
                |\.(?<!(?<![A-Za-z])[A-Z]\.)            #   a full stop (not an initial's),
                |$                                       #   the end of the sentence
                |\s(?:on|in|at|that|which|who|as|published)\b))  # or where the clause goes on""",
            re.IGNORECASE | re.VERBOSE,
        )
        verbs = alternation(self.lex.attr_verbs)
        # cheap gates: a literal alternation (no look-behind) lets re skip ahead fast
        self.p.re_attr_verb_gate = _compile(
            alternation({*self.lex.attr_verbs, "said", "says", "told"}))
        self.attr_prefixes_lower = tuple({p.lower() for p in self.lex.attr_prefixes})
        # a subject-verb match ends with a verb as a whole word: find those first, then try
        # the (slow, unanchored) subject pattern only in the few words before each
        self.p.re_attr_verb_at = _compile(
            r"\b" + alternation(self.lex.attr_verbs) + r"\b")
        self.attr_verb_words = frozenset(v.split()[0] for v in self.lex.attr_verbs)
        subjects = alternation(self.lex.attr_subjects) if self.lex.attr_subjects else "(?!)"
        # words that never stand between a source noun and what qualifies it
        function_words = "and|or|but|a|an|of|to|in|on|at|by|for|with|that|which|who|as"
        self.p.re_subject_verb = _compile(
            rf"""(?<![\w-])(?P<who>
              (?:(?:the|The)\s+)?                        # "the"
              (?:[a-z]+['’]s\s+)?                        # a possessive: "China's"
              (?:[A-Z][\w.&'’-]*\s+){{0,6}}?             # capitalised words
              (?:[A-Z][\w.&'’-]*                         # a name ends with a capitalised word
                |(?:(?!(?:{function_words})\s)[a-z][\w-]*(?<=s)['’]?\s+  # or a plural or
                   |(?!(?:{function_words})\s)[a-z][\w-]*\s+            # other modifier
                 ){{0,2}}{subjects}))                    #   and a source noun ("police")
            \s+(?:(?:has|have|had|also|previously|now|later)\s+)?  # an auxiliary
            (?P<verb>{verbs})\b                          # the attribution verb""",
            re.VERBOSE,
        )

    def compile_attribution_gaps(self) -> None:
        """Subjects apart from their verb (a relative clause, a day, a report), ", saying", a
        place after a locative preposition, "said X"."""
        verbs = alternation(self.lex.attr_verbs)
        subjects = alternation(self.lex.attr_subjects) if self.lex.attr_subjects else "(?!)"
        function_words = "and|or|but|a|an|of|to|in|on|at|by|for|with|that|which|who|as"
        # a lower-case word before a source noun ("Russian emergency services"), not a
        # function word ("of the department")
        modifier = rf"(?!(?:{function_words}|the)\s)[a-z][\w-]*\s+"
        # capitalised words, with "of", "and", "for" or "&" between them ("Bank of America Corp.")
        cap_name = r"[A-Z][\w.&'’-]*(?:\s+(?:(?:of|and|for|&)\s+)?[A-Z][\w.&'’-]*){0,5}"
        # "The Civil Human Rights Front, which organised the march, estimated": a relative
        # clause between the subject and its verb
        self.p.re_attr_relative = _compile(
            rf"""(?<![\w-])(?P<who>{cap_name}            # a name
              |(?:(?:the|The)\s+)?(?:{modifier}){{0,2}}{subjects}),\s+  # or a source noun
            (?:which|who)\s+[^,;]{{1,80}}?,\s+           # ", which organised the march,"
            (?:(?:has|have|had|also|later)\s+)?
            (?P<verb>{verbs})\b""",
            re.VERBOSE,
        )
        # "a rapid scientific analysis published on July 9 that said": a reporting noun, what
        # was done with it (cues.toml [attribution] report_verbs), and "that"
        report_verbs = alternation(self.lex.attr_report_verbs) if self.lex.attr_report_verbs else "(?!)"
        self.p.re_attr_that = _compile(
            rf"""\b(?P<who>(?:a|an|the|A|An|The)\s+(?:[\w-]+\s+){{0,3}}?{subjects})\s+  # "an analysis"
            (?:(?:{report_verbs})\b[^,;.]{{0,50}}?\s+(?:that\s+)?  # "published on July 9 that"
              |that\s+)                                  # or just "that"
            (?P<verb>{verbs})\b""",
            re.VERBOSE,
        )
        # "Sysco Corp. (SYY.N) on Monday said", "China late on Friday reported": the day
        # between the subject and its verb
        self.p.re_attr_day = _compile(
            rf"""(?<![\w.-])(?P<who>{cap_name}           # a name
              |(?:(?:the|The)\s+)?(?:{modifier}){{0,2}}{subjects})  # or a source noun
            (?:\s*\([^()]{{1,20}}\))?                     # "(SYY.N)"
            \s+(?:(?:late|early)\s+)?on\s+
            (?:{DAYS}|(?:{MONTHS})\.?\s+\d{{1,2}})         # "on Monday", "on July 9"
            \s+(?:(?:also|again)\s+)?(?P<verb>{verbs})\b""",
            re.VERBOSE,
        )
        # gates: the two patterns above are tried only where these literal-led ones match,
        # each the end of its pattern's every match (the day and the verb; the comma, the
        # relative clause and the verb): re scans for them at C speed, where the subject
        # patterns, which open with a look-behind, are tried at every character
        self.p.re_on_day = _compile(
            rf"on\s+(?:{DAYS}|(?:{MONTHS})\.?\s+\d{{1,2}})\s+(?:(?:also|again)\s+)?(?:{verbs})\b")
        self.p.gate_attr_relative = _compile(
            rf",\s+(?:which|who)\s+[^,;]{{1,80}}?,\s+(?:(?:has|have|had|also|later)\s+)?"
            rf"(?:{verbs})\b")
        self.p.re_that_verb = _compile(
            rf"that\s+(?:{verbs})\b|{report_verbs}")
        participles = alternation(self.lex.attr_participles) if self.lex.attr_participles else "(?!)"
        # "The Hong Kong police has since provided a much more conservative figure, saying
        # there were 338,000": the sentence's subject, then ", saying"
        self.p.re_attr_participle = _compile(
            rf"""(?:(?:The|the)\s+)?(?P<who>(?:[A-Z][\w.&'’-]*\s+){{0,5}}?  # capitalised words
              (?:(?:[a-z][\w-]*\s+)?{subjects}\b         # and a source noun ("police")
                |[A-Z][\w.&'’-]*))                       #   or a name
            \s+(?!(?:{subjects})\b)[a-z][^;:]*?          # what the subject did
            ,\s+(?P<verb>{participles})\b(?!\s+to\b)    # ", saying" (not "saying to")""",
            re.VERBOSE,
        )
        self.participle_words = tuple(self.lex.attr_participles)
        attribution = self.rules.cues["attribution"]
        preps = alternation(attribution.get("place_prepositions", [])) or "(?!)"
        dirs = alternation(attribution.get("place_directions", [])) or "(?!)"
        self.p.re_locative_before = _compile(
            rf"(?P<head>(?:[\w.&'’-]+\s+){{0,3}}?[\w.&'’-]+)\s+(?:{preps})\s+"
            rf"(?:(?:{dirs})\w*\s+)?$")
        # what every match of re_locative_before ends with: tried first, it scans the window
        # at C speed where the full pattern tries its words from every character
        self.p.gate_locative = _compile(rf"\s(?:{preps})\s+(?:(?:{dirs})\w*\s+)?$")
        said = "|".join(re.escape(w) for w in self.lex.said_words)
        self.p.re_said_name = _compile(
            rf"\b(?:{said})\s+(?P<who>(?:[A-Z][\w.'’-]+\s*){{1,5}})"
        )
