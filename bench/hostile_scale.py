"""Scaling of hostile inputs (issue 21): time and output size at 1x, 2x, 4x and 8x.

    python bench/hostile_scale.py [--base N] [--only NAME] [--max-ratio 2.5]

Each case builds an input of size ``base * k`` (k = 1, 2, 4, 8), runs the stage it attacks
(extraction, HTML parsing, the JSONL renderer) and prints the seconds (or output bytes) and
the growth per doubling. Linear work grows about 2x per doubling; a case whose growth exceeds
--max-ratio at the last doubling is marked FAIL and the exit status is 1. Timings are CPU
seconds (best of --repeat runs) so other jobs on the machine count little.

Classes (issue 21):
  1  time: one long sentence (time phrases after every figure, news without full stops,
     white space after a bounded figure, "1 and 2 and ... N", many ";" clauses, a repeated
     "X said N kg", an HTML element with many attributes)
  2  output: JSONL claims of one long sentence must not repeat the sentence per claim
  3  failures of the run: a folder nested deep (walked without recursion), a JSONL file
     of bad lines read with --keep-going
  4  wrong answers: repeated ids made unique, digits with invisible characters between
  5  writes: a draft with many footnotes annotated (LF; CRLF with a byte-order mark)
  6  escaping: many ids with newlines in text output, a CSV of formula cells, Markdown of
     article text full of bare addresses, links and tags
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.extract import extract_text  # noqa: E402
from factcheck.inputs import html_text, load_documents, unique_ids  # noqa: E402
from factcheck.models import Document  # noqa: E402
from factcheck.pipeline import analyse, check_documents, extract_claims  # noqa: E402
from factcheck.report import (  # noqa: E402
    Format,
    _md_sentence,
    annotate_markdown,
    render,
    render_claims,
)

NEWS = (
    "The flood killed 14 people and injured 230 more on Monday, police said, while the "
    "ministry put the damage at $3.5 million in 2023 "
    "and officials said about 40 km of road were closed since Sunday "
    "according to the agency, which counted more than 1,200 homes under water "
)


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# name -> (class, kind, build(size) -> str); kind: "extract" | "html" | "jsonl" | "json"
# (the last two measure output bytes, not seconds)
CASES: dict[str, tuple[int, str, Callable[[int], str]]] = {
    "time_after_each_figure": (1, "extract", lambda n: _repeat("12 kg on Monday, ", n) + "."),
    "no_full_stops": (1, "extract", lambda n: _repeat(NEWS, n) + "."),
    "ws_after_bound": (1, "extract",
                       lambda n: "It cost more than 12" + " " * n + "x and 5 kg."),
    "and_chain": (1, "extract",
                  lambda n: " and ".join(str(i) for i in range(1, n // 6)) + " kg."),
    "semicolons": (1, "extract", lambda n: _repeat("12 kg of rice; ", n) + "."),
    "said_repeated": (1, "extract", lambda n: _repeat("Police said 12 kg, ", n) + "."),
    "to_ranges": (1, "extract", lambda n: _repeat("from 3 to 4 kg, ", n) + "."),
    # a whole-sentence fact asked again for each figure (a cue for "kt", a temperature word,
    # "sterling" for "pounds"), the scope cues, the masked spans, slash fractions
    "knots_repeated": (1, "extract", lambda n: _repeat("12 kt, ", n) + "."),
    "degrees_repeated": (1, "extract", lambda n: _repeat("12 degrees, ", n) + "."),
    "pounds_repeated": (1, "extract", lambda n: _repeat("12 pounds, ", n) + "."),
    "celsius_repeated": (1, "extract", lambda n: _repeat("12 C, ", n) + "."),
    "alone_repeated": (1, "extract", lambda n: _repeat("12 kg alone, ", n) + "."),
    "so_far_repeated": (1, "extract", lambda n: _repeat("so far 12, ", n) + "."),
    "fractions": (1, "extract", lambda n: _repeat("1/2 kg, ", n) + "."),
    "times_of_day": (1, "extract", lambda n: _repeat("12:30, ", 4 * n) + "."),
    "date_ranges": (1, "extract", lambda n: _repeat("Sept. 20-24, ", n) + "."),
    "ws_before_said": (1, "extract", lambda n: "12 kg" + " " * n + "police said."),
    "ws_in_fraction": (1, "extract", lambda n: "12 1/2" + " " * n + "kg."),
    "nested_folders": (3, "folders", lambda n: str(n // 160)),  # 800 deep at 8x
    "keep_going_bad_lines": (3, "jsonl_in", lambda n: '{"id": 1, "text": "\\ud800"}\n' * (n // 30)),
    "repeated_ids": (4, "ids", lambda n: str(n // 4)),
    "glued_digits": (4, "extract", lambda n: _repeat("1\u200b2 kg and \u0661\u066c\u0662\u0660\u0660 t, ", n)
                     + "."),
    # 3: many corrupt JSONL lines read with --keep-going, through the CLI's reader
    "keep_going_mixed": (3, "jsonl_in", lambda n: ('{"id": "x", "text": "12 kg"}\n'
                                                   '{"id": 1e999999, "text": 1}\n'
                                                   "not json\n") * (n // 60)),
    # 5: a draft with many flagged figures (one footnote each), annotated (the check is
    # run once per size outside the timing; only the annotated copy is timed)
    "annotate_footnotes": (5, "annotate", lambda n: str(n // 20)),
    # 5: a CRLF draft with a byte-order mark and many footnotes
    "annotate_crlf_bom": (5, "annotate_crlf", lambda n: str(n // 20)),
    # 6: many ids that need escaping in text output (newlines, controls)
    "ids_to_escape": (6, "ids_text", lambda n: str(n // 8)),
    # 6: a CSV whose cells start with formulas after blanks (claims of sentences that do)
    "csv_formula_cells": (6, "csv", lambda n: _repeat("\t=SUM(A1) 12 kg, \r=1+2 13 kg, @x 14 kg; ", n) + "."),
    # 6: Markdown of article text full of bare addresses and brackets
    "markdown_bare_urls": (6, "markdown", lambda n: _repeat(
        "see https://x.example/a or www.y.example [z](javascript:1) <b> 12 kg. ", n)),
    "html_attributes": (1, "html",
                        lambda n: "<p " + " ".join(f"a{i}=x" for i in range(n // 2))
                        + ">The flood killed 12 people.</p>"),
    "jsonl_one_sentence": (2, "jsonl", lambda n: _repeat("12 kg and ", n) + "."),
    "json_report_sentence": (2, "json", lambda n: _repeat("12 kg and ", n) + "."),
}


SIZES = ("jsonl", "json")  # cases measured in bytes of output
_REFERENCE = Document(id="ref", text="The flood killed 12 people, police said.", source="Agency")


@lru_cache(maxsize=8)
def _flagged_draft(figures: int, crlf: bool = False) -> tuple[str, object]:
    """A draft of ``figures`` paragraphs that each contradict the reference, and a report
    that flags each (one footnote each): the check of one paragraph, its flagged figure
    repeated at each paragraph's offset (checking the whole draft would pair its figures
    with each other, which is the pairing stage's cost, not the annotation's)."""
    nl = "\r\n" if crlf else "\n"
    para = "The flood killed 14 people."
    one = check_documents([Document(id="draft", text=para)], [_REFERENCE])
    g = next(g for g in one.figures if g.verdict == "conflict")
    step = len(para) + len(nl)
    figs = tuple(replace(g, claim=replace(g.claim, id=f"draft#{i}", start=g.claim.start + i * step,
                                          end=g.claim.end + i * step))
                 for i in range(figures))
    return nl.join([para] * figures) + nl, replace(one, figures=figs)


def run(kind: str, text: str) -> float:
    """CPU seconds for one run, or output bytes for the kinds in SIZES."""
    if kind in ("folders", "jsonl_in"):
        with tempfile.TemporaryDirectory() as tmp:
            deep = tmp
            try:
                if kind == "folders":  # a chain of folders, one file at the bottom
                    for _ in range(int(text)):
                        deep += "/d"
                        os.mkdir(deep)
                    Path(deep, "a.txt").write_text("The flood killed 12 people.", encoding="utf-8")
                    target = tmp + "/d"
                else:
                    target = tmp + "/bad.jsonl"
                    Path(target).write_text(text, encoding="utf-8")
                t0 = time.process_time()
                load_documents([target], on_error=lambda _exc: None)
                return time.process_time() - t0
            finally:  # rmtree recurses: empty the chain from below
                if kind == "folders":
                    Path(deep, "a.txt").unlink(missing_ok=True)
                    while deep != tmp:
                        os.rmdir(deep)
                        deep = os.path.dirname(deep)
    if kind in ("annotate", "annotate_crlf"):
        draft, rep = _flagged_draft(int(text), crlf=kind == "annotate_crlf")
        if kind == "annotate_crlf":
            draft = "\ufeff" + draft
        t0 = time.process_time()
        annotate_markdown(draft, rep, {"draft"})  # type: ignore[arg-type]
        return time.process_time() - t0
    if kind == "ids_text":
        docs = [Document(id=f"doc {i}\nCONFLICT forged\x1b[31m", text="The flood killed 12 people.")
                for i in range(int(text))]
        claims = extract_claims(docs)
        t0 = time.process_time()
        render_claims(claims, Format.text)
        return time.process_time() - t0
    if kind in ("csv", "markdown"):
        claims = extract_claims([Document(id="a", text=text)])
        t0 = time.process_time()
        if kind == "csv":
            render_claims(claims, Format.csv)
        else:  # each claim's sentence as the Markdown renderers quote it (clipped when long)
            for c in claims:
                _md_sentence(c)
        return time.process_time() - t0
    t0 = time.process_time()
    if kind == "ids":
        list(unique_ids(Document(id="a", text="") for _ in range(int(text))))
    elif kind == "extract":
        extract_text(text)
    elif kind == "html":
        html_text(text)
    elif kind == "jsonl":
        claims = extract_text(text)
        return float(len(render_claims(claims, Format.jsonl).encode("utf-8")))
    else:  # the JSON report of analyse
        rep = analyse([Document(id="a", text=text)])
        return float(len(render(rep, Format.json).encode("utf-8")))
    return time.process_time() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=int, default=16_000, help="characters at 1x")
    ap.add_argument("--only", action="append", help="run only this case (repeatable)")
    ap.add_argument("--max-ratio", type=float, default=2.5)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    run("extract", "warm up 12 kg.")
    bad = 0
    print(f"{'class':>5}  {'case':<22} {'1x':>9} {'2x':>9} {'4x':>9} {'8x':>9}  growth/doubling")
    for name, (cls, kind, build) in CASES.items():
        if args.only and name not in args.only:
            continue
        vals = []
        for k in (1, 2, 4, 8):
            text = build(args.base * k)
            vals.append(min(run(kind, text) for _ in range(1 if kind in SIZES else args.repeat)))
        ratios = [b / a if a > 0.002 else 0.0 for a, b in pairwise(vals)]
        worst = ratios[-1]
        ok = worst <= args.max_ratio or vals[-1] < 0.05 and kind not in SIZES
        bad += not ok
        fmt = (lambda v: f"{v / 1e6:8.2f}M") if kind in SIZES else (lambda v: f"{v:8.3f}s")
        print(f"{cls:>5}  {name:<22} " + " ".join(fmt(v) for v in vals) + "  "
              + " ".join(f"{r:4.1f}x" for r in ratios) + ("" if ok else "  FAIL"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
