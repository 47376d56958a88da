"""Shannon-type inequalities: proved with exact certificates, refuted with exact tables, or unknown."""

import dataclasses
import itertools
import subprocess
import sys
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symdiv.errors import InvalidInputError, InvalidTypeError, SymdivError
from symdiv.prover import shannon
from symdiv.prover.shannon import (
    H,
    I,
    Elemental,
    Equality,
    JointTable,
    Linear,
    LogValue,
    SearchBudget,
    ShannonCertificate,
    decide,
    elementals,
    find_counterexample,
    function_of,
    independent,
    markov_chain,
)
from symdiv.prover.verdict import Status

NAMES = ("X1", "X2", "X3", "X4", "X5", "X6")
QUICK = SearchBudget(seconds=0.3)


def proved(result):
    assert result.status is Status.PROVED, str(result)
    assert result.certificate.verify()
    assert set(result.certificate.hypotheses) <= set(result.hypotheses)
    assert result.counterexample is None
    return result.certificate


def refuted(result, *, strict=False):
    """The counterexample satisfies every hypothesis and breaks the claim, both exactly."""
    assert result.status is Status.REFUTED, str(result)
    table = result.counterexample
    sign = table.evaluate(result.target).sign()
    assert sign <= 0 if strict else sign < 0
    assert all(h.holds(table) for h in result.hypotheses)
    assert result.value == table.evaluate(result.target)
    assert result.certificate is None
    return table


def total(names):
    return sum((H(v) for v in names), Linear(())) - H(*names)


# -- proved ---------------------------------------------------------------

@pytest.mark.parametrize("n", range(2, 7))
def test_subadditivity_is_proved_with_a_certificate_that_verifies(n):
    certificate = proved(decide(total(NAMES[:n])))
    # The chain rule: n(n-1)/2 mutual informations, each an elemental term.
    assert len(certificate.elementals) == n * (n - 1) // 2
    assert all(m > 0 and isinstance(m, F) for _, m in certificate.elementals)


def test_conditioning_reduces_entropy():
    certificate = proved(decide(H("X") - H("X", given="Y")))
    assert [(e.name, m) for e, m in certificate.elementals] == [("I(X;Y)", 1)]


def test_conditional_mutual_information_is_nonnegative():
    certificate = proved(decide(I("X", "Y", given="Z")))
    assert [e.name for e, _ in certificate.elementals] == ["I(X;Y|Z)"]


def test_submodularity():
    certificate = proved(decide(H("X", "Y") + H("Y", "Z") - H("X", "Y", "Z") - H("Y")))
    assert [e.name for e, _ in certificate.elementals] == ["I(X;Z|Y)"]


def test_data_processing_is_proved_given_the_markov_chain():
    chain = markov_chain("X", "Y", "Z")
    certificate = proved(decide(I("X", "Y") - I("X", "Z"), hypotheses=[chain]))
    assert [(e.name, m) for e, m in certificate.elementals] == [("I(X;Y|Z)", 1)]
    assert [(str(eq.expression), eq.hypothesis, m) for eq, m in certificate.equalities] == [("I(X;Z|Y)", chain, -1)]
    assert certificate.hypotheses == (chain,)
    steps = certificate.steps()
    assert [s.relation for s in steps] == ["", "=", "=", ">="]
    assert [s.expression for s in steps] == ["I(X;Y) - I(X;Z)", "I(X;Y|Z) - I(X;Z|Y)", "I(X;Y|Z)", "0"]
    assert "X -> Y -> Z" in steps[2].justification
    text = str(certificate)
    assert text.isascii() and "\\" not in text and "$" not in text


def test_data_processing_is_not_proved_without_the_markov_chain():
    result = decide(I("X", "Y") - I("X", "Z"))
    table = refuted(result)
    # The table breaks the chain the proof needed: I(X;Z|Y) > 0 there.
    assert table.evaluate(I("X", "Z", given="Y")).sign() > 0
    assert not markov_chain("X", "Y", "Z").holds(table)


