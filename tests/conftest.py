"""Shared fixtures: the source notebooks' model answers as live namespaces."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from autograder.assignments import get_assignment
from autograder.notebook.cells import CellRole, cell_role, read_notebook, strip_solution_markers

os.environ.setdefault("MPLBACKEND", "Agg")

_NAMESPACES: dict[str, dict] = {}


def source_namespace(assignment_id: str) -> dict:
    """Run a source notebook's code cells (not its test cells) and return the globals.

    This is the instructor's own trusted code, so it runs in the test process;
    student code never does (see ``autograder.sandbox``).
    """
    if assignment_id not in _NAMESPACES:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        nb = read_notebook(get_assignment(assignment_id).source_path())
        ns: dict = {"__name__": "__notebook__"}
        for cell in nb.cells:
            if cell.cell_type == "code" and cell_role(cell) is not CellRole.TEST:
                code = strip_solution_markers(cell.source)
                code = "\n".join(
                    ln for ln in code.split("\n") if not ln.lstrip().startswith(("%", "!"))
                )
                exec(compile(code, f"<{assignment_id} cell>", "exec"), ns)
        plt.close("all")
        _NAMESPACES[assignment_id] = ns
    return _NAMESPACES[assignment_id]


@pytest.fixture
def alembic_on_path(monkeypatch) -> None:
    """Creating a gradebook runs ``alembic`` from PATH: put this interpreter's bin first."""
    from autograder.release import nbgrader_env

    monkeypatch.setenv("PATH", nbgrader_env()["PATH"])


@pytest.fixture
def notebook_answers() -> Callable[[str], dict]:
    """Factory fixture: ``notebook_answers("ps1-gradients")["gradient"]``."""
    return source_namespace


# A real PostgreSQL server for the gradebook's tests (tests/test_postgres.py).
from collections.abc import Iterator  # noqa: E402

from tests.postgres import PostgresServer, postgres_available, postgres_server  # noqa: E402


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL server on 127.0.0.1 for the whole session (see ``tests.postgres``).

    Skips, with the reason, where it cannot run (no ``postgresql`` package, ...).
    Tests share the server, so each should make its own database with
    ``postgres.new_database(name)``.

    Yields
    ------
    PostgresServer
        ``.url`` (database ``gradebook``) and ``.new_database(name) -> url``.
    """
    reason = postgres_available()
    if reason is not None:
        pytest.skip(reason)
    with postgres_server() as server:
        yield server


# Figures some tests report (the fault × outcome table of tests/faults, what each storage
# attack got and took from the host): with AUTOGRADER_REPORT_TABLE=FILE, one JSON object a
# line, written at the end of the session.
_REPORTED: list[dict] = []


def pytest_runtest_logreport(report) -> None:
    if report.when == "call":
        for key, value in report.user_properties:
            if key in ("fault table", "storage"):
                _REPORTED.append({"table": key, **value, "passed": report.passed})


def pytest_sessionfinish(session) -> None:
    path = os.environ.get("AUTOGRADER_REPORT_TABLE")
    if path and _REPORTED:
        import json
        from pathlib import Path

        Path(path).write_text("".join(json.dumps(row) + "\n" for row in _REPORTED))
