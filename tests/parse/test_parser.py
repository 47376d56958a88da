"""The notation: what each form means, ASCII and LaTeX alike, and the errors a person sees."""

import pytest
from sympy import E, Integer, Rational, Sum, Symbol, exp, log

import symdiv as sd
from symdiv.core.model import INDEX
from symdiv.parse import Scope, parse_expression, parse_statement
from symdiv.errors import ParseError

i = INDEX
x = Symbol("x", integer=True)


def test_the_issue_examples_in_ascii(o):
    s = parse_statement("H(P,Q) = H(P) + D(P||Q)")
    assert (s.lhs, s.rhs, s.component) == (sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.P) + sd.KL(o.P, o.Q), None)
    s = parse_statement("D(P||Q) = sum_i p_i*log(p_i/q_i)")
    assert s.rhs == Sum(o.P[i] * log(o.P[i] / o.Q[i]), (i, 1, o.n))
    s = parse_statement("grad_z H(P, softmax(z)) = softmax(z) - P")
    assert s.component == o.j
    assert s.lhs == sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, o.j)
    assert s.rhs == o.S.component(o.j) - o.P[o.j]


@pytest.mark.parametrize("text, expected", [
    (r"\sum_{i=1}^{n} p_i \log q_i", lambda o: Sum(o.P[i] * log(o.Q[i]), (i, 1, o.n))),
    (r"\log \frac{p_i}{q_i}", lambda o: log(o.P[i] / o.Q[i])),
    (r"\left( p_1 + q_1 \right) \cdot 2", lambda o: 2 * (o.P[1] + o.Q[1])),
    (r"H(P, Q)", lambda o: sd.CrossEntropy(o.P, o.Q)),
    (r"D_{KL}(P \| Q)", lambda o: sd.KL(o.P, o.Q)),
    (r"D_{\mathrm{KL}}(P \,\|\, Q)", lambda o: sd.KL(o.P, o.Q)),
    (r"D_{\text{KL}}(P \Vert Q)", lambda o: sd.KL(o.P, o.Q)),
    (r"\nabla_z H(P, \operatorname{softmax}(z))", lambda o: sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, o.j)),
    (r"\nabla_{z_k} H(P, \operatorname{softmax}(z))",
     lambda o: sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, sd.component_index("k"))),
    (r"\frac{\partial}{\partial z_{j}} H(P)", lambda o: sd.Grad(sd.Entropy(o.P), o.z, o.j)),
    (r"\frac{\partial H(P)}{\partial z_j}", lambda o: sd.Grad(sd.Entropy(o.P), o.z, o.j)),
    (r"\ln q_1 - \log_2 q_1 + \log_{10} q_1", lambda o: log(o.Q[1]) - log(o.Q[1]) / log(2) + log(o.Q[1]) / log(10)),
    (r"p_i \log q_i", lambda o: o.P[i] * log(o.Q[i])),               # implicit multiplication
    (r"-\sum_x P(x) \log Q(x)", lambda o: -Sum(o.P[x] * log(o.Q[x]), (x, 1, o.n))),
    (r"\Sigma_{x} P(x) \log P(x)", lambda o: Sum(o.P[x] * log(o.P[x]), (x, 1, o.n))),
    (r"\frac{e^{z_j}}{\sum_{i=1}^{n} e^{z_i}}", lambda o: o.S.component(o.j)),
    (r"\operatorname{softmax}(z)_i", lambda o: o.S.component(i)),
    (r"H_2(P) + H_{2}(P, Q) + D_{KL,2}(P \| Q)",
     lambda o: sd.Entropy(o.P, base=2) + sd.CrossEntropy(o.P, o.Q, base=2) + sd.KL(o.P, o.Q, base=2)),
    (r"I_P(i) + I_{Q,2}(i)", lambda o: sd.SelfInformation(o.P, i) + sd.SelfInformation(o.Q, i, base=2)),
    (r"KL(P||softmax(z))", lambda o: sd.KL(o.P, o.S)),
    (r"E_{x~P}[-log(p_x)]", lambda o: Sum(-o.P[x] * log(o.P[x]), (x, 1, o.n))),
    (r"\mathbb{E}_{x \sim Q}\left[I_P(x)\right]", lambda o: Sum(o.Q[x] * sd.SelfInformation(o.P, x), (x, 1, o.n))),
    ("log2(p_1) + ln(p_1) + exp(z_1)", lambda o: log(o.P[1]) / log(2) + log(o.P[1]) + exp(o.z[1])),
    ("2^-1 + 0.25 + 3/4 + 2**2", lambda o: Rational(11, 2)),
    ("2^2^3", lambda o: Integer(256)),                                  # right-associative
    ("-p_1^2", lambda o: -o.P[1] ** 2),                                 # the sign binds loosest
    ("[p_1 + p_2] / {p_3}", lambda o: (o.P[1] + o.P[2]) / o.P[3]),
    ("e^{z_1} \u2212 p_1 \u00b7 q_1", lambda o: E ** o.z[1] - o.P[1] * o.Q[1]),  # unicode minus and dot
])
def test_forms(o, text, expected):
    assert parse_expression(text) == expected(o)


def test_ascii_and_latex_give_the_same_statement():
    ascii_ = parse_statement("D(P||Q) = sum_i p_i*(log(p_i) - log(q_i))")
    tex = parse_statement(r"D_{\mathrm{KL}}(P \,\|\, Q) = \sum_{i=1}^{n} p_{i} \left(\log p_{i} - \ln q_{i}\right)")
    assert (ascii_.lhs, ascii_.rhs) == (tex.lhs, tex.rhs)


def test_a_sum_body_runs_to_the_next_plus_or_minus(o):
    e = parse_expression(r"-\sum_i p_i \log p_i + \sum_i p_i \log p_i - \sum_i p_i \log q_i")
    assert e == -Sum(o.P[i] * log(o.Q[i]), (i, 1, o.n))


def test_a_claim_that_the_sides_differ(o):
    for text in ["D(P||Q) != D(Q||P)", r"D_{KL}(P \| Q) \neq D_{KL}(Q \| P)", "D(P||Q) \u2260 D(Q||P)"]:
        s = parse_statement(text)
        assert (s.lhs, s.relation, s.rhs) == (sd.KL(o.P, o.Q), "!=", sd.KL(o.Q, o.P))
    assert parse_statement("H(P) = H(P)").relation == "="


