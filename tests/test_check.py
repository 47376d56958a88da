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

    # kl_asymmetry is about explicit P and Q, which the notation reads as arbitrary distributions;
    # mle_to_cross_entropy needs datasets and arg min, which the notation does not have.
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
    assert str(report.skipped[0]).startswith("notes.md:2:10: unknown distribution 'X'")
