# verdict: wrong
# style: explicit adjoints, tuple
# mistake: returns a tuple (f, dw, dx, dy, dz) instead of a dict
# differs-on: any input (type of the result)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    dw = ga * 2 * s1 + gb * 2 * s2
    dy = ga * 2 * s1 - gb * 2 * s2
    return f, dw, dw, dy, dy
