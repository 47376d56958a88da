"""The bundled theorem library: one theorem per module, found by ``symdiv.library.discover``.

Installed as ``symdiv.proofs``.  Modules starting with ``_`` are helpers, not theorems.
"""
