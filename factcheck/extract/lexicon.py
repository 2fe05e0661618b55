"""The vocabularies of the extract stages: ``Lexicon``, read from the rules once, and the
calendar words of ``factcheck.dates`` (days, months) the patterns are written with."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..dates import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from ..rules import Rules

DAYS = WEEKDAYS
# the small numbers of a proportion ("one in four"; numbers.py), as its pattern spells them
SMALL_NUMBER = "one|two|three|four|five|six|seven|eight|nine|ten"
# capitalised words that say when, not who: "officials said Friday night"
WHEN_WORDS = frozenset(DAYS.split("|") + MONTHS.split("|"))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The vocabularies of the extract stages read from the rules (cues.toml, concepts.toml,
    numbers.toml, units.toml): what bounds, changes, attributes, scopes and plays a role,
    what counts as a concept word, the words that are no unit and no name, number and
    fraction words; ``number_words`` are the document language's (English here: a language
    view has its own, numbers.toml)."""

    plural: dict[str, str]  # concepts.toml [plural]: irregular plurals
    implied_unit: dict[str, str]  # "11 were killed": the participle says who is counted
    stopwords: frozenset[str]  # no concept words
    groups: dict[str, str]  # a concept word's group (lower case)
    bound_before: dict[str, str]  # "more than" -> ">"
    bound_after: dict[str, str]  # "or more" -> ">="
    change_verbs: dict[str, str]  # "rose" -> "up"
    change_by: dict[str, str]  # verbs that are a change only with "by"
    change_nouns: dict[str, str]  # "a 3% drop"
    phrasal: frozenset[str]  # "gave up": "up" is no change after these
    attr_verbs: list[str]  # attribution verbs, longest first
    attr_prefixes: list[str]  # "according to", longest first
    attr_name_prefixes: frozenset[str]  # prefixes that need a name after them ("per")
    attr_subjects: frozenset[str]  # nouns that name a source ("police")
    attr_report_verbs: list[str]  # "published", longest first
    attr_participles: list[str]  # ", saying", longest first
    subject_lower: frozenset[str]  # the lower-case words of a subject-verb match
    scope_cues: list[str]  # longest first
    roles: dict[str, list[str]]  # cues.toml [roles]
    english_number_words: dict[str, int]  # numbers.toml [languages.en.number_words]
    fraction_words: dict[str, Decimal]  # numbers.toml [fraction_words]: "half", "third"
    unicode_fractions: dict[str, Decimal]  # numbers.toml [unicode_fractions]: "½"
    number_words: dict[str, int]  # the document language's number words (English here)
    not_symbol: frozenset[str]  # units.toml [not_units] symbols: "US", "NFL", "CEO"
    hyphen_words: frozenset[str]  # [not_units] hyphen_words: "minus-130", "sub-7"
    of_not_noun: frozenset[str]  # [not_units] of_not_noun: "three of them"
    pre_noun: frozenset[str]  # [not_units] pre_noun: "eight more picks"
    not_noun: frozenset[str]  # [not_units] not_noun: "5 percent", "3 times"
    function_words: frozenset[str]  # concepts.toml [function_words] words
    not_name: frozenset[str]  # the function words and [function_words] not_name
    said_words: tuple[str, ...]  # cues.toml [attribution] said: "said X", in file order
    time_after: frozenset[str]  # cues.toml [time_words] after: "rose to 25 late Friday"
    when_parts: frozenset[str]  # [time_words] when_parts: "Friday night", "last Monday"
    durations: frozenset[str]  # [time_words] durations: an age, a tenure or a span
    scale_only: tuple[str, ...] = ()  # number words read only before a scale word

    @staticmethod
    def from_rules(rules: Rules) -> Lexicon:
        cues = rules.cues
        concepts = rules.concepts
        attribution = cues["attribution"]
        groups: dict[str, str] = {}
        for key, words in concepts.get("groups", {}).items():
            for w in words:
                groups.setdefault(w.lower(), key)
        subjects = frozenset(attribution.get("subjects", []))
        numbers = rules.numbers
        not_units = rules.units["not_units"]
        function_words = frozenset(concepts["function_words"]["words"])
        english = {k.lower(): int(v)
                   for k, v in numbers["languages"]["en"]["number_words"].items()}
        return Lexicon(
            plural=dict(concepts.get("plural", {})),
            implied_unit=dict(concepts.get("implied_unit", {})),
            stopwords=frozenset(concepts.get("stopwords", {}).get("words", [])),
            groups=groups,
            bound_before={k.lower(): v for k, v in cues["bound_before"].items()},
            bound_after={k.lower(): v for k, v in cues["bound_after"].items()},
            change_verbs=dict(cues.get("change_verbs", {})),
            change_by=dict(cues.get("change_verbs_with_by", {})),
            change_nouns=dict(cues.get("change_nouns", {})),
            phrasal=frozenset(w.lower() for w in cues.get("phrasal", {}).get("verbs", [])),
            attr_verbs=sorted(attribution["verbs"], key=len, reverse=True),
            attr_prefixes=sorted(attribution["prefixes"], key=len, reverse=True),
            attr_name_prefixes=frozenset(p.lower() for p in attribution.get("name_prefixes", [])),
            attr_subjects=subjects,
            attr_report_verbs=sorted(attribution.get("report_verbs", []), key=len, reverse=True),
            attr_participles=sorted(attribution.get("participles", []), key=len, reverse=True),
            subject_lower=subjects | frozenset(attribution["subject_words"]),
            scope_cues=sorted(cues["scope"]["cues"], key=len, reverse=True),
            roles={k: list(v) for k, v in cues.get("roles", {}).items() if isinstance(v, list)},
            english_number_words=english,
            fraction_words=_ratios(numbers["fraction_words"]),
            unicode_fractions=_ratios(numbers["unicode_fractions"]),
            number_words=english,
            not_symbol=frozenset(not_units["symbols"]),
            hyphen_words=frozenset(not_units["hyphen_words"]),
            of_not_noun=frozenset(not_units["of_not_noun"]),
            pre_noun=frozenset(not_units["pre_noun"]),
            not_noun=frozenset(not_units["not_noun"]),
            function_words=function_words,
            not_name=function_words | frozenset(concepts["function_words"]["not_name"]),
            said_words=tuple(attribution["said"]),
            time_after=frozenset(cues["time_words"]["after"]),
            when_parts=frozenset(cues["time_words"]["when_parts"]),
            durations=frozenset(cues["time_words"]["durations"]),
        )


def _ratios(table: dict[str, list[int]]) -> dict[str, Decimal]:
    """word = [numerator, denominator] as exact Decimals: "third" = [1, 3] is 1/3."""
    return {k: Decimal(a) / Decimal(b) for k, (a, b) in table.items()}