def test_a_vector_statement_avoids_an_index_the_text_uses(o):
    s = parse_statement("grad_z H(P, softmax(z)) + p_j = softmax(z) - P + p_j")
    k = sd.component_index("k")
    assert s.component == k
    assert s.rhs == o.S.component(k) - o.P[k] + o.P[o.j]


def test_a_bare_distribution_is_a_vector(o):
    s = parse_statement("P = Q")
    assert (s.lhs, s.rhs, s.component) == (o.P[o.j], o.Q[o.j], o.j)


def test_a_custom_scope():
    scope = Scope(distributions=("A", "B"), logits=("w",))
    s = parse_statement("H(A, B) = H(A) + D(A||B)", scope=scope)
    assert str(s.lhs) == "H(A, B)"
    with pytest.raises(ParseError, match=r"unknown distribution 'PQ' \(known: A, B or softmax\(w\)\)"):
        parse_statement("H(A, PQ) = 0", scope=scope)
    # beside the scope's distributions, another capital letter is a random variable: a mixture is refused
    with pytest.raises(ParseError, match=r"the random variable P cannot be read beside the distribution A"):
        parse_statement("H(A) = H(P)", scope=scope)
    assert parse_statement("H(P) = 0", scope=scope).scope.variables == ("P",)
    with pytest.raises(sd.InvalidInputError, match="other than H, D, I, L"):
        Scope(distributions=("H",))


@pytest.mark.parametrize("text", [
    r"H(P) = \mathbb{E}_{x \sim P}\left[I_P(x)\right]",        # the seed's entropy as expected information
    "D(P||Q) = E_{x~P}[log(p_x/q_x)]",
    "H(P,Q) = H(P) + D(P||Q)",
    "D(P||Q) = sum_i p_i*log(p_i/q_i)",
    "grad_z H(P, softmax(z)) = softmax(z) - P",
    r"\nabla_z D_{KL}(P \| \operatorname{softmax}(z)) = \operatorname{softmax}(z) - P",
    r"H(P) = \sum_{x} P(x) I_P(x)",
    r"H_2(P) = -\sum_i p_i \log_2 p_i",
])
def test_parsed_identities_are_proved(text):
    s = parse_statement(text)
    assert sd.prove(s.lhs, s.rhs).proved


@pytest.mark.parametrize("text", ["D(P||Q) = D(Q||P)", "grad_z H(P, softmax(z)) = P - softmax(z)",
                                  "H(P, Q) = H(Q, P)", "sum_i p_i log q_i = 0"])
def test_parsed_falsehoods_are_refuted(text):
    s = parse_statement(text)
    assert sd.prove(s.lhs, s.rhs).refuted


