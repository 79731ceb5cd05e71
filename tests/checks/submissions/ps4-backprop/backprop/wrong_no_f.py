# verdict: wrong
# style: explicit adjoints, only the partials
# mistake: leaves the value f out of the dict
# differs-on: any input (key 'f' missing)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    return {
        "w": ga * 2 * s1 + gb * 2 * s2,
        "x": ga * 2 * s1 + gb * 2 * s2,
        "y": ga * 2 * s1 - gb * 2 * s2,
        "z": ga * 2 * s1 - gb * 2 * s2,
    }
