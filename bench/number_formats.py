"""Pass rate of the acceptance table of issue 20 per language and per number format.

The table lives in ``tests/numbers_news.py`` (real news sentences, quoted with their URL;
tests/test_numbers_news.py runs the same table, known failures as strict xfails); the rows
of ../shared/eval/pairs are read from there when it is present. Usage from the repository
root::

    python3 bench/number_formats.py

Prints one line per figure read wrong, then a table: language x format, passed/total.
Exits 1 when any figure is read wrong (the known failures included).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the working tree, not an installed copy
sys.path.insert(0, str(ROOT / "tests"))

from numbers_news import NEGATIVES, ROWS, SHARED
from test_numbers_news import PAIRS, reads_as

from factcheck import extract_text, load_rules
from factcheck.extract import get_extractor
from factcheck.models import Document
from factcheck.pipeline import with_languages


def main() -> int:
    total: Counter[tuple[str, str]] = Counter()
    passed: Counter[tuple[str, str]] = Counter()
    for lang, fmt, text, figure, value, unit in ROWS:
        total[lang, fmt] += 1
        if reads_as(extract_text(text), figure, value, unit):
            passed[lang, fmt] += 1
        else:
            print(f"WRONG {lang} {fmt} {figure!r} in {text[:70]!r}")
    if PAIRS.exists():
        rules = load_rules()
        cases = {c["id"]: c for c in map(json.loads, PAIRS.read_text("utf-8").splitlines())}
        for case, index, figure, value, unit, lang, fmt in SHARED:
            doc = with_languages([Document(case, cases[case]["docs"][index]["text"])], rules)[0]
            total[lang, fmt] += 1
            if reads_as(get_extractor(rules).extract(doc), figure, value, unit):
                passed[lang, fmt] += 1
            else:
                print(f"WRONG {lang} {fmt} {figure!r} in {case}/{index} (../shared)")
    else:
        print(f"(no {PAIRS}: its {len(SHARED)} rows left out)")
    for lang, text, figure in NEGATIVES:
        total[lang, "negative"] += 1
        if not [c for c in extract_text(text) if c.kind == "quantity" and figure in c.text]:
            passed[lang, "negative"] += 1
        else:
            print(f"WRONG {lang} negative {figure!r} read as a quantity in {text[:60]!r}")
    langs = sorted({k[0] for k in total})
    fmts = sorted({k[1] for k in total})
    print(f"\n{'':14}" + "".join(f"{la:>9}" for la in langs) + f"{'all':>9}")
    for f in fmts:
        cells = [f"{passed[la, f]}/{total[la, f]}" if total[la, f] else "" for la in langs]
        row_p = sum(passed[la, f] for la in langs)
        row_t = sum(total[la, f] for la in langs)
        print(f"{f:14}" + "".join(f"{c:>9}" for c in cells) + f"{row_p}/{row_t}".rjust(9))
    cells = [f"{sum(passed[la, f] for f in fmts)}/{sum(total[la, f] for f in fmts)}"
             for la in langs]
    p, t = sum(passed.values()), sum(total.values())
    print(f"{'all':14}" + "".join(f"{c:>9}" for c in cells) + f"{p}/{t}".rjust(9))
    print(f"\n{p}/{t} read right ({100 * p / t:.1f} %)")
    return 0 if p == t else 1


if __name__ == "__main__":
    sys.exit(main())
