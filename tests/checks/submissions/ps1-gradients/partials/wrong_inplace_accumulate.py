# verdict: wrong
# style: builds df_dx by in-place arithmetic on x
# mistake: df_dx = x then df_dx *= 4 changes the caller's x in place (and df_dy is then computed from the changed x)
# differs-on: any input (x is modified)
def partials(x, y, z):
    df_dx = x
    df_dx *= 4
    df_dx -= 3 * y
    df_dy = -3 * x
    df_dz = 3 * z**2
    return df_dx, df_dy, df_dz
