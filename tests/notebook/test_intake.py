"""The way in for students' files (``autograder/notebook/intake.py``).

Any JSON-valid notebook is graded for what can be graded, with every cell that
could not be read named; a file that is not a notebook, or is another
assignment's notebook, gets one sentence. The fuzz tests mutate the release
notebooks' JSON structure (Hypothesis) and grade the results: reading never
crashes, and grading always completes with a results file.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.assignments import ASSIGNMENTS, get_assignment
from autograder.cli import main
from autograder.engine import cells_digest, student_cells
from autograder.notebook.cells import NotebookError, read_notebook
from autograder.notebook.intake import (
    WrongAssignment,
    belongs_to,
    check_assignment,
    load_submission,
    what_file,
)
from tests.checks.conftest import model_submission

RELEASE = {a: json.loads(get_assignment(a).release_path().read_text()) for a in ASSIGNMENTS}
SOURCE = {a: read_notebook(get_assignment(a).source_path()) for a in ASSIGNMENTS}


def mutated(assignment: str, change) -> str:
    raw = copy.deepcopy(RELEASE[assignment])
    change(raw)
    return json.dumps(raw)


def grade(path: Path, assignment: str, results: Path) -> int:
    """``python -m autograder grade`` as CI runs it; its exit status."""
    return main(
        ["grade", str(path), "--assignment", assignment, "--seed", "3", "--quiet",
         "--device", "cpu", "--allow-weaker-isolation", "--results", str(results)]
    )  # fmt: skip


def first_code(raw: dict) -> dict:
    return next(c for c in raw["cells"] if c["cell_type"] == "code")


def solution(raw: dict) -> dict:
    return next(c for c in raw["cells"] if c["metadata"].get("nbgrader", {}).get("solution"))


ODD = {
    "a code cell without a source key": (
        lambda r: first_code(r).pop("source"),
        "has no source: read as empty",
    ),
    "a numeric source": (
        lambda r: first_code(r).__setitem__("source", 42),
        "source is not text (it is a int)",
    ),
    "an unknown cell_type": (
        lambda r: first_code(r).__setitem__("cell_type", "widget"),
        "unknown type 'widget': kept as text, not run",
    ),
    "an integer grade_id": (
        lambda r: solution(r)["metadata"]["nbgrader"].__setitem__("grade_id", 7),
        "nbgrader metadata is malformed: dropped",
    ),
    "non-numeric points": (
        lambda r: solution(r)["metadata"]["nbgrader"].__setitem__("points", "ten"),
        "nbgrader metadata is malformed: dropped",
    ),
    "a cell that is a number": (lambda r: r["cells"].insert(3, 5), "is not a cell"),
    "metadata that is a list": (
        lambda r: first_code(r).__setitem__("metadata", []),
        "metadata is not a mapping",
    ),
    "tags of the wrong type": (
        lambda r: first_code(r)["metadata"].__setitem__("tags", 5),
        "breaks the notebook format: dropped",
    ),
    "no nbformat version": (lambda r: r.pop("nbformat"), None),
    "duplicate cell ids": (lambda r: [c.__setitem__("id", "same") for c in r["cells"]], None),
}


@pytest.mark.parametrize("case", list(ODD))
def test_an_odd_notebook_is_read_with_each_repair_named(case):
    change, told = ODD[case]
    submission = load_submission(mutated("ps2-descent", change))
    assert submission.notebook.nbformat == 4
    assert all(isinstance(c.source, str) for c in submission.notebook.cells)
    if told is None:
        assert submission.notes == []
    else:
        assert len(submission.notes) == 1 and told in submission.notes[0], submission.notes
    student_cells(submission.notebook, SOURCE["ps2-descent"])  # what the engine does next


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "an empty file"),
        (b"  \n", "an empty file"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff\xe0", "a JPEG image"),
        (b"%PDF-1.7", "a PDF document"),
        (b"PK\x03\x04", "a zip archive"),
        (b"<!DOCTYPE html><html>", "an HTML page"),
        (b'{"cells": []}', None),
    ],
)
def test_what_a_file_is_when_it_is_not_a_notebook(data, kind):
    assert what_file(data) == kind or (kind and what_file(data).startswith(kind))


@pytest.mark.parametrize(
    ("content", "told"),
    [
        (b"\x89PNG\r\n\x1a\n\x00", "descent.ipynb is a PNG image, not a Jupyter notebook"),
        (b"", "descent.ipynb is an empty file"),
        (b"\xff\xfe\x00\x01garbage", "is not a text file"),
        (b"[1, 2, 3]", "is JSON but not a Jupyter notebook"),
        (b'{"nbformat": 3, "cells": "nope"}', "is JSON but not a Jupyter notebook"),
        (b"def f(x):\n    return x\n", "looks like Python source"),
    ],
)
def test_a_file_that_is_no_notebook_is_one_sentence(tmp_path, content, told):
    path = tmp_path / "descent.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotebookError, match=told):
        load_submission(path)


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_every_notebook_is_recognised_as_its_own_assignments(assignment):
    a = get_assignment(assignment)
    for nb in (load_submission(a.release_path()).notebook, model_submission(assignment)):
        assert belongs_to(nb) is a
        check_assignment(nb, a)
        for other in ASSIGNMENTS.values():
            if other is not a:
                with pytest.raises(WrongAssignment, match=f"expects {other.filename}"):
                    check_assignment(nb, other)


def test_a_notebook_of_no_assignment_is_graded_as_it_is():
    nb = load_submission(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                     "cells": []})).notebook  # fmt: skip
    assert belongs_to(nb) is None
    check_assignment(nb, get_assignment("ps2-descent"))  # nothing defined: graded as blank


@pytest.mark.slow
def test_the_odd_notebooks_of_the_issue_grade_with_results_and_a_note(tmp_path, capsys):
    for i, case in enumerate(("a code cell without a source key", "an integer grade_id")):
        path, out = tmp_path / f"descent{i}.ipynb", tmp_path / f"r{i}.json"
        change, told = ODD[case]
        raw = json.loads(mutated("ps2-descent", change))
        path.write_text(json.dumps(raw))
        code = grade(path, "ps2-descent", out)
        assert code == 0, capsys.readouterr().err
        assert told in json.loads(out.read_text())["output"]


@pytest.mark.slow
def test_another_assignments_notebook_grades_zero_with_one_message(tmp_path):
    path, out = tmp_path / "descent.ipynb", tmp_path / "results.json"
    nbformat_text = json.dumps(model_submission("ps1-gradients"))
    path.write_text(nbformat_text)
    assert grade(path, "ps2-descent", out) == 0
    results = json.loads(out.read_text())
    assert results["score"] == 0
    assert (
        "This is ps1-gradients' notebook (gradients.ipynb); this assignment (ps2-descent) "
        "expects descent.ipynb" in results["output"]
    )
    assert "NotImplementedError" not in json.dumps(results)


# ----------------------------------------------------------------------------- fuzzing
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
CELL_KEYS = ("source", "cell_type", "metadata", "outputs", "execution_count", "id", "attachments")
NBGRADER_KEYS = ("grade_id", "points", "solution", "grade", "locked", "task", "schema_version")
MUTATION = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, 60), st.sampled_from(CELL_KEYS)),
    st.tuples(st.just("set"), st.integers(0, 60), st.sampled_from(CELL_KEYS), JSON),
    st.tuples(st.just("nbgrader"), st.integers(0, 60), st.sampled_from(NBGRADER_KEYS), JSON),
    st.tuples(
        st.just("type"),
        st.integers(0, 60),
        st.sampled_from(["code", "markdown", "raw", "heading", "", "Code"]),
    ),  # fmt: skip
    st.tuples(st.just("replace"), st.integers(0, 60), JSON),
    st.tuples(st.just("delete"), st.integers(0, 60)),
    st.tuples(st.just("duplicate"), st.integers(0, 60)),
    st.tuples(st.just("top"), st.sampled_from(["metadata", "nbformat", "nbformat_minor"]), JSON),
)


def apply(raw: dict, mutations: list) -> dict:
    """The notebook with each mutation applied to the cell it names (modulo the cell count)."""
    for kind, *args in mutations:
        cells = raw["cells"]
        if kind == "top":
            raw[args[0]] = args[1]
            continue
        if not cells:
            continue
        i = args[0] % len(cells)
        cell = cells[i]
        if kind == "delete":
            del cells[i]
        elif kind == "duplicate":
            cells.insert(i, copy.deepcopy(cell))
        elif kind == "replace":
            cells[i] = args[1]
        elif not isinstance(cell, dict):
            continue
        elif kind == "drop":
            cell.pop(args[1], None)
        elif kind == "set":
            cell[args[1]] = args[2]
        elif kind == "type":
            cell["cell_type"] = args[1]
        elif kind == "nbgrader" and isinstance(cell.get("metadata"), dict):
            meta = cell["metadata"].setdefault("nbgrader", {})
            if isinstance(meta, dict):
                meta[args[1]] = args[2]
    return raw


#: More examples with AUTOGRADER_FUZZ_EXAMPLES=N (the closing notes quote such runs).
EXAMPLES = int(os.environ.get("AUTOGRADER_FUZZ_EXAMPLES", "0"))


@settings(max_examples=EXAMPLES or 300, deadline=None, derandomize=not EXAMPLES)
@given(st.sampled_from(list(ASSIGNMENTS)), st.lists(MUTATION, min_size=1, max_size=6))
def test_reading_any_mutated_notebook_never_crashes(assignment, mutations):
    text = json.dumps(apply(copy.deepcopy(RELEASE[assignment]), mutations))
    try:
        submission = load_submission(text)
    except NotebookError as exc:
        assert str(exc)  # one sentence for the student
        return
    nb, source = submission.notebook, SOURCE[assignment]
    cells_digest(nb, source)
    try:
        check_assignment(nb, get_assignment(assignment))
    except WrongAssignment:
        pass


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES or 25,
    deadline=None,
    derandomize=not EXAMPLES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.sampled_from(list(ASSIGNMENTS)), st.lists(MUTATION, min_size=1, max_size=4))
def test_grading_any_mutated_notebook_completes_with_a_results_file(
    tmp_path, assignment, mutations
):
    path, out = tmp_path / "submission.ipynb", tmp_path / "results.json"
    out.unlink(missing_ok=True)
    raw = json.loads(json.dumps(model_submission(assignment)))  # answered: the checks run
    path.write_text(json.dumps(apply(raw, mutations)))
    assert grade(path, assignment, out) == 0
    results = json.loads(out.read_text())
    assert [t["name"] for t in results["tests"]] == list(get_assignment(assignment).graded_names)
    assert results["extra_data"]["assignment"] == assignment
    Path(out).unlink()
