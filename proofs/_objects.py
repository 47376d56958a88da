"""The objects the bundled theorems talk about, shared so they read alike."""

from sympy import Symbol

from symdiv import Dataset, Distribution, Logits, RandomVariable, Softmax, alphabet_size, component_index, marginal
from symdiv.core.model import INDEX

n = alphabet_size("n")
N = Symbol("N", integer=True, positive=True)
j = component_index("j")
P = Distribution("P", n)
Q = Distribution("Q", n)
z = Logits("z", n)
Qz = Softmax(z)
data = Dataset("x", N, n)
p_hat = data.empirical()
#: The summation index the measures' definitions use, so derivation lines match them.
i = INDEX

# Random variables over alphabets of independent symbolic sizes, and their joints (Cover & Thomas, ch. 2).
X = RandomVariable("X", alphabet_size("n_X"))
Y = RandomVariable("Y", alphabet_size("n_Y"))
Z = RandomVariable("Z", alphabet_size("n_Z"))
p_xy = Distribution("p", (X, Y))
q_xy = Distribution("q", (X, Y))
p_xyz = Distribution("p", (X, Y, Z))
p_x, p_y = marginal(p_xy, X), marginal(p_xy, Y)
