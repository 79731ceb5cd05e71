"""What the checks of several assignments share beyond comparisons: steps, phrases.

``FD_STEPS``  the steps students take for finite differences, so a check can name an
              approximated gradient, Jacobian or Hessian for what it is;
``call_brief`` a call as a student may read it before the due date.
"""

from __future__ import annotations

from .compare import current_call

#: Steps students take for finite differences.
FD_STEPS = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8)


def call_brief(what: str) -> str:
    """The call ``what`` as a student may read it before the due date: the brief form the
    running check recorded (the kinds, dtypes and shapes of its inputs, not their values)."""
    return current_call(what.split("(", 1)[0])
