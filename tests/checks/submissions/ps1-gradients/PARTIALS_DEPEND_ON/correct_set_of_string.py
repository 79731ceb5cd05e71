# verdict: correct
# style: set('xy') from strings
PARTIALS_DEPEND_ON = {"x": set("xy"), "y": set("x"), "z": set("z")}
