# verdict: wrong
# style: dict keyed by the derivative names
# mistake: keys are 'df_dx', 'df_dy', 'df_dz' instead of 'x', 'y', 'z'
# differs-on: the keys
PARTIALS_DEPEND_ON = {"df_dx": {"x", "y"}, "df_dy": {"x"}, "df_dz": {"z"}}
