"""The seed's point about MLE: the likelihood product underflows, the log-sum does not."""

import numpy as np
from sympy import Rational, Symbol, log

import symdiv as sd
from symdiv.numeric.evaluate import Env, evaluate
from symdiv.numeric.exact import exact_value
from symdiv.numeric.instances import Point


def test_product_of_likelihoods_underflows_but_nll_is_exact():
    # 1000 samples from a 3-outcome model with probabilities (1/2, 1/4, 1/4):
    # the likelihood is about 2^-1670, far below the smallest float64 (~5e-324).
    k, N = 3, 1000
    Nsym = Symbol("N", integer=True, positive=True)
    Q = sd.Distribution("Q", k)
    data = sd.Dataset("x", Nsym, k)
    rng = np.random.default_rng(0)
    x = rng.integers(1, k + 1, size=N)
    q = np.array([0.5, 0.25, 0.25])
    env = Env(bases={Q: q[None, :]}, samples={data: x[None, :]}, scalars={Nsym: N})

    likelihood, _ = evaluate(sd.Likelihood(data, Q), env)
    nll, _ = evaluate(sd.NLL(data, Q), env)
    assert likelihood[0] == 0.0                      # the product underflowed
    assert np.isfinite(nll[0])                       # the log-sum did not

    counts = np.bincount(x - 1, minlength=k)
    exact = (counts[0] * log(2) + (counts[1] + counts[2]) * 2 * log(2))  # -sum log q(x_s)
    assert abs(nll[0] - float(exact)) <= 1e-12 * float(exact)

    point = Point(sizes=((Nsym, N),), values=((Q, (Rational(1, 2), Rational(1, 4), Rational(1, 4))),),
                  samples=((data, tuple(int(v) for v in x)),), indices=(), scalars=())
    assert exact_value(sd.NLL(data, Q), point) == exact.expand()
