"""The Gaussian KL proved by symdiv against sympy's integrate of the same expectation, cold, in one run.

    python benchmarks/gaussian_kl.py [--repeat 3]

Each side runs in a fresh interpreter (cold: imports included, as a user pays them):

* symdiv: ``prove(KL(N(mu_1, sigma_1^2), N(mu_2, sigma_2^2)), closed form)``, the whole verdict
  (normal form with the Gaussian moments, numeric cross-check by quadrature);
* sympy: ``integrate(N1(x) * (log N1(x) - log N2(x)), (x, -oo, oo))`` and ``simplify`` of its
  difference with the closed form, the computation symdiv avoids.

The time of ``python -c "import sympy"`` is subtracted from both, so the ratio compares the work.
Target (issue 16): symdiv at least 50x faster.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

SETUP = """
from sympy import Rational, Symbol, log, oo, integrate, simplify
mu_1, mu_2 = Symbol("mu_1", real=True), Symbol("mu_2", real=True)
sigma_1, sigma_2 = Symbol("sigma_1", positive=True), Symbol("sigma_2", positive=True)
closed = log(sigma_2 / sigma_1) + (sigma_1 ** 2 + (mu_1 - mu_2) ** 2) / (2 * sigma_2 ** 2) - Rational(1, 2)
"""

COMMANDS = {
    "import sympy": "import sympy",
    "symdiv prove": SETUP + """
import symdiv as sd
from symdiv.core.continuous import Normal
v = sd.prove(sd.KL(Normal(mu_1, sigma_1), Normal(mu_2, sigma_2)), closed)
assert v.proved, v
""",
    "sympy integrate": SETUP + """
from symdiv.core.continuous import Normal
x = Symbol("x", real=True)
N1, N2 = Normal(mu_1, sigma_1), Normal(mu_2, sigma_2)
value = integrate(N1.density(x) * (log(N1.density(x)) - log(N2.density(x))), (x, -oo, oo))
assert simplify(value - closed) == 0, value
""",
}


def once(code: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed:\n{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):
        for name, code in COMMANDS.items():
            times[name].append(once(code))
    base = statistics.median(times["import sympy"])
    print(f"{'command':<18} {'median s':>9} {'minus import s':>15}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<18} {med:>9.2f} {med - base:>15.2f}")
    ours = statistics.median(times["symdiv prove"]) - base
    theirs = statistics.median(times["sympy integrate"]) - base
    ratio = theirs / ours
    print(f"ratio (work, imports excluded): sympy integrate / symdiv = {ratio:.0f}x "
          f"(target >= 50x: {'met' if ratio >= 50 else 'NOT met'})")
    cold = statistics.median(times["sympy integrate"]) / statistics.median(times["symdiv prove"])
    print(f"ratio (whole cold runs): {cold:.1f}x")


if __name__ == "__main__":
    main()