def test_longer_markov_chains_and_the_other_hypotheses():
    proved(decide(I("X", "Y") - I("X", "W"), hypotheses=[markov_chain("X", "Y", "Z", "W")]))
    proved(decide(H("X", "Y", "Z") - H("X") - H("Y") - H("Z"), hypotheses=[independent("X", "Y", "Z")]))
    proved(decide(H("X") - H("Y"), hypotheses=[function_of("Y", of="X")]))
    proved(decide(I("X", "Y", given="Z") - I("X", "Y"), hypotheses=[independent("X", "Y")]))


def test_rational_coefficients_and_extra_variables():
    certificate = proved(decide(F(1, 3) * total(["X", "Y", "Z"]), variables=["X", "Y", "Z", "W"]))
    assert {m for _, m in certificate.elementals} == {F(1, 3)}
    proved(decide({frozenset({"X"}): F(2, 7)}))


def test_exact_multipliers_when_rounding_the_floats_fails():
    """The float LP only chooses the terms; Gaussian elimination in Fractions finds the multipliers."""
    import numpy as np

    target = F(1, 10 ** 7) * I("X", "Y") + F(3, 7) * I("X", "Z", given="Y")
    names = ("X", "Y", "Z")
    specs = shannon._elemental_specs(3)
    x = np.zeros(len(specs))
    x[specs.index((0, 1, ()))] = 1e-7 * (1 + 1e-4)   # noise rounding cannot undo
    x[specs.index((0, 2, (1,)))] = 3 / 7 + 1e-12
    certificate = shannon._exact_certificate(target, names, [], x, len(specs))
    assert certificate is not None and certificate.verify()
    assert sorted(m for _, m in certificate.elementals) == [F(1, 10 ** 7), F(3, 7)]


# -- refuted --------------------------------------------------------------

def test_conditioning_increases_entropy_is_refuted_by_a_dependent_table():
    table = refuted(decide(H("X", given="Y") - H("X")))
    assert table == JointTable(("X", "Y"), (2, 2), (F(1, 2), 0, 0, F(1, 2)))
    assert table.evaluate(H("X", given="Y") - H("X")) == LogValue.log(F(1, 2))   # -1 bit, exactly


def test_the_xor_table_refutes_conditioning_reduces_mutual_information():
    table = refuted(decide(I("X", "Y") - I("X", "Y", given="Z")))
    support = dict(table.support())
    assert support == {(x, y, x ^ y): F(1, 4) for x in (0, 1) for y in (0, 1)}


def test_a_strict_claim_is_refuted_by_a_table_where_the_sides_are_equal():
    result = decide(I("X", "Y"), strict=True)
    table = refuted(result, strict=True)
    assert table.evaluate(I("X", "Y")).sign() == 0
    assert "> 0" in result.claim and "0" in result.reason


def test_a_strict_claim_is_never_proved():
    # true as >=, and still not proved as >: a constant table makes it 0
    result = decide(total(["X", "Y"]), strict=True)
    refuted(result, strict=True)


def test_counterexamples_to_conditional_claims_satisfy_the_hypotheses():
    table = refuted(decide(I("X", "Z") - I("X", "Y"), hypotheses=[markov_chain("X", "Y", "Z")]))
    assert markov_chain("X", "Y", "Z").holds(table)
    table = refuted(decide(-I("X", "Y", given="Z"), hypotheses=[independent("X", "Y")]))
    assert table.evaluate(I("X", "Y")).sign() == 0
    table = refuted(decide(H("Y") - H("X"), hypotheses=[function_of("Y", of="X")]))
    assert table.evaluate(H("Y", given="X")).sign() == 0


def test_the_counterexample_is_the_simplest_found():
    table = find_counterexample(I("X", "Y") - I("X", "Z"))
    assert sum(1 for _ in table.support()) == 2 and table.denominator == 2


# -- unknown --------------------------------------------------------------

def test_zhang_yeung_is_unknown_not_refuted():
    A, B, C, D = "A", "B", "C", "D"
    zy = I(A, B) + I(A, (C, D)) + 3 * I(C, D, given=A) + I(C, D, given=B) - 2 * I(C, D)
    result = decide(zy, search=QUICK)
    assert result.status is Status.UNKNOWN
    assert result.reason.startswith("not Shannon-type: the LP found no certificate")
    assert result.counterexample is None and result.certificate is None


