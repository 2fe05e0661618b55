"""Extract number-plus-unit statements from news text, with exact character spans.

The extractor reads each sentence in stages, each in the module of its name (reading order):

1. ``mask``: dates, clock times, years, ordinals, identifiers ("iPhone 15", "COVID-19"),
   scores and phone numbers become claims of another kind and are masked;
2. ``numbers`` and ``number_words``: numbers written with digits or words, with a currency
   prefix and a scale word ("$1.2bn", "USD34.6 million", "half a million");
3. ``ranges``: "25% to 50%", "between 10 and 20 billion", "1-1.5 degrees";
4. ``units`` and ``nouns``: unit aliases, special units, currencies, compound rates ("$58.24
   per barrel"), ages ("15-year-old") and counted nouns ("1,180 lives" counts lives);
5. ``bound``: "more than", "about" (bounds), "rose 5%", "a 3% drop" (changes), ages,
   tenures and spans (roles);
6. ``context`` and ``attribution``: what is measured, who says so, when, and scope words;
7. ``claim``: the Claim, its SI value and stated precision, its line and column.

``extractor`` holds the Extractor (the stages as mixins, ``read_sentence`` running them in
order), ``document`` reads a document sentence by sentence, ``languages`` makes the views for
other languages; ``patterns`` (pattern tools), ``lexicon`` (vocabularies) and ``figure``
(``Num``, the figure passed between stages) are shared by the stages.

Every vocabulary comes from rules/ (see rules/units.toml and rules/cues.toml) or ``lexicon``.
Values are ``Decimal``; spans satisfy ``text[claim.start:claim.end] == claim.text`` always.
"""

from .claim import StatedPrecision
from .context import SCOPE_REACH, _distance, _SpanIndex
from .extractor import Extractor, extract, extract_many, extract_text, get_extractor
from .figure import Num
from .numbers import _PROPORTION_CONN, MAX_DIGITS
from .patterns import alternation

_Num = Num  # the name the tests of fast paths use

__all__ = [
    "MAX_DIGITS",
    "SCOPE_REACH",
    "_PROPORTION_CONN",
    "Extractor",
    "Num",
    "StatedPrecision",
    "_Num",
    "_SpanIndex",
    "_distance",
    "alternation",
    "extract",
    "extract_many",
    "extract_text",
    "get_extractor",
]
