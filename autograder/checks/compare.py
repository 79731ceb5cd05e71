"""Comparisons that explain themselves: shape, then dtype, then device, then values.

Each ``expect_*`` function passes silently or raises :class:`CheckFailure` with
one sentence a student can act on: what was expected, what came back, for
which input. When the answer matches a known wrong answer (a *mistake*), the
sentence names the misconception instead. NaN never passes, and shapes must
match exactly (no silent broadcasting).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from ..sandbox.protocol import RemoteCallable, Unsupported

#: Known wrong answers by misconception, or a function that works them out when needed.
Mistakes = Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None


@dataclass(frozen=True)
class AnyOf:
    """Several wrong answers of one mistake, as a value of a mistakes mapping
    (one per clamp bound a student might pick, say): any of them names it."""

    candidates: tuple


class CheckFailure(AssertionError):
    """A check failed; ``str()`` is the whole sentence (the call, its inputs, the expected
    answer), as the instructor sees it and a student may after the due date.

    Attributes
    ----------
    misconception : str or None
        Short name of the recognised mistake, if the answer matched one.
    brief : str or None
        The same without anything a student could harvest before the due date: no
        input values (only their kinds, dtypes and shapes), no expected answer, and
        nothing of the student's own answer at that input (it could echo the input
        back); and without the named mistake, which the feedback adds where the
        check's visibility allows. None: the check wrote its own sentence; the
        grader then says only which call failed.
    """

    def __init__(
        self, message: str, misconception: str | None = None, brief: str | None = None
    ) -> None:
        super().__init__(message)
        self.misconception = misconception
        self.brief = brief

    def named(self, misconception: str | None) -> CheckFailure:
        """The same failure under another (a stable) name of its mistake."""
        return CheckFailure(str(self), misconception, self.brief)


class ReferenceNotANumber(RuntimeError):
    """The reference's own answer holds a NaN: the hidden input is one the reference is not
    defined on, so no answer can match it. A grader bug (reported as a grader problem),
    never the student's mistake."""


def _no_nan_in_reference(expected: Any, what: str) -> None:
    """Refuse to compare against a reference answer that holds a NaN (NaN equals nothing):
    every student, right or wrong, would lose the check's points without a word."""
    if isinstance(expected, tuple | list):
        for value in expected:
            _no_nan_in_reference(value, what)
        return
    if isinstance(expected, torch.Tensor):
        nan = expected.is_floating_point() and bool(torch.isnan(expected).any())
    else:
        nan = isinstance(expected, float) and math.isnan(expected)
    if nan:
        raise ReferenceNotANumber(f"the reference's answer for {what} holds a NaN")


class Problem(str):
    """Why an answer is wrong: the full sentence (the ``str``) and its ``brief`` form,
    which leaves out the expected answer and the student's answer at a hidden input."""

    brief: str

    def __new__(cls, full: str, brief: str | None = None) -> Problem:
        problem = super().__new__(cls, full)
        problem.brief = full if brief is None else brief
        return problem


def brief_of(problem: str) -> str:
    """The brief form of a problem (a plain string has none to show)."""
    return getattr(problem, "brief", "is not the expected answer")


#: The call (or name) the running check last made, in brief: its kinds of inputs only.
_CALL: ContextVar[str | None] = ContextVar("call", default=None)


def calling(brief_call: str | None) -> None:
    """Record the call a check is making, as a student may see it before the due date
    (None: a new check, no call yet)."""
    _CALL.set(brief_call)


def current_call(default: str = "your answer") -> str:
    """The brief form of the call the running check made last."""
    return _CALL.get() or default


#: Notes on the check now running, for a student whose answer passes (see :func:`remark`).
_REMARKS: ContextVar[list[str] | None] = ContextVar("remarks", default=None)


def remark(text: str) -> None:
    """Tell the student something about an answer that is accepted (an incidental form).

    The note goes with the running check's outcome whether it passes or fails;
    it never changes a score.
    """
    notes = _REMARKS.get()
    if notes is not None and text not in notes:
        notes.append(text)


@contextlib.contextmanager
def collecting_remarks() -> Iterator[list[str]]:
    """The remarks made while inside (one check), in order."""
    notes: list[str] = []
    token = _REMARKS.set(notes)
    try:
        yield notes
    finally:
        _REMARKS.reset(token)


def accept_form(got: Any, form: type, what: str) -> Any:
    """``got`` as a ``form`` (list or tuple) when it is the other of the two, with a remark.

    For answers whose container is incidental to what is assessed (critical
    points as a tuple where the text says list): the numbers are graded, the
    brackets are mentioned.
    """
    if isinstance(got, list | tuple) and type(got) is not form:
        asked = "list [...]" if form is list else "tuple (...)"
        given = "tuple (...)" if form is list else "list [...]"
        remark(f"{what} is a {given} where the text asks for a {asked}: accepted.")
        return form(got)
    return got


