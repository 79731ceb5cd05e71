# verdict: wrong
# style: explicit adjoints
# mistake: the adjoint of a collects only the contribution through u, not the one through v
# differs-on: any point with a != b (e.g. -2048 instead of -4096 at the published point)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    u_bar = v_bar = 2 * (u + v)
    a_bar = u_bar * 2 * (a + b)
    b_bar = u_bar * 2 * (a + b) - v_bar * 2 * (a - b)
    return {
        "f": f,
        "w": a_bar * 2 * s1 + b_bar * 2 * s2,
        "x": a_bar * 2 * s1 + b_bar * 2 * s2,
        "y": a_bar * 2 * s1 - b_bar * 2 * s2,
        "z": a_bar * 2 * s1 - b_bar * 2 * s2,
    }
