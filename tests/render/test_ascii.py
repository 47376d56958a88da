"""The ASCII printer: the reader's own notation, in the order a person writes it, read back as printed."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import (
    Abs, Derivative, Dummy, E, Expr, Float, Function, I, Integer, KroneckerDelta, Lambda, Ne, Or, Piecewise, Rational, S, Sum,
    Symbol, exp, expand, log, oo, pi, sign,
)

import symdiv as sd
from symdiv.core.bound import canonical_indices
from symdiv.core.model import INDEX as i
from symdiv.errors import ParseError
from symdiv.parse import Scope, parse_expression, parse_statement
from symdiv.parse.lexer import tokenize
from symdiv.prover.derivation import keep_order
from symdiv.render.ascii import SymdivAsciiPrinter, ascii_form
from tests.parse.test_roundtrip import EXPRESSIONS, _log, _pairs, _same

n = sd.alphabet_size()
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
z, j, k = sd.Logits("z", n), sd.component_index("j"), sd.component_index("k")
softmax = sd.Softmax(z)
N = Symbol("N", integer=True, positive=True)
data = sd.Dataset("x", N, n)


@pytest.mark.parametrize("expr, expected", [
    (sd.Entropy(P), "H(P)"),
    (sd.Entropy(P, base=2), "H_2(P)"),
    (sd.CrossEntropy(P, Q), "H(P, Q)"),
    (sd.CrossEntropy(P, Q, base=10), "H_{10}(P, Q)"),
    (sd.Entropy(P, base=Rational(1, 2)), "H_{1/2}(P)"),
    (sd.NLL(data, P), "NLL(x; P)"),
    (sd.NLL(data, P, base=2), "NLL_2(x; P)"),
    (sd.Likelihood(data, softmax), "L(x; softmax(z))"),
    (sd.NLL(data, P).doit(), "-sum_{s=1}^{N} log(p_{x_s})"),
    (sd.Likelihood(data, P).doit(), "prod_{s=1}^{N} p_{x_s}"),                 # a product over the samples
    (Sum(sd.Distribution("P", sd.alphabet_size("K"))[k], (k, 1, sd.alphabet_size("K"))), "sum_{k=1}^{K} p_k"),
    (sd.Entropy(data.empirical()), "H(phat_x)"),
    (sd.CrossEntropy(data.empirical(), Q) * N, "N*H(phat_x, Q)"),
    (sd.Entropy(sd.ExplicitDistribution(None, [Rational(1, 2), Rational(1, 4), Rational(1, 4)]), base=2),
     "H_2((1/2, 1/4, 1/4))"),
    (sd.KL(sd.ExplicitDistribution(None, [1, 0]), sd.ExplicitDistribution(None, [Rational(1, 2)] * 2)),
     "D((1, 0)||(1/2, 1/2))"),
    (sd.KL(P, Q), "D(P||Q)"),
    (sd.KL(P, softmax, base=2), "D_{KL,2}(P||softmax(z))"),     # the reader refuses D_2: the base goes after KL
    (sd.SelfInformation(P, j), "I_P(j)"),
    (sd.SelfInformation(Q, 3, base=2), "I_{Q,2}(3)"),
    (Sum(P[i] * log(P[i] / Q[i]), (i, 1, n)), "sum_i p_i*log(p_i/q_i)"),
    (sd.CrossEntropy(P, Q).doit(), "-sum_i p_i*log(q_i)"),
    (sd.KL(P, Q, base=2).doit(), "(sum_i p_i*log(p_i/q_i))/log(2)"),
    (sd.Entropy(P) + sd.KL(P, Q), "H(P) + D(P||Q)"),
    (-sd.Entropy(P) + sd.CrossEntropy(P, Q), "H(P, Q) - H(P)"),
    (1 - P[1], "1 - p_1"),
    (P[j] - Q[j] + 3, "p_j - q_j + 3"),
    (Rational(-1, 2) + sd.Entropy(P), "H(P) - 1/2"),
    (log(2) - P[1], "log(2) - p_1"),
    (sd.Grad(sd.CrossEntropy(P, softmax), z, j), "grad_{z_j} H(P, softmax(z))"),
    (parse_expression("softmax(z) - P"), "softmax(z)_j - p_j"),
    (sd.Grad(sd.Entropy(P) + sd.Entropy(softmax), z, 1), "grad_{z_1} (H(P) + H(softmax(z)))"),
    (P[j] * softmax.component(j), "p_j*softmax(z)_j"),
    (exp(z[j] + z[k]) / Sum(exp(z[i]), (i, 1, n)) ** 2, "exp(z_j + z_k)/(sum_i exp(z_i))^2"),
    (log(P[j]) / log(2), "log_2(p_j)"),
    (1 - log(3) / (2 * log(2)), "1 - log_2(3)/2"),
    (-3 * P[j] * log(3) / log(2), "-3*p_j*log_2(3)"),
    (Sum(P[i], (i, 1, n)) * log(Q[1]) / log(2), "log_2(q_1)*sum_i p_i"),
    (Sum(P[i], (i, 1, n)) / 2, "(sum_i p_i)/2"),
    (Sum(P[i], (i, 1, n)) * Sum(Q[k], (k, 1, n)), "(sum_i p_i)*sum_k q_k"),
    (Sum(P[i] + Q[i], (i, 1, n)), "sum_i (p_i + q_i)"),
    (Sum(Q[i] * Sum(P[k] * log(Q[k]), (k, 1, n)), (i, 1, n)), "sum_i q_i*sum_k p_k*log(q_k)"),
    (1 / log(2), "1/log(2)"),
    (log(P[j]) ** 2, "log(p_j)^2"),
    (P[1] ** Rational(1, 2), "p_1^(1/2)"),
    (P[1] ** -2 * Q[1], "q_1/p_1^2"),
    (Sum(P[i], (i, 1, n)) ** 2, "(sum_i p_i)^2"),
    (1 / (P[1] + Q[1]), "1/(p_1 + q_1)"),
    ((P[1] + Q[1]) * log(P[1]), "(p_1 + q_1)*log(p_1)"),
    (Rational(-5, 2) * P[j], "-5*p_j/2"),
    (P[j] * exp(z[j]) * 2, "2*p_j*exp(z_j)"),
    (E * P[1] + n, "n + e*p_1"),
    (Q[12], "q_{12}"),
    (log(Q[2] ** -3), "log(1/q_2^3)"),
])
def test_notation(expr, expected):
    assert ascii_form(expr) == expected
    assert _same(parse_expression(expected), expr)


def test_the_issue_example_comes_back_as_typed():
    text = "sum_i p_i*log(p_i/q_i)"
    assert ascii_form(parse_expression(text)) == text
    for statement in ("H(P, Q) = H(P) + D(P||Q)", "D(P||Q) = sum_i p_i*log(p_i/q_i)",
                      "grad_{z_j} H(P, softmax(z)) = softmax(z)_j - p_j"):
        s = parse_statement(statement)
        assert f"{ascii_form(s.lhs)} = {ascii_form(s.rhs)}" == statement


def test_an_unevaluated_sum_keeps_its_order():
    a, b = Sum(P[i] * log(P[i]), (i, 1, n)), Sum(P[i] * log(Q[i]), (i, 1, n))
    text = ascii_form(keep_order(-a, a, -b))
    assert text == "-sum_i p_i*log(p_i) + sum_i p_i*log(p_i) - sum_i p_i*log(q_i)"
    assert _same(parse_expression(text), -b)


def test_bound_indices_the_reader_refuses_are_renamed():
    r, dummy = Symbol("r", integer=True), Dummy("i", integer=True)
    assert ascii_form(Sum(P[r] * log(Q[r]), (r, 1, n))) == "sum_i p_i*log(q_i)"   # r is R's component
    assert ascii_form(Sum(P[dummy], (dummy, 1, n))) == "sum_i p_i"
    shadowed = Sum(Q[i] * Sum(P[i], (i, 1, n)), (i, 1, n))                       # the reader refuses rebinding i
    assert ascii_form(shadowed) == "sum_i q_i*sum_k p_k"
    assert ascii_form(Sum(P[i] * Q[k], (i, 1, n))) == "sum_i p_i*q_k"            # a free k is left alone
    assert ascii_form(Sum(Sum(P[i] * Q[k], (i, 1, n)), (k, 1, n))) == "sum_k sum_i p_i*q_k"


def test_a_scope_sets_the_alphabet_and_the_reserved_letters():
    m = sd.alphabet_size("m")
    A = sd.Distribution("A", m)
    scope = Scope(distributions=("A",), size=m)
    e = Sum(A[i] * log(A[i]), (i, 1, m))
    assert ascii_form(e) == "sum_{i=1}^{m} a_i*log(a_i)"        # not the default alphabet n
    assert ascii_form(e, scope=scope) == "sum_i a_i*log(a_i)"
    assert _same(parse_expression("sum_i a_i*log(a_i)", scope=scope), e)
    assert ascii_form(Sum(A[Symbol("a", integer=True)], (Symbol("a", integer=True), 1, m)), scope=scope) == "sum_i a_i"
    assert isinstance(SymdivAsciiPrinter(), SymdivAsciiPrinter)


def test_long_numbers_are_split_so_the_lexer_takes_them():
    big = Integer(2) ** 200
    text = ascii_form(big)
    assert text == "16069*10^56 + 3804425899027554196209234116*10^28 + 2602522202993782792835301376"
    assert parse_expression(text) == big
    for e in (-big, big * P[1], Rational(1, 3) ** 70, P[1] ** (big / 3), log(P[1]) ** -big):
        tokenize(ascii_form(e))
    assert _same(parse_expression(ascii_form(-big * P[1] + 1)), -big * P[1] + 1)


# What the notation cannot say is printed anyway, in ASCII the lexer takes, and documented as not
# round-tripping: the reader then names what it cannot read.
_u = Dummy("u")
FALLBACKS = [
    (Sum(P[i], (i, 2, n)), "sum_{i=2}^{n} p_i"),
    (Sum(P[i], (i, 1, 3)), "sum_{i=1}^{3} p_i"),
    (KroneckerDelta(j, k), "delta(j, k)"),
    (Lambda(_u, -log(_u)), "(u -> -log(u))"),
    (data.count(i), "c_i"),
    (sd.CrossEntropy(sd.Uniform(n), sd.PointMass(n, j)), "H(U, delta_j)"),
    (sd.SelfInformation(softmax, j), "I_{softmax(z)}(j)"),
    (P[i + 1], "p_{i + 1}"),
    (Float(1) / 3, "0.333333333333333"),
    (Float(2, 60) / 3, "0.666666666666667"),
    (pi * I, "pi*I"),
    (oo, "oo"),
    (sign(z[j]), "sign(z_j)"),
    (Ne(z[j], 0), "z_j != 0"),
    (Or(P[1] > Rational(1, 2), Q[1] > Rational(1, 2)), "Or(p_1 > 1/2, q_1 > 1/2)"),
    (Piecewise((P[1], z[1] > 0), (Q[1], True)), "Piecewise((p_1, z_1 > 0), (q_1, True))"),
    (Derivative(Function("f")(z[1]), z[1]), "Derivative(f(z_1), z_1)"),
    (sd.Entropy(sd.Distribution("Π", n)) + Symbol("α"), "alpha + H(Pi)"),
]


@pytest.mark.parametrize("expr, expected", FALLBACKS)
def test_what_the_reader_cannot_read_is_still_ascii_it_can_lex(expr, expected):
    assert ascii_form(expr) == expected
    tokenize(expected)
    try:
        back = parse_expression(expected)
    except ParseError:
        return
    assert back != expr            # a float reads back as the exact decimal it shows, not as itself


# Beyond the LaTeX property's expressions: gradients, softmax components, bases, nested sums with
# indices the printer renames, long numbers, and the "add and subtract" sums derivations keep.
r = Symbol("r", integer=True)
MORE_LEAVES = st.sampled_from([
    sd.Entropy(P, base=10), sd.CrossEntropy(Q, softmax, base=2), sd.SelfInformation(P, 3, base=2), sd.KL(P, softmax),
    sd.Grad(sd.CrossEntropy(P, softmax), z, j), sd.Grad(sd.Entropy(softmax), z, 1), softmax.component(j),
    softmax.component(2), Q[12], P[n], z[1], exp(z[j]), Sum(P[r] * log(P[r] / Q[r]), (r, 1, n)),
    Sum(Q[i] * Sum(P[k] * log(Q[k]), (k, 1, n)), (i, 1, n)),
])
NUMBERS = st.one_of(
    st.integers(-10 ** 40, 10 ** 40).map(Integer),
    st.tuples(st.integers(-10 ** 35, 10 ** 35), st.integers(1, 10 ** 33)).map(lambda t: Rational(*t)),
)


def _evaluated(e):
    """*e* rebuilt node by node, so the sums keep_order left unevaluated are added up, as the reader adds them."""
    return e.func(*[_evaluated(a) for a in e.args]) if e.args else e


def _sum_depth(e) -> int:
    inner = max((_sum_depth(a) for a in e.args), default=0)
    return inner + (len(e.limits) if isinstance(e, Sum) else 0)


def _log_of(x, base=None):
    """The log of *x* when it is positive once keep_order's sums are added up (the reader checks that)."""
    return x if _log(_evaluated(x)) == _evaluated(x) else _log(x, base)


