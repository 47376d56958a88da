"""The ``symdiv`` command: a thin layer over :mod:`symdiv.library` and the renderers.

Exit codes, for CI jobs:

* 0 – every theorem got its expected verdict (and every derivation step held);
  ``prove``: the statement is proved; ``check``: every step is proved;
* 1 – some theorem did not (or raised an error, or its document did not compile);
  ``prove``: refuted or unknown; ``check``: some step is refuted or unknown;
* 2 – bad usage: unknown theorem name or format, missing folder, bad option,
  a statement or document that cannot be parsed (the message points at it);
  ``check``: some display block could not be read (it is skipped, the rest
  is checked).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import signal
import sys
import time
from typing import Any, Callable, Optional, Sequence

from .render.terminal import SafeStream

__all__ = ["main", "console"]


_PATH_HELP = ("a folder of theorem files instead of the bundled library; "
              "the files are Python and are RUN, so use only folders you trust")


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="symdiv",
        description="Prove, refute and explain information-theory identities used in machine learning.",
        epilog="--path runs the Python files of the folder it names (that is how theorems are defined): "
               "use it only on folders you trust.",
    )
    parser.add_argument("--version", action="version", version=f"symdiv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = sub.add_parser("list", help="list the theorems")
    listing.add_argument("--path", help=_PATH_HELP)

    verify = sub.add_parser("verify", help="verify theorems and compare with their expected verdicts, and check "
                                           "every step of the bundled documents")
    verify.add_argument("names", nargs="*", metavar="NAME",
                        help="theorems or documents (by file name, e.g. entropy.md) to verify (default: all)")
    verify.add_argument("--path", help=_PATH_HELP)
    verify.add_argument("--group", choices=("seed", "teaching", "library", "inequalities", "losses"),
                        help="only the theorems of this group")
    verify.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    verify.add_argument("--verbose", "-v", action="store_true", help="print each verdict in full")
    verify.add_argument("--derivations", action="store_true", help="also check every step of each derivation")
    verify.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the table and messages")
    _budget_option(verify, "theorem")

    show = sub.add_parser("show", help="show one theorem: its derivation and verdict")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--path", help=_PATH_HELP)
    show.add_argument("--format", choices=("latex", "markdown", "text", "json", "beamer"), default="text",
                      help="latex: a standalone document; beamer: slides (default text)")
    _style_options(show)

    prove = sub.add_parser("prove", help='prove or refute a statement, e.g. "H(P,Q) = H(P) + D(P||Q)"')
    prove.add_argument("statement", metavar="STATEMENT", help="LEFT = RIGHT in ASCII or LaTeX notation")
    prove.add_argument("--format", choices=("text", "latex", "markdown", "json", "beamer"), default="text",
                       help="latex: a standalone document; beamer: slides (default text)")
    prove.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the words in the output")
    prove.add_argument("--seed", type=_seed, default=0, help="seed of the numeric check (default 0)")
    _budget_option(prove, "statement")

    check = sub.add_parser("check", help="check every step of the derivations in a .tex or .md file")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the words in the output")
    check.add_argument("--seed", type=_seed, default=0, help="seed of the numeric check (default 0)")
    _budget_option(check, "step")
    check.add_argument("--total", type=_seconds, default=DOCUMENT_BUDGET, metavar="SECONDS",
                       help=f"wall-clock time for the whole document (default {DOCUMENT_BUDGET:g}); "
                            f"steps not reached by then are unknown")

    export = sub.add_parser("export", help="write .tex, .md, figures and (with pdflatex) .pdf for every theorem")
    export.add_argument("folder", metavar="DIR")
    export.add_argument("--path", help=_PATH_HELP)
    export.add_argument("--no-pdf", action="store_true", help="do not run pdflatex even if it is installed")
    export.add_argument("--slides", action="store_true",
                        help="also write slides.tex, one beamer frame per theorem (and slides.pdf with pdflatex)")
    _style_options(export)
    return parser


#: Wall-clock seconds for one statement, step or theorem (in a worker; see symdiv.worker).
TASK_BUDGET = 10.0
#: Wall-clock seconds for all the steps of one document.
DOCUMENT_BUDGET = 15.0
#: Workers by default: the machine's cores, at most 2 (each may take --memory).
DEFAULT_JOBS = max(1, min(2, os.cpu_count() or 1))
# The symbolic work gets this share of a task's wall clock; the numeric
# checks and the counterexample search need the rest.
_SYMBOLIC_SHARE = 0.6


def _number(kind: type, what: str, low: float, high: float, bounds: str, *, low_open: bool = False
            ) -> Callable[[str], Any]:
    """An argparse type: text read as *kind* (int or float) within ``low..high`` (*bounds* in words)."""
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be {'a whole number' if kind is int else 'a number'}, "
                                             f"got {text!r}") from None
        if not (low < value if low_open else low <= value) or not value <= high or value != value:
            raise argparse.ArgumentTypeError(f"{what} must be {bounds}, got {text}")
        return value
    return parse


_seed = _number(int, "the seed", 0, 2**63 - 1, "between 0 and 2^63 - 1")
_seconds = _number(float, "the time", 0, 10**6, "a positive number of seconds below 10^6", low_open=True)
_megabytes = _number(int, "the memory budget", 256, 1 << 20, "between 256 and 1048576 MiB")
_jobs = _number(int, "jobs", 1, 64, "between 1 and 64")


def _budget_option(parser: argparse.ArgumentParser, unit: str) -> None:
    parser.add_argument("--budget", type=_seconds, default=TASK_BUDGET, metavar="SECONDS",
                        help=f"wall-clock time for each {unit} (default {TASK_BUDGET:g}), enforced by running it "
                             f"in a separate process; past it the verdict is unknown")
    parser.add_argument("--memory", type=_megabytes, default=1024, metavar="MIB",
                        help="memory for that process (default 1024 MiB); past it the verdict is unknown")
    if unit != "statement":
        parser.add_argument("--jobs", "-j", type=_jobs, default=DEFAULT_JOBS, metavar="N",
                            help=f"{unit}s checked at once, each in its own process (default {DEFAULT_JOBS}: "
                                 f"the cores of this machine, at most 2)")


def _limits(args: argparse.Namespace, total: Optional[float] = None):
    from .worker import Limits

    return Limits(seconds=args.budget, memory=args.memory << 20, total=total)


def _style_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the justifications")
    parser.add_argument("--log", choices=("log", "ln"), default="log", help="how to write the natural log")
    parser.add_argument("--sums", choices=("indices", "outcomes"), default="indices",
                        help="write sums as sum_{i=1}^{n} p_i or as sum_x P(x)")


def _row(theorem, verdict, report, error: Optional[str], seconds: float, full: bool = True,
         lang: str = "en") -> dict[str, Any]:
    """One theorem of `verify --json`: its name and expectation, then the verdict in the
    same shape as `prove --format json` (only its status unless *full*: the table needs no more)."""
    from .render.json import verdict_json
    from .render.phrases import phrase

    row: dict[str, Any] = {
        "name": theorem.name,
        "kind": "theorem",
        "title": theorem.title,
        "group": theorem.group,
        "expected": str(theorem.expected),
        "ok": error is None and theorem.as_expected(verdict, report),
        "seconds": round(seconds, 4),
    }
    if error:
        row.update(status="error", error=error)
        return row
    row.update(verdict_json(verdict) if full else {"status": verdict.status.value})
    row["seconds"] = round(seconds, 4)
    if report is not None:
        row["derivation"] = report.status.value
        if not report.proved:
            row["error"] = phrase("derivation_wrong", lang).format(step=report.first_wrong or "?")
    return row


def _verify(args: argparse.Namespace) -> int:
    from .errors import SymdivError
    from .library import discover, select
    from .render.phrases import phrase
    from .render.text import stop_text

    from .worker import run_tasks

    documents = _documents(args.path)
    named = [name for name in args.names if name not in documents]
    theorems = select(discover(args.path), named, args.group) if named or not args.names else []
    if args.group is None:
        documents = {name: path for name, path in documents.items() if not args.names or name in args.names}
    else:
        documents = {}
    symbolic = args.budget * _SYMBOLIC_SHARE
    tasks = [functools.partial(_run_theorem, t, args.derivations, symbolic, args.json,
                               args.verbose and not args.json, args.lang) for t in theorems]
    rows = []
    for theorem, outcome in zip(theorems, run_tasks(tasks, _limits(args), workers=args.jobs)):
        if outcome.stop is not None:
            rows.append(_row(theorem, None, None, stop_text(outcome.stop, args.lang), args.budget, lang=args.lang))
        elif outcome.error is not None:
            exc = outcome.error
            kind = "" if isinstance(exc, SymdivError) else phrase("internal_error", args.lang) + " "
            rows.append(_row(theorem, None, None, f"{kind}{type(exc).__name__}: {exc}", args.budget, lang=args.lang))
        else:
            row, shown = outcome.value
            rows.append(row)
            if shown:
                print(shown, end="\n\n")
    rows += [_document_row(name, path, args) for name, path in documents.items()]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _table(rows, args.lang)
    return 0 if all(r["ok"] for r in rows) else 1


def _documents(path: Optional[str]) -> dict[str, Any]:
    """The derivations written in LaTeX or Markdown that ``verify`` checks, by file name: the
    bundled ``proofs/documents``, or the ``documents`` folder of ``--path``."""
    from pathlib import Path

    if path is None:
        from . import proofs

        folder = Path(proofs.__file__).parent / "documents"
    else:
        folder = Path(path) / "documents"
    if not folder.is_dir():
        return {}
    files = sorted(folder.glob("*.tex")) + sorted(folder.glob("*.md"))
    return {f.name: f for f in files}


def _document_row(name: str, path: Any, args: argparse.Namespace) -> dict[str, Any]:
    """One document of ``verify``: every step checked (as ``symdiv check`` does), proved or not."""
    from .check import check_file
    from .errors import InvalidInputError
    from .render.phrases import phrase

    started = time.perf_counter()
    row: dict[str, Any] = {"name": name, "kind": "document", "title": name, "expected": "proved"}
    try:
        report = check_file(path, budget=args.budget * _SYMBOLIC_SHARE, limits=_limits(args), workers=args.jobs)
    except InvalidInputError as exc:  # unreadable: no step can be checked
        row.update(status="error", ok=False, error=str(exc), steps={"proved": 0, "total": 0},
                   seconds=round(time.perf_counter() - started, 4))
        return row
    steps = report.steps
    proved = sum(s.status.value == "proved" for s in steps)
    row.update(status=report.status.value, steps={"proved": proved, "total": len(steps)},
               ok=report.status.value == "proved" and not report.skipped,
               seconds=round(time.perf_counter() - started, 4))
    if report.skipped:
        first = report.skipped[0]
        row["error"] = phrase("document_skipped", args.lang).format(
            count=len(report.skipped), line=first.line, message=first.message)
    elif report.first_wrong is not None:
        row["error"] = phrase("document_wrong", args.lang).format(line=report.first_wrong.line)
    return row


def _run_theorem(theorem, derivations: bool, budget: float, full: bool,
                 verbose: bool, lang: str = "en") -> tuple[dict[str, Any], str]:
    """A theorem's row of the verify table (see :func:`_row`), and its verdict as text if asked for.

    The row is built here, in the worker, so that only plain data crosses back: unpickling
    the sympy expressions of a verdict in the parent cost more than proving the seed group.
    """
    started = time.perf_counter()
    verdict = theorem.run()
    report = theorem.derivation.check(budget=budget) if derivations and theorem.derivation is not None else None
    row = _row(theorem, verdict, report, None, time.perf_counter() - started, full, lang)
    if not verbose:
        return row, ""
    from .render.text import render_verdict

    return row, render_verdict(verdict, lang)


def _table(rows: list[dict[str, Any]], lang: str = "en") -> None:
    from .render.phrases import phrase
    from .render.terminal import pad

    word = {k: phrase(k, lang) for k in ("proved", "refuted", "unknown", "error")}
    width = max([len(phrase("theorem", lang))] + [len(r["name"]) for r in rows])
    print(f"{pad(phrase('theorem', lang), width)}  {pad(phrase('verdict', lang), 8)}  "
          f"{pad(phrase('expected', lang), 8)}  {pad(phrase('time', lang), 7, right=True)}")
    for r in rows:
        mark = "" if r["ok"] else "  <-- " + r.get("error", phrase("unexpected_verdict", lang))
        if r.get("kind") == "document":
            mark = "  " + phrase("document_steps", lang).format(**r["steps"]) + mark
        seconds = phrase("seconds_short", lang).format(seconds=f"{r['seconds']:.2f}")
        print(f"{pad(r['name'], width)}  {pad(word[r['status']], 8)}  {pad(word[r['expected']], 8)}  "
              f"{pad(seconds, 7, right=True)}{mark}")
    theorems = [r for r in rows if r.get("kind") != "document"]
    documents = [r for r in rows if r.get("kind") == "document"]
    if theorems or not documents:
        failed = sum(not r["ok"] for r in theorems)
        print(phrase("verify_summary", lang).format(passed=len(theorems) - failed, total=len(theorems)))
    if documents:
        failed = sum(not r["ok"] for r in documents)
        print(phrase("verify_documents_summary", lang).format(passed=len(documents) - failed, total=len(documents)))


def _list(args: argparse.Namespace) -> int:
    from .library import discover

    theorems = discover(args.path)
    width = max([0] + [len(t.name) for t in theorems])
    for t in theorems:
        print(f"{t.name:<{width}}  [{t.group}, expect {t.expected}]  {t.title}")
    return 0


def _title(theorem, lang: str) -> str:
    from .render.phrases import title

    return title("theorem", theorem.name, theorem.title, lang, marked=True)


def _find(args: argparse.Namespace):
    from .library import discover, select

    (theorem,) = select(discover(args.path), [args.name])
    return theorem


def _show(args: argparse.Namespace) -> int:
    from .render import documents, text
    from .render.json import derivation_json, verdict_json

    theorem = _find(args)
    verdict, report = theorem.run_all()
    style = {"log": args.log, "sums": args.sums}
    if args.format == "latex":
        sections = documents.theorem_sections(_title(theorem, args.lang), verdict, report, lang=args.lang, **style)
        print(documents.latex_document(sections, lang=args.lang, **style), end="")
    elif args.format == "beamer":
        from .render import beamer

        frame = beamer.theorem_frame(_title(theorem, args.lang), verdict, report, lang=args.lang, **style)
        print(beamer.beamer_document([frame], lang=args.lang, title=_title(theorem, args.lang), **style), end="")
    elif args.format == "markdown":
        print(documents.theorem_markdown(_title(theorem, args.lang), verdict, report, lang=args.lang, **style), end="")
    elif args.format == "json":
        out = {"name": theorem.name, "title": theorem.title, "expected": theorem.expected.value,
               "verdict": verdict_json(verdict), "derivation": derivation_json(report, args.lang) if report else None}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        if report is not None:
            print(text.render_derivation(report, args.lang), end="\n\n")
        print(text.render_verdict(verdict, args.lang))
    return 0 if theorem.as_expected(verdict, report) else 1


def _prove(args: argparse.Namespace) -> int:
    from .parse import parse_statement
    from .prover.prove import prove
    from .render import documents
    from .prover.verdict import Status
    from .render.json import verdict_json
    from .render.phrases import phrase
    from .render.text import render_verdict

    from .check import bounded_verdict
    from .prover.claim import Claim, Relation
    from .worker import run_tasks

    statement = parse_statement(args.statement)
    relation = Relation.of(statement.relation)
    budget = args.budget * _SYMBOLIC_SHARE
    if relation is Relation.SAME_MINIMISERS:
        from .prover.objectives import equivalent

        task = functools.partial(equivalent, statement.lhs, statement.rhs, wrt=statement.wrt,
                                 senses=statement.senses, seed=args.seed, budget=budget)
        claim = Claim(statement.lhs, relation, statement.rhs, wrt=statement.wrt, senses=statement.senses)
    elif relation is Relation.MINIMISER:  # arg min_Q f = P
        from .prover.inequality import prove_minimiser

        task = functools.partial(prove_minimiser, statement.lhs, statement.wrt[0], statement.rhs, seed=args.seed,
                                 budget=budget)
        claim = Claim(statement.lhs, relation, statement.rhs, wrt=statement.wrt)
    else:
        task = functools.partial(prove, statement.lhs, statement.rhs, relation=relation,
                                 component=statement.component, seed=args.seed, budget=budget,
                                 nonzero=statement.nonzero, given=statement.hypotheses)
        claim = Claim(statement.lhs, relation, statement.rhs, statement.component)
    (outcome,) = run_tasks([task], _limits(args))
    verdict = bounded_verdict(outcome, claim)
    if args.format == "json":
        print(json.dumps({"statement": statement.text, **verdict_json(verdict)}, indent=2, ensure_ascii=False))
    elif args.format == "latex":
        body = documents.verdict_latex(verdict, lang=args.lang, width=documents.ARTICLE_WIDTH)
        print(documents.latex_document([(phrase("statement", args.lang), body)], lang=args.lang), end="")
    elif args.format == "beamer":
        from .render import beamer

        frame = beamer.theorem_frame(phrase("statement", args.lang), verdict, None, lang=args.lang)
        print(beamer.beamer_document([frame], lang=args.lang, title=phrase("statement", args.lang)), end="")
    elif args.format == "markdown":
        print(documents.verdict_markdown(verdict, lang=args.lang), end="")
    else:
        if statement.theta_model:
            print(phrase("theta_as_logits", args.lang).format(model=statement.theta_model,
                                                                z=statement.scope.logits[0]))
        print(render_verdict(verdict, args.lang))
    return 0 if verdict.status is Status.PROVED else 1


def _check(args: argparse.Namespace) -> int:
    from .check import check_file
    from .render.json import document_check_json
    from .render.text import render_document_check

    report = check_file(args.file, seed=args.seed, budget=args.budget * _SYMBOLIC_SHARE,
                        limits=_limits(args, total=args.total), workers=args.jobs)
    if args.format == "json":
        print(json.dumps(document_check_json(report), indent=2, ensure_ascii=False))
    else:
        for error in report.skipped:  # file:line:col: error: ..., with its caret, as editors read it
            print(_error_text(error), file=sys.stderr)
        print(render_document_check(report, args.lang))
    # A block that could not be read outranks any verdict: the check is incomplete.
    return 2 if report.skipped else 0 if report.status.value == "proved" else 1


def _export(args: argparse.Namespace) -> int:
    import shutil

    from .errors import InvalidInputError
    from pathlib import Path

    from .library import discover, reading_order
    from .render import beamer, documents
    from .render.files import SETTLE_RUNS, compile_latex, write_atomic
    from .render.phrases import phrase

    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise InvalidInputError(f"{folder} is a file, not a folder: export writes a folder of documents")
    folder.mkdir(parents=True, exist_ok=True)
    theorems = reading_order(discover(args.path))
    style = {"log": args.log, "sums": args.sums}
    pdflatex = None if args.no_pdf else shutil.which("pdflatex")
    failed: list[str] = []
    library: list[tuple[str, str]] = []
    frames: list[str] = []
    for count, theorem in enumerate(theorems, start=1):
        print(f"[{count}/{len(theorems)}] {theorem.name} ...", end=" ", flush=True)
        try:
            verdict, report = theorem.run_all()
        except Exception as exc:  # report the theorem, never a traceback
            print(phrase("export_error", args.lang).format(error=type(exc).__name__, message=exc))
            failed.append(theorem.name)
            continue
        title = _title(theorem, args.lang)
        sections = documents.theorem_sections(title, verdict, report, lang=args.lang, **style)
        library += sections
        if args.slides:
            frames.append(beamer.theorem_frame(title, verdict, report, lang=args.lang, **style))
        tex = write_atomic(folder / f"{theorem.name}.tex", documents.latex_document(sections, lang=args.lang, **style))
        write_atomic(folder / f"{theorem.name}.md",
                     documents.theorem_markdown(title, verdict, report, lang=args.lang, **style))
        ok = theorem.as_expected(verdict, report)
        if pdflatex and compile_latex(pdflatex, tex) is None:
            ok = False
            print(phrase("pdflatex_failed", args.lang), end=" ")
        print(phrase("export_ok" if ok else "export_failed", args.lang))
        if not ok:
            failed.append(theorem.name)
    # The figures first: the library (and the slides) show those that were written.
    _export_figures(folder, args.lang)
    captions = documents.figure_captions(args.lang, **style)
    figures = [(f"figures/{name}.pdf", captions[name]) for name in documents.FIGURES
               if (folder / "figures" / f"{name}.pdf").is_file()]
    title = phrase("library_title", args.lang)
    documents_out = [("library.tex", documents.latex_document(library, lang=args.lang, title=title, contents=True,
                                                              figures=figures, **style))]
    if args.slides:
        documents_out.append(("slides.tex", beamer.beamer_document(frames, lang=args.lang, title=title,
                                                                   figures=figures, **style)))
    for name, text in documents_out:
        tex = write_atomic(folder / name, text)
        if pdflatex and compile_latex(pdflatex, tex, runs=SETTLE_RUNS, resources=("figures",) if figures else ()) is None:
            failed.append(name)
    if failed:
        print(f"symdiv export: {phrase('export_these_failed', args.lang)}: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(phrase("export_wrote" if pdflatex else "export_wrote_no_pdf", args.lang).format(
        count=len(theorems), folder=folder))
    return 0


def _export_figures(folder, lang: str) -> None:
    from .render.figures import FiguresUnavailable, write_figures
    from .render.phrases import phrase

    try:
        paths = write_figures(folder / "figures")
    except FiguresUnavailable as exc:
        print(f"{phrase('figures_skipped', lang)}: {exc}")
        return
    print(f"{phrase('figures', lang)}: {', '.join(p.name for p in paths)}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the CLI; return the exit code."""
    stdout, stderr = sys.stdout, sys.stderr
    # Everything printed passes through the terminal filter (escape sequences
    # and bidi overrides in a document must not rewrite the report).
    sys.stdout, sys.stderr = SafeStream(stdout), SafeStream(stderr)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("symdiv: interrupted", file=sys.stderr)
        return 130
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: Optional[Sequence[str]]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from .errors import InconsistencyError, InvalidInputError, InvalidTypeError

    commands = {"list": _list, "verify": _verify, "show": _show, "prove": _prove, "check": _check,
                "export": _export}
    try:
        return commands[args.command](args)
    except (InvalidInputError, InvalidTypeError) as exc:
        if getattr(args, "format", None) == "json" or getattr(args, "json", False):
            # A program reading JSON gets JSON for bad input too, on stdout.
            print(json.dumps(_error_json(exc), indent=2, ensure_ascii=False))
        else:
            print(_error_text(exc), file=sys.stderr)
        return 2
    except InconsistencyError as exc:
        # The prover and the numeric check disagree: a bug in symdiv, never a verdict.
        print(f"symdiv: internal inconsistency (please report it): {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        where = f" {exc.filename}" if exc.filename else ""
        print(f"symdiv: error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2


def _error_json(exc: Exception) -> dict[str, Any]:
    """``{"status": "malformed", "message", "line", "column", "file"}`` (position only for a parse error)."""
    from .errors import ParseError

    if isinstance(exc, ParseError):
        return {"status": "malformed", "message": exc.message, "line": exc.line, "column": exc.column,
                "file": exc.origin or None}
    return {"status": "malformed", "message": str(exc), "line": None, "column": None, "file": None}


def _error_text(exc: Exception) -> str:
    """``symdiv: error: ...``; a parse error in a file leads with ``file:line:col: error:``,
    the form editors and CI annotations turn into a link."""
    from .errors import ParseError

    text = str(exc)
    if isinstance(exc, ParseError) and exc.origin:
        head = f"{exc.origin}:{exc.line}:{exc.column}:"
        if text.startswith(head):
            return f"{head} error:{text[len(head):]}"
    return f"symdiv: error: {text}"


def console() -> None:  # pragma: no cover - the installed `symdiv` command
    """The entry point of the ``symdiv`` command: :func:`main`, and Unix behaviour on a closed pipe."""
    # `symdiv ... | head -1`: when the reader goes, stop quietly as other Unix tools do.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    console()
