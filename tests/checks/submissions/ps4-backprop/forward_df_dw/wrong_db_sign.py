# verdict: wrong
# style: forward mode, table
# mistake: gives db/dw a minus sign, though w enters w + x - y - z with a plus
# differs-on: any point with w + x - y - z != 0 (at the published point b = 0 hides it)
def forward_df_dw(w, x, y, z):
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    da = 2 * (w + x + y + z)
    db = -2 * (w + x - y - z)  # the minus in b
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    return (u + v) ** 2, 2 * (u + v) * (du + dv)
