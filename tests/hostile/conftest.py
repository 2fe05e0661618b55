"""Fixtures of the adversarial suite of issue 21: a small archive and a draft."""

from __future__ import annotations

import pytest
from hostile_support import runner

from factcheck.cli import app


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
