# verdict: wrong
# style: hand-computed literals
# mistake: steps along +grad (ascent) instead of -grad
# differs-on: the values
# x_{k+1} = x_k + delta * grad f(x_k)
STEPS_SCALED = [(1.6, 2.1), (2.45, 2.26)]