# -- errors: line, column, caret, and a message naming the problem ----------------
@pytest.mark.parametrize("text, column, message", [
    ("H(P) + y = 1", 8, "unknown symbol 'y'"),
    ("H(P) = foo(P)", 8, "unknown function 'foo'"),
    ("H(P) = H(X)", 10, "the random variable X cannot be read beside the distribution P (column 3)"),
    ("H(P) = H(p_1)", 10, "expected a distribution (P, Q, R or softmax(z)), found 'p'"),
    ("piqi = 1", 1, "unknown symbol 'piqi' (write a product with '*' or a space"),
    ("(p_1 + p_2 = 1", 1, "unbalanced brackets: this '(' is never closed"),
    ("p_1 + p_2) = 1", 10, "unbalanced brackets: ')' has no matching opening bracket"),
    (r"\left( p_1 \right] = 1", 6, "unbalanced brackets: '(' is closed by ']'"),
    ("H(P) = log(n", 11, "unbalanced brackets: this '(' is never closed"),
    (r"H(P) = \int p_1", 8, r"unsupported LaTeX command \int"),
    (r"H(P) = \mathcal{H}", 8, r"\mathcal{H} is not notation symdiv reads (\mathcal{L}(x; Q) is the likelihood, \mathcal{X} the alphabet)"),
    ("H(P) = H(P) = 0", 13, "a second '='"),
    ("H(P) != H(Q) = 0", 14, "a second '='"),
    ("H(P)", 5, "no '=' found"),
    (r"H(P) \approx \log n", 6, "unsupported relation '\\approx'"),
    ("H(P) = ", 6, "nothing follows this '='"),
    ("1/0 = 1", 2, "division by zero"),
    ("log(0) = 1", 1, "the log of 0, which is not positive"),
    ("sum_{i=2}^n p_i = 1", 6, "a sum runs over the whole alphabet"),
    ("sum_i sum_i p_i = 1", 11, "the index i is already bound"),
    ("D(P,Q) = 0", 4, "write a divergence as D(P||Q)"),
    ("p = 1", 1, "'p' needs an index: write p_i"),
    ("p_{i+1} = 1", 4, "the index of p must be one letter or a number"),
    ("1.2.3 = 1", 1, "malformed number"),
    ("E[p_1] = 1", 1, "write an expectation as E_{x~P}[...]"),
    ("E_{x~X}[1] = 1", 4, "write an expectation as E_{x~P}[...]"),
    ("p_1 ~ p_2 = 1", 5, "unexpected '~': it is only read in an expectation"),
    # a function, a power, a sum or a fraction with nothing to act on names itself, not the brackets
    ("exp() = 1", 1, "exp needs an argument, as in exp(z_1)"),
    (r"\exp{} = 1", 1, r"\exp needs an argument, as in \exp(z_1)"),
    ("log_2() = 1", 1, "log needs an argument, as in log(p_1)"),
    ("H(P) = log", 8, "log needs an argument, as in log(p_1) (found the end of the text)"),
    (r"\log = 1", 1, r"\log needs an argument, as in \log(p_1) (found '=')"),
    ("sum_i = 1", 1, "the sum has nothing to sum: write its body after it, as in sum_i p_i (found '=')"),
    ("grad_z = 1", 1, "the gradient has nothing to differentiate"),
    (r"\frac{\partial}{\partial z_1} = 1", 1, "the derivative has nothing to differentiate"),
    ("^2 = 1", 1, "'^' needs a base before it, as in p_1^2"),
    ("2^ = 1", 2, "'^' needs an exponent after it, found '='"),
    ("p_1^{} = 1", 4, "'^' has an empty exponent"),
    (r"\frac{}{q_1} = 1", 6, r"\frac{}{...}: the numerator is empty"),
    (r"\frac{p_1}{} = 1", 11, r"\frac{...}{}: the denominator is empty"),
    ("() = 1", 1, "empty brackets '()': put an expression inside them"),
    ("E_{x~P}[] = 1", 8, "empty brackets '[]'"),
    # a closing bracket that does match is not "unbalanced": something is missing before it
    ("(p_1 + ) = 1", 8, "expected an expression before ')'"),
    ("p_1^(-) = 1", 7, "expected an expression before ')'"),
    (r"\frac{\partial p_1 + }{\partial z_1} = 1", 22, "expected an expression before '}'"),
    ("(p_1 + ] = 1", 1, "unbalanced brackets: '(' is closed by ']'"),
    # brackets that are closed further on: the token inside them is the problem
    ("log(p_1, 2) = 1", 8, "log takes one argument: for a logarithm to base 2 write log_2(p_1)"),
    (r"\log(p_1, 2) = 1", 9, r"\log takes one argument: for a logarithm to base 2 write \log_2(p_1)"),
    ("exp(z_1, 2) = 1", 8, "exp takes one argument"),
    ("(p_1 = 1)", 6, "unexpected '=' inside '(...)'"),
    ("E_{x~P}[p_x, 1] = 1", 12, "unexpected ',' inside '[...]'"),
    ("(p_1, p_2 = 1", 1, "unbalanced brackets: this '(' is never closed (found ',' before ')')"),
    (r"\exp -z_1 = 1", 6, r"a signed argument goes in brackets: \exp(-...)"),
    ("log_(2) p_1 = 1", 5, "expected a subscript, found '(' (a subscript is grouped with braces, {...})"),
    ("p_1 *** 2 = 1", 5, "'**' needs an exponent after it, found '*'"),
    ("p_1 = 1,5", 8, "a decimal comma: write 1.5 with a point"),
    # notation from elsewhere in information theory
    ("H(P;Q) = 0", 4, "';' is the notation of mutual information I(X;Y) of random variables; for the "
                      "cross-entropy of P and Q write H(P,Q)"),
    ("I(P;Q) = 0", 1, "mutual information I(X;Y) is of random variables (X, Y ...), not of distributions"),
    ("H(P|Q) = 0", 4, "a single '|' here would be a conditional entropy, H(Y|X), which is of random variables "
                      "(X, Y ...), not of distributions: write H(P,Q) for the cross-entropy"),
    ("H_2(P|Q) = 0", 6, "a single '|' here would be a conditional entropy, H(Y|X)"),
    ("D(P|Q) = 0", 4, "a single '|' is not notation symdiv reads: write D(P||Q) for a divergence"),
    ("KL(P|Q) = 0", 5, "write KL(P||Q) for a divergence"),
    ("H(P) = |p_1", 8, "and between two bars as an absolute value, |u|; a divergence is D(P||Q)"),
    ("KL(P,Q) = 0", 5, "write a divergence as KL(P||Q): the comma would be ambiguous"),
    ("D(P;Q) = 0", 4, "write a divergence as D(P||Q): the semicolon would be ambiguous"),
    # indices
    ("sum_ p_i = 1", 6, "'p' is not an index: it stands for the components of P; use another letter"),
    ("p_z = 1", 3, "'z' is not an index: it stands for the logits z"),
    ("p_e = 1", 3, "'e' is not an index: it stands for Euler's number"),
    ("sum_n p_n = 1", 5, "'n' is the alphabet size, not an index: use another letter such as i"),
    ("p_0 = 1", 3, "got 0 (components are numbered from 1)"),
    # relations and the ends of a statement
    ("H(P) == H(P)", 6, "'==' is not notation symdiv reads: write a single '='"),
    ("= H(P)", 1, "expected an expression before '='"),
    ("H(P) =", 6, "nothing follows this '='"),
    (r"H(P) \neq", 6, r"nothing follows this '\neq'"),
    ("H(P) = H(P) +", 13, "nothing follows this '+'"),
    ("H(P) = H(P) = H(P)", 13, "a second '=': a statement has exactly one relation"),
    ("H(P) = H(P) \\\\", 13, "a line break '\\\\' in a statement: write it on one line"),
    ("H(P). = H(P)", 5, "unexpected character '.'"),
    ("H(P) = H(P)..", 12, "unexpected character '.'"),
    ("1. = 1", 1, "malformed number '1.': a decimal point needs digits after it, as in 1.0 or 1"),
    # characters from outside ASCII: named, and what was probably meant
    ("H(P) = H(P) \u2013 1", 13, "unexpected character '\u2013' (U+2013 EN DASH): write '-' for a minus sign"),
    ("H(\u0420) = 0", 3, "(U+0420 CYRILLIC CAPITAL LETTER ER): it looks like the Latin letter 'P' but is not"),
    ("H(\u03a1) = 0", 3, "it looks like the Latin letter 'P'"),
    ("p\u2081 = 1", 2, "(U+2081 SUBSCRIPT ONE): write a subscript with '_', as in p_1"),
    ("p_1\u00b2 = 1", 4, "(U+00B2 SUPERSCRIPT TWO): write a power with '^', as in p_1^2"),
    ("\u00bd = p_1", 1, "(U+00BD VULGAR FRACTION ONE HALF): write 1/2"),
    ("\uff30 = Q", 1, "(U+FF30 FULLWIDTH LATIN CAPITAL LETTER P): type 'P'"),
    ("H(P) = \u221a2", 8, "write a square root as sqrt(p_1), \\sqrt{p_1} or a power"),
])
def test_errors_point_at_the_problem(text, column, message):
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    err = info.value
    assert message in err.message
    assert (err.line, err.column) == (1, column), str(err)
    head, shown, caret = str(err).splitlines()
    assert head == f"line 1, column {column}: {err.message}"
    assert shown == "  " + text
    assert caret == "  " + " " * (column - 1) + "^"


def test_the_empty_statement():
    for text in ["", "   "]:
        with pytest.raises(ParseError, match="the statement is empty: write it as LEFT = RIGHT"):
            parse_statement(text)
    with pytest.raises(ParseError, match="the expression is empty"):
        parse_expression(" ")


