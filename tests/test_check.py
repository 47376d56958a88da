"""symdiv.check: every step of a written derivation, verified and pointed at."""

from pathlib import Path

import pytest

import symdiv
from symdiv.check import check_file, check_text
from symdiv.errors import InvalidInputError, ParseError
from symdiv.prover.verdict import Status

DOCUMENTS = Path(symdiv.__file__).parent / "proofs" / "documents"
if not DOCUMENTS.exists():  # an editable install: the bundled proofs live in the repository's proofs/
    DOCUMENTS = Path(__file__).parents[1] / "proofs" / "documents"

SEED = r"""
\begin{align*}
H(P, Q) &= -\sum_{i=1}^{n} p_i \log q_i \\
        &= -\sum_{i=1}^{n} p_i \log p_i + \sum_{i=1}^{n} p_i \log p_i - \sum_{i=1}^{n} p_i \log q_i \\
        &= H(P) + \sum_{i=1}^{n} p_i \log \frac{p_i}{q_i} \\
        &= H(P) + D_{\mathrm{KL}}(P \,\|\, Q)
\end{align*}
"""


def test_the_seed_derivation_is_verified_step_by_step():
    report = check_text(SEED, origin="seed.tex")
    assert report.status is Status.PROVED
    assert [(s.line, s.status) for s in report.steps] == [(3, Status.PROVED), (4, Status.PROVED),
                                                          (5, Status.PROVED), (6, Status.PROVED)]
    assert report.first_wrong is None


@pytest.mark.parametrize("line, wrong, right", [
    (3, r"-\sum_{i=1}^{n} p_i \log q_i", r"-\sum_{i=1}^{n} q_i \log p_i"),          # definition swapped
    (4, r"+ \sum_{i=1}^{n} p_i \log p_i -", r"+ \sum_{i=1}^{n} p_i \log p_i +"),    # a sign
    (5, r"\log \frac{p_i}{q_i}", r"\log \frac{q_i}{p_i}"),                         # quotient upside down
    (6, r"D_{\mathrm{KL}}(P \,\|\, Q)", r"D_{\mathrm{KL}}(Q \,\|\, P)"),           # KL reversed
])
def test_a_wrong_step_is_pinpointed_with_a_counterexample(line, wrong, right):
    text = SEED.replace(wrong, right, 1)
    assert text != SEED
    report = check_text(text, origin="seed.tex")
    assert report.status is Status.REFUTED
    bad = report.first_wrong
    assert bad.line == line
    values = bad.report.verdict.counterexample.describe()
    assert values["n"] == "2" and "P" in values and "Q" in values
    # every other step is still reported; the ones not touching the error hold
    assert len(report.steps) == 4
    assert sum(s.status is Status.PROVED for s in report.steps) >= 2


def test_bundled_documents_are_verified():
    files = sorted(DOCUMENTS.glob("*.tex")) + sorted(DOCUMENTS.glob("*.md"))
    assert len(files) >= 2
    for path in files:
        report = check_file(path)
        assert report.status is Status.PROVED, path
        assert report.origin == str(path)


def test_library_derivations_round_trip_through_the_printer():
    """Print every bundled derivation as Markdown and as LaTeX, in every style, and check
    the text: the printer and the parser agree, and every step still holds."""
    from symdiv.library import discover
    from symdiv.render.documents import derivation_latex, derivation_markdown, latex_document

    # kl_asymmetry is about explicit P and Q, which its printed derivation does not declare;
    # mle_to_cross_entropy writes the counts c_i, which the notation does not read.
    out_of_scope = {"kl_asymmetry", "mle_to_cross_entropy"}
    checked = 0
    for theorem in discover():
        if theorem.derivation is None or theorem.name in out_of_scope:
            continue
        for style in ({}, {"log": "ln"}, {"sums": "outcomes"}):
            for text in (derivation_markdown(theorem.derivation, **style),
                         latex_document([("x", derivation_latex(theorem.derivation, **style))])):
                report = check_text(text, origin=theorem.name)
                assert report.status is Status.PROVED, (theorem.name, style)
                assert len(report.steps) == len(theorem.derivation.steps)
                checked += 1
    assert checked >= 30


