# verdict: wrong
# style: float literal
# mistake: picks a step that overshoots too much (rho ~ 0.88)
# differs-on: the value
GOOD_DELTA = 1.2
