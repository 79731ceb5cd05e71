# verdict: broken
# style: bare name
# mistake: forgets the quotes: NameError
# ruff: noqa: F821
D2L4_ORIGIN_KIND = neither
