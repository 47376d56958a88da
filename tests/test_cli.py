"""The symdiv command: output, JSON and exit codes."""

import json
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
    assert out[1].split()[:3] == ["kl_asymmetry", "refuted", "refuted"]
    assert out[-1] == "2 of 2 theorems got their expected verdict"


def test_verify_json(capsys):
    assert main(["verify", "--json", "cross_entropy_decomposition", "kl_asymmetry"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["cross_entropy_decomposition", "kl_asymmetry"]
    for r in rows:
        assert {"name", "status", "expected", "seconds"} <= r.keys()
    assert rows[1]["counterexample"] == {"n": "2", "P": "(1/2, 1/2)", "Q": "(1/3, 2/3)"}


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
