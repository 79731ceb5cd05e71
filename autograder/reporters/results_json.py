"""results.json in Gradescope's autograder schema.

One entry in ``tests`` per graded name (``name``, ``score``, ``max_score``,
``output``), the total ``score``, and the run's reproducibility data in
``extra_data`` (with ``id_check``: the student id the notebook states against
the submitter's, for the instructor report). Nothing time-dependent is
written, so the same submission and seed give byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..results import GradingResult, NameResult
from ..visibility import STUDENT_STAGES, Stage, Visibility


def to_gradescope(result: GradingResult, stage: Stage = Stage.INSTRUCTOR) -> dict:
    """The Gradescope results dict for one graded notebook, as ``stage`` may read it.

    ``Stage.INSTRUCTOR`` (the record beside the autograded notebook, and ``grade``
    for CI) holds every message in full, and in ``extra_data.feedback_views`` what
    a student may read before the due date, after it and once grades are
    published, for the nbgrader feedback to show the right one. A student stage
    (Gradescope's ``run_autograder``) holds only what that stage may show, and
    each test's ``visibility`` is its score's (Gradescope holds back a multiple
    choice's score until its own due date).
    """
    tests = [
        {
            "name": entry.name,
            "score": entry.score,
            "max_score": entry.max_score,
            "output": entry.feedback_at(stage),
            "visibility": str(_score_visibility(entry)),
        }
        for entry in result.names
    ]
    output = f"{result.assignment}: {result.score:g} / {result.max_score:g} points."
    if result.notes:
        output += "\n" + "\n".join(result.notes)
    if result.device_note:
        output += "\n" + result.device_note
    return {
        "score": result.score,
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "assignment": result.assignment,
            "notebook": result.notebook,
            "student": result.student,
            "seed": result.seed,
            "student_seed": result.student_seed,
            "device": result.device,
            "device_rule": result.device_rule,
            "misconceptions": {n.name: n.misconceptions for n in result.names if n.misconceptions},
            "incidents": result.incidents,
            "id_check": _id_check(result),
            **({"feedback_views": feedback_views(result)} if stage is Stage.INSTRUCTOR else {}),
        },
    }


def _score_visibility(entry: NameResult) -> Visibility:
    """When a name's score may be shown: the latest of its checks' score visibility."""
    return max(
        (c.policy.score for c in entry.checks), key=lambda v: v.rank, default=Visibility.VISIBLE
    )


def feedback_views(result: GradingResult) -> dict:
    """Per student stage: each name's feedback as that stage may read it, and the names whose
    score it may not show (the nbgrader feedback page reads these)."""
    views = {}
    for visibility, stage in STUDENT_STAGES.items():
        views[str(visibility)] = {
            "feedback": {n.name: n.feedback_at(stage) for n in result.names},
            "score_hidden": [n.name for n in result.names if not n.score_shown(stage)],
        }
    return views


def _id_check(result: GradingResult) -> dict | None:
    """The notebook's STUDENT_ID against the submitter's id (None where nothing is drawn)."""
    check = result.id_check
    if check is None:
        return None
    return {
        "submitter": check.submitter,
        "claimed": check.claimed,
        "status": check.status,
        "detail": check.detail,
    }


def results_json_text(result: GradingResult, stage: Stage = Stage.INSTRUCTOR) -> str:
    """:func:`to_gradescope` as indented, key-stable JSON text (what every path writes)."""
    return json.dumps(to_gradescope(result, stage), indent=2, ensure_ascii=False) + "\n"


def write_results_json(
    result: GradingResult, path: str | Path, stage: Stage = Stage.INSTRUCTOR
) -> None:
    """Write :func:`results_json_text` to ``path``, whole or not at all."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(results_json_text(result, stage), encoding="utf-8")
    tmp.replace(path)
