"""Reading order and recognised shapes, shared by the LaTeX and the ASCII printer.

Both printers write what a person would: the terms of a sum positive first
and numbers last (``1 - \\tfrac12 \\log_2 3``, ``p_i (\\log p_i - \\log q_i)``),
and ``exp(z_j) / sum_k exp(z_k)`` as ``softmax(z)_j`` (``exp(z_j/T) / sum_k exp(z_k/T)`` as
``softmax(z/T)_j``).
"""

from __future__ import annotations

from sympy import Basic, Expr, Indexed, Integer, Mul, Pow, Sum, exp

from ..core.measures import Measure

from ..core.model import Logits, Marginal

__all__ = ["person_order", "softmax_parts", "softmax_component", "variable_of", "nested", "family", "outcome_letters",
           "conditional_pair"]


def person_order(terms: list[Basic], texts: list[str]) -> list[int]:
    """The positions of *terms* (printed as *texts*) in reading order: positive terms, then
    negative ones, then numbers; a positive number before a leading minus.  Among terms of
    the same sign, entropies come before conditional ones (``H(X) + H(Y | X)``, as the chain
    rule is written); otherwise sympy's order is kept.  A number leads a sum of exponentials."""
    # 1 + e^{-u} and \log(1 + e^{u}), as the sigmoid and softplus are written: a number leads
    # a sum whose other terms are all exponentials
    exponentials = all(t.is_number or any(isinstance(f, exp) for f in Mul.make_args(t)) for t in terms)

    def rank(k: int) -> tuple[int, int]:
        sign = 2 if terms[k].is_number else 1 if texts[k].startswith("-") else 0
        if exponentials and terms[k].is_number and terms[k].is_positive:
            sign = -1
        return sign, _measure_rank(terms[k])

    order = sorted(range(len(terms)), key=rank)
    if texts[order[0]].startswith("-"):
        positive = next((k for k in order if not texts[k].startswith("-")), None)
        if positive is not None:
            order.remove(positive)
            order.insert(0, positive)
    return order


def _measure_rank(term: Basic) -> int:
    """0 for a plain measure, higher for more conditioning; 0 for anything else."""
    measure = next((f for f in Mul.make_args(term) if isinstance(f, Measure)), None)
    given = getattr(measure, "given", ())
    return 1 + len(given) if isinstance(given, tuple) and given else 0


def softmax_parts(f: Basic) -> tuple[Logits, Expr] | None:
    """``(z, T)`` when *f* is ``1/sum_k exp(z_k/T)`` over all of ``z`` (``T`` is 1 without a temperature)."""
    if not (isinstance(f, Pow) and f.exp == -1 and isinstance(f.base, Sum) and len(f.base.limits) == 1):
        return None
    (var, lo, hi), body = f.base.limits[0], f.base.function
    if not isinstance(body, exp):
        return None
    found = logit_over_temperature(body.args[0])
    if found is None:
        return None
    component, T = found
    logits = component.base
    if isinstance(logits, Logits) and component.indices == (var,) and lo == 1 and hi == logits.size:
        return logits, T
    return None


def logit_over_temperature(e: Basic) -> tuple[Indexed, Expr] | None:
    """``(z_k, T)`` when *e* is ``z_k / T`` (``T`` positive, 1 for ``z_k`` itself), else None."""
    if isinstance(e, Indexed):
        return e, Integer(1)
    component = [a for a in Mul.make_args(e) if isinstance(a, Indexed)]
    if len(component) != 1 or not isinstance(component[0].base, Logits):
        return None
    T = 1 / (e / component[0])
    if T.free_symbols & component[0].free_symbols or T.is_positive is not True:
        return None
    return component[0], T


def softmax_component(args: list[Basic]) -> tuple[tuple[Basic, Basic], Logits, Expr, Expr] | None:
    """``((top, den), z, T, j)`` when the factors *args* hold ``exp(z_j/T) / sum_k exp(z_k/T)``, else None."""
    for den in args:
        parts = softmax_parts(den)
        if parts is None:
            continue
        logits, T = parts
        for top in args:
            found = logit_over_temperature(top.args[0]) if isinstance(top, exp) else None
            if found is not None and found[0].base == logits and found[1] == T:
                return (top, den), logits, T, found[0].indices[0]
    return None


def variable_of(var: Basic, body: Basic):
    """The random variable whose alphabet the index *var* runs over in *body*, or None."""
    for x in body.atoms(Indexed):
        for axis, index in enumerate(x.indices):
            if index == var and getattr(x.base, "variables", ()):
                return x.base.variables[axis]
    return None


def nested(values: list[str], shape: list[int], opener: str = "(", closer: str = ")") -> str:
    """``(a, b)``, or a table (a joint distribution's values, row-major) as a tuple of rows."""
    if len(shape) <= 1:
        return opener + ", ".join(values) + closer
    step = len(values) // shape[0]
    return opener + ", ".join(nested(values[k * step:(k + 1) * step], shape[1:], opener, closer)
                              for k in range(shape[0])) + closer


def family(d: Basic) -> str:
    """The name of a joint's family: ``p`` for the joint ``p``, for its marginals, for a
    distribution ``p_X`` of ``X`` alone and for a product ``p_X p_Y`` of such."""
    from ..core.model import ProductDistribution

    if isinstance(d, Marginal):
        return d.joint.name
    if isinstance(d, ProductDistribution):
        names = {family(f) for f in d.factors}
        return names.pop() if len(names) == 1 else d.name
    suffix = "_" + "".join(v.name for v in getattr(d, "variables", ()))
    return d.name[:-len(suffix)] if suffix != "_" and d.name.endswith(suffix) else d.name


def outcome_letters(e: Sum, taken: set[str]) -> tuple[list[tuple[Basic, str]], Basic]:
    """The outermost indices of *e* that run over a random variable's whole alphabet, each with
    its letter (``x`` for ``X``), outermost first; and what the sum over the rest is.

    An index stops the run when its letter is in *taken* (used around the sum, or free in it).
    """
    limits, letters = list(e.limits), []
    body = e.function
    while limits:
        var, lo, hi = limits[-1]
        variable = variable_of(var, body)
        if variable is None or lo != 1 or hi != variable.size or variable.name.lower() in taken \
                or variable.name.lower() in {letter for _, letter in letters}:
            break
        letters.append((var, variable.name.lower()))
        limits.pop()
    return letters, (Sum(body, *limits) if limits else body)


def conditional_pair(args: list[Basic]):
    """``(numerator, denominator, other factors)`` when the factors *args* hold ``p(x, y) / p(x)``:
    one component of a joint over one of its own marginals, at the same outcomes, and no other
    division in the family; else None.  Both printers write it as ``p(y | x)``."""
    joints = [a for a in args if isinstance(a, Indexed) and getattr(a.base, "variables", ())]
    dens = [a for a in args if isinstance(a, Pow) and a.exp == -1 and isinstance(a.base, Indexed)
            and getattr(a.base.base, "variables", ())]
    if len(joints) != 1 or len(dens) != 1:
        return None
    num, den = joints[0], dens[0].base
    if family(num.base) != family(den.base):
        return None
    at_num = dict(zip(num.base.variables, num.indices))
    at_den = dict(zip(den.base.variables, den.indices))
    if not set(at_den) < set(at_num) or any(at_num[v] != i for v, i in at_den.items()):
        return None
    return num, den, [a for a in args if a is not num and a is not dens[0]]
