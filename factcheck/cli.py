"""The command line: a thin typer layer over the library API.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 bad input or
usage. Only the report goes to stdout; diagnostics go to stderr.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .archive import index_documents, is_archive
from .errors import FactcheckError, InputError, UsageError
from .inputs import DEFAULT_MAX_BYTES, count_documents, iter_documents, load_documents
from .models import VERDICT_RANK, Document, Report
from .pipeline import analyse, check_documents, extract_claims, why_pair
from .report import Format, annotate_markdown, printable, render, render_check_markdown, render_claims
from .review import add_review, load_config, reviewed_fingerprints
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
    unverified = "unverified"
    consistent = "consistent"
    never = "never"


_VERBOSE = False


def _fail(exc: BaseException) -> NoReturn:
    """One line on stderr and exit 2; the traceback first with --verbose."""
    if _VERBOSE:
        traceback.print_exception(exc, file=sys.stderr)
    typer.echo(f"factcheck: error: {exc}", err=True)
    raise typer.Exit(2)


class _Inputs:
    """Loads documents; with --keep-going reports each bad input on stderr and goes on."""

    def __init__(self, keep_going: bool, encoding: str, max_bytes: int) -> None:
        self.keep_going = keep_going
        self.encoding = encoding
        self.max_bytes = max_bytes
        self.bad = 0

    def _skip(self, exc: InputError) -> None:
        self.bad += 1
        if _VERBOSE:
            traceback.print_exception(exc, file=sys.stderr)
        typer.echo(f"factcheck: error: {exc}", err=True)

    def load(self, paths: list[str]) -> list[Document]:
        return load_documents(
            paths, encoding=self.encoding, max_bytes=self.max_bytes,
            on_error=self._skip if self.keep_going else None,
        )

    def iter(self, paths: list[str]) -> Iterator[Document]:
        """Documents one by one (streaming, for the archive index)."""
        return iter_documents(
            paths, encoding=self.encoding, max_bytes=self.max_bytes,
            on_error=self._skip if self.keep_going else None,
        )

    def finish(self, code: int) -> int:
        """Exit 2 when any input was skipped, so a partial report is never taken as whole."""
        if self.bad:
            s = "s" if self.bad != 1 else ""
            typer.echo(f"factcheck: {self.bad} bad input{s} skipped; the report covers the "
                       "rest", err=True)
            return 2
        return code


def write_atomic(path: str, content: str) -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half file."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError("output directory does not exist", path=str(directory),
                         hint="create it first or choose another --output")
    if target.is_dir():
        raise UsageError("--output is a directory", path=path, hint="name a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write: {exc.strerror}", path=path,
                         hint="choose another --output") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write: {exc.strerror}", path=path,
                             hint="the previous file, if any, is unchanged") from None
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
    if report.figures:
        # the desk check: one verdict per draft figure (unverified < explained < conflict;
        # "consistent" fails on any figure a source speaks to)
        need = {"conflict": 3, "explained": 2, "unverified": 1, "consistent": 0}[fail_on.value]
        ranks = {"supported": 0, "unverified": 1, "explained": 2, "conflict": 3}
        return 1 if any(ranks[g.verdict] >= need and not g.suppressed
                        and not (need == 0 and g.verdict == "unverified")
                        for g in report.figures) else 0
    if fail_on is FailOn.unverified:
        fail_on = FailOn.explained
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
    int,
    typer.Option("--max-bytes", min=1,
                 help="Largest input file (or standard input) accepted, in bytes."),
]
RulesOpt = Annotated[
    str | None, typer.Option("--rules", help="A rules directory to use instead of the built-in one.")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", help="Show tracebacks for errors.")]
KeepGoingOpt = Annotated[
    bool,
    typer.Option("--keep-going", help="Report each bad input on stderr and check the rest "
                 "(exit code 2 at the end if any was skipped)."),
]


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
    keep_going: KeepGoingOpt = False,
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
        inputs = _Inputs(keep_going, encoding, max_bytes)
        docs = inputs.load(paths)
        claims = extract_claims(docs, rules=r)
        if not all_kinds:
            claims = [c for c in claims if c.kind == "quantity"]
        _emit(render_claims(claims, fmt), output)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(inputs.finish(0))


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
    against: Annotated[
        list[str] | None,
        typer.Option("--against", "-a", help="Archive indexes (factcheck index): report the "
                     "pairs between PATHS and the archive, fetched through its index."),
    ] = None,
    keep_going: KeepGoingOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Pair the claims about the same quantity among the documents, with verdicts.

    Example: factcheck report seeds/ --format markdown -o reports/seeds.md
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        r = load_rules(rules)
        inputs = _Inputs(keep_going, encoding, max_bytes)
        docs = inputs.load(paths)
        if against:
            bad = [p for p in against if not is_archive(p)]
            if bad:
                raise UsageError("not an archive index", path=bad[0],
                                 hint="build one with factcheck index, or list it in PATHS")
            rep = check_documents(docs, [], list(against), rules=r, date_drafts=False)
        else:
            rep = analyse(docs, rules=r)
        _emit(render(rep, fmt, title=title), output)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(inputs.finish(_exit_code(rep, fail_on)))


@app.command()
def why(
    a: Annotated[str, typer.Argument(help="A claim id (doc#N, from factcheck extract) or span (doc:START-END).")],
    b: Annotated[str, typer.Argument(help="The other claim.")],
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin.")],
    encoding: EncodingOpt = "utf-8",
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rules: RulesOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Say why two claims were or were not paired: the veto, or the probability, the
    thresholds and the features that weighed most.

    Example: factcheck why 000_013c58e2a7faada4.txt#3 000_013c58e2a7faada4.txt#5 seeds/
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        r = load_rules(rules)
        docs = _Inputs(False, encoding, max_bytes).load(paths)
        w = why_pair(docs, a, b, rules=r)
    except FactcheckError as exc:
        _fail(exc)
    lines = [f"a: {w.a.id} {w.a.text!r}: {printable(w.a.sentence[:300])}",
             f"b: {w.b.id} {w.b.text!r}: {printable(w.b.sentence[:300])}",
             w.reason]
    if w.probability is not None:
        lines.append(f"probability {w.probability:.3f} (pair from {w.pair_threshold}, "
                     f"flag from {w.flag_threshold}); features that weighed (logit):")
        lines += [f"  {v:+7.3f}  {n}" for n, v in w.contributions]
    if w.finding is not None:
        lines.append(f"finding: {printable(w.finding.message)}")
    typer.echo("\n".join(lines))
    raise typer.Exit(0)


@app.command()
def check(
    draft: Annotated[str, typer.Argument(help="The draft: a file or - for stdin.")],
    against: Annotated[
        list[str] | None,
        typer.Option("--against", "-a", help="Reference files, directories or archive indexes "
                     "(factcheck index). Default: `against` in factcheck.toml."),
    ] = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 1 when a pair at or above this verdict is found "
                     "(default: conflict, or `fail-on` in factcheck.toml)."),
    ] = None,
    reviewed: Annotated[
        str | None, typer.Option("--reviewed", help="Reviewed-findings file (TOML) of "
                                 "fingerprints to suppress.")
    ] = None,
    annotate: Annotated[
        str | None, typer.Option("--annotate", help="Write a copy of the Markdown draft with a "
                                 "footnote at each flagged number to FILE.")
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="A factcheck.toml to use instead of the "
                                 "nearest one.")
    ] = None,
    encoding: EncodingOpt = "utf-8",
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rules: RulesOpt = None,
    keep_going: KeepGoingOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check a draft before publication: only the pairs that involve the draft.

    Example: factcheck check draft.md --against seeds/ --format markdown
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        cfg = load_config(Path(draft).parent if draft != "-" else None, config)
        refs_paths = list(against or cfg.against)
        if not refs_paths:
            raise UsageError("nothing to check against", hint="pass --against PATHS or set "
                             "`against` in factcheck.toml")
        threshold = fail_on or FailOn(cfg.fail_on or "conflict")
        r = load_rules(rules, extra=cfg.rules)
        # the draft must be readable: --keep-going only skips bad reference inputs
        drafts = load_documents([draft], encoding=encoding, max_bytes=max_bytes)
        drafts = [d.__class__(**{**d.__dict__, "id": f"draft:{d.id}"}) for d in drafts]
        archives = [p for p in refs_paths if is_archive(p)]
        inputs = _Inputs(keep_going, encoding, max_bytes)
        refs = inputs.load([p for p in refs_paths if p not in archives]) if len(archives) < len(refs_paths) else []
        reviews = (reviewed_fingerprints(reviewed, must_exist=True) if reviewed
                   else reviewed_fingerprints(cfg.reviewed))
        rep = check_documents(drafts, refs, archives, rules=r, reviewed=reviews)
        for w in rep.warnings:
            if w.startswith("reviewed "):
                typer.echo(f"factcheck: {w}", err=True)
        ids = {d.id for d in drafts}
        title = f"factcheck: {Path(draft).name if draft != '-' else 'draft'}"
        if fmt is Format.markdown:
            content = render_check_markdown(rep, ids, title=title)
        else:
            content = render(rep, fmt, title=title)
        if annotate:
            original = drafts[0].text if draft == "-" else Path(draft).read_text(encoding=encoding)
            write_atomic(annotate, annotate_markdown(original, rep, ids))
        _emit(content, output)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(inputs.finish(_exit_code(rep, threshold)))


review_app = typer.Typer(help="Record what an editor has reviewed (the reviewed-findings file).",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("add")
def review_add(
    fingerprint: Annotated[str, typer.Argument(help="The fingerprint of a draft figure or "
                                               "pair, as the check report prints it.")],
    note: Annotated[str, typer.Option("--note", help="Why it is fine (shown in every report).")],
    by: Annotated[str | None, typer.Option("--by", help="Who reviewed it.")] = None,
    reviewed: Annotated[
        str | None, typer.Option("--reviewed", help="The reviewed-findings file (default: "
                                 "`reviewed` in factcheck.toml, else factcheck-reviewed.toml).")
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="A factcheck.toml to use instead of the "
                                 "nearest one.")
    ] = None,
) -> None:
    """Mark a figure (or pair) reviewed: later checks show it as reviewed, with the note.

    Example: factcheck review add 3f1c0a9e5b7d2c41 --note "USGS vs ministry, both quoted" --by JD
    """
    try:
        cfg = load_config(None, config)
        path = reviewed or cfg.reviewed or "factcheck-reviewed.toml"
        add_review(path, fingerprint, note, by)
    except FactcheckError as exc:
        _fail(exc)
    typer.echo(f"reviewed {fingerprint} in {path}", err=True)
    raise typer.Exit(0)


@app.command()
def index(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin.")],
    db: Annotated[str, typer.Option("--db", help="The archive index file (SQLite).")],
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: all cores).")
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove indexed documents no longer in PATHS.")
    ] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (processes) or dask (needs factcheck[dask]).")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address (default: a local "
                                 "cluster).")
    ] = None,
    encoding: EncodingOpt = "utf-8",
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rules: RulesOpt = None,
    keep_going: KeepGoingOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Index documents into an archive for fast checks (incremental; safe to interrupt).

    Example: factcheck index wires/ --db archive.db && factcheck check draft.md -a archive.db
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        if engine not in ("local", "dask"):
            raise UsageError(f"unknown engine {engine!r}", hint="use --engine local or dask")
        load_rules(rules)  # a malformed rules file fails before any work starts
        inputs = _Inputs(keep_going, encoding, max_bytes)
        docs = inputs.iter(paths)
        with _progress(lambda: count_documents(paths)) as tick:
            stats = index_documents(docs, db, jobs=jobs, prune=prune, rules_dir=rules,
                                    engine=engine, scheduler=scheduler, progress=tick)
        typer.echo(
            f"indexed {stats['indexed']:,} documents ({stats['claims']:,} claims), skipped "
            f"{stats['skipped']:,} unchanged, pruned {stats['pruned']:,}", err=True)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(inputs.finish(0))


class _progress:
    """A rich progress bar on stderr, only when stderr is a terminal: documents, documents/s
    and the time left (the documents are counted first when that is cheap)."""

    def __init__(self, count: Callable[[], int | None]) -> None:
        self.count = count

    def __enter__(self) -> Callable[[int, int, int], None]:
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            total = self.count()
            self.bar = Progress(
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total} documents"),
                TextColumn("{task.fields[rate]:.1f} docs/s"),
                TextColumn("{task.fields[mb]:.1f} MB"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("index", total=total, rate=0.0, mb=0.0)
        self.t0 = time.monotonic()

        def tick(done: int, skipped: int, chars: int) -> None:
            if self.bar is not None:  # rich throttles the redraw itself
                elapsed = max(1e-6, time.monotonic() - self.t0)
                self.bar.update(self.task, completed=done + skipped, rate=done / elapsed,
                                mb=chars / 1e6)

        return tick

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("factcheck: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
