"""Events first: documents grouped into stories before pairing; streaming JSONL input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import Document, analyse
from factcheck.cli import app
from factcheck.events import DEFAULT_WINDOW, group_events, in_scope, signature

QUAKE = ("A magnitude 6.1 earthquake struck near Ridgecrest in Kern County on Tuesday, the "
         "Geological Survey said. Officials in Ridgecrest said 14 people were injured and "
         "Sheriff Donny Youngblood reported damage to 40 homes near Trona.")
QUAKE2 = ("The Ridgecrest earthquake, magnitude 6.1, injured 12 people in Kern County, Sheriff "
          "Donny Youngblood said, and damaged homes in Trona and Ridgecrest.")
BANK = ("Shares of Meridian Bancorp fell after the lender reported that 14 branches in Ohio "
        "would close, Chief Executive Harold Pemberton told analysts on a call.")


def _filler(i: int) -> Document:
    # unrelated stories, enough of them that the run is grouped by blocking
    words = [f"zq{i}x{k}" for k in range(30)]
    return Document(id=f"f{i}", text=f"The {' '.join(words)} council met, Mayor Ab{i}cd said "
                    f"{i + 3} roads closed.", date="2024-07-01")


def test_two_unrelated_stories_are_never_paired() -> None:
    docs = [Document("quake", QUAKE, date="2024-07-02"), Document("bank", BANK,
            date="2024-07-02")] + [_filler(i) for i in range(40)]
    rep = analyse(docs)
    assert not [f for f in rep.findings if {f.a.doc, f.b.doc} == {"quake", "bank"}]


def test_a_story_stays_together_and_pairs() -> None:
    docs = [Document("q1", QUAKE, date="2024-07-02"), Document("q2", QUAKE2, date="2024-07-03"),
            Document("bank", BANK, date="2024-07-02")] + [_filler(i) for i in range(40)]
    ev = group_events([signature(d) for d in docs])
    assert ev.together("q1", "q2")
    assert not ev.together("q1", "bank")
    rep = analyse(docs)
    assert any({f.a.doc, f.b.doc} == {"q1", "q2"} for f in rep.findings)


def test_window_keeps_far_apart_days_apart() -> None:
    docs = [Document("q1", QUAKE, date="2024-07-02"), Document("q2", QUAKE2, date="2024-09-20")]
    docs += [_filler(i) for i in range(40)]
    ev = group_events([signature(d) for d in docs], window=DEFAULT_WINDOW)
    assert not ev.together("q1", "q2")
    assert group_events([signature(d) for d in docs], window=120).together("q1", "q2")


def test_undated_document_is_dated_by_its_text() -> None:
    undated = Document("u", QUAKE2 + " The quake struck on July 2, 2024.")
    sig = signature(undated)
    assert in_scope(sig, date(2024, 7, 1), date(2024, 7, 5))
    assert not in_scope(sig, date(2024, 8, 1), None)
    assert not in_scope(signature(Document("n", BANK)), date(2024, 1, 1), None)


def test_since_until_scope_the_report(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    rows = [{"id": "q1", "text": QUAKE, "date": "2024-07-02"},
            {"id": "old", "text": QUAKE2, "date": "2023-01-01"},
            {"id": "u", "text": QUAKE2 + " It struck on July 2, 2024."}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = CliRunner().invoke(app, ["report", str(p), "-f", "json", "--since", "2024-07-01",
                                   "--until", "2024-07-31"])
    assert out.exit_code == 0, out.output
    ids = {d["id"] for d in json.loads(out.stdout)["documents"]}
    assert ids == {"q1", "u"}
    bad = CliRunner().invoke(app, ["report", str(p), "--since", "July"])
    assert bad.exit_code == 2


def test_jsonl_bigger_than_max_bytes_streams(tmp_path: Path) -> None:
    p = tmp_path / "big.jsonl"
    p.write_text("".join(json.dumps({"id": f"d{i}", "text": f"It cost ${i + 1} million."}) + "\n"
                         for i in range(200)))
    assert p.stat().st_size > 2000
    out = CliRunner().invoke(app, ["report", str(p), "--max-bytes", "2000", "-f", "json"])
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.stdout)["documents"]) == 200


def test_one_article_over_the_limit_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "It cost $5 million."}) + "\n"
                 + json.dumps({"id": "b", "text": "x" * 5000}) + "\n"
                 + json.dumps({"id": "c", "text": "It cost $6 million."}) + "\n")
    out = CliRunner().invoke(app, ["report", str(p), "--max-bytes", "2000"])
    assert out.exit_code == 2
    assert out.stderr.strip().count("\n") == 0 and ":2: line is over the limit" in out.stderr
    out = CliRunner().invoke(app, ["report", str(p), "--max-bytes", "2000", "--keep-going",
                                   "-f", "json"])
    assert out.exit_code == 2
    assert {d["id"] for d in json.loads(out.stdout)["documents"]} == {"a", "c"}


@pytest.mark.parametrize("tty", [False, True])
def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tty: bool) -> None:
    from factcheck import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: tty, raising=False)
    with cli._progress(lambda: 1000) as tick:
        tick(10, 0, 0)
        shown = cli._progress.__dict__ and tick is not None
    bar = cli._progress(lambda: 1000)
    bar.__enter__()
    assert (bar.bar is not None) is tty
    bar.__exit__()
    quiet = cli._progress(lambda: 1000, quiet=True)
    quiet.__enter__()
    assert quiet.bar is None
    small = cli._progress(lambda: 5)
    small.__enter__()
    assert small.bar is None
    assert shown


def test_names_are_the_same_words_with_or_without_other_scripts_in_the_text():
    """ASCII text and text with a curly quote are read by two patterns: they must find the
    same names ("BlackRock" gave "Black" on ASCII text only)."""
    from factcheck.events import names

    text = "Shares of BlackRock rose, said MasterCard on Monday in Washington and Paris."
    assert names(text) == names(text + " \u201cquoted\u201d") == {"Washington", "Paris"}
