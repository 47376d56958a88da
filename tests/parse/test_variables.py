"""Random variables in text (issues 14 and 15): what each form means, the verdicts it gets, and the errors.

Every test of a meaning compares with the objects the core builds; every test of a claim
asserts its verdict (proved, or refuted with an exact table), not only that it reads.
"""

import pytest
from sympy import Rational, Sum, log

import symdiv as sd
from symdiv import ConditionalEntropy as Hc, MutualInformation as I, Status
from symdiv.core.model import component_index
from symdiv.errors import ParseError
from symdiv.parse import Scope, parse_expression, parse_statement
from symdiv.prover.inequality import independent, markov_chain, prove_minimiser
from tests.parse.test_parser import _caret_error

X, Y, Z = (sd.RandomVariable(v, sd.alphabet_size(f"n_{v}")) for v in "XYZ")
p, q = sd.Distribution("p", (X, Y)), sd.Distribution("q", (X, Y))
p3 = sd.Distribution("p", (X, Y, Z))
x, y, j = component_index("x"), component_index("y"), component_index("j")
px, py = sd.marginal(p, X), sd.marginal(p, Y)


def H(d, *variables):
    return sd.Entropy(sd.marginal(d, *variables))


def verdict(text):
    """The verdict symdiv prove gives *text*: an equation, an inequality (with its hypotheses) or a minimiser."""
    st = parse_statement(text)
    if st.relation == "argmin":
        return prove_minimiser(st.lhs, st.wrt[0], st.rhs)
    return sd.prove(st.lhs, st.rhs, relation=st.relation, given=st.hypotheses)


# -- what the notation means -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("H(X,Y)", H(p, X, Y)),
    ("H(X)", H(p, X)),                                          # with Y in the statement, the marginal of X
    (r"H(X \mid Y)", Hc(p, X, Y)),
    ("H(Y|X)", Hc(p, Y, X)),
    ("I(X;Y)", I(p, X, Y)),
    ("I_2(X;Y)", I(p, X, Y, base=2)),
    ("H_2(Y|X)", Hc(p, Y, X, base=2)),
    ("p(x,y)", p[x, y]),
    ("p(x)", px[x]),
    ("p(y|x)", p[x, y] / px[x]),
    (r"p(y \mid x)", p[x, y] / px[x]),
    ("p(y, x)", p[x, y]),                                       # outcome letters say which variable is which
    ("p(1, 2)", p[1, 2]),
    ("p_X(j)", px[j]),
    ("p_{XY}(1, 2)", p[1, 2]),
    ("p_{YX}(2, 1)", p[1, 2]),
    (r"\sum_{x,y} p(x,y) \log p(y|x)", Sum(p[x, y] * log(p[x, y] / px[x]), (y, 1, Y.size), (x, 1, X.size))),
    (r"\sum_{x}\sum_{y} p(x, y)", Sum(p[x, y], (y, 1, Y.size), (x, 1, X.size))),
    (r"\sum_{x \in \mathcal{X}} \sum_{y \in \mathcal{Y}} p(x, y)", Sum(p[x, y], (y, 1, Y.size), (x, 1, X.size))),
    ("sum_{x,y} p(x,y)*log(q(x,y))", Sum(p[x, y] * log(q[x, y]), (y, 1, Y.size), (x, 1, X.size))),
    (r"\sum_{i=1}^{n_X} p(i, y)", Sum(p[component_index("i"), y], (component_index("i"), 1, X.size))),
    ("D(p(x,y)||q(x,y))", sd.KL(p, q)),
    (r"D(p(x,y) || p(x)p(y))", sd.KL(p, sd.ProductDistribution(px, py))),
    (r"D_{KL}(p(x, y) \| p(y) \cdot p(x))", sd.KL(p, sd.ProductDistribution(px, py))),   # factors in the joint's order
    ("D(p(y|x)||q(y|x))", sd.ConditionalKL(p, q, Y, given=X)),
    ("D(p(x)||q(x))", sd.KL(px, sd.marginal(q, X))),
    ("D(p||q)", sd.KL(p, q)),
    ("H(q(x))", H(q, X)),
    ("H(p(x,y), q(x,y))", sd.CrossEntropy(p, q)),
    ("n_X", X.size),
])
def test_two_variables(text, expected):
    assert parse_expression(text, scope=Scope(variables=("X", "Y"))) == expected


