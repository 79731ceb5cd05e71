# verdict: wrong
# style: explicit adjoints
# mistake: puts the minus sign of the y and z partials on the a term: df/dy = b_bar db - a_bar da
# differs-on: any point with w + x + y + z != 0 or w + x - y - z != 0
# written-by: the checks' authors (not the independent corpus)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    p, q = ga * 2 * s1, gb * 2 * s2
    return {"f": (u + v) ** 2, "w": p + q, "x": p + q, "y": q - p, "z": q - p}
