"""The bad-input contract of every command, as the tests check it: exit code 2, no
traceback, one line on stderr that opens with "factcheck: error: " (and names the file)."""

from __future__ import annotations


def one_line_error(r, *fragments: str) -> str:
    """Assert that the CliRunner result ``r`` is one clear error line holding ``fragments``;
    returns the line."""
    assert r.exit_code == 2, (r.exit_code, r.stdout[-500:], r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("factcheck: error: "), lines[0]
    for f in fragments:
        assert f in lines[0], lines[0]
    return lines[0]
