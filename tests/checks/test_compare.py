"""Comparisons: shape, then dtype, then device, then values; NaN and impostors never pass."""

from __future__ import annotations

import pytest
import torch

from autograder.checks.compare import (
    AnyOf,
    CheckFailure,
    accept_form,
    collecting_remarks,
    expect_equal,
    expect_number,
    expect_numbers,
    expect_tensor,
    expect_tensors,
    number_problem,
    rule_broken,
    same_answer,
    tensor_problem,
    tolerance,
)
from autograder.sandbox.protocol import Unsupported

EXPECTED = torch.tensor([1.0, 2.0, 3.0])


def failure(fn, *args, **kwargs) -> CheckFailure:
    with pytest.raises(CheckFailure) as exc:
        fn(*args, **kwargs)
    return exc.value


def test_matching_tensor_passes():
    expect_tensor(EXPECTED + 1e-6, EXPECTED, "x")


@pytest.mark.parametrize(
    ("got", "phrase"),
    [
        (EXPECTED.reshape(3, 1), "shape (3, 1)"),
        (EXPECTED.double(), "dtype torch.float64"),
        (EXPECTED + 1, "largest difference at index [0]"),
        (torch.tensor([1.0, float("nan"), 3.0]), "NaN"),
        ([1.0, 2.0, 3.0], "should be a torch.Tensor but is a list"),
        (Unsupported("AlwaysEqual"), "object of type AlwaysEqual"),
        (..., "placeholder"),
    ],
)
def test_each_difference_is_named(got, phrase):
    assert phrase in str(failure(expect_tensor, got, EXPECTED, "gradient(f, p)"))


def test_shape_is_checked_before_values_so_no_silent_broadcasting():
    message = str(failure(expect_tensor, torch.tensor([2.0]), torch.tensor([2.0, 2.0]), "v"))
    assert "shape (1,)" in message


def test_nan_never_passes_even_when_expected():
    """At the level of the comparison itself; a check that expects a NaN from its
    reference is refused before (test_a_reference_answer_that_holds_nan_is_the_graders_problem)."""
    nan = torch.tensor([float("nan")])
    assert "NaN" in str(tensor_problem(nan, nan))
    assert "NaN" in str(number_problem(float("nan"), float("nan")))


def test_a_known_mistake_is_named():
    exc = failure(
        expect_tensor,
        -EXPECTED,
        EXPECTED,
        "step",
        mistakes={"a step that adds the gradient": -EXPECTED},
    )
    assert exc.misconception == "a step that adds the gradient"
    assert "This looks like a step that adds the gradient" in str(exc)


def test_tolerance_fits_the_dtype():
    assert tolerance(torch.float64)[0] < tolerance(torch.float32)[0]
    x64 = torch.tensor([1.0], dtype=torch.float64)
    failure(expect_tensor, x64 + 1e-5, x64, "x")  # fine for float32, not for float64
    expect_tensor(x64.float() + 1e-6, x64.float(), "x")


def test_numbers_must_be_python_numbers():
    assert "Python number" in str(failure(expect_number, torch.tensor(1.0), 1.0, "x"))
    assert "Python number" in str(failure(expect_number, True, 1.0, "x"))
    expect_number(1, 1.0, "x")


def test_nested_sequences_point_at_the_wrong_entry():
    message = str(
        failure(expect_numbers, [(0.4, 1.9), (0.05, 1.8)], [(0.4, 1.9), (0.05, 1.86)], "STEPS")
    )
    assert "entry [1][1] is 1.8" in message


def test_tuples_of_tensors_name_the_component():
    message = str(
        failure(
            expect_tensors,
            (EXPECTED, EXPECTED * 2),
            (EXPECTED, EXPECTED),
            "partials(x, y)",
            names=("df_dx", "df_dy"),
        )
    )
    assert "df_dy" in message


def test_equal_needs_the_same_type():
    assert "should be a str" in str(failure(expect_equal, 1, "b", "D2L5_CHOICE"))
    expect_equal({"x": {"x", "y"}}, {"x": {"y", "x"}}, "deps")