@pytest.mark.parametrize("text, plain", [
    ("H(P) = H(P).", "H(P) = H(P)"),
    ("H(P,Q) = H(P) + D(P||Q). ", "H(P,Q) = H(P) + D(P||Q)"),
    (r"D_{KL}(P \| Q) = \sum_i p_i \log \frac{p_i}{q_i}.", r"D_{KL}(P \| Q) = \sum_i p_i \log \frac{p_i}{q_i}"),
    ("p_1 + p_2 = 0.5.", "p_1 + p_2 = 0.5"),
    ("p_1 + p_2 = .5.", "p_1 + p_2 = .5"),
    ("p_1 = 2.\n", "p_1 = 2"),
    ("p_1 = 1e3.", "p_1 = 1e3"),
    ("H(P) = H(P) .", "H(P) = H(P)"),
])
def test_a_final_full_stop_is_punctuation(text, plain):
    # as in a document, where a row's final full stop is dropped
    s, t = parse_statement(text), parse_statement(plain)
    assert (s.lhs, s.relation, s.rhs) == (t.lhs, t.relation, t.rhs)


def test_a_tab_keeps_the_caret_under_the_problem():
    text = "H(P)\t= H(Q)\t+ x"
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    assert (info.value.line, info.value.column) == (1, 15)   # a tab is one column, as editors count it
    head, shown, caret = str(info.value).splitlines()
    assert shown == "  " + text
    assert caret == "      \t      \t  ^"                     # the tabs kept: the caret lines up in a terminal
    assert len(caret.expandtabs()) == len(("  " + text[:14]).expandtabs()) + 1


def test_the_message_names_the_file_line_and_column_as_editors_read_them():
    text = "$$\nH(P) = H(X)\n$$"
    err = ParseError("unknown distribution 'X'", text, text.index("X"), origin="kl.md")
    assert str(err).splitlines() == ["kl.md:2:10: unknown distribution 'X'", "  H(P) = H(X)", "           ^"]
    assert (err.line, err.column) == (2, 10)
    # a statement typed on the command line has no file: the words say where
    err = ParseError("unknown distribution 'X'", "H(P) = H(X)", 9)
    assert str(err).splitlines()[0] == "line 1, column 10: unknown distribution 'X'"
    # and a worker process sends it back with the same text
    import pickle

    assert str(pickle.loads(pickle.dumps(ParseError("m", text, 5, origin="kl.md")))) == \
        str(ParseError("m", text, 5, origin="kl.md"))


def test_an_error_on_a_later_line():
    with pytest.raises(ParseError) as info:
        parse_statement("H(P)\n  = H(P) + \\foo")
    assert (info.value.line, info.value.column) == (2, 12)
    assert str(info.value).splitlines()[1:] == ["    = H(P) + \\foo", "             ^"]


def test_parse_error_is_a_value_error_and_a_symdiv_error():
    assert issubclass(ParseError, ValueError) and issubclass(ParseError, sd.SymdivError)


def test_a_non_string_is_a_type_error():
    with pytest.raises(sd.InvalidTypeError, match="must be a str"):
        parse_statement(b"H(P) = 0")


# -- numbers in scientific notation ------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("1e-3", Rational(1, 1000)),
    ("2.5E-1", Rational(1, 4)),
    ("1e3", Integer(1000)),
    ("1e+3", Integer(1000)),
    ("1E-3", Rational(1, 1000)),            # not the expectation E
    (".5e2", Integer(50)),
    ("1.25e1", Rational(25, 2)),
    ("0e999999", Integer(0)),               # zero at any exponent is zero, and cheap
    ("1e\u22123", Rational(1, 1000)),       # a Unicode minus in the exponent, as everywhere else
    (r"\frac{1e-3}{2}", Rational(1, 2000)),
    (r"2.5\times10^{-1}", Rational(1, 4)),  # the LaTeX way is arithmetic, and exact too
    (r"2.5 \cdot 10^{-1}", Rational(1, 4)),
    ("2.5*10^-1", Rational(1, 4)),
    ("1e1233", Integer(10) ** 1233),        # just inside the 4096-bit limit
])
def test_scientific_notation_is_an_exact_decimal(text, value):
    expr = parse_expression(text)
    assert expr == value and expr.is_Rational  # never Euler's e, never a float


@pytest.mark.parametrize("text", ["1e-3 = 0.001", "2.5e-1*H(P) = H(P)/4", "1e3 = 1000", "1E-3 = 0.001",
                                  "1e+3 = 10^3", r"2.5\times10^{-1} = \frac{1}{4}", "2.5E-1 H(P, Q) = H(P, Q) / 4"])
def test_statements_with_scientific_notation_are_proved(text):
    s = parse_statement(text)
    assert sd.prove(s.lhs, s.rhs).proved


@pytest.mark.parametrize("text, expected", [
    # e is a number's exponent only when a digit (after an optional sign) follows it
    ("2e", lambda o: 2 * E),
    ("2e^{z_1}", lambda o: 2 * E ** o.z[1]),
    ("2e^2", lambda o: 2 * E ** 2),
    ("2exp(z_1)", lambda o: 2 * exp(o.z[1])),
    ("2e - p_1", lambda o: 2 * E - o.P[1]),
    ("2e-p_1", lambda o: 2 * E - o.P[1]),
    ("2 e-3", lambda o: 2 * E - 3),         # a space ends the number
    ("2E_{x~P}[p_x]", lambda o: 2 * Sum(o.P[x] * o.P[x], (x, 1, o.n))),
    ("1e3n", lambda o: 1000 * o.n),
])
def test_e_after_a_number_without_an_exponent_is_still_eulers_e(o, text, expected):
    assert parse_expression(text) == expected(o)


@pytest.mark.parametrize("text, column, message", [
    ("1e999999 = 1", 1, "the number 1e999999 needs about 3321925 bits to be held exactly; the limit is 4096 bits"),
    ("1e-999999 = 1", 1, "the limit is 4096 bits"),
    ("1e1234 = 1", 1, "the limit is 4096 bits"),
    ("1e" + "9" * 28 + " = 1", 1, "the limit is 4096 bits"),
    ("1e" + "9" * 29 + " = 1", 1, "the number has 31 characters; the limit is 30"),
    ("1e3.5 = 1", 1, "the exponent of a number is a whole number"),
    ("5.e3 = 1", 1, "malformed number '5.'"),
    # LaTeX sets 2^1e-3 as 2^1 e - 3, Python reads 2**1e-3: refused, not guessed
    ("2^1e-3 = 1", 3, "'^1e-3' is ambiguous: write ^{1e-3}"),
    ("2^-1E3 = 1", 4, "'^1E3' is ambiguous"),
    ("p_1e-3 = 1", 3, "an index must be a positive integer written in digits, such as 1 or 12; got 1e-3 "
                      "('1e-3' reads as one number; for Euler's e after the subscript, write a space before the e)"),
    (r"\log_2e-3 = 1", 6, "a log base must be a positive number other than 1, such as 2, 10, 0.5 or 1/2, or e ('2e-3' reads as one number"),
])
def test_bad_scientific_notation_is_refused(text, column, message):
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    assert message in info.value.message
    assert (info.value.line, info.value.column) == (1, column), str(info.value)


