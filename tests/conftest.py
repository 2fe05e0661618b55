from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


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
