"""The command line: a thin typer layer over the library API.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 bad input or
usage. Only the report goes to stdout; diagnostics go to stderr.
"""

from __future__ import annotations

import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import FactcheckError, UsageError
from .inputs import DEFAULT_MAX_BYTES, load_documents
from .models import VERDICT_RANK, Report
from .pipeline import analyse, extract_claims
from .report import Format, render, render_claims
from .rules import load_rules

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Find numeric claims that disagree across news sources, and the context that "
    "explains why.\n\nExample: factcheck report seeds/ --format markdown",
)


class FailOn(str, Enum):
    conflict = "conflict"
    explained = "explained"
    consistent = "consistent"
    never = "never"


_VERBOSE = False


def _fail(exc: BaseException) -> NoReturn:
    if _VERBOSE:
        raise exc
    typer.echo(f"factcheck: error: {exc}", err=True)
    raise typer.Exit(2)


def write_atomic(path: str, content: str) -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half file."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError("output directory does not exist", path=str(directory))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _emit(content: str, output: str | None) -> None:
    if output and output != "-":
        write_atomic(output, content)
        return
    try:
        sys.stdout.write(content)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head` must never raise
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _exit_code(report: Report, fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return 0
    threshold = VERDICT_RANK[fail_on.value]
    hit = any(
        VERDICT_RANK[f.verdict] >= threshold and not f.suppressed for f in report.findings
    )
    return 1 if hit else 0


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout.")
]
EncodingOpt = Annotated[str, typer.Option("--encoding", help="Text encoding of the inputs.")]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-bytes", help="Largest input file accepted, in bytes.")
]
RulesOpt = Annotated[
    str | None, typer.Option("--rules", help="A rules directory to use instead of the built-in one.")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", help="Show tracebacks for errors.")]


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit(0)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin.")],
    fmt: FormatOpt = Format.jsonl,
    output: OutputOpt = None,
    encoding: EncodingOpt = "utf-8",
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rules: RulesOpt = None,
    all_kinds: Annotated[
        bool, typer.Option("--all-kinds", help="Also list dates, years, ordinals, identifiers.")
    ] = False,
    verbose: VerboseOpt = False,
) -> None:
    """List the claims found (one JSON object per line by default).

    Example: factcheck extract seeds/ --format csv
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        if fmt is Format.markdown:
            raise UsageError("extract supports --format jsonl, json, csv or text")
        r = load_rules(rules)
        docs = load_documents(paths, encoding=encoding, max_bytes=max_bytes)
        claims = extract_claims(docs, rules=r)
        if not all_kinds:
            claims = [c for c in claims if c.kind == "quantity"]
        _emit(render_claims(claims, fmt), output)
    except FactcheckError as exc:
        _fail(exc)


@app.command()
def report(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin.")],
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a pair at or above this verdict is found.")
    ] = FailOn.never,
    encoding: EncodingOpt = "utf-8",
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rules: RulesOpt = None,
    title: Annotated[str, typer.Option("--title", help="Title of a Markdown report.")] = "factcheck report",
    verbose: VerboseOpt = False,
) -> None:
    """Pair the claims about the same quantity among the documents, with verdicts.

    Example: factcheck report seeds/ --format markdown -o reports/seeds.md
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        r = load_rules(rules)
        docs = load_documents(paths, encoding=encoding, max_bytes=max_bytes)
        rep = analyse(docs, rules=r)
        _emit(render(rep, fmt, title=title), output)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(_exit_code(rep, fail_on))


@app.command()
def check(
    draft: Annotated[str, typer.Argument(help="The draft: a file or - for stdin.")],
    against: Annotated[
        list[str], typer.Option("--against", "-a", help="Reference files or directories.")
    ],
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a pair at or above this verdict is found.")
    ] = FailOn.conflict,
    encoding: EncodingOpt = "utf-8",
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rules: RulesOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Check a draft before publication: only the pairs that involve the draft.

    Example: factcheck check draft.md --against seeds/ --format markdown
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        r = load_rules(rules)
        drafts = load_documents([draft], encoding=encoding, max_bytes=max_bytes)
        drafts = [d.__class__(**{**d.__dict__, "id": f"draft:{d.id}"}) for d in drafts]
        refs = load_documents(against, encoding=encoding, max_bytes=max_bytes)
        rep = analyse(drafts + refs, rules=r, involving={d.id for d in drafts})
        _emit(render(rep, fmt, title=f"factcheck: {draft}"), output)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(_exit_code(rep, fail_on))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("factcheck: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
