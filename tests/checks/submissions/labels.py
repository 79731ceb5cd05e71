"""What the graders make of the corpus: the labels that tie it to the checks.

The corpus (written from the contract alone) says of each variant whether it is
right and what its mistake is; these tables, written by the checks' authors,
say how the checks should answer it:

``EXPECT``
    For a wrong variant: phrases of the feedback that name its mistake (any one
    will do). ``grading.py`` counts the wrong variants whose feedback has one.
``DISAGREE``
    Variants the corpus calls wrong that the checks give full marks, on
    purpose, and why (the contract does not ask it, the difference lies below
    every tolerance, a rule that carries no points on a CPU runner). The
    corpus test fails if one of them starts losing marks, so the list stays
    true.
``ACCEPTED``
    Variants whose only fault is an incidental form (a list where the text
    shows a tuple): full marks, and the feedback says so.
"""

from __future__ import annotations

#: variant key ("assignment/name/variant") → phrases that name its mistake
EXPECT: dict[str, tuple[str, ...]] = {}

_BELOW_TOLERANCE = (
    "differs from the right answer by less than 1e-16 in absolute terms, far below the "
    "tolerance every check uses (absolute 1e-9 in float64): numerically the same answer"
)
_NO_GRAD_CALLERS = (
    "the contract and the docstring do not ask for calls inside torch.no_grad() (only the "
    "hand-written passes of ps4, whose notebook test calls them so, are checked that way)"
)
_PRECONDITION = "the docstring states n ≥ 0 as a precondition: negative n is never passed"
_DEVICE = (
    "the device rule: scored only where the course pins c.Grader.device = 'cuda' (the same "
    "score on every runner); on CPU runners it is not checked, as the feedback says"
)

DISAGREE: dict[str, str] = {
    "ps1-gradients/logsumexp_grad/wrong_clamp_difference": _BELOW_TOLERANCE,
    "ps1-gradients/logsumexp_grad/wrong_one_minus": _BELOW_TOLERANCE,
    "ps1-gradients/logsumexp_grad/wrong_tanh_form": _BELOW_TOLERANCE,
    "ps2-descent/multi_grad_descent/wrong_float32_start": (
        "rounding a start of three decimals to float32 moves the answer by about 1e-8 "
        "relative, below the checks' rtol of 1e-6"
    ),
    "ps1-gradients/gradient/wrong_no_enable_grad": _NO_GRAD_CALLERS,
    "ps2-descent/gradient_descent/wrong_no_enable_grad": _NO_GRAD_CALLERS,
    "ps4-backprop/autograd_partials/wrong_no_enable_grad": _NO_GRAD_CALLERS,
    "ps2-descent/grad_descent/wrong_no_value_error": _PRECONDITION,
    "ps2-descent/multi_grad_descent/wrong_no_value_error": _PRECONDITION,
    "ps2-descent/gradient_descent/wrong_no_value_error": _PRECONDITION,
    "ps1-gradients/partials/wrong_numpy_roundtrip": _DEVICE,
    "ps1-gradients/partials/wrong_zeros_no_device": _DEVICE,
    "ps3-critical-points/quadratic_approximation/wrong_calls_f_in_q": (
        "q's values are right; how often q calls f is not part of the contract"
    ),
    "ps3-critical-points/quadratic_approximation/wrong_keeps_reference": (
        "q is only wrong if the caller later changes point in place, which the contract "
        "forbids the student's code, not the caller"
    ),
}

ACCEPTED: dict[str, str] = {
    "ps1-gradients/partials/wrong_tuple_as_list": "is a list [...] where the text asks for a tuple",
    "ps4-backprop/forward_df_dw/wrong_returns_list": "is a list [...] where the text asks for a tuple",
}