def test_no_derivation_is_an_error():
    with pytest.raises(ParseError, match="no derivation found"):
        check_text("Just prose, and $H(P) = 0$ inline.", origin="notes.md")


def test_a_parse_error_names_the_file_line_and_column():
    row = r"D(P||Q) &= \sum_i p_i \log \frac{p_i}{}"
    text = f"# KL\n\n$$\n\\begin{{aligned}}\n{row}\n\\end{{aligned}}\n$$\n"
    with pytest.raises(ParseError) as info:
        check_text(text, origin="kl.md")
    column = row.index("{}") + 1
    assert (info.value.line, info.value.column) == (5, column)
    # file:line:column:, which editors and CI annotators turn into a link, then the line and a caret
    assert str(info.value).splitlines() == [f"kl.md:5:{column}: \\frac{{...}}{{}}: the denominator is empty",
                                            "  " + row, "  " + " " * (column - 1) + "^"]
    with pytest.raises(ParseError) as info:
        check_text("Just prose.", origin="notes.md")
    assert str(info.value).startswith("notes.md:1:1: no derivation found")


def test_file_errors(tmp_path):
    with pytest.raises(InvalidInputError, match="no such file"):
        check_file(tmp_path / "missing.tex")
    (tmp_path / "notes.txt").write_text("$$ H(P) = H(P) $$")
    with pytest.raises(InvalidInputError, match="expected a .tex or .md file"):
        check_file(tmp_path / "notes.txt")
    (tmp_path / "latin1.md").write_bytes("$$ H(P) = H(P) $$ caf\xe9".encode("latin-1"))
    with pytest.raises(InvalidInputError, match="is not UTF-8"):
        check_file(tmp_path / "latin1.md")
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(InvalidInputError, match="is a folder"):
        check_file(tmp_path / "folder.md")


def test_a_step_past_its_budget_is_unknown_never_proved():
    report = check_text(SEED, origin="seed.tex", budget=1e-9)
    assert report.status is Status.UNKNOWN and report.first_wrong is None
    assert all(s.status is Status.UNKNOWN for s in report.steps)
    assert all("agreed on" in s.report.verdict.reason for s in report.steps)


def test_an_unreadable_block_is_skipped_and_the_rest_is_checked():
    text = "$$\nH(P) = H(X)\n$$\n\\[ H(P,Q) = H(P) + D(P||Q) = H(Q) \\]\n$$\nD(P||Q) = \\frac{1}{}\n$$\n"
    report = check_text(text, origin="notes.md")
    assert [(e.line, e.column) for e in report.skipped] == [(2, 10), (6, 19)]
    assert [s.status.value for s in report.steps] == ["proved", "refuted"]
    assert str(report.skipped[0]).startswith("notes.md:2:10: the random variable X cannot be read beside the distribution P (column 3)")


# -- issue 13: the seed's derivations, arg min chains and declarations -----------------------------------
MLE = r"""
$$
\begin{aligned}
\hat \Theta &=arg\ min_\Theta - \Sigma_{i=1}^Nlog(q(x_i|\Theta)) \\
&=arg\min_\Theta-\Sigma_{x\in X}\hat{p}(x)log(q(x|\Theta)) \\
&=arg\ min_\Theta H(\hat{p}, q)
\end{aligned}
$$
"""


def test_a_chain_of_arg_min_claims_the_same_minimisers_at_each_step():
    from symdiv.render.json import document_check_json
    from symdiv.render.text import render_document_check

    report = check_text(MLE, origin="mle.md")
    assert report.status is Status.PROVED
    (chain,) = report.chains
    assert chain.chain.optimiser == r"\hat \Theta" and [str(p) for p in chain.chain.wrt] == ["Q"]
    assert [s.link.relation for s in chain.steps] == ["~", "~"]
    assert [(s.report.verdict.certificate.kind, str(s.report.verdict.certificate.a)) for s in chain.steps] == \
        [("affine", "N"), ("affine", "1")]
    assert chain.conclusion.relation.value == "~" and chain.conclusion.senses == ("min", "min")
    text = render_document_check(report)
    assert text.count("proved (same minimisers)") == 2 and "certificate: f = a*g + b, a = N, b = 0" in text
    assert "conclusion (same minimisers): argmin_{Q} -sum_{i=1}^{N} log(q_{x_i}) = argmin_{Q} H(phat_x, Q)" in text
    data = document_check_json(report)["chains"][0]
    assert data["conclusion"]["relation"] == "~" and data["steps"][0]["certificate"] == {"kind": "affine", "a": "N",
                                                                                         "b": "0"}


