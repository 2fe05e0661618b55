"""The command line: a thin typer layer over the library API.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 bad input or
usage. Only the report goes to stdout; diagnostics go to stderr.
"""

from __future__ import annotations

import os

# one BLAS thread (the pair model's matrices are small): OpenBLAS gives each thread a buffer
# when numpy is imported, and under a memory limit (ulimit -v) it then exits with its own
# message before Python can report the limit in one line
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import codecs
import contextlib
import errno
import io
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .archive import ARCHIVE_SUFFIXES, is_archive
from .archive import connect as connect_archive
from .desk import FIGURE_RANK
from .errors import FactcheckError, InputError, UsageError
from .events import DEFAULT_WINDOW, in_scope, signature
from .files import replace_file
from .inputs import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    count_documents,
    decode,
    iter_documents,
    load_documents,
    looks_like_html,
    read_stdin,
    unique_ids,
)
from .lineage import merge_lineage
from .models import VERDICT_RANK, Document, Report
from .pipeline import analyse, check_documents, extract_claims, why_pair
from .report import (
    LOCATED_FORMATS,
    Format,
    annotate_markdown,
    one_line_id,
    printable,
    render,
    render_check_jsonl,
    render_check_markdown,
    render_claims,
)
from .review import add_review, load_config, reviewed_fingerprints
from .rules import load_rules

# click's exceptions as typer uses them (recent typer carries its own copy of click)
_click_exceptions = sys.modules[typer.BadParameter.__module__]
_ClickException: type[Exception] = _click_exceptions.ClickException
_NoArgsIsHelp: type[Exception] | None = getattr(_click_exceptions, "NoArgsIsHelpError", None)


