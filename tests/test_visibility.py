"""What a student may see of the hidden checks, and when (``autograder/visibility.py``).

Before the due date a wrong submission's feedback (results.json for Gradescope's
students, and nbgrader's feedback page) holds none of the hidden checks'
expected answers or inputs; after it, it does; the instructor's record always does.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from autograder.reporters import results_json_text
from autograder.visibility import (
    CHOICE,
    DEFAULT,
    Stage,
    Visibility,
    parse_due_date,
    student_stage,
)
from tests.checks.conftest import grade_submission, model_submission

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_each_stage_shows_what_its_rank_allows():
    assert Stage.BEFORE_DUE.shows(Visibility.VISIBLE)
    assert not Stage.BEFORE_DUE.shows(Visibility.AFTER_DUE_DATE)
    assert Stage.AFTER_DUE.shows(Visibility.AFTER_DUE_DATE)
    assert not Stage.AFTER_DUE.shows(Visibility.AFTER_PUBLISHED)
    assert Stage.PUBLISHED.shows(Visibility.AFTER_PUBLISHED)
    assert not Stage.PUBLISHED.shows(Visibility.HIDDEN) and Stage.INSTRUCTOR.shows(
        Visibility.HIDDEN
    )
    assert DEFAULT.details() is Visibility.AFTER_DUE_DATE
    assert CHOICE.score is Visibility.AFTER_DUE_DATE and CHOICE.mistake is Visibility.AFTER_DUE_DATE


def test_the_stage_comes_from_the_due_date_and_an_unknown_one_counts_as_before_it():
    assert student_stage(None, now=NOW) is Stage.BEFORE_DUE
    assert student_stage(None, published=True, now=NOW) is Stage.BEFORE_DUE
    assert student_stage(NOW + timedelta(hours=1), now=NOW) is Stage.BEFORE_DUE
    assert student_stage(NOW - timedelta(seconds=1), now=NOW) is Stage.AFTER_DUE
    assert student_stage(NOW - timedelta(days=1), published=True, now=NOW) is Stage.PUBLISHED
    assert student_stage(datetime(2026, 12, 3, 11, 0), now=NOW) is Stage.AFTER_DUE  # naive: UTC
    assert parse_due_date("2026-12-03T12:00:00Z") == NOW
    assert parse_due_date("2026-12-03 13:00:00+01:00") == NOW
    assert parse_due_date("") is None


# ------------------------------------------------------------------- what is hidden
WRONG = {
    "ps2-descent": {
        "STEPS_SCALED": "STEPS_SCALED = [(-5.0, 1.0), (14.0, 6.0)]\n",  # the δ = 1 steps
        "grad_descent": (
            "import math\n"
            "def grad_descent(x_start, n, delta=0.1):\n"
            "    x = float(x_start)\n"
            "    for _ in range(n):\n"
            "        x = x - delta * (x + math.exp(-x))\n"  # d/dx e^(-x) taken as e^(-x)
            "    return x\n"
        ),
    },
    "ps4-backprop": {
        "grad_quadratic_form": "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"
    },
}
#: What a full message shows of the hidden check: the expected answer, the inputs' values.
EXPECTED = re.compile(r"expected (tensor\([^)]*\)|-?[\d.]+(?:e-?\d+)?)")
CALL = re.compile(r"\b(grad_descent|grad_quadratic_form)\((tensor\([^)]*\)|[-\d.]+)")


@pytest.fixture(scope="module", params=list(WRONG))
def wrong(request):
    return grade_submission(request.param, WRONG[request.param], seed=5)


def secrets_of(result) -> set[str]:
    """The expected answers and input values the instructor's messages show."""
    found = set()
    for entry in result.names:
        for check in entry.checks:
            found.update(m.group(1) for m in EXPECTED.finditer(check.message))
            found.update(m.group(2) for m in CALL.finditer(check.message))
    return {s for s in found if len(s) > 2}  # "0" or "1" alone would match anywhere


@pytest.mark.slow
def test_before_the_due_date_the_results_hold_no_expected_answer_and_no_hidden_input(wrong):
    secrets = secrets_of(wrong)
    assert secrets, "the full messages must show something to hide"
    instructor = results_json_text(wrong, Stage.INSTRUCTOR)
    before = results_json_text(wrong, Stage.BEFORE_DUE)
    after = results_json_text(wrong, Stage.AFTER_DUE)
    for secret in secrets:
        assert secret in instructor and secret in after, secret
        assert secret not in before, secret
    student = json.loads(before)
    assert "feedback_views" not in student["extra_data"]  # only the instructor's record has them
    lost = [t for t in student["tests"] if t["score"] < t["max_score"]]
    assert lost and all("This looks like" in t["output"] or t["output"] for t in lost)
    # the same scores wherever it is read
    assert [t["score"] for t in student["tests"]] == [
        t["score"] for t in json.loads(instructor)["tests"]
    ]


@pytest.mark.slow
def test_before_the_due_date_a_named_mistake_is_still_told(wrong):
    before = json.loads(results_json_text(wrong, Stage.BEFORE_DUE))
    told = " ".join(t["output"] for t in before["tests"])
    named = [m for n in wrong.names for m in n.misconceptions]
    assert named and any(m in told for m in named)
    assert "a float32 tensor of shape" in told or "STEPS_SCALED" in told  # what was called


@pytest.mark.slow
def test_a_student_exception_message_is_left_out_before_the_due_date():
    leaky = {
        "grad_quadratic_form": (
            "def grad_quadratic_form(A, x):\n"
            "    raise ValueError(f'the hidden input is {A.tolist()} and {x.tolist()}')\n"
        )
    }
    result = grade_submission("ps4-backprop", leaky, seed=5)

    def told(stage):  # (the notebook's own cells call it too: their notes are not hidden)
        return " ".join(t["output"] for t in json.loads(results_json_text(result, stage))["tests"])

    assert "ValueError" in told(Stage.BEFORE_DUE)
    assert "the hidden input is" not in told(Stage.BEFORE_DUE)
    assert "the hidden input is" in told(Stage.INSTRUCTOR)


@pytest.mark.slow
def test_the_model_answers_read_the_same_at_every_stage():
    result = grade_submission("ps4-backprop", seed=5)
    texts = {s: json.loads(results_json_text(result, s))["tests"] for s in Stage}
    assert len({json.dumps(t) for t in texts.values()}) == 1
    assert json.dumps(model_submission("ps4-backprop"))  # (the notebook the result came from)


@pytest.mark.slow
def test_a_multiple_choice_shows_neither_score_nor_mistake_before_the_due_date():
    result = grade_submission("ps3-critical-points", {"D2L5_CHOICE": 'D2L5_CHOICE = "c"\n'}, seed=5)
    entry = result.by_name()["D2L5_CHOICE"]
    assert entry.score == 0 and entry.misconceptions  # the instructor sees it all
    before = json.loads(results_json_text(result, Stage.BEFORE_DUE))
    test = next(t for t in before["tests"] if t["name"] == "D2L5_CHOICE")
    assert test["visibility"] == "after_due_date"  # Gradescope holds the score back too
    assert "shown after the due date" in test["output"]
    assert not any(m in test["output"] for m in entry.misconceptions)
    assert "This looks like" in entry.feedback_at(Stage.AFTER_DUE)
