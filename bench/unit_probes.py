"""Count how many unit probes read right: value, unit, dimension, bound (and SI value,
ambiguity and change where the probe states them).

The table lives in ``tests/unit_probes.py`` (the test suite runs the same table). Usage from
the repository root::

    python3 bench/unit_probes.py [--kind KIND]

Prints one line per failure and then "N/M probes read right"; exits 1 when any probe fails.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

# the working tree, not an installed copy that may be older
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from unit_probes import PROBES, read


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", help="only probes of this kind (tons, currency, ...)")
    args = ap.parse_args()
    probes = [p for p in PROBES if args.kind in (None, p.kind)]
    right = 0
    by_kind: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for p in probes:
        problems = read(p)
        by_kind[p.kind] += 1
        if problems:
            wrong[p.kind] += 1
            print(f"FAIL  {p.id}\n      " + "; ".join(problems))
        else:
            right += 1
    print("per kind: " + ", ".join(f"{k} {by_kind[k] - wrong[k]}/{by_kind[k]}" for k in by_kind))
    print(f"{right}/{len(probes)} probes read right")
    return 0 if right == len(probes) else 1


if __name__ == "__main__":
    sys.exit(main())
