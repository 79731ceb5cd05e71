# verdict: wrong
# style: forward mode, table
# mistake: propagates only the tangent of a into u and v, dropping the path through b
# differs-on: any point with w + x - y - z != 0 (at the published point db = 0 hides it)
# ruff: noqa: F841
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * da
    v, dv = (a - b) ** 2, 2 * (a - b) * da
    f, df = (u + v) ** 2, 2 * (u + v) * (du + dv)
    return f, df
