"""``python -m autograder check``: visible checks from the release, in the sandbox."""

from __future__ import annotations

import ast
import copy
from functools import cache
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT, get_assignment
from autograder.cli import main
from autograder.notebook.cells import CellRole, cells_by_grade_id, grade_id
from autograder.notebook.cells import read_notebook as read
from autograder.selfcheck import (
    REMINDER,
    SelfCheckReport,
    Status,
    UnusableNotebook,
    check_cells,
    infer_assignment,
    self_check,
)
from tests.checks.conftest import model_submission

WRONG_QUADRATIC = "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"
WRONG_FACTORIZATION = "def grad_factorization(X, U, V):\n    return 2 * U.T @ (X - U @ V)\n"


@cache
def hidden_literals() -> frozenset[str]:
    """Sentences from the hidden checks that the release notebooks do not show anyway."""
    released = "".join(a.release_path().read_text() for a in ASSIGNMENTS.values())
    found = set()
    shared = (REPO_ROOT / "autograder" / "checks").glob("*.py")
    for path in [*shared, *(a.checks_path for a in ASSIGNMENTS.values())]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.strip()
                if len(text) >= 20 and " " in text and text not in released:
                    found.add(text)
    assert len(found) > 50, "expected the hidden checks to hold many messages"
    return frozenset(found)


def assert_nothing_hidden(text: str) -> None:
    leaked = [s for s in hidden_literals() if s in text]
    assert not leaked, f"hidden-check text in the self-check output: {leaked[:3]}"
    assert "Traceback" not in text


@cache
def blank_report(assignment_id: str) -> SelfCheckReport:
    return self_check(get_assignment(assignment_id).release_path(), assignment_id)


@cache
def model_report(assignment_id: str, tmp: Path) -> SelfCheckReport:
    a = get_assignment(assignment_id)
    path = tmp / a.filename
    nbformat.write(model_submission(assignment_id), path)
    return self_check(path, assignment_id)


@pytest.fixture(scope="module")
def tmp_module(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("selfcheck")


def tampered_backprop() -> nbformat.NotebookNode:
    """Two wrong answers: one test cell edited to always pass, the other deleted."""
    nb = model_submission(
        "ps4-backprop",
        {"grad_quadratic_form": WRONG_QUADRATIC, "grad_factorization": WRONG_FACTORIZATION},
    )
    for cell in nb.cells:
        if grade_id(cell) == "test_grad_quadratic_form":
            cell.source = 'print("grad_quadratic_form: all good")'
    nb.cells = [c for c in nb.cells if grade_id(c) != "test_grad_factorization"]
    return nb


@pytest.fixture(scope="module")
def tampered(tmp_module) -> tuple[SelfCheckReport, str]:
    path = tmp_module / "backprop-tampered.ipynb"
    nbformat.write(tampered_backprop(), path)
    report = self_check(path, "ps4-backprop")
    return report, report.format()


# -- fast: which assignment, which cells ---------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gradients.ipynb", "ps1-gradients"),
        ("work/descent.ipynb", "ps2-descent"),
        ("critical_points.ipynb", "ps3-critical-points"),
        ("backprop-jdoe.ipynb", "ps4-backprop"),
        ("Descent.ipynb", "ps2-descent"),
    ],
)
def test_the_assignment_comes_from_the_file_name(name, expected):
    assert infer_assignment(name) == expected


@pytest.mark.parametrize("name", ["scratch.ipynb", "notes.ipynb", "gradients-descent.ipynb"])
def test_an_unknown_or_ambiguous_file_name_asks_for_the_assignment(name):
    with pytest.raises(ValueError, match="--assignment"):
        infer_assignment(name)


def test_each_release_test_cell_runs_right_after_its_answer():
    a = get_assignment("ps4-backprop")
    release = read(a.release_path())
    cells = check_cells(tampered_backprop(), release, a)
    labels = [c.label for c in cells]
    tests = cells_by_grade_id(release, CellRole.TEST)
    for name in a.graded_names:
        assert labels[labels.index(name) + 1] == f"test_{name}"
        (cell,) = [c for c in cells if c.label == f"test_{name}"]
        assert cell.source == tests[f"test_{name}"].source  # the release's, not the student's
    assert "all good" not in "".join(c.source for c in cells)


def test_a_test_cell_whose_answer_cell_was_deleted_runs_at_the_end():
    a = get_assignment("ps4-backprop")
    release = read(a.release_path())
    student = copy.deepcopy(release)
    student.cells = [c for c in student.cells if grade_id(c) != "backprop"]
    labels = [c.label for c in check_cells(student, release, a)]
    assert labels[-1] == "test_backprop" and "backprop" not in labels


# -- the command line ------------------------------------------------------------------
def test_check_with_a_missing_notebook_is_bad_usage(tmp_path, capsys):
    assert main(["check", str(tmp_path / "descent.ipynb")]) == 2
    assert "no such notebook" in capsys.readouterr().err


def test_check_of_an_unknown_file_name_is_bad_usage(tmp_path, capsys):
    path = tmp_path / "scratch.ipynb"
    nbformat.write(read(get_assignment("ps2-descent").release_path()), path)
    assert main(["check", str(path)]) == 2
    assert "--assignment" in capsys.readouterr().err
    assert main(["check", str(path), "--assignment", "ps9-nothing"]) == 2
    assert "unknown assignment" in capsys.readouterr().err


