"""Standalone documents and slides compile with a real TeX engine and fit their page; wrong steps are pinpointed."""


import re
from pathlib import Path

import pytest
from sympy import Sum, log

import symdiv as sd
from symdiv import Status
from symdiv.core.model import INDEX as i
from symdiv.library import discover, reading_order
from symdiv.prover.derivation import Derivation, DerivationStep
from symdiv.render.documents import (ARTICLE_WIDTH, conventions_latex, derivation_latex, derivation_markdown,
                                     figure_captions, heading_latex, latex_document, math_width, text_width)
from symdiv.render.json import derivation_json
from symdiv.render.phrases import phrase
from symdiv.render.text import render_derivation
from tests.conftest import compiles, pdflatex, require

THEOREMS = discover()
THEOREMS_BY_NAME = {t.name: t for t in THEOREMS}
n = sd.alphabet_size()
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)


# -- every exported document fits its page -----------------------------------------
_OVERFULL = re.compile(r"^Overfull \\([hv])box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)(.*)$", re.M)


def overfull_boxes(log: str, limit: float = 1.0) -> list[str]:
    """The overfull boxes pdflatex reported in *log* wider (or higher) than *limit* points."""
    return [m.group(0) for m in _OVERFULL.finditer(log) if float(m.group(2)) > limit]


