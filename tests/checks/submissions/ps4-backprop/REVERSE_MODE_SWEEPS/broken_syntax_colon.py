# verdict: broken
# style: dict literal with = instead of :
# mistake: uses = inside a dict literal: SyntaxError
REVERSE_MODE_SWEEPS = {"forward" = 1000000, "reverse" = 1}