def test_check_without_a_release_notebook_is_bad_usage(tmp_path, capsys):
    path = tmp_path / "descent.ipynb"
    nbformat.write(read(get_assignment("ps2-descent").release_path()), path)
    assert main(["check", str(path), "--course-dir", str(tmp_path)]) == 2
    assert "--course-dir" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "told"),
    [
        (b"{ this is not json", "descent.ipynb is not valid JSON"),
        (b"", "descent.ipynb is an empty file, not a Jupyter notebook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "descent.ipynb is a PNG image"),
        (b"PK\x03\x04\x14\x00", "descent.ipynb is a zip archive"),
        (b"import torch\ndef grad_descent(x, n, d=0.1):\n    return x\n", "a .py export"),
    ],
)
def test_a_file_that_is_not_a_notebook_gets_one_message_and_fails(tmp_path, capsys, content, told):
    path = tmp_path / "descent.ipynb"
    path.write_bytes(content)
    with pytest.raises(UnusableNotebook, match="descent.ipynb"):
        self_check(path, "ps2-descent")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr()
    assert told in out.err and out.err.count("\n") == 1 and "not answered" not in out.out


def test_another_assignments_notebook_is_named_and_fails(tmp_path, capsys):
    path = tmp_path / "descent.ipynb"  # ps1's notebook under ps2's name
    path.write_bytes(get_assignment("ps1-gradients").release_path().read_bytes())
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "this is ps1-gradients' notebook (gradients.ipynb)" in err
    assert "expects descent.ipynb" in err


# -- in the sandbox --------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", list(ASSIGNMENTS))
def test_the_blank_release_is_not_answered_yet(assignment_id):
    a = get_assignment(assignment_id)
    report = blank_report(assignment_id)
    assert [n.name for n in report.names] == list(a.graded_names)
    assert [n.status for n in report.names] == [Status.UNANSWERED] * len(a.graded_names)
    assert report.written_missing == list(a.manual_cells)
    summary = f"0 of {len(a.graded_names)} answered, 0 pass their visible checks"
    text = report.format()
    assert summary in text and REMINDER in text
    assert report.notes == []  # unanswered names do not also show up as failing cells
    assert_nothing_hidden(text)


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", list(ASSIGNMENTS))
def test_the_model_answers_pass_every_visible_check(assignment_id, tmp_module):
    a = get_assignment(assignment_id)
    report = model_report(assignment_id, tmp_module)
    failed = [(n.name, n.status, n.message) for n in report.names if n.status is not Status.PASS]
    assert failed == []
    assert report.written_missing == [] and report.notes == []
    text = report.format()
    n = len(a.graded_names)
    assert f"{n} of {n} answered, {n} pass their visible checks" in text
    assert "written answer" not in text
    assert_nothing_hidden(text)


@pytest.mark.slow
def test_a_wrong_answer_shows_the_visible_assertion_message(tampered):
    report, text = tampered
    by_name = {n.name: n for n in report.names}
    wrong = by_name["grad_quadratic_form"]
    assert wrong.status is Status.FAIL
    assert wrong.message.startswith("expected (0, -4), got tensor(")
    assert "\n" not in wrong.message
    assert "✗ grad_quadratic_form: expected (0, -4)" in text
    assert by_name["forward_df_dw"].status is Status.PASS
    assert "10 of 10 answered, 8 pass their visible checks" in text
    assert_nothing_hidden(text)


@pytest.mark.slow
def test_edited_or_deleted_test_cells_are_replaced_by_the_release(tampered):
    report, text = tampered
    by_name = {n.name: n for n in report.names}
    # its test cell was edited to always pass, yet the release's assert still fails
    assert by_name["grad_quadratic_form"].status is Status.FAIL
    # its test cell was deleted, yet the release's test cell still runs
    assert by_name["grad_factorization"].status is Status.FAIL
    assert "all good" not in text


@pytest.mark.slow
def test_a_constant_left_as_ellipsis_and_a_broken_answer_cell(tmp_path):
    nb = model_submission(
        "ps2-descent",
        {"STEPS_SCALED": "STEPS_SCALED = ...\n", "grad_descent": "def grad_descent(:\n"},
    )
    nb.cells.append(nbformat.v4.new_code_cell("undefined_helper()"))  # a scratch cell of theirs
    path = tmp_path / "descent.ipynb"
    nbformat.write(nb, path)
    report = self_check(path, "ps2-descent")
    by_name = {n.name: n for n in report.names}
    assert by_name["STEPS_SCALED"].status is Status.UNANSWERED
    broken = by_name["grad_descent"]
    assert broken.status is Status.FAIL and "SyntaxError" in broken.message
    assert any("NameError" in note and "undefined_helper" in note for note in report.notes)
    assert report.answered == len(report.names) - 1


@pytest.mark.slow
def test_an_error_inside_the_students_function_is_placed_in_their_cell_and_check_fails(
    tmp_path, capsys
):
    overflow = (
        "import math\n"
        "def grad_descent(x_start, n, delta=0.1):\n"
        "    x = float(x_start)\n"
        "    for _ in range(n):\n"
        "        x = x + delta * (x - math.exp(-x))\n"  # line 5: runs away, e^(-x) overflows
        "    return x\n"
    )
    path = tmp_path / "descent.ipynb"
    nbformat.write(model_submission("ps2-descent", {"grad_descent": overflow}), path)
    report = self_check(path, "ps2-descent")
    failed = {n.name: n for n in report.names}["grad_descent"]
    assert failed.status is Status.FAIL
    assert "OverflowError" in failed.message
    assert "(line 5 of your answer cell for grad_descent, called by the test cell)" in (
        failed.message
    )
    assert main(["check", str(path)]) == 1  # a visible check fails: CI sees it
    assert "✗ grad_descent" in capsys.readouterr().out
