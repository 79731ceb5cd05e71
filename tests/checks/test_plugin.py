"""The pytest run behind the hidden checks: which plugins it loads, and calling the
collected checks directly gives what a pytest session per submission gives."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
import torch

from autograder.assignments import ASSIGNMENTS
from autograder.checks import plugin
from autograder.checks.student import Student
from autograder.demo import MISTAKES
from autograder.engine import student_cells
from autograder.notebook.cells import read_notebook
from autograder.sandbox.runner import StudentProcess
from tests.checks.conftest import model_submission


class Spy(plugin.QuietFailures):
    """QuietFailures that also notes which plugins the checks' pytest session loaded."""

    loaded: list[str] = []

    def pytest_configure(self, config: pytest.Config) -> None:
        Spy.loaded = [name for name, _ in config.pluginmanager.list_name_plugin()]


class CollectSpy(plugin._Collector):
    """The collecting session's collector, noting which plugins that session loaded."""

    def pytest_configure(self, config: pytest.Config) -> None:
        Spy.loaded = [name for name, _ in config.pluginmanager.list_name_plugin()]


@pytest.mark.parametrize("session", [True, False], ids=["session", "collected"])
def test_the_checks_run_without_plugins_installed_on_the_machine(monkeypatch, session):
    """An installed pytest plugin (entry point ``pytest11``) could change how checks run
    (in a session per submission) or which checks there are (in the collecting one)."""
    installed = [e.name for e in entry_points(group="pytest11")]
    if not installed:
        pytest.skip("no pytest plugin installed here to leave out")
    Spy.loaded = []
    monkeypatch.setattr(plugin, "QuietFailures", Spy)
    monkeypatch.setattr(plugin, "_Collector", CollectSpy)
    plugin.collect_checks.cache_clear()
    try:
        outcomes, _ = plugin.run_checks(
            "ps4_backprop", student=None, seed=1, device=torch.device("cpu"), session=session
        )
    finally:
        plugin.collect_checks.cache_clear()  # nothing collected with the spy stays
    assert outcomes  # the checks did run (each failing: there is no student)
    assert Spy.loaded and "python" in Spy.loaded  # pytest's own plugins are there
    assert not set(installed) & set(Spy.loaded), Spy.loaded


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_collected_checks_called_directly_give_what_a_pytest_session_gives(assignment_id):
    """Same outcomes, messages, misconceptions and problems, in the same order, for the
    model answers, the demo's mistakes and a sandbox with nothing defined."""
    assignment = ASSIGNMENTS[assignment_id]
    source = read_notebook(assignment.source_path())
    assert plugin.collect_checks(assignment.module), "every module is called directly"
    for nb in (
        model_submission(assignment.id),
        model_submission(assignment.id, MISTAKES[assignment.id]),
        None,
    ):
        cells = student_cells(nb, source) if nb is not None else []
        with StudentProcess(cells) as process:
            process.run_cells()
            student = Student(process)
            direct = plugin.run_checks(assignment.module, student, 7, torch.device("cpu"))
            session = plugin.run_checks(
                assignment.module, student, 7, torch.device("cpu"), session=True
            )
        assert direct[0] == session[0]
        # grader errors (none expected here) are reported for the same checks, with the
        # same exception, in pytest's words or in a traceback
        assert [p.split(": ", 1)[0] for p in direct[1]] == [p.split(": ", 1)[0] for p in session[1]]
        assert direct[1] == [], direct[1]
        assert len(direct[0]) == len(plugin.collect_checks(assignment.module))
        if nb is None:
            assert not any(o.passed for o in direct[0])
        else:
            assert any(o.passed for o in direct[0])


def test_a_check_with_another_fixture_or_marker_gets_a_pytest_session(tmp_path, monkeypatch):
    """Only plain calls are made directly: a module with anything more runs in pytest."""
    for module in ("ps9_extra", "ps9_plain"):  # assignment folders, as packages
        (tmp_path / module).mkdir()
        (tmp_path / module / "__init__.py").write_text("")
    (tmp_path / "ps9_extra" / "checks.py").write_text(
        "import pytest\n"
        "from autograder.checks.plugin import graded\n\n"
        "@pytest.fixture\n"
        "def twice():\n"
        "    return 2\n\n"
        "@graded('x', 1)\n"
        "def test_uses_a_fixture_of_its_own(twice):\n"
        "    assert twice == 2\n\n"
        "@graded('y', 1)\n"
        "@pytest.mark.skip(reason='not directly')\n"
        "def test_skipped():\n"
        "    raise AssertionError\n"
    )
    (tmp_path / "ps9_plain" / "checks.py").write_text(
        "import pytest\n"
        "from autograder.checks.plugin import graded\n\n"
        "@graded('x', 1)\n"
        "@pytest.mark.parametrize('n', [1, 2])\n"
        "def test_plain(student, rng, n):\n"
        "    assert student is None and n in (1, 2)\n"
    )
    (tmp_path / "pytest.ini").write_text(plugin.INI.read_text())
    monkeypatch.setattr(plugin, "ASSIGNMENTS_DIR", tmp_path)
    monkeypatch.setattr(plugin, "INI", tmp_path / "pytest.ini")
    plugin.collect_checks.cache_clear()
    try:
        assert plugin.collect_checks("ps9_extra") is None
        plain = plugin.collect_checks("ps9_plain")
        outcomes, problems = plugin.run_checks("ps9_plain", None, 1, torch.device("cpu"))
        extra, _ = plugin.run_checks("ps9_extra", None, 1, torch.device("cpu"))
    finally:
        plugin.collect_checks.cache_clear()
    assert [(c.check, c.parameters, c.fixtures) for c in plain] == [
        ("test_plain[1]", {"n": 1}, ("student", "rng")),
        ("test_plain[2]", {"n": 2}, ("student", "rng")),
    ]
    assert [o.passed for o in outcomes] == [True, True] and problems == []
    # a session as ever: the fixture is there; a skipped check is reported, never passed
    assert [(o.check, o.passed) for o in extra] == [
        ("test_uses_a_fixture_of_its_own", True),
        ("test_skipped", False),
    ]
