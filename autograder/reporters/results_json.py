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

from ..results import GradingResult


def to_gradescope(result: GradingResult) -> dict:
    """The Gradescope results dict for one graded notebook."""
    tests = [
        {
            "name": entry.name,
            "score": entry.score,
            "max_score": entry.max_score,
            "output": entry.feedback,
            "visibility": "visible",
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
        },
    }


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


def results_json_text(result: GradingResult) -> str:
    """:func:`to_gradescope` as indented, key-stable JSON text (what every path writes)."""
    return json.dumps(to_gradescope(result), indent=2, ensure_ascii=False) + "\n"


def write_results_json(result: GradingResult, path: str | Path) -> None:
    """Write :func:`results_json_text` to ``path``, whole or not at all."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(results_json_text(result), encoding="utf-8")
    tmp.replace(path)