@pytest.mark.parametrize("text, expected", [
    ("H(X,Y,Z)", sd.Entropy(p3)),
    ("H(X|Y,Z)", Hc(p3, X, (Y, Z))),
    ("I(X;Y|Z)", I(p3, X, Y, given=Z)),
    ("I(X,Y;Z)", I(p3, (X, Y), Z)),
    ("p(x,z)", sd.marginal(p3, X, Z)[x, component_index("z")]),   # z is Z's outcome, not the logits
])
def test_three_variables(text, expected):
    assert parse_expression(text, scope=Scope(variables=("X", "Y", "Z"))) == expected


def test_the_joint_is_over_the_variables_named_in_alphabetical_order():
    st = parse_statement("H(Z|X) = H(X, Z) - H(X)")
    assert st.scope.variables == ("X", "Z")
    joint = sd.Distribution("p", (X, Z))
    assert (st.lhs, st.rhs) == (Hc(joint, Z, X), H(joint, X, Z) - H(joint, X))
    # outcome letters alone name the variables u..z; others, once their variable is named
    assert parse_statement("D(p(x,y)||q(x,y)) = 0").scope.variables == ("X", "Y")
    assert parse_statement(r"\sum_{a,b} p(a, b) = H(A, B) + 1").scope.variables == ("A", "B")
    with pytest.raises(ParseError, match="name the random variables of the statement"):
        parse_statement(r"\sum_{a,b} p(a, b) = 1")


def test_hypotheses_are_the_cores():
    st = parse_statement(r"I(X;Y) \geq I(X;Z) \text{ given } X \to Y \to Z")
    assert st.hypotheses == (markov_chain(X, Y, Z),) and st.relation == ">="
    for text in ["I(X;Y) >= I(X;Z) given X -> Y -> Z", "I(X;Y) >= I(X;Z), X \u2192 Y \u2192 Z",
                 r"I(X;Y) \ge I(X;Z) \quad \text{given } X \rightarrow Y \rightarrow Z"]:
        assert parse_statement(text).hypotheses == (markov_chain(X, Y, Z),), text
    for text in [r"I(X;Y) \leq 0 \text{ given } X \perp Y", "I(X;Y) <= 0 given X _|_ Y",
                 r"I(X;Y) \le 0, X \perp\!\!\!\perp Y", "I(X;Y) \u2264 0 given X \u22a5 Y"]:
        assert parse_statement(text).hypotheses == (independent(X, Y),), text
    assert parse_statement("I(X;Z) <= I(X;Y) given X \\perp Z | Y").hypotheses == (markov_chain(X, Y, Z),)
    assert parse_statement("H(Y|X) <= 0 given Y = f(X)").hypotheses == (sd.core.model.FunctionOf(Y, X),)
    both = parse_statement("H(X,Y,Z) <= H(X) + H(Y) + H(Z) given (X, Y) -> Z, X \\perp Y").hypotheses
    assert both == (markov_chain((X, Y), Z), independent(X, Y))


@pytest.mark.parametrize("text, relation", [
    ("H(X|Y) <= H(X)", "<="), (r"H(X|Y) \leq H(X)", "<="), (r"H(X|Y) \le H(X)", "<="), ("H(X|Y) \u2264 H(X)", "<="),
    (r"H(X|Y) \leqslant H(X)", "<="), ("H(X) >= H(X|Y)", ">="), (r"H(X) \geq H(X|Y)", ">="),
    (r"H(X) \ge H(X|Y)", ">="), ("H(X) \u2265 H(X|Y)", ">="), ("H(X) > H(X|Y)", ">"), ("H(X|Y) < H(X)", "<"),
    (r"H(X) \gt H(X|Y)", ">"),
])
def test_relations(text, relation):
    assert parse_statement(text).relation == relation


