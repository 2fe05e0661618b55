"""The desk check's safety rules and the formats for tools (issue 15, items 6 and 3): the draft
is never written to, written files get ordinary modes, usage errors are one line, CSV holds
what JSON holds, several drafts are checked apart, and line/github/sarif point at the figure."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import __version__
from factcheck.cli import app
from factcheck.report import _csv_safe, _free_labels, line_col

runner = CliRunner()

BAD = ("Russia's reserves of rare earth metals stand at 2.1 million metric tons, the U.S. "
       "Geological Survey estimates.\n")
GOOD = ("The U.S. Geological Survey puts Russia's reserves of rare earth metals at 3.8 million "
        "tonnes.\n")
FRONT = "---\ntitle: Rare earths\nsource: Our desk\n---\n"


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def one_line_exit_2(r) -> str:
    assert r.exit_code == 2, r.output
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in r.output, r.stderr
    return err


# -- the draft is never written to --------------------------------------------------------------
@pytest.mark.parametrize("flag", ["-o", "--output", "--annotate"])
@pytest.mark.parametrize("spelling", ["d.md", "./d.md", "sub/../d.md", "ABS", "link.md"])
def test_the_draft_is_never_written_to(seeds, tmp_path, monkeypatch, flag, spelling):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    draft = tmp_path / "d.md"
    draft.write_text(FRONT + BAD, encoding="utf-8")
    (tmp_path / "link.md").symlink_to(draft)
    before = draft.read_bytes()
    target = str(draft) if spelling == "ABS" else spelling
    err = one_line_exit_2(run("check", "d.md", "-a", seeds, flag, target))
    assert "overwrite the draft" in err
    assert draft.read_bytes() == before and draft.is_file() and not draft.is_symlink()


def test_a_draft_in_a_folder_and_a_reference_are_not_written_either(seeds, tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "d.md").write_text(BAD, encoding="utf-8")
    err = one_line_exit_2(run("check", drafts, "-a", seeds, "-o", drafts / "d.md"))
    assert "the draft" in err
    ref = seeds / "000_013c58e2a7faada4.txt"
    before = ref.read_bytes()
    err = one_line_exit_2(run("check", drafts / "d.md", "-a", seeds, "-o", ref))
    assert "the reference" in err and ref.read_bytes() == before
    err = one_line_exit_2(run("report", seeds, "-o", ref))
    assert ref.read_bytes() == before


# -- written files get the mode open() would give them -----------------------------------------
@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("flag", ["-o", "--annotate"])
def test_new_files_follow_the_umask(seeds, tmp_path, umask, mode, flag):
    draft = tmp_path / "d.md"
    draft.write_text(BAD, encoding="utf-8")
    out = tmp_path / "out.md"
    old = os.umask(umask)
    try:
        r = run("check", draft, "-a", seeds, flag, out)
    finally:
        os.umask(old)
    assert r.exit_code == 1, r.output
    assert out.stat().st_mode & 0o777 == mode


@pytest.mark.parametrize("existing", [0o640, 0o604, 0o755])
def test_overwritten_files_keep_their_mode(seeds, tmp_path, existing):
    out = tmp_path / "r.json"
    out.write_text("previous", encoding="utf-8")
    out.chmod(existing)
    assert run("report", seeds, "-f", "json", "-o", out).exit_code == 0
    assert out.stat().st_mode & 0o777 == existing
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == 1


# -- annotation -----------------------------------------------------------------------------------
def test_annotate_from_stdin_keeps_the_front_matter(seeds, tmp_path):
    out = tmp_path / "a.md"
    r = run("check", "-", "-a", seeds, "--annotate", out, input=FRONT + BAD)
    assert r.exit_code == 1, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith(FRONT)
    assert "2.1 million metric tons[^fc1]" in text


@pytest.mark.parametrize(
    "existing,expected",
    [
        ("", ["fc1", "fc2"]),
        ("See[^fc1].\n\n[^fc1]: ours", ["fc2", "fc3"]),
        ("See[^FC2] and [^fc1].", ["fc3", "fc4"]),  # labels match without regard to case
        ("[^fc3]: a note, no reference", ["fc1", "fc2"]),
        ("[^1] [^note] [^fc10]", ["fc1", "fc2"]),
    ],
)
def test_footnote_labels_avoid_the_drafts_own(existing, expected):
    assert _free_labels(existing, 2) == expected


def test_annotation_does_not_reuse_a_drafts_footnote(seeds, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(FRONT + BAD.rstrip("\n") + "[^fc1]\n\n[^fc1]: the desk's own note\n",
                     encoding="utf-8")
    out = tmp_path / "a.md"
    assert run("check", draft, "-a", seeds, "--annotate", out).exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.count("[^fc1]:") == 1 and "[^fc1]: the desk's own note" in text
    assert "2.1 million metric tons[^fc2]" in text and "[^fc2]: factcheck" in text


# -- conventions ----------------------------------------------------------------------------------
def test_version_exits_0():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"factcheck {__version__}"
    p = subprocess.run([sys.executable, "-m", "factcheck", "--version"], check=False, capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0 and __version__ in p.stdout and p.stderr == ""


@pytest.mark.parametrize(
    "args,needle",
    [
        (["report", "--foo"], "no such option: --foo"),
        (["check"], "missing argument"),
        (["report", "seeds", "--format", "bogus"], "'bogus' is not one of"),
        (["report", "seeds", "--fail-on", "loudly"], "--fail-on"),
        (["report", "seeds", "--max-bytes", "0"], "--max-bytes"),
        (["nosuch"], "no such command"),
        (["index", "seeds"], "--db"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args, needle):
    err = one_line_exit_2(run(*args))
    assert err.startswith("factcheck: error: ") and needle in err and "--help" in err
    assert "╭" not in err


def test_usage_error_from_the_installed_command_is_one_line():
    p = subprocess.run([sys.executable, "-m", "factcheck", "check", "--nope"],
                       check=False, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "no such option: --nope" in p.stderr


def test_unreachable_dask_scheduler_is_one_line_exit_2(seeds, tmp_path):
    pytest.importorskip("dask.distributed")
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    p = subprocess.run([sys.executable, "-m", "factcheck", "index", str(seeds), "--db",
                        str(tmp_path / "a.db"), "--engine", "dask", "--scheduler",
                        "tcp://127.0.0.1:1"], check=False, capture_output=True, text=True, timeout=120,
                       env=env)
    assert p.returncode == 2, p.stderr
    assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
    assert "tcp://127.0.0.1:1" in p.stderr


def test_dask_not_installed_is_one_line_exit_2(seeds, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails
    err = one_line_exit_2(run("index", seeds, "--db", tmp_path / "a.db", "--engine", "dask"))
    assert "factcheck[dask]" in err


# -- CSV holds what JSON holds ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "cell,expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=", "="),  # a claim's bound: one character computes nothing
        ("-", "-"),
        ("-3.5", "-3.5"),
        ("+2", "+2"),
        ("-1e6", "-1e6"),
        (".5", ".5"),
        ("3 - 2", "3 - 2"),
        ("2.1 million metric tons", "2.1 million metric tons"),
        (-3.5, -3.5),
    ],
)
def test_csv_protects_only_what_a_spreadsheet_would_run(cell, expected):
    assert _csv_safe(cell) == expected


def test_csv_pairs_have_the_jsonl_columns_and_json_booleans(rivals):
    jsonl = [json.loads(x) for x in run("report", rivals, "-f", "jsonl").stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(run("report", rivals, "-f", "csv").stdout)))
    assert rows and len(rows) == len(jsonl)
    header = list(rows[0])
    assert header[: len(jsonl[0])] == list(jsonl[0])
    for row, rec in zip(rows, jsonl, strict=True):
        assert row["suppressed"] == ("true" if rec["suppressed"] else "false")
        assert json.loads(row["explanations"]) == rec["explanations"]
        assert row["verdict"] == rec["verdict"] and row["fingerprint"] == rec["fingerprint"]


def test_csv_claims_have_the_json_columns_and_values(seeds):
    claims = [json.loads(x) for x in
              run("extract", seeds, "-f", "jsonl", "--all-kinds").stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(run("extract", seeds, "-f", "csv", "--all-kinds").stdout)))
    assert list(rows[0]) == list(claims[0])
    for row, c in zip(rows, claims, strict=True):
        assert row["bound"] == c["bound"]  # "=" stays "="
        assert row["unit_ambiguous"] == str(c["unit_ambiguous"]).lower()
        assert row["text"] == c["text"]


# -- check -f jsonl: typed lines --------------------------------------------------------------------
def test_check_jsonl_has_summary_claim_and_finding_lines(seeds, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(FRONT + BAD, encoding="utf-8")
    r = run("check", draft, "-a", seeds, "-f", "jsonl")
    assert r.exit_code == 1
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows[0]["type"] == "summary" and rows[0]["conflict"] == 1
    assert {x["type"] for x in rows} == {"summary", "claim", "finding"}
    claims = {x["id"]: x for x in rows if x["type"] == "claim"}
    for f in (x for x in rows if x["type"] == "finding"):
        # the schema 1 pair keys, unchanged, and the draft claim's place
        for key in ("a", "b", "verdict", "ratio", "explanations", "message", "fingerprint",
                    "suppressed"):
            assert key in f
        assert f["a"] in claims and f["b"] in claims
        assert (f["line"], f["column"]) == (5, 49)
    mine = claims["draft:d.md#1"]
    assert (mine["line"], mine["column"]) == (5, 49) and mine["text"] == "2.1 million metric tons"


# -- several drafts ---------------------------------------------------------------------------------
def _two_drafts(tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "r.txt").write_text("The museum reopened on Tuesday after a renovation that cost "
                                "$4 million.\n", encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.md").write_text("The flood in Ryazan killed 12 people, officials said.\n",
                                 encoding="utf-8")
    (drafts / "b.md").write_text("The flood in Ryazan killed 40 people, officials said.\n",
                                 encoding="utf-8")
    return refs, drafts


def test_drafts_in_a_folder_are_not_paired_with_each_other(tmp_path):
    refs, drafts = _two_drafts(tmp_path)
    r = run("check", drafts, "-a", refs, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["pairs"] == []
    r = run("check", drafts / "a.md", drafts / "b.md", "-a", refs, "-f", "markdown")
    assert r.exit_code == 0
    assert "# factcheck: a.md" in r.stdout and "# factcheck: b.md" in r.stdout


def test_several_drafts_each_a_section_exit_the_worst(seeds, tmp_path):
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    r = run("check", good, bad, "-a", seeds)
    assert r.exit_code == 1
    assert f"== {good} ==" in r.stdout and f"== {bad} ==" in r.stdout
    assert r.stdout.index(f"== {good} ==") < r.stdout.index(f"== {bad} ==")
    assert run("check", good, good, "-a", seeds).exit_code == 0
    rows = [json.loads(x) for x in run("check", good, bad, "-a", seeds, "-f", "jsonl")
            .stdout.splitlines()]
    assert [x["paths"] for x in rows if x["type"] == "summary"] == [[str(good)], [str(bad)]]
    err = one_line_exit_2(run("check", good, bad, "-a", seeds, "--annotate", tmp_path / "x.md"))
    assert "one draft" in err


# -- formats for tools ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,offset,expected",
    [
        ("abc", 0, (1, 1)),
        ("abc", 2, (1, 3)),
        ("ab\ncd", 3, (2, 1)),
        ("ab\ncd", 4, (2, 2)),
        ("ab\r\ncd", 4, (2, 1)),
        ("\n\n\nx", 3, (4, 1)),
        ("é€\nx", 1, (1, 2)),  # columns count characters, not bytes
        ("abc", 3, (1, 4)),  # the end of the text
    ],
)
def test_line_col(text, offset, expected):
    assert line_col(text, offset) == expected


@pytest.fixture
def bad_draft(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(FRONT + BAD, encoding="utf-8")
    return draft


def test_line_format(seeds, bad_draft):
    r = run("check", bad_draft, "-a", seeds, "-f", "line")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    # one line per flagged figure of the draft (the desk check), not per pair
    assert len(lines) == 1
    pat = re.compile(rf"{re.escape(str(bad_draft))}:5:49: error: conflict: sources say "
                     r"'3\.8 million metric tons'; the draft says '2\.1 million metric tons': .+ "
                     r"\(other: .+000_013c58e2a7faada4\.txt:\d+:\d+\) \[[0-9a-f]{16}\]")
    assert all(pat.fullmatch(x) for x in lines), lines


def test_github_format(seeds, bad_draft):
    r = run("check", bad_draft, "-a", seeds, "-f", "github")
    assert r.exit_code == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"::error file={bad_draft},line=5,col=49,endColumn=72,"
                            "title=factcheck conflict::sources say '3.8 million metric tons'")


def test_github_annotation_escapes_newlines_and_percent():
    from factcheck.report import _gh_data, _gh_prop

    assert _gh_data("50%\nnext") == "50%25%0Anext"
    assert _gh_prop("a,b:c") == "a%2Cb%3Ac"


def test_sarif_format(seeds, root, bad_draft):
    r = run("check", bad_draft, "-a", seeds, "-f", "sarif")
    assert r.exit_code == 1
    log = json.loads(r.stdout)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run0 = log["runs"][0]
    rules = [x["id"] for x in run0["tool"]["driver"]["rules"]]
    assert {"conflict", "explained"} <= set(rules)
    levels = {x["ruleId"]: x["level"] for x in run0["results"]}
    assert levels == {"conflict": "error"}  # one result per flagged draft figure
    for res in run0["results"]:
        assert rules[res["ruleIndex"]] == res["ruleId"] and res["message"]["text"]
        phys = res["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uri"].endswith("d.md")
        assert (phys["region"]["startLine"], phys["region"]["startColumn"]) == (5, 49)
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((root / "tests" / "schemas" / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)


def test_sarif_of_a_report_and_of_nothing_found_is_valid(rivals, root, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((root / "tests" / "schemas" / "sarif-2.1.0.json").read_text("utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    log = json.loads(run("report", rivals, "-f", "sarif").stdout)
    validator.validate(log)
    assert log["runs"][0]["results"]
    refs, drafts = _two_drafts(tmp_path)
    log = json.loads(run("check", drafts, "-a", refs, "-f", "sarif").stdout)
    validator.validate(log)
    assert log["runs"][0]["results"] == []


def test_extract_refuses_the_located_formats(seeds):
    for fmt in ("line", "github", "sarif"):
        assert run("extract", seeds, "-f", fmt).exit_code == 2


def test_no_colour_when_piped(seeds, bad_draft):
    r = run("check", bad_draft, "-a", seeds)
    assert "\x1b[" not in r.stdout and "CONFLICT" in r.stdout


def test_colour_on_a_terminal(monkeypatch, capsys):
    from factcheck import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    cli._emit("1 conflict, 0 explained differences\n\nCONFLICT   '[b]x[/b]' vs 'y'\n", None,
              color=True)
    out = capsys.readouterr().out
    assert "\x1b[" in out and "[b]x[/b]" in out  # colour, and article text never markup
