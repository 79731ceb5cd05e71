"""The boundary guards every graded call's arguments (``worker.ArgumentGuard``).

Whatever function it is, a call that changes a tensor the grader passed
(values, layout, dtype, device, ``requires_grad``, ``.grad``; also inside
tuples, lists and dicts) fails with the argument named and what changed, and a
call that leaves them alone is untouched.
"""

from __future__ import annotations

import pytest
import torch

from autograder.sandbox.limits import Limits, StudentError
from autograder.sandbox.runner import Cell, StudentProcess

FAST = Limits(cell_timeout=5.0, call_timeout=5.0, submission_timeout=120.0)

CODE = """
import torch

def clean(x, scale=1.0):
    y = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad((y ** 2).sum() * scale, y)
    return g

def subtracts(x):
    x -= 1
    return x

def divides_in_place(v):
    v /= v.norm()
    return v

def through_data(point):
    point.data.mul_(2)
    return point.sum()

def through_a_view(x):
    x[0] = 0.0
    return x.clone()

def turns_on_requires_grad(point):
    point.requires_grad_(True)
    return (point ** 2).sum().detach()

def leaves_grad(x):
    x.requires_grad_(True)
    (x ** 2).sum().backward()
    g = x.grad.clone()
    x.requires_grad_(False)
    return g

def transposes(A):
    A.t_()
    return A.sum()

def resizes(x):
    x.unsqueeze_(0)
    return x.sum()

def changes_dtype(x):
    x.data = x.data.double()
    return x.sum()

def nested(pair, table):
    pair[1].add_(1)
    return table["w"] * 2

def nan_stays_nan(x):
    return x.clone()

def minus_zero(x):
    x.mul_(-1)
    return x.sum()

def returns_input(beta, x):
    return beta

def returns_a_view(beta, x):
    return (beta[:], x * 2)

def attached(x):
    y = x.detach().clone().requires_grad_(True)
    return (y ** 2).sum(), {"g": torch.autograd.grad((y ** 2).sum(), y, create_graph=True)[0]}

def grad_mode(x):
    return torch.is_grad_enabled()

def layout(X):
    return [list(X.stride()), X.is_contiguous(), X.requires_grad]

def flattens(X):
    return X.view(-1).clone()
"""


@pytest.fixture(scope="module")
def sp():
    process = StudentProcess([Cell("code", CODE)], FAST)
    process.run_cells()
    assert process.outcomes["code"].ok
    yield process
    process.close()


def changes_of(sp: StudentProcess, name: str, *args) -> tuple:
    with pytest.raises(StudentError) as exc:
        sp.call(name, *args)
    assert exc.value.kind == "changed"
    return exc.value.changes


def test_a_call_that_leaves_its_arguments_alone_passes(sp):
    x = torch.tensor([1.0, -2.0, 3.0])
    assert torch.equal(sp.call("clean", x), 2 * x)
    assert torch.equal(sp.call("clean", x, scale=0.5), x)  # keyword arguments too
    nan = torch.tensor([float("nan"), 1.0])
    assert torch.isnan(sp.call("nan_stays_nan", nan)[0])  # NaN compares equal to itself


@pytest.mark.parametrize(
    ("name", "arg", "expected"),
    [
        ("subtracts", torch.ones(3), [("x", "values"), ("x", "alias")]),
        ("divides_in_place", torch.tensor([3.0, 4.0]), [("v", "values"), ("v", "alias")]),
        ("through_data", torch.ones(2, dtype=torch.float64), [("point", "values")]),
        ("through_a_view", torch.ones(3), [("x", "values")]),
        ("turns_on_requires_grad", torch.ones(2), [("point", "requires_grad")]),
        ("leaves_grad", torch.ones(2), [("x", "grad")]),
        ("transposes", torch.ones(2, 2), [("A", "strides")]),
        ("resizes", torch.ones(3), [("x", "shape"), ("x", "strides")]),
        ("changes_dtype", torch.ones(3), [("x", "dtype")]),
        ("minus_zero", torch.zeros(2), [("x", "values")]),  # -0.0 differs from 0.0 bit for bit
    ],
)
def test_every_protected_change_is_named_with_its_argument(sp, name, arg, expected):
    assert list(changes_of(sp, name, arg)) == expected


