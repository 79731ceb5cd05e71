# verdict: wrong
# style: explicit adjoints
# mistake: uses dv/db = +2(a - b) in the adjoint of b (the sign of the minus in a - b is lost)
# differs-on: any point with w + x - y - z != 0 (at the published point b = 0 hides it)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    u_bar = 2 * (u + v)
    v_bar = 2 * (u + v)
    a_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)
    b_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)  # same form as a_bar
    return {
        "f": f,
        "w": a_bar * 2 * s1 + b_bar * 2 * s2,
        "x": a_bar * 2 * s1 + b_bar * 2 * s2,
        "y": a_bar * 2 * s1 - b_bar * 2 * s2,
        "z": a_bar * 2 * s1 - b_bar * 2 * s2,
    }
