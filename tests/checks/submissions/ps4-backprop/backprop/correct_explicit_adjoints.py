# verdict: correct
# style: forward pass, then adjoints from f back to the inputs
def backprop(w, x, y, z):
    """f and its four partials by a hand-written backward pass (no autograd)."""
    # forward pass, keeping the intermediates
    s1 = w + x + y + z
    s2 = w + x - y - z
    a = s1**2
    b = s2**2
    u = (a + b) ** 2
    v = (a - b) ** 2
    f = (u + v) ** 2
    # backward pass
    f_bar = 1.0
    u_bar = f_bar * 2 * (u + v)
    v_bar = f_bar * 2 * (u + v)
    a_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)
    b_bar = u_bar * 2 * (a + b) - v_bar * 2 * (a - b)
    w_bar = a_bar * 2 * s1 + b_bar * 2 * s2
    x_bar = a_bar * 2 * s1 + b_bar * 2 * s2
    y_bar = a_bar * 2 * s1 - b_bar * 2 * s2
    z_bar = a_bar * 2 * s1 - b_bar * 2 * s2
    return {"f": f, "w": w_bar, "x": x_bar, "y": y_bar, "z": z_bar}
