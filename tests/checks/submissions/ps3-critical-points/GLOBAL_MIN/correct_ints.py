# verdict: correct
# style: int literals
# f(-1) = -5, f(0) = 0, f(2) = 48 - 32 - 48 = -32; f -> +inf on both sides
GLOBAL_MIN = (2, -32)
