# verdict: wrong
# style: forward mode, table
# mistake: uses dv/db = +2(a - b) (forgets the minus of a - b), so dv = 2(a - b)(da + db)
# differs-on: any point with w + x - y - z != 0 (at the published point b = 0 hides it)
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da + db)
    f, df = (u + v) ** 2, 2 * (u + v) * (du + dv)
    return f, df