def tolerance(dtype: torch.dtype) -> tuple[float, float]:
    """(rtol, atol) that fit a floating dtype's precision."""
    if dtype == torch.float64:
        return 1e-7, 1e-9
    if dtype in (torch.float16, torch.bfloat16):
        return 1e-2, 1e-3
    return 1e-4, 1e-5


def show(value: Any, limit: int = 6) -> str:
    """Short, stable text for a value in a message (at most ``limit`` elements)."""
    if isinstance(value, torch.Tensor):
        flat = value.detach().to("cpu").reshape(-1)
        items = ", ".join(
            _num(float(x)) if value.is_floating_point() else str(x.item()) for x in flat[:limit]
        )
        more = ", ..." if flat.numel() > limit else ""
        body = f"[{items}{more}]" if value.dim() else items
        return (
            f"tensor({body}, shape {tuple(value.shape)})" if value.dim() > 1 else f"tensor({body})"
        )
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, tuple):
        inner = ", ".join(show(v, limit) for v in value[:limit])
        return f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, list):
        return (
            "["
            + ", ".join(show(v, limit) for v in value[:limit])
            + (", ..." if len(value) > limit else "")
            + "]"
        )
    if isinstance(value, set):
        return "{" + ", ".join(sorted(show(v, limit) for v in value)) + "}" if value else "set()"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{show(k)}: {show(v, limit)}" for k, v in value.items()) + "}"
    if value is Ellipsis:
        return "... (the placeholder)"
    return repr(value)


def _num(x: float) -> str:
    if math.isnan(x) or math.isinf(x):
        return str(x)
    return f"{x:.6g}"


def kind_of(value: Any) -> str:
    """A type name for messages: 'a torch.Tensor', 'a float', 'the placeholder ...'."""
    if value is Ellipsis:
        return "the placeholder `...` (the answer was not filled in)"
    if isinstance(value, Unsupported):
        return f"an object of type {value.type_name}"
    if isinstance(value, RemoteCallable):
        return "a function"
    if isinstance(value, torch.Tensor):
        return "a torch.Tensor"
    name = type(value).__name__
    if type(value).__module__ == "numpy":
        return f"a numpy.{name}"
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


# --------------------------------------------------------------------------- contract rules
def dtype_mistake(got: torch.dtype, expected: torch.dtype) -> str:
    """The named mistake of an answer in another dtype than its input's."""
    g, e = (str(d).removeprefix("torch.") for d in (got, expected))
    return f"the answer returned in {g} for a {e} input (keep the input's dtype)"


#: The named mistake of an answer on another device than its input's.
DEVICE_MISTAKE = "the answer returned on the CPU for a CUDA input (keep the input's device)"


def rule_broken(got: Any, expected: Any) -> str | None:
    """The contract rule an answer breaks when it is right in all but dtype or device.

    Every answer of every check goes through here (from :func:`_fail`), so the
    rule "return the input's dtype and device" is named in one place, for
    tensors and for tuples, lists and dicts of them. None when some entry is
    wrong in another way too, or nothing breaks the rule.
    """
    pairs: list[tuple[torch.Tensor, torch.Tensor]] = []
    if not _tensor_pairs(got, expected, pairs) or not pairs:
        return None
    broken = None
    for g, e in pairs:
        if g.is_floating_point() != e.is_floating_point():
            return None
        if tensor_problem(g.detach().to(device=e.device, dtype=e.dtype), e) is not None:
            return None  # wrong in value too: the rule is not the (only) problem
        if broken is None and g.dtype != e.dtype:
            broken = dtype_mistake(g.dtype, e.dtype)
        elif broken is None and g.device.type != e.device.type:
            broken = DEVICE_MISTAKE
    return broken


#: The named mistakes of an answer in the wrong form: the right kind of thing in the wrong
#: container, whatever its values (see :func:`form_broken`).
NUMPY_ANSWER = (
    "a numpy array instead of a torch.Tensor: compute with torch operations and return a tensor"
)
NUMBER_FOR_TENSOR = (
    "a Python number instead of a 0-d tensor: .item() or float() turns the result into a "
    "number; return the tensor itself"
)
SEQUENCE_FOR_TENSOR = (
    "a Python list or tuple of numbers instead of a torch.Tensor: build the answer with torch "
    "operations (torch.stack, or torch.tensor with the input's dtype and device)"
)
EXTRA_DIMENSION = (
    "an extra dimension of size 1 (a row or column vector, or a (1,) or (1, 1) result where a "
    "0-d tensor is asked): the values are right, the shape is not"
)
TENSOR_FOR_NUMBER = (
    "a tensor where a Python number is asked: turn it into a number with float(...) or .item()"
)
STRING_FOR_NUMBER = "a number written as a string (in quotes): write the number itself"


