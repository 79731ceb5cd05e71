# verdict: broken
# style: list literal never closed
# mistake: the bracket is never closed: SyntaxError
CRITICAL_POINTS = [-1, 0, 2
