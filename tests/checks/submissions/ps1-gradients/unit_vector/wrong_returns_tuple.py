# verdict: wrong
# style: returns a tuple of Python floats
# mistake: returns a tuple of floats instead of a float64 tensor
# differs-on: any angle (type of the result)
import math


def unit_vector(angle_deg):
    t = math.radians(angle_deg)
    return (math.cos(t), math.sin(t))
