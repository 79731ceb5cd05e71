"""A small nbgrader course for tests: release, submissions, autograde, feedback.

``build_course(root, "ps2-descent", {"alice": nb, "bob": nb})`` copies the
instructor's notebook and ``nbgrader_config.py`` (with a fixed seed, the CPU,
and this host's best isolation accepted), generates the release, writes each
student's answers into a copy of the release notebook (so nbgrader's
checksums and ids are the release's), and runs ``nbgrader autograde``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.notebook.cells import cells_by_grade_id
from autograder.release import run_nbgrader


def write_config(root: Path, seed: int | None, extra: str = "", own_numbers: bool = False) -> None:
    """The repository's config plus a fixed seed (None: the course records one), the CPU
    and this host's isolation.

    ``own_numbers`` stays off unless asked for: the submissions the tests build carry
    the model answers, which are those of the published numbers (as graded without
    student ids).
    """
    config = (REPO_ROOT / "nbgrader_config.py").read_text()
    if seed is not None:
        config += f"\nc.Grader.seed = {seed}"
    config += "\nc.Grader.device = 'cpu'\n"
    config += f"c.Grader.own_numbers = {own_numbers}\n"
    config += "c.Grader.allow_weaker_isolation = True\n" + extra
    (root / "nbgrader_config.py").write_text(config)


def as_submission(
    release: nbformat.NotebookNode, answers: nbformat.NotebookNode, names: tuple[str, ...]
) -> nbformat.NotebookNode:
    """The release notebook with the code of ``answers``' cells for the graded ``names``."""
    cells = cells_by_grade_id(answers)
    nb = nbformat.from_dict(release)
    for gid, cell in cells_by_grade_id(nb).items():
        if gid in cells and gid in names and cell.cell_type == "code":
            cell.source = cells[gid].source
    return nb


def build_course(
    root: Path,
    assignment_id: str,
    students: dict,
    seed: int | None = 7,
    feedback: bool = False,
    extra_config: str = "",
    own_numbers: bool = False,
) -> Path:
    """Generate, submit, autograde (and optionally generate feedback) in ``root``.

    ``students`` maps a student id to a notebook of answers (e.g. from
    ``tests.checks.conftest.model_submission``), or to a callable that turns the
    release notebook into the submission (for tampering).
    """
    a = get_assignment(assignment_id)
    shutil.copytree(REPO_ROOT / "source" / a.id, root / "source" / a.id)
    write_config(root, seed, extra_config, own_numbers)
    run_nbgrader(root, "generate_assignment", a.id, "--force")
    release = nbformat.read(root / "release" / a.id / a.filename, as_version=4)
    for student, answers in students.items():
        nb = (
            answers(release)
            if callable(answers)
            else as_submission(release, answers, a.graded_names)
        )
        folder = root / "submitted" / student / a.id
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / a.filename)
    run_nbgrader(root, "autograde", a.id, "--force")
    if feedback:
        run_nbgrader(root, "generate_feedback", a.id, "--force")
    return root


def gradebook_scores(root: Path, assignment_id: str, student: str) -> dict[str, float]:
    """Autograded score per graded name (test cell id without ``test_``) from the gradebook."""
    from nbgrader.api import Gradebook

    a = get_assignment(assignment_id)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(a.notebook, a.id, student)
        return {g.name.removeprefix("test_"): g.auto_score for g in nb.grades}
