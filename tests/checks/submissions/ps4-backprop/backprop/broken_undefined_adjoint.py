# verdict: broken
# style: explicit adjoints with a typo
# mistake: x_bar is never defined: NameError on every call
# ruff: noqa: F821
def backprop(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, b = s1**2, s2**2
    u, v = (a + b) ** 2, (a - b) ** 2
    f = (u + v) ** 2
    u_bar = v_bar = 2 * (u + v)
    a_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)
    b_bar = u_bar * 2 * (a + b) - v_bar * 2 * (a - b)
    w_bar = a_bar * 2 * s1 + b_bar * 2 * s2
    y_bar = a_bar * 2 * s1 - b_bar * 2 * s2
    return {"f": f, "w": w_bar, "x": x_bar, "y": y_bar, "z": y_bar}
