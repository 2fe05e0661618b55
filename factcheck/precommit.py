"""Entry point for the pre-commit hook: `factcheck check` on every staged draft.

pre-commit passes the staged file names; each is checked against the references from
factcheck.toml (or [tool.factcheck]); the hook fails when any draft has a finding at or
above the configured fail-on level. Output is the plain-text report per draft.
"""

from __future__ import annotations

import sys

from typer.testing import CliRunner


def main(argv: list[str] | None = None) -> int:
    from .cli import app

    files = list(sys.argv[1:] if argv is None else argv)
    worst = 0
    runner = CliRunner()
    for path in files:
        result = runner.invoke(app, ["check", path])
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        worst = max(worst, result.exit_code)
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
