"""No English reaches Chinese output: every word symdiv prints comes from the phrase table.

Each output is stripped of its mathematics (display and inline maths, LaTeX
commands and the preamble); what is left may hold Chinese and the names in
``NAMES`` (notation such as ``log`` or ``softmax`` in the text format,
program names), and nothing else written in Latin letters.
"""

import re

import pytest

from symdiv.budget import STAGES, Stop
from symdiv.cli import main
from symdiv.library import discover
from symdiv.prover.verdict import NOTES, Note
from symdiv.render.text import note_text, stop_text

#: Latin-letter words allowed in Chinese output: notation and names, not words.
NAMES = {
    # the text notation (symdiv.render.ascii) and its function names
    "log", "ln", "sum", "prod", "exp", "softmax", "grad", "delta", "phat", "NLL", "KL", "argmin", "argmax", "phi",
    # the loss functions' names in the text notation
    "sigmoid", "softplus", "BCE", "FL", "Bernoulli", "diag",
    # Greek letters, which the text notation spells out (theta, sigma, ...)
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
    "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    # names of programs, number types and units
    "symdiv", "sympy", "float64", "float32", "MiB", "inf", "nan",
}

_MATH = [
    r"\$\$.*?\$\$", r"\\\[.*?\\\]", r"\\\(.*?\\\)", r"(?<!\\)\$.*?(?<!\\)\$",
    r"\\begin\{(align|equation|gather|multline|split|aligned|dmath)\*?\}.*?\\end\{\1\*?\}",
]


def english_words(text: str) -> list[str]:
    """The Latin-letter words of *text* outside its maths and markup that are not in NAMES."""
    text = text.split(r"\begin{document}", 1)[-1]  # the preamble is markup
    text = re.sub(r"(?<!\\)%.*", "", text)
    for pattern in _MATH:
        text = re.sub(pattern, " ", text, flags=re.S)
    # environment names, labels, file names, options and the CJK font are markup; a frame's title is not
    text = re.sub(r"\\(label|ref|includegraphics|input|usepackage|documentclass|hypersetup)"
                  r"(\[[^\]]*\])?(\{[^{}]*\})*", " ", text)
    text = re.sub(r"\\(begin|end)\{[^{}]*\}(\[[^\]]*\])?(\{UTF8\}\{\w+\})?", " ", text)
    text = re.sub(r"\\[A-Za-z@]+\*?", " ", text)
    # a word joined to an underscore or a digit is a variable (p_i, z_j, x1), not a word
    words = re.findall(r"(?<![\w\\])[A-Za-z]{2,}(?![\w(])", text)
    return sorted({w for w in words if w not in NAMES})


def test_the_filter_finds_english_and_passes_maths():
    assert english_words("结论: verdict $\\text{proved}$ log(p_i)") == ["verdict"]
    assert english_words("  1. [left side] 定义: sum_i p_i") == ["left", "side"]
    assert english_words("$$\nH(P) = -\\sum p \\log p\n$$\n已证明") == []
    assert english_words("\\begin{document}\\section{定理}\\begin{align*}x &= y\\end{align*} proved") == ["proved"]


def _cli(capsys, *argv) -> str:
    main(list(argv))
    captured = capsys.readouterr()
    return captured.out + captured.err


THEOREMS = [t.name for t in discover()]


@pytest.mark.parametrize("name", THEOREMS)
def test_theorems_shown_in_chinese_have_no_english(name, capsys):
    for form in ("text", "markdown", "latex", "beamer"):
        out = _cli(capsys, "show", name, "--lang", "zh", "--format", form)
        assert english_words(out) == [], f"show {name} --format {form}:\n{out}"


