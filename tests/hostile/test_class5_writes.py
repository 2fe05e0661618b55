"""Class 5 of issue 21: unsafe writes (-o and --annotate onto links, FIFOs, devices and the
draft; file modes; the draft's byte-order mark and line ends). Scaling:
bench/hostile_scale.py, class 5.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from cli_errors import one_line_error as _one_line_error
from hostile_support import runner

from factcheck.cli import app

NAME = "n" * 300  # longer than NAME_MAX (255)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


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


def test_class5_many_footnotes_each_after_its_figure():
    """The annotated copy is cut once per figure (a copy of the draft per footnote was
    quadratic: bench/hostile_scale.py annotate_*); each mark right after its figure."""
    import re
    from dataclasses import replace

    from factcheck.models import Document
    from factcheck.pipeline import check_documents
    from factcheck.report import annotate_markdown

    para = "The flood killed 14 people."
    ref = Document(id="ref", text="The flood killed 12 people, police said.", source="Agency")
    one = check_documents([Document(id="draft", text=para)], [ref])
    g = next(g for g in one.figures if g.verdict == "conflict")
    step = len(para) + 2
    figs = tuple(replace(g, claim=replace(g.claim, id=f"draft#{i}", start=g.claim.start + i * step,
                                          end=g.claim.end + i * step)) for i in range(300))
    draft = "\ufeff" + "\r\n".join([para] * 300) + "\r\n"
    figs = tuple(replace(f, claim=replace(f.claim, start=f.claim.start + 1, end=f.claim.end + 1))
                 for f in figs)
    out = annotate_markdown(draft, replace(one, figures=figs), {"draft"})
    body, _, notes = out.partition("\r\n\r\n[^fc1]:")
    assert re.sub(r"\[\^fc\d+\]", "", body) == draft.rstrip("\r\n")
    assert re.findall(r"14 people\[\^(fc\d+)\]", body) == [f"fc{i}" for i in range(1, 301)]
    assert notes.count("\r\n[^fc") == 299 and "\n" not in notes.replace("\r\n", "")


def test_class5_reviewed_file_onto_a_fifo_is_refused(tmp_path):
    """The reviewed file's writer replaced a FIFO with a regular file (exit 0)."""
    fifo = tmp_path / "reviewed.toml"
    os.mkfifo(fifo)
    r = runner.invoke(app, ["review", "add", "3f1c0a9e5b7d2c41", "--note", "x",
                            "--reviewed", str(fifo)])
    _one_line_error(r, "reviewed.toml: not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_class5_annotate_and_output_naming_one_new_file(tmp_path, draft, archive):
    """Two names of one file not made yet ('x.md' and './x.md'): one would overwrite the
    other."""
    out = tmp_path / "x.md"
    r = runner.invoke(app, ["check", str(draft), "--against", str(archive), "--annotate",
                            str(out), "-o", str(tmp_path / "." / "x.md")])
    _one_line_error(r, "--annotate and --output name the same file")
    assert not out.exists()


@pytest.mark.parametrize(("draft_text", "expected"), [
    # a draft whose lines end in a lone CR (classic Mac): the footnotes too
    ("Title\r\rThe flood killed 14 people.\rEnd.\r",
     "Title\r\rThe flood killed 14 people[^fc1].\rEnd.\r\r[^fc1]: "),
    # inside code, a link text: the mark after it (a fence: on a line of its own)
    ("```\nThe flood killed 14 people\n```\n",
     "```\nThe flood killed 14 people\n```\n[^fc1]\n\n[^fc1]: "),
    ("`The flood killed 14 people` and The flood killed 14 people.\n",
     "`The flood killed 14 people`[^fc1] and The flood killed 14 people[^fc2].\n\n[^fc1]: "),
    ("[The flood killed 14 people](https://x.example)\n",
     "[The flood killed 14 people](https://x.example)[^fc1]\n\n[^fc1]: "),
    # a letter whose lower case is longer ("İ" -> "i̇") before an HTML comment: the regions
    # kept the offsets of the text, so the mark did not land inside a word
    ("İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ <!-- note -->The flood killed 14 people.\n",
     "İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ <!-- note -->The flood killed 14 people[^fc1].\n\n[^fc1]: "),
])
def test_class5_footnote_mark_where_it_renders(tmp_path, archive, draft_text, expected):
    d = tmp_path / "d.md"
    d.write_bytes(draft_text.encode("utf-8"))
    out = tmp_path / "a.md"
    r = runner.invoke(app, ["check", str(d), "--against", str(archive), "--annotate", str(out)])
    assert r.exit_code == 1, r.stderr
    assert out.read_bytes().decode("utf-8").startswith(expected)


@pytest.mark.parametrize("how", ["same", "dot", "hardlink", "symlink"])
def test_class5_annotate_onto_the_draft_is_refused(tmp_path, draft, archive, how):
    """--annotate overwrote the draft it annotates (by any name of it)."""
    before = draft.read_bytes()
    target = {"same": draft, "dot": tmp_path / "." / draft.name,
              "hardlink": tmp_path / "hard.md", "symlink": tmp_path / "soft.md"}[how]
    if how == "hardlink":
        os.link(draft, target)
    elif how == "symlink":
        target.symlink_to(draft)
    r = runner.invoke(app, ["check", str(draft), "--against", str(archive), "--annotate",
                            str(target)])
    _one_line_error(r, "--annotate would overwrite the draft")
    assert draft.read_bytes() == before


@pytest.mark.parametrize(("name", "text"), [
    ("d.html", ("<html><head><title>The flood killed 14 people</title></head><body><p>The "
                "flood killed 14 people.</p></body></html>")),
    ("d.md", "<title>The flood killed 14 people</title>\n\nThe flood killed 14 people.\n"),
])
def test_class5_annotate_refuses_an_html_draft(tmp_path, archive, name, text):
    """An HTML draft got its footnote inside </title>: the text checked is not the file as
    written, so no offset in it is a place in the file."""
    d = tmp_path / name
    d.write_text(text, encoding="utf-8")
    out = tmp_path / "a.md"
    r = runner.invoke(app, ["check", str(d), "--against", str(archive), "--annotate", str(out)])
    _one_line_error(r, "--annotate needs a Markdown or text draft, not HTML")
    assert not out.exists()
