# verdict: broken
# style: forward mode with a misnamed variable
# mistake: returns df_dw, which is never defined: NameError on every call
# ruff: noqa: F821, F841
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    f = (u + v) ** 2
    return f, df_dw
