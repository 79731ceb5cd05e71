"""The pytest plugin that runs hidden checks against one student's sandbox.

Hidden checks are ordinary pytest tests in each assignment's folder
(``autograder/assignments/<module>/checks.py``), each marked with the graded
name it scores and its points::

    @graded("grad_descent", points=1)
    def test_contract_example(student):
        expect_number(student.call("grad_descent", -1.0, 100), 0.5671..., "grad_descent(-1, 100)")

Fixtures: ``student`` (a :class:`~autograder.checks.student.Student`),
``device`` (where references run and student inputs live), ``rng`` (a
``torch.Generator`` seeded from the run seed, the student and the check's id,
so every check draws the same inputs whatever order they run in) and
``numbers`` (the student's own numbers for the hand-computed items, an
:class:`~autograder.own_numbers.OwnNumbers`; the published ones without a
student id).

pytest collects each assignment's checks once per grader process
(:func:`collect_checks`: parametrization, markers, fixture names); for each
submission :func:`run_checks` then calls the collected functions with the
fixtures' values, which is all a pytest session would do for checks that ask
for nothing but these fixtures and their parameters, without a session's
set-up for every submission (the larger part of the grader's own time
per submission). A module with any other fixture or marker is run by a full
pytest session per submission instead, as before.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import torch

from ..assignments import ASSIGNMENTS_DIR
from ..own_numbers import PUBLISHED, OwnNumbers
from ..seeds import derive_seed
from ..visibility import DEFAULT, Policy, Stage
from .compare import CheckFailure, calling, collecting_remarks, current_call
from .student import Student

CHECKS_DIR = Path(__file__).resolve().parent
#: Where a pytest item keeps the remarks its check made.
REMARKS = pytest.StashKey[list]()
INI = CHECKS_DIR / "pytest.ini"


def graded(name: str, points: float, policy: Policy = DEFAULT) -> pytest.MarkDecorator:
    """Bind a check to a graded name with the points it is worth (per collected item), and
    what a student may see of it when (:mod:`autograder.visibility`)."""
    return pytest.mark.graded(name=name, points=float(points), policy=policy)


@dataclass(frozen=True)
class CheckOutcome:
    """One hidden check's result."""

    check: str  # test id within the module, e.g. "test_random_points[float32]"
    name: str  # the graded name it scores
    points: float
    passed: bool
    message: str = ""  # the whole sentence: call, inputs, expected answer
    misconception: str | None = None
    remarks: tuple[str, ...] = ()  # notes that change no score (an incidental form accepted)
    brief: str = ""  # the message without inputs' values, the expected answer, the mistake
    policy: Policy = DEFAULT  # what a student may see of it, and when

    def text(self, stage: Stage) -> str:
        """What the feedback says of this failed check at ``stage``."""
        if stage.shows(self.policy.details()):
            return self.message
        named = (
            f" This looks like {self.misconception}."
            if self.misconception and stage.shows(self.policy.mistake)
            else ""
        )
        return self.brief + named


class GradingPlugin:
    """Supplies the fixtures and records an outcome per check."""

    def __init__(
        self,
        student: Student,
        seed: int,
        device: torch.device,
        numbers: OwnNumbers = PUBLISHED,
    ) -> None:
        self._student = student
        self._seed = seed
        self._device = device
        self._numbers = numbers
        self.outcomes: list[CheckOutcome] = []
        self.problems: list[str] = []

    @pytest.fixture
    def student(self) -> Student:
        return self._student

    @pytest.fixture
    def device(self) -> torch.device:
        return self._device

    @pytest.fixture
    def numbers(self) -> OwnNumbers:
        return self._numbers

    @pytest.fixture
    def rng(self, request: pytest.FixtureRequest) -> torch.Generator:
        return torch.Generator().manual_seed(derive_seed(self._seed, request.node.name))

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            if item.get_closest_marker("graded") is None:
                self.problems.append(f"{item.nodeid} has no @graded marker")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        calling(None)
        with collecting_remarks() as remarks:
            item.stash[REMARKS] = remarks
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        marker = item.get_closest_marker("graded")
        if marker is None:
            return report
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.outcomes.append(self._outcome(item, marker, call, report))
        return report

    def _outcome(self, item, marker, call, report) -> CheckOutcome:
        exc = call.excinfo.value if call.excinfo else None
        return self.outcome(
            item.name, item.nodeid, marker.kwargs["name"], marker.kwargs["points"],
            None if report.passed else exc, report.longreprtext, item.stash.get(REMARKS, ()),
            marker.kwargs.get("policy", DEFAULT),
        )  # fmt: skip

    def outcome(
        self,
        check: str,
        nodeid: str,
        name: str,
        points: float,
        exc,
        detail: str = "",
        remarks: list[str] | tuple[str, ...] = (),
        policy: Policy = DEFAULT,
    ) -> CheckOutcome:
        """The outcome of one check that raised ``exc`` (None: it passed)."""
        remarks = tuple(remarks)
        if exc is None:
            return CheckOutcome(check, name, points, True, remarks=remarks, policy=policy)
        if isinstance(exc, CheckFailure):
            # a sentence of the check's own: before the due date only which call failed
            brief = exc.brief or f"{current_call(name)}: not the expected answer."
            return CheckOutcome(
                check, name, points, False, str(exc), exc.misconception, remarks, brief, policy
            )
        # Anything else is the grader's fault, not the student's: say so, keep the detail.
        self.problems.append(f"{nodeid}: {detail[-2000:]}")
        message = (
            "The grader could not check this answer (an internal error); please tell your "
            "instructor."
        )
        return CheckOutcome(
            check, name, points, False, message, "grader error", remarks, message, policy
        )

    def run_collected(self, checks: list[CollectedCheck]) -> None:
        """Call each collected check with its parameters and fixtures, in collection order."""
        fixtures = {
            "student": lambda _: self._student,
            "device": lambda _: self._device,
            "rng": lambda check: torch.Generator().manual_seed(derive_seed(self._seed, check)),
            "numbers": lambda _: self._numbers,
        }
        for c in checks:
            arguments = dict(c.parameters)
            for fixture in c.fixtures:
                arguments[fixture] = fixtures[fixture](c.check)
            calling(None)
            with collecting_remarks() as remarks:
                try:
                    c.function(**arguments)
                except Exception as exc:  # noqa: BLE001 (sorted out by outcome, as pytest would)
                    detail = traceback.format_exc()
                    outcome = self.outcome(
                        c.check, c.nodeid, c.name, c.points, exc, detail, remarks, c.policy
                    )
                else:
                    outcome = self.outcome(
                        c.check, c.nodeid, c.name, c.points, None, "", remarks, c.policy
                    )
            self.outcomes.append(outcome)


