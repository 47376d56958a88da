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

__all__ = ["Theorem", "discover", "select"]


@dataclass(frozen=True)
class Theorem:
    """A named statement, how to check it, and the verdict it should get.

    ``group`` is ``"seed"`` for the claims of the blog post the project grew
    from, ``"teaching"`` for the derivations that walk through its material,
    and ``"library"`` for the rest.
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
        modules = [_load_file(p) for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")]
    theorems = [_theorem_of(m) for m in modules]
    seen: dict[str, str] = {}
    for t, m in zip(theorems, modules):
        if t.name in seen:
            raise InvalidInputError(f"theorem name {t.name!r} is defined twice ({seen[t.name]} and {m.__name__})")
        seen[t.name] = m.__name__
    return tuple(theorems)


def select(theorems: Sequence[Theorem], names: Sequence[str] = (), group: Optional[str] = None) -> list[Theorem]:
    """The theorems called *names* (all if empty), optionally only those of *group*.

    >>> select(discover(), ["no_such_theorem"])
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: unknown theorem 'no_such_theorem'; `symdiv list` shows the names
    """
    by_name = {t.name: t for t in theorems}
    for name in names:
        if name not in by_name:
            raise InvalidInputError(f"unknown theorem {name!r}; `symdiv list` shows the names")
    chosen = [by_name[n] for n in names] if names else list(theorems)
    if group is not None:
        chosen = [t for t in chosen if t.group == group]
    return chosen
