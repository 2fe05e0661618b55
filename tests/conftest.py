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


# The slow tests (seconds each on the 2-core development machine): large inputs, corpora,
# subprocesses of the CLI, dask and kill -9. `pytest -m "not slow"` leaves them out for a
# fast loop; CI (.ci/run) runs everything. Marked here, by name, so that the files of the
# tests stay as they are; a listed test that is not defined in its file is an error, so a
# rename cannot drop a test from the list silently.
SLOW = {
    "test_archive.py": {"test_dask_engine_writes_the_same_store",
                        "test_kill_9_leaves_a_consistent_store_and_rerun_completes"},
    "test_archive_tables.py": {"test_index_streams_a_jsonl_larger_than_max_bytes"},
    "test_cache.py": {"test_a_cache_hit_does_not_import_pint",
                      "test_a_corrupt_cache_file_is_rebuilt_silently",
                      "test_a_cache_hit_gives_the_output_of_a_cold_build_byte_for_byte",
                      "test_a_check_against_files_does_not_import_pandas",
                      "test_a_unit_the_cache_lacks_is_asked_of_pint_then_kept",
                      "test_editing_a_rule_file_builds_a_new_entry",
                      "test_an_unwritable_cache_directory_only_costs_time"},
    # 42 short documents, but 73,201 pairs scored: 10 CPU-s each
    "test_events.py": {"test_two_unrelated_stories_are_never_paired",
                       "test_a_story_stays_together_and_pairs"},
    "test_hostile.py": {"test_long_single_line_completes", "test_big_inputs_complete"},
    "hostile/test_class1_time.py": {"test_class1_long_sentence_completes"},
    "hostile/test_class2_output.py": {"test_class2_report_json_and_markdown_are_linear"},
    # subprocesses of the CLI under ulimit, on full or closed streams, in deep folders
    "hostile/test_class3_failures.py": {"test_class3_stdout_or_stdin_closed",
                                        "test_class3_stdout_on_a_full_device",
                                        "test_class3_folder_nested_1200_deep",
                                        "test_class3_memory_limit",
                                        "test_class3_low_open_files_limit",
                                        "test_class3_every_command_on_a_full_or_closed_stdout"},
    "test_lineage.py": {"test_ecb_judged_pairs_precision", "test_fresh_judged_copies_precision",
                        "test_pairs_judged_not_one_text_are_no_copies"},
    "test_retrieve.py": {"test_on_reuters_a_check_reads_a_few_dozen_stories"},  # 2,000 stories
    "test_one_answer.py": {"test_one_answer_on_a_few_hundred_reuters_stories"},
    "test_outputs.py": {"test_unreachable_dask_scheduler_is_one_line_exit_2"},
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        name = getattr(item, "originalname", item.name)
        try:
            where = item.path.resolve().relative_to(Path(__file__).resolve().parent).as_posix()
        except ValueError:  # not a file of tests/ (a doctest of the package)
            continue
        if name in SLOW.get(where, ()):
            item.add_marker(pytest.mark.slow)
    here = Path(__file__).resolve().parent
    missing = [f"{file}::{name}" for file, names in SLOW.items() for name in sorted(names)
               if f"def {name}(" not in (here / file).read_text(encoding="utf-8")]
    if missing:
        raise pytest.UsageError("tests/conftest.py SLOW names tests that do not exist: "
                                + ", ".join(missing))
