"""Reasons: the prover says what happened, the phrase table says it in each language."""

import pytest

import symdiv as sd
from symdiv.errors import InvalidInputError
from symdiv.prover.verdict import NOTES, Note
from symdiv.render.phrases import LANGUAGES
from symdiv.render.text import note_text, render_verdict


@pytest.mark.parametrize("key", sorted(NOTES))
def test_every_reason_has_words_in_every_language(key):
    reason = Note(key, tuple((name, "X") for name in NOTES[key]))
    for lang in LANGUAGES:
        text = note_text(reason, lang)
        assert text.strip() and not any("{" + name + "}" in text for name in NOTES[key])


def test_an_unknown_reason_is_refused():
    with pytest.raises(InvalidInputError, match="unknown reason 'because'"):
        Note("because")


def test_reasons_in_chinese(o):
    v = sd.prove(sd.KL(o.P, o.Q), sd.KL(o.Q, o.P))
    assert [r.key for r in v.reasons] == ["sides_differ"]
    assert "原因: 两边在反例处不相等" in render_verdict(v, "zh")
    assert v.reason == "the two sides differ at the counterexample (exact arithmetic)"
    w = sd.equivalent(sd.CrossEntropy(o.P, o.S), sd.KL(o.P, o.S), wrt=o.z, a=2, b=sd.Entropy(o.P))
    assert [r.key for r in w.reasons][:1] == ["certificate_wrong"]
    assert "给定的依据有误" in render_verdict(w, "zh")