def test_tensors_inside_containers_are_guarded(sp):
    pair = (torch.zeros(2), torch.zeros(2))
    changes = changes_of(sp, "nested", pair, {"w": torch.ones(1)})
    assert changes == (("pair[1]", "values"),)


def test_the_message_names_the_argument_and_the_mistake(sp):
    with pytest.raises(StudentError) as exc:
        sp.call("leaves_grad", torch.ones(2))
    assert "left a .grad on `x`" in exc.value.describe()
    assert exc.value.misconception == "left a .grad on an input"
    with pytest.raises(StudentError) as exc:
        sp.call("through_a_view", torch.ones(2))
    assert exc.value.describe() == "it modified `x` in place"
    assert exc.value.misconception == "modified an input in place"


def test_a_call_made_twice_on_the_same_tensors_shows_state_left_behind(sp):
    first, second = sp.call_twice("clean", torch.tensor([1.0, 2.0]))
    assert torch.equal(first, second)
    # a .grad left on the argument is reported after the first call, before the second
    assert changes_of(sp, "leaves_grad", torch.ones(2)) == (("x", "grad"),)


def test_state_between_calls_is_visible_to_call_twice():
    code = "_calls = []\ndef counts(x):\n    _calls.append(1)\n    return x * len(_calls)\n"
    with StudentProcess([Cell("c", code)], FAST) as process:
        process.run_cells()
        first, second = process.call_twice("counts", torch.ones(2))
    assert torch.equal(first, torch.ones(2)) and torch.equal(second, 2 * torch.ones(2))


def test_a_forged_report_is_read_as_plain_data():
    # the report comes from the student's process: only known changes are named
    error = StudentError.from_changes([{"arg": "x\x1b[31m" * 30, "change": "values"}, "junk"])
    assert error.changes == (("x[31m" * 10, "values"),)  # 60 characters, printable ones kept
    assert StudentError.from_changes("nonsense").changes == (("an argument", "values"),)


def test_an_answer_that_is_an_input_or_attached_to_a_graph_is_named(sp):
    beta, x = torch.ones(3), torch.zeros(3)
    assert changes_of(sp, "returns_input", beta, x) == (("beta", "alias"),)
    assert changes_of(sp, "returns_a_view", beta, x) == (("beta", "alias"),)
    assert changes_of(sp, "attached", x) == (
        ("your answer[0]", "attached"),
        ("your answer[1]['g']", "attached"),
    )
    with pytest.raises(StudentError) as exc:
        sp.call("returns_input", beta, x)
    assert "returned `beta` itself, or a view of its memory" in exc.value.describe()
    assert exc.value.misconception == "an input returned as the answer (the same memory)"


def test_a_call_can_be_made_inside_no_grad(sp):
    assert sp.call("grad_mode", torch.ones(1)) is True
    assert sp.call_without_grad("grad_mode", torch.ones(1)) is False


def test_arguments_arrive_with_the_layout_and_requires_grad_they_were_sent_with(sp):
    X, _ = torch.meshgrid(torch.arange(3.0), torch.arange(2.0), indexing="xy")
    assert not X.is_contiguous()
    assert sp.call("layout", X) == [list(X.stride()), False, False]
    with pytest.raises(StudentError, match="view size is not compatible"):
        sp.call("flattens", X)  # as in the notebook: .view needs a contiguous tensor
    assert torch.equal(sp.call("flattens", X.contiguous()), X.reshape(-1))
    leaf = torch.ones(2, requires_grad=True)
    assert sp.call("layout", leaf) == [[1], True, True]
    transposed = torch.arange(6.0).reshape(2, 3).T
    assert sp.call("layout", transposed) == [[1, 3], False, False]
