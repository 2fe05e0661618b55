"""Class 5 of issue 21: unsafe writes (-o and --annotate onto links, FIFOs, devices and the
draft; file modes; the draft's byte-order mark and line ends). Scaling:
bench/hostile_scale.py, class 5.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

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
