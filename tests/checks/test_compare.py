"""Comparisons: shape, then dtype, then device, then values; NaN and impostors never pass."""

from __future__ import annotations

import pytest
import torch

from autograder.checks.compare import (
    CheckFailure,
    expect_equal,
    expect_number,
    expect_numbers,
    expect_tensor,
    expect_tensors,
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
    nan = torch.tensor([float("nan")])
    assert "NaN" in str(failure(expect_tensor, nan, nan, "v"))
    assert "NaN" in str(failure(expect_number, float("nan"), float("nan"), "v"))


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
