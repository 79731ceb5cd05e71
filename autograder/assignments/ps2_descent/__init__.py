"""ps2-descent: gradient descent in one and many variables.

``checks``     the hidden checks (pytest functions with points and feedback)
``reference``  the reference solutions in plain PyTorch, which the checks compare with
``pictures``   the feedback's pictures: the student's descent paths against the reference's

Importing this package imports none of them (the public student tree ships only this file).
"""
