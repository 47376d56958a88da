"""Joint tables in the numeric backend: the evaluator, compiled checks and samplers, against dit."""

import numpy as np
import pytest
from hypothesis import given, settings

import symdiv as sd
from symdiv.numeric import compile_identity, samplers
from symdiv.numeric.evaluate import Env, evaluate
from symdiv.testing import joint_distributions
from tests.conftest import require

X, Y, Z = sd.RandomVariable("X", 2), sd.RandomVariable("Y", 3), sd.RandomVariable("Z", 2)
p = sd.Distribution("p", (X, Y, Z))


def _dit(table: np.ndarray):
    dit = require("dit")
    outcomes, probs = [], []
    for cell in np.ndindex(*table.shape):
        outcomes.append("".join(str(c) for c in cell))
        probs.append(float(table[cell]))
    return dit.Distribution(outcomes, probs, trim=False)


def _symdiv(e, tables):
    value, _ = evaluate(e, Env(bases={p: tables}))
    return value


@settings(max_examples=40, deadline=None)
@given(joint_distributions(shape=(2, 3, 2), zeros=True))
def test_entropies_of_random_joints_match_dit(table):
    dit = require("dit")
    d = _dit(table)
    log2 = np.log(2.0)
    cases = {
        "H(X,Y,Z)": (sd.Entropy(p), dit.shannon.entropy(d)),
        "H(X)": (sd.Entropy(sd.marginal(p, X)), dit.shannon.entropy(d, [0])),
        "H(Y|X)": (sd.ConditionalEntropy(p, Y, X), dit.shannon.conditional_entropy(d, [1], [0])),
        "I(X;Y)": (sd.MutualInformation(p, X, Y), dit.shannon.mutual_information(d, [0], [1])),
        "I(X;Y|Z)": (sd.MutualInformation(p, X, Y, Z), dit.multivariate.coinformation(d, [[0], [1]], [2])),
        "I(X,Y;Z)": (sd.MutualInformation(p, (X, Y), Z), dit.shannon.mutual_information(d, [0, 1], [2])),
    }
    for name, (e, bits) in cases.items():
        ours = _symdiv(e, table[None])[0] / log2
        assert ours == pytest.approx(bits, abs=1e-9), name


def test_the_evaluator_gathers_joint_tables_of_shape_b_n_m():
    rng = np.random.default_rng(0)
    tables = samplers.joints(rng, 50, (2, 3, 2))
    assert tables.shape == (50, 2, 3, 2)
    h = _symdiv(sd.Entropy(p), tables)
    direct = -np.sum(np.where(tables > 0, tables * np.log(np.where(tables > 0, tables, 1)), 0), axis=(1, 2, 3))
    assert np.allclose(h, direct)


def test_compiled_chain_rule_on_joint_tables_never_false_alarms():
    q = sd.Distribution("q", (X, Y))
    check = compile_identity(sd.Entropy(q), sd.Entropy(sd.marginal(q, X)) + sd.ConditionalEntropy(q, Y, X))
    assert check.shapes == ((2, 3),)
    rng = np.random.default_rng(1)
    tables = samplers.joints(rng, 20_000, (2, 3))
    assert int((check.errors({q: tables}) > check.tolerance).sum()) == 0
    wrong = compile_identity(sd.Entropy(q), sd.Entropy(sd.marginal(q, X)) + sd.ConditionalEntropy(q, X, Y))
    assert (wrong.errors({q: tables}) > wrong.tolerance).mean() > 0.9


def test_compiled_checks_take_symbolic_sizes_one_by_one():
    n, m = sd.alphabet_size("n"), sd.alphabet_size("m")
    A, B = sd.RandomVariable("A", n), sd.RandomVariable("B", m)
    r = sd.Distribution("r", (A, B))
    check = compile_identity(sd.MutualInformation(r, A, B),
                             sd.Entropy(sd.marginal(r, A)) - sd.ConditionalEntropy(r, A, B), size={n: 2, m: 4})
    assert check.shapes == ((2, 4),)
    tables = samplers.joints(np.random.default_rng(2), 1000, (2, 4))
    assert int((check.errors({r: tables}) > check.tolerance).sum()) == 0
    with pytest.raises(sd.InvalidInputError, match="no value for m"):
        compile_identity(sd.Entropy(r), sd.Entropy(r), size={n: 2})


def test_joint_samplers_make_every_kind():
    rng = np.random.default_rng(3)
    for kind in samplers.JOINT_KINDS:
        tables = samplers.joints(rng, 30, (3, 2), kinds=(kind,))
        assert np.allclose(tables.sum(axis=(1, 2)), 1)
        assert (tables >= 0).all()
    zero_rows = samplers.joints(rng, 30, (3, 2), kinds=("zero_slices",))
    assert all((t == 0).all(axis=1).any() or (t == 0).all(axis=0).any() for t in zero_rows)
    independent = samplers.joints(rng, 30, (3, 2), kinds=("independent",))
    outer = independent.sum(axis=2)[:, :, None] * independent.sum(axis=1)[:, None, :]
    assert np.allclose(outer, independent)
    with pytest.raises(sd.InvalidInputError, match="unknown joint kinds"):
        samplers.joints(rng, 3, (2, 2), kinds=("lumpy",))
    with pytest.raises(sd.InvalidTypeError, match="shape"):
        samplers.joints(rng, 3, 4)
