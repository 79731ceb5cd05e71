# verdict: wrong
# style: explicit adjoints
# mistake: takes da/dw = db/dw = 1 (forgets the chain rule through the squares of the inner sums)
# differs-on: any point
# written-by: the checks' authors (not the independent corpus)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    return {"f": (u + v) ** 2, "w": ga + gb, "x": ga + gb, "y": ga - gb, "z": ga - gb}
