"""False alarms and detection power of the compiled check's tolerance, in one run.

For each true identity, at k = 2, 3, 5, 10, in float64 and float32, over
--rows rows drawn from symdiv.numeric.samplers (edge cases: Dirichlet at
three concentrations, exact zeros, near-one rows 1 - 1e-12, masses of 1e-300),
in each reference mode of compile_identity: the default ("auto": none for
float64, a float64 re-run for float32), reference="longdouble" for float64
and reference=None for float32 (the check's own bound alone):

  false alarms   rows of the true identity where errors() > tolerance (target: 0);
                 "NaN/inf" counts those where a side is not finite (the compiled
                 expression over- or underflows: a range failure, not rounding);
  detection      the same rows, with a relative error planted on the left side
                 (lhs * (1 + 1e-9) in float64, lhs * (1 + 1e-4) in float32):
                 the share caught (target: >= 99% in float64, >= 95% in float32).

Detection is counted over the rows the planted error changes: rows where the
left side is finite and not 0 (a relative error of 0 or of an infinity is
nothing).  "resolvable" is the share of those rows where the planted change
is larger than the actual rounding errors of the two sides on that row,
measured against the same generated code run in higher precision (long
double for float64, float64 for float32): a sound bound is at least the
actual error, so no tolerance free of false alarms can detect more.  It
tells a miss of the tolerance from a miss of the arithmetic (a small value
computed from large terms that cancel).  "max err" is the largest errors()
of the true identity, in units of the row's bound (agreement is <=
tolerance = 2): how much room the bound leaves.  "time" is the wall time of
errors() on the true identity (validation included); the summary gives the
cost of each reference run as a ratio to the same dtype without one.

    python benchmarks/tolerance.py [--rows 1000000] [--seed 0] [--libm]
"""

from __future__ import annotations

import argparse
import time
import numpy as np
from sympy import Expr, Rational, Sum, Symbol, log

import symdiv as sd
from symdiv.numeric.compile import LIBM_EPS, compile_identity
from symdiv.numeric.samplers import edge_case_pairs, edge_cases

SIZES = (2, 3, 5, 10)
PLANTED = {"float64": Rational(1, 10**9), "float32": Rational(1, 10**4)}
DETECTION_TARGET = {"float64": 0.99, "float32": 0.95}


def logits(rng: np.random.Generator, rows: int, k: int) -> np.ndarray:
    """Logits at three spreads: N(0, 1), N(0, 3), and N(0, 10) clipped to +-30 (exp(2z) stays finite in float32)."""
    spread = rng.choice([1.0, 3.0, 10.0], size=(rows, 1))
    return np.clip(rng.normal(0.0, 1.0, size=(rows, k)) * spread, -30, 30)


def identities(k: int) -> list[tuple]:
    """(name, lhs, rhs, draw[, indices]) where draw(rng, rows) gives the data of a batch."""
    P, Q = sd.Distribution("P", k), sd.Distribution("Q", k)
    z, j = sd.Logits("z", k), sd.component_index("j")
    S = sd.Softmax(z)
    i = Symbol("i", integer=True)

    def pairs(rng, rows):
        A, B = edge_case_pairs(rng, rows, k)
        return {P: A, Q: B}

    def single(rng, rows):
        return {P: edge_cases(rng, rows, k)}

    def with_logits(rng, rows):
        return {P: edge_cases(rng, rows, k), z: logits(rng, rows, k)}

    return [
        ("H(P,Q) = H(P) + D(P||Q)", sd.CrossEntropy(P, Q), sd.Entropy(P) + sd.KL(P, Q), pairs),
        ("H2(P) = H(P)/ln 2", sd.Entropy(P, base=2), sd.Entropy(P) / log(2), single),
        ("D(P||Q) = H(P,Q) - H(P)", sd.KL(P, Q), sd.CrossEntropy(P, Q) - sd.Entropy(P), pairs),
        ("D(P||Q) = sum p log p - sum p log q", sd.KL(P, Q),
         Sum(P[i] * log(P[i]), (i, 1, k)) - Sum(P[i] * log(Q[i]), (i, 1, k)), pairs),
        ("d/dz_j H(P,softmax z) = S_j - p_j, j=2", sd.Grad(sd.CrossEntropy(P, S), z, j), S[j] - P[j],
         with_logits, {j: 2}),
    ]


#: Reference modes per dtype: (label, compile_identity's reference argument); the default first.
MODES = {"float64": [("none (default)", "auto"), ("longdouble", "longdouble")],
         "float32": [("float64 (default)", "auto"), ("none", None)]}


