"""Class 2 of issue 21: output that grows with the square of the input (a sentence repeated
per claim). Scaling: bench/hostile_scale.py, class 2.
"""

from __future__ import annotations

import json

from hostile_support import runner

from factcheck.cli import app
from factcheck.extract import extract_text
from factcheck.report import SENTENCE_MAX, Format, render_claims

NAME = "n" * 300  # longer than NAME_MAX (255)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


def test_class2_long_sentence_is_clipped_in_output_not_in_the_claim():
    text = "12 kg and " * 2_000 + "."
    claims = extract_text(text)
    assert all(c.sentence == text[:-1] or c.sentence == text for c in claims)  # library: whole
    out = render_claims(claims, Format.jsonl)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(out) < 1_200 * len(rows)  # was len(sentence) per row: quadratic
    assert sum("sentence_full" in r for r in rows) == 1  # the whole sentence, once
    full = next(r["sentence_full"] for r in rows if "sentence_full" in r)
    for r in rows:
        assert r["sentence_clipped"] is True and len(r["sentence"]) <= SENTENCE_MAX
        a = r["start"] - r["sentence_start"]
        assert r["sentence"][a : a + len(r["text"])] == r["text"]
        s0, s1 = r["sentence_span"]
        assert text[s0:s1] == full
    data = json.loads(render_claims(claims, Format.json))
    assert len(data["sentences"]) == 1 and data["sentences"][0]["text"] == full


def test_class2_ordinary_sentences_are_unchanged_and_gain_only_sentence_start():
    text = "Intro. The flood killed 12 people, police said."
    row = json.loads(render_claims(extract_text(text), Format.jsonl).splitlines()[0])
    assert row["sentence"] == "The flood killed 12 people, police said."
    assert row["sentence_start"] == 7
    assert "sentence_clipped" not in row and "sentence_full" not in row


def test_class2_report_json_and_markdown_are_linear(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("12 kg and " * 3_000 + ".", encoding="utf-8")
    r = runner.invoke(app, ["report", str(f), "--format", "json"])
    assert r.exit_code in (0, 1) and len(r.stdout) < 3_000 * 2_000
    assert len(json.loads(r.stdout)["sentences"]) == 1
    r = runner.invoke(app, ["report", str(f), "--format", "csv"])
    assert r.exit_code in (0, 1) and len(r.stdout) < 3_000 * 2_000