# -- the notation real documents use (issue 13) ------------------------------------------------

HALF, QUARTER = Rational(1, 2), Rational(1, 4)


@pytest.mark.parametrize("text, expected", [
    ("H((1/2, 1/2))", lambda o: sd.Entropy(sd.ExplicitDistribution(None, [HALF, HALF]))),
    ("H_2((0.5, 0.25, 0.25))", lambda o: sd.Entropy(sd.ExplicitDistribution(None, [HALF, QUARTER, QUARTER]), base=2)),
    (r"H\left(\left(\frac{1}{2}, \frac12\right)\right)", lambda o: sd.Entropy(sd.ExplicitDistribution(None, [HALF, HALF]))),
    (r"D_{KL}[P \| Q]", lambda o: sd.KL(o.P, o.Q)),
    (r"D(P \mid\mid Q)", lambda o: sd.KL(o.P, o.Q)),
    (r"\frac12 H(P)", lambda o: sd.Entropy(o.P) / 2),
    (r"\frac1n", lambda o: 1 / o.n),
    (r"\log_{0.5} p_1", lambda o: log(o.P[1]) / log(HALF)),
    (r"\log_{1/10} p_1", lambda o: log(o.P[1]) / log(Rational(1, 10))),
])
def test_document_notation(o, text, expected):
    assert parse_expression(text) == expected(o)


@pytest.mark.parametrize("text", [r"H(P,Q) := H(P) + D(P||Q)", r"H(P,Q) \equiv H(P) + D(P||Q)",
                                  r"H(P,Q) \coloneqq H(P) + D(P||Q)"])
def test_a_definition_or_identity_is_an_equation(o, text):
    got, plain = parse_statement(text), parse_statement("H(P,Q) = H(P) + D(P||Q)")
    assert (got.lhs, got.relation, got.rhs) == (plain.lhs, plain.relation, plain.rhs)


@pytest.mark.parametrize("text", ["H((1/2, 1/2)) = log(2)", "H_2((1/2, 1/4, 1/4)) = 3/2",
                                  "D((1/2, 1/2)||(1/2, 1/2)) = 0", r"\log_{1/2} 4 = -2"])
def test_explicit_statements_are_proved(text):
    statement = parse_statement(text)
    assert sd.prove(statement.lhs, statement.rhs).proved


@pytest.mark.parametrize("text, column, message", [
    ("H((1/2, 1/3)) = 1", 3, "the probabilities sum to 5/6, not 1 (symdiv never normalises silently)"),
    ("H((1/2, -1/2, 1)) = 1", 9, "the probability -1/2 is negative"),
    ("H((p_1, 1/2)) = 1", 4, "a probability of an explicit distribution must be an exact number"),
    ("H(P, (1/2, 1/2)) = 1", 1, "P has size n but (1/2, 1/2) has size 2"),
    ("H((1/2, 1/2) = 1", 14, "expected ')' to close H(, found '='"),
    (r"\log_{1} 4 = 0", 7, "log base must be positive and not 1"),
    (r"\log_{1/0} 4 = 0", 8, "division by zero in the log base"),
    (r"\log_{x} 4 = 0", 7, "a log base must be a positive number other than 1"),
    (r"D(P \mid Q) = 0", 5, r"a single \mid is not notation symdiv reads: write D(P||Q) for a divergence"),
    (r"\frac10 = 1", 1, "division by zero"),
])
def test_document_notation_errors_point_at_the_problem(text, column, message):
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    assert message in info.value.message
    assert info.value.column == column


@pytest.mark.parametrize("text", [
    r"-\frac{1}{N}\sum_{s=1}^{N} \log Q(x_s) = H(\hat{P}, Q)",     # the issue's example
    r"NLL(x; Q) = N H(\hat{p}_x, Q)",
    r"\sum_{i=1}^{N} \log q_{x_i} = -\mathrm{NLL}(x; Q)",
    r"-\log \mathcal{L}(x; Q) = NLL(x; Q)",
    r"\sum_x \hat{p}(x) = 1",
])
def test_datasets_and_likelihoods_are_read_and_proved(text):
    statement = parse_statement(text)
    assert sd.prove(statement.lhs, statement.rhs).proved


@pytest.mark.parametrize("text, column, message", [
    (r"\log Q(x_s) = 0", 10, r"the sample x_s needs its position bound by a sum over the samples"),
    (r"H(\hat{Q}) = 0", 3, r"symdiv reads no other hat"),
    (r"H(\hat{p}_y) = 0", 11, "the empirical distribution is that of the samples x"),
    (r"NLL(Q) = 0", 5, "NLL takes the samples x first"),
    (r"\sum_{s=1}^{2} q_s = 1", 13, "the upper limit must be n or N"),
])
def test_dataset_notation_errors_point_at_the_problem(text, column, message):
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    assert message in info.value.message
    assert info.value.column == column


@pytest.mark.parametrize("text, wrt, senses, proved", [
    (r"\arg\min_Q H(P,Q) = \arg\min_Q D(P||Q)", "Q", ("min", "min"), True),
    (r"argmin_{z} H(P, softmax(z)) = argmin_{z} D(P||softmax(z))", "z", ("min", "min"), True),
    (r"\arg\min_Q NLL(x; Q) = \arg\max_Q \mathcal{L}(x; Q)", "Q", ("min", "max"), True),
    (r"\operatorname*{arg\,min}_Q NLL(x; Q) = \operatorname*{arg\,min}_Q H(\hat{P}, Q)", "Q", ("min", "min"), True),
    (r"\argmin_Q H(P,Q) = \argmin_Q D(Q||P)", "Q", ("min", "min"), False),
])
def test_arg_min_is_a_claim_of_the_same_optimisers(text, wrt, senses, proved):
    statement = parse_statement(text)
    assert statement.relation == "~" and [str(p) for p in statement.wrt] == [wrt] and statement.senses == senses
    verdict = sd.equivalent(statement.lhs, statement.rhs, wrt=statement.wrt, senses=statement.senses)
    assert verdict.proved is proved
    assert parse_statement(str(verdict.claim)).lhs == statement.lhs  # the text it prints reads back


