# verdict: wrong
# style: int literals
# mistake: forgets the coefficient 3 of x^4 when evaluating f(2)
# differs-on: the value f(x)
# f(2) = 2^4 - 4 * 2^3 - 12 * 2^2
GLOBAL_MIN = (2, -64)