# -- the mathematics --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I(X;Y) = H(X) - H(X|Y)",
    r"H(X, Y) = H(X) + H(Y \mid X)",
    "H(X,Y,Z) = H(X) + H(Y|X) + H(Z|X,Y)",
    "I(X,Y;Z) = I(X;Z) + I(Y;Z|X)",
    r"-\sum_{x,y} p(x,y) \log p(y|x) = H(Y|X)",
    r"D(p(x,y) || p(x)p(y)) = I(X;Y)",
    "D(p(x,y)||q(x,y)) = D(p(x)||q(x)) + D(p(y|x)||q(y|x))",
    r"\sum_{y} p(x, y) = p(x)",
    r"p(x) p(y|x) = p(x, y)",
    r"\sum_{x \in \mathcal{X}} p(x) = 1",
    "sum_{x,y} p(x,y)*log(p(x,y)/(p(x)*p(y))) = I(X;Y)",
    r"H(X) = -\sum_{i=1}^{n_X} p_X(i) \log p_X(i)",
])
def test_identities_are_proved(text):
    v = verdict(text)
    assert v.status is Status.PROVED, v


@pytest.mark.parametrize("text", [
    "H(X|Y) = H(Y|X)",
    "I(X;Y) = H(X,Y)",
    "D(p(y|x)||q(y|x)) = D(p(x,y)||q(x,y))",
    "p(x|y) = p(y|x)",
    "H(X,Y) = H(X) + H(Y)",
])
def test_falsehoods_are_refuted_with_an_exact_table(text):
    v = verdict(text)
    assert v.status is Status.REFUTED, v
    table = v.counterexample.describe()
    assert table["p"].startswith("((") and {"n_X", "n_Y"} <= set(table)
    assert v.counterexample.difference.differs


@pytest.mark.parametrize("text, status, kind", [
    ("D(P||Q) >= 0", Status.PROVED, "termwise"),
    (r"H(P) \leq \log n", Status.PROVED, "termwise"),
    ("H(P,Q) >= H(P)", Status.PROVED, "termwise"),
    ("D(P||Q) > 0", Status.REFUTED, None),                  # P = Q
    ("H(X|Y) <= H(X)", Status.PROVED, "shannon"),
    ("I(X;Y) >= I(X;Z) given X -> Y -> Z", Status.PROVED, "shannon"),
    ("I(X;Y) >= I(X;Z)", Status.REFUTED, None),             # without the chain, a table breaks it
    (r"H(X, Y) \le H(X) + H(Y)", Status.PROVED, "shannon"),
    ("H(X,Y) < H(X) + H(Y)", Status.REFUTED, None),         # equal when independent
    (r"H(X,Y) \geq H(X) + H(Y) \text{ given } X \perp Y", Status.PROVED, "shannon"),
    ("H(Y|X) <= 0 given Y = f(X)", Status.PROVED, "shannon"),
    ("I(X;Z) <= I(X;Y) given X \\perp Z | Y", Status.PROVED, "shannon"),
    (r"H(X) \leq \log n_X", Status.PROVED, "termwise"),
    (r"D(p(x,y)||q(x,y)) \geq D(p(x)||q(x))", Status.PROVED, "termwise"),
    ("H(X) > 0", Status.REFUTED, None),
    (r"\arg\min_Q H(P,Q) = P", Status.PROVED, "termwise"),
    (r"\arg\min_{Q} D_{KL}(P \| Q) = P", Status.PROVED, "termwise"),
    (r"\arg\min_Q H(P, Q) = U", Status.REFUTED, None),
])
def test_inequalities_and_minimisers(text, status, kind):
    v = verdict(text)
    assert v.status is status, v
    if kind is not None:
        assert v.certificate is not None and v.certificate.kind == kind
    if status is Status.REFUTED:
        assert v.counterexample is not None


# -- tables --------------------------------------------------------------------------------------------------
# Cover & Thomas, Example 2.2.1: rows are y, columns x.
EXAMPLE = (r"P_{YX} = [[1/8, 1/16, 1/32, 1/32], [1/16, 1/8, 1/32, 1/32], [1/16, 1/16, 1/16, 1/16], "
           r"[1/4, 0, 0, 0]]")
TRANSPOSED = (r"p(x, y) = \left[\left[\frac18, \frac1{16}, \frac1{16}, \frac14\right], [1/16, 1/8, 1/16, 0], "
              r"[1/32, 1/32, 1/16, 0], [1/32, 1/32, 1/16, 0]\right]")


