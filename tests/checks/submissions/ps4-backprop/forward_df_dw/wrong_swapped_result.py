# verdict: wrong
# style: forward mode, returns (df_dw, f)
# mistake: returns (df_dw, f) instead of (f, df_dw)
# differs-on: any point where f != df/dw
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    f, df_dw = (u + v) ** 2, 2 * (u + v) * (du + dv)
    return df_dw, f