def reference(check, data: dict) -> tuple[np.ndarray, np.ndarray]:
    """Both sides from the check's reference code, on the same (rounded) inputs, in higher precision."""
    wide = {"float64": np.float64, "longdouble": np.longdouble}[check.reference]
    batch = len(next(iter(data.values())))
    lhs, rhs = np.empty(batch, dtype=wide), np.empty(batch, dtype=wide)
    for lo in range(0, batch, 1 << 16):
        cols = [np.asarray(data[base][lo:lo + (1 << 16), m - 1], dtype=check.dtype).astype(wide)
                for base, m in check.columns]
        with np.errstate(all="ignore"):
            lv, rv, _ = check.reference_function(*cols)
        n = len(cols[0])
        lhs[lo:lo + n], rhs[lo:lo + n] = np.broadcast_to(lv, (n,)), np.broadcast_to(rv, (n,))
    return lhs, rhs


def resolvable(lhs: Expr, rhs: Expr, data: dict, dtype: str, indices: dict) -> tuple[np.ndarray, np.ndarray]:
    """(live, resolvable) row masks: the planted error changes the row / exceeds its actual rounding."""
    wide = "longdouble" if dtype == "float64" else "float64"
    check = compile_identity(lhs, rhs, dtype=dtype, indices=indices, reference=wide)
    lv, rv, _ = check.values(data)
    if check.reference_function is None:  # trivial: no reference was built; the sides are the same code
        l_ref, r_ref = lv.astype(np.longdouble), rv.astype(np.longdouble)
    else:
        l_ref, r_ref = reference(check, data)
    with np.errstate(all="ignore"):
        live = np.isfinite(lv) & (lv != 0)
        change = float(PLANTED[dtype]) * np.abs(l_ref)
        rounding = np.abs(lv - l_ref) + np.abs(rv - r_ref)
    return live, live & (change > rounding)


def measure(lhs: Expr, rhs: Expr, data: dict, dtype: str, indices: dict, reference_mode, live: np.ndarray) -> dict:
    check = compile_identity(lhs, rhs, dtype=dtype, indices=indices, reference=reference_mode)
    started = time.perf_counter()
    errors = check.errors(data)
    seconds = time.perf_counter() - started
    lv, rv, _ = check.values(data)
    planted = compile_identity(lhs * (1 + PLANTED[dtype]), rhs, dtype=dtype, indices=indices, reference=reference_mode)
    caught = planted.errors(data) > planted.tolerance
    n = max(int(live.sum()), 1)
    alarms = errors > check.tolerance
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(lv) & np.isfinite(rv)
    return {
        "trivial": check.trivial,
        "alarms": int(alarms.sum()),
        "nonfinite": int((alarms & ~finite).sum()),
        "max": float(np.max(errors[finite & np.isfinite(errors)], initial=0.0)),
        "detected": float((caught & live).sum() / n),
        "seconds": seconds,
    }


def libm_accuracy() -> None:
    """The largest relative error of numpy's log and exp seen here, in eps, against the assumed bound."""
    rng = np.random.default_rng(1)
    print("numpy log/exp accuracy, in units of eps·|result| (max over 4·10^6 arguments):")
    for dtype, ref_type, top in (("float64", np.longdouble, 0x7FF0000000000000), ("float32", np.float64, 0x7F800000)):
        dt = np.dtype(dtype)
        bits = rng.integers(top >> 12, top, size=2 * 10**6, dtype=np.uint64).astype(
            np.uint64 if dtype == "float64" else np.uint32)
        x = bits.view(dt)
        near_one = (1 - rng.random(10**6) * 1e-3).astype(dt)
        z = rng.uniform(-80, 80, size=10**6).astype(dt)
        with np.errstate(all="ignore"):
            for name, f, args in (("log", np.log, np.concatenate([x, near_one])), ("exp", np.exp, z)):
                got, ref = f(args).astype(ref_type), f(args.astype(ref_type))
                ok = np.isfinite(ref) & (np.abs(ref) > np.finfo(dt).tiny)
                worst = float(np.max(np.abs(got[ok] - ref[ok]) / np.abs(ref[ok]))) / float(np.finfo(dt).eps)
                print(f"  {dtype} {name}: {worst:.2f} (assumed {LIBM_EPS[dtype]})")
    longdouble_accuracy(rng)
    print()


