"""The pytest plugin that runs hidden checks against one student's sandbox.

Hidden checks are ordinary pytest tests in ``autograder/checks/<assignment>.py``,
each marked with the graded name it scores and its points::

    @graded("grad_descent", points=1)
    def test_contract_example(student):
        expect_number(student.call("grad_descent", -1.0, 100), 0.5671..., "grad_descent(-1, 100)")

Fixtures: ``student`` (a :class:`~autograder.checks.student.Student`),
``device`` (where references run and student inputs live) and ``rng`` (a
``torch.Generator`` seeded from the run seed, the student and the check's id,
so every check draws the same inputs whatever order they run in).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

from .compare import CheckFailure
from .student import Student

CHECKS_DIR = Path(__file__).resolve().parent
INI = CHECKS_DIR / "pytest.ini"


def graded(name: str, points: float) -> pytest.MarkDecorator:
    """Bind a check to a graded name with the points it is worth (per collected item)."""
    return pytest.mark.graded(name=name, points=float(points))


def derive_seed(*parts: object) -> int:
    """A 63-bit seed from any parts, stable across runs and machines."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


@dataclass(frozen=True)
class CheckOutcome:
    """One hidden check's result."""

    check: str  # test id within the module, e.g. "test_random_points[float32]"
    name: str  # the graded name it scores
    points: float
    passed: bool
    message: str = ""
    misconception: str | None = None


class GradingPlugin:
    """Supplies the fixtures and records an outcome per check."""

    def __init__(self, student: Student, seed: int, device: torch.device) -> None:
        self._student = student
        self._seed = seed
        self._device = device
        self.outcomes: list[CheckOutcome] = []
        self.problems: list[str] = []

    @pytest.fixture
    def student(self) -> Student:
        return self._student

    @pytest.fixture
    def device(self) -> torch.device:
        return self._device

    @pytest.fixture
    def rng(self, request: pytest.FixtureRequest) -> torch.Generator:
        return torch.Generator().manual_seed(derive_seed(self._seed, request.node.name))

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            if item.get_closest_marker("graded") is None:
                self.problems.append(f"{item.nodeid} has no @graded marker")

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
        name, points = marker.kwargs["name"], marker.kwargs["points"]
        if report.passed:
            return CheckOutcome(item.name, name, points, True)
        exc = call.excinfo.value if call.excinfo else None
        if isinstance(exc, CheckFailure):
            return CheckOutcome(item.name, name, points, False, str(exc), exc.misconception)
        # Anything else is the grader's fault, not the student's: say so, keep the detail.
        self.problems.append(f"{item.nodeid}: {report.longreprtext[-2000:]}")
        return CheckOutcome(
            item.name,
            name,
            points,
            False,
            "The grader could not check this answer (an internal error); "
            "please tell your instructor.",
            "grader error",
        )


class QuietFailures:
    """A failed check's report carries its message only.

    pytest would format a traceback for it (an AST parse of the whole checks
    module per failure, a tenth of a second each) that no one reads: the
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


def run_checks(
    module: str, student: Student, seed: int, device: torch.device
) -> tuple[list[CheckOutcome], list[str]]:
    """Run one assignment's hidden checks; returns the outcomes and any grader problems."""
    plugin = GradingPlugin(student, seed, device)
    path = CHECKS_DIR / f"{module}.py"
    args = [
        str(path),
        "-c",
        str(INI),
        "--rootdir",
        str(CHECKS_DIR),
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
        # both end every session with gc.collect() twice: a third of a second per submission
        "-p",
        "no:unraisableexception",
        "-p",
        "no:threadexception",
    ]
    code = pytest.main(args, plugins=[plugin, QuietFailures()])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        plugin.problems.append(f"pytest exited with {code!r} running {path.name}")
    return plugin.outcomes, plugin.problems
