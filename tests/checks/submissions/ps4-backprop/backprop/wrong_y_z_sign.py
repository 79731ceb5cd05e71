# verdict: wrong
# style: explicit adjoints
# mistake: uses db/dy = db/dz = +2(w + x - y - z), forgetting the minus sign of y and z in b
# differs-on: any point with w + x - y - z != 0 (at the published point b = 0 hides it)
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    u_bar = v_bar = 2 * (u + v)
    a_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)
    b_bar = u_bar * 2 * (a + b) - v_bar * 2 * (a - b)
    dw = a_bar * 2 * s1 + b_bar * 2 * s2
    return {"f": f, "w": dw, "x": dw, "y": dw, "z": dw}
