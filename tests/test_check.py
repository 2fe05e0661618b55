"""The pre-publication check as an editor uses it: exit codes, Markdown, suppressions,
stale figures, stdin, configuration, annotation and archives."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()

BAD = ("Russia's reserves of rare earth metals stand at 2.1 million metric tons, the U.S. "
       "Geological Survey estimates.\n")
GOOD = ("The U.S. Geological Survey puts Russia's reserves of rare earth metals at 3.8 million "
        "tonnes.\n")


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_acceptance_drafts(seeds, tmp_path):
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    r = run("check", str(bad), "--against", str(seeds), "--format", "markdown")
    assert r.exit_code == 1, r.output
    md = r.stdout
    assert "**2.1 million metric tons**" in md and "**3.8 million metric tons**" in md
    assert "000\\_013c58e2a7faada4.txt" in md  # the reference is named
    assert md.splitlines()[2].startswith("**1 conflict")
    r = run("check", str(good), "--against", str(seeds))
    assert r.exit_code == 0, r.output


def test_fail_on_levels(seeds, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(BAD, encoding="utf-8")
    assert run("check", str(bad), "-a", str(seeds), "--fail-on", "never").exit_code == 0
    assert run("check", str(bad), "-a", str(seeds), "--fail-on", "conflict").exit_code == 1
    assert run("check", str(bad), "-a", str(tmp_path / "missing")).exit_code == 2


def test_stdin_draft(seeds):
    r = run("check", "-", "--against", str(seeds), input=BAD)
    assert r.exit_code == 1, r.output


def test_inline_suppression_is_counted_not_hidden(seeds, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(BAD.rstrip("\n") + " <!-- factcheck: ignore -->\n", encoding="utf-8")
    r = run("check", str(draft), "-a", str(seeds), "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert "suppressed" in r.stdout.splitlines()[2]
    assert "## Suppressed after review" in r.stdout


def test_reviewed_file_suppression(seeds, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(BAD, encoding="utf-8")
    data = json.loads(run("check", str(draft), "-a", str(seeds), "--format", "json").stdout)
    fp = next(p["fingerprint"] for p in data["pairs"] if p["verdict"] == "conflict")
    reviewed = tmp_path / "reviewed.toml"
    reviewed.write_text(f'[[reviewed]]\nfingerprint = "{fp}"\nnote = "checked"\n', encoding="utf-8")
    r = run("check", str(draft), "-a", str(seeds), "--reviewed", str(reviewed), "--format", "json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert out["summary"]["suppressed"] >= 1
    assert [p["suppressed"] for p in out["pairs"] if p["fingerprint"] == fp] == [True]


def test_stale_figure_notice(tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.md").write_text("---\nsource: Devdiscourse\ndate: 2025-08-16\n---\nAn explosion "
                               "at a factory in Ryazan claimed 11 lives, the Emergency Situations "
                               "Ministry said.\n", encoding="utf-8")
    (refs / "b.md").write_text("---\nsource: MENAFN\ndate: 2025-08-19\n---\nThe number of "
                               "fatalities from the factory explosion in Ryazan has increased to "
                               "25, the Emergency Situations Ministry said.\n", encoding="utf-8")
    draft = tmp_path / "d.md"
    draft.write_text("---\ndate: 2025-08-17\n---\nThe blast at the Ryazan factory killed 11 "
                     "people, the Emergency Situations Ministry said.\n", encoding="utf-8")
    r = run("check", str(draft), "-a", str(refs), "--format", "markdown")
    assert "## Stale figures" in r.stdout
    assert "MENAFN" in r.stdout and "2025-08-19" in r.stdout and "'25'" in r.stdout


def test_config_file_supplies_references_and_threshold(seeds, tmp_path):
    (tmp_path / "factcheck.toml").write_text(f'against = ["{seeds}"]\nfail-on = "never"\n',
                                             encoding="utf-8")
    draft = tmp_path / "d.md"
    draft.write_text(BAD, encoding="utf-8")
    assert run("check", str(draft)).exit_code == 0  # fail-on never from the file
    assert run("check", str(draft), "--fail-on", "conflict").exit_code == 1  # flag overrides
    (tmp_path / "factcheck.toml").write_text('fail-on = "loudly"\n', encoding="utf-8")
    r = run("check", str(draft), "-a", str(seeds))
    assert r.exit_code == 2 and "factcheck.toml" in r.stderr and "fail-on" in r.stderr


def test_annotate_writes_a_copy_with_footnotes(seeds, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("---\ntitle: Rare earths\n---\n" + BAD, encoding="utf-8")
    before = draft.read_bytes()
    out = tmp_path / "d.annotated.md"
    r = run("check", str(draft), "-a", str(seeds), "--annotate", str(out))
    assert r.exit_code == 1
    assert draft.read_bytes() == before  # the draft itself is untouched
    text = out.read_text(encoding="utf-8")
    assert "2.1 million metric tons[^fc1]" in text and "[^fc1]: factcheck" in text
    assert text.startswith("---\ntitle: Rare earths\n---\n")


def test_check_against_an_archive_index(seeds, tmp_path):
    db = tmp_path / "archive.db"
    r = run("index", str(seeds), "--db", str(db), "--jobs", "1")
    assert r.exit_code == 0, r.output
    assert "indexed 2 documents" in r.stderr
    draft = tmp_path / "d.md"
    draft.write_text(BAD, encoding="utf-8")
    r = run("check", str(draft), "--against", str(db), "--format", "json")
    assert r.exit_code == 1, r.output
    pairs = json.loads(r.stdout)["pairs"]
    assert any(p["verdict"] == "conflict" for p in pairs)
    r = run("index", str(seeds), "--db", str(db), "--jobs", "1")
    assert "skipped 2 unchanged" in r.stderr
    r = run("report", str(draft), "--against", str(db), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["pairs"]


def test_golden_check_markdown(seeds, root, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("---\nsource: Our desk\ndate: 2026-01-15\n---\n" + BAD, encoding="utf-8")
    r = run("check", str(draft), "-a", str(seeds), "--format", "markdown")
    got = r.stdout
    golden = root / "tests" / "golden" / "check-rare-earths.md"
    assert got == golden.read_text(encoding="utf-8"), (
        "regenerate tests/golden/check-rare-earths.md if the change is intended")


def test_pre_commit_entry_point(seeds, tmp_path, monkeypatch, capsys):
    from factcheck.precommit import main

    (tmp_path / "factcheck.toml").write_text(f'against = ["{seeds}"]\n', encoding="utf-8")
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main([str(good)]) == 0
    assert main([str(good), str(bad)]) == 1
    assert "CONFLICT" in capsys.readouterr().out


def test_pre_commit_hook_file_names_the_entry_point(root):
    import tomllib

    text = (root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: factcheck-precommit" in text
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["factcheck-precommit"] == "factcheck.precommit:main"
