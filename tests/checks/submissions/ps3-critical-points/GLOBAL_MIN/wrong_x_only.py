# verdict: wrong
# style: a bare number
# mistake: gives only the location, not the tuple (x, f(x))
# differs-on: the type
GLOBAL_MIN = 2
