# verdict: wrong
# style: explicit adjoints, derivative-style keys
# mistake: uses the keys 'df_dw', ... instead of 'w', 'x', 'y', 'z'
# differs-on: any input (keys)
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
        "df_dw": ga * 2 * s1 + gb * 2 * s2,
        "df_dx": ga * 2 * s1 + gb * 2 * s2,
        "df_dy": ga * 2 * s1 - gb * 2 * s2,
        "df_dz": ga * 2 * s1 - gb * 2 * s2,
    }