def longdouble_accuracy(rng: np.random.Generator, n: int = 20_000) -> None:
    """The same for longdouble (the reference run of a float64 check), against mpmath at 40 digits."""
    import mpmath

    fin = np.finfo(np.longdouble)
    if fin.nmant <= np.finfo(np.float64).nmant:
        print("  longdouble: no wider than float64 here")
        return

    def exact(v: np.longdouble) -> mpmath.mpf:
        m, e = np.frexp(v)
        return mpmath.mpf(int(np.ldexp(m, fin.nmant + 1))) * mpmath.mpf(2) ** (int(e) - fin.nmant - 1)

    wide = rng.random(n).astype(np.longdouble) * np.exp2(rng.integers(-1000, 1000, n).astype(np.longdouble))
    near_one = 1 - rng.random(n).astype(np.longdouble) * np.longdouble(1e-3)
    z = rng.uniform(-80, 80, size=n).astype(np.longdouble) + rng.random(n).astype(np.longdouble) * 2.0**-40
    with mpmath.workdps(40):
        for name, f, mf, args in (("log", np.log, mpmath.log, np.concatenate([wide, near_one])),
                                  ("exp", np.exp, mpmath.exp, z)):
            worst = max(abs(exact(y) / mf(exact(x)) - 1) for x, y in zip(args, f(args)))
            print(f"  longdouble {name}: {float(worst) / float(fin.eps):.2f} (assumed {LIBM_EPS['longdouble']}; "
                  f"{len(args):,} arguments against mpmath)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--libm", action="store_true", help="also measure numpy's log/exp accuracy")
    args = parser.parse_args()
    if args.libm:
        libm_accuracy()
    started = time.perf_counter()
    header = (f"{'identity':38} {'dtype':7} {'k':>3} {'reference':17} {'alarms':>6} {'NaN/inf':>7} {'max err':>7} "
              f"{'detect %':>8} {'resolv. %':>9} {'time s':>6}  targets")
    print(f"{args.rows:,} rows per case; planted 1e-9 (float64), 1e-4 (float32); tolerance {2.0:g} × the row's bound")
    print(header)
    print("-" * len(header))
    misses = []
    times: dict[tuple[str, str], float] = {}
    for k in SIZES:
        rng = np.random.default_rng([args.seed, k])
        for name, lhs, rhs, draw, *indices in identities(k):
            data = draw(rng, args.rows)
            for dtype in ("float64", "float32"):
                live, resolv = resolvable(lhs, rhs, data, dtype, indices[0] if indices else None)
                share = float(resolv.sum() / max(int(live.sum()), 1))
                for label, mode in MODES[dtype]:
                    r = measure(lhs, rhs, data, dtype, indices[0] if indices else None, mode, live)
                    times[dtype, label] = times.get((dtype, label), 0.0) + r["seconds"]
                    alarms_ok = r["alarms"] == 0
                    detect_ok = r["detected"] >= DETECTION_TARGET[dtype]
                    verdict = ("met" if alarms_ok and detect_ok else
                               "NOT met: " + ", ".join(w for w, ok in (("alarms", alarms_ok), ("detection", detect_ok))
                                                       if not ok))
                    if r["trivial"]:
                        verdict += f"  (trivial: {r['trivial'].split(':')[0]})"
                    if not (alarms_ok and detect_ok):
                        misses.append((name, dtype, k, label, r, share))
                    print(f"{name:38} {dtype:7} {k:>3} {label:17} {r['alarms']:>6} {r['nonfinite']:>7} "
                          f"{r['max']:>7.3f} {100 * r['detected']:>8.3f} {100 * share:>9.3f} {r['seconds']:>6.2f}  "
                          f"{verdict}", flush=True)
    print()
    for dtype, modes in MODES.items():
        base = next(times[dtype, label] for label, mode in modes if (mode == "auto") == (dtype == "float64"))
        for label, mode in modes:
            print(f"errors() time, {dtype}, reference {label}: {times[dtype, label]:.2f} s "
                  f"({times[dtype, label] / base:.2f}x {dtype} without a reference)")
    print()
    print(f"{len(misses)} case(s) miss a target; {time.perf_counter() - started:.0f} s")
    for name, dtype, k, label, r, share in misses:
        print(f"  {name}, {dtype}, k = {k}, reference {label}: {r['alarms']} false alarms ({r['nonfinite']} NaN/inf), "
              f"{100 * r['detected']:.2f}% detected ({100 * share:.2f}% resolvable)")


if __name__ == "__main__":
    main()
