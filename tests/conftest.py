from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    """The compiled-rules cache (factcheck.cache) of the test run in a folder of its own,
    never the user's, set before any test module is imported (some build a unit table at
    import); the CLI's subprocesses inherit it. It is removed at exit, after the cache's own
    exit handler has written to it (handlers run last registered, first)."""
    import atexit
    import os
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="factcheck-test-cache-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["FACTCHECK_CACHE_DIR"] = folder


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def rivals() -> Path:
    """Two short articles giving the organisers' and the police's counts of one march: a pair
    the pair model flags as explained by source (written for the tests)."""
    return ROOT / "tests" / "fixtures" / "rivals"


@pytest.fixture
def edit_rules(tmp_path):
    """A copy of the built-in rules/ with one text edit: ``edit_rules("match.toml", old,
    new)`` replaces the first ``old`` (which must be there) and returns the rules folder."""
    import shutil

    from factcheck.rules import default_rules_dir

    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)

    def edit(name: str, old: str, new: str) -> Path:
        path = target / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return target

    return edit
