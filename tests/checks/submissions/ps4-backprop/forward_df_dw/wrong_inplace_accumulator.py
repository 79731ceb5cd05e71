# verdict: wrong
# style: forward mode with += accumulators
# mistake: s1 = w; s1 += ... modifies the caller's w in place for tensor inputs (and s2 then uses the changed w)
# differs-on: tensor inputs with x + y + z != 0 (w is modified and the results are wrong)
def forward_df_dw(w, x, y, z):
    s1 = w
    s1 += x + y + z
    s2 = w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    return (u + v) ** 2, 2 * (u + v) * (du + dv)
