"""The public API: explicit, complete, typed."""

import importlib
from pathlib import Path

import pytest

import symdiv
from symdiv import errors


def test_all_names_exist():
    for name in symdiv.__all__:
        assert hasattr(symdiv, name), name


@pytest.mark.parametrize("module", ["symdiv.core", "symdiv.prover", "symdiv.numeric", "symdiv.render",
                                    "symdiv.errors", "symdiv.library", "symdiv.testing",
                                    "symdiv.parse", "symdiv.parse.lexer", "symdiv.parse.parser",
                                    "symdiv.parse.documents", "symdiv.check"])
def test_submodules_declare_all(module):
    mod = importlib.import_module(module)
    assert mod.__all__ and all(hasattr(mod, n) for n in mod.__all__)


def test_py_typed_is_shipped():
    assert (Path(symdiv.__file__).parent / "py.typed").exists()


def test_errors_subclass_builtins():
    assert issubclass(errors.InvalidInputError, ValueError)
    assert issubclass(errors.InvalidTypeError, TypeError)
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.SymdivError)


def test_every_subpackage_is_packaged():
    """A subpackage missing from pyproject's list works in an editable install and breaks a real one."""
    import re

    root = Path(symdiv.__file__).parent
    pyproject = (root.parent / "pyproject.toml").read_text()
    block = re.search(r"^packages = \[(.*?)\]", pyproject, re.S | re.M).group(1)   # tomllib needs 3.11
    listed = set(re.findall(r'"([\w.]+)"', block))
    found = {"symdiv"} | {"symdiv." + p.parent.relative_to(root).as_posix().replace("/", ".")
                          for p in root.glob("*/__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
