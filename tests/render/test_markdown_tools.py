"""Every Markdown output is read by the tools that read Markdown: pandoc and KaTeX.

Markdown has no single grammar for maths, so symdiv writes the form the tools
agree on: inline maths as ``$...$`` with no padding inside the dollars (pandoc's
rule: the opening ``$`` has a non-space to its right, the closing one a
non-space to its left and no digit after it), and display maths as ``$$`` on
lines of their own.  The tests here hold every Markdown output to it:

- the delimiter rules themselves, checked by a scanner of our own (no tools
  needed), so a violation is named with its line even where pandoc is absent;
- pandoc (Debian's, ``-f markdown``): every maths span the generator meant
  becomes a ``Math`` node with exactly that TeX, no ``$`` is left in the text
  and no TeX leaks out as raw TeX;
- KaTeX (from npm, run by node, ``throwOnError: true``): every span renders.

"Every Markdown output" is each bundled theorem (``symdiv show NAME --format
markdown``, i.e. ``theorem_markdown``) in English and Chinese with each
``--log`` (log, ln) and ``--sums`` (indices, outcomes); the files ``symdiv
export`` writes; ``symdiv prove ... --format markdown`` for verdicts of each
kind (proved, refuted with a counterexample, ``!=``, componentwise, proved or
refuted *where* a condition holds); ``verdict_markdown`` of equivalent
objectives (with a certificate, and refuted) and of an unknown verdict; a
derivation with a wrong step; and the bundled ``proofs/documents/*.md``.

Tools: ``pandoc`` on the PATH; node, and KaTeX found through ``SYMDIV_KATEX``
(the ``katex`` package folder, or an npm prefix holding ``node_modules/katex``)
or else through node's own module resolution.  Missing, they skip locally and
fail in CI (``tests.conftest._missing``); ``.ci/run`` installs them.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest
from sympy import Sum, Symbol, log

import symdiv as sd
import symdiv.proofs
from symdiv.core.model import INDEX as i
from symdiv.library import discover
from symdiv.prover.derivation import Derivation, DerivationStep
from symdiv.render.documents import derivation_markdown, theorem_markdown, verdict_markdown
from tests.conftest import _missing, require_program

HERE = Path(__file__).parent
KATEX_CHECK = HERE / "katex_check.js"
DOCUMENTS = Path(symdiv.proofs.__file__).parent / "documents"

LANGS = ("en", "zh")
# `symdiv show`'s --log and --sums, passed on as settings of the LaTeX printer
STYLES = tuple({"log": log_, "sums": sums} for log_ in ("log", "ln") for sums in ("indices", "outcomes"))


# --- the scanner: where the generator meant maths --------------------------------------------

@dataclass(frozen=True)
class Span:
    display: bool
    tex: str
    line: int       # 1-based line of the opening delimiter

    def __str__(self) -> str:
        return f"line {self.line}: " + (f"$$ {self.tex.strip()} $$" if self.display else f"${self.tex}$")


def _unescaped(text: str, pos: int) -> bool:
    """The character at *pos* is not escaped: an even number of backslashes precede it."""
    k = pos
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (pos - k) % 2 == 0


def _blank_code_spans(text: str) -> str:
    """*text* with the contents of backtick code spans blanked (a ``$`` there is not maths)."""
    out, pos = [], 0
    for m in re.finditer(r"(`+)(.+?)(?<!`)\1(?!`)", text, flags=re.S):
        out += [text[pos:m.start()], " " * (m.end() - m.start())]
        pos = m.end()
    return "".join(out) + text[pos:]


def scan(markdown: str) -> tuple[list[Span], list[str], int]:
    """The maths spans *markdown* means, in document order, its breaches of the delimiter rules,
    and how many dollar signs it writes in words (``\\$``, which pandoc reads as a ``$`` in a Str).

    Display maths is a line ``$$``, the TeX, and a line ``$$``.  Everywhere else
    each unescaped ``$`` is a delimiter, paired within its paragraph: ``$...$``
    is inline maths (``$$...$$`` inside a line is display maths in the wrong
    place).  ``\\$`` is a dollar sign; code blocks and code spans hold none.
    """
    lines = markdown.split("\n")
    spans: list[Span] = []
    problems: list[str] = []
    literals: list[int] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            _scan_paragraph(paragraph, spans, problems, literals)
            paragraph.clear()

    k, fence = 0, None
    while k < len(lines):
        line, number = lines[k], k + 1
        stripped = line.strip()
        if fence is not None:
            fence = None if stripped.startswith(fence) else fence
            k += 1
            continue
        if stripped.startswith(("```", "~~~")):
            flush()
            fence = stripped[:3]
            k += 1
            continue
        if stripped == "$$":
            flush()
            end = next((m for m in range(k + 1, len(lines)) if lines[m].strip() == "$$"), None)
            if end is None:
                problems.append(f"line {number}: $$ is never closed")
                break
            body = lines[k + 1:end]
            if any(not b.strip() for b in body):
                problems.append(f"line {number}: a blank line inside display maths ends the paragraph")
            if not any(b.strip() for b in body):
                problems.append(f"line {number}: empty display maths")
            spans.append(Span(True, "\n".join(body), number))
            k = end + 1
            continue
        if not stripped:
            flush()
        else:
            paragraph.append((number, line))
        k += 1
    flush()
    return spans, problems, len(literals)


def _scan_paragraph(paragraph: list[tuple[int, str]], spans: list[Span], problems: list[str],
                    literals: list[int]) -> None:
    text = "\n".join(line for _, line in paragraph)
    starts = [number for number, _ in paragraph]
    blanked = _blank_code_spans(text)
    dollars = [p for p, ch in enumerate(blanked) if ch == "$" and _unescaped(blanked, p)]
    escaped = [p for p, ch in enumerate(blanked) if ch == "$" and not _unescaped(blanked, p)]
    inside: list[tuple[int, int]] = []

    def line_of(pos: int) -> int:
        return starts[text.count("\n", 0, pos)]

    n = 0
    while n < len(dollars):
        pos = dollars[n]
        if n + 1 < len(dollars) and dollars[n + 1] == pos + 1:        # $$ inside a line
            close = next((m for m in range(n + 2, len(dollars) - 1) if dollars[m + 1] == dollars[m] + 1), None)
            problems.append(f"line {line_of(pos)}: $$ is not on a line of its own: "
                            f"{text.split(chr(10))[text.count(chr(10), 0, pos)]!r}")
            if close is None:
                problems.append(f"line {line_of(pos)}: $$ is never closed")
                break
            spans.append(Span(True, text[pos + 2:dollars[close]], line_of(pos)))
            inside.append((pos, dollars[close]))
            n = close + 2
            continue
        if n + 1 >= len(dollars):
            problems.append(f"line {line_of(pos)}: a lone $ (a dollar sign in words is written \\$): "
                            f"{text[max(0, pos - 30):pos + 30]!r}")
            break
        end = dollars[n + 1]
        tex = text[pos + 1:end]
        span = Span(False, tex, line_of(pos))
        if not tex.strip():
            problems.append(f"{span}: empty inline maths")
        elif tex != tex.strip():
            problems.append(f"{span}: inline maths padded inside its dollars (pandoc reads no maths there)")
        if end + 1 < len(text) and text[end + 1].isdigit():
            problems.append(f"{span}: the closing $ is followed by a digit (pandoc reads no maths there)")
        spans.append(span)
        inside.append((pos, end))
        n += 2
    literals += [p for p in escaped if not any(a < p < b for a, b in inside)]


# --- every Markdown output ----------------------------------------------------------------------

THEOREMS = {t.name: t for t in discover()}


@functools.lru_cache(maxsize=None)
def _run(name: str):
    return THEOREMS[name].run_all()


def _style(style: dict) -> str:
    return " ".join(f"--{k} {v}" for k, v in style.items())


def _theorem(name: str) -> dict[str, str]:
    """``symdiv show NAME --format markdown [--lang zh] [--log ln] [--sums outcomes]``."""
    verdict, report = _run(name)
    return {f"{lang} {_style(style)}": theorem_markdown(THEOREMS[name].title, verdict, report, lang=lang, **style)
            for lang in LANGS for style in STYLES}


def _export() -> dict[str, str]:
    """The .md files ``symdiv export DIR --no-pdf --lang zh --log ln --sums outcomes`` writes."""
    import tempfile

    from symdiv.cli import main

    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(io.StringIO()):
        assert main(["export", folder, "--no-pdf", "--lang", "zh", "--log", "ln", "--sums", "outcomes"]) == 0
        files = {path.name: path.read_text(encoding="utf-8") for path in sorted(Path(folder).glob("*.md"))}
    assert len(files) == len(THEOREMS)
    return files


def _cli_prove(statement: str) -> dict[str, str]:
    """``symdiv prove STATEMENT --format markdown [--lang zh]``, exactly as printed."""
    from symdiv.cli import main

    out = {}
    for lang in LANGS:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            main(["prove", statement, "--format", "markdown", "--lang", lang])
        out[lang] = buffer.getvalue()
        assert out[lang].strip(), f"symdiv prove {statement!r} printed nothing"
    return out


n = sd.alphabet_size("n")
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
DATA = sd.Dataset("x", Symbol("N", integer=True, positive=True), n)


def _verdict(make: Callable[[], "sd.Verdict"]) -> Callable[[], dict[str, str]]:
    def outputs() -> dict[str, str]:
        v = make()
        return {f"{lang} {_style(style)}": verdict_markdown(v, lang=lang, **style)
                for lang in LANGS for style in STYLES}
    return outputs


def _wrong_derivation() -> dict[str, str]:
    """A derivation whose second step is wrong: the wrong step and its counterexample are shown too."""
    d = Derivation("wrong", "A derivation with a wrong step", sd.CrossEntropy(P, Q), (
        DerivationStep(-Sum(P[i] * log(Q[i]), (i, 1, n)), "definition"),
        DerivationStep(-Sum(Q[i] * log(P[i]), (i, 1, n)), "linearity"),      # wrong: P and Q swapped
        DerivationStep(sd.CrossEntropy(Q, P), "definition"),
    ))
    report = d.check()
    assert report.first_wrong == 2
    return {f"{lang} {_style(style)}": derivation_markdown(report, lang=lang, **style)
            for lang in LANGS for style in STYLES}


SOURCES: dict[str, Callable[[], dict[str, str]]] = {
    **{f"theorem:{name}": functools.partial(_theorem, name) for name in THEOREMS},
    "prove:proved": functools.partial(_cli_prove, "H(P,Q) = H(P) + D(P||Q)"),
    "prove:refuted": functools.partial(_cli_prove, "D(P||Q) = D(Q||P)"),
    "prove:differs": functools.partial(_cli_prove, "D(P||Q) != D(Q||P)"),
    "prove:componentwise": functools.partial(_cli_prove, "grad_z H(P, softmax(z)) = softmax(z) - P"),
    "prove:proved_where": functools.partial(_cli_prove, "(p_j - q_j)/(p_j - q_j) = 1"),
    "prove:refuted_where": functools.partial(_cli_prove, "log(p_j - q_j) = log(p_j)"),
    "verdict:equivalent": _verdict(lambda: sd.equivalent(sd.NLL(DATA, Q), sd.CrossEntropy(DATA.empirical(), Q),
                                                         wrt=Q)),
    "verdict:not_equivalent": _verdict(lambda: sd.equivalent(sd.CrossEntropy(P, Q), sd.KL(Q, P), wrt=Q)),
    "verdict:unknown": _verdict(lambda: sd.prove(sd.CrossEntropy(P, Q), sd.Entropy(P) + sd.KL(P, Q), budget=1e-9)),
    "derivation:wrong_step": _wrong_derivation,
    "export": _export,
    **{f"document:{path.name}": (lambda path=path: {"": path.read_text(encoding="utf-8")})
       for path in sorted(DOCUMENTS.glob("*.md"))},
}


@functools.lru_cache(maxsize=None)
def outputs(source: str) -> dict[str, str]:
    """The Markdown texts of *source*, by variant (language and notation)."""
    return SOURCES[source]()


def _where(source: str, variant: str) -> str:
    return f"{source} [{variant}]" if variant else source


def _report(failures: list[str], what: str) -> None:
    if failures:
        shown = "\n".join(failures[:40]) + (f"\n... and {len(failures) - 40} more" if len(failures) > 40 else "")
        pytest.fail(f"{len(failures)} {what}:\n{shown}", pytrace=False)


def test_every_source_is_covered():
    assert len(THEOREMS) >= 18 and {p.name for p in DOCUMENTS.glob("*.md")} >= {"entropy.md", "kl_divergence.md"}
    # every kind of verdict line: a condition, a component, a certificate, a counterexample
    texts = {source: "\n".join(outputs(source).values()) for source in SOURCES
             if source.startswith(("prove:", "verdict:"))}
    assert r"\neq 0$" in texts["prove:proved_where"] and "$j$" in texts["prove:componentwise"]
    assert "\\approx" in texts["prove:refuted"] and "\\operatorname*{arg\\,min}" in texts["verdict:equivalent"]


# --- the delimiter rules (no tools) ------------------------------------------------------------

@pytest.mark.parametrize("source", SOURCES)
def test_maths_delimiters_follow_the_rules(source):
    failures = []
    for variant, text in outputs(source).items():
        spans, problems, _ = scan(text)
        failures += [f"{_where(source, variant)}: {p}" for p in problems]
        if not spans:
            failures.append(f"{_where(source, variant)}: no maths at all")
    _report(failures, "breaches of the Markdown maths rules (inline $x$ unpadded, $$ on its own lines)")


# --- pandoc ------------------------------------------------------------------------------------

def pandoc() -> str:
    return require_program("pandoc", "apt-get install pandoc")


def pandoc_ast(text: str) -> dict:
    proc = subprocess.run([pandoc(), "-f", "markdown", "-t", "json"], input=text, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def walk(node, maths: list[Span], strs: list[str], raws: list[str]) -> None:
    """Collect, in document order, the Math nodes, the Str texts and the raw TeX of a pandoc JSON AST."""
    if isinstance(node, list):
        for item in node:
            walk(item, maths, strs, raws)
    elif isinstance(node, dict):
        kind = node.get("t")
        if kind == "Math":
            mode, tex = node["c"]
            maths.append(Span(mode["t"] == "DisplayMath", tex, 0))
        elif kind == "Str":
            strs.append(node["c"])
        elif kind in ("RawInline", "RawBlock"):
            raws.append(f"{kind} {node['c'][0]}: {node['c'][1]!r}")
        else:
            for key in ("c", "blocks", "meta"):
                if key in node:
                    walk(node[key], maths, strs, raws)


def pandoc_problems(text: str) -> list[str]:
    """What pandoc reads differently from what the generator meant."""
    meant, _, literals = scan(text)
    read: list[Span] = []
    strs: list[str] = []
    raws: list[str] = []
    walk(pandoc_ast(text), read, strs, raws)
    problems = []
    want = [(s.display, s.tex.strip()) for s in meant]
    got = [(s.display, s.tex.strip()) for s in read]
    if want != got:
        problems.append(f"{len(meant)} maths spans meant, pandoc read {len(read)} Math nodes "
                        f"({sum(d for d, _ in got)} display)")
        for k, span in enumerate(meant):
            if k >= len(got) or got[k] != want[k]:
                found = ("nothing" if k >= len(got)
                         else ("DisplayMath " if got[k][0] else "InlineMath ") + repr(got[k][1]))
                problems.append(f"  first difference: meant {span}, pandoc read {found}")
                break
        else:
            problems.append(f"  pandoc read maths the generator did not mean: {got[len(want)]}")
    if sum(s.count("$") for s in strs) != literals:   # the \\$ written in words are the only $ left
        problems += [f"a $ left in the text (maths not recognised): Str {s!r}" for s in strs if "$" in s]
    problems += [f"TeX outside maths (pandoc kept it as raw TeX): {r}" for r in raws]
    return problems


@pytest.mark.parametrize("source", SOURCES)
def test_pandoc_reads_every_maths_span_as_math(source):
    pandoc()
    failures = []
    for variant, text in outputs(source).items():
        failures += [f"{_where(source, variant)}: {p}" for p in pandoc_problems(text)]
    _report(failures, "differences between the maths meant and what `pandoc -f markdown` read")


# --- KaTeX -------------------------------------------------------------------------------------

def _katex_package(path: Path) -> Optional[Path]:
    for candidate in (path, path / "node_modules" / "katex", path / "lib" / "node_modules" / "katex"):
        try:
            if json.loads((candidate / "package.json").read_text(encoding="utf-8")).get("name") == "katex":
                return candidate
        except (OSError, ValueError):
            continue
    return None


@functools.lru_cache(maxsize=None)
def _find_katex(node: str) -> Optional[str]:
    configured = os.environ.get("SYMDIV_KATEX")
    if configured:
        package = _katex_package(Path(configured))
        if package is None:   # set but wrong: a broken setup, never a skip
            pytest.fail(f"SYMDIV_KATEX={configured} is neither the katex package folder nor an npm prefix "
                        "holding node_modules/katex")
        return str(package.resolve())
    proc = subprocess.run([node, "-p", "require('path').dirname(require.resolve('katex/package.json'))"],
                          cwd=HERE, capture_output=True, text=True, timeout=60)
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def katex() -> tuple[str, str]:
    """node and the katex package folder (skip locally, fail in CI when missing)."""
    node = require_program("node", "apt-get install nodejs")
    package = _find_katex(node)
    if package is None:
        _missing("katex", "npm install --prefix DIR katex, then SYMDIV_KATEX=DIR")
    return node, package


def katex_failures(spans: list[Span]) -> list[tuple[int, str]]:
    """(index, error) for each span KaTeX refuses, from one node process."""
    node, package = katex()
    payload = json.dumps({"katex": package, "spans": [{"tex": s.tex, "display": s.display} for s in spans]})
    proc = subprocess.run([node, str(KATEX_CHECK)], input=payload, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    return [(f["index"], f["error"]) for f in json.loads(proc.stdout)["failures"]]


@pytest.mark.parametrize("source", SOURCES)
def test_katex_renders_every_maths_span(source):
    katex()
    spans, where = [], []
    for variant, text in outputs(source).items():
        found, _, _ = scan(text)
        spans += found
        where += [_where(source, variant)] * len(found)
    assert spans, f"{source}: no maths to render"
    failures = [f"{where[k]}: {spans[k]}\n    KaTeX: {error}" for k, error in katex_failures(spans)]
    _report(failures, "maths spans KaTeX refuses (throwOnError: true)")


# --- the checks catch what they are for --------------------------------------------------------

GOOD = "Text with $x_1$ and \\$5, `$code$`.\n\n$$\n\\begin{aligned} a &= b && \\text{定义} \\end{aligned}\n$$\n"


def test_scanner():
    spans, problems, literals = scan(GOOD)
    assert problems == [] and literals == 1 and [(s.display, s.line) for s in spans] == [(False, 1), (True, 3)]
    assert [str(s) for s in scan("a $p_{j}$, b $\\$$ c\n")[0]] == ["line 1: $p_{j}$", "line 1: $\\$$"]
    for bad, message in (("a $ x $ b\n", "padded"), ("a $x$ b $y\n", "lone $"), ("a $$x$$ b\n", "own"),
                         ("$$\nx\n\ny\n$$\n", "blank line"), ("$$\nx\n", "never closed"), ("$x$5\n", "digit")):
        assert any(message in p for p in scan(bad)[1]), (bad, scan(bad))


def test_pandoc_check_catches_maths_it_does_not_read():
    pandoc()
    assert pandoc_problems(GOOD) == []
    for bad in ("a $ x $ b\n", "a $x$5 b\n", "$$\n\\frac{1}{2}\n\n\\quad\n$$\n"):
        assert pandoc_problems(bad), bad


def test_katex_check_catches_tex_it_refuses():
    katex()
    spans = scan(GOOD)[0] + [Span(False, "\\frac{1}", 1), Span(False, "\\notamacro x", 1),
                             Span(True, "\\begin{aligned} a &= b \\end{align}", 1),
                             Span(False, "x = 定义", 1)]     # CJK outside \text: KaTeX's strict mode warns
    failures = katex_failures(spans)
    assert sorted({k for k, _ in failures}) == [2, 3, 4, 5]
    assert all(error.startswith("strict: unicodeTextInMathMode") for k, error in failures if k == 5)