def test_the_true_distribution_in_the_chain_is_refuted():
    # the seed writes p(x): with the true distribution, not the empirical one, the step is false
    report = check_text(MLE.replace(r"\hat{p}(x)", "p(x)").replace(r"H(\hat{p}, q)", "H(p, q)"), origin="mle.md")
    assert [s.status for s in report.steps] == [Status.REFUTED, Status.PROVED]


def test_declarations_hold_for_the_rest_of_the_document():
    from symdiv.render.text import render_document_check

    text = "\n".join([
        r"$$ H(P) = \log 2 $$",                                # line 1: P is still any distribution
        r"$$ P = \left(\frac12, \frac12\right) $$",             # line 2: a declaration, not a step
        r"$$ H(P) = -\sum_x P(x) \log P(x) = \log 2 $$",        # line 3
        r"$$ P = (1/4, 3/4), \quad Q = (1/2, 1/2) $$",         # line 4: P declared again, and Q
        r"$$ D(P||Q) = \frac14 \log \frac12 + \frac34 \log \frac32 $$",
        r"\begin{align*} H(R) &= \log 3 \quad \text{where } R = (1/3, 1/3, 1/3) \end{align*}",  # this chain only
        r"$$ H(R) = H(R) $$",
    ])
    report = check_text(text, origin="d.md")
    assert [(d.name, d.line, d.source) for d in report.declarations] == [
        ("P", 2, r"P = \left(\frac12, \frac12\right)"), ("P", 4, "P = (1/4, 3/4)"), ("Q", 4, "Q = (1/2, 1/2)")]
    assert [s.status.value for s in report.steps] == ["refuted", "proved", "proved", "proved", "proved", "proved"]
    assert "line 2     P = \\left(\\frac12, \\frac12\\right)    declaration" in render_document_check(report)


@pytest.mark.parametrize("text, line, column, message", [
    ("$$ P = (1/2, 1/3) $$", 1, 8, "the probabilities sum to 5/6, not 1"),
    ("$$ P = (1/2, 1/2) $$\n$$ \\sum_{k=1}^{K} P(k) = 1 $$", 2, 16, "P is declared with 2 outcomes"),
    (r"$$ H(P) = \log 2 \quad \text{where P = (1/2, 1/2)} $$", 1, 24, "a declaration inside commentary is not read"),
    ("$$ \\arg\\min_Q H(P, Q) = D(P||Q) $$", 1, 25, "a chain of objectives compares arg mins"),
    ("$$ \\hat\\theta = \\arg\\min_\\theta H(P, Q) $$", 1, 4, "only names the optimiser of f"),
    ("$$ \\arg\\min_Q H(P, Q) \\neq \\arg\\min_Q H(Q, P) $$", 1, 23, "two objectives are compared with '='"),
    ("$$ \\nabla H(P, Q) = Q - P $$", 1, 21, "Q is named outside the gradient with respect to \\theta"),
])
def test_document_errors_point_at_the_problem(text, line, column, message):
    report_or_error = None
    with pytest.raises(ParseError) as info:
        report_or_error = check_text(text, origin="d.md")
        if report_or_error.skipped:
            raise report_or_error.skipped[0]
    assert message in info.value.message
    assert (info.value.line, info.value.column) == (line, column), str(info.value)


