"""Files the exporter writes: pdflatex in a private folder, runs until the references settle."""

import subprocess

from symdiv.render.files import SETTLE_RUNS, compile_latex
from tests.conftest import pdflatex, require_program

# Forty sections on pages of their own: the table of contents runs over two pages, so the
# page numbers of the first pass's .toc are off by one until a third pass.
_LONG_CONTENTS = "\n".join(
    [r"\documentclass{article}", r"\begin{document}", r"\tableofcontents"]
    + [rf"\clearpage\section{{Part {k}}}Text of part {k}." for k in range(1, 41)]
    + [r"\end{document}"])


def test_a_table_of_contents_gives_the_pages_the_sections_are_on(tmp_path):
    program = pdflatex()
    pdftotext = require_program("pdftotext", "apt-get install poppler-utils")
    tex = tmp_path / "long.tex"
    tex.write_text(_LONG_CONTENTS)
    pdf = compile_latex(program, tex, runs=SETTLE_RUNS)
    assert pdf is not None and pdf.exists()
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    actual = {str(k): next(n for n, page in enumerate(pages, 1) if f"Text of part {k}." in page) for k in (1, 40)}
    for k in ("1", "40"):
        line = next(line for line in "".join(pages[:3]).splitlines() if line.strip().startswith(f"{k} Part {k}"))
        assert int(line.split()[-1]) == actual[k], (k, line)


def test_the_work_folder_is_left_clean(tmp_path):
    tex = tmp_path / "small.tex"
    tex.write_text("\\documentclass{article}\\begin{document}x\\end{document}")
    assert compile_latex(pdflatex(), tex, runs=SETTLE_RUNS) is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.pdf", "small.tex"]
