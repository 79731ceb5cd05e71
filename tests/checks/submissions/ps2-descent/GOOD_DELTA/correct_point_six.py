# verdict: correct
# style: float literal from the rho picture
# rho(delta) = |1 - delta * 1.567| is smallest near delta = 1 / 1.567 ~ 0.64
GOOD_DELTA = 0.6
