"""What a hidden check holds of the student: a proxy that only moves plain data.

``student.call("gradient", fn, point)`` runs the student's ``gradient`` in the
sandbox and returns the decoded answer. Whatever goes wrong on the student's
side (an exception, a timeout, a crash, a missing name, a leftover stub)
becomes a :class:`~autograder.checks.compare.CheckFailure` with a sentence for
the student.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import torch

from ..sandbox.limits import StudentError
from ..sandbox.protocol import FunctionSource, RemoteCallable
from ..sandbox.runner import StudentProcess
from .compare import CheckFailure, calling, current_call, same_answer, show

#: The mistake of an answer that changes when the same call is made again.
STATE_BETWEEN_CALLS = "state kept between calls"
#: The mistake of code that turns its tensors into Python numbers: a batch raises.
TENSORS_TO_NUMBERS = (
    "tensors turned into Python numbers (float(...) or .item()), which works only for "
    "one-element tensors: keep the computation in torch operations, for tensors of any shape"
)
#: What torch says when float(...) or .item() meets a tensor of several elements.
TENSORS_TO_NUMBERS_SIGN = "only one element tensors can be converted to Python scalars"


@dataclass(frozen=True)
class TestFunction:
    """A function the checks pass to a student's function (the ``f`` of ``gradient(f, x)``).

    The same source runs on both sides: in the grader (trusted, for the
    reference) and in the student's sandbox (sent as text, never as an object).

    Attributes
    ----------
    label : str
        How it is shown in feedback, e.g. ``"f(x, y) = 2x² + xy"``.
    source : str
        Python source defining a function called ``f`` of a 1-D tensor that
        returns a 0-d tensor, using only ``torch`` and ``math``.
    """

    __test__ = False  # not a pytest test class

    label: str
    source: str

    def local(self):
        """The function itself, for the reference side."""
        scope: dict[str, Any] = {"torch": torch, "math": math}
        exec(compile(self.source, f"<test function {self.label}>", "exec"), scope)
        return scope["f"]

    def remote(self) -> FunctionSource:
        """What crosses the boundary: the source text."""
        return FunctionSource(name="f", source=self.source)

    def __repr__(self) -> str:
        return self.label


def describe_call(name: str, args: tuple, kwargs: dict) -> str:
    """``gradient(f(x, y) = 2x² + xy, tensor([1, 2]))`` for messages."""
    parts = [a.label if isinstance(a, TestFunction) else show(a) for a in args]
    parts += [f"{k}={show(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def brief_call(name: str, args: tuple, kwargs: dict) -> str:
    """``gradient(a function f, a float32 tensor of shape (4,))``: the call without its
    values, as a student may see it before the due date (the inputs are hidden ones)."""
    parts = [_kind(a) for a in args] + [f"{k}={_kind(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _kind(value: Any) -> str:
    if isinstance(value, TestFunction):
        return "a function f"
    if isinstance(value, torch.Tensor):
        where = f" on {value.device.type}" if value.device.type != "cpu" else ""
        grad = " that requires grad" if value.requires_grad else ""
        dtype = str(value.dtype).removeprefix("torch.")
        return f"a {dtype} tensor of shape {tuple(value.shape)}{where}{grad}"
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, int | float):
        return f"{'an' if isinstance(value, int) else 'a'} {type(value).__name__}"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    return f"a {type(value).__name__}"


@dataclass
class Student:
    """The student's notebook as the checks see it.

    Parameters
    ----------
    process : StudentProcess
        The live sandbox, its cells already run.
    cell_errors : dict of str to str
        For each graded name whose solution cell failed: a sentence saying how.
    """

    process: StudentProcess
    cell_errors: dict[str, str] = field(default_factory=dict)

    def _failure(self, name: str, call: str, exc: StudentError) -> CheckFailure:
        brief = current_call(name)
        if exc.kind == "missing":
            message = (
                f"`{name}` is not defined. Keep the name exactly as given, "
                "and make sure its cell runs without errors."
            )
            if name in self.cell_errors:
                message += f" Your cell for `{name}` {self.cell_errors[name]}."
            return CheckFailure(message, brief=message)
        if exc.type_name == "NotImplementedError" and exc.kind == "exception":
            message = (
                f"`{name}` still raises NotImplementedError: replace the "
                "`raise NotImplementedError()` stub with your code."
            )
            return CheckFailure(message, misconception="not answered", brief=message)
        if exc.kind == "changed":
            return CheckFailure(
                f"{call}: {exc.describe()}.",
                misconception=exc.misconception,
                brief=f"{brief}: {exc.describe()}.",
            )
        # the brief form leaves out the exception's own message: student code could put
        # the hidden input into it
        if exc.kind == "exception" and TENSORS_TO_NUMBERS_SIGN in exc.message:
            return CheckFailure(
                f"Calling {call} failed: {exc.describe()}. This looks like {TENSORS_TO_NUMBERS}.",
                misconception=TENSORS_TO_NUMBERS,
                brief=f"Calling {brief} failed: {exc.describe(brief=True)}.",
            )
        return CheckFailure(
            f"Calling {call} failed: {exc.describe()}.",
            brief=f"Calling {brief} failed: {exc.describe(brief=True)}.",
        )

    def _calling(self, name: str, args: tuple, kwargs: dict) -> str:
        """The call's text for messages; its brief form is recorded for the failure's."""
        calling(brief_call(name, args, kwargs))
        return describe_call(name, args, kwargs)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the student's function ``name``; TestFunction arguments go as source."""
        wire_args = [a.remote() if isinstance(a, TestFunction) else a for a in args]
        call = self._calling(name, args, kwargs)
        try:
            return self.process.call(name, *wire_args, **kwargs)
        except StudentError as exc:
            raise self._failure(name, call, exc) from None

    def call_within(self, seconds: float, purpose: str, name: str, *args: Any) -> Any:
        """:meth:`call` with a time limit of its own (at most the call time limit), for a
        call that scores nothing: ``purpose`` names it in the incident if it runs past."""
        wire_args = [a.remote() if isinstance(a, TestFunction) else a for a in args]
        call = self._calling(name, args, {})
        try:
            return self.process.call_within(seconds, purpose, name, *wire_args)
        except StudentError as exc:
            raise self._failure(name, call, exc) from None

    def call_twice(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``name`` twice on the very same argument tensors; the first answer, or a
        failure when the second differs from it (state the first call left behind)."""
        wire_args = [a.remote() if isinstance(a, TestFunction) else a for a in args]
        call = self._calling(name, args, kwargs)
        try:
            first, second = self.process.call_twice(name, *wire_args, **kwargs)
        except StudentError as exc:
            raise self._failure(name, call, exc) from None
        if not same_answer(first, second):
            named = (
                f"This looks like {STATE_BETWEEN_CALLS} (a .grad on an input, a cache, a "
                "global): each call must start afresh."
            )
            raise CheckFailure(
                f"{call}: a second call on the same tensors returned {show(second)} where the "
                f"first returned {show(first)}. {named}",
                misconception=STATE_BETWEEN_CALLS,
                brief=f"{current_call(name)}: a second call on the same tensors returned "
                "another answer than the first.",
            )
        return first

    def call_without_grad(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``name`` inside ``torch.no_grad()`` (a derivative written by hand needs none)."""
        call = self._calling(name, args, kwargs) + " inside torch.no_grad()"
        calling(current_call(name) + " inside torch.no_grad()")
        try:
            return self.process.call_without_grad(name, *args, **kwargs)
        except StudentError as exc:
            raise self._failure(name, call, exc) from None

    def call_returned(self, fn: RemoteCallable, owner: str, *args: Any) -> Any:
        """Call a function the student returned (``quadratic_approximation``'s q)."""
        call = self._calling(f"the function returned by {owner}", args, {})
        try:
            return self.process.call(fn, *args)
        except StudentError as exc:
            raise self._failure(owner, call, exc) from None

    def get(self, name: str) -> Any:
        """The value of the student's ``name`` (a constant such as ``STEPS_SCALED``)."""
        calling(name)
        try:
            value = self.process.get(name)
        except StudentError as exc:
            raise self._failure(name, name, exc) from None
        if value is Ellipsis:
            message = f"`{name}` is still the placeholder `...`: replace it with your answer."
            raise CheckFailure(message, misconception="not answered", brief=message)
        return value

    def function(self, name: str) -> None:
        """Fail early, with a clear sentence, when ``name`` is not a function."""
        calling(name)
        try:
            value = self.process.get(name)
        except StudentError as exc:
            raise self._failure(name, name, exc) from None
        if not isinstance(value, RemoteCallable):
            message = f"`{name}` should be a function, but it is {show(value)}."
            raise CheckFailure(message, brief=message)
