# verdict: wrong
# style: forward mode, table
# mistake: drops the factor 2 of the power rule in du and dv
# differs-on: any point where df/dw != 0 (e.g. -2048 instead of -4096)
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, (a + b) * (da + db)
    v, dv = (a - b) ** 2, (a - b) * (da - db)
    f, df = (u + v) ** 2, 2 * (u + v) * (du + dv)
    return f, df
