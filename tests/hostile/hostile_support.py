"""Helpers of the adversarial suite of issue 21 (tests/hostile/test_class*.py): the fixture
files beside this one and the CLI in a subprocess (for what CliRunner cannot show: closed or
full streams, resource limits, workers that die)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
runner = CliRunner()


def run_cli(args, *, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """``python -m factcheck ARGS`` in a subprocess with this checkout first on the path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8",
           **kw.pop("env", {})}
    return subprocess.run([sys.executable, "-m", "factcheck", *map(str, args)], env=env,
                          timeout=timeout, check=False, **kw)


def one_line_or_clean(p: subprocess.CompletedProcess) -> None:
    """A subprocess run that either worked (exit 0 or 1, no error on stderr) or failed with
    one line and exit 2 (besides index's summary line); never a traceback, never a hang."""
    err = p.stderr if isinstance(p.stderr, str) else p.stderr.decode("utf-8", "replace")
    lines = [x for x in err.splitlines() if not x.startswith("indexed ")]
    assert "Traceback" not in err, err[-2000:]
    if p.returncode in (0, 1):
        assert not lines, err[-2000:]
    else:
        assert p.returncode == 2 and len(lines) == 1, (p.returncode, err[-2000:])
        assert lines[0].startswith("factcheck: error: "), lines[0]
