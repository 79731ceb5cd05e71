# verdict: wrong
# style: forward mode, table
# mistake: leaves the factor df/du = df/dv = 2(u + v) out of the last step: df = du + dv
# differs-on: any point where 2(u + v) != 1
# written-by: the checks' authors (not the independent corpus)
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    return (u + v) ** 2, du + dv
