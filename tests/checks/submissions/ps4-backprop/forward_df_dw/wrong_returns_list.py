# verdict: wrong
# style: forward mode, returns a list
# mistake: returns a list instead of a tuple
# differs-on: any input (type of the result)
def forward_df_dw(w, x, y, z):
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    return [(u + v) ** 2, 2 * (u + v) * (du + dv)]
