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


def without_dac_override() -> None:
    """For ``preexec_fn``: the child runs as root without CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH (dropped from its bounding set, so they do not come back at exec),
    so that file modes bind it as they bind any user (CI runs as root)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def limits(*, nofile: int | None = None, address_space: int | None = None):
    """For ``preexec_fn``: ``ulimit -n`` and ``ulimit -v`` in the child."""
    import resource

    def apply() -> None:
        if nofile is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        if address_space is not None:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    return apply
