"""The parser is a security boundary: text is read, never evaluated.

Payloads are the ones that make ``sympify``/``parse_expr`` run code (sympy
issues #10805 and #24990): ``__import__``, ``lambda``, attribute access,
dunder names, plus LaTeX that would make a TeX engine read or run files.
"""

import ast
import builtins
import importlib
import time
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symdiv
from symdiv.check import check_text
from symdiv.errors import ParseError
from symdiv.parse import MAX_DEPTH, MAX_LENGTH, parse_expression, parse_statement

PAYLOADS = [
    "__import__('os').system('echo pwned')",
    "H(P) = __import__('os').system('echo pwned')",
    "lambda: __import__('os')",
    "H(P) = (lambda x: x)(1)",
    "().__class__.__bases__[0].__subclasses__()",
    "H(P) = P.__class__",
    "H(P) = p_1.__class__.__init__.__globals__",
    "H(P) = __builtins__",
    "H(P) = exec('import os')",
    "H(P) = eval('1')",
    "H(P) = open('/etc/passwd').read()",
    "H(P) = sympify('1')",
    "H(P) = Symbol('x')",
    "H(P) = [x for x in ().__class__.__base__.__subclasses__()]",
    "H(P) = 1 if True else 0",
    "H(P) = p_1; import os",
    "H(P) = '{0.__class__}'.format(1)",
    "H(P) = p___import__",
    "H(P) = sum___import__ p_i",
    r"H(P) = \input{/etc/passwd}",
    r"H(P) = \write18{touch pwned}",
    r"H(P) = \immediate\write18{rm -rf /}",
    r"H(P) = \text{\input{/etc/passwd}}",
    r"H(P) = \csname input\endcsname",
    r"H(P) = \def\x{1}\x",
    "H(P) = p_1 @ q_1",
    "H(P) = `ls`",
    "H(P) = $(ls)",
]


def _payload_that_writes(path: Path) -> list[str]:
    return [
        f"H(P) = __import__('pathlib').Path('{path}').touch()",
        f"open('{path}', 'w').write('x') = 1",
        f"H(P) = exec(\"open('{path}', 'w')\")",
    ]


@pytest.fixture
def no_evaluation(monkeypatch):
    """Make every way of evaluating a *string* fail loudly while the test runs."""
    calls = []

    def guard(name, original):
        def guarded(value=None, *args, **kwargs):
            if isinstance(value, str):
                calls.append((name, value))
                raise AssertionError(f"{name} was called on the text {value!r}")
            return original(value, *args, **kwargs)
        return guarded

    monkeypatch.setattr(builtins, "eval", guard("eval", builtins.eval))
    monkeypatch.setattr(builtins, "exec", guard("exec", builtins.exec))
    monkeypatch.setattr(sympy, "sympify", guard("sympify", sympy.sympify))
    core = importlib.import_module("sympy.core.sympify")  # the module; sympy.core.sympify is the function
    monkeypatch.setattr(core, "sympify", guard("sympify", core.sympify))
    monkeypatch.setattr(sympy, "parse_expr", guard("parse_expr", sympy.parse_expr), raising=False)
    from sympy.parsing import sympy_parser

    monkeypatch.setattr(sympy_parser, "parse_expr", guard("parse_expr", sympy_parser.parse_expr))
    return calls


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_syntax_errors(payload, no_evaluation):
    with pytest.raises(ParseError):
        parse_statement(payload)
    assert no_evaluation == []


def test_payloads_have_no_side_effect(tmp_path, no_evaluation):
    target = tmp_path / "pwned"
    for payload in _payload_that_writes(target):
        with pytest.raises(ParseError):
            parse_statement(payload)
        with pytest.raises(ParseError):
            check_text(f"$$\n{payload}\n$$\n")
    assert not target.exists()
    assert no_evaluation == []


