# verdict: correct
# style: computed with a small loop
_x, _y = 1.0, 2.0
_points = []
for _ in range(2):
    _gx, _gy = 4 * _x + _y, _x
    _x, _y = _x - 0.1 * _gx, _y - 0.1 * _gy
    _points.append((_x, _y))
STEPS_SCALED = _points