@pytest.mark.parametrize("text, column, message", [
    (r"\arg\min_Q H(P,Q) = D(P||Q)", 21, "an arg min equals another arg min"),
    (r"\arg\min_Q H(P,Q) = \arg\min_z D(P||Q)", 21, "both sides must optimise over the same parameters"),
    (r"\arg\min_\phi H(P,Q) = 1", 10, r"\phi is not a name symdiv reads: the model's parameters are written \theta"),
    (r"\min_Q H(P,Q) = 1", 1, r"\min alone is not notation symdiv reads"),
    (r"\arg\min H(P,Q) = 1", 1, "argmin needs its parameters in a subscript"),
    (r"\operatorname*{lim} x = 1", 1, "of the operators with limits symdiv reads only arg min and arg max"),
])
def test_arg_min_errors_point_at_the_problem(text, column, message):
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    assert message in info.value.message
    assert info.value.column == column


@pytest.mark.parametrize("text", [
    r"H(p,q) = H(p) + D(p||q)",
    r"\sum_{x \in \mathcal{X}} p(x) \log p(x) = -H(p)",
    r"\mathbb{E}_P[-\log Q] = H(P,Q)",
    r"\mathbb{E}_{x\sim P} -\log Q(x) = H(P,Q)",
    r"E_P[\log P - \log Q] = D(P||Q)",
    r"H(U) = \log n",
])
def test_lower_case_distributions_alphabet_sums_and_expectations(text):
    statement = parse_statement(text)
    assert statement.component is None  # an expectation of a vector is a number
    assert sd.prove(statement.lhs, statement.rhs).proved


def test_punctuation_labels_and_spacing_groups_in_documents():
    from symdiv.check import check_text

    text = ("\\begin{align}\nH(U) &= \\log n. \\label{eq:u}\n\\end{align}\n"
            "\\begin{align*}\nH(P, Q) = {} & -\\sum_i p_i \\log q_i \\\\\n= {} & H(P) + D(P||Q)\n\\end{align*}\n"
            "\\begin{equation}\nH(P) = -\\sum_i p_i \\log p_i, \\nonumber\n\\end{equation}\n")
    report = check_text(text)
    assert not report.skipped and [s.status.value for s in report.steps] == ["proved"] * 4


# -- issue 13: the seed's notation -------------------------------------------------------------------
K = sd.alphabet_size("K")
k = sd.component_index("k")
s_ = sd.component_index("s")


def _caret_error(text, column, message):
    """Reading *text* fails with *message*, its caret under *column* of line 1."""
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    err = info.value
    assert message in err.message
    assert err.column == column, str(err)
    assert str(err).splitlines()[2] == "  " + " " * (column - 1) + "^"
    return err


def _statement(text):
    st = parse_statement(text)
    if st.relation == "~":
        return st, sd.equivalent(st.lhs, st.rhs, wrt=st.wrt, senses=st.senses)
    return st, sd.prove(st.lhs, st.rhs, component=st.component, relation=st.relation)


@pytest.mark.parametrize("text, size", [
    (r"\sum_{k=1}^{K} p_k = 1", "K"),
    (r"\sum_{c=1}^{C} q_c \log q_c = -H(Q)", "C"),
    (r"sum_{k=1}^{K} p_k*log(p_k/q_k) = D(P||Q)", "K"),
    (r"D_{KL}(P||Q)=\Sigma_{x=1}^N P(x) \log(P(x)/Q(x))", "N"),     # no samples: N is the alphabet size
    (r"H(U) = \log N", "N"),
    (r"-\sum_{i=1}^{N} \log q(x_i) = -\sum_{k=1}^{K} c_k", None),   # samples and the alphabet K: c is no name
])
def test_the_alphabet_size_is_the_letter_the_sums_run_to(text, size):
    if size is None:
        with pytest.raises(ParseError, match="unknown symbol 'c'"):
            parse_statement(text)
        return
    st, verdict = _statement(text)
    assert str(st.scope.size) == size and verdict.proved
    assert st.scope.samples is None if size == "N" else str(st.scope.samples) == "N"


def test_sizes_print_back_with_their_letter(o):
    st = parse_statement(r"\sum_{k=1}^{K} p_k \log q_k = -H(P, Q)")
    PK = sd.Distribution("P", K)
    assert st.lhs == Sum(PK[k] * log(sd.Distribution("Q", K)[k]), (k, 1, K))
    assert "P: p_k > 0 for k = 1..K, sum_k p_k = 1" in str(sd.prove(st.lhs, st.rhs))
    # the samples stay N beside an alphabet K
    st = parse_statement(r"\sum_{k=1}^{K} \hat{p}(k) = \frac{1}{N} \sum_{i=1}^{N} 1")
    assert st.scope.size == K and str(st.scope.samples) == "N"


@pytest.mark.parametrize("text, column, message", [
    (r"\sum_{k=1}^{K} p_k + \sum_{c=1}^{C} q_c = 2", 34,
     "two alphabet sizes, K and C: a statement (or a chain of a derivation) has one alphabet"),
    (r"\sum_{k=1}^{K} p_k = n", 22, "two alphabet sizes, K and n"),
    (r"\sum_{i=1}^{N} p_i + NLL(x; Q) = 1", 7, "i runs over the samples 1..N (with samples in the text, N is their "
                                               r"number): use it in a sample, as in \log q(x_i|\theta)"),
    (r"\sum_{x=1}^{N} \hat{p}(x) = 1", 7, r"as in \log q(x_i|\theta); to sum over the alphabet write \sum_{x} or "
                                         r"\sum_{i=1}^{n}"),
    (r"\sum_{i=1}^{P} p_i = 1", 13, "'P' cannot be the alphabet size: it already names something else"),
    (r"\sum_{i=1}^{x} p_i = 1", 13, "'x' cannot be the alphabet size"),
    (r"\sum_{k=1}^{K} p_k = 1 where P = (1/2, 1/2)", 13, "P is declared with 2 outcomes, so the sums here run to 2, "
                                                         "not K"),
])
def test_alphabet_size_errors_say_why(text, column, message):
    _caret_error(text, column, message)


@pytest.mark.parametrize("text, model", [
    (r"\sum_x P(x) \log q(x|\theta) = -H(P, Q)", "Q"),
    (r"\sum_x P(x) \log Q(x|\theta) = -H(P, Q)", "Q"),
    (r"\sum_x P(x) \log q(x \mid \Theta) = -H(P, Q)", "Q"),
    (r"\sum_x Q(x) \log p(x|\boldsymbol\theta) = -H(Q, P)", "P"),
    ("sum_x P(x)*log(q(x|theta)) = -H(P, Q)", "Q"),
    ("sum_x P(x)*log(q(x|\u03b8)) = -H(P, Q)", "Q"),
])
def test_the_model_written_with_its_parameters(text, model):
    st, verdict = _statement(text)
    assert st.scope.model_name == model and verdict.proved


