# verdict: correct
# style: string normalised with .lower()
D2L4_ORIGIN_KIND = "Neither".lower()