STATEMENTS = [
    "H(P,Q) = H(P) + D(P||Q)",
    "D(P||Q) = D(Q||P)",
    "D(P||Q) != D(Q||P)",
    "grad_{z_j} H(P, softmax(z)) = softmax(z)_j - p_j",
    "H_2(P) = H(P) / log(2)",
    "H(P) = log(n)",
    r"\arg\min_Q H(P,Q) = \arg\min_Q D(Q||P)",
    r"\arg\min_Q NLL(x; Q) = \arg\max_Q L(x; Q)",
    r"H_2(P) = 3/2 \text{ where } P = (1/2, 1/4, 1/4)",
    r"\sum_{k=1}^{K} p_k \log q_k = -H(P, Q)",
    r"\nabla_\theta H(P, Q) = \nabla_\theta D(P||Q)",
    r"\hat\theta = \arg\max_\theta \prod_{i=1}^{N} q(x_i|\theta) = \arg\min_\theta -\sum_{i=1}^N \log q(x_i|\theta)",
    # issues 14 and 15: random variables, tables, inequalities, minimisers
    "I(X;Y) = H(X) - H(X|Y)",
    "H(X|Y) = H(Y|X)",
    "H_2(X,Y) = 27/8 where P_{XY} = [[1/8, 1/16], [1/16, 3/4]]",
    "D(P||Q) > 0",
    r"H(P) \leq \log n",
    r"\arg\min_Q H(P,Q) = P",
]


@pytest.mark.parametrize("statement", STATEMENTS)
def test_proofs_in_chinese_have_no_english(statement, capsys):
    for form in ("text", "markdown", "latex"):
        out = _cli(capsys, "prove", statement, "--lang", "zh", "--format", form)
        assert english_words(out) == [], f"prove {statement!r} --format {form}:\n{out}"


def test_a_checked_document_in_chinese_has_no_english(tmp_path, capsys):
    doc = tmp_path / "notes.md"
    doc.write_text("$$\nH(P, Q) = H(P) + D(P||Q) = H(Q)\n$$\n", encoding="utf-8")
    out = _cli(capsys, "check", str(doc), "--lang", "zh")
    assert "已否定" in out
    assert english_words(out.replace(str(doc), "")) == [], out


def test_a_checked_chain_of_inequalities_in_chinese_has_no_english(tmp_path, capsys):
    doc = tmp_path / "notes.md"
    doc.write_text("$$\nH(P, Q) \\geq H(P) = -\\sum_i p_i \\log p_i\n$$\n\n$$\nH(P) \\leq \\log n \\geq H(Q)\n$$\n"
                   "\n$$\nD(P||Q) > 0\n$$\n", encoding="utf-8")
    out = _cli(capsys, "check", str(doc), "--lang", "zh")
    assert "每一步都成立" in out and "无：链中既有" in out and "只有每一步都成立时结论才成立" in out
    assert english_words(out.replace(str(doc), "")) == [], out


def test_the_seed_derivations_checked_in_chinese_have_no_english(capsys):
    from pathlib import Path

    import symdiv
    from symdiv.check import check_file

    folder = Path(symdiv.__file__).parent / "proofs" / "documents"
    if not folder.exists():  # an editable install
        folder = Path(__file__).parents[2] / "proofs" / "documents"
    path = folder / "seed_derivations.zh.md"
    out = _cli(capsys, "check", str(path), "--lang", "zh")
    assert "最小值点相同" in out and "推导结论" in out
    # the formulas as the document writes them are not words (the longest first: one may hold another)
    formulas = [text for c in check_file(path).chains
                for text in [c.chain.optimiser, *(link.source for link in c.chain.links)]]
    for text in sorted(filter(None, formulas), key=len, reverse=True):
        out = out.replace(text, " ")
    assert english_words(out.replace(str(path), " ")) == [], out


def test_the_verify_table_in_chinese_has_no_english(capsys):
    out = _cli(capsys, "verify", "--group", "seed", "--lang", "zh")
    assert "个得到预期结论" in out
    assert english_words(re.sub(r"^\S+", "", out, flags=re.M)) == [], out  # theorem names are names


@pytest.mark.parametrize("key", sorted(NOTES))
def test_every_note_in_chinese_has_no_english(key):
    values = {"stop": Stop("time", "cross_check", 10), "stage": "search"}
    note = Note(key, tuple((name, values.get(name, "1")) for name in NOTES[key]))
    assert english_words(note_text(note, "zh")) == []


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("kind", ["time", "memory", "run", "died", "terms"])
def test_every_stop_in_chinese_has_no_english(kind, stage):
    for limit in (10, None) if kind == "memory" else (10,):
        text = stop_text(Stop(kind, stage, limit, "collect"), "zh")
        assert english_words(text) == [], text
        assert english_words(stop_text(Stop(kind, stage, limit, "collect"), "en")), "the filter sees the English"
