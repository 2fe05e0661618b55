"""Class 6 of issue 21: escaping (text output, CSV, Markdown, --annotate footnotes).
Scaling: bench/hostile_scale.py, class 6.
"""

from __future__ import annotations

import json

import pytest
from hostile_support import runner

from factcheck.cli import app

NAME = "n" * 300  # longer than NAME_MAX (255)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


def test_class6_newline_in_an_id_or_file_name_cannot_forge_a_line(tmp_path):
    f = tmp_path / "ids.jsonl"
    f.write_text('{"id":"a\\nCONFLICT forged","text":"The flood killed 14 people."}\n'
                 '{"id":"b","text":"The flood killed 12 people."}\n', encoding="utf-8")
    for args in (["report", str(f)], ["extract", str(f), "--format", "text"],
                 ["report", str(f), "--format", "line"]):
        r = runner.invoke(app, args)
        assert r.stdout and not any(line.startswith("CONFLICT forged")
                                    for line in r.stdout.splitlines())
        assert "a\\nCONFLICT forged" in r.stdout or args[-1] == "line"  # line: by path


def test_class6_csv_cells_with_blanks_before_a_formula():
    from factcheck.report import _csv_safe
    for cell in (" =SUM(A1)", "\t=1+2", "\r=1", "\n@cmd", "\u00a0+1+1"):
        assert _csv_safe(cell) == "'" + cell
    assert [_csv_safe(v) for v in ("-3", " 5", "ok", "=")] == ["-3", " 5", "ok", "="]


def test_class6_markdown_defuses_bare_addresses_and_escapes_footnotes(tmp_path):
    from factcheck.report import md_escape
    assert md_escape("see https://x.example and www.y.com") == (
        "see https\\://x.example and www\\.y.com")
    ref = tmp_path / "ref.md"
    ref.write_text("---\nsource: '[x](javascript:alert(1)) <b>'\n---\nThe flood killed 12 people.\n",
                   encoding="utf-8")
    d = tmp_path / "d.md"
    d.write_text("The flood killed 14 people.\n", encoding="utf-8")
    out = tmp_path / "a.md"
    r = runner.invoke(app, ["check", str(d), "--against", str(ref), "--annotate", str(out)])
    assert r.exit_code == 1, r.stderr
    foot = out.read_text(encoding="utf-8").split("[^fc1]:", 1)[1]
    assert "<b>" not in foot and "](" not in foot.replace("\\](", "")


def test_class6_newline_in_a_drafts_name_or_an_id_in_check_and_why(tmp_path):
    """The check's section header of each draft, and `why`, printed names and ids raw."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a\nCONFLICT forged.txt").write_text("The flood killed 14 people.\n",
                                                   encoding="utf-8")
    (drafts / "b\u2028CONFLICT forged.txt").write_text("The flood killed 15 people.\n",
                                                       encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text("The flood killed 12 people.\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(drafts), "--against", str(ref)])
    assert r.exit_code == 1, r.stderr
    assert not any(x.startswith("CONFLICT forged") for x in r.stdout.splitlines())
    f = tmp_path / "ids.jsonl"
    f.write_text('{"id":"x\\nCONFLICT forged","text":"The flood killed 20 people."}\n'
                 '{"id":"y","text":"The flood killed 21 people."}\n', encoding="utf-8")
    r = runner.invoke(app, ["why", "x\nCONFLICT forged#1", "y#1", str(f)])
    assert r.exit_code == 0, r.stderr
    assert not any(x.startswith("CONFLICT forged") for x in r.stdout.splitlines())
    assert "x\\nCONFLICT forged#1" in r.stdout


@pytest.mark.parametrize(("text", "expected"), [
    ("write to user@evil.example", "write to user\\@evil.example"),
    ("xmpp:user@evil.example", "xmpp\\:user\\@evil.example"),
    ("MAILTO:a.b@c.example", "MAILTO\\:a.b\\@c.example"),
    ("5 @ 3 and a@b", "5 @ 3 and a@b"),  # no address: unchanged
])
def test_class6_markdown_defuses_email_addresses(text, expected):
    """GitHub links an e-mail address without any scheme, and xmpp: like mailto:."""
    from factcheck.report import md_escape
    assert md_escape(text) == expected


def test_class6_csv_with_a_carriage_return_in_an_id_stays_one_row_and_defused(tmp_path):
    """An id "\\r=1+2" in check's CSV: written unquoted, the CR ended the row for readers
    and "=1+2 ..." started one of its own, a formula."""
    import csv
    import io

    f = tmp_path / "refs.jsonl"
    f.write_text('{"id":"\\r=1+2 a","text":"The flood killed 12 people."}\n', encoding="utf-8")
    d = tmp_path / "d.jsonl"
    d.write_text('{"id":"x\\r\\n@SUM(1)","text":"The flood killed 14 people."}\n',
                 encoding="utf-8")
    for args in (["check", str(d), "--against", str(f), "--format", "csv"],
                 ["report", str(d), str(f), "--format", "csv"],
                 ["extract", str(f), "--format", "csv"]):
        r = runner.invoke(app, args)
        assert r.exit_code in (0, 1), r.stderr
        assert "\r" not in r.stdout
        rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
        assert len({len(row) for row in rows}) == 1 and len(rows) >= 2
        for row in rows:
            for cell in row:  # (a bound "=" alone is no formula)
                assert cell == "=" or not cell.lstrip(" \t\r\n").startswith(("=", "+", "@")), cell
