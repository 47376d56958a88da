"""Claims: every verdict carries what it is about, and renderers show the claim as made."""

import pytest

import symdiv as sd
from symdiv import Status
from symdiv.errors import InvalidInputError
from symdiv.library import discover
from symdiv.prover.claim import Claim, Relation
from symdiv.render.documents import claim_latex, verdict_latex, verdict_markdown
from symdiv.render.json import verdict_json
from symdiv.render.text import render_verdict


def test_relations_and_their_spellings():
    assert [Relation.of(s) for s in ("=", "!=", "\u2260", "\\neq", "~")] == [
        Relation.EQUAL, Relation.NOT_EQUAL, Relation.NOT_EQUAL, Relation.NOT_EQUAL, Relation.SAME_MINIMISERS]
    assert [Relation.of(s) for s in ("<=", "\\leq", "\u2265", "\\ge", ">", "<")] == [
        Relation.LESS_EQUAL, Relation.LESS_EQUAL, Relation.GREATER_EQUAL, Relation.GREATER_EQUAL, Relation.GREATER,
        Relation.LESS]
    assert Relation.GREATER.strict and Relation.LESS_EQUAL.inequality and not Relation.EQUAL.inequality
    with pytest.raises(InvalidInputError, match="unknown relation '=<'"):
        Relation.of("=<")


def test_a_not_equal_claim_is_proved_by_the_counterexample_to_the_equality(o):
    v = sd.prove(sd.KL(o.P, o.Q), sd.KL(o.Q, o.P), relation="!=")
    assert v.status is Status.PROVED and v.relation is Relation.NOT_EQUAL
    assert v.counterexample is not None  # the witness
    assert sd.prove(sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.P) + sd.KL(o.P, o.Q), relation="!=").refuted


def test_prove_refuses_the_same_minimisers_relation(o):
    with pytest.raises(InvalidInputError, match="equivalent"):
        sd.prove(sd.KL(o.P, o.Q), sd.KL(o.P, o.Q), relation="~")


def test_a_refuted_equation_is_shown_as_claimed_never_as_a_double_negative(o):
    v = sd.prove(sd.KL(o.P, o.Q), sd.KL(o.Q, o.P))
    assert render_verdict(v).splitlines()[:2] == ["D(P||Q) = D(Q||P)", "verdict: refuted"]
    assert r"\neq" not in verdict_latex(v) and r"\neq" not in verdict_markdown(v)


def test_equivalent_objectives_are_shown_as_arg_min_with_the_certificate(o):
    v = sd.equivalent(sd.CrossEntropy(o.P, o.S), sd.KL(o.P, o.S), wrt=o.z)
    assert v.relation is Relation.SAME_MINIMISERS and v.claim.wrt == (o.z,)
    shown = claim_latex(v.claim)
    assert shown.count(r"\operatorname*{arg\,min}_{z}") == 2
    md = verdict_markdown(v)
    assert "certificate:" in md and md.count("$$") >= 4
    assert verdict_json(v)["relation"] == "~"


@pytest.mark.parametrize("theorem", discover(), ids=lambda t: t.name)
def test_every_bundled_theorem_shows_its_own_relation(theorem):
    """'=' only where the theorem is an equation; arg min where it is about minimisers."""
    v = theorem.run()
    display = verdict_markdown(v).split("$$")[1]
    if v.relation in (Relation.SAME_MINIMISERS, Relation.MINIMISER):
        assert "arg" in display
    else:
        assert "arg" not in display
        # f != g is proved by a witness: not identically equal, never \neq between two functions
        symbol = {"=": " = ", "!=": r" \not\equiv ", "<=": r" \leq ", ">=": r" \geq ", "<": " < ", ">": " > "}[
            v.relation.value]
        assert symbol in display
        if v.relation.inequality:
            assert " = " not in display
        if v.relation.value == "!=":
            assert r"\neq" not in display


def test_claims_print_as_text():
    from sympy import Symbol

    x, y = Symbol("x"), Symbol("y")
    assert str(Claim(x, Relation.EQUAL, y)) == "x = y"
    assert str(Claim(x, Relation.SAME_MINIMISERS, y, wrt=(Symbol("t"),), senses=("min", "max"))) == \
        "argmin_{t} x = argmax_{t} y"
