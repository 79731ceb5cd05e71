# verdict: wrong
# style: int literals
# mistake: drops the sign of f(2) = -32
# differs-on: the value f(x)
GLOBAL_MIN = (2, 32)