def test_the_seed_derivations_are_bundled_as_the_blog_writes_them():
    for name in ("seed_derivations.zh.md", "seed_derivations.en.md"):
        text = (DOCUMENTS / name).read_text(encoding="utf-8")
        for form in (r"\Sigma", r"\Pi", r"arg\ min_\Theta", r"log(q(x_i|\Theta))", r"\nabla H(P, Q)", r"\hat{p}"):
            assert form in text, (name, form)
        report = check_file(DOCUMENTS / name)
        assert report.status is Status.PROVED and not report.skipped
        assert len(report.chains) == 5 and len(report.steps) == 10
    # the Chinese prose is the blog's own
    prose = (DOCUMENTS / "seed_derivations.zh.md").read_text("utf-8")
    assert "所以最小化NLL和最小化交叉熵最后达到的效果是一样的。" in prose


def test_a_printed_derivation_of_objectives_reads_back_as_a_chain_of_the_same_minimisers():
    """What symdiv writes for a derivation of equivalent objectives, `symdiv check` reads: each
    '=' between two arg min is a step of the same minimisers, and each holds."""
    from sympy import S

    from symdiv import NLL, CrossEntropy, Likelihood
    from symdiv.prover.derivation import Derivation, DerivationStep
    from symdiv.render.documents import derivation_latex, derivation_markdown, latex_document
    from tests.conftest import Objects as o

    derivation = Derivation("mle", "MLE", Likelihood(o.D, o.Q), (
        DerivationStep(NLL(o.D, o.Q), "log_trick", "~", "min"),
        DerivationStep(o.N * CrossEntropy(o.p_hat, o.Q), "empirical", "~", "min"),
        DerivationStep(CrossEntropy(o.p_hat, o.Q) + S(2), "positive_factor", "~", "min"),
    ), wrt=o.Q, sense="max")
    for text in (derivation_markdown(derivation), latex_document([("x", derivation_latex(derivation))])):
        report = check_text(text, origin="mle")
        assert report.status is Status.PROVED and [s.link.relation for s in report.steps] == ["~"] * 3
        assert report.chains[0].conclusion.senses == ("max", "min")


# -- issue 15: chains that mix '=' with inequalities ---------------------------------------------------------
def _chain(text):
    report = check_text(text, origin="c.md")
    assert not report.skipped, report.skipped
    (chain,) = report.chains
    return report, chain


@pytest.mark.parametrize("rows, relations, statuses, concluded", [
    # Gibbs through Jensen, row by row: '=' and '<=' establish '<='
    ([r"-D(P||Q) &= \sum_i p_i \log \frac{q_i}{p_i}", r"&\leq \log \sum_i p_i \frac{q_i}{p_i}",
      r"&= \log \sum_i q_i", r"&= 0"], ["=", "<=", "=", "="], ["proved"] * 4, "<="),
    # '>=' links, written \geq, \ge and >=: '>='
    ([r"H(P, Q) &\geq H(P)", r"&\ge H(P) - D(P||Q)", r"&>= H(P) - 2 D(P||Q)"], [">=", ">=", ">="],
     ["proved"] * 3, ">="),
    # conditioning, then an equality: Shannon-type links
    ([r"H(X) &\geq H(X|Y)", r"&= H(X, Y) - H(Y)"], [">=", "="], ["proved", "proved"], ">="),
    # a strict link makes the conclusion strict, but it must hold: D(P||Q) > 0 fails where P = Q
    ([r"D(P||Q) &> 0", r"&= \log 1"], [">", "="], ["refuted", "proved"], ">"),
    ([r"H(P) &\le \log n", r"&< \log n + 1"], ["<=", "<"], ["proved", "proved"], "<"),
])
def test_a_chain_of_equalities_and_inequalities(rows, relations, statuses, concluded):
    from symdiv.render.json import document_check_json
    from symdiv.render.text import render_document_check

    text = "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$\n"
    report, chain = _chain(text)
    assert [link.relation for link in chain.chain.links[1:]] == relations
    assert [s.status.value for s in report.steps] == statuses
    assert chain.conclusion.relation.value == concluded
    holds = all(s == "proved" for s in statuses)
    shown = render_document_check(report)
    assert f" {concluded} " in shown.split("conclusion: ")[1].splitlines()[0]
    assert ("(every link holds)" if holds else "(it follows only once every link holds)") in shown
    out = document_check_json(report)["chains"][0]
    assert out["conclusion"]["relation"] == concluded and out["conclusion"]["established"] is holds
    assert [s["relation"] for s in out["steps"]] == relations and out["no_conclusion"] is None


