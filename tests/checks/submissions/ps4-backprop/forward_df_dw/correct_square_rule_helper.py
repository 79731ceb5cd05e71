# verdict: correct
# style: a helper that returns (value, tangent) of a square
def _sq(p, dp):
    # (p^2)' = 2 p p'
    return p * p, 2 * p * dp


def forward_df_dw(w, x, y, z):
    a, a_dot = _sq(w + x + y + z, 1)
    b, b_dot = _sq(w + x - y - z, 1)
    u, u_dot = _sq(a + b, a_dot + b_dot)
    v, v_dot = _sq(a - b, a_dot - b_dot)
    return _sq(u + v, u_dot + v_dot)
