"""Every command and format through the CLI, exit codes, stdin and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "jsonl", "csv"])
def test_report_formats(rivals, fmt):
    r = run("report", str(rivals), "--format", fmt)
    assert r.exit_code == 0, r.output
    out = r.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["schema"] == 1
        assert {"documents", "claims", "pairs"} <= set(data)
        claim = data["claims"][0]
        for key in ("id", "doc", "start", "end", "text", "sentence", "kind", "value", "low",
                    "high", "unit", "dimension", "si_value", "si_unit", "bound", "change",
                    "concept", "attribution", "time", "scope"):
            assert key in claim
        pair = data["pairs"][0]
        for key in ("a", "b", "verdict", "ratio", "explanations", "message"):
            assert key in pair
        assert any(p["verdict"] == "explained" for p in data["pairs"])
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        assert rows and all(r["verdict"] in ("consistent", "explained", "conflict") for r in rows)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and "verdict" in rows[0]
    elif fmt == "markdown":
        assert out.startswith("# ") and "**338,000 people**" in out
    else:
        assert "EXPLAINED" in out and "338,000 people" in out


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text"])
def test_extract_formats(seeds, fmt):
    r = run("extract", str(seeds), "--format", fmt)
    assert r.exit_code == 0, r.output
    assert "3.8 million metric tons" in r.stdout


def test_extract_span_invariant_through_json(seeds):
    r = run("extract", str(seeds), "--format", "jsonl", "--all-kinds")
    texts = {p.name: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}
    for line in r.stdout.splitlines():
        c = json.loads(line)
        assert texts[c["doc"]][c["start"] : c["end"]] == c["text"]


def test_extract_markdown_is_a_usage_error(seeds):
    r = run("extract", str(seeds), "--format", "markdown")
    assert r.exit_code == 2


def test_report_fail_on(rivals):
    assert run("report", str(rivals), "--fail-on", "explained").exit_code == 1
    assert run("report", str(rivals), "--fail-on", "conflict").exit_code == 0
    assert run("report", str(rivals)).exit_code == 0


def test_stdin_jsonl(rivals):
    docs = [{"id": p.stem, "text": p.read_text(encoding="utf-8").split("---\n")[-1],
             "date": "2019-06-17"} for p in sorted(rivals.glob("*.md"))]
    data = "\n".join(json.dumps(d) for d in docs) + "\n"
    r = run("report", "-", "--format", "json", input=data)
    assert r.exit_code == 0, r.output
    assert any(p["verdict"] == "explained" for p in json.loads(r.stdout)["pairs"])


def test_check_draft_exit_codes(seeds, tmp_path):
    bad = tmp_path / "draft.md"
    bad.write_text("Russia's reserves of rare earth metals stand at 2.1 million metric tons, "
                   "the U.S. Geological Survey estimates.\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("The U.S. Geological Survey puts Russia's reserves of rare earth metals at "
                    "3.8 million tonnes.\n", encoding="utf-8")
    r = run("check", str(bad), "--against", str(seeds), "--format", "markdown")
    assert r.exit_code == 1, r.output
    assert "2.1 million metric tons" in r.stdout and "3.8 million metric tons" in r.stdout
    r = run("check", str(good), "--against", str(seeds))
    assert r.exit_code == 0, r.output


def test_check_reads_draft_from_stdin(seeds):
    r = run("check", "-", "--against", str(seeds), input="Russia's reserves of rare earth metals "
            "stand at 2.1 million metric tons, the U.S. Geological Survey estimates.\n")
    assert r.exit_code == 1, r.output


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("missing.txt", None, "no such file"),
        ("bad.jsonl", b'{"id": "x", "text": "ok"}\n{not json}\n', "bad.jsonl:2"),
        ("latin.txt", "Caf\xe9 prices rose 5%".encode("latin-1"), "--encoding cp1252"),
        ("binary.txt", b"\x00\x01\x02", "binary"),
        ("nofield.jsonl", b'{"id": "x"}\n', 'missing "text"'),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path, name, content, needle):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    r = run("report", str(path))
    assert r.exit_code == 2
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and needle in err and name in err
    assert "Traceback" not in r.output


def test_output_file_is_written_atomically(seeds, tmp_path):
    out = tmp_path / "r.json"
    out.write_text("previous", encoding="utf-8")
    r = run("report", str(seeds), "--format", "json", "--output", str(out))
    assert r.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == 1
    # a failing run leaves the previous file untouched
    r = run("report", str(tmp_path / "nope"), "--output", str(out))
    assert r.exit_code == 2
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_installed_entry_point_runs(rivals):
    r = subprocess.run([sys.executable, "-m", "factcheck", "report", str(rivals)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "EXPLAINED" in r.stdout and r.stderr == ""


def test_markdown_escapes_article_markup(tmp_path):
    p = tmp_path / "evil.txt"
    p.write_text("Officials said <script>alert(1)</script> 11 people died in the blast.\n"
                 "Officials said [x](javascript:alert(1)) 12 people died in the blast.\n",
                 encoding="utf-8")
    r = run("report", str(p), "--format", "markdown")
    assert r.exit_code == 0
    assert "<script>" not in r.stdout
    assert not re.search(r"(?<!\\)\]\(javascript:", r.stdout)