@pytest.mark.parametrize("text, wrt, senses", [
    (r"\arg\min_\theta -\sum_{i=1}^N \log q(x_i|\theta) = \arg\min_\theta H(\hat{p}, q)", "Q", ("min", "min")),
    (r"\hat\Theta = \arg\min_\Theta -\sum_{i=1}^N \log q(x_i|\Theta) = \arg\min_\Theta H(\hat p, q)", "Q",
     ("min", "min")),
    (r"\hat\theta = \arg\max_\theta \prod_{i=1}^{N} q(x_i|\theta) = \arg\min_\theta -\sum_{i=1}^N \log q(x_i|\theta)",
     "Q", ("max", "min")),
    (r"\hat\Theta=arg\ max_\theta \Pi_{i=1}^Np(x_i|\Theta) = arg\ min_\Theta - \Sigma_{i=1}^Nlog(p(x_i|\Theta))",
     "P", ("max", "min")),                                             # the seed, as it writes it
    (r"\hat{\theta} = \operatorname*{arg\,max}_{\boldsymbol{\theta}} \prod_{i=1}^{N} q(x^{(i)}|\theta) = "
     r"\arg\min_\theta NLL(x; Q)", "Q", ("max", "min")),
    (r"\arg\min_\theta H(P, Q) = \arg\min_\theta D(P||Q)", "Q", ("min", "min")),      # Q by default
])
def test_arg_min_over_the_parameters_of_the_model(text, wrt, senses):
    st, verdict = _statement(text)
    assert [str(p) for p in st.wrt] == [wrt] and st.senses == senses
    assert verdict.proved


def test_the_true_distribution_in_the_mle_chain_is_not_proved():
    # with the empirical distribution the step holds; with the true p it is false
    st, verdict = _statement(r"\arg\min_\Theta -\sum_{i=1}^N \log q(x_i|\Theta) = "
                             r"\arg\min_\Theta -\sum_{x} p(x) \log q(x|\Theta)")
    assert verdict.refuted
    st, verdict = _statement(r"-\sum_{i=1}^N \log q(x_i) = -\sum_x p(x) \log q(x)")
    assert verdict.refuted
    st, verdict = _statement(r"-\sum_{i=1}^N \log q(x_i) = -N \sum_x \hat{p}(x) \log q(x)")
    assert verdict.proved


@pytest.mark.parametrize("text, expected", [
    (r"\prod_{i=1}^{N} q(x_i|\theta)", lambda o: sd.Likelihood(o.D, o.Q).doit()),
    (r"\Pi_{i=1}^N p(x_i|\Theta)", lambda o: sd.Likelihood(o.D, o.P).doit()),
    ("prod_{s=1}^{N} q_{x_s}", lambda o: sd.Likelihood(o.D, o.Q).doit()),
    ("\u220f_{i=1}^{N} Q(x_i)", lambda o: sd.Likelihood(o.D, o.Q).doit()),
    (r"\sum_{i=1}^{N} \log q(x^{(i)})", lambda o: -sd.NLL(o.D, o.Q).doit()),
    (r"\sum_{i=1}^{N} \log q_{x^{(i)}}", lambda o: -sd.NLL(o.D, o.Q).doit()),
    (r"\sum_{i=1}^{N} \log Q(x^(i))", lambda o: -sd.NLL(o.D, o.Q).doit()),
])
def test_products_and_samples(o, text, expected):
    from symdiv.core.bound import canonical_indices

    assert canonical_indices(parse_expression(text)) == canonical_indices(expected(o))


def test_the_likelihood_and_the_nll_have_the_same_optimisers():
    st, verdict = _statement(r"\arg\max_\theta \prod_{i=1}^{N} q(x_i|\theta) = "
                             r"\arg\min_\theta -\sum_{i=1}^N \log q(x_i|\theta)")
    assert verdict.proved and verdict.certificate.kind == "monotone"


@pytest.mark.parametrize("text", [
    r"H(P) = \log 2 \text{ where } P = (1/2, 1/2)",
    r"H(P) = \log 2, \quad \text{where } P = (1/2, 1/2)",
    "H_2(P) = 3/2 where P = (0.5, 0.25, 0.25)",
    r"D(P||Q) = \frac12 \log \frac43 + \frac12 \log \frac45 where P = (1/2, 1/2), Q = (3/8, 5/8) \text{ and } R = (1, 0)",
    r"-\sum_x P(x) \log_2 P(x) = 1 \text{ where } p = \left(\frac12, \frac12\right)",
])
def test_where_declares_explicit_distributions(text):
    st, verdict = _statement(text)
    assert verdict.proved, str(verdict)
    assert st.scope.declared


def test_a_declared_distribution_reads_as_its_values():
    st = parse_statement("H(P) = log(2) where P = (1/2, 1/2)")
    assert st.lhs == sd.Entropy(sd.ExplicitDistribution("P", [HALF, HALF]))
    assert st.scope.size == 2
    assert sd.prove(parse_statement("H(P) = log(3) where P = (1/2, 1/2)").lhs, log(3)).refuted


@pytest.mark.parametrize("text, column, message", [
    ("H(P) = log(2) where P = (1/2, 1/3)", 25, "the probabilities sum to 5/6, not 1 (symdiv never normalises "
                                               "silently)"),
    ("H(P) = log(2) where P = (3/2, -1/2)", 31, "the probability -1/2 is negative"),
    ("H(P) = log(2) where X = (1/2, 1/2)", 21, "a declaration names a distribution (P, Q, R)"),
    ("H(P) = log(2) where P = 1/2", 25, "P is declared by its values in brackets"),
    ("H(P) = log(2) where", 15, "'where' needs the declarations after it"),
    ("where P = (1/2, 1/2)", 1, "'where' comes after a claim"),
    ("H(P) = log(2) where P = (1/2, 1/2) P", 36, "unexpected 'P' after the declaration of P"),
    ("P = (1/2, 1/2)", 3, "'P = (...)' declares P and claims nothing about it"),
    (r"H(P) = H(Q) where P = (1/2, 1/2), Q = (1/3, 1/3, 1/3)", 10,
     "P is declared with 2 outcomes and Q with 3"),
    (r"\arg\min_P H(P, Q) = \arg\min_P D(P||Q) where P = (1/2, 1/2)", 10,
     "P is declared as explicit values: there is nothing to optimise"),
])
def test_declaration_errors_point_at_the_problem(text, column, message):
    _caret_error(text, column, message)