class _Group(TyperGroup):
    """Usage errors (unknown option, missing argument, bad choice) as one line on stderr and
    exit 2, instead of click's usage block or typer's rich box."""

    def main(self, args=None, prog_name=None, complete_var=None,  # type: ignore[override]
             standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _ClickException as exc:
            code = 2
            if _NoArgsIsHelp is not None and isinstance(exc, _NoArgsIsHelp):
                exc.show()  # type: ignore[attr-defined]  # bare `factcheck`: the help
            else:
                ctx = getattr(exc, "ctx", None)
                msg = exc.format_message()  # type: ignore[attr-defined]
                msg = msg.removeprefix("Value error, ").rstrip(".")
                msg = msg[:1].lower() + msg[1:]
                where = f"{ctx.command_path} --help" if ctx is not None else "--help"
                typer.echo(f"factcheck: error: {' '.join(msg.split())} (try {where})", err=True)
        except typer.Abort:
            typer.echo("factcheck: interrupted", err=True)
            code = 130
        except (Exception, MemoryError, RecursionError) as exc:  # noqa: BLE001 - the last net
            code = _unforeseen(exc, args)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
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


class RunError(FactcheckError):
    """A run that could not be carried out (an engine or scheduler failure)."""


def describe(exc: BaseException) -> str:
    """One line for an error no command caught: what failed and where, in plain words."""
    if isinstance(exc, FactcheckError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return ("out of memory (the input is too large for the memory this process may use: "
                "split it, or lower --max-bytes)")
    if isinstance(exc, RecursionError):
        return "input nested too deeply to read (split or flatten it)"
    if isinstance(exc, OSError):
        what = exc.strerror or type(exc).__name__
        if exc.errno == errno.EMFILE or exc.errno == errno.ENFILE:
            what += " (raise the limit with `ulimit -n`, or pass fewer files at once)"
        where = f"{exc.filename}: " if exc.filename not in (None, "") else ""
        return " ".join(f"{where}{what}".split())
    if isinstance(exc, UnicodeEncodeError):
        return ("the output holds a character no text encoding can write "
                f"({exc.object[exc.start:exc.end]!a}): an input holds a broken character")
    msg = " ".join(str(exc).split())[:300]
    return f"internal error: {type(exc).__name__}: {msg} (rerun with --verbose for the traceback)"


def _unforeseen(exc: BaseException, args: object) -> int:
    """The last net (issue 21): an exception no command caught is one line on stderr and
    exit code 2, never a traceback (the traceback first with --verbose)."""
    argv = list(args) if isinstance(args, (list, tuple)) else sys.argv[1:]
    with contextlib.suppress(Exception):  # stderr itself is gone: the exit code still tells
        if _VERBOSE or "--verbose" in argv:
            traceback.print_exception(exc, file=sys.stderr)
        typer.echo(f"factcheck: error: {describe(exc)}", err=True)
    return 2


def _fail(exc: BaseException) -> NoReturn:
    """One line on stderr and exit 2; the traceback first with --verbose."""
    if _VERBOSE:
        traceback.print_exception(exc.__cause__ or exc, file=sys.stderr)
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


def write_atomic(path: str, content: str, *, flag: str = "--output") -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half file."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        if not directory.is_dir():
            raise UsageError("output directory does not exist", path=str(directory),
                             hint="create it first or choose another --output")
        if target.is_dir():
            raise UsageError(f"{flag} is a directory", path=path, hint="name a file")
        if target.is_symlink():  # replacing it would swap the link for a file unasked
            raise UsageError(f"{flag} is a symbolic link", path=path,
                             hint="name the file it points to, or another file")
        if target.exists() and not target.is_file():  # a FIFO, a device, a socket
            raise UsageError(f"{flag} is not a regular file (a FIFO, device or socket)",
                             path=path, hint="name a file, or leave out the option and "
                             "redirect standard output")
    except OSError as exc:  # a name longer than NAME_MAX
        raise UsageError(f"cannot write: {exc.strerror}", path=path,
                         hint="choose another --output") from None
    replace_file(path, content, open_hint=f"choose another {flag}")


def _same_file(a: str, b: str) -> bool:
    """Whether two names are one file: the same file now, or (neither made yet) one path."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return os.path.realpath(a) == os.path.realpath(b)
        except (OSError, ValueError):
            return False


def _refuse_inputs(targets: dict[str, str | None], inputs: list[str], what: str) -> None:
    """Refuse to write an output over an input (the same file by any path or link): a
    report never replaces what it reports on."""
    for flag, target in targets.items():
        if not target or target == "-":
            continue
        for p in inputs:
            if _same_file(target, p):
                raise UsageError(f"{flag} would overwrite {what} {p}", path=target,
                                 hint=f"factcheck never writes to its inputs; choose another "
                                 f"{flag} file")


def _input_files(paths: list[str], docs: list[Document]) -> list[str]:
    """The files behind the input arguments and the documents read."""
    files = [p for p in paths if p != "-"]
    files += [d.path for d in docs if d.path and d.path != "<stdin>"]
    return files


def _emit(content: str, output: str | None, *, color: bool = False) -> None:
    if output and output != "-":
        write_atomic(output, content)
        return
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        raise UsageError("standard output is closed", path="<stdout>",
                         hint="redirect it to a file or use --output FILE")
    try:
        if color and sys.stdout.isatty():
            _print_colored(content)
            return
        sys.stdout.write(content)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head` must never raise
        _stdout_to_devnull()
    except (OSError, ValueError) as exc:  # a full device; a closed descriptor
        _stdout_to_devnull()  # what is still buffered must not fail again at exit
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot write to standard output: {why}", path="<stdout>",
                         hint="use --output FILE on a device with room") from None


def _stdout_to_devnull() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        sys.stdout = None  # type: ignore[assignment]  # nothing left to flush at exit


def _print_colored(content: str) -> None:
    """The text report through rich: verdicts in colour, article text never read as markup
    (it is already made printable by the renderer). NO_COLOR is honoured by rich."""
    from rich.console import Console
    from rich.text import Text

    text = Text(content)
    text.highlight_regex(r"(?m)^CONFLICT\b", "bold red")
    text.highlight_regex(r"(?m)^EXPLAINED\b", "bold yellow")
    text.highlight_regex(r"(?m)^CONSISTENT\b", "green")
    text.highlight_regex(r"(?m)^== .* ==$", "bold")
    text.highlight_regex(r"(?m)^\d+ conflicts?,.*$", "bold")
    Console(highlight=False, markup=False, emoji=False, soft_wrap=True).print(text, end="")


def _exit_code(report: Report, fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return 0
    if report.figures:
        # the desk check: one verdict per draft figure (unverified < explained < conflict;
        # "consistent" fails on any figure a source speaks to)
        need = 0 if fail_on is FailOn.consistent else FIGURE_RANK[fail_on.value]
        return 1 if any(FIGURE_RANK[g.verdict] >= need and not g.suppressed
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
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar or notes on stderr (errors only).")
]
KeepGoingOpt = Annotated[
    bool,
    typer.Option("--keep-going", help="Report each bad input on stderr and check the rest "
                 "(exit code 2 at the end if any was skipped)."),
]


def _print_version(value: bool) -> None:
    if value:
        try:
            _emit(f"factcheck {__version__}\n", None)
        except FactcheckError as exc:
            _fail(exc)
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                           callback=_print_version)
    ] = False,
) -> None:
    pass


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
        if fmt in (Format.markdown, Format.html) or fmt in LOCATED_FORMATS:
            raise UsageError("extract supports --format jsonl, json, csv or text")
        r = load_rules(rules)
        inputs = _Inputs(keep_going, encoding, max_bytes)
        docs = inputs.load(paths)
        _refuse_inputs({"--output": output}, _input_files(paths, docs), "the input")
        claims = extract_claims(docs, rules=r)
        if not all_kinds:
            claims = [c for c in claims if c.kind == "quantity"]
        _emit(render_claims(claims, fmt), output, color=fmt is Format.text)
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
    title: Annotated[str, typer.Option("--title", help="Title of a Markdown or HTML report.")] = "factcheck report",
    against: Annotated[
        list[str] | None,
        typer.Option("--against", "-a", help="Archive indexes (factcheck index): report the "
                     "pairs between PATHS and the archive, fetched through its index."),
    ] = None,
    window: Annotated[
        int, typer.Option("--window", min=0, help="Days apart two stories of one event may be "
                          "(documents are grouped into events before pairing).")
    ] = DEFAULT_WINDOW,
    since: Annotated[
        str | None, typer.Option("--since", help="Only documents of this day or later "
                                 "(YYYY-MM-DD; an undated one by the days its text states).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only documents of this day or earlier.")
    ] = None,
    quiet: QuietOpt = False,
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
        lo, hi = _day(since, "--since"), _day(until, "--until")
        inputs = _Inputs(keep_going, encoding, max_bytes)
        docs = inputs.load(paths)
        if lo or hi:
            kept = [d for d in docs if in_scope(signature(d), lo, hi)]
            if len(kept) < len(docs) and not quiet:
                typer.echo(f"factcheck: {len(docs) - len(kept):,} of {len(docs):,} documents "
                           "outside --since/--until left out", err=True)
            docs = kept
        _refuse_inputs({"--output": output}, _input_files(paths, docs), "the input")
        if against:
            bad = [p for p in against if not is_archive(p)]
            if bad:
                raise UsageError("not an archive index", path=bad[0],
                                 hint="build one with factcheck index, or list it in PATHS")
            for p in against:
                connect_archive(p).close()
            rep = check_documents(docs, [], list(against), rules=r, date_drafts=False)
        else:
            with _progress(lambda: len(docs), quiet=quiet) as tick:
                done = 0

                def read(n: int) -> None:
                    nonlocal done
                    done += n
                    tick(done, 0, 0)

                rep = analyse(docs, rules=r, window=window, progress=read)
        _emit(render(rep, fmt, title=title), output, color=fmt is Format.text)
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
    lines = [f"a: {one_line_id(w.a.id)} {w.a.text!r}: {' '.join(printable(w.a.sentence[:300]).split())}",
             f"b: {one_line_id(w.b.id)} {w.b.text!r}: {' '.join(printable(w.b.sentence[:300]).split())}",
             w.reason]
    if w.probability is not None:
        lines.append(f"probability {w.probability:.3f} (pair from {w.pair_threshold}, "
                     f"flag from {w.flag_threshold}); features that weighed (logit):")
        lines += [f"  {v:+7.3f}  {n}" for n, v in w.contributions]
    if w.finding is not None:
        lines.append(f"finding: {printable(w.finding.message)}")
    try:  # a closed or full standard output is one line and exit 2, as for the reports
        _emit("\n".join(lines) + "\n", None)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(0)


@app.command()
def check(
    drafts: Annotated[list[str], typer.Argument(
        metavar="DRAFT...", help="The drafts: files, directories of drafts, or - for stdin. "
        "Each draft is checked on its own.")],
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
                                 "footnote at each flagged number to FILE (one draft only; "
                                 "never the draft itself).")
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
    """Check drafts before publication: only the pairs that involve a draft. Each draft is
    checked against the references on its own (never against the other drafts), with its
    own section in the output; the exit code is the worst of them.

    Example: factcheck check draft.md --against seeds/ --format markdown
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        if drafts.count("-") > 1:
            raise UsageError("standard input (-) can be one draft only")
        first = drafts[0]
        cfg = load_config(Path(first).parent if first != "-" else None, config)
        refs_paths = list(against or cfg.against)
        if not refs_paths:
            raise UsageError("nothing to check against", hint="pass --against PATHS or set "
                             "`against` in factcheck.toml")
        threshold = fail_on or FailOn(cfg.fail_on or "conflict")
        r = load_rules(rules, extra=cfg.rules)
        _refuse_inputs({"--output": output, "--annotate": annotate},
                       [p for p in drafts if p != "-"], "the draft")
        if annotate and output and output != "-" and _same_file(annotate, output):
            raise UsageError("--annotate and --output name the same file", path=annotate,
                             hint="choose two files")
        stdin_text = _buffer_stdin(max_bytes) if "-" in drafts else None
        # the drafts must be readable: --keep-going only skips bad reference inputs
        docs = load_documents(drafts, encoding=encoding, max_bytes=max_bytes)
        docs = [d.__class__(**{**d.__dict__, "id": f"draft:{d.id}"}) for d in docs]
        _refuse_inputs({"--output": output, "--annotate": annotate},
                       _input_files([], docs), "the draft")
        if annotate and len(docs) != 1:
            raise UsageError(f"--annotate takes one draft, not {len(docs)}",
                             path=annotate, hint="check one draft at a time to annotate it")
        # an SQLite file, or a file named as one (archive.db of 0 or 10 bytes is a broken
        # archive, not an empty reference): each is opened and checked before any work
        archives = [p for p in refs_paths if is_archive(p)
                    or Path(p).suffix.lower() in ARCHIVE_SUFFIXES and Path(p).is_file()]
        for p in archives:
            connect_archive(p).close()
        inputs = _Inputs(keep_going, encoding, max_bytes)
        refs = inputs.load([p for p in refs_paths if p not in archives]) if len(archives) < len(refs_paths) else []
        _refuse_inputs({"--output": output, "--annotate": annotate},
                       _input_files([p for p in refs_paths if p not in archives], refs),
                       "the reference")
        marks = (reviewed_fingerprints(reviewed, must_exist=True) if reviewed
                 else reviewed_fingerprints(cfg.reviewed))
        # one check per draft, so drafts are never paired with each other
        sections = [(d, check_documents([d], refs, archives, rules=r, reviewed=marks))
                    for d in docs]
        for _d, rep in sections:
            for w in rep.warnings:
                if w.startswith("reviewed "):
                    typer.echo(f"factcheck: {w}", err=True)
        content = _render_check(sections, fmt, several=len(drafts) > 1 or len(docs) > 1,
                                rules=r)
        if annotate:
            d, rep = sections[0]
            _write_annotated(annotate, d, rep, drafts[0], stdin_text, encoding)
        _emit(content, output, color=fmt is Format.text)
    except FactcheckError as exc:
        _fail(exc)
    code = max((_exit_code(rep, threshold) for _, rep in sections), default=0)
    raise typer.Exit(inputs.finish(code))


def _buffer_stdin(max_bytes: int) -> str | None:
    """Read standard input once, keep its text (the draft as written, front matter and all,
    for --annotate) and put the bytes back for the document reader."""
    data = read_stdin(max_bytes)
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # decoded (and reported) with --encoding by the reader


def _write_annotated(target: str, doc: Document, rep: Report, arg: str,
                     stdin_text: str | None, encoding: str) -> None:
    """The draft as written, with a footnote at each flagged figure, to ``target``."""
    if (doc.path and Path(doc.path).suffix.lower() in HTML_SUFFIXES
            or Path(arg).suffix.lower() in HTML_SUFFIXES or looks_like_html(doc.text)):
        raise UsageError("--annotate needs a Markdown or text draft, not HTML", path=arg)
    data = b""
    if arg == "-":
        original = stdin_text if stdin_text is not None else doc.text
    else:
        path = doc.path or arg
        try:
            data = Path(path).read_bytes()
        except OSError:  # a line of a JSONL file, a folder: no file holds the draft as written
            raise UsageError("--annotate needs a Markdown or text draft file", path=arg,
                             hint="pass the draft's .md or .txt file itself") from None
        original = decode(data, path, encoding)
    if len(original) != len(doc.text):  # offsets would not fit the text as written
        raise UsageError("the draft as written does not line up with the text checked",
                         path=arg, hint="annotate a .md or .txt draft")
    # the copy keeps the draft's byte-order mark (decoding dropped it)
    bom = ("\ufeff" if data.startswith(codecs.BOM_UTF8)
           and encoding.lower().replace("_", "-") in ("utf-8", "utf8") else "")
    write_atomic(target, bom + annotate_markdown(original, rep, {doc.id}), flag="--annotate")


def _section_title(d: Document) -> str:
    name = d.path if d.path and d.path != "<stdin>" else "draft"
    return f"factcheck: {Path(name).name if name != 'draft' else name}"


def _render_check(sections: list[tuple[Document, Report]], fmt: Format, *, several: bool,
                  rules: Any = None) -> str:
    """Text and Markdown: a section per draft; JSONL: summary, claims and findings per draft;
    the other formats: one document over all the drafts."""
    if fmt is Format.markdown:
        return "\n".join(render_check_markdown(rep, {d.id}, title=_section_title(d))
                         for d, rep in sections)
    if fmt is Format.jsonl:
        return "".join(render_check_jsonl(rep, {d.id}) for d, rep in sections)
    if fmt is Format.html:
        from .html_report import render_check_html

        return render_check_html([(d.id, rep) for d, rep in sections],
                                 title=_section_title(sections[0][0]) if not several
                                 else "factcheck: drafts",
                                 titles=[_section_title(d) for d, _ in sections])
    if fmt is Format.text:
        if not several:
            return render(sections[0][1], fmt)
        return "\n".join(f"== {one_line_id(printable(d.path or d.id))} ==\n" + render(rep, fmt)
                         for d, rep in sections)
    ids = {d.id for d, _ in sections}
    rep = _merge([rep for _, rep in sections], rules) if several else sections[0][1]
    return render(rep, fmt, title=_section_title(sections[0][0]), anchors=ids)


def _merge(reports: list[Report], rules: Any = None) -> Report:
    """One report over several drafts' checks (references shared by them once), with one
    wire lineage over them all (each check's copies, grouped again)."""
    docs: dict[str, Document] = {}
    claims: dict[str, object] = {}
    for rep in reports:
        docs.update({d.id: d for d in rep.documents})
        claims.update({c.id: c for c in rep.claims})
    return Report(
        documents=tuple(docs.values()),
        claims=tuple(claims.values()),  # type: ignore[arg-type]
        findings=tuple(f for rep in reports for f in rep.findings),
        warnings=tuple(dict.fromkeys(w for rep in reports for w in rep.warnings)),
        notices=tuple(n for rep in reports for n in rep.notices),
        lineage=merge_lineage([rep.lineage for rep in reports], list(docs.values()), rules),
    )


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
    db: Annotated[str, typer.Option("--db", help="The archive index file (SQLite).")],
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, directories or - for stdin (none: only migrate or create the archive).")
    ] = None,
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

    An archive of an earlier schema (5) is migrated in place first; with no PATHS, that is all
    it does.
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        if engine not in ("local", "dask"):
            raise UsageError(f"unknown engine {engine!r}", hint="use --engine local or dask")
        load_rules(rules)  # a malformed rules file fails before any work starts
        paths = paths or []
        if prune and not paths:
            raise UsageError("--prune needs the PATHS the archive should hold",
                             hint="name them, or leave out --prune")
        from .index import index_documents  # the indexer: loaded by this command only

        inputs = _Inputs(keep_going, encoding, max_bytes)
        docs = unique_ids(inputs.iter(paths))  # a repeated id is kept, as "id~2"
        with _progress(lambda: count_documents(paths)) as tick:
            stats = index_documents(docs, db, jobs=jobs, prune=prune, rules_dir=rules,
                                    engine=engine, scheduler=scheduler, progress=tick)
        typer.echo(
            f"indexed {stats['indexed']:,} documents ({stats['claims']:,} claims), skipped "
            f"{stats['skipped']:,} unchanged, pruned {stats['pruned']:,}", err=True)
    except FactcheckError as exc:
        _fail(exc)
    except Exception as exc:  # noqa: BLE001 - the engine failed (scheduler unreachable, worker lost)
        where = f" at {scheduler}" if scheduler else ""
        err = RunError(f"the {engine} run failed{where}: {type(exc).__name__}: {exc}",
                       hint="the index keeps what was done; run again to go on"
                       + ("" if _VERBOSE else ", or add --verbose for the traceback"))
        err.__cause__ = exc
        _fail(err)
    raise typer.Exit(inputs.finish(0))


@app.command()
def serve(
    against: Annotated[
        list[str] | None,
        typer.Option("--against", "-a", help="Reference files, directories or archive indexes "
                     "(factcheck index), loaded once. Default: `against` in factcheck.toml."),
    ] = None,
    reviewed: Annotated[
        str | None, typer.Option("--reviewed", help="Where reviews are written and read "
                                 "(default: `reviewed` in factcheck.toml, else "
                                 "factcheck-reviewed.toml).")
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default: this "
                                      "machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")
                    ] = 8000,
    max_request_bytes: Annotated[
        int, typer.Option("--max-request-bytes", min=1, help="Largest request accepted.")
    ] = 1_000_000,
    config: Annotated[
        str | None, typer.Option("--config", help="A factcheck.toml to use instead of the "
                                 "nearest one.")
    ] = None,
    encoding: EncodingOpt = "utf-8",
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rules: RulesOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Serve the desk check: a page to paste a draft into, and a JSON API (POST /api/check,
    POST /api/report, GET /api/health). Rules and references are loaded once.

    Example: factcheck serve --against archive.db --reviewed factcheck-reviewed.toml
    """
    global _VERBOSE
    _VERBOSE = verbose
    try:
        from .server import Desk, is_loopback
        from .server import serve as run_server

        t0 = time.monotonic()
        desk = Desk(against or [], reviewed=reviewed, rules=rules, config=config,
                    encoding=encoding, max_bytes=max_bytes)
        if not desk.references and not desk.archives:
            raise UsageError("nothing to check against", hint="pass --against PATHS or set "
                             "`against` in factcheck.toml")
        if not is_loopback(host):
            typer.echo(f"factcheck: warning: listening on {host}: anyone who can reach it can "
                       "read the references and write reviews", err=True)
        typer.echo(f"factcheck desk: http://{host}:{port}/ ({len(desk.references):,} reference "
                   f"documents, {len(desk.archives)} archives, reviews to "
                   f"{desk.reviewed.path}; ready in {time.monotonic() - t0:.1f} s; Ctrl-C "
                   "stops)", err=True)
        run_server(desk, host=host, port=port, max_request_bytes=max_request_bytes)
    except FactcheckError as exc:
        _fail(exc)
    raise typer.Exit(0)


PROGRESS_MIN = 300  # fewer documents than this finish before a bar is worth drawing


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a day", hint="write YYYY-MM-DD") from None


class _progress:
    """A rich progress bar on stderr, only when stderr is a terminal (and not --quiet), for
    runs of at least PROGRESS_MIN documents (or an unknown number): documents, documents/s
    and the time left (the documents are counted first when that is cheap)."""

    def __init__(self, count: Callable[[], int | None], *, quiet: bool = False) -> None:
        self.count = count
        self.quiet = quiet

    def __enter__(self) -> Callable[[int, int, int], None]:
        self.bar = None
        total = self.count() if (sys.stderr.isatty() and not self.quiet) else 0
        if total is None or total >= PROGRESS_MIN:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

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
        code: object = 0
    except KeyboardInterrupt:
        typer.echo("factcheck: interrupted", err=True)
        code = 130
    except SystemExit as exc:
        code = exc.code
    _exit(code)


def _exit(code: object) -> NoReturn:
    """End the process without tearing the interpreter down object by object (about 60 ms
    of CPU after a check against an archive, a fifth of a cold check): the output streams
    are flushed and the exit handlers run (the compiled-rules cache is written there), then
    the process exits. Whenever that cannot be done cleanly (an unflushable stream, an exit
    code that is not a number, a thread still running) Python exits the ordinary way."""
    import atexit
    import threading

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if code is None:
        code = 0
    if not isinstance(code, int) or run_exit_handlers is None or threading.active_count() > 1:
        sys.exit(code)  # (another thread still running is waited for, as Python does)
    try:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    run_exit_handlers()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    main()
