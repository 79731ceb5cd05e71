# verdict: wrong
# style: numpy array
# mistake: a numpy array instead of a list of Python numbers
# differs-on: the type
import numpy as np

CRITICAL_POINTS = np.array([-1, 0, 2])
