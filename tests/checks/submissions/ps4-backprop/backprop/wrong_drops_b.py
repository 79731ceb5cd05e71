# verdict: wrong
# style: explicit adjoints
# mistake: propagates only through a: the contribution of b to every partial is left out
# differs-on: any point with w + x - y - z != 0
# written-by: the checks' authors (not the independent corpus)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    d = ga * 2 * s1
    return {"f": (u + v) ** 2, "w": d, "x": d, "y": d, "z": d}
