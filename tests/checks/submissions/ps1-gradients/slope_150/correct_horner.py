# verdict: correct
# style: factored form y * (1.5 y - 2 sqrt 3) + 2x
def slope_150(x, y):
    root3 = 3**0.5
    return y * (1.5 * y - 2 * root3) + 2 * x
