"""The mutation suite: no false variant of a bundled theorem is proved, no true one refuted.

The variants and the independent oracle live in ``tests/prover/mutations.py``;
``python -m tests.prover.mutations`` prints the counts for the whole set.
The default run takes a deterministic sample that covers every operator on
every theorem; ``-m slow`` runs the full set.
"""

import pytest

from tests.prover import mutations as m

FULL = m.variants()
SAMPLE = m.default_sample(FULL)


def _check(vid: str) -> None:
    v = FULL[vid]
    try:
        verdict = m.run(v)
    except Exception as exc:
        # Every variant is a well-formed statement: an exception is a failure, never a verdict.
        pytest.fail(f"{vid}: {v}\n  the prover raised {type(exc).__name__}: {exc}")
    outcome = m.judge(v, verdict)
    if outcome.truth.value is None:
        # The oracle found too few instances where both sides have a value: the
        # variant's truth is unknown, so no verdict on it can be judged.
        pytest.skip(f"discarded, truth undecided: {outcome.truth.evidence}")
    assert not outcome.problems, (
        f"{vid}: {v}\n  verdict: {outcome.status}\n  oracle: {outcome.truth.evidence}\n  "
        + "\n  ".join(outcome.problems)
    )


@pytest.mark.parametrize("vid", SAMPLE)
def test_mutation(vid):
    _check(vid)


@pytest.mark.slow
@pytest.mark.parametrize("vid", list(FULL))
def test_mutation_full(vid):
    _check(vid)


# The suite's own guarantees: size, determinism, and an oracle that agrees with
# the library on the bundled theorems (else its judgements of variants mean nothing).


def test_sizes_and_determinism():
    assert len(FULL) >= 1500
    assert len(SAMPLE) >= 300 and len(set(SAMPLE)) == len(SAMPLE)
    m.variants.cache_clear()
    assert list(m.variants()) == list(FULL)
    assert m.default_sample(m.variants()) == SAMPLE
    keys = [v.claim.key() for v in FULL.values()]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("name, claim, expected", m.theorems(), ids=[t[0] for t in m.theorems()])
def test_oracle_agrees_with_the_library(name, claim, expected):
    t = m.truth(m.Variant(name, name, (), claim))
    assert t.value is (expected == "proved"), t.evidence


def test_oracle_sees_differences_below_float_precision():
    import symdiv as sd
    from sympy import Rational

    n = sd.alphabet_size("n")
    P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
    t = m.equality_truth(sd.KL(P, Q) + Rational(1, 10**30), sd.KL(P, Q), "tiny")
    assert t.value is False
