"""The symdiv command: output, JSON and exit codes."""

import json
import re
import subprocess
import sys

import pytest

from symdiv.cli import main


def test_list(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "cross_entropy_decomposition" in out and "kl_asymmetry" in out


def test_verify_table(capsys):
    assert main(["verify", "kl_asymmetry", "kl_self_zero"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["theorem", "verdict", "expected", "time"]
    assert out[1].split()[:3] == ["kl_asymmetry", "proved", "proved"]  # D(P||Q) != D(Q||P)
    assert out[-1] == "2 of 2 theorems got their expected verdict"


def test_verify_json(capsys):
    assert main(["verify", "--json", "cross_entropy_decomposition", "kl_asymmetry"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["cross_entropy_decomposition", "kl_asymmetry"]
    for r in rows:
        assert {"name", "status", "expected", "seconds"} <= r.keys()
    assert rows[1]["counterexample"]["values"] == {"n": "2", "P": "(1/2, 1/2)", "Q": "(1/3, 2/3)"}
    # the same verdict shape as `prove --format json`
    main(["prove", "D(P||Q) = D(Q||P)", "--format", "json"])
    prove_keys = set(json.loads(capsys.readouterr().out)) - {"statement"}
    assert prove_keys <= set(rows[1])


def test_unexpected_verdict_exits_1(tmp_path, capsys):
    (tmp_path / "wrong.py").write_text(
        "import symdiv as sd\n"
        "from symdiv.library import Theorem\n"
        "P, Q = sd.Distribution('P', 2), sd.Distribution('Q', 2)\n"
        "THEOREM = Theorem(name='wrong', title='D(P||Q) = D(Q||P)', check=lambda: sd.prove(sd.KL(P, Q), sd.KL(Q, P)))\n"
    )
    assert main(["verify", "--path", str(tmp_path)]) == 1
    assert "unexpected verdict" in capsys.readouterr().out


def test_error_in_a_theorem_is_reported_without_traceback(tmp_path, capsys):
    (tmp_path / "broken.py").write_text(
        "import symdiv as sd\n"
        "from symdiv.library import Theorem\n"
        "THEOREM = Theorem(name='broken', title='x', check=lambda: sd.Distribution('P', 0))\n"
    )
    assert main(["verify", "--path", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "InvalidInputError: alphabet size must be a positive integer, got 0" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("argv, message", [
    (["verify", "no_such_theorem"], "unknown theorem 'no_such_theorem'"),
    (["list", "--path", "/no/such/folder"], "does not exist"),
])
def test_usage_errors_exit_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_console_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "symdiv", "verify", "--json", "kl_self_zero"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["status"] == "proved"


@pytest.mark.parametrize("fmt, marker", [
    ("latex", r"\begin{align*}"),
    ("markdown", "$$"),
    ("text", "verdict: proved"),
    ("json", '"status": "proved"'),
])
def test_show_formats(fmt, marker, capsys):
    assert main(["show", "cross_entropy_decomposition", "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


def test_show_in_chinese(capsys):
    assert main(["show", "cross_entropy_decomposition", "--format", "markdown", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "加上并减去同一个和式" in out and "已证明" in out


def test_show_unknown_theorem_and_format_exit_2(capsys):
    assert main(["show", "no_such_theorem"]) == 2
    assert "unknown theorem 'no_such_theorem'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["show", "kl_asymmetry", "--format", "pdf"])
    assert exc.value.code == 2


def test_verify_derivations(capsys):
    assert main(["verify", "--json", "--derivations", "kl_asymmetry", "gradient_equality"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["derivation"] for r in rows] == ["proved", "proved"]


def test_export(tmp_path, capsys):
    assert main(["export", str(tmp_path / "out"), "--no-pdf"]) == 0
    out = capsys.readouterr().out
    assert "[1/" in out and "wrote" in out
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"cross_entropy_decomposition.tex", "cross_entropy_decomposition.md", "library.tex"} <= names


def test_export_names_the_failing_theorem(tmp_path, capsys):
    proofs = tmp_path / "proofs"
    proofs.mkdir()
    (proofs / "wrong.py").write_text(
        "import symdiv as sd\n"
        "from symdiv.library import Theorem\n"
        "P, Q = sd.Distribution('P', 2), sd.Distribution('Q', 2)\n"
        "THEOREM = Theorem(name='wrong', title='D(P||Q) = D(Q||P)', check=lambda: sd.prove(sd.KL(P, Q), sd.KL(Q, P)))\n"
    )
    assert main(["export", str(tmp_path / "out"), "--no-pdf", "--path", str(proofs)]) == 1
    assert "these failed: wrong" in capsys.readouterr().err


# -- symdiv prove ---------------------------------------------------------------
@pytest.mark.parametrize("statement, code, status", [
    ("H(P,Q) = H(P) + D(P||Q)", 0, "proved"),
    ("D(P||Q) = sum_i p_i*log(p_i/q_i)", 0, "proved"),
    ("grad_z H(P, softmax(z)) = softmax(z) - P", 0, "proved"),
    (r"D_{\mathrm{KL}}(P \,\|\, Q) = \sum_{i=1}^{n} p_i \log \frac{p_i}{q_i}", 0, "proved"),
    ("D(P||Q) = D(Q||P)", 1, "refuted"),
])
def test_prove_exit_codes_and_json(statement, code, status, capsys):
    assert main(["prove", statement, "--format", "json"]) == code
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == status and out["statement"] == statement


@pytest.mark.parametrize("statement, code, status", [
    ("D(P||Q) != D(Q||P)", 0, "proved"),                  # KL is not symmetric
    (r"D_{KL}(P \| Q) \neq D_{KL}(Q \| P)", 0, "proved"),
    ("H(P,Q) != H(P) + D(P||Q)", 1, "refuted"),
])
def test_prove_a_claim_that_the_sides_differ(statement, code, status, capsys):
    assert main(["prove", statement, "--format", "json"]) == code
    out = json.loads(capsys.readouterr().out)
    assert (out["relation"], out["status"]) == ("!=", status)
    assert main(["prove", statement]) == code
    text = capsys.readouterr().out.splitlines()
    assert "!=" in text[0] and text[1] == f"verdict: {status}"


def test_prove_unknown_exits_1(capsys):
    # no time for the symbolic proof: the numeric evidence alone gives unknown, never proved
    assert main(["prove", "H(P,Q) = H(P) + D(P||Q)", "--budget", "1e-9"]) == 1
    assert "verdict: unknown" in capsys.readouterr().out


def test_prove_text_shows_steps_and_counterexample(capsys):
    assert main(["prove", "D(P||Q) = D(Q||P)"]) == 1
    out = capsys.readouterr().out
    assert "verdict: refuted" in out and "counterexample:" in out and "P = (1/2, 1/2)" in out
    assert main(["prove", "grad_z H(P, softmax(z)) = softmax(z) - P"]) == 0
    out = capsys.readouterr().out
    assert "steps:" in out and "(componentwise, for every j)" in out


# -- issues 14 and 15: random variables, inequalities, hypotheses and minimisers from the command line -------
@pytest.mark.parametrize("statement, code, shown", [
    ("I(X;Y) = H(X) - H(X|Y)", 0, ["I(X;Y) = H(X) - H(X|Y)", "verdict: proved"]),
    ("H(X|Y) = H(Y|X)", 1, ["verdict: refuted", "counterexample:", "n_X = 1", "n_Y = 2", "p = ((1/2, 1/2))"]),
    ("D(P||Q) >= 0", 0, ["verdict: proved", "certificate: D(P||Q) = sum_i q_i*phi(p_i/q_i) >= 0"]),
    (r"H(P) \leq \log n", 0, ["H(P) <= log(n)", "certificate: log(n) - H(P) = sum_i phi(p_i*n)/n >= 0"]),
    ("H(P,Q) >= H(P)", 0, ["certificate: H(P, Q) - H(P) = sum_i q_i*phi(p_i/q_i) >= 0"]),
    ("D(P||Q) > 0", 1, ["verdict: refuted", "P = (1)", "Q = (1)"]),
    ("H(X|Y) <= H(X)", 0, ["certificate: H(X) - H(X|Y) = I(X;Y) >= 0"]),
    ("I(X;Y) >= I(X;Z) given X -> Y -> Z", 0, ["verdict: proved, where X -> Y -> Z",
                                               "certificate: I(X;Y) - I(X;Z) = I(X;Y|Z) >= 0"]),
    ("I(X;Y) >= I(X;Z)", 1, ["verdict: refuted", "n_Z = 2"]),
    (r"\arg\min_Q H(P,Q) = P", 0, ["argmin_{Q} H(P, Q) = P", "verdict: proved"]),
    (r"\arg\min_{Q} D_{KL}(P \| Q) = P", 0, ["argmin_{Q} D(P||Q) = P", "verdict: proved"]),
    ("H_2(X,Y) = 27/8 where P_{YX} = [[1/8, 1/16, 1/32, 1/32], [1/16, 1/8, 1/32, 1/32], [1/16, 1/16, 1/16, 1/16], "
     "[1/4, 0, 0, 0]]", 0, ["H_2(X,Y) = 27/8 where p(x,y) = ((1/8, 1/16, 1/16, 1/4), (1/16, 1/8, 1/16, 0), "
                            "(1/32, 1/32, 1/16, 0), (1/32, 1/32, 1/16, 0))", "verdict: proved"]),
])
def test_prove_random_variables_and_inequalities(statement, code, shown, capsys):
    # a generous budget: the counterexample search of a Shannon-type claim is slower on a loaded machine
    assert main(["prove", statement, "--budget", "120"]) == code
    out = capsys.readouterr().out
    for line in shown:
        assert line in out.splitlines() or line in out, (line, out)


def test_prove_an_inequality_as_json(capsys):
    assert main(["prove", "I(X;Y) >= I(X;Z) given X -> Y -> Z", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["relation"], out["conditions"]) == ("proved", ">=", ["X -> Y -> Z"])
    assert out["certificate"]["kind"] == "shannon"
    assert main(["prove", r"\arg\min_Q H(P,Q) = P", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["relation"], out["rhs"]) == ("proved", "argmin", "P")


def test_check_a_chain_with_an_inequality(tmp_path, capsys):
    doc = tmp_path / "gibbs.md"
    doc.write_text("Jensen:\n\n$$\n-D(P||Q) = \\sum_i p_i \\log\\frac{q_i}{p_i} \\leq \\log \\sum_i p_i "
                   "\\frac{q_i}{p_i} = \\log 1 = 0\n$$\n", encoding="utf-8")
    assert main(["check", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "line 4     \u2264 \\log \\sum_i p_i \\frac{q_i}{p_i}" in out and "conclusion: -D(P||Q) <= 0" in out
    assert main(["check", str(doc), "--format", "json"]) == 0
    chain = json.loads(capsys.readouterr().out)["chains"][0]
    assert [s["relation"] for s in chain["steps"]] == ["=", "<=", "=", "="]
    assert chain["conclusion"] == {"relation": "<=", "lhs": "-D_KL(P||Q)", "rhs": "0", "established": True}
    doc.write_text("$$\nH(P) \\leq \\log n \\geq H(Q)\n$$\n", encoding="utf-8")
    assert main(["check", str(doc)]) == 0                  # every link holds, though the chain concludes nothing
    assert "conclusion: none: the chain has links in both directions" in capsys.readouterr().out


@pytest.mark.parametrize("fmt, marker", [("markdown", "**verdict**: proved"), ("text", "verdict: proved")])
def test_prove_formats(fmt, marker, capsys):
    assert main(["prove", "H(P,Q) = H(P) + D(P||Q)", "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_prove_latex_compiles(tmp_path, lang, capsys):
    from tests.conftest import compiles

    assert main(["prove", "D(P||Q) = D(Q||P)", "--format", "latex", "--lang", lang]) == 1
    text = capsys.readouterr().out
    # the claim as made, then its verdict: no "\neq ... refuted" double negative
    assert text.startswith(r"\documentclass") and r"\neq" not in text
    assert r"D_{\mathrm{KL}}(P \,\|\, Q) = D_{\mathrm{KL}}(Q \,\|\, P)" in text
    compiles(tmp_path, f"prove_{lang}", text)


@pytest.mark.parametrize("statement, message", [
    ("H(P) = H(X)", "line 1, column 10: the random variable X cannot be read beside the distribution P (column 3)"),
    ("H(P) = foo(P)", "unknown function 'foo'"),
    ("(H(P) = 0", "unbalanced brackets"),
    (r"H(P) = \int p_1", r"unsupported LaTeX command \int"),
    ("H(P) = 0 = 0", "a second '='"),
    ("H(P)", "no '=' found"),
    ("__import__('os').system('echo pwned')", "unexpected character"),
])
def test_prove_malformed_exits_2_with_a_caret(statement, message, capsys):
    assert main(["prove", statement]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert message in err[0] and err[-1].strip() == "^"
    assert "Traceback" not in captured.err


def test_prove_error_from_the_console_has_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "symdiv", "prove", "H(P) = H(P) + ((("],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "unbalanced brackets" in proc.stderr and "Traceback" not in proc.stderr


# -- symdiv check ---------------------------------------------------------------
WRONG = r"""# KL

$$
\begin{aligned}
D_{KL}(P \| Q) &= \sum_i p_i \log \frac{p_i}{q_i} \\
  &= \sum_i p_i \log p_i - \sum_i q_i \log q_i \\
  &= H(P, Q) - H(P)
\end{aligned}
$$
"""


def test_check_the_bundled_seed_document(capsys):
    from tests.test_check import DOCUMENTS

    assert main(["check", str(DOCUMENTS / "cross_entropy_decomposition.tex")]) == 0
    out = capsys.readouterr().out
    assert "verdict: proved (6 proved, 0 refuted, 0 unknown)" in out
    assert "[add and subtract the same sum]" in out


def test_check_points_at_the_wrong_step(tmp_path, capsys):
    path = tmp_path / "kl.md"
    path.write_text(WRONG, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "first wrong step: line 6, column 4" in out
    assert "REFUTED" in out and "counterexample:" in out
    assert main(["check", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "refuted" and report["first_wrong"] == {"line": 6, "column": 4}
    steps = report["chains"][0]["steps"]
    # line 7 is refuted too: sum p log p - sum q log q is H(Q) - H(P), not H(P, Q) - H(P)
    assert [(s["line"], s["status"]) for s in steps] == [(5, "proved"), (6, "refuted"), (7, "refuted")]
    assert steps[1]["counterexample"]["values"]["n"] == "2"


def test_check_in_chinese(tmp_path, capsys):
    path = tmp_path / "kl.md"
    path.write_text(WRONG, encoding="utf-8")
    assert main(["check", str(path), "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "第一个错误的步骤" in out and "反例" in out


def test_check_parse_error_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.tex"
    path.write_text("\\begin{align*}\nH(P) &= \\mathcal{H}(P)\n\\end{align*}\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{path}:2:9: error: \\mathcal{{H}} is not notation symdiv reads (\\mathcal{{L}}(x; Q) is the likelihood, \\mathcal{{X}} the alphabet)"
    assert err[1:] == ["  H(P) &= \\mathcal{H}(P)", "          ^"]


def test_check_missing_file_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.tex")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_check_unknown_exits_1(capsys):
    from tests.test_check import DOCUMENTS

    assert main(["check", str(DOCUMENTS / "cross_entropy_decomposition.tex"), "--budget", "1e-9"]) == 1
    out = capsys.readouterr().out
    assert "UNKNOWN" in out and "time budget" in out and "verdict: unknown" in out


# -- numbers and \quad: what the user sees --------------------------------------------
@pytest.mark.parametrize("statement, shown", [
    ("1e-3 = 0.001", "1/1000 = 1/1000"),                  # not Euler's e minus 3
    ("2.5e-1*H(P) = H(P)/4", "H(P)/4 = H(P)/4"),
    ("1e3 = 1000", "1000 = 1000"),
    ("1E-3 = 0.001", "1/1000 = 1/1000"),                  # not the expectation E
    (r"2.5\times10^{-1} = \frac{1}{4}", "1/4 = 1/4"),
])
def test_prove_reads_scientific_notation_as_an_exact_number(statement, shown, capsys):
    assert main(["prove", statement]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [shown, "verdict: proved"]


def test_prove_refuses_a_huge_exponent_quickly(capsys):
    proc = subprocess.run([sys.executable, "-m", "symdiv", "prove", "1e999999 = 1"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    err = proc.stderr.splitlines()
    assert "the limit is 4096 bits" in err[0] and err[-1].strip() == "^"


QUAD_LINE = r"D_{KL}(P \| Q) = \sum_i p_i \log p_i \quad - \sum_i p_i \log q_i"


def test_prove_and_check_give_one_verdict_for_a_line_with_quad(tmp_path, capsys):
    assert main(["prove", QUAD_LINE]) == 0
    assert "verdict: proved" in capsys.readouterr().out
    path = tmp_path / "kl.md"
    path.write_text(f"$$\n{QUAD_LINE}\n$$\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert "verdict: proved (1 proved, 0 refuted, 0 unknown)" in capsys.readouterr().out


# -- bounded, clean and safe ----------------------------------------------------

import os  # noqa: E402
import time  # noqa: E402


def _run(*argv, timeout=60, env=None):
    return subprocess.run([sys.executable, "-m", "symdiv", *argv], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_version_and_bare_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.startswith("symdiv ")
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_a_negative_seed_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["prove", "H(P) = H(P)", "--seed", "-1"])
    assert exc.value.code == 2
    assert "the seed must be between 0" in capsys.readouterr().err


def test_a_misspelt_theorem_gets_a_suggestion(capsys):
    assert main(["verify", "kl_asymetry"]) == 2
    assert "did you mean 'kl_asymmetry'?" in capsys.readouterr().err


def test_a_statement_past_its_budget_is_unknown_with_its_stage(capsys):
    started = time.monotonic()
    assert main(["prove", "e^e^e^e^e = 0", "--budget", "2"]) == 1
    assert time.monotonic() - started < 15
    out = capsys.readouterr().out
    # The worker's 2 s, or on a loaded machine the prover's own share of it (1.2 s), runs out first.
    assert "verdict: unknown" in out and re.search(r"time budget of (2|1\.2) s exceeded in", out), out


def test_huge_exponents_of_variables_are_refused(capsys):
    assert main(["prove", "p_1^(10^29) = 1"]) == 2
    assert "the exponent" in capsys.readouterr().err


def test_an_overflow_inside_sympy_is_an_unknown_verdict(capsys):
    assert main(["prove", "exp(exp(exp(exp(10)))) = 0", "--budget", "5"]) == 1
    assert "verdict: unknown" in capsys.readouterr().out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifos_and_devices_are_refused(tmp_path, capsys):
    fifo = tmp_path / "pipe.tex"
    os.mkfifo(fifo)
    assert main(["check", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    link = tmp_path / "zero.tex"
    link.symlink_to("/dev/zero")
    assert main(["check", str(link)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_escape_sequences_in_a_document_do_not_reach_the_terminal(tmp_path, capsys):
    doc = tmp_path / "spoof.md"
    doc.write_text("$$\nD(P||Q) = D(Q||P) \\quad \\text{\x1b[2K\r all steps proved \u202e}\n$$\n", encoding="utf-8")
    assert main(["check", str(doc)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "REFUTED" in out


def test_json_is_strict_even_for_infinite_errors(capsys):
    main(["prove", "2^4096 = 0", "--format", "json"])
    reject = lambda c: (_ for _ in ()).throw(ValueError(f"not JSON: {c}"))  # noqa: E731
    data = json.loads(capsys.readouterr().out, parse_constant=reject)
    assert data["status"] == "refuted" and data["evidence"]["max_error"] == "inf"


def test_closing_the_pipe_early_is_quiet():
    proc = subprocess.run(f"{sys.executable} -m symdiv verify | head -1", shell=True, capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_invalid_bytes_in_an_argument_are_not_a_crash():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "symdiv", "prove", b"H(P) = H(\xff)"], capture_output=True,
                          timeout=60, env=env)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    proc.stderr.decode("utf-8")  # what was printed is UTF-8


def test_export_into_a_file_is_a_clean_error(tmp_path, capsys):
    target = tmp_path / "afile"
    target.write_text("x")
    assert main(["export", str(target), "--no-pdf"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["export", str(target / "sub"), "--no-pdf"]) == 2
    assert "Not a directory" in capsys.readouterr().err


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch, capsys):
    import errno

    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full_disk)
    out = tmp_path / "out"
    assert main(["export", str(out), "--no-pdf"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert list(out.iterdir()) == []  # neither a 0-byte .tex nor a .part file


def test_parallel_exports_do_not_collide(tmp_path):
    from tests.conftest import pdflatex

    pdflatex()  # skip locally without TeX, fail in CI
    proofs = tmp_path / "proofs"
    proofs.mkdir()
    (proofs / "one.py").write_text(
        "import symdiv as sd\nfrom symdiv.library import Theorem\nP, Q = sd.Distribution('P', 2), sd.Distribution('Q', 2)\n"
        "THEOREM = Theorem(name='one', title='D(P||P) = 0', check=lambda: sd.prove(sd.KL(P, P), 0))\n")
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "symdiv", "export", str(out), "--path", str(proofs)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    names = {p.name for p in out.iterdir()}
    assert {"one.tex", "one.md", "one.pdf", "library.tex", "library.pdf"} <= names
    assert not [n for n in names if n.endswith((".aux", ".log", ".part"))]


def test_ctrl_c_exits_130_with_one_line():
    import signal

    proc = subprocess.Popen([sys.executable, "-m", "symdiv", "prove", "e^e^e^e^e = 0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)  # well into the worker's work
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip() == "symdiv: interrupted" and "Traceback" not in out


def test_json_parses_under_node(tmp_path):
    """Every JSON the command prints parses with a strict parser other than Python's."""
    from tests.conftest import require_program

    node = require_program("node", "apt-get install nodejs")
    doc = tmp_path / "kl.md"
    doc.write_text("$$\nD(P||Q) = D(Q||P) \\quad \\text{\x1b[31m\u202e}\n$$\n", encoding="utf-8")
    outputs = [
        _run("prove", "2^4096 = 0", "--format", "json").stdout,
        _run("prove", "H(P,Q) = H(P) + D(P||Q)", "--format", "json").stdout,
        _run("check", str(doc), "--format", "json").stdout,
        _run("verify", "--json", "kl_asymmetry").stdout,
    ]
    for text in outputs:
        proc = subprocess.run([node, "-e", "JSON.parse(require('fs').readFileSync(0, 'utf8'))"],
                              input=text, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, (proc.stderr, text[:500])


# -- slides -----------------------------------------------------------------------
@pytest.mark.parametrize("command", [["show", "cross_entropy_decomposition"], ["prove", "D(P||Q) = D(Q||P)"]])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_beamer_format(command, lang, capsys):
    code = main(command + ["--format", "beamer", "--lang", lang])
    assert code == (0 if command[0] == "show" else 1)
    text = capsys.readouterr().out
    assert text.startswith(r"\documentclass[aspectratio=169,t]{beamer}") and text.rstrip().endswith(r"\end{document}")
    assert text.count(r"\begin{frame}[allowframebreaks") == 1  # the statement or theorem; the title frame besides
    assert (r"\begin{CJK}" in text) == (lang == "zh")
    assert ("约定" if lang == "zh" else "Conventions") in text


def test_beamer_slides_compile(tmp_path, capsys):
    from tests.conftest import compiles
    from tests.render.test_documents import beamer

    beamer()  # skip locally without beamer and pgf, fail in CI
    assert main(["show", "kl_asymmetry", "--format", "beamer", "--lang", "zh"]) == 0
    compiles(tmp_path, "kl_asymmetry_slides", capsys.readouterr().out)


def test_export_slides(tmp_path, capsys):
    assert main(["export", str(tmp_path / "out"), "--no-pdf", "--slides"]) == 0
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"slides.tex", "library.tex"} <= names
    assert main(["export", str(tmp_path / "plain"), "--no-pdf"]) == 0
    assert "slides.tex" not in {p.name for p in (tmp_path / "plain").iterdir()}


MIXTURE = ("the random variable X cannot be read beside the distribution P (column 3): a statement is about "
           "distributions (P, Q, p_i, softmax(z) ...) or about random variables (X, Y, p(x, y), H(Y|X), I(X;Y) ...), "
           "not both")


def test_check_skips_an_unreadable_block_and_checks_the_rest(tmp_path, capsys):
    path = tmp_path / "notes.md"
    path.write_text("$$\nH(P) = H(X)\n$$\n\n$$\nH(P,Q) = H(P) + D(P||Q)\n$$\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2          # incomplete, though every step read is proved
    captured = capsys.readouterr()
    assert f"{path}:2:10: error: the random variable X cannot be read beside the distribution P (column 3)" in captured.err
    assert "line 6     = H(P) + D(P||Q)  proved" in captured.out
    assert "line 2: skipped: the random variable X cannot be read beside the distribution P (column 3)" in captured.out
    assert "(1 proved, 0 refuted, 0 unknown, 1 skipped)" in captured.out
    assert main(["check", str(path), "--format", "json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["skipped"] == [{"line": 2, "column": 10, "message": MIXTURE}]
    assert [s["status"] for c in out["chains"] for s in c["steps"]] == ["proved"]


def test_json_output_reports_bad_input_as_json(capsys):
    assert main(["prove", "H(P) = H(X)", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"status": "malformed", "line": 1, "column": 10, "file": None,
                                        "message": MIXTURE}
    assert captured.err == ""
    assert main(["verify", "nope", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["status"] == "malformed"


# -- issue 13 --------------------------------------------------------------------------------------------
def test_verify_checks_the_bundled_documents(capsys):
    assert main(["verify", "kl_self_zero", "entropy.md", "seed_derivations.en.md"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].split()[:3] == ["entropy.md", "proved", "proved"] and out[2].endswith("7 of 7 steps proved")
    assert out[3].endswith("10 of 10 steps proved")
    assert out[-2:] == ["1 of 1 theorems got their expected verdict", "2 of 2 documents have every step proved"]
    assert main(["verify", "--json", "kl_divergence.md"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row == {**row, "name": "kl_divergence.md", "kind": "document", "status": "proved", "ok": True,
                   "steps": {"proved": 5, "total": 5}}


def test_verify_counts_a_failing_document_in_its_exit_code(tmp_path, capsys):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "wrong.md").write_text("$$ D(P||Q) = D(Q||P) $$\n")
    (tmp_path / "documents" / "unreadable.tex").write_text("\\[ H(P) = H(X) \\]\n")
    assert main(["verify", "--path", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "wrong.md" in out and "the step on line 1 does not hold" in out
    assert "unreadable.tex" in out and "the random variable X cannot be read beside the distribution P" in out
    assert out.splitlines()[-1] == "0 of 2 documents have every step proved"
    assert main(["verify", "--path", str(tmp_path), "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["kind"], r["status"], r["ok"]) for r in rows] == [
        ("unreadable.tex", "document", "error", False), ("wrong.md", "document", "refuted", False)]


def test_prove_reads_the_seed_notation(capsys):
    assert main(["prove", r"\sum_{k=1}^{K} p_k \log q_k = -H(P, Q)"]) == 0
    assert "P: p_k > 0 for k = 1..K, sum_k p_k = 1" in capsys.readouterr().out
    assert main(["prove", r"H(P) = \log 2 \text{ where } P = (1/2, 1/2)"]) == 0
    assert capsys.readouterr().out.startswith("H(P) = log(2) where P = (1/2, 1/2)\nverdict: proved")
    assert main(["prove", r"\nabla_\theta H(P, Q) = \nabla_\theta D_{KL}(P \| Q)"]) == 0
    assert capsys.readouterr().out.startswith("(the parameters theta of Q are read as the logits z of Q = softmax(z)")
    assert main(["prove", r"\arg\min_\Theta -\sum_{i=1}^N \log q(x_i|\Theta) = \arg\min_\Theta H(p, q)"]) == 1
    assert "verdict: refuted" in capsys.readouterr().out
    assert main(["prove", "H(P) = log(2) where P = (1/2, 1/3)"]) == 2
    assert "line 1, column 25: the probabilities sum to 5/6, not 1" in capsys.readouterr().err
    assert main(["prove", "-\\frac{1}{N}\\sum_{s=1}^{N} \\log Q(x_s) = H(\\hat{P}, Q)"]) == 0
    assert main(["prove", "H((1/2, 1/2)) = log(2)"]) == 0
    capsys.readouterr()
