"""The Gaussian KL proved by symdiv against sympy's integrate of the same expectation, cold, in one run.

    python benchmarks/gaussian_kl.py [--repeat 5]

Each side runs in a fresh interpreter, so each computation is cold (its first call, with every
lazy import and cache it fills), and both interpreters import the same modules first (sympy,
symdiv for the Gaussian's density, the symbols and the closed form):

* symdiv: ``prove(KL(N(mu_1, sigma_1^2), N(mu_2, sigma_2^2)), closed form)``, the whole verdict
  (normal form with the Gaussian moments, numeric cross-check by quadrature);
* sympy: ``integrate(N1(x) * (log N1(x) - log N2(x)), (x, -oo, oo))`` and ``simplify`` of its
  difference with the closed form, the computation symdiv avoids.

The work is timed inside each interpreter, from after the shared imports to the answer; the
whole process is timed too.  Medians over --repeat interleaved runs.
Target (issue 16): symdiv's cold proof at least 50x faster than sympy's integrate.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

SETUP = """
import time
from sympy import Rational, Symbol, log, oo, integrate, simplify
import symdiv as sd
from symdiv.core.continuous import Normal
mu_1, mu_2 = Symbol("mu_1", real=True), Symbol("mu_2", real=True)
sigma_1, sigma_2 = Symbol("sigma_1", positive=True), Symbol("sigma_2", positive=True)
closed = log(sigma_2 / sigma_1) + (sigma_1 ** 2 + (mu_1 - mu_2) ** 2) / (2 * sigma_2 ** 2) - Rational(1, 2)
N1, N2 = Normal(mu_1, sigma_1), Normal(mu_2, sigma_2)
started = time.perf_counter()
"""

DONE = "\nprint(time.perf_counter() - started)\n"

COMMANDS = {
    "symdiv prove": SETUP + """
v = sd.prove(sd.KL(N1, N2), closed)
assert v.proved, v
""" + DONE,
    "sympy integrate": SETUP + """
x = Symbol("x", real=True)
value = integrate(N1.density(x) * (log(N1.density(x)) - log(N2.density(x))), (x, -oo, oo))
assert simplify(value - closed) == 0, value
""" + DONE,
}


def once(code: str) -> tuple[float, float]:
    """(the work, the whole process) in seconds."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed:\n{proc.stderr[-2000:]}")
    return float(proc.stdout.split()[-1]), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work: dict[str, list[float]] = {name: [] for name in COMMANDS}
    whole: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):
        for name, code in COMMANDS.items():
            w, p = once(code)
            work[name].append(w)
            whole[name].append(p)
    print(f"{'command':<16} {'work s':>8} {'process s':>10}   (medians of {args.repeat})")
    for name in COMMANDS:
        print(f"{name:<16} {statistics.median(work[name]):>8.3f} {statistics.median(whole[name]):>10.2f}")
    ratio = statistics.median(work["sympy integrate"]) / statistics.median(work["symdiv prove"])
    print(f"ratio of the work: sympy integrate / symdiv prove = {ratio:.0f}x "
          f"(target >= 50x: {'met' if ratio >= 50 else 'NOT met'})")
    processes = statistics.median(whole["sympy integrate"]) / statistics.median(whole["symdiv prove"])
    print(f"ratio of whole processes (the same imports in both): {processes:.1f}x")


if __name__ == "__main__":
    main()
