# verdict: wrong
# style: explicit adjoints, values converted with float()
# mistake: converts every value with float(): tensors come back as floats and batches raise
# differs-on: tensor inputs (floats instead of tensors; 1-D batches raise)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    out = {
        "f": f,
        "w": ga * 2 * s1 + gb * 2 * s2,
        "x": ga * 2 * s1 + gb * 2 * s2,
        "y": ga * 2 * s1 - gb * 2 * s2,
        "z": ga * 2 * s1 - gb * 2 * s2,
    }
    return {k: float(val) for k, val in out.items()}
