# verdict: broken
# style: dict literal with a typo
# mistake: missing comma between two entries: SyntaxError
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"x"} "z": {"z"}}
