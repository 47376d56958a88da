"""The command line under hostile input: bounded in time and memory, never a traceback.

Each input runs as a fresh `symdiv` process inside ``prlimit`` (2 GiB of
address space for the whole process, a backstop above the worker's own
1 GiB cap) and must end within 20 s of wall time, with peak memory under
1 GiB and exit code 0, 1 or 2.  Slow (about 3 minutes): ``python -m pytest
-m slow tests/test_hostile.py``.
"""

import resource
import shutil
import subprocess
import sys
import time

import pytest

from tests.hostile import STATEMENTS, documents

pytestmark = pytest.mark.slow


def _bounded(argv):
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        pytest.fail("prlimit (util-linux) is needed for the hostile-input tests")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    proc = subprocess.run([prlimit, f"--as={2 << 30}", "--", sys.executable, "-m", "symdiv", *argv],
                          capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return proc, seconds, max(before, peak_kb)


def _assert_clean(proc, seconds, peak_kb, what):
    assert proc.returncode in (0, 1, 2), (what, proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, (what, proc.stderr[-2000:])
    assert seconds < 20, (what, seconds)
    assert peak_kb < (1 << 20), (what, peak_kb)  # KiB: under 1 GiB


@pytest.mark.parametrize("statement", STATEMENTS)
def test_hostile_statements_are_bounded(statement):
    proc, seconds, peak = _bounded(["prove", statement])
    _assert_clean(proc, seconds, peak, statement)


def test_hostile_documents_are_bounded(tmp_path):
    for doc in documents(tmp_path):
        proc, seconds, peak = _bounded(["check", str(doc)])
        _assert_clean(proc, seconds, peak, doc.name)
