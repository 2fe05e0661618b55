"""Class 4 of issue 21: no silent wrong answers (archives checked before they are trusted
and opened read-only, dates and numbers validated as values). Scaling:
bench/hostile_scale.py, class 4.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from cli_errors import one_line_error as _one_line_error
from hostile_support import HERE, run_cli, runner, without_dac_override

from factcheck.archive import APPLICATION_ID, connect
from factcheck.cli import app
from factcheck.errors import InputError
from factcheck.extract import extract_text
from factcheck.inputs import load_documents
from factcheck.report import Format, render_claims

NAME = "n" * 300  # longer than NAME_MAX (255)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "an empty file"), (b"0123456789", "not an SQLite file, 10 bytes")])
def test_class4_archive_of_0_or_10_bytes(tmp_path, draft, content, fragment):
    db = tmp_path / "archive.db"
    db.write_bytes(content)
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(db)]),
                    "archive.db: not a factcheck archive", fragment)


def _other_app(path: Path, app_id: int = 0) -> bytes:
    conn = sqlite3.connect(path)
    if app_id:
        conn.execute(f"PRAGMA application_id={app_id}")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("app_id", [0, 0x1234])
def test_class4_another_applications_sqlite_is_refused_and_untouched(tmp_path, draft, app_id):
    db = tmp_path / "other.db"
    before = _other_app(db, app_id)
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(db)]),
                    "other.db: not a factcheck archive")
    _one_line_error(runner.invoke(app, ["index", str(draft), "--db", str(db)]),
                    "other.db: not a factcheck archive")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md", "other.db"]


def test_class4_check_opens_the_archive_read_only(archive, draft, monkeypatch):
    seen = []
    real = sqlite3.connect

    def spy(target, *a, **k):
        seen.append(str(target))
        return real(target, *a, **k)
    monkeypatch.setattr(sqlite3, "connect", spy)
    r = runner.invoke(app, ["check", str(draft), "--against", str(archive)])
    assert r.exit_code == 1, r.stderr  # 14 against 12: a conflict
    assert seen and all(s.startswith("file:") and "mode=ro" in s for s in seen)
    conn = real(archive)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


@pytest.mark.parametrize("command", ["check", "report"])
def test_class4_archive_in_a_read_only_folder(archive, draft, command):
    """A valid archive in a folder the user cannot write is read (SQLite cannot make the
    WAL's shared-memory file there). As root the child runs without the capability that
    lets root write anywhere."""
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for p in archive.parent.glob("archive.db-*"):
        p.unlink()
    archive.parent.chmod(0o555)
    try:
        p = run_cli([command, draft, "--against", archive, "--fail-on", "conflict"],
                    capture_output=True, text=True,
                    preexec_fn=without_dac_override if os.geteuid() == 0 else None)
    finally:
        archive.parent.chmod(0o755)
    assert p.returncode == 1, p.stderr
    assert "CONFLICT" in p.stdout


@pytest.mark.parametrize("command", ["check", "report", "index"])
def test_class4_another_applications_wal_database_gets_no_files_beside_it(tmp_path, draft,
                                                                         command):
    """Opening a WAL database, even read-only, makes its -wal and -shm files: another
    application's file is refused before SQLite opens it."""
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    args = (["index", draft, "--db", db] if command == "index"
            else [command, draft, "--against", db])
    _one_line_error(runner.invoke(app, [str(a) for a in args]), "other.db: not a factcheck archive")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md", "other.db"]


def test_class4_archive_made_before_the_application_id_is_still_read(archive, draft):
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA application_id=0")
    conn.commit()
    conn.close()
    assert runner.invoke(app, ["check", str(draft), "--against", str(archive)]).exit_code == 1
    connect(archive).close()


def test_class4_index_keeps_documents_whose_ids_repeat(tmp_path):
    f = tmp_path / "wires.jsonl"
    f.write_text('{"id":"a","text":"The flood killed 12 people."}\n'
                 '{"id":"a","text":"The flood killed 14 people."}\n'
                 '{"id":"a~2","text":"The flood killed 16 people."}\n', encoding="utf-8")
    db = tmp_path / "a.db"
    r = runner.invoke(app, ["index", str(f), "--db", str(db), "--jobs", "1"])
    assert r.exit_code == 0 and r.stderr.startswith("indexed 3 documents"), r.stderr
    ids = sorted(x for (x,) in sqlite3.connect(db).execute("SELECT id FROM documents"))
    assert len(ids) == 3 == len(set(ids))


def test_class4_jsonl_with_raw_line_separators():
    docs = load_documents([str(HERE / "line_separators.jsonl")])
    assert [d.id for d in docs] == ["a", "b"]
    assert "\u2028" in docs[0].text and "\u0085" in docs[0].text
    assert docs[1].path.endswith("line_separators.jsonl:2")


def test_class4_jsonl_line_numbers_count_only_newlines(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text('{"id":"a","text":"x\u2028y\u2029z\u0085"}\n{"id":"b","text":"ok"}\n{"id":\n',
                 encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.jsonl:3:"):
        load_documents([str(f)])


@pytest.mark.parametrize(("text", "expected"), [
    ("The flood killed 1\u200b2 people.", [("1\u200b2 people", 12)]),
    ("It cost $3\u200d000 million.", [("$3\u200d000 million", 3_000_000_000)]),
    ("It held 4\u00ad5 homes and 6\ufeff7 cars.", [("4\u00ad5 homes", 45), ("6\ufeff7 cars", 67)]),
    ("It held \uff11\uff12\uff0c\uff10\uff10\uff10 people.", [("\uff11\uff12\uff0c\uff10\uff10\uff10 people", 12_000)]),
    ("It held \u0661\u066c\u0662\u0660\u0660 people.", [("\u0661\u066c\u0662\u0660\u0660 people", 1_200)]),
    ("It weighs \u0663\u066b\u0665 kg.", [("\u0663\u066b\u0665 kg", 3.5)]),
    # invisible characters beside a grouping or decimal mark, and other invisible ones
    ("The flood killed 1,\u200b200 people.", [("1,\u200b200 people", 1_200)]),
    ("It weighs 3.\u200b5 kg.", [("3.\u200b5 kg", 3.5)]),
    ("It weighs 3\u2060.\ufeff5 kg.", [("3\u2060.\ufeff5 kg", 3.5)]),
    ("The flood killed 1\u180e2 people.", [("1\u180e2 people", 12)]),
    ("The flood killed 1\u200f2\u200e3 people.", [("1\u200f2\u200e3 people", 123)]),
    ("It weighs \uff13\uff0e\uff15 kg.", [("\uff13\uff0e\uff15 kg", 3.5)]),
    ("It weighs \u06f3\u066b\u06f5 kg.", [("\u06f3\u066b\u06f5 kg", 3.5)]),
    ("It held 1,200 people and 3.5 kg.", [("1,200 people", 1_200), ("3.5 kg", 3.5)]),
])
def test_class4_invisible_characters_and_foreign_separators_inside_numbers(text, expected):
    got = [(c.text, float(c.value)) for c in extract_text(text) if c.kind == "quantity"]
    assert got == [(t, float(v)) for t, v in expected]
    for c in extract_text(text):
        assert text[c.start : c.end] == c.text


def test_class4_a_figure_beyond_float_range_is_never_infinity():
    text = (HERE / "huge_exponent.txt").read_text(encoding="utf-8")
    text += " It ran 2 x 10^306 km."  # a finite value whose SI value is not
    claims = extract_text(text)
    huge = [c for c in claims if c.kind == "out_of_range"]
    assert [c.text for c in huge] == ["About 2 x 10^999 kg", "2 x 10^306 km"]
    assert all(c.value is None and c.si_value is None for c in huge)
    for fmt in (Format.json, Format.jsonl):
        out = render_claims(claims, fmt)
        for line in ([out] if fmt is Format.json else out.splitlines()):
            _strict(line)


@pytest.mark.parametrize("day", ["2025-02-30", "2025-13-01", "2025-04-31", "30/02/2025",
                                 "February 30, 2025", "2023-02-29"])
@pytest.mark.parametrize("where", ["jsonl", "front matter"])
def test_class4_impossible_dates_are_refused(tmp_path, day, where):
    """A day that does not exist hid a conflict (the document fell outside the window);
    it is bad input naming the file and the date."""
    if where == "jsonl":
        f = tmp_path / "a.jsonl"
        f.write_text(json.dumps({"id": "a", "text": "The flood killed 12 people.", "date": day})
                     + "\n", encoding="utf-8")
    else:
        f = tmp_path / "a.md"
        f.write_text(f"---\ndate: {day}\n---\nThe flood killed 12 people.\n", encoding="utf-8")
    for args in (["report", str(f)], ["index", str(f), "--db", str(tmp_path / "x.db")]):
        _one_line_error(runner.invoke(app, args), f.name, f"date {day!r}")


def test_class4_two_index_runs_on_one_archive_at_once(tmp_path):
    """Three `index` runs started together on one new --db: each ends cleanly (or in one
    line), and the archive holds every document once."""
    import subprocess
    import sys

    refs = tmp_path / "refs"
    refs.mkdir()
    for i in range(40):
        (refs / f"{i}.txt").write_text(f"The flood killed {i} people on Monday, police said.\n",
                                       encoding="utf-8")
    db = tmp_path / "a.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([sys.executable, "-m", "factcheck", "index", str(refs), "--db",
                               str(db), "--jobs", str(1 + k % 2)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(3)]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        lines = err.splitlines()
        assert "Traceback" not in err and len(lines) == 1, err
        assert p.returncode == 0 or (p.returncode == 2 and lines[0].startswith("factcheck: error"))
    assert sqlite3.connect(db).execute("SELECT count(*), count(DISTINCT id) FROM documents"
                                       ).fetchone() == (40, 40)
