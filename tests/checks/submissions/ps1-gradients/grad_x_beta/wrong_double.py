# verdict: wrong
# style: beta.double()
# mistake: beta.double() converts float32 to float64, and for float64 returns beta itself
# differs-on: float32 inputs (float64 result); float64 inputs (the same object is returned)
def grad_x_beta(beta, x):
    return beta.double()
