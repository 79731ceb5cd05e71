"""BatchedSaveAutoGrades writes exactly what nbgrader's SaveAutoGrades writes."""

from __future__ import annotations

import shutil

import pytest
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import SaveAutoGrades

from autograder.nbgrader.save_grades import BatchedSaveAutoGrades
from tests.gradebook import NB, STUDENT, A, make_gradebook, submitted

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's own


@pytest.fixture
def book(tmp_path, alembic_on_path):
    return make_gradebook(tmp_path)


def save(preprocessor, db, nb) -> dict:
    url = f"sqlite:///{db}"
    resources = {"nbgrader": {"notebook": NB, "assignment": A, "student": STUDENT, "db_url": url}}
    preprocessor.preprocess(nb, resources)
    with Gradebook(url) as gb:
        sub = gb.find_submission_notebook(NB, A, STUDENT)
        return {
            "grades": {
                g.name: (g.auto_score, g.manual_score, g.needs_manual_grade) for g in sub.grades
            },
            "comments": {c.name: c.auto_comment for c in sub.comments},
        }


def test_same_grades_and_comments_as_nbgrader(book, tmp_path):
    stock = shutil.copy(book, tmp_path / "stock.db")
    theirs = save(SaveAutoGrades(), stock, submitted())
    ours = save(BatchedSaveAutoGrades(), book, submitted())
    assert ours == theirs
    # and they are the rules we mean (so a change to both would not go unseen)
    assert ours["grades"] == {
        "test_partial": (1.5, None, False),
        "test_error": (0.0, None, False),
        "test_full": (1.0, None, False),
        "test_reviewed": (1.0, 0.5, True),  # a manual score: review it
        "essay": (None, None, True),  # written answer: graded by hand
        "essay_blank": (0.0, None, False),  # left as released: zero, nothing to review
        "task": (None, None, True),
    }
    assert ours["comments"] == {
        "answer": None,
        "left_blank": "No response.",
        "essay": None,
        "essay_blank": "No response.",
        "task": None,  # a task is never "No response."
    }


def test_saving_again_updates_the_same_rows(book):
    first = save(BatchedSaveAutoGrades(), book, submitted())
    nb = submitted()
    nb.cells[3].outputs = []  # the error fixed: full marks now
    again = save(BatchedSaveAutoGrades(), book, nb)
    assert again["grades"]["test_error"] == (1.0, None, False)
    assert {k: v for k, v in again["grades"].items() if k != "test_error"} == {
        k: v for k, v in first["grades"].items() if k != "test_error"
    }


def test_a_cell_missing_from_the_gradebook_fails_as_in_nbgrader(book, tmp_path):
    stock = shutil.copy(book, tmp_path / "stock.db")
    for preprocessor, db in ((SaveAutoGrades(), stock), (BatchedSaveAutoGrades(), book)):
        nb = submitted()
        nb.cells[2].metadata["nbgrader"]["grade_id"] = "test_unknown"
        with pytest.raises(MissingEntry):
            save(preprocessor, db, nb)
