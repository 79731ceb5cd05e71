# verdict: wrong
# style: list of (x, f(x)) pairs
# mistake: lists (x, f(x)) pairs instead of the x values
# differs-on: the entries (tuples instead of numbers)
CRITICAL_POINTS = [(-1, -5), (0, 0), (2, -32)]