def test_an_unconfirmed_lp_certificate_is_unknown(monkeypatch):
    monkeypatch.setattr(shannon, "_exact_certificate", lambda *args: None)
    result = decide(total(["X", "Y", "Z"]))   # not a single measure: the LP's job
    assert result.status is Status.UNKNOWN
    assert "could not be confirmed in exact arithmetic" in result.reason


def test_decide_checks_the_certificate_itself(monkeypatch):
    bogus = ShannonCertificate(I("X", "Y"), ((Elemental("X", "Y"), F(2)),))
    monkeypatch.setattr(shannon, "_exact_certificate", lambda *args: bogus)
    assert decide(total(["X", "Y", "Z"])).status is Status.UNKNOWN
    # the shortcut for single measures is held to the same check, and falls back to the LP
    monkeypatch.setattr(shannon, "_direct_certificate", lambda *args: bogus)
    assert decide(I("X", "Y")).status is Status.UNKNOWN


def test_a_failed_lp_is_unknown_unless_a_table_refutes(monkeypatch):
    class Stopped:
        status, message, x = 4, "numerical difficulties", None
    monkeypatch.setattr(shannon, "_lp", lambda *args: (Stopped(), 0))
    result = decide(total(["X", "Y", "Z"]), search=QUICK)      # true: no table can refute it
    assert result.status is Status.UNKNOWN and "numerical difficulties" in result.reason
    refuted(decide(-total(["X", "Y", "Z"]), search=QUICK))     # false: the search still refutes it


def test_the_search_respects_its_budget():
    assert find_counterexample(I("X", "Y") - I("X", "Z"), budget=SearchBudget(tables=0)) is None
    result = decide(-total(["X", "Y"]), search=SearchBudget(tables=0))
    assert result.status is Status.UNKNOWN and "among the 0 tables searched" in result.reason


@pytest.mark.parametrize("target, names", [
    (I(("X", "W"), ("Y", "V"), given="Z"), "X,Y,Z,W,V"),
    (H("X", "Y", given="Z"), "X,Y,Z,W"),
    (F(5, 2) * H("Y"), "X,Y,Z"),
])
def test_a_single_measure_expands_into_elemental_terms_by_the_chain_rule(target, names):
    certificate = shannon._direct_certificate(target, tuple(names.split(",")), [])
    assert certificate is not None and certificate.verify()
    assert {m for _, m in certificate.elementals} == {max(c for _, c in target.terms)}
    assert decide(target, variables=names.split(",")).certificate == certificate


# -- certificates -----------------------------------------------------------

def test_a_tampered_certificate_fails_verify():
    chain = markov_chain("X", "Y", "Z")
    good = decide(I("X", "Y") - I("X", "Z"), hypotheses=[chain]).certificate
    assert good.verify()
    (e, m), = good.elementals
    (eq, mu), = good.equalities
    tampered = [
        dataclasses.replace(good, elementals=((e, m + 1),)),                       # wrong multiplier
        dataclasses.replace(good, elementals=()),                                   # a term dropped
        dataclasses.replace(good, elementals=((Elemental("X", "Z", ("Y",)), m),)),  # the wrong term
        dataclasses.replace(good, equalities=((eq, mu + 1),)),
        dataclasses.replace(good, equalities=((eq, 1.0 * mu),)),                    # a float is not exact
        dataclasses.replace(good, target=I("X", "Y")),
        # an "equality" the hypothesis does not assert
        dataclasses.replace(good, equalities=((Equality(I("X", "Z", given="Y"), independent("X", "Y")), mu),)),
    ]
    for certificate in tampered:
        assert not certificate.verify(), certificate
    negative = ShannonCertificate(-I("X", "Y"), ((Elemental("X", "Y"), F(-1)),))
    assert not negative.verify()


