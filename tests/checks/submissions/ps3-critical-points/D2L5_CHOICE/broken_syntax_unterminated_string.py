# verdict: broken
# style: string literal never closed
# mistake: the closing quote is missing: SyntaxError
D2L5_CHOICE = "b
