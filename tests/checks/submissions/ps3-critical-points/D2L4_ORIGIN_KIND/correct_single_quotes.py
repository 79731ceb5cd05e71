# verdict: correct
# style: string literal in single quotes
D2L4_ORIGIN_KIND = "neither"
