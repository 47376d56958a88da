"""Finding chains of equalities in LaTeX and Markdown, with their source lines."""

import pytest
from sympy import Sum, log

import symdiv as sd
from symdiv.check import check_text
from symdiv.core.model import INDEX as i
from symdiv.errors import ParseError
from symdiv.parse import parse_statement
from symdiv.parse.documents import read_chains


def lines_of(chain):
    return [link.line for link in chain.links]


def test_align_star_rows_and_annotations(o):
    text = "\n".join([
        r"\begin{align*}",                                                   # line 1
        r"H(P, Q) &= -\sum_{i=1}^{n} p_i \log q_i && \text{definition} \\",  # line 2
        r"        &= H(P) + D_{KL}(P \| Q). \quad \text{(seed)}",            # line 3
        r"\end{align*}",
    ])
    (chain,) = read_chains(text)
    assert lines_of(chain) == [2, 2, 3]
    assert [link.expr for link in chain.links] == [
        sd.CrossEntropy(o.P, o.Q), -Sum(o.P[i] * log(o.Q[i]), (i, 1, o.n)), sd.Entropy(o.P) + sd.KL(o.P, o.Q)]
    assert [link.annotation for link in chain.links] == ["", "definition", "(seed)"]
    assert chain.links[1].column == 10 and chain.links[1].source == r"-\sum_{i=1}^{n} p_i \log q_i"
    assert chain.environment == "align*"


@pytest.mark.parametrize("env", ["align", "align*", "equation", "equation*", "gather*"])
def test_environments(env):
    (chain,) = read_chains(f"\\begin{{{env}}}\nH(P) = H(P)\n\\end{{{env}}}")
    assert chain.environment == env and len(chain.links) == 2


def test_several_blocks_and_chains_per_file():
    text = "\n".join([
        r"\[ H(P) = H(P) \]",
        r"\begin{align}",
        r"a_chain: H(P) &= H(P) \\",   # 'a_chain:' is not mathematics
        r"\end{align}",
    ])
    with pytest.raises(ParseError) as info:
        read_chains(text)
    assert info.value.line == 3

    text = "\n".join([
        r"\[ H(P) = H(P) \]",
        r"\begin{align}",
        r"H(P) &= H(P) \label{eq:one} \\",
        r"H(Q) &= H(Q) \nonumber \\[4pt]",    # a row with its own left side starts a chain
        r"     &= H(Q)",
        r"\end{align}",
        r"$$ D(P||Q) = D(P||Q) $$",
    ])
    chains = read_chains(text)
    assert [lines_of(c) for c in chains] == [[1, 1], [3, 3], [4, 4, 5], [7, 7]]


def test_aligned_inside_markdown_dollars_and_code_is_skipped():
    text = "\n".join([
        "# Notes",
        "Inline $H(P) = 0$ is not a display and is ignored.",
        "```latex",
        "$$ H(P) = H(Q) $$",            # inside a code fence: not checked
        "```",
        "$$",
        r"\begin{aligned}",
        r"D_{KL}(P \| Q) &= \sum_i p_i \log \frac{p_i}{q_i} \\",
        r"&= H(P, Q) - H(P)",
        r"\end{aligned}",
        "$$",
    ])
    (chain,) = read_chains(text)
    assert lines_of(chain) == [8, 8, 9] and chain.environment == "$$"


def test_comments_are_ignored():
    text = "\n".join([
        r"% \begin{align} H(P) &= 0 \end{align}",
        r"\begin{align*}",
        r"H(P) &= H(P) \\ % &= nonsense \\ here",
        r"  &= -\sum_i p_i \log p_i  % 100\% sure",
        r"\end{align*}",
    ])
    (chain,) = read_chains(text)
    assert lines_of(chain) == [3, 3, 4]


def test_a_long_expression_broken_over_rows():
    text = "\n".join([
        r"\begin{align*}",
        r"H(P, Q) &= -\sum_i p_i \log p_i \\",
        r"        &\quad + \sum_i p_i \log \frac{p_i}{q_i}",
        r"\end{align*}",
    ])
    (chain,) = read_chains(text)
    assert len(chain.links) == 2
    assert sd.prove(chain.links[0].expr, chain.links[1].expr).proved


def test_not_equal_links(o):
    (chain,) = read_chains(r"$$ D(P||Q) \neq D(Q||P) = D(Q||P) $$")
    assert [link.relation for link in chain.links] == ["=", "!=", "="]


def test_inequality_links(o):
    text = "\n".join([r"\begin{align*}", r"H(P, Q) &\geq H(P) \\", r"&\ge H(P) - 1 \\", r"&= H(P) - \log e \\",
                      r"&> H(P) - 2 \\", r"&\leq \log n \\", r"&\le \log n + 1 \\", r"&< \log n + 2 \\",
                      r"&\leqslant \log n + 3 \\", "& \u2264 \\log n + 4", r"\end{align*}"])
    (chain,) = read_chains(text)
    assert [link.relation for link in chain.links] == ["=", ">=", ">=", "=", ">", "<=", "<=", "<", "<=", "<="]
    assert [link.line for link in chain.links[1:]] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    with pytest.raises(ParseError, match="two objectives are compared with '=' \\(the same minimisers\\), not "
                                         "\\\\leq"):
        read_chains(r"$$ \arg\min_Q H(P, Q) \leq \arg\min_Q D(P||Q) $$")


def test_vector_chains_are_read_at_one_component(o):
    (chain,) = read_chains(r"$$ \nabla_z H(P, \operatorname{softmax}(z)) = \operatorname{softmax}(z) - P $$")
    assert chain.component == o.j
    assert chain.links[1].expr == o.S.component(o.j) - o.P[o.j]


