"""ps4-backprop: the chain rule, forward and reverse mode, matrix gradients.

``checks``     the hidden checks (pytest functions with points and feedback)
``reference``  the reference solutions in plain PyTorch, which the checks compare with

Importing this package imports none of them (the public student tree ships only this file).
"""