def test_a_chain_of_both_directions_concludes_nothing():
    from symdiv.render.json import document_check_json
    from symdiv.render.text import render_document_check

    report, chain = _chain("$$ H(P) \\leq \\log n \\geq H(Q) $$")
    assert [s.status.value for s in report.steps] == ["proved", "proved"]   # each link holds ...
    assert chain.conclusion is None and chain.no_conclusion == "conclusion_mixed"   # ... but H(P), H(Q) unrelated
    assert "conclusion: none: the chain has links in both directions, at most and at least" in \
        render_document_check(report)
    assert "结论" in render_document_check(report, "zh") and "无：链中既有不大于的步骤" in render_document_check(report, "zh")
    out = document_check_json(report)["chains"][0]
    assert out["conclusion"] is None and out["no_conclusion"] == "conclusion_mixed"
    _, chain = _chain("$$ D(P||Q) \\neq D(Q||P) \\geq 0 $$")
    assert chain.conclusion is None and chain.no_conclusion == "conclusion_not_equal"


def test_a_wrong_inequality_link_is_pinpointed_with_a_counterexample():
    report, chain = _chain("$$\n\\begin{aligned}\nH(P, Q) &\\leq H(P) \\\\\n&= -\\sum_i p_i \\log p_i\n"
                           "\\end{aligned}\n$$\n")
    assert [s.status.value for s in report.steps] == ["refuted", "proved"]
    wrong = report.first_wrong
    assert (wrong.line, wrong.link.relation) == (3, "<=")
    values = wrong.report.verdict.counterexample.describe()
    assert {"n", "P", "Q"} <= set(values)
    assert chain.conclusion.relation.value == "<="        # the relation the chain would show, were it right


def test_the_bundled_blog_proof_of_gibbs_holds_as_written():
    from symdiv.render.text import render_document_check

    report = check_file(DOCUMENTS / "gibbs_jensen.md")
    assert report.status is Status.PROVED and not report.skipped
    (chain,) = report.chains
    assert [link.relation for link in chain.chain.links[1:]] == ["=", "<=", "=", "=", "="]
    assert str(chain.conclusion) == "-D(P||Q) <= 0"
    assert chain.steps[1].report.verdict.certificate.kind == "termwise"
    assert "conclusion: -D(P||Q) <= 0  (every link holds)" in render_document_check(report)


def test_the_bundled_chain_rule_is_cover_and_thomas():
    report = check_file(DOCUMENTS / "chain_rule.md")
    assert report.status is Status.PROVED and not report.skipped
    first, second = report.chains
    assert str(first.conclusion) == "H(X,Y) = H(X) + H(Y|X)" and len(first.steps) == 5
    assert str(second.conclusion) == "I(X;Y) = H(X) + H(Y) - H(X,Y)"
    text = (DOCUMENTS / "chain_rule.md").read_text("utf-8")
    assert r"\sum_{x \in \mathcal{X}} \sum_{y \in \mathcal{Y}} p(x, y) \log p(x, y)" in text


def test_a_table_declared_in_a_document_holds_for_what_follows():
    text = "\n".join([
        r"$$ P_{YX} = [[1/8, 1/16, 1/32, 1/32], [1/16, 1/8, 1/32, 1/32], [1/16, 1/16, 1/16, 1/16], [1/4, 0, 0, 0]] $$",
        r"$$ H_2(X, Y) = H_2(X) + H_2(Y|X) = \frac74 + \frac{13}{8} = \frac{27}{8} $$",
        r"$$ I_2(X; Y) = H_2(Y) - H_2(Y|X) = \frac38 $$",
        r"$$ H_2(X|Y) = \frac{13}{8} $$",                                # wrong: it is 11/8
    ])
    report = check_text(text, origin="ct.md")
    assert [(d.name, d.variables, d.shape) for d in report.declarations] == [("p", ("X", "Y"), (4, 4))]
    assert [s.status.value for s in report.steps] == ["proved"] * 5 + ["refuted"]
