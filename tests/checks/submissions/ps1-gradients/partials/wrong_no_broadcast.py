# verdict: wrong
# style: formulas on the raw inputs
# mistake: df_dy and df_dz keep the shapes of x and z instead of the common broadcast shape
# differs-on: inputs of different (broadcastable) shapes, e.g. (4, 1), (3,) and ()
def partials(x, y, z):
    df_dx = 4 * x - 3 * y
    df_dy = -3 * x
    df_dz = 3 * z**2
    return df_dx, df_dy, df_dz
