"""A phrase a numeric report shows: a key of the renderers' phrase table and the values it names.

The numeric layer does not import the renderers (they import it); a phrase
is said in English through :mod:`symdiv.display`, and in any language by
:func:`symdiv.render.text.note_text`, which takes anything with a ``key``
and ``values``.

>>> str(Words("impl_count", (("failed", 3), ("checked", 200))))
': 3 of 200 rows failed'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..display import show

__all__ = ["Words"]


@dataclass(frozen=True)
class Words:
    """A phrase: ``str()`` says it in English, ``note_text(words, "zh")`` in Chinese."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return show("text", "Note", self)
