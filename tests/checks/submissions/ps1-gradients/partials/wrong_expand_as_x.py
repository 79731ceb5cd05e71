# verdict: wrong
# style: .expand_as(x) on every result
# mistake: expands df_dz to the shape of x, assuming x already has the full broadcast shape
# differs-on: inputs where x is not of the broadcast shape, e.g. x of shape (4, 1) and y of shape (3,)


def partials(x, y, z):
    df_dx = 4 * x - 3 * y
    df_dy = (-3 * x).expand_as(df_dx)
    df_dz = (3 * z**2).expand_as(x)
    return df_dx, df_dy, df_dz
