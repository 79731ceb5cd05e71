# verdict: correct
# style: named single-step partials multiplied with parent tangents
def forward_df_dw(w, x, y, z):
    # values
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    u = (a + b) ** 2
    v = (a - b) ** 2
    f = (u + v) ** 2
    # single-step partials
    da_dw = 2 * (w + x + y + z)
    db_dw = 2 * (w + x - y - z)
    du_da = du_db = 2 * (a + b)
    dv_da = 2 * (a - b)
    dv_db = -2 * (a - b)
    df_du = df_dv = 2 * (u + v)
    # tangents with respect to w
    u_w = du_da * da_dw + du_db * db_dw
    v_w = dv_da * da_dw + dv_db * db_dw
    f_w = df_du * u_w + df_dv * v_w
    return (f, f_w)
