"""The compiled-rules cache (factcheck.cache): a hit gives the same output as a cold build,
byte for byte; an edited rule file builds a new entry; a corrupt or unreadable cache is
rebuilt without a word. And the heavy modules stay out of a check: pandas is imported only
where a DataFrame is made, pint only when the cache lacks a unit.

Each CLI run is a fresh ``python -m factcheck`` process (start-up is what the cache is for).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import cache
from factcheck.rules import load_rules
from factcheck.units import UnitTable

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "tests" / "fixtures" / "desk" / "37_ecbplus.md"

# runs the CLI in this interpreter, then prints which of these modules it imported
_PROBE = """
import io, json, sys, contextlib
sys.argv = ["factcheck", *json.loads(sys.argv[1])]
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        from factcheck.cli import app
        app()  # (main() would end the process at once)
except SystemExit:
    pass
sys.__stdout__.write(json.dumps({"out": out.getvalue(), "modules": sorted(
    m for m in ("pandas", "pint", "numpy", "dask", "selectolax") if m in sys.modules)}))
"""


def _env(cache_dir: Path | None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if cache_dir is None:
        env["FACTCHECK_CACHE"] = "off"
    else:
        env["FACTCHECK_CACHE_DIR"] = str(cache_dir)
        env.pop("FACTCHECK_CACHE", None)
    env.update(extra)
    return env


def cli(args: list[str], cache_dir: Path | None, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factcheck", *args], cwd=ROOT,
                          env=_env(cache_dir, **extra), capture_output=True, check=False)


_COLD: dict[tuple[str, ...], subprocess.CompletedProcess] = {}


def cold_cli(args: list[str]) -> subprocess.CompletedProcess:
    """A run without the cache (the reference output), once per command in a test run."""
    key = tuple(args)
    if key not in _COLD:
        _COLD[key] = cli(args, None)
    return _COLD[key]


def probe(args: list[str], cache_dir: Path | None) -> dict:
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], cwd=ROOT,
                          env=_env(cache_dir), capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


COMMANDS = {
    "report-markdown": ["report", "seeds/", "--format", "markdown"],
    "extract": ["extract", "seeds/", "--format", "text"],
    "check": ["check", str(DRAFT.relative_to(ROOT)), "--against", "seeds/", "--format", "json"],
}


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_cache_hit_gives_the_output_of_a_cold_build_byte_for_byte(tmp_path, args):
    cold = cold_cli(args)
    first = cli(args, tmp_path)  # builds the cache
    assert sorted(p.name.split("-")[0] for p in tmp_path.glob("*.bin")) == ["regex", "units"]
    second = cli(args, tmp_path)  # reads it
    assert cold.returncode in (0, 1) and cold.stderr == b""
    for run in (first, second):
        assert (run.returncode, run.stdout, run.stderr) == (cold.returncode, cold.stdout,
                                                            cold.stderr)


def test_a_cache_hit_does_not_import_pint(tmp_path):
    args = COMMANDS["check"]
    cold = probe(args, None)
    assert "pint" in cold["modules"]  # without the cache the registry is built
    probe(args, tmp_path)
    hit = probe(args, tmp_path)
    assert hit["out"] == cold["out"]
    assert "pint" not in hit["modules"] and "numpy" not in hit["modules"]


def test_a_unit_the_cache_lacks_is_asked_of_pint_then_kept(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("The plant released 4 kBq of tritium, the operator said.\n", "utf-8")
    args = ["extract", str(draft), "--format", "text"]
    cache_dir = tmp_path / "cache"
    cold = cli(args, None).stdout
    assert b"becquerel" in cold  # read through pint: kBq is in no rule file
    first = probe(args, cache_dir)
    assert "pint" in first["modules"]  # the seeded cache does not know kBq yet
    second = probe(args, cache_dir)
    assert "pint" not in second["modules"]
    assert first["out"].encode() == second["out"].encode() == cold


def test_editing_a_rule_file_builds_a_new_entry(tmp_path, edit_rules):
    before = UnitTable(load_rules()).cache_key()
    rules_dir = edit_rules("units.toml", '"tonnes" = "metric_ton"', '"tonnes" = "long_ton"')
    edited = load_rules(rules_dir)
    after = UnitTable(edited).cache_key()
    assert before and after and before != after
    # the edit shows through the cache: warm or cold, the tonnes are long tons now
    draft = tmp_path / "draft.txt"
    draft.write_text("The mine produced 3.8 million tonnes of ore last year.\n", "utf-8")
    args = ["extract", str(draft), "--format", "text"]
    cache_dir = tmp_path / "cache"
    built_in = cli(args, cache_dir).stdout
    assert b"metric_ton" in built_in
    edited_args = [*args, "--rules", str(rules_dir)]
    cold = cli(edited_args, None).stdout
    assert b"long_ton" in cold
    assert cli(edited_args, cache_dir).stdout == cold
    assert cli(edited_args, cache_dir).stdout == cold
    assert len(list(cache_dir.glob("units-*.bin"))) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "directory"])
def test_a_corrupt_cache_file_is_rebuilt_silently(tmp_path, damage, monkeypatch):
    args = COMMANDS["check"]
    cold = cold_cli(args)
    cli(args, tmp_path)
    files = sorted(tmp_path.glob("*.bin"))
    assert len(files) == 2
    for path in files:
        blob = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\x00\xff" * 500)
        elif damage == "truncated":
            path.write_bytes(blob[: len(blob) // 2])
        elif damage == "flipped":  # one byte of the data changed: the checksum disagrees
            i = len(blob) - 10
            path.write_bytes(blob[:i] + bytes([blob[i] ^ 0x55]) + blob[i + 1 :])
        else:  # not a file at all
            path.unlink()
            path.mkdir()
    run = cli(args, tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    if damage != "directory":  # rebuilt: the next run reads it again
        monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
        assert cache.read("regex", cache._REGEX_KEY)
        again = probe(args, tmp_path)
        assert "pint" not in again["modules"]
        assert again["out"].encode() == cold.stdout


def test_an_unwritable_cache_directory_only_costs_time(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", "utf-8")
    args = COMMANDS["check"]
    cold = cold_cli(args)
    run = cli(args, blocker / "cache")
    assert (run.returncode, run.stdout, run.stderr) == (cold.returncode, cold.stdout, cold.stderr)


def test_the_cache_directory_follows_xdg_and_the_override(monkeypatch, tmp_path):
    monkeypatch.delenv("FACTCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform != "win32":
        assert cache.cache_dir() == tmp_path / "xdg" / "factcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the spec says
    if sys.platform != "win32":
        assert cache.cache_dir() == Path.home() / ".cache" / "factcheck"
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_a_stored_value_is_read_back_and_a_wrong_key_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    key = cache.digest("test", "one")
    assert cache.write("units", key, {"info": [], "names": [("kBq", "kilobecquerel")]})
    assert cache.read("units", key) == {"info": [], "names": [("kBq", "kilobecquerel")]}
    assert cache.read("units", cache.digest("test", "two")) is None
    monkeypatch.setenv("FACTCHECK_CACHE", "off")
    assert cache.read("units", key) is None


def test_a_pattern_from_the_cache_is_the_pattern_re_compiles(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    import re

    for pattern, flags in [(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>km|mi)\b", re.IGNORECASE),
                           (r"(?<![\w-])(?:about|some)\s+$", 0),
                           (r"^\s*(?:to|-|–)\s*", re.IGNORECASE | re.ASCII)]:
        assert cache.compile_pattern(pattern, flags) == re.compile(pattern, flags)
    with pytest.raises(re.error):
        cache.compile_pattern(r"(unclosed", 0)


# -- heavy modules only where used -----------------------------------------------------------
def test_a_check_against_files_does_not_import_pandas(tmp_path):
    ran = probe(COMMANDS["check"], tmp_path)
    assert json.loads(ran["out"])["schema"] == 1
    assert "pandas" not in ran["modules"] and "selectolax" not in ran["modules"]


@pytest.mark.parametrize("code", ["import factcheck", "import factcheck.cli"])
def test_importing_factcheck_does_not_import_pandas(code):
    script = (f"{code}; import sys; print(sorted("
              "m for m in ('pandas', 'pint', 'numpy', 'dask') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", script], env=_env(None), capture_output=True,
                          text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_help_does_not_import_pandas_or_pint(tmp_path):
    ran = probe(["--help"], tmp_path)
    assert "Usage" in ran["out"]
    assert "pandas" not in ran["modules"] and "pint" not in ran["modules"]
