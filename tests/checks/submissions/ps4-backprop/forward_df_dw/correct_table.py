# verdict: correct
# style: forward mode row by row as in the table
def forward_df_dw(w, x, y, z):
    """f and df/dw by the forward-mode chain rule, written out by hand (no autograd)."""
    s1 = w + x + y + z
    s2 = w + x - y - z
    a, da = s1**2, 2 * s1  # d(s1)/dw = 1
    b, db = s2**2, 2 * s2  # d(s2)/dw = 1
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    f, df = (u + v) ** 2, 2 * (u + v) * (du + dv)
    return f, df