@pytest.mark.parametrize("claim, value", [
    ("H_2(X)", Rational(7, 4)), ("H_2(Y)", 2), ("H_2(X|Y)", Rational(11, 8)), ("H_2(Y|X)", Rational(13, 8)),
    ("H_2(X,Y)", Rational(27, 8)), ("I_2(X;Y)", Rational(3, 8)),
])
@pytest.mark.parametrize("table", [EXAMPLE, TRANSPOSED])
def test_cover_and_thomas_example_2_2_1(claim, value, table):
    assert verdict(f"{claim} = {value} where {table}").status is Status.PROVED
    assert verdict(f"{claim} = {value + Rational(1, 8)} where {table}").status is Status.REFUTED


def test_a_declared_table_is_the_joint():
    st = parse_statement("p_{XY}(2, 1) = 1/16 where P_{XY} = [[1/8, 1/16], [1/16, 3/4]]")
    X2, Y2 = sd.RandomVariable("X", 2), sd.RandomVariable("Y", 2)
    table = sd.ExplicitDistribution("p", [[Rational(1, 8), Rational(1, 16)], [Rational(1, 16), Rational(3, 4)]],
                                    variables=(X2, Y2))
    assert st.scope.tables == (("p", ("X", "Y"), (2, 2), table.values),)
    assert st.lhs == Rational(1, 16)
    for text in [r"p_X(1) = 3/16 where P_{XY} = [[1/8, 1/16], [1/16, 3/4]]",
                 r"\sum_{y} p(1, y) = 3/16 where P_{XY} = [[1/8, 1/16], [1/16, 3/4]]",
                 r"H(X) = H(Y) where P_{XY} = [[1/8, 1/16], [1/16, 3/4]]",          # a symmetric table
                 r"H(Y|X) = \log 2 where p(x, y) = [[1/2, 1/2], [0, 0]]",           # zeros are allowed
                 r"D(p(x)||q(x)) = \log 2 where p(x) = (1, 0), q(x) = (1/2, 1/2)"]:
        assert verdict(text).status is Status.PROVED, text
    assert verdict(r"H(X) = H(Y) where P_{XY} = [[1/8, 1/16], [1/8, 11/16]]").status is Status.REFUTED


@pytest.mark.parametrize("text, column, message", [
    (r"H(X) = 1 where P_{XY} = [[1/8, 1/16], [1/16, 1/2]]", 25, "the probabilities sum to 3/4, not 1 (symdiv "
                                                                "never normalises silently)"),
    (r"H(X) = 1 where P_{XY} = [[1/8, 1/16], [-1/16, 7/8]]", 40, "the probability -1/16 is negative"),
    (r"H(X) = 1 where P_{XY} = [[1/4, 1/4], [1/2]]", 38, "the rows of the table differ in length: 2 and 1 entries"),
    (r"H(X) = 1 where P_{XY} = [1/2, 1/2]", 26, "a table of 2 variables is a list of rows"),
    (r"H(X) = 1 where P_{XY} = [[x, 1/2], [0, 0]]", 27, "unknown symbol 'x'"),
    (r"H(Z) = 1 where P_{XY} = [[1/2, 0], [0, 1/2]]", 3, "p is declared as a table of X, Y, and a joint is over every "
                                                         "variable of the statement"),
    (r"H(X) = 1 where P_{XX} = [[1/2, 0], [0, 1/2]]", 19, "X is named twice"),
    (r"H(X) = 1 where p(x) = (1/2, 1/2), p(x) = (1, 0)", 35, "the joint p is declared twice"),
    (r"H(X) = 1 where P_{HX} = [[1/2, 0], [0, 1/2]]", 19, "H cannot name a random variable"),
    (r"P_{XY} = [[1/2, 0], [0, 1/2]]", 8, "declares the joint p of X, Y and claims nothing about it"),
    (r"I(X;Y) >= 0 given X \perp Y where p(x,y) = [[1/4, 1/4], [1/4, 1/4]]", 13, "a declared table satisfies a "
                                                                                  "hypothesis or not"),
])
def test_table_errors_point_at_the_problem(text, column, message):
    _caret_error(text, column, message)


