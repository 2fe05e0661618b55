"""Every rule file is read strictly: one unknown key, at the top or inside any of its tables,
is an error naming the file, the line and the key (with the nearest known key where the table
has fixed keys), and the CLI turns it into exit 2 with that one line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cli_errors import one_line_error
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import RuleError
from factcheck.rule_schema import SCHEMAS, Table, Words
from factcheck.rules import default_rules_dir, load_rules

RULES_DIR = default_rules_dir()
_HEADER = re.compile(r"^\[\[?([^\]]+)\]\]?\s*$")
_KEY = re.compile(r"""^(?:"([^"]*)"|([A-Za-z0-9_-]+))\s*=""")


def _tables(name: str) -> list[tuple[str, int, str]]:
    """(header, its line index, the first key under it or "") for the first occurrence of
    every table header of a rule file."""
    lines = (RULES_DIR / name).read_text(encoding="utf-8").splitlines()
    seen, out = set(), []
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if not m or line in seen:
            continue
        seen.add(line)
        first = ""
        for later in lines[i + 1:]:
            if _HEADER.match(later):
                break
            k = _KEY.match(later)
            if k:
                first = k.group(1) or k.group(2)
                break
        out.append((line, i, first))
    return out


def _spec_of(name: str, header: str):
    """The schema of the table a header opens (array indices skipped)."""
    spec = SCHEMAS[name]
    for part in _HEADER.match(header).group(1).split("."):
        spec = spec.keys[part] if isinstance(spec, Table) else spec.value
        spec = getattr(spec, "item", spec)
    return spec


CASES = [(name, None, 0, "schema") for name in sorted(SCHEMAS)] + [
    (name, header, i, first) for name in sorted(SCHEMAS) for header, i, first in _tables(name)
]


def test_every_file_and_every_table_is_covered():
    assert {p.name for p in RULES_DIR.glob("*.toml")} == set(SCHEMAS)
    assert len(CASES) > 100


def _with_line(tmp_path: Path, name: str, after: int | None, line: str) -> tuple[Path, int]:
    """A copy of rules/ with ``line`` inserted after line index ``after`` of ``name`` (None:
    after the schema line); returns the folder and the 1-based number of the new line."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    lines = (target / name).read_text(encoding="utf-8").splitlines()
    if after is None:
        after = lines.index("schema = 1")
    lines.insert(after + 1, line)
    (target / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target, after + 2


@pytest.mark.parametrize(("name", "header", "after", "first"), CASES,
                         ids=[f"{c[0]}:{c[1] or 'top'}" for c in CASES])
def test_one_unknown_key_is_an_error_naming_file_line_and_key(tmp_path, name, header, after,
                                                             first):
    key = f"{first}x" if first else "zzz"
    bare = re.fullmatch(r"[A-Za-z0-9_-]+", key)
    written = f"{key} = true" if bare else f'"{key}" = true'
    folder, line = _with_line(tmp_path, name, None if header is None else after, written)
    with pytest.raises(RuleError) as err:
        load_rules(folder)
    msg = str(err.value)
    assert msg.startswith(f"{folder / name}:{line}: "), msg
    assert repr(key) in msg or f".{key}'" in msg, msg
    spec = SCHEMAS[name] if header is None else _spec_of(name, header)
    if isinstance(spec, Table):
        assert f"unknown key {key!r}" in msg and f"did you mean {first!r}" in msg, msg
    else:  # a vocabulary: any word may be a key, but not with that value
        assert isinstance(spec, Words) and ("expected" in msg), msg


def test_a_misspelt_table_is_named_with_the_nearest(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    path = folder / "cues.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n[running]\n", "\n[runing]\n"), encoding="utf-8")
    line = text.splitlines().index("[running]") + 1
    with pytest.raises(RuleError, match=rf"cues.toml:{line}: unknown key 'runing'; did you "
                                        r"mean 'running'\?"):
        load_rules(folder)


def test_a_missing_setting_is_an_error_not_a_default(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    path = folder / "tolerances.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\nopen_bound_factor = .*\n", "\n", text), encoding="utf-8")
    with pytest.raises(RuleError, match=r"tolerances.toml:\d+: rule "
                                        r"'compare.open_bound_factor': missing"):
        load_rules(folder)


def test_the_cli_reports_an_unknown_key_in_one_line(tmp_path, seeds):
    folder, line = _with_line(tmp_path, "lineage.toml",
                              (RULES_DIR / "lineage.toml").read_text(encoding="utf-8")
                              .splitlines().index("[copy]"), "min_word = 10")
    r = CliRunner().invoke(app, ["report", str(seeds), "--rules", str(folder)])
    one_line_error(r, f"lineage.toml:{line}:", "unknown key 'min_word'",
                   "did you mean 'min_words'")


def test_numbers_toml_is_required_with_its_english_number_words(tmp_path, edit_rules):
    """The extractor reads numbers.toml's English number words and fractions, so a rules
    folder without the file, or without [languages.en.number_words], is a rule error."""
    folder = edit_rules("numbers.toml", "[languages.en.number_words]", "[languages.en.words_of]")
    with pytest.raises(RuleError):
        load_rules(folder)
    (folder / "numbers.toml").unlink()
    with pytest.raises(RuleError, match="cannot read rule file"):
        load_rules(folder)
