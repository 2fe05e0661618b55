"""Issue 21: hostile inputs by class. Each bug has a regression test here; speed is measured
in bench/hostile_scale.py (1x/2x/4x/8x), never timed here. The big inputs of class 1 run in
subprocesses with a generous timeout as a hang guard only (linear code needs seconds; the
quadratic and cubic code they guard against needed hours).

1. time that grows faster than the input (one long sentence)
2. output that grows with the square of the input (a sentence repeated per claim)
3. tracebacks and exit code 1 instead of one line and exit 2
4. silent wrong answers (archives, JSONL line breaks, digits)
"""

from __future__ import annotations

import codecs
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_errors import one_line_error as _one_line_error
from typer.testing import CliRunner

from factcheck import cli
from factcheck.archive import APPLICATION_ID, connect
from factcheck.cli import app
from factcheck.errors import InputError
from factcheck.extract import _distance, _Num, _SpanIndex, extract_text
from factcheck.inputs import html_text, load_documents
from factcheck.report import SENTENCE_MAX, Format, render_claims

HERE = Path(__file__).parent / "hostile"
ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
NAME = "n" * 300  # longer than NAME_MAX (255)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


# == class 1: per-figure work is bounded ========================================================
BIG = {
    # was 28 s at 32 KB and cubic: a time phrase after every figure
    "time_after_each_figure": ("12 kg on Monday, " * 8_000) + ".",
    "and_chain": " and ".join(str(i) for i in range(1, 20_000)) + " kg.",
    "said_repeated": ("Police said 12 kg, " * 8_000) + ".",
    "semicolons": ("12 kg of rice; " * 8_000) + ".",
    "ws_after_bound": "It cost more than 12" + " " * 400_000 + "x and 5 kg.",
    "ws_before_said": "12 kg" + " " * 400_000 + "police said.",
    "knots": ("12 kt, " * 20_000) + ".",
    "alone_and_so_far": ("12 kg alone, so far 13, " * 6_000) + ".",
    "times_and_dates": ("12:30, Sept. 20-24, 12th, " * 6_000) + ".",
}