WIDER = st.recursive(
    st.one_of(EXPRESSIONS, MORE_LEAVES, NUMBERS),
    lambda ch: st.one_of(
        _pairs(ch, lambda a, b: a + b), _pairs(ch, lambda a, b: a - b), _pairs(ch, lambda a, b: a * b),
        _pairs(ch, lambda a, b: a if b.is_zero else a / b), ch.map(_log_of), ch.map(lambda c: _log_of(c, 3)),
        ch.map(lambda c: sd.Grad(c, z, j)), ch.map(lambda c: Sum(c * P[i], (i, 1, n))),
        _pairs(ch, lambda a, b: a if a.is_zero or b.is_zero else keep_order(a, b, -b)),
        st.tuples(ch, st.sampled_from([-2, -1, Rational(1, 2), Rational(-3, 2), 2, 3])).map(
            lambda t: t[0] if t[0].is_zero else t[0] ** t[1]),
    ),
    max_leaves=5,
).filter(lambda e: not any(x.has(S.ComplexInfinity, S.NaN, S.Infinity, S.NegativeInfinity, Abs, I)
                               for x in (e, _evaluated(e))) and len(str(e)) < 800 and _sum_depth(e) <= 4)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(WIDER)
def test_wider_expressions_parse_back_to_the_same_expression(expr):
    text = ascii_form(expr)
    assert text.isascii()
    tokenize(text)
    assert _same_or_regrouped(parse_expression(text), _evaluated(expr)), text


