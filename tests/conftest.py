from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _compiled_rules_cache(tmp_path_factory):
    """The compiled-rules cache (factcheck.cache) of the test run in a folder of its own,
    never the user's; the CLI's subprocesses inherit it."""
    import os

    old = os.environ.get("FACTCHECK_CACHE_DIR")
    os.environ["FACTCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("factcheck-cache"))
    yield
    if old is None:
        os.environ.pop("FACTCHECK_CACHE_DIR", None)
    else:
        os.environ["FACTCHECK_CACHE_DIR"] = old


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
