"""What reaches a terminal cannot rewrite it."""

import json

from hypothesis import given, strategies as st

from symdiv.render.terminal import safe


def test_escape_sequences_and_bidi_overrides_are_escaped():
    out = safe("\x1b[2K\rall steps proved\x07 \u202eREFUTED")
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\u001b" in out and "\\u202e" in out


def test_ordinary_text_is_unchanged():
    text = "H(P, Q) = H(P) + D_KL(P||Q)\n\tverdict: 已证明 ≈ 0.5"
    assert safe(text) == text


@given(st.text())
def test_json_stays_strict_and_utf8(text):
    # json.dumps escapes control characters itself; what safe() adds are \uXXXX
    # escapes, which are JSON too, so the result still parses strictly.
    out = safe(json.dumps({"source": text}, ensure_ascii=False))
    out.encode("utf-8")  # never raises: no lone surrogates left raw
    assert isinstance(json.loads(out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c))), dict)


def test_characters_beyond_the_bmp_are_escaped_as_json_surrogate_pairs():
    # U+E0020 (a tag character, category Cf) once came out as \U000e0020, which is not JSON.
    out = safe(json.dumps({"s": "\U000e0020"}, ensure_ascii=False))
    assert json.loads(out)["s"] == "\U000e0020" and "\\udb40\\udc20" in out
