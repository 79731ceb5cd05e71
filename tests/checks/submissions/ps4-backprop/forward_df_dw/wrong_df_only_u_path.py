# verdict: wrong
# style: forward mode, table
# mistake: forgets the path through v in the last step: df = 2(u + v) du
# differs-on: any point where dv/dw != 0 (e.g. -2048 at the published point)
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v = (a - b) ** 2
    f, df = (u + v) ** 2, 2 * (u + v) * du
    return f, df
