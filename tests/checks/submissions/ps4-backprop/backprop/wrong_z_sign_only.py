# verdict: wrong
# style: explicit adjoints
# mistake: gets the sign of db/dz wrong (only y has the minus)
# differs-on: any point with w + x - y - z != 0 (at the published point b = 0 hides it)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    return {
        "f": f,
        "w": ga * 2 * s1 + gb * 2 * s2,
        "x": ga * 2 * s1 + gb * 2 * s2,
        "y": ga * 2 * s1 - gb * 2 * s2,
        "z": ga * 2 * s1 + gb * 2 * s2,
    }