def test_valid_statements_parse_with_evaluation_forbidden(no_evaluation):
    # The guard is real: the same statements parse with every string evaluator disabled.
    for text in ["H(P,Q) = H(P) + D(P||Q)", r"D_{KL}(P \| Q) = \sum_{i=1}^{n} p_i \log \frac{p_i}{q_i}",
                 "grad_z H(P, softmax(z)) = softmax(z) - P", "0.25 + 2^-1 = 3/4"]:
        parse_statement(text)
    assert no_evaluation == []
    with pytest.raises(AssertionError):
        sympy.sympify("1")  # and the guard does fire on text


def test_the_parser_source_has_no_evaluator():
    """No module that reads user text calls eval, exec, compile, sympify, parse_expr or S()."""
    package = Path(symdiv.__file__).parent
    builtins_ = {"eval", "exec", "compile", "__import__", "getattr", "S"}   # as bare names (re.compile is fine)
    anywhere = {"sympify", "parse_expr", "parse_latex"}
    for path in [*sorted((package / "parse").glob("*.py")), package / "check.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None)
            attr = getattr(node.func, "attr", None)
            bad = (name in builtins_ and not _is_dispatch(path, node)) or (name or attr) in anywhere
            assert not bad, f"{path.name}:{node.lineno} calls {name or attr}"


def _is_dispatch(path: Path, node: ast.Call) -> bool:
    # parser.py looks up a handler method by a name from a fixed table of its own, never from text.
    return path.name == "parser.py" and getattr(node.func, "id", None) == "getattr" \
        and isinstance(node.args[1], ast.Subscript) and getattr(node.args[1].value, "id", "") == "_NAME_HANDLERS"


# -- limits: refused with a message, never RecursionError or a hang ---------------
@pytest.mark.parametrize("opener, closer", [
    ("(", ")"), ("{", "}"), ("[", "]"), (r"\left(", r"\right)"), ("log(", ")"), (r"\frac{1}{", "}"),
    ("-", ""), ("2^", ""), ("2^{", "}"), ("grad_z ", ""), ("exp(", ")"),
])
def test_deep_nesting_is_refused_clearly(opener, closer):
    text = opener * 5000 + "1" + closer * 5000 + " = 1"
    if len(text) > MAX_LENGTH:
        text = opener * (MAX_LENGTH // (len(opener) + len(closer) + 1)) + "1"
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    assert "nested too deeply" in info.value.message or "too long" in info.value.message
    ok = opener * 10 + "1" + closer * 10
    try:
        parse_expression(ok)
    except ParseError as exc:  # moderately nested input fails, if at all, for a mathematical reason
        assert "nested" not in exc.message


NESTING = f"the expression is nested too deeply: the limit is {MAX_DEPTH} brackets inside one another"


# (opener, closer, where in the opener the caret goes): every level a person sees costs one.
@pytest.mark.parametrize("opener, closer, caret", [
    ("(", ")", 0), ("[", "]", 0), ("{", "}", 0), (r"\left(", r"\right)", 5), (r"\Bigl[", r"\Bigr]", 5),
    ("log(", ")", 0), (r"\log ", "", 0), ("exp(", ")", 0), (r"\exp{", "}", 0), (r"\frac{1}{", "}", 0),
    ("-", "", 0), ("p_1^", "", 3), ("2^{", "}", 1), ("p_1^(", ")", 3), ("(-", ")", 0),
])
def test_the_nesting_limit_is_the_one_the_message_states(opener, closer, caret):
    assert MAX_DEPTH == 60
    per_level = 2 if opener == "(-" else 1     # a bracket and a sign
    levels = MAX_DEPTH // per_level

    def text(n):
        return opener * n + "p_1" + closer * n + " = 1"

    parse_statement(text(levels))
    with pytest.raises(ParseError) as info:
        parse_statement(text(levels + 1))
    assert info.value.message.startswith(NESTING)
    # the caret is on the bracket (or the sign, power, function) one past the limit
    assert info.value.offset == len(opener) * levels + caret, str(info.value)


def test_the_nesting_limit_is_the_same_in_a_document():
    from symdiv.parse.documents import read_chains

    deep = "(" * (MAX_DEPTH + 1) + "p_1" + ")" * (MAX_DEPTH + 1)
    read_chains(f"$$\nH(P) = {deep[1:-1]}\n$$\n", origin="deep.md")
    with pytest.raises(ParseError) as info:
        read_chains(f"$$\nH(P) = {deep}\n$$\n", origin="deep.md")
    assert str(info.value).startswith(f"deep.md:2:{8 + MAX_DEPTH}: {NESTING}")


def test_deeply_nested_sums_are_refused_not_checked():
    with pytest.raises(ParseError, match="sums nested more than 4 deep"):
        parse_statement("sum_a sum_b sum_c sum_d sum_f p_a q_b r_c p_d q_f = 1")
    assert parse_expression("sum_a sum_b sum_c sum_d p_a q_b r_c p_d") is not None


def test_long_input_is_refused_clearly():
    with pytest.raises(ParseError, match="too long"):
        parse_statement("p_1 + " * 10_000 + "1 = 1")


@pytest.mark.parametrize("text", ["9^9^9^9 = 1", "2^2^2^2^2^2 = 1", "(10^100)^(10^100) = 1",
                                  "1" * 31 + " = 1", "0.5^99999 = 1", "1e999999 = 1", "1e-999999 = 1",
                                  "9.9e" + "9" * 26 + " = 1", "(1e1233)^(1e1233) = 1",
                                  "(10^1000)^(10^1000) = 1", "(1/2)^(10^1000) = 1"])
def test_huge_numbers_are_refused_not_computed(text):
    started = time.perf_counter()
    with pytest.raises(ParseError, match="too large|limit"):
        parse_statement(text)
    assert time.perf_counter() - started < 5


def test_huge_powers_of_zero_and_one_are_still_exact():
    # (their size does not grow, so the bit limit does not apply, and nothing overflows a float)
    assert [parse_expression(f"{b}^(10^1000)") for b in ("0", "1", "(-1)")] == [0, 1, 1]


# -- fuzzing --------------------------------------------------------------------
_FRAGMENTS = [
    "H", "D", "KL", "I", "P", "Q", "R", "p", "q", "z", "n", "e", "i", "j", "x", "_", "^", "(", ")", "{", "}",
    "[", "]", "||", "|", ",", "=", "+", "-", "*", "/", " ", "1", "2", "0", "0.5", "sum", "grad", "log", "ln",
    "log2", "exp", "softmax", r"\sum", r"\log", r"\ln", r"\frac", r"\left(", r"\right)", r"\|", r"\,",
    r"\nabla", r"\partial", r"\mathrm{KL}", r"\operatorname{softmax}", r"\text{", r"\cdot", r"\\", "&",
    r"\neq", "%", "$", "'", ".", "__import__", "lambda", ":", "\n", r"\int", r"\begin{align}",
    "E", r"\mathbb{E}", "~", r"\sim", "!=", "1e-3", "e+", "E9", r"\quad", r"\qquad", r"\text{by}",
]


def _expect_only_parse_errors(text: str) -> None:
    started = time.perf_counter()
    try:
        parse_statement(text)
    except ParseError:
        pass
    assert time.perf_counter() - started < 5, f"parsing took too long: {text!r}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_fuzz_random_text(text):
    _expect_only_parse_errors(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60).map("".join))
def test_fuzz_latex_like_text(text):
    _expect_only_parse_errors(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS + ["$$", "\n", r"\end{align}", "&=", r"\\"]), max_size=80).map("".join))
def test_fuzz_documents(text):
    started = time.perf_counter()
    try:
        from symdiv.parse.documents import read_chains

        read_chains(text)
    except ParseError:
        pass
    assert time.perf_counter() - started < 5
