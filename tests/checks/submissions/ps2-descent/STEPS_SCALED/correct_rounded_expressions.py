# verdict: correct
# style: explicit arithmetic, rounded
x1, y1 = 1 - 0.1 * (4 * 1 + 2), 2 - 0.1 * 1
x2, y2 = x1 - 0.1 * (4 * x1 + y1), y1 - 0.1 * x1
STEPS_SCALED = [(round(x1, 10), round(y1, 10)), (round(x2, 10), round(y2, 10))]
