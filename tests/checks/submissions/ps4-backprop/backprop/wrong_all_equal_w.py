# verdict: wrong
# style: adjoint of w copied to every input
# mistake: assumes all four inputs enter symmetrically and copies df/dw to y and z
# differs-on: any point with w + x - y - z != 0 (all four are -4096 at the published point)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    gu = gv = 2 * (u + v)
    ga = gu * 2 * (a + b) + gv * 2 * (a - b)
    gb = gu * 2 * (a + b) - gv * 2 * (a - b)
    g = ga * 2 * s1 + gb * 2 * s2
    # every input enters f the same way
    return {"f": f, "w": g, "x": g, "y": g, "z": g}
