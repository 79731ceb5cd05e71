# verdict: correct
# style: adjoints of a and b, then one formula with the sign of each input in b
def backprop(w, x, y, z):
    p = w + x + y + z
    m = w + x - y - z
    a, b = p * p, m * m
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    signs = {"w": 1, "x": 1, "y": -1, "z": -1}  # how each input enters m
    out = {"f": f}
    for name, sign in signs.items():
        out[name] = ga * 2 * p + sign * gb * 2 * m
    return out