@pytest.mark.parametrize("text", [
    r"\nabla H(P, Q) = \nabla D_{KL}(P||Q)",                          # the seed's own form
    r"\nabla_\theta H(P, Q) = \nabla_\theta D_{KL}(P \| Q)",
    r"\nabla_{\theta} NLL(x; Q) = N \nabla_\theta H(\hat{P}, Q)",
    r"\nabla_\theta H(P) = 0",
])
def test_gradients_with_respect_to_the_parameters_of_the_model(text):
    st, verdict = _statement(text)
    assert st.theta_model == "Q" and verdict.proved


def test_a_gradient_with_respect_to_theta_is_read_through_softmax(o):
    st = parse_statement(r"\nabla_\theta H(P, Q) = \nabla_\theta D_{KL}(P \| Q)")
    assert st.lhs == sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, o.j)
    # and a false claim about such gradients is refuted
    assert _statement(r"\nabla_\theta H(P, Q) = \nabla_\theta H(Q, P)")[1].refuted


@pytest.mark.parametrize("text, column, message", [
    (r"\nabla_\theta H(P, Q) = Q - P", 25, r"Q is named outside the gradient with respect to \theta"),
    (r"\nabla_\theta (\Sigma P \log Q - \Sigma R \log Q) = P - R", 53,
     r"a vector outside the gradient with respect to \theta"),
    (r"\nabla_\theta H(P, Q) = \nabla_z H(P, \mathrm{softmax}(z))", 32,
     r"the logits z beside a gradient with respect to \theta"),
    (r"\nabla_\theta H(P, Q) = \nabla_\theta D(P||Q) + 0 \cdot H(Q)", 59, "Q is named outside the gradient"),
    (r"\nabla_\theta \nabla_\theta H(P, Q) = 0", 15, "a gradient of a gradient"),
])
def test_gradients_with_respect_to_theta_refuse_what_would_be_unsound(text, column, message):
    _caret_error(text, column, message)


@pytest.mark.parametrize("text", [
    r"H(P, Q) = -\Sigma P \log Q",
    r"H(P, Q) = -\Sigma PlogQ",                                        # as the seed types it
    r"-\Sigma PlogP+\Sigma PlogP-\Sigma PlogQ = H(P) +\Sigma Plog(P/Q)",
    r"D_{KL}(P||Q)=\Sigma_{x=1}^NP(x)log(P(x)/Q(x))",                  # TeX: ^N takes one character
    r"\Sigma_{x=1}^NP(x)log(P(x)/Q(x)) = \Sigma_{x=1}^NP(x)[logP(x)-logQ(x)]",
    r"-\Sigma_xP(x)log(P(x)) = H(P)",
])
def test_the_seed_as_it_types(text):
    assert _statement(text)[1].proved


def test_a_sum_without_index_adds_up_a_vector(o):
    x_ = sd.component_index("x")
    assert parse_expression(r"\Sigma P \log Q") == Sum(o.P[x_] * log(o.Q[x_]), (x_, 1, o.n))
    # the seed's PlogP/Q is (P log P)/Q, as \log P/Q is everywhere: the step it is in is refuted
    assert _statement(r"H(P) +\Sigma PlogP/Q = H(P)+D_{KL}(P||Q)")[1].refuted


@pytest.mark.parametrize("text, column, message", [
    # meaningful notation in the wrong place: what it means, never "write a product with '*'"
    (r"\theta = 1", 1, r"\theta names the parameters of the model Q: it is read in q(x|\theta)"),
    (r"H(\theta) = 1", 3, r"a distribution goes here: the model is Q (or q), and its parameters \theta are "
                          r"written q(x|\theta)"),
    (r"\hat\theta = 1", 1, r"\hat\theta = is followed by what it optimises"),
    (r"\hat\theta = \arg\min_\theta H(P, Q)", 1, r"\hat\theta = \arg\min_\theta f only names the optimiser of f"),
    (r"H(P) + \hat\theta = 1", 8, r"\hat\theta names the optimiser, at the start of a claim"),
    (r"H(P) where = 1", 12, "a declaration names a distribution (P, Q, R) and gives its values"),
    (r"H(P) = \log 2 + where", 17, "'where' needs the declarations after it"),
    (r"H(P) = (1 + where) ", 13, "'where' is read only at the end of a statement"),
    (r"H(P) = \arg\min_Q H(P, Q)", 8, r"an arg min starts a side, and is compared with another"),
    ("min H(P, Q) = 1", 1, "min alone is not notation symdiv reads"),
    ("z(x|y) = 1", 4, r"'|' is read only in a model's probability of one outcome, z(x|\theta) or z(x_i|\theta)"),
    ("z(x|theta) = 1", 4, r"only a distribution's probability takes the model's parameters"),
    ("p(x|theta) + q(x|theta) = 1", 14, r"\theta parametrises one model, but both P and Q are written with |\theta"),
    ("p_1 | p_2 = 1", 5, r"it is read only in a model's probability with its parameters, q(x|\theta), and between two "
                         r"bars as an absolute value"),
    (r"\prod_{i=1}^{n} p_i = 1", 1, r"'\prod' is read only over the samples 1..N, as in the likelihood"),
    (r"\prod q = 1", 1, r"'\prod' runs over the samples: write it with its index and limits"),
    (r"\prod_{i=1}^{N} p_i = 1", 8, "i runs over the samples 1..N (with samples in the text, N is their number)"),
    (r"\prod_{i=1}^{N} = 1", 1, "the product has nothing to multiply"),
    ("PlogX = 1", 1, "'PlogX' reads as one name: put spaces between its parts, as in 'P log X'"),
    (r"\boldsymbol{x} = 1", 1, r"\boldsymbol is read only around \theta"),
    (r"\Sigma 1 = n", 1, "a sum needs its index: write sum_i ... or \\sum_{i=1}^{n} ... (without one, a sum adds up "
                         "the components of a vector"),
    (r"\nabla_\theta H(P) = 0 where Q = (1/2, 1/2)", 1, r"the model Q is declared as explicit values"),
])
def test_meaningful_notation_gets_a_message_that_says_so(text, column, message):
    assert "write a product with '*'" not in _caret_error(text, column, message).message
