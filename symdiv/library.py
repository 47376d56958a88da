"""Theorems and their discovery, the way pytest discovers tests.

A theorem module defines one module-level ``THEOREM``:

.. code-block:: python

    from symdiv.library import Theorem
    THEOREM = Theorem(name="kl_self", title="D_KL(P||P) = 0",
                      check=lambda: prove(KL(P, P), 0))

The bundled theorems live in the repository's ``proofs/`` folder and are
installed as ``symdiv.proofs``; :func:`discover` also loads ``*.py`` files from
any folder of your own.

>>> names = [t.name for t in discover()]
>>> "cross_entropy_decomposition" in names
True
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Callable, Optional, Sequence, Union

from .errors import InvalidInputError, InvalidTypeError
from .prover.derivation import Derivation, DerivationReport
from .prover.verdict import Status, Verdict

__all__ = ["Theorem", "GROUPS", "discover", "reading_order", "select"]

#: The groups in the order a handout teaches them: definitions, the seed's claims, several variables,
#: inequalities, then the losses that build on all of them.
GROUPS = ("teaching", "seed", "library", "inequalities", "losses")


@dataclass(frozen=True)
class Theorem:
    """A named statement, how to check it, and the verdict it should get.

    ``group`` is ``"seed"`` for the claims of the blog post the project grew
    from, ``"teaching"`` for the derivations that walk through its material,
    ``"inequalities"`` for the inequalities (each with its certificate), and
    ``"library"`` for the rest.
    """

    name: str
    title: str
    check: Callable[[], Verdict]
    expected: Status = Status.PROVED
    group: str = "library"
    derivation: Optional[Derivation] = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise InvalidInputError(f"theorem name {self.name!r} must be an identifier")
        if not isinstance(self.expected, Status):
            raise InvalidTypeError(f"expected must be a Status, got {self.expected!r}")

    def run(self) -> Verdict:
        return self.check()

    def run_all(self) -> tuple[Verdict, Optional[DerivationReport]]:
        """The verdict and, when the theorem has one, its checked derivation."""
        return self.check(), (self.derivation.check() if self.derivation is not None else None)

    def as_expected(self, verdict: Verdict, report: Optional[DerivationReport]) -> bool:
        """The verdict is the expected one and every step of the derivation holds."""
        return verdict.status is self.expected and (report is None or report.proved)


def _theorem_of(module: ModuleType) -> Theorem:
    theorem = getattr(module, "THEOREM", None)
    if not isinstance(theorem, Theorem):
        raise InvalidInputError(f"theorem module {module.__name__} does not define THEOREM = Theorem(...)")
    return theorem


def _load_file(path: Path) -> ModuleType:
    name = f"symdiv_user_proofs.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise InvalidInputError(f"cannot load theorem file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def discover(path: Optional[Union[str, Path]] = None) -> tuple[Theorem, ...]:
    """The theorems of the bundled library, or of the ``*.py`` files in *path*.

    Files and modules whose name starts with ``_`` are skipped.  Names must be
    unique.
    """
    if path is None:
        from . import proofs

        modules = [
            importlib.import_module(f"{proofs.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(proofs.__path__), key=lambda m: m.name)
            if not info.name.startswith("_")
        ]
    else:
        folder = Path(path)
        if not folder.is_dir():
            raise InvalidInputError(f"theorem folder {str(folder)!r} does not exist")
        loaded = [_load_or_report(p) for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")]
        theorems = [t for t, _ in loaded]
        modules = [m for _, m in loaded]
        return _unique(theorems, modules)
    theorems = [_theorem_of(m) for m in modules]
    return _unique(theorems, modules)


def _unique(theorems: list[Theorem], modules: list) -> tuple[Theorem, ...]:
    seen: dict[str, str] = {}
    for t, m in zip(theorems, modules):
        name = getattr(m, "__name__", str(m))
        if t.name in seen:
            raise InvalidInputError(f"theorem name {t.name!r} is defined twice ({seen[t.name]} and {name})")
        seen[t.name] = name
    return tuple(theorems)


def _load_or_report(path: Path) -> tuple[Theorem, object]:
    """The theorem of the file at *path*, or a stand-in whose check reports why it could not be loaded.

    A user's theorem file is Python: it may fail to compile, import something
    missing or raise.  That is reported against the file and line as one
    theorem in error, and the other files are still verified.
    """
    try:
        module = _load_file(path)
        return _theorem_of(module), module
    except Exception as exc:  # anything the user's code raises
        where = _where(path, exc)
        message = f"{where}: cannot load the theorem file: {type(exc).__name__}: {exc}"
        name = path.stem if path.stem.isidentifier() else "file_" + "".join(c if c.isalnum() else "_" for c in path.stem)
        return Theorem(name=name, title=f"{path.name} (could not be loaded)", check=_raiser(message)), str(path)


def _where(path: Path, exc: BaseException) -> str:
    """``file:line`` of the error in the user's file (from the traceback, or a SyntaxError's own line)."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f"{path}:{exc.lineno}"
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename) == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{path}:{line}" if line else str(path)


def _raiser(message: str) -> Callable[[], Verdict]:
    def check() -> Verdict:
        raise InvalidInputError(message)

    return check


def select(theorems: Sequence[Theorem], names: Sequence[str] = (), group: Optional[str] = None) -> list[Theorem]:
    """The theorems called *names* (all if empty), optionally only those of *group*.

    >>> select(discover(), ["no_such_theorem"])
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: unknown theorem 'no_such_theorem' (`symdiv list` shows the names)
    """
    by_name = {t.name: t for t in theorems}
    for name in names:
        if name not in by_name:
            close = difflib.get_close_matches(name, list(by_name), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidInputError(f"unknown theorem {name!r}{hint} (`symdiv list` shows the names)")
    chosen = [by_name[n] for n in names] if names else list(theorems)
    if group is not None:
        chosen = [t for t in chosen if t.group == group]
    return chosen


def reading_order(theorems: Sequence[Theorem]) -> list[Theorem]:
    """*theorems* in the order of :data:`GROUPS` (a group not listed comes last), each group in
    the given order: a handout opens with the definitions, not with whatever sorts first.

    >>> [t.group for t in reading_order(discover())][:1]
    ['teaching']
    """
    rank = {g: k for k, g in enumerate(GROUPS)}
    return sorted(theorems, key=lambda t: rank.get(t.group, len(GROUPS)))