def _same_or_regrouped(a, b) -> bool:
    """:func:`_same`; or, since sympy builds 3*(x + y) as it is or as 3*x + 3*y, and a gradient
    differentiates that shape into forms expand does not bring together, equal as trees once both
    are expanded before the measures and gradients are."""
    return _same(a, b) or expand(canonical_indices(a), log=False) == expand(canonical_indices(b), log=False)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(EXPRESSIONS, st.sampled_from([e for e, _ in FALLBACKS if isinstance(e, Expr) and not e.is_Relational]),
       st.sampled_from(["+", "*", "log", "sum"]))
def test_the_printer_never_writes_what_the_lexer_refuses(expr, fallback, how):
    combined = {"+": lambda: expr + fallback, "*": lambda: expr * fallback,
                "log": lambda: log(fallback) * expr, "sum": lambda: Sum(fallback * P[i], (i, 1, n))}[how]()
    text = ascii_form(combined)
    assert text.isascii()
    tokenize(text)                         # ASCII the lexer takes, whatever the parser then says
    try:
        parse_expression(text)
    except ParseError:
        pass


# -- issues 14 and 15: random variables and hypotheses, in the reader's notation ----------------------------
from symdiv.prover.inequality import function_of, independent, markov_chain  # noqa: E402

XV, YV, ZV = (sd.RandomVariable(v, sd.alphabet_size(f"n_{v}")) for v in "XYZ")
pj, qj = sd.Distribution("p", (XV, YV)), sd.Distribution("q", (XV, YV))
px, py = sd.marginal(pj, XV), sd.marginal(pj, YV)


