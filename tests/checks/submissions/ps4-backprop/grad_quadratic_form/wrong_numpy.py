# verdict: wrong
# style: numpy matrix products
# mistake: returns a numpy array instead of a tensor (and .numpy() fails on CUDA)
# differs-on: any input (type of the result)
import numpy as np


def grad_quadratic_form(A, x):
    An, xn = A.numpy(), x.numpy()
    return np.dot(An + An.T, xn)
