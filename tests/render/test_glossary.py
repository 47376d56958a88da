"""The notation a page explains under its claim (symdiv.render.glossary)."""

import pytest
from sympy import Symbol

import symdiv as sd
from symdiv.library import discover
from symdiv.render.documents import derivation_expressions, theorem_markdown, verdict_latex
from symdiv.render.glossary import glossary
from symdiv.render.phrases import phrase

n = sd.alphabet_size()
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
THEOREMS = {t.name: t for t in discover()}


def _keys(*exprs):
    return [e.key for e in glossary(exprs)]


def test_each_kind_of_symbol_gets_its_words():
    data = sd.Dataset("x", Symbol("N", integer=True, positive=True), n)
    assert _keys(sd.Entropy(P, base=2)) == ["notation_base"]
    assert _keys(sd.CrossEntropy(P, sd.Uniform(n))) == ["notation_uniform"]
    assert _keys(data.count(sd.INDEX)) == ["notation_count"]
    assert _keys(sd.CrossEntropy(data.empirical(), Q)) == ["notation_empirical"]
    assert _keys(sd.Sigmoid(Symbol("v", real=True))) == ["notation_defined"]


def test_an_entry_is_said_once_and_gaussians_once_in_all():
    mu1, mu2 = Symbol("mu_1", real=True), Symbol("mu_2", real=True)
    s1, s2 = Symbol("sigma_1", positive=True), Symbol("sigma_2", positive=True)
    kl = sd.KL(sd.Normal(mu1, s1), sd.Normal(mu2, s2))
    assert _keys(kl, kl) == ["notation_normal"]
    u, v = Symbol("u", real=True), Symbol("v", real=True)
    # every sigmoid is explained by the one definition sigma(u) = 1/(1 + e^-u)
    assert _keys(sd.Sigmoid(u) + sd.Sigmoid(v)) == ["notation_defined"]


def test_a_self_information_is_not_explained_by_its_own_value():
    """I_{delta_j}(j) evaluates to 0: saying "I_{delta_j}(j) = 0" would state the theorem."""
    v = THEOREMS["certain_event_no_information"].run()
    text = verdict_latex(v)
    assert "is the self-information of outcome" in text
    assert r"I_{\delta_{j}}(j) = 0$" not in text.split("verdict")[0]


@pytest.mark.parametrize("name, expected", [
    ("mle_to_cross_entropy", [r"$c_{i}$ is the number of samples equal to $i$, out of $N$",
                              r"$x_{s}$ is the outcome of sample $s$"]),
    ("label_smoothing_off_target", [r"$U_{\neg c}$ is the uniform distribution on the $K - 1$ outcomes other "
                                    r"than $c$", r"$\delta_{c}$ puts all its probability on outcome $c$"]),
    ("entropy_known_value", [r"a subscript $2$ on a measure, as in $H_{2}"]),
    ("distillation_gradient", [r"$\operatorname{softmax}(z / T)$ has components $\frac{e^{z_{i} / T}}"]),
    ("bce_softplus", [r"\sigma(u) = \frac{1}{1 + e^{- u}}"]),
])
def test_the_library_pages_say_their_notation(name, expected):
    theorem = THEOREMS[name]
    v, report = theorem.run_all()
    page = verdict_latex(v, notation_of=derivation_expressions(report))
    notation = page.split("Notation:", 1)[1].split("verdict")[0]
    for words in expected:
        assert words in notation, (words, notation)


def test_the_notation_is_in_chinese_too():
    theorem = THEOREMS["mle_to_cross_entropy"]
    v, report = theorem.run_all()
    page = theorem_markdown("x", v, report, lang="zh")
    assert f"{phrase('notation', 'zh')}：" in page and "个样本中等于" in page
