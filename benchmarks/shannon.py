"""symdiv's Shannon-type prover against PSITIP, on the same inequalities, in one run.

For N = 3, 4, 5, 6 random variables X1..XN, each tool decides:

  subadditivity            H(X1,...,XN) <= H(X1) + ... + H(XN)
  conditioning             H(X1 | X2,...,XN) <= H(X1)
  Markov chain rule <=     H(X1,...,XN) <= H(X1) + sum H(Xi | Xi-1)     given X1 -> ... -> XN
  Markov chain rule >=     H(X1,...,XN) >= H(X1) + sum H(Xi | Xi-1)     given X1 -> ... -> XN
  submodularity            H(X1..XN-1) + H(X2..XN) >= H(X1..XN) + H(X2..XN-1)
  data processing          I(X1;X2) >= I(X1;XN)                         given X1 -> ... -> XN
  data processing, no chain  the same without the hypothesis: false (a control)
  Zhang-Yeung (N = 4)      true but not Shannon-type: expected unknown

(the chain rule is an identity only given the chain: without hypotheses an
identity of entropies is the zero combination, nothing to decide).

decide() finds the certificate of a single measure (conditioning,
submodularity) or of a target the hypotheses make 0 (the Markov chain rule)
without the LP, as PSITIP's own presolve answers those rows in well under a
millisecond; the column "LP path" times those rows with that shortcut turned
off, so the cost of the LP route shows too.

symdiv's time is one warm decide(): the LP, the exact rational multipliers and
their exact check (and, for a claim that is not Shannon-type, the
counterexample search, which runs to its budget of 1 s when the claim is
true).  PSITIP's is one warm bool() of its expression, with
PsiOpts.setting(solver="scipy"): without that setting and with no GLPK binary,
PSITIP answers False to true inequalities.  Both are timed --repeat times,
interleaved, and medians are reported.  Targets: symdiv within 3x of PSITIP
for N <= 5, under 1 s at N = 6.

Set PSITIP up in the same virtual environment:

    pip install --no-deps psitip && pip install pulp
    python benchmarks/shannon.py [--repeat 7] [--sizes 3 4 5 6]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from dataclasses import dataclass
from typing import Callable, Optional

from symdiv.prover import shannon
from symdiv.prover.shannon import H, I, Hypothesis, Linear, decide, markov_chain


@dataclass
class Case:
    n: int
    name: str
    target: Linear
    hypotheses: tuple[Hypothesis, ...]
    psitip: Optional[Callable[[], object]]   # builds PSITIP's expression
    shannon_type: bool                        # counts towards the speed targets


def cases(sizes: list[int], psitip) -> list[Case]:
    out = []
    for n in sizes:
        X = [f"X{i}" for i in range(1, n + 1)]
        chain = (markov_chain(*X),)
        everything = sum((H(x) for x in X), Linear(())) - H(*X)
        markov_rule = H(X[0]) + sum((H(X[i], given=X[i - 1]) for i in range(1, n)), Linear(())) - H(*X)
        submod = H(*X[:-1]) + H(*X[1:]) - H(*X) - H(*X[1:-1])
        dpi = I(X[0], X[1]) - I(X[0], X[-1])
        p = _psitip_cases(psitip, n) if psitip else {}
        out += [
            Case(n, "subadditivity", everything, (), p.get("sub"), True),
            Case(n, "conditioning reduces entropy", H(X[0]) - H(X[0], given=X[1:]), (), p.get("cond"), True),
            Case(n, "Markov chain rule, <=", markov_rule, chain, p.get("rule<="), True),
            Case(n, "Markov chain rule, >=", -markov_rule, chain, p.get("rule>="), True),
            Case(n, "submodularity", submod, (), p.get("submod"), True),
            Case(n, "data processing", dpi, chain, p.get("dpi"), True),
            Case(n, "data processing, no chain", dpi, (), p.get("dpi-"), False),
        ]
        if n == 4:
            A, B, C, D = X
            zy = I(A, B) + I(A, (C, D)) + 3 * I(C, D, given=A) + I(C, D, given=B) - 2 * I(C, D)
            out.append(Case(n, "Zhang-Yeung", zy, (), p.get("zy"), False))
    return out


def _psitip_cases(ps, n: int) -> dict[str, Callable[[], object]]:
    """PSITIP's expressions for the same claims (built afresh for every timing)."""
    def variables():
        return list(ps.rv(*[f"X{i}" for i in range(1, n + 1)]))

    def joint(vs):
        out = vs[0]
        for v in vs[1:]:
            out = out + v
        return out

    def sub():
        X = variables()
        return ps.H(joint(X)) <= sum((ps.H(x) for x in X[1:]), ps.H(X[0]))

    def cond():
        X = variables()
        return ps.H(X[0] | joint(X[1:])) <= ps.H(X[0])

    def rule(sense: str):
        def build():
            X = variables()
            rhs = ps.H(X[0])
            for i in range(1, n):
                rhs = rhs + ps.H(X[i] | X[i - 1])
            claim = ps.H(joint(X)) <= rhs if sense == "<=" else ps.H(joint(X)) >= rhs
            return ps.markov(*X) >> claim
        return build

    def submod():
        X = variables()
        return ps.H(joint(X[:-1])) + ps.H(joint(X[1:])) >= ps.H(joint(X)) + ps.H(joint(X[1:-1]))

    def dpi(with_chain: bool):
        def build():
            X = variables()
            claim = ps.I(X[0] & X[1]) >= ps.I(X[0] & X[-1])
            return ps.markov(*X) >> claim if with_chain else claim
        return build

    def zy():
        A, B, C, D = variables()
        return 2 * ps.I(C & D) <= ps.I(A & B) + ps.I(A & C + D) + 3 * ps.I(C & D | A) + ps.I(C & D | B)

    return {"sub": sub, "cond": cond, "rule<=": rule("<="), "rule>=": rule(">="), "submod": submod,
            "dpi": dpi(True), "dpi-": dpi(False), "zy": zy}


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 4, 5, 6])
    args = parser.parse_args()

    try:
        import psitip as ps
    except ImportError:
        ps = None
        print("PSITIP is not installed (pip install --no-deps psitip && pip install pulp): "
              "timing symdiv alone.\n")
    else:
        ps.PsiOpts.setting(solver="scipy")
        # PSITIP warns that scipy is "not recommended" past 50 LP rows (N = 6); the
        # answers are still checked below, so the warning is only noise here.
        warnings.filterwarnings("ignore", category=RuntimeWarning, module="psitip")

    rows = []
    for case in cases(args.sizes, ps):
        def run_symdiv(case=case):
            result = decide(case.target, hypotheses=case.hypotheses)
            if result.certificate is not None:
                assert result.certificate.verify()   # decide did; the run states it
            return result

        def run_psitip(case=case):
            expr = case.psitip()
            started = time.perf_counter()
            answer = bool(expr)
            return time.perf_counter() - started, answer

        def run_lp_path(case=case):
            real = shannon._direct_certificate
            shannon._direct_certificate = lambda *args: None
            try:
                return run_symdiv(case)
            finally:
                shannon._direct_certificate = real

        names = tuple(sorted(case.target.variables.union(*(h.variables for h in case.hypotheses))))
        shortcut = shannon._direct_certificate(
            case.target, names, [eq for h in case.hypotheses for eq in h.equalities]) is not None
        result = run_symdiv()                     # warm: scipy imported, matrices cached
        if shortcut:
            assert run_lp_path().status == result.status
        answer = run_psitip()[1] if ps else None
        s_times, l_times, p_times = [], [], []
        for _ in range(args.repeat):              # interleaved: the machine is shared and noisy
            s_times.append(timed(run_symdiv)[0])
            if shortcut:
                l_times.append(timed(run_lp_path)[0])
            if ps:
                p_times.append(run_psitip()[0])
        rows.append((case, statistics.median(s_times), statistics.median(l_times) if shortcut else None,
                     statistics.median(p_times) if ps else None, result.status.value, answer))

    header = (f"{'N':>2}  {'inequality':<28} {'symdiv s':>9} {'LP path':>9} {'PSITIP s':>9} {'ratio':>6}  "
              f"{'symdiv':<8} {'PSITIP':<6} agree")
    print(header)
    print("-" * len(header))
    disagreements = []
    for case, s, lp, p, status, answer in rows:
        ratio = f"{s / p:6.2f}" if p else "     -"
        agree = "-" if answer is None else ("yes" if (status == "proved") == answer else "NO")
        if agree == "NO":
            disagreements.append((case, status, answer))
        p_text = f"{p:9.4f}" if p is not None else f"{'-':>9}"
        lp_text = f"{lp:9.4f}" if lp is not None else f"{'=':>9}"
        answer_text = "-" if answer is None else str(answer)
        print(f"{case.n:>2}  {case.name:<28} {s:9.4f} {lp_text} {p_text} {ratio}  {status:<8} {answer_text:<6} {agree}")
    print("(LP path '=': the row goes through the LP anyway)")

    print("\nShannon-type rows (medians over the rows of each N):")
    for n in args.sizes:
        mine = [r for r in rows if r[0].n == n and r[0].shannon_type]
        s_med = statistics.median(r[1] for r in mine)
        line = f"  N = {n}: symdiv {s_med:.4f} s"
        if ps:
            p_med = statistics.median(r[3] for r in mine)
            ratio = statistics.median(r[1] / r[3] for r in mine)
            lp_ratio = statistics.median((r[2] if r[2] is not None else r[1]) / r[3] for r in mine)
            target = "under 1 s" if n >= 6 else "ratio <= 3"
            ok = s_med < 1 if n >= 6 else ratio <= 3
            line += (f", PSITIP {p_med:.4f} s, median ratio {ratio:.2f} (LP path {lp_ratio:.2f})"
                     f"  (target {target}: {'met' if ok else 'MISSED'})")
        else:
            line += f"  (target at N = 6: under 1 s: {'met' if n < 6 or s_med < 1 else 'MISSED'})"
        print(line)
    if ps:
        print("\nanswers: proved = PSITIP True; refuted/unknown = PSITIP False (not provable by the Shannon LP)")
        if disagreements:
            for case, status, answer in disagreements:
                print(f"  DISAGREE at N = {case.n}, {case.name}: symdiv {status}, PSITIP {answer}")
        else:
            print("  the two agree on every row")


if __name__ == "__main__":
    main()
