"""Speed of the numeric check of H(P,Q) = H(P) + D(P||Q), in one run.

For B distributions of k = 10 (default B = 10^6):

  (i)   symdiv: compile_identity(...).errors(...)        the compiled check, validation included
  (ii)  hand-written numpy with np.where conventions      the obvious implementation
  (iii) the floor: np.log over the 2*k*B values            the identity needs log p and log q
  (iv)  per-sample sympy subs/evalf                        extrapolated from 200 samples

Each of (i)-(iii) is timed several times, interleaved; medians are reported,
with ns per distribution and the ratios the targets are stated in:
(i) >= 2x faster than (ii), (i) within 1.5x of (iii), (i) >= 1e5x faster than (iv).
(i) is also timed with the other layout, the row-wise evaluator, and with one
thread, to show why the defaults are what they are.

    python benchmarks/numeric_check.py [--batch 1000000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from sympy import Rational

import symdiv as sd
from symdiv.core.measures import expand_measures
from symdiv.numeric.compile import compile_identity
from symdiv.numeric.evaluate import Env, evaluate

K = 10


def hand_written(P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        ce = -np.where(P > 0, P * np.log(Q), 0.0).sum(axis=1)
        h = -np.where(P > 0, P * np.log(P), 0.0).sum(axis=1)
        kl = np.where(P > 0, P * np.log(P / Q), 0.0).sum(axis=1)
    return np.abs(ce - (h + kl)) <= 1e-12 * (np.abs(ce) + np.abs(h) + np.abs(kl))


def floor(P: np.ndarray, Q: np.ndarray) -> None:
    np.log(P)
    np.log(Q)


def sympy_per_sample(P_, Q_, lhs, rhs, rows: np.ndarray, cols: np.ndarray) -> None:
    for p, q in zip(rows, cols):
        sub = {P_[m + 1]: Rational(float(p[m])) for m in range(K)}
        sub.update({Q_[m + 1]: Rational(float(q[m])) for m in range(K)})
        (lhs.subs(sub) - rhs.subs(sub)).evalf()


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=10**6)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    B = args.batch
    rng = np.random.default_rng(0)
    P, Q = rng.dirichlet(np.ones(K), size=B), rng.dirichlet(np.ones(K), size=B)
    P_, Q_ = sd.Distribution("P", K), sd.Distribution("Q", K)
    lhs, rhs = sd.CrossEntropy(P_, Q_), sd.Entropy(P_) + sd.KL(P_, Q_)

    started = time.perf_counter()
    check = compile_identity(lhs, rhs)
    compile_s = time.perf_counter() - started
    assert np.all(check.errors({P_: P, Q_: Q}) <= check.tolerance)

    candidates = {
        "(i) symdiv compiled check": lambda: check.errors({P_: P, Q_: Q}),
        "(ii) hand-written numpy": lambda: hand_written(P, Q),
        "(iii) floor: 2kB logs": lambda: floor(P, Q),
        "(i') same, one thread": lambda: check.errors({P_: P, Q_: Q}, threads=1),
    }
    results: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(args.repeat):
        for name, fn in candidates.items():
            results[name].append(median_time(fn, 1))
    med = {name: statistics.median(v) for name, v in results.items()}

    # The other layout: the row-wise evaluator on (B, k) arrays, on a tenth of the batch.
    tenth = max(1, B // 10)
    env = Env(bases={P_: P[:tenth], Q_: Q[:tenth]})
    exp_l, exp_r = expand_measures(lhs), expand_measures(rhs)
    rows_s = median_time(lambda: (evaluate(exp_l, env), evaluate(exp_r, env)), 3) * B / tenth

    n_sympy = 200
    sympy_s = median_time(lambda: sympy_per_sample(P_, Q_, exp_l, exp_r, P[:n_sympy], Q[:n_sympy]), 1)
    sympy_s *= B / n_sympy

    def ns(seconds: float) -> float:
        return seconds / B * 1e9

    print(f"B = {B:,} distributions of k = {K}; medians of {args.repeat}; compile time {compile_s:.2f} s")
    print(f"{'':34} {'seconds':>10} {'ns/dist':>10}")
    for name in candidates:
        print(f"{name:34} {med[name]:>10.3f} {ns(med[name]):>10.1f}")
    print(f"{'(i'') row layout (evaluator)':34} {rows_s:>10.3f} {ns(rows_s):>10.1f}")
    print(f"{'(iv) sympy subs/evalf (extrap.)':34} {sympy_s:>10.1f} {ns(sympy_s):>10.0f}")
    i, ii, iii = med["(i) symdiv compiled check"], med["(ii) hand-written numpy"], med["(iii) floor: 2kB logs"]
    print()
    print(f"(ii) / (i)  = {ii / i:8.2f}   target >= 2      {'met' if ii / i >= 2 else 'NOT met'}")
    print(f"(i) / (iii) = {i / iii:8.2f}   target <= 1.5    {'met' if i / iii <= 1.5 else 'NOT met'}")
    print(f"(iv) / (i)  = {sympy_s / i:8.0f}   target >= 1e5    {'met' if sympy_s / i >= 1e5 else 'NOT met'}")
    print(f"row layout / column layout = {rows_s / i:.2f}")


if __name__ == "__main__":
    main()
