"""``python -m symdiv`` is the ``symdiv`` command."""

from .cli import console

console()