def test_steps_are_data_and_the_text_is_plain_ascii():
    certificate = proved(decide(H("X") + H("Y") - H("X", "Y")))
    steps = certificate.steps()
    assert steps[0].relation == "" and steps[-1].relation == ">="
    assert steps[1].terms == ((F(1), "I(X;Y)"),)
    assert "elemental" in steps[-1].justification
    assert str(certificate).splitlines()[0].strip() == "H(X) + H(Y) - H(X,Y)"
    # a hypothesis that makes the target 0 ends the chain at "= 0"
    certificate = proved(decide(-I("X", "Y"), hypotheses=[independent("X", "Y")]))
    assert certificate.steps()[-1].relation == "=" and certificate.steps()[-1].terms == ()


# -- properties -------------------------------------------------------------

@st.composite
def elemental_combinations(draw):
    n = draw(st.integers(2, 4))
    terms = elementals(list(NAMES[:n]))
    chosen = draw(st.lists(st.sampled_from(terms), min_size=1, max_size=5, unique=True))
    weights = [F(draw(st.integers(1, 6)), draw(st.integers(1, 4))) for _ in chosen]
    return n, list(zip(chosen, weights))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elemental_combinations())
def test_random_nonnegative_combinations_of_elemental_terms_are_proved(combination):
    n, terms = combination
    target = sum((w * e.linear for e, w in terms), Linear(()))
    proved(decide(target, variables=list(NAMES[:n])))


@st.composite
def tables(draw, n=None):
    n = draw(st.integers(2, 4)) if n is None else n
    sizes = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    weights = draw(st.lists(st.integers(0, 4), min_size=len(list(itertools.product(*map(range, sizes)))),
                            max_size=len(list(itertools.product(*map(range, sizes))))))
    if not any(weights):
        weights[0] = 1
    return JointTable(NAMES[:n], sizes, tuple(F(w, sum(weights)) for w in weights))


PROVED_BY_N = {
    n: [t for t in (total(NAMES[:n]), H(NAMES[0]) - H(NAMES[0], given=NAMES[1:n]),
                    H(*NAMES[:2]) + H(*NAMES[1:n]) - H(*NAMES[:n]) - H(NAMES[1]))
        if not t.is_zero()]   # submodularity is 0 = 0 for two variables
    for n in (2, 3, 4)
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.data())
def test_random_tables_never_violate_a_proved_inequality(table, data):
    n = len(table.variables)
    target = data.draw(st.sampled_from(PROVED_BY_N[n]))
    assert decide(target).status is Status.PROVED
    assert table.evaluate(target).sign() >= 0
    e = data.draw(st.sampled_from(elementals(list(table.variables))))
    assert table.evaluate(e.linear).sign() >= 0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=8, max_size=8).filter(any), st.data())
def test_markov_tables_satisfy_data_processing(weights, data):
    """p(x) p(y|x) p(z|y) built exactly: the chain holds and I(X;Y) >= I(X;Z)."""
    def row(ws):
        return [F(w, sum(ws)) for w in ws] if any(ws) else [F(1), F(0)]
    px = row(weights[:2])
    py = [row(weights[2:4]), row(weights[4:6])]
    pz = [row(weights[6:8]), row(data.draw(st.lists(st.integers(0, 3), min_size=2, max_size=2)))]
    cells = {(x, y, z): px[x] * py[x][y] * pz[y][z] for x in (0, 1) for y in (0, 1) for z in (0, 1)}
    table = JointTable.from_dict(("X", "Y", "Z"), (2, 2, 2), cells)
    assert markov_chain("X", "Y", "Z").holds(table)
    assert table.evaluate(I("X", "Y") - I("X", "Z")).sign() >= 0


# -- exact arithmetic -------------------------------------------------------

def test_log_values_decide_close_signs_exactly():
    assert (LogValue.log(3) - F(3, 2) * LogValue.log(2)).sign() == 1          # 9 > 8
    assert (F(53, 10) * LogValue.log(2) - F(1, 1) * LogValue.log(39)).sign() == 1
    assert (LogValue.log(F(27, 8)) - 3 * LogValue.log(F(3, 2))).sign() == 0
    assert LogValue.log(6) == LogValue.log(2) + LogValue.log(3)               # canonical: primes
    with pytest.raises(InvalidInputError, match="bits"):
        (F(1, 10 ** 9 + 7) * LogValue.log(3) - LogValue.log(2)).sign()


