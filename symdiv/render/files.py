"""Writing exported files: atomically, and compiling LaTeX where it cannot collide.

An export can be interrupted (Ctrl-C), run out of disk or race another
export into the same folder.  Every file is therefore written to a temporary
name in its folder and renamed into place, so a reader sees the old file or
the whole new one, never a truncated one; and each document is compiled by
``pdflatex`` in a private temporary folder, so its ``.aux`` and ``.log``
files never collide with another run's and never stay behind.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.md", "$$ H(P) $$\\n").read_text()
'$$ H(P) $$\\n'
>>> sorted(p.name for p in folder.iterdir())
['a.md']
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional, Sequence, Union

__all__ = ["write_atomic", "compile_latex", "PDFLATEX_SECONDS", "SETTLE_RUNS"]

#: How long one pdflatex run may take.
PDFLATEX_SECONDS = 300


def write_atomic(path: Path, data: Union[str, bytes]) -> Path:
    """Write *data* (text as UTF-8) to *path* through a temporary file and a rename."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        # mkstemp makes the file private (0600); an exported file gets the mode any new file would
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


#: Most pdflatex runs for a document with a table of contents or references (it stops as soon
#: as a run changes nothing): the contents, then the pages it moves, then a check.
SETTLE_RUNS = 4


def _auxiliary(source: Path) -> tuple[bytes, ...]:
    """What one pdflatex run leaves for the next: the ``.aux`` and ``.toc`` beside *source*."""
    return tuple(p.read_bytes() if p.exists() else b"" for p in (source.with_suffix(".aux"), source.with_suffix(".toc")))


def compile_latex(pdflatex: str, tex: Path, runs: int = 1, resources: Sequence[str] = ()) -> Optional[Path]:
    """Compile *tex* in a private folder; put the PDF beside it.  None if pdflatex failed.

    *runs* > 1 lets a table of contents and references settle: pdflatex runs again, up to
    *runs* times, while the ``.aux`` and ``.toc`` it wrote differ from the ones it read (a
    table of contents a page long moves every page number after it, so two runs are not
    always enough).  *resources* are files or folders beside *tex* (``"figures"``) that the
    document reads; they are copied in too.
    """
    with tempfile.TemporaryDirectory(prefix="symdiv-latex-") as work:
        source = Path(work) / tex.name
        shutil.copyfile(tex, source)
        for name in resources:
            found = tex.parent / name
            if found.is_dir():
                shutil.copytree(found, Path(work) / name)
            elif found.is_file():
                (Path(work) / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(found, Path(work) / name)
        for _ in range(runs):
            before = _auxiliary(source)
            proc = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", source.name],
                                  cwd=work, capture_output=True, timeout=PDFLATEX_SECONDS)
            if proc.returncode != 0:
                return None
            if _auxiliary(source) == before:
                break
        pdf = source.with_suffix(".pdf")
        if not pdf.exists():
            return None
        return write_atomic(tex.with_suffix(".pdf"), pdf.read_bytes())
