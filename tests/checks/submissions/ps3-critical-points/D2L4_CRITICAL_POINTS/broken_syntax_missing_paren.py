# verdict: broken
# style: unbalanced parentheses
# mistake: a parenthesis is never closed: SyntaxError
D2L4_CRITICAL_POINTS = [(0, 0]