def test_entropies_of_tables_are_exact():
    table = JointTable(("X", "Y"), (2, 2), (F(3, 8), F(1, 8), F(1, 8), F(3, 8)))
    assert table.entropy("X") == LogValue.log(2)
    # H(X,Y) = 2 bits - (3/4) log 3 + ... : checked against the definition
    expected = sum((LogValue.log(p, -p) for p in table.probabilities), LogValue())
    assert table.entropy("X", "Y") == expected
    assert abs(table.evaluate(I("X", "Y")).bits() - 0.18872187554086717) < 1e-12


# -- errors -----------------------------------------------------------------

def test_errors_name_the_offending_value():
    with pytest.raises(InvalidInputError, match="'Z' appears in the target but not in variables"):
        decide(H("X") - H("Z"), variables=["X", "Y"])
    with pytest.raises(InvalidInputError, match="'W' appears in a hypothesis"):
        decide(H("X"), hypotheses=[markov_chain("X", "Y", "W")], variables=["X", "Y"])
    with pytest.raises(InvalidInputError, match="empty"):
        decide(H("X", "Y") - H("X") - H("Y", given="X"))
    with pytest.raises(InvalidInputError, match="empty"):
        decide({})
    with pytest.raises(InvalidInputError, match="9 variables .*at most 8"):
        decide(total([f"V{i}" for i in range(9)]))
    with pytest.raises(InvalidTypeError, match="never evaluates text"):
        decide("H(X) >= 0")
    with pytest.raises(InvalidTypeError, match="not str .X -> Y -> Z."):
        decide(H("X"), hypotheses=["X -> Y -> Z"])
    with pytest.raises(InvalidInputError, match="markov_chain needs at least 3"):
        markov_chain("X", "Y")
    with pytest.raises(InvalidInputError, match="'X' appears in two groups"):
        independent("X", ("X", "Y"))
    with pytest.raises(InvalidInputError, match="'1X'"):
        H("1X")
    with pytest.raises(InvalidTypeError, match="exact"):
        0.5 * H("X")
    with pytest.raises(InvalidInputError, match="names 'X' twice"):
        H("X", "X")


def test_table_errors_name_the_offending_entry():
    with pytest.raises(InvalidInputError, match=r"X=0, Y=1 is negative: -1/2"):
        JointTable(("X", "Y"), (2, 2), (F(1), F(-1, 2), F(1, 2), 0))
    with pytest.raises(InvalidInputError, match="sum to 3/4, not 1"):
        JointTable(("X",), (2,), (F(1, 2), F(1, 4)))
    with pytest.raises(InvalidTypeError, match="float"):
        JointTable(("X",), (2,), (0.5, 0.5))
    with pytest.raises(InvalidInputError, match="3 probabilities for 4 outcomes"):
        JointTable(("X", "Y"), (2, 2), (F(1, 3),) * 3)
    with pytest.raises(InvalidInputError, match="'Z' is not a variable of the table"):
        JointTable(("X",), (1,), (F(1),)).evaluate(H("Z"))


def test_every_error_is_a_symdiv_error():
    for bad in (lambda: decide(None), lambda: SearchBudget(tables=-1), lambda: Elemental("X", "X")):
        with pytest.raises(SymdivError):
            bad()


def test_values_are_frozen_and_hashable():
    d = I("X", "Y") - I("X", "Z")
    assert hash(d) == hash(H("Y") + H("X", "Z") - H("Z") - H("X", "Y"))
    for value in (d, Elemental("X", "Y"), markov_chain("X", "Y", "Z"), SearchBudget(),
                  JointTable(("X",), (1,), (F(1),)), LogValue.log(2)):
        hash(value)
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.__setattr__(dataclasses.fields(value)[0].name, None)


def test_the_public_names_exist():
    assert all(hasattr(shannon, name) for name in shannon.__all__)


def test_importing_symdiv_does_not_import_scipy():
    code = "import sys, symdiv, symdiv.prover.shannon; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
