"""The notation a theorem's page uses beyond the conventions, each symbol said once under its claim.

A student reading ``c_i``, ``\\hat p``, ``H_2`` or ``U_{\\neg c}`` should not have to guess: every
object that prints as a symbol of its own gets an entry, found in the claim, the prover's steps
and the derivation, in the order it first appears.  An entry is a phrase key (its words, with
``{name}`` places for maths) and the expressions that fill the places; the document renderers
typeset them (:func:`symdiv.render.documents.verdict_latex`), so this module knows no format.

>>> import symdiv as sd
>>> n = sd.alphabet_size()
>>> P, U = sd.Distribution("P", n), sd.Uniform(n)
>>> [e.key for e in glossary([sd.Entropy(P, base=2), sd.CrossEntropy(P, U)])]
['notation_base', 'notation_uniform']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from sympy import Basic, Expr, Symbol, Tuple, exp, log

__all__ = ["Entry", "glossary"]


@dataclass(frozen=True)
class Entry:
    """One symbol explained: the phrase *key* and the maths for its ``{name}`` places."""

    key: str
    values: tuple[tuple[str, Expr], ...]

    def value(self, name: str) -> Expr:
        return dict(self.values)[name]


def _entries() -> dict[str, Callable[[Any], Optional[Entry]]]:
    """Class name -> the entry of one of its objects (None: nothing worth saying)."""
    from ..core.functions import Sigmoid, Softplus
    from ..core.model import INDEX

    u = Symbol("u", real=True)

    def defined(obj: Any) -> Entry:  # a measure that defines itself: FL, BCE, NLL, L
        return Entry("notation_defined", (("symbol", obj), ("definition", obj.definition())))

    def components(key: str) -> Callable[[Any], Entry]:
        return lambda obj: Entry(key, (("symbol", obj), ("definition", obj.component(INDEX))))

    return {
        # c_i, whichever of c_i, c_j, c_k the page uses: one line for the counts, not one per index
        "Count": lambda c: Entry("notation_count", (("symbol", c.dataset.count(INDEX)), ("outcome", INDEX),
                                                    ("size", c.dataset.size))),
        "Sample": lambda x: Entry("notation_sample", (("symbol", x), ("position", x.position),
                                                      ("size", x.dataset.size))),
        "Empirical": components("notation_empirical"),
        "Softmax": components("notation_softmax"),
        "OffTarget": lambda d: Entry("notation_off_target", (("symbol", d), ("target", d.target),
                                                             ("others", d.size - 1))),
        "Uniform": lambda d: Entry("notation_uniform", (("symbol", d), ("size", d.size))),
        "PointMass": lambda d: Entry("notation_point_mass", (("symbol", d), ("outcome", d.outcome))),
        "Bernoulli": lambda d: Entry("notation_bernoulli", (("symbol", d), ("definition", Tuple(d.p, 1 - d.p)))),
        "ParametricDistribution": lambda d: Entry("notation_model", (("symbol", d),)),
        "Normal": lambda d: Entry("notation_normal", (("symbol", d), ("mean", d.mu), ("variance", d.sigma ** 2))),
        "NormalDiag": lambda d: Entry("notation_normal_diag", (("symbol", d),)),
        "Sigmoid": lambda s: Entry("notation_defined", (("symbol", Sigmoid(u)), ("definition", 1 / (1 + exp(-u))))),
        "Softplus": lambda s: Entry("notation_defined", (("symbol", Softplus(u)), ("definition", log(1 + exp(u))))),
        "FocalLoss": defined,
        "BinaryCrossEntropy": defined,
        "NLL": defined,
        "Likelihood": defined,
        # not its definition: of a point mass that evaluates to 0, the theorem itself
        "SelfInformation": lambda e: Entry("notation_self_information", (("symbol", e), ("outcome", e.args[1]),
                                                                         ("dist", e.args[0]))),
    }


#: Entries said once per page, whatever object brought them (their words are general).
_ONCE = frozenset({"notation_normal", "notation_normal_diag"})


def glossary(exprs: Iterable[Any]) -> list[Entry]:
    """The entries for the objects in *exprs*, one per distinct entry, in order of appearance."""
    from sympy import E, preorder_traversal

    from ..core.measures import Measure

    table = _entries()
    found: dict[Entry, None] = {}
    base_two: Optional[Expr] = None
    for expr in exprs:
        if not isinstance(expr, Basic):
            continue
        for node in preorder_traversal(expr):
            make = table.get(type(node).__name__)
            if make is not None:
                entry = make(node)
                if entry is not None:
                    found.setdefault(entry)
            if base_two is None and isinstance(node, Measure) and getattr(node, "base", E) != E:
                base_two = node
    # One Gaussian said is all Gaussians said: their entries do not depend on the parameters.
    entries, said = [], set()
    for entry in found:
        if entry.key in _ONCE and entry.key in said:
            continue
        said.add(entry.key)
        entries.append(entry)
    if base_two is not None:  # H_2, D_{KL,2}, I_2: said once, for all of them
        entries.insert(0, Entry("notation_base", (("symbol", base_two), ("base", base_two.base))))
    return entries
