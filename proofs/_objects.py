"""The objects the bundled theorems talk about, shared so they read alike."""

from sympy import Symbol

from symdiv import Dataset, Distribution, Logits, Softmax, alphabet_size, component_index
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
