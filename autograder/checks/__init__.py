"""The tools every assignment's hidden checks are written with.

``compare``  shape → dtype → device → values comparisons with named mistakes;
``student``  the proxy a check uses to call the student's code in the sandbox;
``plugin``   the pytest plugin (``@graded`` marker, fixtures, outcomes);
``common``   steps and phrases the checks of several assignments share.

The checks themselves are in each assignment's folder,
``autograder/assignments/<module>/checks.py`` (:mod:`autograder.assignments`).
"""

from .compare import (
    CheckFailure,
    expect_equal,
    expect_number,
    expect_numbers,
    expect_tensor,
    expect_tensors,
)
from .plugin import graded
from .student import TestFunction

__all__ = [
    "CheckFailure",
    "TestFunction",
    "expect_equal",
    "expect_number",
    "expect_numbers",
    "expect_tensor",
    "expect_tensors",
    "graded",
]
