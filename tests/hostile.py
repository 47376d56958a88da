"""Hostile input for the command line: statements and documents built to cost
time and memory, within every documented limit.

Shared by ``tests/test_hostile.py`` (each must end within 20 s and 1 GB, with
exit 0, 1 or 2 and no traceback) and ``benchmarks/hostile.py`` (worst time
and memory over the set).
"""

from __future__ import annotations

from pathlib import Path

#: Statements for `symdiv prove`.
STATEMENTS = [
    "e^e^e^e^e = 0",
    "exp(exp(exp(10))) = 0",
    "exp(exp(exp(exp(10)))) = 0",
    "p_1^(10^7) = 1",
    "p_1^(10^29) = 1",
    "n^(10^29) = 1",
    "(p_1+q_1)^(10^29) = 1",
    "p_1^(10^6) = 1",
    "(p_1+p_2+q_1+q_2+r_1+r_2+z_1+z_2)^60 = 1",
    "*".join(f"(p_{k}+q_{k})" for k in range(1, 21)) + " = 1",
    "sum_a sum_b sum_c sum_d (p_a+q_b+r_c+z_d)^200 = 0",
    " + ".join(f"p_{c}*q_{c}" for c in "abcdfghklmstuv") + " = 1",
    "2^4096 = 0",
    "log(p_1^70) = 70*log(p_1)",
    # more of the same shapes
    "(p_1+q_1)^1000 = 1",
    "exp(1000*z_1)^1000 = 0",
    "(sum_i p_i*log(p_i))^999 = 0",
    "z_1^1000 - z_2^1000 = 0",
    "sum_i sum_k sum_l sum_m p_i*q_k*r_l*p_m*z_i*z_k*z_l*z_m = 1",
    "(" * 29 + "p_1" + ")" * 29 + " = p_1",
    "exp(exp(z_1)) ^ 1000 = exp(1000*exp(z_1))",
    "(z_1 + z_2 + z_3 + z_4 + z_5 + z_6)^40 = 0",
    "10^1000 * p_1 = 10^1000 * q_1",
    "e^(e^(e^(z_1))) = 0",
]


def documents(folder: Path) -> list[Path]:
    """Documents for `symdiv check`, written into *folder*."""
    many = folder / "entropy_blocks.md"
    many.write_text("".join("$$\nH(P) = -\\sum_i p_i \\log p_i\n$$\n\n" for _ in range(10_000)), encoding="utf-8")
    tiny = folder / "tiny_blocks.md"
    tiny.write_text("$$a=a$$\n" * 166_666, encoding="utf-8")
    zero = folder / "zero.tex"
    zero.symlink_to("/dev/zero")
    return [many, tiny, zero]
