"""Fuzz `report`: run generated hostile documents through the pipeline and every renderer.

    python bench/fuzz.py [--documents 10000] [--seed 0] [--timeout 10]

Each document is built from news sentences, number forms that break parsers (1e308, 10^400,
5,000 digits, 1,1,1,..., Unicode digits, fractions), units, HTML, Markdown, control
characters and random Unicode, and is paired with a second one so that matching and
comparison run too. A failure is an exception, a claim whose span does not give back its
text (``doc.text[start:end] != claim.text``), an unescaped '<' in the Markdown report, JSON
output with Infinity or NaN, a JSONL claim record over RECORD_MAX characters (its sentence
must be clipped), or a document that takes longer than --timeout seconds. ISSUE21 adds the
fragments of issue 21 by class (long sentences, invisible characters and foreign separators
inside numbers, figures beyond float range, raw line separators). Prints the count of failures and the first
few with their seed so each can be replayed with ``--seed N --documents 1``.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.inputs import html_text
from factcheck.models import Document
from factcheck.pipeline import analyse
from factcheck.report import Format, render, render_claims
from factcheck.rules import load_rules

SENTENCES = [
    "The flood killed {n} people, police said.",
    "According to the ministry, {n} {u} of rice were exported in 2023.",
    "Reserves totalled {n} million {u} as of January 1.",
    "The toll rose to {n} on Monday from {n} on Sunday.",
    "Prices rose {n}% to ${n} billion, up {n} percentage points.",
    "About {n} to {n} {u} fell, while {n} were injured.",
    "It cost €{n}m, or £{n}bn, or {n} yen.",
    "The road is {n} {u} long and {n} {u} wide.",
]
NUMBERS = [
    "12", "1,200", "3.8", "0.5", "1e308", "1e309", "1.8e308", "10^400", "10^-400", "-0",
    "9" * 5000, "1," * 2000 + "1", "½", "3½", "٣", "１２", "𝟏𝟐", "1/0", "NaN", "inf",
    "two-thirds", "dozens", "1.2.3.4", "1 000 000", "12\u00a0000", "−14", "+7", "0x1F",
    "1e-320", "99999999999999999999999", "3.14159265358979323846264338327950288",
]
UNITS = ["km", "tons", "metric tons", "people", "kg", "mph", "°C", "MW", "barrels", "Mt", "kt",
         "percent", "bn", "µm", "mL", "acres", "", "nosuchunit", "m²", "km/h"]
NOISE = [
    "<script>alert('12 km')</script>", "<b>", "</i>", "[x](javascript:alert(1))", "`", "*",
    "\x1b[31m", "\u202e", "\u200b", "\x07", "\r", "\r\n", "\n\n", "\t", "&amp;", "&#0;",
    "|", "---", "> ", "# ", "=SUM(A1)", "\ufeff", "\ud7ff", "“", "”", "—", "...", "!?",
]


# issue 21, by class: fragments mixed into the documents
ISSUE21 = {
    # 1/2: one long sentence (no full stop) with many figures, time phrases, attributions,
    # scope cues, ranges and runs of white space. Kept to some 40 figures: pairing two
    # documents of hundreds of equal figures each is quadratic in compare/match (issue 21,
    # left open), and bench/hostile_scale.py measures the extractor on the long forms
    "long": [
        "12 kg on Monday, " * 40, "Police said 12 kg, " * 40, "12 kg of rice; " * 40,
        " and ".join(str(i) for i in range(1, 60)) + " kg", "from 3 to 4 kg, " * 30,
        "It cost more than 12" + " " * 20_000 + "x", "12 kt, 13 degrees, 14 pounds, " * 15,
        "12 kg alone, so far 13, " * 20, "12:30, Sept. 20-24, 12th, " * 20, "1/2 kg, " * 40,
        "1" + "\u200b" * 5_000 + "2 kg", "<p " + " ".join(f"a{i}=x" for i in range(3_000)) + ">",
    ],
    # 4: digits a reader must not split or overflow
    "digits": [
        "1\u200b2", "$3\u200d000 million", "4\u00ad5", "6\ufeff7", "\uff11\uff12\uff0c\uff10\uff10\uff10",
        "\u0661\u066c\u0662\u0660\u0660", "\u0663\u066b\u0665", "2 x 10^999 kg", "2 x 10^306 km",
        "\u2028", "\u2029", "\u0085",
    ],
}
RECORD_MAX = 8_000  # characters of a JSONL claim record beyond its text ("sentence_full" aside)


def random_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 12)):
        roll = rng.random()
        if roll < 0.55:
            s = rng.choice(SENTENCES)
            while "{n}" in s or "{u}" in s:
                s = s.replace("{n}", rng.choice(NUMBERS), 1).replace("{u}", rng.choice(UNITS), 1)
            parts.append(s)
        elif roll < 0.75:
            parts.append(rng.choice(NOISE))
        elif roll < 0.85:
            parts.append(rng.choice(NUMBERS) + " " + rng.choice(UNITS))
        elif roll < 0.9:
            kind = "long" if rng.random() < 0.1 else "digits"
            parts.append(rng.choice(ISSUE21[kind]) + " " + rng.choice(UNITS))
        else:
            parts.append("".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 40))))
    sep = rng.choice([" ", "\n", "\n\n", "", ", "])
    text = sep.join(parts)
    # no lone surrogates: a document is str decoded from bytes, which never holds one
    return text.encode("utf-8", "replace").decode("utf-8")


class Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Timeout


def check_one(seed: int, rules: object, timeout: int) -> str | None:
    """None when the document went through cleanly, else a description of the failure."""
    rng = random.Random(seed)
    text = random_text(rng)
    if rng.random() < 0.15:
        text, _ = html_text("<article><p>" + text.replace("\n", "</p><p>") + "</article>")
    other = random_text(rng)
    docs = [Document(id="a", text=text), Document(id="b", text=other, source="Agency")]
    signal.alarm(timeout)
    try:
        rep = analyse(docs, rules=rules)  # type: ignore[arg-type]
        outputs = {fmt: render(rep, fmt) for fmt in Format}
    except Timeout:
        return f"seed {seed}: timeout after {timeout} s"
    except Exception:  # noqa: BLE001 - every exception is a failure to count
        return f"seed {seed}: {traceback.format_exc(limit=4)}"
    finally:
        signal.alarm(0)
    by_id = {d.id: d for d in docs}
    for c in rep.claims:
        if by_id[c.doc].text[c.start : c.end] != c.text:
            return f"seed {seed}: span {c.start}-{c.end} gives {by_id[c.doc].text[c.start:c.end]!r}, claim says {c.text!r}"
    if "<" in outputs[Format.markdown]:
        return f"seed {seed}: unescaped '<' in the Markdown report"
    try:
        json.loads(outputs[Format.json], parse_constant=_refuse_constant)
    except ValueError as exc:
        return f"seed {seed}: JSON report: {exc}"
    for line in render_claims(list(rep.claims), Format.jsonl).split("\n")[:-1]:
        record = json.loads(line, parse_constant=_refuse_constant)
        record.pop("sentence_full", None)
        # the claim's own text is in it twice (text, and inside the clipped sentence)
        if len(json.dumps(record, ensure_ascii=False)) - 2 * len(record["text"]) > RECORD_MAX:
            return f"seed {seed}: a JSONL claim record of {len(line):,} characters"
    return None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} in JSON output")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=int, default=10)
    ap.add_argument("--show", type=int, default=5, help="failures to print in full")
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    rules = load_rules()
    failures: list[str] = []
    started = time.perf_counter()
    for i in range(args.documents):
        problem = check_one(args.seed + i, rules, args.timeout)
        if problem:
            failures.append(problem)
            if len(failures) <= args.show:
                print(problem, file=sys.stderr)
    elapsed = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for f in failures:
        last = f.strip().splitlines()[-1]
        kinds[last if "seed" not in last else last.split(": ", 1)[1][:60]] = kinds.get(
            last if "seed" not in last else last.split(": ", 1)[1][:60], 0) + 1
    for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {count:6}  {kind}")
    print(f"{args.documents} documents through report, {len(failures)} failures "
          f"({elapsed:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
