"""The objects the theorems about training losses share."""

from sympy import Symbol

from symdiv import Distribution, Logits, alphabet_size, component_index
from symdiv.core.continuous import Normal, NormalDiag
from symdiv.core.model import Labels, ParametricDistribution, PositiveVector

n = alphabet_size("n")
K = alphabet_size("K")
d = alphabet_size("d")
N = Symbol("N", integer=True, positive=True)
j, c = component_index("j"), component_index("c")
theta = Symbol("theta", real=True)
u = Symbol("u", real=True)
p = Symbol("p", positive=True)
T = Symbol("T", positive=True)
epsilon = Symbol("epsilon", positive=True)
sigma = Symbol("sigma", positive=True)
mu_1, mu_2 = Symbol("mu_1", real=True), Symbol("mu_2", real=True)
sigma_1, sigma_2 = Symbol("sigma_1", positive=True), Symbol("sigma_2", positive=True)
P, Q = Distribution("P", n), Distribution("Q", n)
Q_K = Distribution("Q", K)   # the model, as everywhere: P is a target
Q_theta = ParametricDistribution("Q", n, (theta,))
z, v = Logits("z", n), Logits("v", n)
y, u_s = Labels("y", N), Logits("u", N)
targets, predictions = Logits("y", N), Logits("f", N)
mu, sigmas = Logits("mu", d), PositiveVector("sigma", d)
N_1, N_2 = Normal(mu_1, sigma_1), Normal(mu_2, sigma_2)
VAE_POSTERIOR, STANDARD = NormalDiag(mu, sigmas), NormalDiag(0, 1, d)
