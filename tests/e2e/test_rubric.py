"""Formgrader shows each written answer's rubric, and a copied notebook's id note.

ps3-critical-points graded on each student's own numbers: alice hands in her own
work (her id in ``STUDENT_ID``, her polynomial and lettering worked out), frank a
copy of alice's notebook. In formgrader's grading view the rubric of each written
answer, removed from the students' notebooks, stands right above the answer with
its points per criterion; frank's notebook opens with the note that it states
alice's id; the instructor report lists it.

Same browser and server as ``test_jupyterlab.py`` (its fixtures), another course.
Screenshots: ``formgrader-rubric.png``, ``formgrader-id-note.png`` and
``report-student-ids.png`` (copied to ``docs/screenshots/`` with
``AUTOGRADER_UPDATE_DOCS=1``).
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.notebook.cells import cells_by_grade_id, fill_solutions, read_notebook
from autograder.own_numbers import CLAIM_VARIABLE
from autograder.release import run_nbgrader
from tests.checks.conftest import own_answers
from tests.course import write_config
from tests.e2e import test_jupyterlab as shared

# The server, the browser and the screenshot folder of test_jupyterlab.py; its ``lab``
# serves this module's ``course``.
sync_playwright = shared.sync_playwright
lab = shared.lab
browser = shared.browser
context = shared.context
page = shared.page
screenshots = shared.screenshots

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

A = get_assignment("ps3-critical-points")
SEED = 20261121
STUDENTS = {"alice": ("Alice", "Adams"), "frank": ("Frank", "Fischer")}
DOCS = {
    "rubric.png": "formgrader-rubric.png",
    "id-note.png": "formgrader-id-note.png",
    "report-ids.png": "report-student-ids.png",
}


@pytest.fixture(scope="module")
def course(sync_playwright, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ps3 on each student's own numbers; frank hands in a copy of alice's notebook."""
    root = tmp_path_factory.mktemp("rubric-course")
    shutil.copytree(REPO_ROOT / "source" / A.id, root / "source" / A.id)
    write_config(root, SEED, own_numbers=True)
    run_nbgrader(root, "generate_assignment", A.id, "--force")
    release = read_notebook(root / "release" / A.id / A.filename)
    alice = fill_solutions(release, read_notebook(root / "source" / A.id / A.filename))
    cells = cells_by_grade_id(alice)
    for gid, code in own_answers(A.id, "alice").items():
        cells[gid].source = code
    cells["student-id"].source = f'{CLAIM_VARIABLE} = "alice"\n'
    for student, nb in (("alice", alice), ("frank", copy.deepcopy(alice))):
        folder = root / "submitted" / student / A.id
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / A.filename)
        (folder / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC\n")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student, (first, last) in STUDENTS.items():
            gb.update_or_create_student(student, first_name=first, last_name=last)
    run_nbgrader(root, "autograde", A.id, "--force")
    return root


def save(page, folder: Path, name: str) -> Path:
    path = folder / name
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    assert path.stat().st_size > 10_000, f"{name} looks empty"
    docs = REPO_ROOT / "docs" / "screenshots"
    if os.environ.get("AUTOGRADER_UPDATE_DOCS") == "1" and os.access(docs, os.W_OK):
        shutil.copyfile(path, docs / DOCS[name])
    return path


def open_submission(page, lab: str, student: str) -> None:
    page.goto(f"{lab}/formgrader/manage_students/{student}/{A.id}")
    page.locator("td a", has_text=A.notebook).click()
    page.wait_for_url(re.compile(r".*/formgrader/submissions/[0-9a-f]+/?$"))
    page.locator("input.score#explain_d2l4").wait_for()


def test_the_grading_view_shows_the_rubric_above_the_written_answer(page, lab, screenshots):
    open_submission(page, lab, "alice")
    answer = page.locator("div.cell", has=page.locator("input.score#explain_d2l4"))
    prompt = answer.locator("xpath=preceding-sibling::div[contains(@class, 'cell')][1]")
    text = prompt.inner_text()
    assert "Rubric for explain_d2l4 (2 points" in text, text
    for criterion in ("The restriction is computed", "The sign change", "The conclusion"):
        assert criterion in text
    assert "On the diagonal" in answer.inner_text()  # alice's answer, right below it
    assert "/ 2" in answer.inner_text()  # its points, to be given by hand
    prompt.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -70)")  # below formgrader's fixed navigation bar
    save(page, screenshots, "rubric.png")


def test_the_students_notebooks_have_no_rubric():
    text = A.release_path().read_text()
    assert "MARK SCHEME" not in text and "Rubric for" not in text


def test_a_copied_notebook_opens_with_a_note_for_the_instructor(page, lab, screenshots):
    open_submission(page, lab, "frank")
    body = " ".join(page.locator("body").inner_text().split())  # the note is wrapped
    assert "this notebook states STUDENT_ID = 'alice', but it was handed in by 'frank'" in body
    assert "for the student id it states ('alice')" in body  # the copied answers, named
    note = page.get_by_text("Grader notes:").first
    note.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -120)")
    save(page, screenshots, "id-note.png")


def test_the_report_lists_the_copied_notebook(page, lab, course, screenshots):
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "report", A.id, "--course-dir", str(course)],
        capture_output=True,
        text=True,
        cwd=course,
    )
    assert proc.returncode == 0, proc.stderr
    page.goto(f"{lab}/files/reports/{A.id}/index.html", referer=f"{lab}/lab")
    section = page.locator("h2#student-ids")
    section.wait_for()
    table = page.locator("h2#student-ids ~ table").first
    rows = table.locator("tr").all_inner_texts()
    assert any("frank" in r and "alice" in r and "differs" in r for r in rows), rows
    assert not any(r.startswith("alice") for r in rows), rows
    section.evaluate("el => el.scrollIntoView({block: 'start'})")
    save(page, screenshots, "report-ids.png")
