# verdict: wrong
# style: the closed form of the notebook's example
# mistake: ignores f and returns the hand gradient of the notebook's f_example
# differs-on: any f other than 2x^2 + xy
def gradient_field(f, X, Y):
    # grad of 2x^2 + xy is (4x + y, x)
    U = 4 * X + Y
    V = X.clone()
    return U, V
