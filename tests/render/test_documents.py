"""Standalone documents compile with a real TeX engine; wrong steps are pinpointed."""


import pytest
from sympy import Sum, log

import symdiv as sd
from symdiv import Status
from symdiv.core.model import INDEX as i
from symdiv.library import discover
from symdiv.prover.derivation import Derivation, DerivationStep
from symdiv.render.documents import derivation_markdown, latex_document, theorem_sections
from symdiv.render.json import derivation_json
from symdiv.render.text import render_derivation
from tests.conftest import compiles, require

THEOREMS = discover()
n = sd.alphabet_size()
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_theorem_document_compiles(tmp_path, lang):
    library = []
    for t in THEOREMS:
        verdict, report = t.run_all()
        sections = theorem_sections(t.title, verdict, report, lang=lang)
        library += sections
        compiles(tmp_path, t.name, latex_document(sections, lang=lang))
    compiles(tmp_path, "library", latex_document(library, lang=lang, title="library"))


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
        ["kl_asymmetry.png", "kl_asymmetry.pdf", "decomposition.png", "decomposition.pdf"])
    assert all(p.stat().st_size > 5000 for p in paths)
