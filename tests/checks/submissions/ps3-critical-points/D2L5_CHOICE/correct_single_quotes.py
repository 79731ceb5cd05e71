# verdict: correct
# style: string literal, single quotes
D2L5_CHOICE = "b"
