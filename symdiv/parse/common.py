"""What the parser and its reader of random variables share: the value of a piece of text and
the brackets of a token list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .lexer import Token

__all__ = ["Value", "CLOSER", "closers", "upper_limits", "top_level", "before"]

#: Each opening bracket's closing one.
CLOSER = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Value:
    """What a piece of text denotes: a ``scalar`` or ``vector`` expression (a
    vector as its component at the statement's component index), or a
    ``dist`` / ``logits`` object that measures take as arguments (``minimiser``:
    the distribution an arg min claims, kept as it is)."""

    kind: str
    expr: object
    #: Where a distribution or logits was named, for messages about it.
    at: Optional[Token] = field(default=None, compare=False)


def closers(tokens: list[Token]) -> dict[int, int]:
    """Each opening bracket's closing one, by position (an unclosed one closes at the end)."""
    found, opened = {}, []
    for k, tok in enumerate(tokens):
        if tok.kind == "op" and tok.value in ("(", "[", "{"):
            opened.append(k)
        elif tok.kind == "op" and tok.value in (")", "]", "}") and opened:
            found[opened.pop()] = k
    found.update((k, len(tokens) - 1) for k in opened)
    return found


def top_level(tokens: list[Token]):
    """``(position, token)`` of each token of *tokens* outside every bracket (brackets excluded)."""
    depth = 0
    for k, tok in enumerate(tokens):
        if tok.kind == "op" and tok.value in ("(", "[", "{"):
            depth += 1
        elif tok.kind == "op" and tok.value in (")", "]", "}"):
            depth -= 1
        elif depth == 0:
            yield k, tok


def before(tokens: list[Token], k: int) -> list[Token]:
    """The tokens before position *k*, without the commas or semicolons that end them (``..., where``)."""
    head = tokens[:k]
    while head and head[-1].kind == "op" and head[-1].value in (",", ";"):
        head = head[:-1]
    return head


def upper_limits(tokens: list[Token]) -> list[Token]:
    """The one-letter upper limits of the sums and products: the ``K`` of ``\\sum_{k=1}^{K}``."""
    brackets = closers(tokens)

    def script_end(k: int) -> int:  # after the script whose mark, _ or ^, is at k
        return brackets[k + 1] + 1 if k + 1 < len(tokens) and tokens[k + 1].value == "{" else k + 2

    limits = []
    for k, tok in enumerate(tokens):
        if tok.value not in ("sum", "prod") or tok.kind not in ("cmd", "name"):
            continue
        m = k + 1
        if m < len(tokens) and tokens[m].value == "_":
            m = script_end(m)
        if m < len(tokens) and tokens[m].value == "^":
            inner = [t for t in tokens[m + 1:script_end(m)] if t.value not in ("{", "}")]
            if len(inner) == 1 and inner[0].kind == "name":
                limits.append(inner[0])
    return limits
