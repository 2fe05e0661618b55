"""Class 3 of issue 21: every failure of the run itself is one line on stderr and exit code
2, never a traceback or exit 1 (which means "findings"). Scaling: bench/hostile_scale.py,
class 3.
"""

from __future__ import annotations

import codecs
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cli_errors import one_line_error as _one_line_error
from hostile_support import HERE, run_cli, runner

from factcheck import cli
from factcheck.cli import app

NAME = "n" * 300  # longer than NAME_MAX (255)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


def test_class3_huge_integer_id_with_keep_going(tmp_path):
    f = tmp_path / "ids.jsonl"
    f.write_text((HERE / "huge_id.jsonl").read_text() + '{"id":"b","text":"14 people."}\n')
    r = runner.invoke(app, ["report", str(f), "--keep-going", "--format", "json"])
    assert r.exit_code == 2 and "ids.jsonl:1: invalid JSON" in r.stderr
    assert "Traceback" not in r.stderr
    assert [d["id"] for d in json.loads(r.stdout)["documents"]] == ["b"]


def _bad_codec(name: str):
    if name != "fc_test_bad":
        return None

    def decode(data, errors="strict"):
        raise UnicodeError("label empty or too long")
    return codecs.CodecInfo(lambda s, errors="strict": (b"", 0), decode, name="fc_test_bad")


codecs.register(_bad_codec)


def test_class3_codec_raising_plain_unicode_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The flood killed 12 people.", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(f), "--encoding", "fc_test_bad"])
    _one_line_error(r, "a.txt: cannot decode as fc_test_bad")


def test_class3_max_bytes_beyond_2_63():
    r = runner.invoke(app, ["extract", "-", "--max-bytes", str(2**64)],
                      input="The flood killed 12 people.")
    assert r.exit_code == 0 and "12 people" in r.stdout


def test_class3_names_longer_than_name_max(tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("The flood killed 12 people.", encoding="utf-8")
    _one_line_error(runner.invoke(app, ["extract", str(tmp_path / NAME)]), "File name too long")
    _one_line_error(runner.invoke(app, ["check", str(ok), "--against", str(tmp_path / NAME)]),
                    "File name too long")
    _one_line_error(runner.invoke(app, ["extract", str(ok), "-o", str(tmp_path / NAME)]),
                    "File name too long")


def test_class3_folder_nested_1200_deep(tmp_path):
    deep = str(tmp_path)
    for _ in range(1_200):  # os.makedirs and Path.mkdir(parents=True) recurse
        deep += "/d"
        os.mkdir(deep)
    Path(deep, "a.txt").write_text("The flood killed 12 people.", encoding="utf-8")
    try:
        r = runner.invoke(app, ["extract", str(tmp_path / "d"), "--format", "text"])
    finally:  # shutil.rmtree (pytest's clean-up) recurses too: empty the tree from below
        os.unlink(Path(deep, "a.txt"))
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)
    assert r.exit_code == 0, r.stderr
    assert "12 people" in r.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_class3_stdout_on_a_full_device(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The flood killed 12 people.\n" * 2_000, encoding="utf-8")
    with open("/dev/full", "w") as full:
        p = run_cli(["extract", str(f)], stdout=full, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 2
    assert p.stderr.splitlines() == [(
        "factcheck: error: <stdout>: cannot write to standard output: No space left on device "
        "(use --output FILE on a device with room)")]


def test_class3_stdout_or_stdin_closed(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The flood killed 12 people.\n", encoding="utf-8")
    p = run_cli(["extract", str(f)], stderr=subprocess.PIPE, text=True,
             preexec_fn=lambda: os.close(1))
    assert p.returncode == 2 and p.stderr.splitlines() == [(
        "factcheck: error: <stdout>: standard output is closed (redirect it to a file or use "
        "--output FILE)")]
    p = run_cli(["extract", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
             preexec_fn=lambda: os.close(0))
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.splitlines() == [(
        "factcheck: error: <stdin>: standard input is closed (pipe or redirect a file into it, "
        "or pass a file name)")]


@pytest.mark.parametrize("damage", [
    "UPDATE documents SET text = x'0001020304'",  # read whole (a small archive)
    "UPDATE claims SET context = x'0001020304'",  # read through the index
])
def test_class3_archive_with_a_damaged_row(archive, draft, damage, monkeypatch):
    import factcheck.archive

    monkeypatch.setattr(factcheck.archive, "SMALL_ARCHIVE", 0 if "claims" in damage else 100)
    conn = sqlite3.connect(archive)
    conn.execute(damage)
    conn.commit()
    conn.close()
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(archive)]),
                    "archive.db: archive is damaged")


def test_class3_archive_with_a_corrupt_page(archive, draft):
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(archive.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for i in range(page, len(data)):  # every page after the first
        data[i] = 0xA5
    archive.write_bytes(bytes(data))
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(archive)]),
                    "archive.db")


def test_class3_annotate_with_a_folder(tmp_path, draft, archive):
    folder = tmp_path / "out"
    folder.mkdir()
    _one_line_error(runner.invoke(app, ["check", str(draft), "--against", str(archive),
                                        "--annotate", str(folder)]),
                    "--annotate is a directory")
    lines = tmp_path / "drafts.jsonl"
    lines.write_text('{"id":"d","text":"The flood killed 14 people."}\n', encoding="utf-8")
    _one_line_error(runner.invoke(app, ["check", str(lines), "--against", str(archive),
                                        "--annotate", str(tmp_path / "a.md")]),
                    "--annotate needs a Markdown or text draft file")


@pytest.mark.parametrize(("exc", "fragment"), [
    (MemoryError(), "out of memory"),
    (OSError(24, "Too many open files", "x.txt"), "x.txt: Too many open files (raise the limit"),
    (RecursionError(), "nested too deeply"),
    (ZeroDivisionError("boom"), "internal error: ZeroDivisionError: boom"),
])
def test_class3_unforeseen_exceptions_are_one_line(monkeypatch, draft, exc, fragment):
    def fail(*_a, **_k):
        raise exc
    monkeypatch.setattr(cli, "analyse", fail)
    r = runner.invoke(app, ["report", str(draft)])
    _one_line_error(r, fragment)
    r = runner.invoke(app, ["report", str(draft), "--verbose"])
    assert r.exit_code == 2 and "Traceback" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("factcheck: error: ")
