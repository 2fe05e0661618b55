"""Extract number-plus-unit statements from news text, with exact character spans.

The package is being split into stage modules; until then the extractor lives in
``_legacy`` and is re-exported here unchanged.
"""

from ._legacy import (
    _PROPORTION_CONN,
    MAX_DIGITS,
    SCOPE_REACH,
    Extractor,
    StatedPrecision,
    _distance,
    _Num,
    _SpanIndex,
    alternation,
    extract,
    extract_many,
    extract_text,
    get_extractor,
)

__all__ = [
    "_PROPORTION_CONN", "_distance", "_Num", "_SpanIndex",  # for the tests of fast paths
    "MAX_DIGITS", "SCOPE_REACH", "Extractor", "StatedPrecision", "alternation", "extract",
    "extract_many", "extract_text", "get_extractor",
]
