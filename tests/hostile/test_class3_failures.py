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
from hostile_support import HERE, limits, one_line_or_clean, run_cli, runner

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


def _exit_at_once(_doc):
    os._exit(3)  # a worker killed (out of memory, a signal): no exception reaches the pool


def test_class3_index_worker_that_dies_is_one_line_not_a_hang(tmp_path, monkeypatch):
    """multiprocessing.Pool started another worker and waited forever for the documents a
    dead one held; the index now fails in one line."""
    import factcheck.index

    refs = tmp_path / "refs"
    refs.mkdir()
    for i in range(6):
        (refs / f"{i}.txt").write_text(f"The flood killed {i} people.\n", encoding="utf-8")
    monkeypatch.setattr(factcheck.index, "_process_many", _exit_at_once)  # forked workers see it
    r = runner.invoke(app, ["index", str(refs), "--db", str(tmp_path / "a.db"), "--jobs", "2"])
    _one_line_error(r, "the local run failed: BrokenProcessPool")


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    refs = tmp_path_factory.mktemp("many")
    for i in range(60):
        (refs / f"{i}.txt").write_text(f"The flood killed {i} people on Monday, police said. "
                                       f"It cost ${i} million.\n", encoding="utf-8")
    return refs


def _commands(tmp_path, many, draft):
    return {
        "extract": ["extract", many],
        "report": ["report", many],
        "check": ["check", draft, "--against", many],
        "index -j 1": ["index", many, "--db", tmp_path / "a.db", "--jobs", "1"],
        "index -j 2": ["index", many, "--db", tmp_path / "b.db", "--jobs", "2"],
    }


@pytest.mark.parametrize("command", ["extract", "report", "check", "index -j 1", "index -j 2"])
@pytest.mark.parametrize("megabytes", [150, 400])
def test_class3_memory_limit(tmp_path, many, draft, command, megabytes):
    """ulimit -v: the run works or fails in one line; numpy (whose OpenBLAS ends the
    process with exit 1 and its own message when its buffers do not fit) is left out when
    the address space is short, and a worker that dies is one line, not a hang."""
    p = run_cli(_commands(tmp_path, many, draft)[command], capture_output=True, text=True,
                preexec_fn=limits(address_space=megabytes << 20), timeout=300)
    one_line_or_clean(p)
    if command.startswith("index") and p.returncode == 0:
        assert sqlite3.connect(tmp_path / ("a.db" if "1" in command else "b.db")).execute(
            "SELECT count(*) FROM documents").fetchone()[0] == 60


@pytest.mark.parametrize("command", ["extract", "report", "check", "index -j 1", "index -j 2"])
@pytest.mark.parametrize("nofile", [10, 16])
def test_class3_low_open_files_limit(tmp_path, many, draft, command, nofile):
    """ulimit -n: the run works or fails in one line (below some 8 descriptors the dynamic
    loader cannot start Python at all)."""
    p = run_cli(_commands(tmp_path, many, draft)[command], capture_output=True, text=True,
                preexec_fn=limits(nofile=nofile), timeout=300)
    one_line_or_clean(p)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["why", "--version", "report-json", "check"])
def test_class3_every_command_on_a_full_or_closed_stdout(tmp_path, command):
    """why and --version wrote with typer.echo, which drops what it cannot write: a closed
    standard output gave exit 0 and no output, a full one a line without the stream."""
    f = tmp_path / "a.txt"
    f.write_text("The flood killed 12 people. Police said 14 died.\n" * 50, encoding="utf-8")
    args = {"why": ["why", "a.txt#1", "a.txt#2", f], "--version": ["--version"],
            "report-json": ["report", f, "--format", "json"],
            "check": ["check", f, "--against", f.parent / "ref.txt"]}[command]
    (tmp_path / "ref.txt").write_text("The flood killed 13 people.\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        p = run_cli(args, stdout=full, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 2 and p.stderr.splitlines() == [(
        "factcheck: error: <stdout>: cannot write to standard output: No space left on device "
        "(use --output FILE on a device with room)")]
    p = run_cli(args, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert p.returncode == 2 and p.stderr.splitlines() == [(
        "factcheck: error: <stdout>: standard output is closed (redirect it to a file or use "
        "--output FILE)")]


def test_class3_a_folder_is_walked_by_descriptors_and_finds_what_a_path_walk_finds(tmp_path):
    """Folders are opened relative to their parent (a chain N deep costs N, not N^2), and the
    walk finds exactly the files a walk by paths finds: input suffixes only, linked folders
    not followed, files at every depth; under a low open-files limit it still completes."""
    import resource

    from factcheck.inputs import load_documents

    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "w").mkdir()
    for rel in ("top.txt", "a/one.md", "a/b/c/deep.txt", "a/b/skip.bin", "w/x.html"):
        (tmp_path / rel).write_text("The flood killed 12 people.", encoding="utf-8")
    for i in range(40):  # a wide folder: more subfolders than the open-files limit below
        (tmp_path / "w" / f"s{i}").mkdir()
        (tmp_path / "w" / f"s{i}" / "n.txt").write_text(f"{i} kg.", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "link")
    want = sorted(["top.txt", "a/one.md", "a/b/c/deep.txt", "w/x.html"]
                  + [f"w/s{i}/n.txt" for i in range(40)])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 64), hard))
        docs = load_documents([str(tmp_path)])
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert sorted(Path(d.path.split("#")[0]).relative_to(tmp_path).as_posix() for d in docs) == want
