"""How symdiv's objects show themselves, without depending on the renderers.

A verdict prints itself (``str``, Jupyter's ``_repr_latex_`` and
``_repr_markdown_``), but the prover must not import the renderers: they
import the prover, and the layers would knot together.  So the objects ask
this registry, and :mod:`symdiv.render` fills it when it is imported (which
``import symdiv`` does).  Nothing here knows any format.

>>> register("text", "Example", lambda obj: "an example")
>>> show("text", "Example", object())
'an example'
"""

from __future__ import annotations

from typing import Any, Callable

__all__ = ["register", "show"]

_SHOWN: dict[tuple[str, str], Callable[[Any], str]] = {}


def register(form: str, kind: str, function: Callable[[Any], str]) -> None:
    """Show objects of *kind* (a class name) in *form* (``text``, ``latex``, ``markdown``) with *function*."""
    _SHOWN[(form, kind)] = function


def show(form: str, kind: str, obj: Any) -> str:
    """*obj* (of *kind*) in *form*; its ``repr`` if no renderer registered one."""
    function = _SHOWN.get((form, kind))
    return function(obj) if function is not None else repr(obj)
