"""Reading order and recognised shapes, shared by the LaTeX and the ASCII printer.

Both printers write what a person would: the terms of a sum positive first
and numbers last (``1 - \\tfrac12 \\log_2 3``, ``p_i (\\log p_i - \\log q_i)``),
and ``exp(z_j) / sum_k exp(z_k)`` as ``softmax(z)_j``.
"""

from __future__ import annotations

from sympy import Basic, Indexed, Pow, Sum, exp

from ..core.model import Logits

__all__ = ["person_order", "softmax_denominator"]


def person_order(terms: list[Basic], texts: list[str]) -> list[int]:
    """The positions of *terms* (printed as *texts*) in reading order: positive terms, then
    negative ones, then numbers; a positive number before a leading minus."""
    def rank(k: int) -> int:
        return 2 if terms[k].is_number else 1 if texts[k].startswith("-") else 0

    order = sorted(range(len(terms)), key=rank)
    if texts[order[0]].startswith("-"):
        positive = next((k for k in order if not texts[k].startswith("-")), None)
        if positive is not None:
            order.remove(positive)
            order.insert(0, positive)
    return order


def softmax_denominator(f: Basic) -> Logits | None:
    """The logits ``z`` when *f* is ``1/sum_k exp(z_k)`` over all of ``z``, else None."""
    if not (isinstance(f, Pow) and f.exp == -1 and isinstance(f.base, Sum) and len(f.base.limits) == 1):
        return None
    (var, lo, hi), body = f.base.limits[0], f.base.function
    if not (isinstance(body, exp) and isinstance(body.args[0], Indexed)):
        return None
    component = body.args[0]
    logits = component.base
    if isinstance(logits, Logits) and component.indices == (var,) and lo == 1 and hi == logits.size:
        return logits
    return None
