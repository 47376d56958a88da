"""Domains: the sizes, index ranges and denominators a statement is about."""

from sympy import Integer, Ne, Sum, exp

import symdiv as sd
from symdiv.core.domain import Domain, denominators, domain_of, is_positive
from symdiv.core.model import INDEX as i


def test_free_component_index_ranges_over_the_alphabet(o):
    assert domain_of(o.P[o.j]).ranges == {o.j: (Integer(1), o.n)}


def test_a_size_used_as_an_index_is_not_a_free_index(o):
    d = domain_of(o.P[o.n])
    assert d.ranges == {} and d.conditions() == ()


def test_named_components_raise_the_smallest_size(o):
    assert dict(domain_of(o.P[1] + o.z[4]).minimum) == {o.n: 4}
    assert dict(domain_of(sd.Grad(sd.Entropy(o.S), o.z, 2)).minimum) == {o.n: 2}
    assert dict(domain_of(o.P[o.n - 2]).minimum) == {o.n: 3}


def test_is_nonnegative_uses_the_smallest_size(o):
    d = domain_of(o.P[3])
    assert d.is_nonnegative(o.n - 3) and not d.is_nonnegative(o.n - 4)
    assert d.in_range(Integer(2), Integer(1), o.n) and not Domain().in_range(Integer(2), Integer(1), o.n)


def test_denominators_that_may_vanish(o):
    assert denominators(1 / (o.P[o.j] - o.Q[o.j])) == (o.P[o.j] - o.Q[o.j],)
    assert denominators(o.P[o.j] / o.Q[o.j], exp(o.z[1]) / Sum(exp(o.z[i]), (i, 1, o.n))) == ()
    # An empty sum of exponentials is 0: not positive unless the range is non-empty.
    assert denominators(1 / Sum(exp(o.z[i]), (i, 3, o.n))) != ()


def test_conditions_are_relations(o):
    d = domain_of(o.P[2], nonzero=[o.z[o.j]])
    assert d.conditions() == (o.n >= 2, Ne(o.z[o.j], 0))
    assert d.ranges[o.j] == (Integer(1), o.n)


def test_positivity_oracle(o):
    assert is_positive(Sum(exp(o.z[i]), (i, 1, o.n)))
    assert not is_positive(Sum(exp(o.z[i]), (i, 3, o.n)))
    assert not is_positive(o.z[1])