def test_blocks_without_equals_are_not_claims():
    assert read_chains(r"$$ H(P) $$ and \begin{equation} D(P||Q) \end{equation}") == ()


@pytest.mark.parametrize("text, line, column, message", [
    ("\\begin{align*}\nH(P) &= 1\n", 1, 1, "the \\begin{align*} block is never closed"),
    ("$$\nH(P) = 0\n", 1, 1, "the $$ block is never closed"),
    ("\\begin{align*}\n&= H(P)\n\\end{align*}", 2, 2, "starts with '=' but no expression"),
    ("\\begin{align*}\nH(P) &= \\\\\n\\end{align*}", 2, 7, "nothing follows this '='"),
    ("\\begin{align*}\nH(P) &= 1 & H(Q) &= 2\n\\end{align*}", 2, 11, "two equations in one row"),
    ("$$\nH(P) \\approx \\log n\n$$", 2, 6, "unsupported relation"),
    ("$$\nH(P) = \\foo\n$$", 2, 8, "unsupported LaTeX command \\foo"),
    ("\\begin{align*}\nH(P) &= (1\n\\end{align*}", 2, 9, "unbalanced brackets"),
    ("\\begin{align*}\nH(P) &== H(P)\n\\end{align*}", 2, 7, "'==' is not notation symdiv reads"),
    ("$$\nH(P, Q) = H(P;Q)\n$$", 2, 14, "';' is the notation of mutual information I(X;Y)"),
    ("$$\nH(P) = H(P|Q)\n$$", 2, 11, "conditional entropy, H(Y|X), which is of random variables"),
    ("$$\nH(P) = \\exp{} - 1\n$$", 2, 8, "\\exp needs an argument"),
])
def test_errors_name_the_file_line(text, line, column, message):
    with pytest.raises(ParseError) as info:
        read_chains(text, origin="notes.tex")
    assert message in info.value.message
    assert (info.value.line, info.value.column) == (line, column)
    # file:line:column:, the form editors and CI annotators link to the source
    assert str(info.value).startswith(f"notes.tex:{line}:{column}: {info.value.message}\n")


def test_line_breaks_and_escaped_dollars_in_prose_open_no_display():
    text = "\n".join([
        r"A paragraph with a forced break\\[2pt] and a price of \$\$5.",
        r"\[ H(P) = H(P) \]",
    ])
    (chain,) = read_chains(text)
    assert chain.line == 2 and chain.environment == "\\["


def test_intertext_is_prose_between_rows():
    text = "\n".join([
        r"\begin{align*}",
        r"H(P, Q) &= -\sum_i p_i \log q_i \\",
        r"\intertext{and, adding and subtracting $\sum_i p_i \log p_i$,}",
        r"&= H(P) + D(P||Q)",
        r"\end{align*}",
    ])
    (chain,) = read_chains(text)
    assert [link.line for link in chain.links] == [2, 2, 4]


# -- \quad: one rule for a statement and a document row -----------------------------
@pytest.mark.parametrize("statement", [
    r"D_{KL}(P \| Q) = \sum_i p_i \log p_i \quad - \sum_i p_i \log q_i",
    r"H(P, Q) = -\sum_i p_i \log p_i \qquad + \sum_i p_i \log \frac{p_i}{q_i}",
    r"H(P, Q) = H(P) \quad + \quad D_{KL}(P \| Q)",        # the operator before the second \quad
    r"2 H(P) = H(P) \quad \cdot \quad 2",
    r"H(P) \quad = \quad -\sum_i p_i \log p_i",
])
def test_quad_next_to_an_operator_continues_the_formula_in_a_statement_and_a_document(statement):
    s = parse_statement(statement)
    assert sd.prove(s.lhs, s.rhs).proved
    (chain,) = read_chains(f"$$\n{statement}\n$$\n")
    assert [link.expr for link in chain.links] == [s.lhs, s.rhs]
    assert [link.annotation for link in chain.links] == ["", ""]
    report = check_text(f"\\begin{{align*}}\n{statement.replace('=', '&=', 1)}\n\\end{{align*}}\n")
    assert [step.status.value for step in report.steps] == ["proved"]


@pytest.mark.parametrize("row, note", [
    (r"H(P) &= -\sum_i p_i \log p_i \quad \text{by definition}", "by definition"),
    (r"H(P) &= -\sum_i p_i \log p_i \quad by definition", "by definition"),
    (r"H(P) &= -\sum_i p_i \log p_i \qquad (\text{Gibbs})", "(Gibbs)"),
    (r"H(P) &= -\sum_i p_i \log p_i, \quad \text{for all } P", "for all P"),   # the comma ends the formula
])
def test_quad_followed_by_words_is_commentary(o, row, note):
    (chain,) = read_chains(f"\\begin{{align*}}\n{row}\n\\end{{align*}}\n")
    assert chain.links[1].expr == -Sum(o.P[i] * log(o.P[i]), (i, 1, o.n))
    assert chain.links[1].annotation == note
    # the same line as a statement: commentary has no place there, so it is refused, never misread
    with pytest.raises(ParseError, match=r"what follows \\q?quad here is commentary") as info:
        parse_statement(row.replace("&", ""))
    assert info.value.column == row.replace("&", "").index("\\q") + 1


def test_the_number_of_blocks_is_limited():
    from symdiv.parse.documents import MAX_BLOCKS

    within = "$$p_1=p_1$$\n" * MAX_BLOCKS
    assert len(read_chains(within)) == MAX_BLOCKS
    with pytest.raises(ParseError, match=f"more than {MAX_BLOCKS} display blocks") as exc:
        read_chains(within + "$$p_2=p_2$$\n")
    assert exc.value.line == MAX_BLOCKS + 1