def _is_ndarray(value: Any) -> bool:
    return type(value).__module__ == "numpy" and type(value).__name__ == "ndarray"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numeric_text(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def form_broken(got: Any, expected: Any, rtol=None, atol=None) -> str | None:
    """The named mistake of an answer in the wrong form, or None.

    Like :func:`rule_broken`, one place for every check: a numpy array, a Python
    number or a list of numbers where a tensor is asked, a tensor with an extra
    dimension of size 1 (and the right values), a tensor or a numeric string where
    a Python number is asked; for tuples, lists and dicts, the first entry that is
    in such a form.
    """
    if isinstance(expected, torch.Tensor):
        if _is_ndarray(got):
            return NUMPY_ANSWER
        if _is_number(got) and expected.dim() == 0:
            return NUMBER_FOR_TENSOR
        if isinstance(got, list | tuple) and got and all(_is_number(v) for v in got):
            return SEQUENCE_FOR_TENSOR
        if (
            isinstance(got, torch.Tensor)
            and got.dim() > expected.dim()
            and got.numel() == expected.numel()
            and tuple(got.squeeze().shape) == tuple(expected.squeeze().shape)
            and tensor_problem(got.reshape(expected.shape), expected, rtol, atol) is None
        ):
            return EXTRA_DIMENSION
        return None
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return None
        for g, e in zip(got, expected, strict=True):
            found = form_broken(g, e, rtol, atol)
            if found is not None:
                return found
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict) or got.keys() != expected.keys():
            return None
        return next(
            (f for k in expected if (f := form_broken(got[k], expected[k], rtol, atol))), None
        )
    if _is_number(expected):
        if isinstance(got, torch.Tensor) or _is_ndarray(got):
            return TENSOR_FOR_NUMBER
        if _numeric_text(got):
            return STRING_FOR_NUMBER
    return None


