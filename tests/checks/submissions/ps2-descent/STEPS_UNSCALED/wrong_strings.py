# verdict: wrong
# style: strings
# mistake: writes the coordinates as strings instead of numbers
# differs-on: the types of the coordinates
STEPS_UNSCALED = [("-5", "1"), ("14", "6")]