class QuietFailures:
    """A failed check's report carries its message only.

    pytest would format a traceback for it (an AST parse of the whole checks
    module per failure) that no one reads: the
    student sees the :class:`CheckFailure` message. Other exceptions (grader
    errors) keep pytest's full report.
    """

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        exc = call.excinfo.value if call.excinfo else None
        if not isinstance(exc, CheckFailure):
            return None  # pytest's own report
        return pytest.TestReport(
            item.nodeid, item.location, {}, "failed", str(exc), call.when,
            duration=call.duration, start=call.start, stop=call.stop,
        )  # fmt: skip


#: The fixtures a collected check may ask for (:class:`GradingPlugin` supplies them).
FIXTURES = frozenset({"student", "device", "rng", "numbers"})


@dataclass(frozen=True)
class CollectedCheck:
    """One hidden check as pytest collected it: what to call, with what, for which name."""

    check: str  # the item's name, e.g. "test_random_points[float32]"
    nodeid: str
    function: Callable[..., Any] = field(repr=False)
    parameters: dict[str, Any]  # its parametrized arguments
    fixtures: tuple[str, ...]  # the fixtures it asks for (of FIXTURES)
    name: str  # the graded name it scores
    points: float
    policy: Policy = DEFAULT


class _Collector:
    """Keeps the items of a ``--collect-only`` session."""

    def __init__(self) -> None:
        self.items: list[pytest.Item] = []

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.items = list(session.items)


def checks_path(module: str) -> Path:
    """The file of the hidden checks of the assignment whose folder is ``module``."""
    return ASSIGNMENTS_DIR / module / "checks.py"


def _pytest_args(path: Path) -> list[str]:
    return [
        str(path),
        "-c",
        str(INI),
        "--rootdir",
        str(ASSIGNMENTS_DIR),
        "--noconftest",
        # only the plugins named here: none installed on this machine (nor their import time)
        "--disable-plugin-autoload",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-p",
        "no:warnings",
        "-p",
        "no:pastebin",
        "-p",
        "no:junitxml",
        "-p",
        "no:doctest",
        # captures log records around every setup, call and teardown; nothing reads them
        "-p",
        "no:logging",
        # both end every session with gc.collect() twice, for warnings no one reads
        "-p",
        "no:unraisableexception",
        "-p",
        "no:threadexception",
    ]


@functools.cache
def collect_checks(module: str) -> tuple[CollectedCheck, ...] | None:
    """The checks of ``module``, collected by pytest once per process.

    None when a check asks for more than plain calls can give (a fixture other
    than :data:`FIXTURES`, a marker other than ``graded`` and ``parametrize``,
    no ``graded`` marker, an item that is not a plain test function) or
    collection fails: such a module is run by a whole pytest session, which
    reports these cases as it always has.
    """
    collector = _Collector()
    code = pytest.main([*_pytest_args(checks_path(module)), "--collect-only"], [collector])
    if code != pytest.ExitCode.OK or not collector.items:
        return None
    checks = []
    for item in collector.items:
        marker = item.get_closest_marker("graded")
        if not isinstance(item, pytest.Function) or marker is None:
            return None
        if {m.name for m in item.iter_markers()} - {"graded", "parametrize"}:
            return None
        callspec = getattr(item, "callspec", None)
        parameters = dict(callspec.params) if callspec else {}
        fixtures = tuple(f for f in item.fixturenames if f not in parameters)
        if not set(fixtures) <= FIXTURES:
            return None
        checks.append(
            CollectedCheck(
                item.name,
                item.nodeid,
                item.obj,
                parameters,
                fixtures,
                marker.kwargs["name"],
                marker.kwargs["points"],
                marker.kwargs.get("policy", DEFAULT),
            )
        )
    return tuple(checks)


def run_checks(
    module: str,
    student: Student,
    seed: int,
    device: torch.device,
    *,
    numbers: OwnNumbers = PUBLISHED,
    session: bool = False,
) -> tuple[list[CheckOutcome], list[str]]:
    """Run one assignment's hidden checks; returns the outcomes and any grader problems.

    ``numbers`` are the student's own numbers for the hand-computed items.
    ``session=True`` runs them in a pytest session of their own even when the
    collected checks could be called directly (the two give the same outcomes).
    """
    plugin = GradingPlugin(student, seed, device, numbers)
    collected = None if session else collect_checks(module)
    if collected is not None:
        plugin.run_collected(list(collected))
        return plugin.outcomes, plugin.problems
    path = checks_path(module)
    code = pytest.main(_pytest_args(path), plugins=[plugin, QuietFailures()])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        plugin.problems.append(f"pytest exited with {code!r} running {module}/{path.name}")
    return plugin.outcomes, plugin.problems