# -- what cannot be read soundly is refused --------------------------------------------------------------------
@pytest.mark.parametrize("text, column, message", [
    # distributions and random variables in one statement: p would mean P's components and the joint
    ("H(P) = H(X)", 10, "the random variable X cannot be read beside the distribution P (column 3): a statement is "
                        "about distributions (P, Q, p_i, softmax(z) ...) or about random variables"),
    ("H(X) = H(P)", 10, "the distribution P cannot be read beside the random variable X (column 3)"),
    ("p_1 + p(x, y) = 1", 7, "the joint probability p(...) cannot be read beside the component p_... of P (column 1)"),
    ("D(P||Q) >= I(X;Y)", 14, "the random variable X cannot be read beside the distribution P"),
    ("D(P||Q) >= 0 given X -> Y", 20, "the random variable X cannot be read beside the distribution P"),
    (r"\sum_{x,y} p(x,y) = \nabla_\theta H(P, Q)", 21, "a gradient cannot be read beside a sum over several outcomes"),
    ("H(X) = H(U) + H(softmax(z))", 17, "softmax cannot be read beside the random variable X"),
    # random variables where a number goes, and numbers where an outcome goes
    ("H(X) = X", 8, "X is a random variable, not a number: its entropy is H(X), and the probability of its outcome x "
                    "is p(x)"),
    ("H(X) = x", 8, "x is an outcome of X: it is read in a probability, p(x), or as the index of a sum"),
    ("H(X) = n", 8, "n is no alphabet size in a statement about random variables: X has n_X outcomes"),
    ("H(X) = p", 8, "p is the joint distribution of X: its probabilities are written p(x)"),
    ("p(1) = p(x, y)", 3, "p(...) takes the outcome letters of the variables, as in p(x, y) or p(x), or one index "
                          "per variable (X, Y); for one variable at a number write p_X(1)"),
    ("p(y, 1) = p(x, y)", 3, "y is the outcome of Y, but here it stands for X"),
    ("p(1|2) = p(x, y)", 3, "a conditional probability is written with outcome letters, as in p(y|x)"),
    ("p(x|x) = p(x, y)", 5, "a variable on both sides of '|'"),
    ("p(x_1) = p(x, y)", 10, "the joint probability p(...) cannot be read beside the samples (column 3)"),
    ("p(x, y_1) = 1", 6, "inside p(...) an outcome is one letter or a number"),
    ("p_X(1, 2) = p(x, y)", 5, "1 indices are needed, one for each of X"),
    ("p_{XQ}(1, 2) = p(x, y)", 4, "'Q' is not a random variable of the statement (they are X, Y)"),
    ("p_{XY}(3, 1) = 0 where P_{XY} = [[1/2, 0], [0, 1/2]]", 8, "X has 2 outcomes: 3 is not one of them"),
    (r"\sum_{i \in \mathcal{X}} p_Y(i) = 1", 30, "i runs over the outcomes of X (1..n_X), so it cannot stand for an "
                                                  "outcome of Y here"),
    # measures
    ("H(X;Y) = 0", 4, "';' is the notation of mutual information: write I(X;Y)"),
    ("I(X|Y) = 0", 4, "mutual information separates its two sides with ';': I(X;Y), I(X,Y;Z)"),
    ("H(X, X) = 0", 6, "X is named twice"),
    ("H(X) = H(XY)", 10, "separate the variables with commas: X, Y"),
    ("H(p(y|x)) = 0", 1, "the entropy of a conditional is written with the variables: H(Y|X)"),
    ("D(p(x)||q(y)) = 0", 1, "the two distributions are of X and of Y: compare distributions of the same variables"),
    ("D(p(y|x)||q(x,y)) = 0", 1, "a divergence compares two conditionals, D(p(y|x)||q(y|x)), or two distributions"),
    ("D(p(y|x)||q(x|y)) = 0", 1, "the two conditionals of a divergence are of the same variables given the same"),
    ("D(p(x)p(x)||q(x,y)) = 0", 3, "the parts of a product distribution must be over different variables"),
    ("D(p(x,1)||q(x,y)) = 0", 7, "a distribution is written with the outcome letters of its variables"),
    # sums
    (r"\sum_{i} p_X(i) = 1 + H(X) - H(X)", 7, "'i' is not the outcome of a variable of the statement"),
    (r"\sum_{x \in \mathcal{Y}} p(x) + H(Y) = 1", 13, r"\mathcal{Y} is not the alphabet of x (that is \mathcal{X})"),
    (r"\sum_{x=1}^{n_Y} p(x) + H(Y) = 1", 13, "a sum over the outcomes of a variable runs to its alphabet size, n_X"),
    (r"\sum_{x,x} p(x) = 1", 9, "the index x is already bound by an enclosing sum"),
    (r"\sum_{x} \sum_{x} p(x) = 1", 16, "the index x is already bound by an enclosing sum"),
    (r"\sum_{x,y,z,w,v} p(x,y,z,w,v) = 1", 1, "sums nested more than 4 deep are not supported"),
    (r"\Sigma p(x, y) = 1", 1, r"a sum over the outcomes of random variables names its indices: \sum_{x, y}"),
    # relations and hypotheses
    ("H(X) = 0 given X -> Y", 10, "hypotheses are read with an inequality (<=, >=, <, >)"),
    ("H(X) >= 0 given", 11, "'given' needs the hypotheses after it"),
    ("H(X) >= 0 given X -> -> Y", 22, "expected a random variable (X, Y) in the hypothesis, found '->'"),
    ("H(X) >= 0 given X Y", 19, "a hypothesis is a Markov chain X -> Y -> Z"),
    ("H(X) >= 0 given X -> Y Z", 24, "separate hypotheses with commas; found 'Z'"),
    ("H(X) >= 0 given X \\perp Y \\perp Z | W", 35, "conditional independence is of two groups"),
    ("H(X) >= 0 given X -> X", 17, "X is in two groups of the hypothesis"),
    ("H(X) <= H(Y) <= H(X, Y)", 14, "a second '<=': a statement has exactly one relation"),
    (r"H(X) \approx H(Y)", 6, r"unsupported relation '\approx'"),
    (r"\arg\max_Q H(P, Q) = P", 22, r"the distribution an objective's optimum is at is claimed for an arg min"),
    (r"\arg\min_z H(P, softmax(z)) = P", 31, r"the minimiser is claimed over one distribution"),
    (r"\arg\min_Q H(P, Q) = D(P||Q)", 22, "an arg min equals another arg min (\\arg\\min_Q f = \\arg\\min_Q g), or the "
                                          "distribution that minimises it"),
])
def test_errors_point_at_the_problem(text, column, message):
    _caret_error(text, column, message)