def _tensor_pairs(got: Any, expected: Any, pairs: list) -> bool:
    """Collect (got, expected) tensor pairs of two like structures; False if they differ."""
    if isinstance(expected, torch.Tensor):
        if not isinstance(got, torch.Tensor) or tuple(got.shape) != tuple(expected.shape):
            return False
        pairs.append((got, expected))
        return True
    if isinstance(expected, tuple | list):
        return (
            isinstance(got, tuple | list)
            and len(got) == len(expected)
            and all(_tensor_pairs(g, e, pairs) for g, e in zip(got, expected, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(got, dict)
            and got.keys() == expected.keys()
            and all(_tensor_pairs(got[k], expected[k], pairs) for k in expected)
        )
    return True  # numbers and the like: compared by the check itself


# --------------------------------------------------------------------------- tensors
def tensor_problem(
    got: Any, expected: torch.Tensor, rtol: float | None = None, atol: float | None = None
) -> str | None:
    """Why ``got`` is not ``expected`` (None when it is): shape, dtype, device, values."""
    if not isinstance(got, torch.Tensor):
        return Problem(f"should be a torch.Tensor but is {kind_of(got)}")
    if tuple(got.shape) != tuple(expected.shape):
        return Problem(
            f"has shape {tuple(got.shape)}, expected {tuple(expected.shape)}",
            f"has the wrong shape (expected {tuple(expected.shape)})",
        )
    if got.dtype != expected.dtype:
        return Problem(f"has dtype {got.dtype}, expected {expected.dtype} (the dtype of the input)")
    if got.device.type != expected.device.type:
        return Problem(
            f"is on device '{got.device.type}', expected '{expected.device.type}' "
            "(the device of the input)"
        )
    if got.is_floating_point() and torch.isnan(got).any():
        return Problem("contains NaN")
    d_rtol, d_atol = tolerance(expected.dtype) if expected.is_floating_point() else (0.0, 0.0)
    rtol = d_rtol if rtol is None else rtol
    atol = d_atol if atol is None else atol
    if torch.allclose(got, expected, rtol=rtol, atol=atol):
        return None
    if got.dim() == 0:
        return Problem(f"is {show(got)}, expected {show(expected)}", "is not the expected value")
    err = (got.to(torch.float64) - expected.to(torch.float64)).abs()
    # NumPy's unravel_index: torch's checks its arguments with torch.fx's symbolic shapes,
    # whose first use imports sympy into the grader
    idx = tuple(int(i) for i in np.unravel_index(int(torch.argmax(err)), tuple(err.shape)))
    return Problem(
        f"is {show(got)}, expected {show(expected)} (largest difference at index "
        f"{list(idx)}: {_num(float(got[idx]))} vs {_num(float(expected[idx]))})",
        f"has values that differ from the expected ones (most at index {list(idx)})",
    )


def _matches(got: Any, candidate: Any, rtol=None, atol=None) -> bool:
    if isinstance(candidate, torch.Tensor):
        return tensor_problem(got, candidate, rtol, atol) is None
    if isinstance(candidate, tuple | list) and isinstance(got, tuple | list):
        return len(got) == len(candidate) and all(
            _matches(g, c, rtol, atol) for g, c in zip(got, candidate, strict=True)
        )
    if isinstance(candidate, float | int) and not isinstance(candidate, bool):
        return number_problem(got, candidate, rtol or 1e-7, atol or 1e-9) is None
    return type(got) is type(candidate) and got == candidate


def same_answer(first: Any, second: Any) -> bool:
    """Whether two answers to the same call are the same, bit for bit where they are tensors."""
    if isinstance(first, torch.Tensor) and isinstance(second, torch.Tensor):
        return (
            first.shape == second.shape
            and first.dtype == second.dtype
            and first.device == second.device
            and bool(torch.equal(first, second) or _both_nan_where(first, second))
        )
    if isinstance(first, tuple | list) and isinstance(second, tuple | list):
        return (
            type(first) is type(second)
            and len(first) == len(second)
            and all(same_answer(a, b) for a, b in zip(first, second, strict=True))
        )
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(
            same_answer(first[k], second[k]) for k in first
        )
    if isinstance(first, float) and isinstance(second, float):
        return first == second or (math.isnan(first) and math.isnan(second))
    if _is_ndarray(first) or _is_ndarray(second):  # == is elementwise there
        return (
            type(first) is type(second)
            and first.shape == second.shape
            and first.dtype == second.dtype
            and first.tobytes() == second.tobytes()
        )
    return type(first) is type(second) and first == second


def _both_nan_where(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Equal except where both hold NaN (torch.equal says NaN differs from itself)."""
    if not a.is_floating_point():
        return False
    nan = torch.isnan(a)
    return bool(torch.equal(nan, torch.isnan(b)) and torch.equal(a[~nan], b[~nan]))


def _fail(
    what: str,
    problem: str,
    got: Any,
    mistakes: Mistakes,
    rtol=None,
    atol=None,
    expected: Any = None,
) -> None:
    """Raise the failure for a wrong answer, naming its mistake where one is recognised:
    first a broken contract rule (dtype or device), then the check's known mistakes, then
    an answer in the wrong form (a numpy array, a number where a tensor is asked...)."""

    def failure(mistake: str | None) -> CheckFailure:
        named = f" This looks like {mistake}." if mistake else ""
        return CheckFailure(
            f"{what}: {problem}.{named}",
            misconception=mistake,
            brief=f"{current_call(what.split('(', 1)[0])}: {brief_of(problem)}.",
        )

    rule = rule_broken(got, expected) if expected is not None else None
    if rule is not None:
        raise failure(rule)
    if callable(mistakes):  # worked out only now that the answer is wrong
        mistakes = mistakes()
    for description, wrong in (mistakes or {}).items():
        candidates = wrong.candidates if isinstance(wrong, AnyOf) else (wrong,)
        if any(c is not None and _matches(got, c, rtol, atol) for c in candidates):
            raise failure(description)
    form = form_broken(got, expected, rtol, atol) if expected is not None else None
    raise failure(form)


def expect_tensor(
    got: Any,
    expected: torch.Tensor,
    what: str,
    mistakes: Mistakes = None,
    rtol: float | None = None,
    atol: float | None = None,
) -> None:
    """Fail unless ``got`` is a tensor like ``expected`` (shape, dtype, device, values).

    Parameters
    ----------
    got : Any
        The student's answer, as decoded from the sandbox.
    expected : torch.Tensor
        The reference answer.
    what : str
        The call or name being checked, shown to the student, e.g.
        ``"gradient(f, tensor([1., 2.]))"``.
    mistakes : mapping of str to value, or a function returning one, optional
        Known wrong answers for this input, keyed by a description of the
        misconception ("the gradient added instead of subtracted"). A function
        is called only when the answer is wrong (known mistakes can cost as
        much as the reference, several times over).
    """
    _no_nan_in_reference(expected, what)
    problem = tensor_problem(got, expected, rtol, atol)
    if problem is not None:
        _fail(what, problem, got, mistakes, rtol, atol, expected)


# --------------------------------------------------------------------------- numbers
def number_problem(got: Any, expected: float, rtol: float = 1e-7, atol: float = 1e-9) -> str | None:
    """Why ``got`` is not the Python number ``expected`` (None when it is)."""
    if isinstance(got, bool) or not isinstance(got, int | float):
        hint = (
            " (use float(...) or .item() to turn a tensor into a number)"
            if isinstance(got, torch.Tensor)
            else ""
        )
        return Problem(f"should be a Python number but is {kind_of(got)}{hint}")
    if math.isnan(got):
        return Problem("is NaN")
    if math.isinf(expected) or not math.isclose(got, expected, rel_tol=rtol, abs_tol=atol):
        if got == expected:
            return None
        return Problem(
            f"is {_num(float(got))}, expected {_num(float(expected))}", "is not the expected value"
        )
    return None


def expect_number(
    got: Any,
    expected: float,
    what: str,
    mistakes: Mistakes = None,
    rtol: float = 1e-7,
    atol: float = 1e-9,
) -> None:
    """Fail unless ``got`` is a Python int/float close to ``expected``."""
    _no_nan_in_reference(expected, what)
    problem = number_problem(got, expected, rtol, atol)
    if problem is not None:
        _fail(what, problem, got, mistakes, rtol, atol, expected)


def expect_numbers(
    got: Any,
    expected: tuple | list,
    what: str,
    mistakes: Mistakes = None,
    rtol: float = 1e-7,
    atol: float = 1e-9,
) -> None:
    """Fail unless ``got`` is a tuple/list of Python numbers matching ``expected``.

    Nested tuples/lists are compared structurally (``[(x1, y1), (x2, y2)]``).
    """
    _no_nan_in_reference(expected, what)
    problem = _sequence_problem(got, expected, rtol, atol)
    if problem is not None:
        _fail(what, problem, got, mistakes, rtol, atol, expected)


def _sequence_problem(
    got: Any, expected: tuple | list, rtol: float, atol: float, path: str = ""
) -> str | None:
    kind = type(expected).__name__
    where = f"entry {path} " if path else ""
    if not isinstance(got, tuple | list):
        return Problem(f"{where}should be a {kind} but is {kind_of(got)}")
    if len(got) != len(expected):
        return Problem(f"{where}has {len(got)} entries, expected {len(expected)}")
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        sub_path = f"{path}[{i}]"
        if isinstance(e, tuple | list):
            sub = _sequence_problem(g, e, rtol, atol, sub_path)
        else:
            sub = number_problem(g, e, rtol, atol)
            if sub is not None:
                sub = Problem(f"entry {sub_path} {sub}", f"entry {sub_path} {brief_of(sub)}")
        if sub is not None:
            return sub
    return None


def expect_equal(got: Any, expected: Any, what: str, mistakes: Mistakes = None) -> None:
    """Fail unless ``got == expected`` for plain data of the same type (str, set, dict...)."""
    if type(got) is not type(expected):
        _fail(what, Problem(f"should be {kind_of(expected)} but is {kind_of(got)}"), got, mistakes)
    if got != expected:
        _fail(
            what,
            Problem(f"is {show(got)}, expected something else", "is not the expected answer"),
            got,
            mistakes,
        )


def expect_tensors(
    got: Any,
    expected: tuple[torch.Tensor, ...],
    what: str,
    names: tuple[str, ...],
    mistakes: Mistakes = None,
    rtol: float | None = None,
    atol: float | None = None,
) -> None:
    """Fail unless ``got`` is a tuple of tensors matching ``expected`` entry by entry
    (a list is accepted with a remark: the brackets are incidental)."""
    _no_nan_in_reference(expected, what)
    got = accept_form(got, tuple, f"The answer of {what.split('(', 1)[0]}")
    if not isinstance(got, tuple | list) or len(got) != len(expected):
        n = len(expected)
        problem = f"should be a tuple of {n} tensors {names} but is {kind_of(got)}"
        if isinstance(got, tuple | list):
            problem += f" of length {len(got)}"
        _fail(what, Problem(problem), got, mistakes, rtol, atol)
    for name, g, e in zip(names, got, expected, strict=True):
        problem = tensor_problem(g, e, rtol, atol)
        if problem is not None:
            problem = Problem(f"{name} {problem}", f"{name} {brief_of(problem)}")
            _fail(what, problem, got, mistakes, rtol, atol, expected)
