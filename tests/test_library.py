"""The bundled theorem library: every module registers and gets its expected verdict."""

import pkgutil

import pytest

import symdiv.proofs
from symdiv.errors import InvalidInputError
from symdiv.library import Theorem, discover, select

THEOREMS = discover()


def test_every_module_registers_a_theorem():
    modules = [m.name for m in pkgutil.iter_modules(symdiv.proofs.__path__) if not m.name.startswith("_")]
    assert len(modules) == len(THEOREMS) >= 14


def test_seed_group_covers_the_seed_claims():
    seed = {t.name for t in THEOREMS if t.group == "seed"}
    assert {"cross_entropy_decomposition", "nll_is_scaled_cross_entropy", "gradient_equality",
            "softmax_cross_entropy_gradient", "kl_asymmetry", "certain_event_no_information",
            "entropy_of_uniform", "kl_self_zero", "entropy_bits_nats"} <= seed


@pytest.mark.parametrize("theorem", THEOREMS, ids=[t.name for t in THEOREMS])
def test_theorem_gets_expected_verdict(theorem):
    verdict = theorem.run()
    assert verdict.status is theorem.expected, str(verdict)
    if verdict.proved and verdict.relation.value == "!=":  # proved by its witness
        assert verdict.counterexample is not None
    elif verdict.proved:
        assert verdict.steps and verdict.evidence.agreed
    elif verdict.refuted:
        assert verdict.counterexample is not None
    else:  # honestly unknown: the numbers agreed, no counterexample
        assert verdict.evidence.agreed and verdict.counterexample is None


def test_equivalence_certificates():
    by_name = {t.name: t for t in THEOREMS}
    nll = by_name["nll_cross_entropy_equivalent"].run().certificate
    assert nll.kind == "affine" and str(nll.a) == "N" and nll.b == 0
    kl = by_name["cross_entropy_kl_equivalent"].run().certificate
    assert kl.a == 1 and str(kl.b) == "H(P)"
    trick = by_name["mle_log_trick"].run().certificate
    assert trick.kind == "monotone" and trick.increasing is False


def test_user_folder_discovery(tmp_path):
    (tmp_path / "mine.py").write_text(
        "from sympy import S\n"
        "import symdiv as sd\n"
        "from symdiv.library import Theorem\n"
        "P = sd.Distribution('P', 3)\n"
        "THEOREM = Theorem(name='mine', title='D(P||P) = 0', check=lambda: sd.prove(sd.KL(P, P), S.Zero))\n"
    )
    (tmp_path / "_helper.py").write_text("raise RuntimeError('helpers are not loaded')\n")
    (found,) = discover(tmp_path)
    assert found.name == "mine" and found.run().proved


def test_module_without_theorem_is_named(tmp_path):
    (tmp_path / "empty.py").write_text("x = 1\n")
    (theorem,) = discover(tmp_path)
    with pytest.raises(InvalidInputError, match="does not define THEOREM"):
        theorem.run()


@pytest.mark.parametrize("source, error, line", [
    ("x = (\n", "SyntaxError", 1),
    ("import no_such_module_here\n", "ModuleNotFoundError", 1),
    ("y = 1\nraise RuntimeError('boom')\n", "RuntimeError", 2),
])
def test_a_theorem_file_that_cannot_load_is_one_theorem_in_error(tmp_path, source, error, line):
    # The other files are still discovered; the broken one names its file and line.
    (tmp_path / "broken.py").write_text(source)
    (tmp_path / "fine.py").write_text(
        "import symdiv as sd\nfrom symdiv.library import Theorem\n"
        "THEOREM = Theorem(name='fine', title='0 = 0', check=lambda: sd.prove(0, 0))\n")
    broken, fine = discover(tmp_path)
    assert fine.run().proved
    with pytest.raises(InvalidInputError, match=rf"broken.py:{line}: cannot load the theorem file: {error}"):
        broken.run()


def test_missing_folder():
    with pytest.raises(InvalidInputError, match="does not exist"):
        discover("/no/such/folder")


def test_bad_theorem_name():
    with pytest.raises(InvalidInputError, match="must be an identifier"):
        Theorem(name="not a name", title="", check=lambda: None)


def test_select_by_group():
    assert all(t.group == "seed" for t in select(THEOREMS, group="seed"))
