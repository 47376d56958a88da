"""symdiv: prove, refute and explain the identities of information theory in ML.

>>> import symdiv as sd
>>> n = sd.alphabet_size("n")
>>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
>>> sd.prove(sd.CrossEntropy(P, Q), sd.Entropy(P) + sd.KL(P, Q)).status
<Status.PROVED: 'proved'>
"""

from .core import (
    INDEX,
    KL,
    NLL,
    Bernoulli,
    BinaryCrossEntropy,
    Expectation,
    FocalLoss,
    Labels,
    Mixture,
    Normal,
    NormalDiag,
    OffTarget,
    ParametricDistribution,
    PositiveVector,
    Sigmoid,
    Softplus,
    Conditional,
    ConditionalEntropy,
    ConditionalKL,
    Count,
    CrossEntropy,
    Dataset,
    Distribution,
    Domain,
    Empirical,
    Entropy,
    ExplicitDistribution,
    Grad,
    KLDivergence,
    Likelihood,
    Logits,
    Marginal,
    Measure,
    MutualInformation,
    PointMass,
    ProductDistribution,
    RandomVariable,
    Sample,
    SelfInformation,
    Softmax,
    Uniform,
    alphabet_size,
    component_index,
    domain_of,
    expand_measures,
    marginal,
)
from .errors import (
    BudgetExceeded,
    InconsistencyError,
    InvalidInputError,
    InvalidTypeError,
    ParseError,
    SizeMismatchError,
    SymdivError,
)
from .prover import Certificate, OrderReversal, Status, Verdict, equivalent, prove
from .prover.inequality import function_of, independent, markov_chain, prove_minimiser
from .values import cross_entropy, entropy, kl_divergence, mutual_information
from . import render  # noqa: F401  (registers how verdicts show themselves)

__version__ = "0.1.0"

__all__ = [
    "INDEX",
    "KL",
    "NLL",
    "Bernoulli",
    "BinaryCrossEntropy",
    "Expectation",
    "FocalLoss",
    "Labels",
    "Mixture",
    "Normal",
    "NormalDiag",
    "OffTarget",
    "ParametricDistribution",
    "PositiveVector",
    "Sigmoid",
    "Softplus",
    "function_of",
    "independent",
    "markov_chain",
    "prove_minimiser",
    "BudgetExceeded",
    "Certificate",
    "Conditional",
    "ConditionalEntropy",
    "ConditionalKL",
    "Count",
    "CrossEntropy",
    "Dataset",
    "Distribution",
    "Domain",
    "Empirical",
    "Entropy",
    "ExplicitDistribution",
    "Grad",
    "InconsistencyError",
    "InvalidInputError",
    "InvalidTypeError",
    "KLDivergence",
    "Likelihood",
    "Logits",
    "Marginal",
    "Measure",
    "MutualInformation",
    "OrderReversal",
    "ParseError",
    "PointMass",
    "ProductDistribution",
    "RandomVariable",
    "Sample",
    "SelfInformation",
    "SizeMismatchError",
    "Softmax",
    "Statement",
    "Status",
    "SymdivError",
    "Uniform",
    "Verdict",
    "alphabet_size",
    "component_index",
    "cross_entropy",
    "domain_of",
    "entropy",
    "equivalent",
    "expand_measures",
    "kl_divergence",
    "marginal",
    "mutual_information",
    "parse_expression",
    "parse_statement",
    "prove",
    "__version__",
]


_LAZY = {"Statement", "parse_expression", "parse_statement"}


def __getattr__(name: str):
    # The text reader is loaded on first use: `symdiv verify` never reads text,
    # and its cold start is measured against `import sympy`.
    if name in _LAZY:
        from . import parse

        return getattr(parse, name)
    raise AttributeError(f"module 'symdiv' has no attribute {name!r}")
