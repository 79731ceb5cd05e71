# verdict: wrong
# style: converts to Python floats first
# mistake: converts every input with float(): tensors come back as Python floats and batches raise
# differs-on: tensor inputs (floats instead of tensors; 1-D batches raise)
def forward_df_dw(w, x, y, z):
    w, x, y, z = float(w), float(x), float(y), float(z)
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    return (u + v) ** 2, 2 * (u + v) * (du + dv)