def compile_and_read_log(tex: Path, folder: Path) -> str:
    """Compile *tex* (one pdflatex run) in a private copy of *folder*; return its log."""
    import shutil
    import subprocess

    work = folder.parent / f"compile-{tex.stem}"
    work.mkdir()
    shutil.copyfile(tex, work / tex.name)
    if (folder / "figures").is_dir():
        shutil.copytree(folder / "figures", work / "figures")
    proc = subprocess.run([pdflatex(), "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=work,
                          capture_output=True, timeout=300)
    log = (work / tex.with_suffix(".log").name).read_text(encoding="latin-1")
    assert proc.returncode == 0, f"{tex.name} does not compile:\n{log[-3000:]}"
    assert (work / tex.with_suffix(".pdf").name).stat().st_size > 1000
    return log


def beamer() -> None:
    """pdflatex with beamer and the pgf it draws with (skip locally, fail in CI when missing)."""
    import subprocess

    from tests.conftest import _missing

    pdflatex()
    found = subprocess.run(["kpsewhich", "beamer.cls", "pgfmath.sty"], capture_output=True, text=True)
    if len(found.stdout.split()) < 2:
        _missing("beamer", "apt-get install texlive-latex-recommended texlive-pictures")


def assert_fits(folder: Path, pattern: str = "*.tex") -> int:
    """Compile every .tex in *folder*: none may have an overfull box of more than 1 pt."""
    failures, count = [], 0
    for tex in sorted(folder.glob(pattern)):
        failures += [f"{tex.name}: {box}" for box in overfull_boxes(compile_and_read_log(tex, folder))]
        count += 1
    assert not failures, "\n".join(failures)
    return count


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_exported_document_fits_its_page(tmp_path, lang, capsys):
    """``symdiv export DIR``: each theorem's .tex and library.tex compile with no overfull
    box wider than 1 pt."""
    from symdiv.cli import main

    pdflatex()  # skip locally without TeX, fail in CI
    out = tmp_path / "out"
    assert main(["export", str(out), "--no-pdf", "--lang", lang]) == 0
    assert assert_fits(out) == len(THEOREMS) + 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_slides_fit_their_frames(tmp_path, lang, capsys):
    """``symdiv export DIR --slides``: slides.tex has no overfull \\hbox or \\vbox (a frame
    too long for one slide continues on the next)."""
    from symdiv.cli import main

    beamer()
    out = tmp_path / "out"
    assert main(["export", str(out), "--no-pdf", "--slides", "--lang", lang]) == 0
    assert assert_fits(out, "slides.tex") == 1


@pytest.mark.parametrize("fmt", ["latex", "beamer"])
def test_command_documents_fit_their_page(tmp_path, fmt, capsys):
    """``symdiv show/prove --format latex|beamer``, in English and Chinese, in every style."""
    from symdiv.cli import main

    beamer() if fmt == "beamer" else pdflatex()
    out = tmp_path / "out"
    out.mkdir()
    commands = {
        "prove_kl": ["prove", "D(P||Q) = D(Q||P)"],
        "prove_grad": ["prove", "grad_z H(P, softmax(z)) = softmax(z) - P"],
        "prove_long": ["prove", "grad_z D(P||softmax(z)) + grad_z H(P, softmax(z)) = 2*softmax(z) - 2*P"],
        "show_grad": ["show", "gradient_equality", "--log", "ln", "--sums", "outcomes"],
    }
    for lang in ("en", "zh"):
        for name, command in commands.items():
            main(command + ["--format", fmt, "--lang", lang])
            (out / f"{name}_{lang}.tex").write_text(capsys.readouterr().out, encoding="utf-8")
    assert assert_fits(out) == 8


def test_overfull_boxes_are_read_from_the_log():
    log = ("Overfull \\hbox (237.79pt too wide) in paragraph at lines 9--9\n"
           "Overfull \\hbox (0.5pt too wide) detected at line 3\nOverfull \\vbox (2.52306pt too high) detected\n")
    assert [b.split(" (")[1].split("pt")[0] for b in overfull_boxes(log)] == ["237.79", "2.52306"]


# -- the layout ------------------------------------------------------------------------
def test_without_a_width_the_layout_is_the_classic_one():
    """The golden files, Jupyter and Markdown keep one row a step with its justification beside it."""
    report = THEOREMS_BY_NAME["gradient_equality"].derivation.check()
    text = derivation_latex(report)
    assert r"\tag" not in text and "Biggl" not in text
    assert text.count(r"\\") == len(report.steps) - 1 and text.count(r"&& \text{") == len(report.steps)


@pytest.mark.parametrize("width", [120, 200, 300, ARTICLE_WIDTH])
@pytest.mark.parametrize("name", ["cross_entropy_decomposition", "kl_expansion", "gradient_equality",
                                  "softmax_cross_entropy_gradient"])
def test_a_derivation_laid_out_to_fit_still_checks(name, width):
    """Broken lines, hand-sized brackets and justifications as tags: `symdiv check` reads the
    document back, every step, and proves it."""
    from symdiv.check import check_text

    derivation = THEOREMS_BY_NAME[name].derivation
    text = latex_document([("x", derivation_latex(derivation, width=width))])
    report = check_text(text, origin=name)
    assert report.status is Status.PROVED and len(report.steps) == len(derivation.steps)


def test_long_lines_break_before_an_operator_with_sized_brackets():
    """At 170 pt every row of every bundled derivation fits; a bracket opened on one line and
    closed on another is sized by hand, the same size at both ends."""
    sized = 0
    for theorem in THEOREMS:
        if theorem.derivation is None:
            continue
        text = derivation_latex(theorem.derivation, width=170)
        for size in ("big", "Big", "bigg", "Bigg"):
            assert text.count(f"\\{size}l") == text.count(f"\\{size}r"), (theorem.name, size)
            sized += text.count(f"\\{size}l")
        for row in text.split("\n")[1:-1]:
            maths = row.split(r"\tag*")[0].rstrip(" \\").replace("&", "")
            assert math_width(maths) <= 170, (theorem.name, row)
    assert sized >= 2


def test_width_estimates_are_close_to_tex():
    """Widths as pdflatex measured them (pt, 10 pt type, display style) against the estimates."""
    measured = {
        r"- \sum_{i=1}^{n} p_{i} \log q_{i}": 57.96,
        r"a+b": 21.80,
        r"\frac{\partial}{\partial z_{j}} H(P, \operatorname{softmax}(z))": 92.54,
        r"\frac{\partial}{\partial z_{j}} \left(\left(\sum_{i=1}^{n} p_{i}\right) \log{\left(\sum_{k=1}^{n} "
        r"e^{z_{k}}\right)} - \sum_{i=1}^{n} p_{i} z_{i}\right)": 181.25,
        r"\operatorname*{arg\,min}_{Q} \mathrm{NLL}(x;\, Q) = \operatorname*{arg\,max}_{Q} L(x;\, Q)": 165.21,
    }
    for tex, width in measured.items():
        assert math_width(tex) == pytest.approx(width, rel=0.04), tex
    assert text_width("Maximum likelihood is minimum cross-entropy") == pytest.approx(205.50, rel=0.02)
    assert text_width("交叉熵等于熵加") == 70.0


# -- words: headings, conventions, captions --------------------------------------------
_ASCII_MATHS = re.compile(r"\|\||_KL|[A-Za-z]_[A-Za-z0-9]|\d/\d|(?<![A-Za-z])(?:ln|log) |(?<![A-Za-z])[A-Za-z] [-\u2212+=] "
                          r"|\^|`|(?<![A-Za-z\\])(?:gamma|sigma|mu|phi)(?![A-Za-z])|(?:softplus|sigmoid)\(")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_headings_typeset_their_maths(lang):
    """No heading shows ASCII maths: `q - p`, `ln 2`, `(1/2, 1/4)`, `D(P||Q)` are set as maths."""
    from symdiv.render.phrases import TITLES

    titles = [entry[lang] for entry in TITLES.values()] + ["D_KL(P||Q) = D_KL(Q||P)", "Gibbs: D(P||Q) >= 0"]
    titles += [phrase(key, lang, marked=True) for key in ("termwise", "phi_rewrite", "gaussian_moments",
                                                          "sigmoid", "log_sigmoid", "power_as_exp")]
    for text in titles:
        words = re.sub(r"\$[^$]*\$", " ", heading_latex(text))
        assert not _ASCII_MATHS.search(words), (text, heading_latex(text))
    assert heading_latex("The gradient of softmax cross-entropy is q - p").endswith("is $q - p$")
    assert heading_latex("D(P||Q) = D(Q||P)") == r"$D_{\mathrm{KL}}(P \,\|\, Q) = D_{\mathrm{KL}}(Q \,\|\, P)$"
    assert heading_latex("Entropy in bits is entropy in nats divided by ln 2", log="ln").endswith(r"$\ln 2$")
    assert heading_latex("A certain event carries no information") == "A certain event carries no information"


def test_conventions_are_stated_in_both_languages():
    en, zh = conventions_latex("en"), conventions_latex("zh", log="ln", sums="outcomes")
    # each formula braced: TeX never breaks a line inside p_i > 0
    assert "natural logarithm" in en and r"${p_{i} > 0}$" in en and r"${\sum_{i=1}^{n} p_{i} = 1}$" in en
    assert r"${0 \log 0 = 0}$" in en and r"one-hot ${\delta}$" in en and "differential entropy" in en
    assert "自然对数" in zh and r"${\ln}$" in zh and r"${\sum_{x} P(x) = 1}$" in zh and r"${0 \ln 0 = 0}$" in zh
    assert "微分熵" in zh and r"独热的 ${\delta}$" in zh


def test_library_is_a_handout(tmp_path, capsys):
    """A title page (no date: the same file on every run), contents, the conventions once, one
    numbered section per theorem titled from the phrase table with its claim below, the figures."""
    from symdiv import __version__
    from symdiv.cli import main
    from symdiv.render.phrases import title

    for lang in ("en", "zh"):
        out = tmp_path / lang
        assert main(["export", str(out), "--no-pdf", "--lang", lang]) == 0
        text = (out / "library.tex").read_text(encoding="utf-8")
        again = tmp_path / f"{lang}-again"
        assert main(["export", str(again), "--no-pdf", "--lang", lang]) == 0
        assert (again / "library.tex").read_text(encoding="utf-8") == text  # deterministic
        assert r"\begin{titlepage}" in text and f"symdiv {__version__}" in text and r"\today" not in text
        assert r"\tableofcontents" in text and text.count(r"\textbf{" + phrase("conventions", lang)) == 1
        sections = re.findall(r"^\\section\{(.*)\}$", text, re.M)
        # in teaching order: the definitions first, the losses last
        ordered = reading_order(THEOREMS)
        assert ordered[0].group == "teaching" and ordered[-1].group == "losses"
        assert sections == [heading_latex(title("theorem", t.name, t.title, lang, marked=True)) for t in ordered]
        # the figures are not a theorem: unnumbered, but in the contents
        assert rf"\section*{{{phrase('figures', lang)}}}" in text
        assert rf"\addcontentsline{{toc}}{{section}}{{{phrase('figures', lang)}}}" in text
        for t, body in zip(ordered, re.split(r"^\\section\{.*\}$", text, flags=re.M)[1:]):
            assert body.lstrip().startswith(r"\["), t.name  # the claim, typeset, right below the heading
        figures = (out / "figures").is_dir()
        assert text.count(r"\includegraphics") == (3 if figures else 0)
        if figures:
            assert r"\includegraphics[width=0.8\linewidth]{figures/kl_asymmetry.pdf}" in text
            assert all(rf"\caption{{{c}}}" in text for c in figure_captions(lang).values())


def test_slides_have_a_frame_per_theorem(tmp_path, capsys):
    from symdiv.cli import main

    assert main(["export", str(tmp_path), "--no-pdf", "--slides", "--lang", "zh"]) == 0
    text = (tmp_path / "slides.tex").read_text(encoding="utf-8")
    assert text.startswith(r"\documentclass[aspectratio=169,t]{beamer}")
    assert text.count(r"\begin{frame}[allowframebreaks") == len(THEOREMS)
    assert r"\begin{CJK}{UTF8}{gbsn}" in text and "约定" in text and "交叉熵等于熵加 KL 散度" in text


def test_export_with_pdflatex_leaves_documents_and_figures_only(tmp_path, capsys):
    from symdiv.cli import main

    beamer()
    assert main(["export", str(tmp_path), "--slides"]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"library.pdf", "slides.pdf", "kl_asymmetry.pdf"} <= names
    assert all(n.endswith((".tex", ".md", ".pdf")) or n == "figures" for n in names), names
    if (tmp_path / "figures").exists():
        assert all(p.suffix in (".png", ".pdf") for p in (tmp_path / "figures").iterdir())


def wrong_derivation():
    return Derivation("wrong", "A derivation with a wrong step", sd.CrossEntropy(P, Q), (
        DerivationStep(-Sum(P[i] * log(Q[i]), (i, 1, n)), "definition"),
        DerivationStep(-Sum(Q[i] * log(P[i]), (i, 1, n)), "linearity"),      # wrong: P and Q swapped
        DerivationStep(sd.CrossEntropy(Q, P), "definition"),               # right, given the line before
    ))


def test_wrong_step_is_pinpointed_and_the_rest_reported():
    report = wrong_derivation().check()
    assert report.status is Status.REFUTED and report.first_wrong == 2
    assert [s.status for s in report.steps] == [Status.PROVED, Status.REFUTED, Status.PROVED]
    bad = report.steps[1]
    assert bad.verdict.counterexample.difference.differs
    text = render_derivation(report)
    assert "first wrong step: 2" in text and "<-- refuted" in text
    md = derivation_markdown(report)
    assert "**first wrong step**: 2" in md and "counterexample" in md
    data = derivation_json(report)
    assert data["first_wrong"] == 2 and [s["status"] for s in data["steps"]] == ["proved", "refuted", "proved"]


def test_wrong_derivation_document_still_compiles(tmp_path):
    from symdiv.render.documents import derivation_latex

    compiles(tmp_path, "wrong", latex_document([("wrong", derivation_latex(wrong_derivation().check()))]))


def test_jupyter_reprs():
    report = wrong_derivation().check()
    assert report._repr_latex_().startswith("$$\\begin{aligned}")
    assert "###" in report._repr_markdown_()
    v = sd.prove(sd.KL(P, Q), sd.KL(Q, P))
    # the claim as it was made (=), and the verdict on it: never "a != b ... refuted"
    assert r"\neq" not in v._repr_latex_() and "(refuted)" in v._repr_latex_()
    assert "refuted" in v._repr_markdown_()


def test_unknown_rule_is_named():
    with pytest.raises(sd.InvalidInputError, match="unknown rule 'magic'"):
        DerivationStep(sd.Entropy(P), "magic")


def test_figures(tmp_path):
    require("matplotlib")
    from symdiv.render.figures import write_figures

    paths = write_figures(tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        ["kl_asymmetry.png", "kl_asymmetry.pdf", "decomposition.png", "decomposition.pdf",
         "information_diagram.png", "information_diagram.pdf"])
    assert all(p.stat().st_size > 5000 for p in paths)


def test_the_information_diagram_shows_exact_values_of_cover_and_thomas_example():
    from sympy import Rational

    from symdiv.render.figures import information_values

    values = {str(m): v for m, v in information_values().items()}
    assert values == {"H(X, base=2)": Rational(7, 4), "H(Y, base=2)": 2, "H(X|Y, base=2)": Rational(11, 8),
                      "H(Y|X, base=2)": Rational(13, 8), "I(X;Y, base=2)": Rational(3, 8),
                      "H(X,Y, base=2)": Rational(27, 8)}
    # the areas add up as the diagram draws them
    assert values["H(X|Y, base=2)"] + values["I(X;Y, base=2)"] + values["H(Y|X, base=2)"] == values["H(X,Y, base=2)"]


@pytest.mark.parametrize("name", ["logistic_regression_nll", "nll_cross_entropy_equivalent", "mle_log_trick"])
def test_the_two_sides_chains_stop_where_they_meet(name):
    """lhs = ... = e and rhs = ... = e: nothing after the first common expression is printed twice."""
    from symdiv.render.documents import _step_chain

    v = THEOREMS_BY_NAME[name].run()
    chains = _step_chain(v, "en", {}, environment="aligned")
    assert len(chains) == 2, chains
    rows = [[line.split("&")[1].split(r"\text")[0].strip(" =&") for line in chain.splitlines()[1:-1]]
            for chain in chains]
    left, right = rows
    assert left[-1] == right[-1]                                  # the chains meet ...
    assert not set(left[:-1]) & set(right[:-1])                   # ... once, at their ends
    assert sum(len(r) for r in rows) < sum(1 for s in v.steps if s.side in ("lhs", "rhs")) + 2


def test_a_chain_that_reaches_the_other_side_is_the_whole_proof():
    """When the rhs itself appears on the lhs chain, the rhs gets no chain of its own."""
    from symdiv.render.documents import _met

    v = THEOREMS_BY_NAME["kl_expansion"].run()
    sides = {side: [s for s in v.steps if s.side == side] for side in ("lhs", "rhs")}
    assert sides["rhs"]                                  # the prover rewrote the rhs too ...
    chains = _met(v, sides)
    assert chains["rhs"] == []                           # ... but the lhs chain reaches it as it is
    assert chains["lhs"][-1].expr == v.start_of("rhs")