@pytest.mark.parametrize("expr, expected", [
    (sd.Entropy(pj), "H(X,Y)"),
    (sd.Entropy(px, base=2), "H_2(X)"),
    (sd.ConditionalEntropy(pj, YV, given=XV), "H(Y|X)"),
    (sd.MutualInformation(pj, XV, YV), "I(X;Y)"),
    (sd.MutualInformation(pj, XV, YV) - sd.Entropy(px), "I(X;Y) - H(X)"),
    (sd.KL(pj, qj), "D(p(x,y)||q(x,y))"),
    (sd.KL(pj, sd.ProductDistribution(px, py)), "D(p(x,y)||p(x)*p(y))"),
    (sd.ConditionalKL(pj, qj, YV, given=XV), "D(p(y|x)||q(y|x))"),
    (sd.ConditionalKL(pj, qj, YV, given=XV, base=2), "D_{KL,2}(p(y|x)||q(y|x))"),
    (sd.ConditionalEntropy(pj, YV, given=XV).doit(), "-sum_{x,y} p(x,y)*log(p(y|x))"),
    (sd.MutualInformation(pj, XV, YV).doit(), "sum_{x,y} p(x,y)*log(p(x,y)/(p(x)*p(y)))"),
    (px[j], "p_X(j)"),
    (pj[1, 2], "p(1,2)"),
    (sd.marginal(sd.Distribution("p", (XV, YV, ZV)), XV, YV)[1, 2], "p_{XY}(1,2)"),
])
def test_random_variables(expr, expected):
    variables = tuple(sorted({v.name for d in expr.atoms(sd.Distribution) for v in d.variables} | {"X", "Y"}))
    assert ascii_form(expr) == expected
    assert _same(parse_expression(expected, scope=Scope(variables=variables)), expr)


@pytest.mark.parametrize("hypothesis, expected, tex", [
    (markov_chain(XV, YV, ZV), "X -> Y -> Z", r"X \to Y \to Z"),
    (independent(XV, YV), "X _|_ Y", r"X \perp Y"),
    (independent((XV, YV), ZV), "(X,Y) _|_ Z", r"\left(X, Y\right) \perp Z"),
    (function_of(YV, of=(XV, ZV)), "Y = f(X,Z)", r"Y = f(X, Z)"),
])
def test_hypotheses_print_as_the_reader_takes_them(hypothesis, expected, tex):
    from symdiv.render.latex import latex

    assert (ascii_form(hypothesis), latex(hypothesis)) == (expected, tex)
    for text in (expected, tex):
        assert parse_statement(f"H(X,Y,Z) >= 0 given {text}").hypotheses == (hypothesis,)
