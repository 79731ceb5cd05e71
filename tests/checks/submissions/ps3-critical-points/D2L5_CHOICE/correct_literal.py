# verdict: correct
# style: string literal
# Replace ... with "a", "b", "c" or "d".
# grad f = grad g + grad h = 0, so grad g = -grad h
D2L5_CHOICE = "b"