def test_a_scope_with_variables_reads_an_expression_against_their_joint():
    # H(X) alone is the entropy of a joint of X; beside Y it is the marginal of p(x, y)
    alone = sd.Distribution("p", (X,))
    assert parse_expression("H(X)") == sd.Entropy(alone)
    assert parse_expression("H(X)", scope=Scope(variables=("X", "Y"))) == H(p, X)
    with pytest.raises(sd.InvalidInputError, match="in alphabetical order"):
        Scope(variables=("Y", "X"))
    with pytest.raises(sd.InvalidInputError, match="a random variable is an upper-case letter other than"):
        Scope(variables=("P",))
    assert "random variables X, Y (outcomes x, y; alphabet sizes n_X, n_Y)" in Scope(variables=("X", "Y")).describe()
    with pytest.raises(ParseError, match="known names: random variables X, Y"):
        parse_statement("H(X|Y) = w")


def test_the_uniform_distribution_keeps_its_letter():
    # U alone is the uniform distribution, as before; beside other random variables it is one of them
    assert verdict(r"H(U) = \log n").status is Status.PROVED
    st = parse_statement("H(U) <= H(U, V)")
    assert st.scope.variables == ("U", "V") and verdict("H(U) <= H(U, V)").status is Status.PROVED


def test_long_and_deep_text_is_read_in_linear_time():
    import time

    for text in ["p(" * 3000, "H(X) = " + "p(x," * 3000, r"\sum_{" * 3000, "H(X) >= 0, " + "1," * 5000 + "1",
                 "H(X|Y) + " * 1500 + "0 = 0 +", r"p_{" * 3000]:
        started = time.perf_counter()
        with pytest.raises(ParseError):
            parse_statement(text)
        assert time.perf_counter() - started < 3, text[:20]


def test_a_derivation_does_not_take_hypotheses_yet():
    from symdiv.parse.documents import read_chains

    row = r"I(X;Y) &\geq I(X;Z) \quad \text{given } X \to Y \to Z"
    with pytest.raises(ParseError) as info:
        read_chains(f"$$\n\\begin{{aligned}}\n{row}\n\\end{{aligned}}\n$$\n")
    assert "a derivation does not take them yet" in info.value.message
    assert (info.value.line, info.value.column) == (3, row.index(r"\text") + 1)
