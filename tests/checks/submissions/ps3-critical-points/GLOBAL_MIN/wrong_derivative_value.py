# verdict: wrong
# style: tuple
# mistake: gives f'(2) = 0 as the value instead of f(2)
# differs-on: the value f(x)
# written-by: the checks' authors (not the independent corpus)
GLOBAL_MIN = (2, 0)
