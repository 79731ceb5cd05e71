# verdict: wrong
# style: roots of f instead of f'
# mistake: solves f(x) = 0 instead of f'(x) = 0
# differs-on: the values
# 3x^4 - 4x^3 - 12x^2 = x^2 (3x^2 - 4x - 12) = 0
CRITICAL_POINTS = [-1.4415, 0, 2.7749]
