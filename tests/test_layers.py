"""The package's layers: what each subpackage may import, and no cycles between them.

The pipeline runs core -> numeric -> prover -> render, with parse beside the
prover; the command-line modules sit on top.  Imports under ``if
TYPE_CHECKING:`` are annotations only and do not count.
"""

import ast
from pathlib import Path

import symdiv

PACKAGE = Path(symdiv.__file__).parent
SUBPACKAGES = ("core", "numeric", "prover", "parse", "render")


def _imports(path: Path) -> set[str]:
    """The symdiv modules *path* imports at run time (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_checking = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            type_checking |= {id(n) for n in ast.walk(node)}
    package = ["symdiv", *path.relative_to(PACKAGE).parts[:-1]]
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {n for n in found if n.startswith("symdiv.")}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {s: set() for s in SUBPACKAGES}
    for sub in SUBPACKAGES:
        for path in (PACKAGE / sub).glob("*.py"):
            graph[sub] |= {_layer(m) for m in _imports(path)} & set(SUBPACKAGES) - {sub}
    return graph


def test_the_prover_does_not_import_the_renderers():
    assert "render" not in _graph()["prover"]


def test_the_renderers_do_not_import_the_document_checker():
    for path in (PACKAGE / "render").glob("*.py"):
        assert "symdiv.check" not in _imports(path), path.name


def test_no_cycle_between_subpackages():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, f"import cycle: {' -> '.join(trail + [node, nxt])}"
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in SUBPACKAGES:
        if node not in state:
            visit(node, [])


def test_the_core_depends_on_no_other_layer():
    assert _graph()["core"] == set()
