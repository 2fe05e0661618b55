"""The desk check (issue 15): one verdict per draft figure, reviews that last, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from factcheck import Document
from factcheck.cli import app
from factcheck.desk import figure_fingerprint
from factcheck.pipeline import check_documents

runner = CliRunner()

TOLL = "The blast at the Ryazan gunpowder plant killed {n} people, the Emergency Situations Ministry said."


def _refs(values: list[tuple[str, str]]) -> list[Document]:
    return [Document(id=f"r{i}", source=outlet, date="2025-08-16",
                     text=f"An explosion at the Ryazan gunpowder plant killed {n} people, "
                          "the Emergency Situations Ministry said.")
            for i, (outlet, n) in enumerate(values)]


def _figure(draft_n: str, refs: list[tuple[str, str]]):
    draft = Document(id="draft", date="2025-08-16", text=TOLL.format(n=draft_n))
    rep = check_documents([draft], _refs(refs))
    [g] = [g for g in rep.figures if g.claim.doc == "draft"]
    return rep, g


def test_one_disagreeing_outlet_does_not_outweigh_three_that_agree():
    _, g = _figure("11", [("TASS", "11"), ("Reuters", "11"), ("AP", "11"), ("Devdiscourse", "12")])
    assert g.verdict == "supported"
    assert g.agree == ("AP (Emergency Situations Ministry)", "Reuters (Emergency Situations Ministry)",
                       "TASS (Emergency Situations Ministry)")
    assert len(g.disagree) == 1 and "Devdiscourse" in g.disagree[0]


def test_sources_that_agree_with_each_other_against_the_draft():
    rep, g = _figure("15", [("TASS", "11"), ("Reuters", "11"), ("AP", "12")])
    assert g.verdict == "conflict"
    assert g.sources_say is not None and g.sources_say.si_value == 11
    assert "sources say '11 people'; the draft says '15 people'" in g.line
    assert "3 sources disagree" in g.line
    assert rep.to_json()["figures"][0]["verdict"] == "conflict"
    assert rep.summary()["figures_conflict"] == 1


def test_a_figure_no_source_gives_is_unverified_and_listed(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("The plant employed 1,300 workers before the blast, its owner said.\n",
                     encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.md").write_text(TOLL.format(n=11) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(draft), "-a", str(refs), "--format", "markdown"])
    assert r.exit_code == 0, r.output
    assert "## Figures no source gives" in r.stdout and "1,300 workers" in r.stdout
    assert "1 figure not checked" in r.stdout.splitlines()[2]
    r = runner.invoke(app, ["check", str(draft), "-a", str(refs), "--fail-on", "unverified"])
    assert r.exit_code == 1


def test_figure_fingerprint_survives_renames_and_copy_edits_but_not_a_new_value():
    def fp(doc_id: str, text: str) -> str:
        rep = check_documents([Document(id=doc_id, date="2025-08-16", text=text)],
                              _refs([("TASS", "11")]))
        return next(g.fingerprint for g in rep.figures if g.claim.doc == doc_id)

    one = fp("draft:a.md", TOLL.format(n=11))
    assert one == fp("draft:renamed.md", TOLL.format(n=11))
    assert one == fp("draft:a.md", "On Friday the blast at the Ryazan gunpowder plant killed 11 "
                     "people, the Emergency Situations Ministry said in a statement.")
    assert one != fp("draft:a.md", TOLL.format(n=12))


def test_fingerprint_is_of_the_quantity_and_value():
    a = _figure("11", [("TASS", "11")])[1].claim
    assert figure_fingerprint(a, "dead") != figure_fingerprint(a, "injured")


def test_review_add_then_check_shows_the_note(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(TOLL.format(n=15) + "\n", encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.md").write_text("---\nsource: TASS\n---\n" + TOLL.format(n=11) + "\n",
                               encoding="utf-8")
    r = runner.invoke(app, ["check", str(draft), "-a", str(refs), "--format", "json"])
    assert r.exit_code == 1, r.output
    fp = json.loads(r.stdout)["figures"][0]["fingerprint"]
    reviewed = tmp_path / "reviewed.toml"
    r = runner.invoke(app, ["review", "add", fp, "--note", "our own count, confirmed",
                            "--by", "J. Editor", "--reviewed", str(reviewed)])
    assert r.exit_code == 0, r.output
    text = reviewed.read_text(encoding="utf-8")
    assert fp in text and 'by = "J. Editor"' in text and "date = " in text
    r = runner.invoke(app, ["check", str(draft), "-a", str(refs), "--reviewed", str(reviewed),
                            "--format", "markdown"])
    assert r.exit_code == 0, r.output
    assert "our own count, confirmed" in r.stdout and "J. Editor" in r.stdout
    r = runner.invoke(app, ["check", str(draft), "-a", str(refs), "--reviewed", str(reviewed)])
    assert "REVIEWED" in r.stdout and "our own count, confirmed" in r.stdout


def test_a_review_that_matches_nothing_is_reported(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(TOLL.format(n=15) + "\n", encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.md").write_text(TOLL.format(n=11) + "\n", encoding="utf-8")
    reviewed = tmp_path / "reviewed.toml"
    reviewed.write_text('[[reviewed]]\nfingerprint = "0123456789abcdef"\nnote = "old"\n',
                        encoding="utf-8")
    r = runner.invoke(app, ["check", str(draft), "-a", str(refs), "--reviewed", str(reviewed)])
    assert "0123456789abcdef" in r.stderr and "stale review" in r.stderr


def test_a_missing_reviewed_file_is_an_error(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(TOLL.format(n=15) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(draft), "-a", str(draft), "--reviewed",
                            str(tmp_path / "nope.toml")])
    assert r.exit_code == 2
    assert "nope.toml" in r.stderr and "not found" in r.stderr


def test_review_add_refuses_what_is_not_a_fingerprint(tmp_path):
    r = runner.invoke(app, ["review", "add", "not-hex!", "--note", "x", "--reviewed",
                            str(tmp_path / "r.toml")])
    assert r.exit_code == 2 and not (tmp_path / "r.toml").exists()


def test_an_outdated_running_figure_is_not_supported():
    refs = [Document(id="r1", date="2025-08-16", source="Devdiscourse", text="An explosion at a "
                     "factory in Ryazan claimed 11 lives, the Emergency Situations Ministry said."),
            Document(id="r2", date="2025-08-19", source="MENAFN", text="The number of "
                     "fatalities from the factory explosion in Ryazan has increased to 25, the "
                     "ministry said.")]
    draft = Document(id="draft", date="2025-08-20", text="The blast at the Ryazan factory "
                     "killed 11 people, the Emergency Situations Ministry said.")
    rep = check_documents([draft], refs)
    [g] = [g for g in rep.figures if g.claim.doc == "draft"]
    assert g.verdict == "explained"
    assert g.sources_say is not None and g.sources_say.text == "25"


def test_readme_config_examples_are_valid_for_the_files_they_name(root, tmp_path):
    """Every ```toml block of the README that names its file ("# factcheck.toml",
    "# pyproject.toml", "# factcheck-reviewed.toml") loads as that file."""
    import re

    from factcheck.review import load_config, reviewed_fingerprints

    blocks = re.findall(r"```toml\n(.*?)```", (root / "README.md").read_text(encoding="utf-8"),
                        re.DOTALL)
    named = 0
    for block in blocks:
        lines = [line[2:] if line.startswith("  ") else line for line in block.splitlines()]
        first = lines[0].strip() if lines else ""
        m = re.match(r"# ([\w.-]+\.toml)\b", first)
        if not m:
            continue
        named += 1
        name, body = m.group(1), "\n".join(lines[1:]) + "\n"
        d = tmp_path / f"case{named}"
        d.mkdir()
        (d / name).write_text(body, encoding="utf-8")
        if name == "factcheck-reviewed.toml":
            assert reviewed_fingerprints(str(d / name), must_exist=True)
        else:
            cfg = load_config(d)
            assert cfg.against, name
    assert named >= 3
