"""Hidden checks, one module per assignment, and the tools they are written with.

``compare``  shape → dtype → device → values comparisons with named mistakes;
``student``  the proxy a check uses to call the student's code in the sandbox;
``plugin``   the pytest plugin (``@graded`` marker, fixtures, outcomes);
``ps1_gradients`` ... ``ps4_backprop``: the checks themselves.
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