@pytest.fixture(scope="module")
def big_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("big21")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    procs = {}
    for name, text in BIG.items():
        f = tmp / f"{name}.txt"
        f.write_text(text, encoding="utf-8")
        procs[name] = subprocess.Popen(
            [sys.executable, "-m", "factcheck", "extract", str(f), "-o", str(tmp / f"{name}.out")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    yield procs, time.monotonic(), tmp
    for proc in procs.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("name", sorted(BIG))
def test_class1_long_sentence_completes(big_runs, name):
    procs, started, tmp = big_runs
    proc = procs[name]
    _out, err = proc.communicate(timeout=max(0.1, started + 240 - time.monotonic()))
    assert proc.returncode == 0, err[-2000:]
    rows = [json.loads(x) for x in (tmp / f"{name}.out").read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:  # class 2 too: each record clipped, the whole sentence given once
        row.pop("sentence_full", None)
        assert len(json.dumps(row)) < 4_000


def test_class1_html_with_100000_attributes():
    html = ("<p " + " ".join(f"a{i}=x" for i in range(100_000)) + ">The flood killed 12 people."
            "</p><meta property='og:title' content='Flood'>")
    text, meta = html_text(html)
    assert text == "The flood killed 12 people." and meta["title"] == "Flood"


def test_class1_attributes_of_ordinary_tags_are_kept():
    html = ("<html><head><title>T</title></head><body><p class='a' title='x>y'>The flood "
            "killed 12 people.</p></body></html>")
    assert html_text(html) == ("The flood killed 12 people.", {"title": "T"})


def test_class1_span_index_is_the_brute_force_minimum():
    """_SpanIndex.nearest equals min(spans, key=distance) (the first among equals)."""
    rng = random.Random(21)
    for _ in range(3_000):
        spans = []
        for k in range(rng.randint(1, 40)):
            a = rng.randint(0, 200)
            spans.append((a, a + rng.randint(0, 30), f"s{k}"))
        a = rng.randint(0, 220)
        n = _Num(a, a + rng.randint(1, 6), None)  # type: ignore[arg-type]
        want = min(spans, key=lambda f: _distance(f[0], f[1], n))[2]
        assert _SpanIndex(spans).nearest(n) == want, (spans, n.start, n.end)


@pytest.mark.parametrize(("sentence", "field", "expected"), [
    ("The flood killed 12 people on Monday and 14 on Tuesday.", "time", ["on Monday", "on Tuesday"]),
    ("1,180 this summer against 114 in the same period in 2024.", "time", [None, "in 2024"]),
    ("Police said 12 were hurt; officials said 14 died.", "attribution", ["Police", "officials"]),
    ("In Paris alone 12 died, and 14 in the country.", "scope", ["alone", None]),
])
def test_class1_context_readings_unchanged(sentence, field, expected):
    got = [getattr(c, field) for c in extract_text(sentence) if c.kind == "quantity"]
    assert got == expected


def test_class1_ranges_read_between_and_from_in_a_window():
    cs = [c for c in extract_text("Prices rose from 3 to 4 kg, between 5 and 6 kg.")
          if c.kind == "quantity"]
    assert [(c.text, c.low, c.high) for c in cs] == [("3 to 4 kg", 3, 4), ("5 and 6 kg", 5, 6)]


# == class 2: output is linear =================================================================
def test_class2_long_sentence_is_clipped_in_output_not_in_the_claim():
    text = "12 kg and " * 2_000 + "."
    claims = extract_text(text)
    assert all(c.sentence == text[:-1] or c.sentence == text for c in claims)  # library: whole
    out = render_claims(claims, Format.jsonl)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(out) < 1_200 * len(rows)  # was len(sentence) per row: quadratic
    assert sum("sentence_full" in r for r in rows) == 1  # the whole sentence, once
    full = next(r["sentence_full"] for r in rows if "sentence_full" in r)
    for r in rows:
        assert r["sentence_clipped"] is True and len(r["sentence"]) <= SENTENCE_MAX
        a = r["start"] - r["sentence_start"]
        assert r["sentence"][a : a + len(r["text"])] == r["text"]
        s0, s1 = r["sentence_span"]
        assert text[s0:s1] == full
    data = json.loads(render_claims(claims, Format.json))
    assert len(data["sentences"]) == 1 and data["sentences"][0]["text"] == full


def test_class2_ordinary_sentences_are_unchanged_and_gain_only_sentence_start():
    text = "Intro. The flood killed 12 people, police said."
    row = json.loads(render_claims(extract_text(text), Format.jsonl).splitlines()[0])
    assert row["sentence"] == "The flood killed 12 people, police said."
    assert row["sentence_start"] == 7
    assert "sentence_clipped" not in row and "sentence_full" not in row


def test_class2_report_json_and_markdown_are_linear(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("12 kg and " * 3_000 + ".", encoding="utf-8")
    r = runner.invoke(app, ["report", str(f), "--format", "json"])
    assert r.exit_code in (0, 1) and len(r.stdout) < 3_000 * 2_000
    assert len(json.loads(r.stdout)["sentences"]) == 1
    r = runner.invoke(app, ["report", str(f), "--format", "csv"])
    assert r.exit_code in (0, 1) and len(r.stdout) < 3_000 * 2_000


# == class 3: one line, exit 2 =================================================================
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


def _run(args, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=False,
                          env=env, timeout=120, check=False, **kw)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_class3_stdout_on_a_full_device(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The flood killed 12 people.\n" * 2_000, encoding="utf-8")
    with open("/dev/full", "w") as full:
        p = _run(["extract", str(f)], stdout=full, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 2
    assert p.stderr.splitlines() == [(
        "factcheck: error: <stdout>: cannot write to standard output: No space left on device "
        "(use --output FILE on a device with room)")]


def test_class3_stdout_or_stdin_closed(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The flood killed 12 people.\n", encoding="utf-8")
    p = _run(["extract", str(f)], stderr=subprocess.PIPE, text=True,
             preexec_fn=lambda: os.close(1))
    assert p.returncode == 2 and p.stderr.splitlines() == [(
        "factcheck: error: <stdout>: standard output is closed (redirect it to a file or use "
        "--output FILE)")]
    p = _run(["extract", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
             preexec_fn=lambda: os.close(0))
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.splitlines() == [(
        "factcheck: error: <stdin>: standard input is closed (pipe or redirect a file into it, "
        "or pass a file name)")]


@pytest.fixture
def archive(tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.txt").write_text("The flood killed 12 people, police said on Monday.\n",
                                encoding="utf-8")
    db = tmp_path / "archive.db"
    r = runner.invoke(app, ["index", str(refs), "--db", str(db), "--jobs", "1"])
    assert r.exit_code == 0, r.stderr
    return db


@pytest.fixture
def draft(tmp_path):
    d = tmp_path / "draft.md"
    d.write_text("The flood killed 14 people.\n", encoding="utf-8")
    return d


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


# == class 4: no silent wrong answers ===========================================================
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


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_class4_archive_in_a_read_only_folder(archive, draft):
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for p in archive.parent.glob("archive.db-*"):
        p.unlink()
    archive.parent.chmod(0o555)
    try:
        r = runner.invoke(app, ["check", str(draft), "--against", str(archive)])
    finally:
        archive.parent.chmod(0o755)
    assert r.exit_code == 1, r.stderr


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


# == classes 5 and 6: unsafe writes and escaping ===============================================
def test_class5_output_onto_a_link_fifo_or_device(tmp_path, draft):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    _one_line_error(runner.invoke(app, ["extract", str(draft), "-o", str(link)]),
                    "--output is a symbolic link")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep\n"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    _one_line_error(runner.invoke(app, ["extract", str(draft), "-o", str(fifo)]),
                    "--output is not a regular file")
    _one_line_error(runner.invoke(app, ["extract", str(draft), "-o", os.devnull]),
                    "--output is not a regular file")
    assert Path(os.devnull).is_char_device()


def test_class5_annotate_keeps_the_drafts_bom_and_crlf(tmp_path, archive):
    d = tmp_path / "crlf.md"
    d.write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nThe flood killed 14 people.\r\n")
    out = tmp_path / "annotated.md"
    r = runner.invoke(app, ["check", str(d), "--against", str(archive), "--annotate", str(out)])
    assert r.exit_code == 1, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfTitle\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends as the draft's do


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