# ------------------------------------------------------------------ contract rules, forms
def test_a_dtype_or_device_slip_is_named_for_every_kind_of_answer():
    f32 = torch.tensor([1.0, 2.0])
    slip = failure(expect_tensor, f32.double(), f32, "g(x)")
    assert slip.misconception == "the answer returned in float64 for a float32 input " + (
        "(keep the input's dtype)"
    )
    pair = failure(expect_tensors, (f32, f32.double()), (f32, f32), "p(x)", ("a", "b"))
    assert pair.misconception and "float64 for a float32 input" in pair.misconception
    assert rule_broken({"f": f32.half()}, {"f": f32}) == (
        "the answer returned in float16 for a float32 input (keep the input's dtype)"
    )


def test_a_slip_with_wrong_values_too_is_not_called_a_dtype_slip():
    f32 = torch.tensor([1.0, 2.0])
    wrong = failure(expect_tensor, (f32 + 1).double(), f32, "g(x)")
    assert wrong.misconception is None
    assert rule_broken((f32.double(), f32 + 1), (f32, f32)) is None
    assert rule_broken(f32, f32) is None  # nothing broken


def test_any_of_several_wrong_answers_names_one_mistake():
    expected = torch.tensor([0.5, 0.5])
    mistakes = {"a clamp": AnyOf((torch.tensor([9.0, 9.0]), torch.tensor([0.7, 0.3])))}
    assert failure(expect_tensor, torch.tensor([0.7, 0.3]), expected, "x", mistakes).misconception
    other = failure(expect_tensor, torch.tensor([0.1, 0.9]), expected, "x", mistakes)
    assert other.misconception is None


def test_an_incidental_form_is_converted_with_a_remark_and_anything_else_is_left():
    with collecting_remarks() as remarks:
        assert accept_form((1, 2), list, "P") == [1, 2]
        assert accept_form([1, 2], tuple, "Q") == (1, 2)
        assert accept_form([1, 2], list, "R") == [1, 2]
        assert accept_form("12", list, "S") == "12"
    assert remarks == [
        "P is a tuple (...) where the text asks for a list [...]: accepted.",
        "Q is a list [...] where the text asks for a tuple (...): accepted.",
    ]
    accept_form((1,), list, "outside a check")  # no check running: nowhere to remark, no error


def test_same_answer_is_bit_for_bit():
    t = torch.tensor([1.0, float("nan")])
    assert same_answer(t, t.clone()) and same_answer((1.0, {"a": t}), (1.0, {"a": t.clone()}))
    assert not same_answer(t, torch.tensor([1.0, 2.0]))
    assert not same_answer(t, t.double()) and not same_answer([t], (t,))


def test_naming_the_entry_that_differs_imports_nothing_heavy():
    """The index of the largest difference comes from NumPy: ``torch.unravel_index`` checks
    its arguments with torch.fx's symbolic shapes, whose first use imports sympy into the
    grader (each batch worker paid for it at its first wrong matrix)."""
    import subprocess
    import sys

    code = (
        "import sys, torch\n"
        "from autograder.checks.compare import tensor_problem\n"
        "p = tensor_problem(torch.eye(3), torch.ones(3, 3))\n"
        "assert 'index [0, 1]' in p.brief, p.brief\n"
        "print(sorted(m for m in ('sympy', 'torch._dynamo') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "compare, expected",
    [
        ("expect_number", float("nan")),
        ("expect_numbers", (0.3, float("nan"))),
        ("expect_tensor", torch.tensor([1.0, float("nan")], dtype=torch.float64)),
        ("expect_tensors", (torch.ones(2), torch.tensor([float("nan")]))),
    ],
)
def test_a_reference_answer_that_holds_nan_is_the_graders_problem(compare, expected):
    """NaN equals nothing: a reference that returns one (a hidden input it is not defined
    on) would cost every student the check. The comparison refuses, as a grader error,
    even for an answer that is the same NaN, and never names a student's mistake."""
    from autograder.checks import compare as module

    extra = (("a", "b"),) if compare == "expect_tensors" else ()  # its entries' names
    with pytest.raises(module.ReferenceNotANumber, match="holds a NaN"):
        getattr(module, compare)(expected, expected, "f(x)", *extra)


def test_an_infinite_reference_answer_is_still_compared():
    """inf is a value (an answer equal to it passes); only NaN is refused."""
    from autograder.checks.compare import CheckFailure, expect_number

    expect_number(float("inf"), float("inf"), "f(x)")
    with pytest.raises(CheckFailure):
        expect_number(1.0, float("inf"), "f(x)")
