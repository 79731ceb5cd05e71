# verdict: correct
# style: every single-step partial named, adjoints as sums over children
def backprop(w, x, y, z):
    A = (w + x + y + z) ** 2
    B = (w + x - y - z) ** 2
    U = (A + B) ** 2
    V = (A - B) ** 2
    F = (U + V) ** 2

    dF_dU = dF_dV = 2 * (U + V)
    dU_dA = dU_dB = 2 * (A + B)
    dV_dA, dV_dB = 2 * (A - B), -2 * (A - B)
    dA = 2 * (w + x + y + z)  # dA/dw = dA/dx = dA/dy = dA/dz
    dB_plus = 2 * (w + x - y - z)  # dB/dw = dB/dx
    dB_minus = -dB_plus  # dB/dy = dB/dz

    bar_U, bar_V = dF_dU, dF_dV
    bar_A = bar_U * dU_dA + bar_V * dV_dA
    bar_B = bar_U * dU_dB + bar_V * dV_dB
    return {
        "f": F,
        "w": bar_A * dA + bar_B * dB_plus,
        "x": bar_A * dA + bar_B * dB_plus,
        "y": bar_A * dA + bar_B * dB_minus,
        "z": bar_A * dA + bar_B * dB_minus,
    }
