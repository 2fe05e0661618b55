"""Hostile input: a clear one-line error (exit 2) or a clean result, never a traceback.

Every file under tests/hostile/ goes through every command and format. Each file has its
expected outcome in HOSTILE below (a new file without an entry fails the suite). Big inputs
are generated at run time and run in a subprocess with a generous timeout as a hang guard.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
import typer.main
from typer.testing import CliRunner

from factcheck import cli
from factcheck.cli import app
from factcheck.inputs import html_text, load_documents

HERE = Path(__file__).parent / "hostile"


class _Runner(CliRunner):
    """CliRunner that builds the click command once (typer rebuilds it on every invoke)."""

    command = None

    def invoke(self, app, *args, **kwargs):  # type: ignore[override]
        if _Runner.command is None:
            _Runner.command = typer.main.get_command(app)
        with mock.patch("typer.testing._get_command", lambda _app: _Runner.command):
            return super().invoke(app, *args, **kwargs)


runner = _Runner()

# file -> None (clean result) or a fragment of its one-line error
HOSTILE: dict[str, str | None] = {
    "bom.txt": None,
    "cp1252.txt": "not valid utf-8 at byte 4 (try --encoding cp1252",
    "nul.txt": "binary file (NUL byte at byte 16), not text",
    "png.txt": "binary file (NUL byte at byte 8), not text",
    "utf16.txt": "looks like UTF-16 text (byte-order mark) (pass --encoding utf-16)",
    "empty.txt": None,
    "blank.md": None,
    "crlf_cr.txt": None,
    "word_paste.txt": None,
    "controls.txt": None,
    "injection.md": None,
    "injection_b.txt": None,
    "formula.txt": None,
    "frontmatter_unclosed.md": None,
    "frontmatter_baddate.md": "frontmatter_baddate.md:3: date 'yesterday' is not a date",
    "broken.jsonl": "broken.jsonl:2:21: invalid JSON",
    "notobject.jsonl": "notobject.jsonl:1: expected a JSON object per line",
    "missing_text.jsonl": 'missing_text.jsonl:1: missing "text" string',
    "nul_in_json.jsonl": 'nul_in_json.jsonl:1: "text" holds a NUL character',
    "deep_json.jsonl": "deep_json.jsonl:1: JSON nested too deeply",
    "baddate.jsonl": "baddate.jsonl:1: date '03/04/2024' is ambiguous: 3 April or March 4",
    "odd_types.jsonl": None,
    "numbers.txt": None,
    "mixed_scripts.txt": None,
    "script_style.html": None,
    "malformed.html": None,
    "entities.html": None,
    # issue 21
    "surrogate.jsonl": 'surrogate.jsonl:1: "text" holds a lone surrogate (\\ud800)',
    "huge_id.jsonl": "huge_id.jsonl:1: invalid JSON",
    "line_separators.jsonl": None,
    "zero_width.txt": None,
    "foreign_digits.txt": None,
    "huge_exponent.txt": None,
}
FILES = sorted(HOSTILE)
REPORT_FORMATS = ["text", "markdown", "json", "jsonl", "csv"]
EXTRACT_FORMATS = ["jsonl", "json", "csv", "text"]


def test_every_hostile_file_has_an_expectation():
    # the adversarial suite of issue 21 (test_class*.py and its helpers) lives beside them
    assert sorted(p.name for p in HERE.iterdir()
                  if p.suffix != ".py" and p.name != "__pycache__") == FILES


def _invocations(name: str, tmp_path: Path) -> list[tuple[list[str], str]]:
    path = str(HERE / name)
    ref = tmp_path / "ref.txt"
    ref.write_text("The flood killed 14 people, police said on Monday.\n", encoding="utf-8")
    runs = [(["extract", path, "--format", f], f) for f in EXTRACT_FORMATS]
    runs += [(["report", path, "--format", f], f) for f in REPORT_FORMATS]
    runs += [(["check", path, "--against", str(ref), "--format", f], f) for f in REPORT_FORMATS]
    return runs


def _strict_json(text: str) -> object:
    """json.loads that refuses Infinity and NaN (Python writes them; JSON has neither)."""
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


def _assert_parses(out: str, fmt: str) -> None:
    if fmt == "json":
        assert _strict_json(out)["schema"] == 1  # type: ignore[index]
    elif fmt == "jsonl":
        for line in out.split("\n")[:-1]:  # one record a line, whatever U+2028 it holds
            assert isinstance(_strict_json(line), dict)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows and len({len(r) for r in rows}) == 1  # a header, rows of equal width
    elif fmt == "markdown":
        assert out.startswith("# ")
        # no markup from an article survives: every < is escaped, links defused
        assert "<" not in out
        assert not re.search(r"(?<!\\)\]\(", out)
    else:
        # no control character (terminal escape) reaches the terminal
        assert not any(ch < " " and ch not in "\n\t" for ch in out)
        assert "\x1b" not in out and "\u202e" not in out


@pytest.mark.parametrize("name", FILES)
def test_hostile_file_through_every_command_and_format(name, tmp_path):
    expected = HOSTILE[name]
    for args, fmt in _invocations(name, tmp_path):
        r = runner.invoke(app, args)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        assert "Traceback" not in r.stderr
        if expected is None:
            assert r.exit_code in (0, 1), (args, r.stderr)
            _assert_parses(r.stdout, fmt)
        else:
            assert r.exit_code == 2, (args, r.stdout)
            assert r.stdout == ""  # nothing half-written on stdout
            lines = r.stderr.splitlines()
            assert len(lines) == 1, r.stderr
            assert lines[0].startswith("factcheck: error: ")
            assert name in lines[0] and expected in lines[0], lines[0]


# -- what the corpus must produce, beyond not crashing ----------------------------------------
def test_bom_is_honoured_and_cp1252_decodes_when_asked():
    docs = load_documents([str(HERE / "bom.txt")])
    assert docs[0].text.startswith("The flood")
    docs = load_documents([str(HERE / "cp1252.txt")], encoding="cp1252")
    assert "\u201cflood\u201d" in docs[0].text and "\u2013" in docs[0].text


def test_utf16_decodes_when_asked():
    docs = load_documents([str(HERE / "utf16.txt")], encoding="utf-16")
    assert docs[0].text == "The flood killed 12 people.\n"


def test_html_ignores_script_style_nav_and_notes_the_extracted_text():
    docs = load_documents([str(HERE / "script_style.html")])
    d = docs[0]
    assert d.path.endswith("script_style.html#extracted-text")
    assert d.title == "Flood"
    assert "The flood killed 12 people, police said." in d.text
    for hidden in ("99 people", "77 people", "88 people", "66 people", "40 km", "5 km", "(c)"):
        assert hidden not in d.text
    r = runner.invoke(app, ["extract", str(HERE / "script_style.html"), "--format", "jsonl"])
    claims = [json.loads(line) for line in r.stdout.splitlines()]
    assert claims, r.stdout
    for c in claims:  # offsets refer to the extracted text
        assert d.text[c["start"] : c["end"]] == c["text"]


def test_html_entities_and_escaped_markup_are_text():
    text, _ = html_text((HERE / "entities.html").read_text(encoding="utf-8"))
    assert "12\u00a0people" not in text and "12 people" in text
    assert "<script>alert(1)</script>" in text  # &lt;script&gt; is text, shown escaped later


@pytest.mark.parametrize("tag", ["div", "ul", "span", "i><b"])
def test_html_nested_40000_deep(tag):
    html = f"<{tag}>" * 40_000 + "The flood killed 12 people." + f"</{tag}>" * 40_000
    text, _ = html_text(html)
    assert text == "The flood killed 12 people."


def test_html_on_stdin():
    page = "<!doctype html><p>The flood killed 12 people.</p><script>var a = '9 km'</script>"
    r = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input=page)
    assert r.exit_code == 0, r.stderr
    claims = [json.loads(line) for line in r.stdout.splitlines()]
    assert [c["text"] for c in claims] == ["12 people"]


def test_markdown_escapes_front_matter_and_article_markup():
    r = runner.invoke(app, ["report", str(HERE / "injection.md"), str(HERE / "injection_b.txt"),
                            "--format", "markdown"])
    assert r.exit_code == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.stdout  # the source: line
    assert "\\[click\\](javascript:alert(1))" in r.stdout
    assert "<script" not in r.stdout and "<a href" not in r.stdout


def test_csv_cells_cannot_start_a_formula():
    r = runner.invoke(app, ["extract", str(HERE / "formula.txt"), "--format", "csv",
                            "--all-kinds"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows
    for row in rows:
        for value in row.values():
            # a cell a spreadsheet would run: a formula start, then more than that character,
            # and not a plain number ("-3", a lone "=" bound, stay as they are)
            runs = (value[:1] in ("=", "+", "-", "@", "\t", "\r") and len(value) > 1
                    and not re.fullmatch(r"[-+]?[\d.]+(?:[eE][-+]?\d+)?", value))
            assert not runs, row
    sentences = {row["sentence"] for row in rows}
    assert any(s.startswith("'=HYPERLINK") for s in sentences)


# -- several inputs: --keep-going ---------------------------------------------------------------
def test_without_keep_going_the_first_bad_input_stops_the_run(seeds):
    r = runner.invoke(app, ["report", str(HERE / "nul.txt"), str(seeds)])
    assert r.exit_code == 2 and r.stdout == ""


def test_keep_going_reports_each_bad_input_and_checks_the_rest(rivals):
    args = ["report", str(HERE / "nul.txt"), str(HERE / "broken.jsonl"), str(rivals),
            str(HERE / "no-such-file.txt"), "--format", "json", "--keep-going"]
    r = runner.invoke(app, args)
    assert r.exit_code == 2  # the report is partial: a script must notice
    errors = r.stderr.splitlines()
    assert [e.split(": ")[2].split()[0].rsplit("/", 1)[-1] for e in errors[:3]] == [
        "nul.txt", "broken.jsonl:2:21", "no-such-file.txt"]
    assert errors[3] == "factcheck: 3 bad inputs skipped; the report covers the rest"
    data = json.loads(r.stdout)
    ids = [d["id"] for d in data["documents"]]
    # the good lines of broken.jsonl (1 and 3) and both articles are checked
    assert ids == ["a", "c", "a.md", "b.md"]
    assert any(p["verdict"] == "explained" for p in data["pairs"])


def test_keep_going_with_only_good_inputs_keeps_the_usual_exit_code(rivals):
    r = runner.invoke(app, ["report", str(rivals), "--keep-going", "--fail-on", "explained"])
    assert r.exit_code == 1 and r.stderr == ""


def test_keep_going_in_check_skips_bad_references_not_a_bad_draft(seeds):
    r = runner.invoke(app, ["check", str(HERE / "nul.txt"), "--against", str(seeds),
                            "--keep-going"])
    assert r.exit_code == 2 and r.stdout == "" and "nul.txt" in r.stderr
    r = runner.invoke(app, ["check", str(HERE / "bom.txt"), "--against", str(seeds),
                            "--against", str(HERE / "png.txt"), "--keep-going", "--format",
                            "json"])
    assert r.exit_code == 2 and "png.txt" in r.stderr
    assert len(json.loads(r.stdout)["documents"]) == 3


def test_verbose_shows_the_traceback_then_the_line():
    r = runner.invoke(app, ["report", str(HERE / "nul.txt"), "--verbose"])
    assert r.exit_code == 2
    assert "Traceback" in r.stderr and "InputError" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("factcheck: error: ")


# -- limits -------------------------------------------------------------------------------------
def test_max_bytes_names_the_file_and_the_flag(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("The flood killed 12 people. " * 100, encoding="utf-8")
    r = runner.invoke(app, ["report", str(big), "--max-bytes", "1000"])
    assert r.exit_code == 2
    assert r.stderr == (f"factcheck: error: {big}: file is 2,800 bytes, over the limit of 1,000 "
                        "(raise it with --max-bytes 3000)\n")
    assert runner.invoke(app, ["report", str(big), "--max-bytes", "3000"]).exit_code == 0
    r = runner.invoke(app, ["report", "-", "--max-bytes", "10"], input="x" * 11)
    assert r.exit_code == 2 and "<stdin>: standard input is over the limit of 10" in r.stderr


def test_output_is_atomic_when_interrupted(seeds, tmp_path, monkeypatch):
    out = tmp_path / "report.md"
    out.write_text("previous report\n", encoding="utf-8")

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli.write_atomic(str(out), "new report\n" * 1000)
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left


def test_output_problems_are_one_line(seeds, tmp_path):
    r = runner.invoke(app, ["report", str(seeds), "-o", str(tmp_path / "missing" / "r.md")])
    assert r.exit_code == 2 and "output directory does not exist" in r.stderr
    r = runner.invoke(app, ["report", str(seeds), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "--output is a directory" in r.stderr


def _report_with_broken_rules(tmp_path, root, name: str, appended: str):
    """`report` with a copy of rules/ whose file ``name`` has ``appended`` at its end."""
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    with open(rules / name, "a", encoding="utf-8") as fh:
        fh.write(appended)
    return runner.invoke(app, ["report", str(HERE / "bom.txt"), "--rules", str(rules)])


def test_malformed_rules_file_names_file_line_and_form(tmp_path, root):
    r = _report_with_broken_rules(tmp_path, root, "cues.toml", "\n[broken\n")
    assert r.exit_code == 2
    line = r.stderr.strip()
    assert "cues.toml:" in line and "expected" in line and "\n" not in line


@pytest.mark.parametrize("text", ["Prices rose to $99999999999999999999999 billion.",
                                  "The debt is 12345678901234567890123456789 dollars."])
def test_numbers_beyond_decimal_precision(text):
    r = runner.invoke(app, ["report", "-", "--format", "json"], input=text)
    assert r.exit_code == 0, r.exception
    assert json.loads(r.stdout)["summary"]["documents"] == 1


def test_malformed_pint_file_is_an_error(tmp_path, root):
    r = _report_with_broken_rules(tmp_path, root, "news.pint", "\nfurlongish = 3 * no_such_unit\n")
    assert r.exit_code == 2 and "news.pint" in r.stderr


# -- big inputs, generated here; a subprocess with a generous timeout guards against hangs -------
# All start at once (module fixture) so their times overlap; each test waits for its own.
BIG = {
    "digit_list.txt": lambda: "Figures: " + ",".join(["1"] * 800_000) + " people.\n",
    "long_number.txt": lambda: "The debt is " + "9" * 5_000 + " dollars, officials said.\n",
    "spaces.txt": lambda: "12" + " " * 300_000 + "people\n",
    "dots.txt": lambda: "1." * 50_000 + "\n",
    # 60 KB without a full stop (the 5 MB line hangs the same way, only longer)
    "single_line.txt": lambda: (
        "The flood killed 12 people and cost $3 million near the 40 km road " * 1000
    )[:60_000] + "\n",
}


@pytest.fixture(scope="module")
def big_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("big")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    procs = {}
    for name, make in BIG.items():
        f = tmp / name
        f.write_text(make(), encoding="utf-8")
        procs[name] = subprocess.Popen(
            [sys.executable, "-m", "factcheck", "report", str(f), "--format", "json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
    yield procs, time.monotonic()
    for proc in procs.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _finish(runs, name: str, timeout: float) -> dict:
    """The JSON report of one big run, ``timeout`` seconds after all of them started."""
    procs, started = runs
    proc = procs[name]
    try:
        out, err = proc.communicate(timeout=max(0.1, started + timeout - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    assert proc.returncode == 0, err[-2000:]
    return json.loads(out)


@pytest.mark.parametrize("name", ["digit_list.txt", "long_number.txt", "spaces.txt", "dots.txt"])
def test_big_inputs_complete(big_runs, name):
    data = _finish(big_runs, name, timeout=120)
    assert data["summary"]["documents"] == 1
    for c in data["claims"]:
        assert len(c["text"]) < 10_000


def test_long_single_line_completes(big_runs):
    # a hang guard, not a speed test (bench/ measures speed): linear code needs a few seconds
    _finish(big_runs, "single_line.txt", timeout=120)
