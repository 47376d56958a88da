"""The ``symdiv`` command: a thin layer over :mod:`symdiv.library`.

Exit codes, for CI jobs:

* 0 – every theorem got its expected verdict;
* 1 – some theorem did not (or raised an error);
* 2 – bad usage: unknown theorem name, missing folder, bad option.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Optional, Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symdiv",
        description="Prove, refute and explain information-theory identities used in machine learning.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = sub.add_parser("list", help="list the theorems")
    listing.add_argument("--path", help="a folder of theorem files instead of the bundled library")

    verify = sub.add_parser("verify", help="verify theorems and compare with their expected verdicts")
    verify.add_argument("names", nargs="*", metavar="NAME", help="theorems to verify (default: all)")
    verify.add_argument("--path", help="a folder of theorem files instead of the bundled library")
    verify.add_argument("--group", choices=("seed", "library"), help="only the theorems of this group")
    verify.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    verify.add_argument("--verbose", "-v", action="store_true", help="print each verdict in full")
    return parser


def _row(theorem, verdict, error: Optional[str], seconds: float) -> dict[str, Any]:
    status = "error" if error else str(verdict.status)
    row: dict[str, Any] = {
        "name": theorem.name,
        "title": theorem.title,
        "group": theorem.group,
        "status": status,
        "expected": str(theorem.expected),
        "ok": error is None and verdict.status is theorem.expected,
        "seconds": round(seconds, 4),
    }
    if error:
        row["error"] = error
        return row
    if verdict.reason:
        row["reason"] = verdict.reason
    if verdict.counterexample is not None:
        row["counterexample"] = verdict.counterexample.describe()
    if verdict.certificate is not None:
        c = verdict.certificate
        row["certificate"] = {"kind": c.kind, **({"a": str(c.a), "b": str(c.b)} if c.kind == "affine"
                                                 else {"phi": str(c.phi), "increasing": c.increasing})}
    if verdict.evidence is not None:
        e = verdict.evidence
        row["evidence"] = {"samples": e.samples, "sizes": list(e.sizes), "max_error": e.max_error,
                           "tolerance": e.tolerance, "seed": e.seed, "dtype": e.dtype}
    return row


def _verify(args: argparse.Namespace) -> int:
    from .errors import SymdivError
    from .library import discover, select

    theorems = select(discover(args.path), args.names, args.group)
    rows = []
    for theorem in theorems:
        started = time.perf_counter()
        verdict, error = None, None
        try:
            verdict = theorem.run()
        except SymdivError as exc:
            error = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # a bug, but never a raw traceback for the user
            error = f"internal error {type(exc).__name__}: {exc}"
        rows.append(_row(theorem, verdict, error, time.perf_counter() - started))
        if args.verbose and verdict is not None and not args.json:
            print(verdict, end="\n\n")
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _table(rows)
    return 0 if all(r["ok"] for r in rows) else 1


def _table(rows: list[dict[str, Any]]) -> None:
    width = max([len("theorem")] + [len(r["name"]) for r in rows])
    print(f"{'theorem':<{width}}  {'verdict':<8}  {'expected':<8}  {'time':>7}")
    for r in rows:
        mark = "" if r["ok"] else "  <-- " + r.get("error", "unexpected verdict")
        print(f"{r['name']:<{width}}  {r['status']:<8}  {r['expected']:<8}  {r['seconds']:>6.2f}s{mark}")
    failed = sum(not r["ok"] for r in rows)
    print(f"{len(rows) - failed} of {len(rows)} theorems got their expected verdict")


def _list(args: argparse.Namespace) -> int:
    from .library import discover

    theorems = discover(args.path)
    width = max([0] + [len(t.name) for t in theorems])
    for t in theorems:
        print(f"{t.name:<{width}}  [{t.group}, expect {t.expected}]  {t.title}")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the CLI; return the exit code."""
    args = _parser().parse_args(argv)
    from .errors import InvalidInputError, InvalidTypeError

    try:
        return {"list": _list, "verify": _verify}[args.command](args)
    except (InvalidInputError, InvalidTypeError) as exc:
        print(f"symdiv: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
