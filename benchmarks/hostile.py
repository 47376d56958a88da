"""Worst time and memory of the command line over the hostile-input set, in one run.

Each statement of ``tests/hostile.py`` runs as ``symdiv prove`` and each of
its documents as ``symdiv check``, one fresh process at a time, with default
settings.  Printed: wall seconds and peak resident memory of the process and
its worker (the largest of any descendant), then the worst of each.  The
promise being measured: every input ends within 20 s and under 1 GiB.

    python benchmarks/hostile.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import STATEMENTS, documents  # noqa: E402


def _peak_kib(argv: list[str]) -> tuple[float, int, int]:
    """(seconds, peak KiB of this process's descendants, exit code) of one symdiv run, in a fresh child."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a fresh process whose only descendants are this run's
        os.close(read)
        started = time.monotonic()
        code = subprocess.run([sys.executable, "-m", "symdiv", *argv], capture_output=True).returncode
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        os.write(write, f"{seconds} {peak} {code}".encode())
        os._exit(0)
    os.close(write)
    data = os.read(read, 100).decode().split()
    os.waitpid(pid, 0)
    return float(data[0]), int(data[1]), int(data[2])


def main() -> None:
    rows = []
    for statement in STATEMENTS:
        rows.append((statement, *_peak_kib(["prove", statement])))
    with tempfile.TemporaryDirectory() as folder:
        for doc in documents(Path(folder)):
            rows.append((f"check {doc.name}", *_peak_kib(["check", str(doc)])))
    width = min(60, max(len(r[0]) for r in rows))
    print(f"{'input':<{width}}  {'seconds':>8}  {'peak MiB':>8}  exit")
    for text, seconds, peak, code in rows:
        shown = text if len(text) <= width else text[: width - 3] + "..."
        print(f"{shown:<{width}}  {seconds:8.2f}  {peak / 1024:8.0f}  {code}")
    worst_time = max(rows, key=lambda r: r[1])
    worst_memory = max(rows, key=lambda r: r[2])
    print(f"worst time: {worst_time[1]:.2f} s ({worst_time[0][:60]})")
    print(f"worst memory: {worst_memory[2] / 1024:.0f} MiB ({worst_memory[0][:60]})")
    ok = worst_time[1] < 20 and worst_memory[2] < (1 << 20) and all(r[3] in (0, 1, 2) for r in rows)
    print("target (every input within 20 s and 1 GiB, exit 0, 1 or 2):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
