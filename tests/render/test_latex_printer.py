"""The LaTeX printer: measure notation, term order, log and sum styles."""

import pytest
from sympy import Sum, log

import symdiv as sd
from symdiv.core.model import INDEX as i
from symdiv.errors import InvalidInputError
from symdiv.render.latex import latex

n = sd.alphabet_size()
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
z, j = sd.Logits("z", n), sd.component_index()


@pytest.mark.parametrize("expr, expected", [
    (sd.Entropy(P), "H(P)"),
    (sd.Entropy(P, base=2), "H_{2}(P)"),
    (sd.CrossEntropy(P, Q), "H(P, Q)"),
    (sd.KL(P, Q), r"D_{\mathrm{KL}}(P \,\|\, Q)"),
    (sd.KL(P, Q, base=2), r"D_{\mathrm{KL},\,2}(P \,\|\, Q)"),
    (-Sum(P[i] * log(Q[i]), (i, 1, n)), r"- \sum_{i=1}^{n} p_{i} \log q_{i}"),
    (Sum(P[i] * log(P[i] / Q[i]), (i, 1, n)), r"\sum_{i=1}^{n} p_{i} \log \frac{p_{i}}{q_{i}}"),
    (log(P[j]) / log(2), r"\log_{2} p_{j}"),
    # the coefficient of a log_b was dropped once: 1 - log(3)/(2 log 2) printed as 1 log_2 3 + 1
    (1 - log(3) / (2 * log(2)), r"1 - \frac{1}{2} \log_{2} 3"),
    (-3 * P[j] * log(3) / log(2), r"- 3 p_{j} \log_{2} 3"),
    (-log(P[j]) / log(2), r"- \log_{2} p_{j}"),
    (sd.SelfInformation(P, j), r"I_{P}(j)"),
    (sd.SelfInformation(P, j, base=2), r"I_{P,\,2}(j)"),      # one subscript: I_{2}_{P} does not compile
    (sd.Grad(sd.CrossEntropy(P, sd.Softmax(z)), z, j),
     r"\frac{\partial}{\partial z_{j}} H(P, \operatorname{softmax}(z))"),
])
def test_notation(expr, expected):
    assert latex(expr) == expected


def test_log_and_sum_styles():
    e = -Sum(P[i] * log(Q[i]), (i, 1, n))
    assert latex(e, log="ln") == r"- \sum_{i=1}^{n} p_{i} \ln q_{i}"
    assert latex(e, sums="outcomes") == r"- \sum_{x} P(x) \log Q(x)"


def test_nested_sums_in_outcome_style_use_distinct_letters():
    k = sd.component_index("k")
    e = Sum(P[i] * log(Q[i] / Sum(Q[k], (k, 1, n))), (i, 1, n))
    assert latex(e, sums="outcomes") == r"\sum_{x} P(x) \log \frac{Q(x)}{\sum_{y} Q(y)}"
    assert latex(Sum(P[i] * sd.SelfInformation(Q, i), (i, 1, n)), sums="outcomes") == r"\sum_{x} P(x) I_{Q}(x)"
    double = Sum(Sum(P[i] * Q[k], (k, 1, n)), (i, 1, n))
    assert latex(double) == r"\sum_{i=1}^{n} \sum_{k=1}^{n} p_{i} q_{k}"


def test_unevaluated_sum_keeps_its_order():
    from symdiv.prover.derivation import keep_order

    a, b = Sum(P[i] * log(P[i]), (i, 1, n)), Sum(P[i] * log(Q[i]), (i, 1, n))
    text = latex(keep_order(-a, a, -b))
    assert text.index(r"- \sum") < text.index(r"+ \sum")


def test_bad_styles():
    with pytest.raises(InvalidInputError, match="log style must be one of"):
        latex(sd.Entropy(P), log="lg")
    with pytest.raises(InvalidInputError, match="sum style must be one of"):
        latex(sd.Entropy(P), sums="all")


def test_sympy_latex_and_jupyter_use_symdivs_printer(o):
    import sympy

    kl = sd.KL(o.P, o.Q)
    assert sympy.latex(kl) == r"D_{\mathrm{KL}}(P \,\|\, Q)"
    assert "KLDivergence" not in sympy.latex(kl + sd.Entropy(o.P, base=2))
    assert kl._repr_latex_() == r"$\displaystyle D_{\mathrm{KL}}(P \,\|\, Q)$"
    assert sympy.latex(sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, o.j)).startswith(r"\frac{\partial}{\partial z_{j}}")
