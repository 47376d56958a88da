"""Golden LaTeX and Markdown for the seed's derivations: the output is deterministic.

Regenerate after an intended change with SYMDIV_UPDATE_GOLDEN=1 and review the diff.
"""

import os
from pathlib import Path

import pytest

from symdiv.library import discover
from symdiv.render.documents import derivation_latex, derivation_markdown

GOLDEN = Path(__file__).parent / "golden"
DERIVED = [t for t in discover() if t.derivation is not None]


@pytest.fixture(scope="module")
def reports():
    return {t.name: t.derivation.check() for t in DERIVED}


def test_every_seed_derivation_has_golden_files():
    assert len(DERIVED) >= 8
    for t in DERIVED:
        for lang, suffix in (("en", "tex"), ("en", "md"), ("zh", "md")):
            assert (GOLDEN / f"{t.name}.{lang}.{suffix}").exists() or os.environ.get("SYMDIV_UPDATE_GOLDEN")


@pytest.mark.parametrize("theorem", DERIVED, ids=[t.name for t in DERIVED])
@pytest.mark.parametrize("lang, suffix", [("en", "tex"), ("en", "md"), ("zh", "md")])
def test_golden(theorem, lang, suffix, reports):
    report = reports[theorem.name]
    assert report.proved
    render = derivation_latex if suffix == "tex" else derivation_markdown
    text = render(report, lang=lang) + ("\n" if suffix == "tex" else "")
    path = GOLDEN / f"{theorem.name}.{lang}.{suffix}"
    if os.environ.get("SYMDIV_UPDATE_GOLDEN"):
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        # Never a pass in golden mode: a run that rewrites the files has compared nothing.
        pytest.fail(f"golden mode: {path.name} {'rewritten' if changed else 'unchanged'}; review the diff "
                    f"and run the tests again without SYMDIV_UPDATE_GOLDEN")
    assert text == path.read_text(encoding="utf-8")
