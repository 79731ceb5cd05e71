# verdict: correct
# style: int literals
# f_x = 2xy + y^2 = y(2x + y), f_y = x^2 + 2xy = x(x + 2y)
# y = 0 -> x^2 = 0; y = -2x -> -3x^2 = 0: only the origin
D2L4_CRITICAL_POINTS = [(0, 0)]
