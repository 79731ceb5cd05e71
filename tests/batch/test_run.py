"""``python -m autograder autograde``: same records as nbgrader, every path the same scores.

One small ps4 course (fast to grade) with a submission of every kind: the model
answers, a wrong answer (2Ax), the blank release, an unreadable file, one that
hangs in a cell, one that kills its process in a cell, and a late one. It is
graded serially, by local workers, by a Dask cluster on loopback and by stock
``nbgrader autograde`` with our preprocessor, and on PostgreSQL.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.batch.record import stamp_path
from autograder.release import run_nbgrader
from tests.checks.conftest import model_submission
from tests.course import as_submission, write_config

pytestmark = pytest.mark.slow

A = get_assignment("ps4-backprop")
FULL = 24.0  # ps4-backprop's autograded points (the contract's additions included)
DUE = "2026-11-20 12:00:00"
ON_TIME, LATE = "2026-11-20 11:00:00.000000 UTC", "2026-11-21 12:00:00.000000 UTC"
TWO_AX = "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"
#: student → (what they hand in, expected total score, timestamp)
STUDENTS = {
    "model": ("model", FULL),
    "twoax": ({"grad_quadratic_form": TWO_AX}, FULL - 2),
    "blank": ("blank", 0.0),
    "unreadable": ("{not json", 0.0),
    "hangs": ({"grad_factorization": "while True:\n    pass\n"}, FULL - 2),
    "crashes": ({"grad_quadratic_form": "import os\nos._exit(3)\n"}, FULL - 2),
    "late": ("model", FULL),
}
EXTRA_CONFIG = (
    "c.Grader.cell_timeout = 3.0\n"
    "c.Grader.call_timeout = 3.0\n"
    "c.LateSubmissionPlugin.penalty_method = 'zero'\n"
)


def _write(root: Path, student: str, what, release) -> None:
    folder = root / "submitted" / student / A.id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text(LATE if student == "late" else ON_TIME)
    if isinstance(what, str) and what not in ("model", "blank"):
        (folder / A.filename).write_text(what)
        return
    if what == "blank":
        nb = release
    else:
        nb = as_submission(
            release, model_submission(A.id, None if what == "model" else what), A.graded_names
        )
    nbformat.write(nb, folder / A.filename)


def build(root: Path, db_url: str | None = None) -> Path:
    """The course with every kind of submission, the assignment due at DUE."""
    from nbgrader.api import Gradebook

    shutil.copytree(REPO_ROOT / "source" / A.id, root / "source" / A.id)
    extra = EXTRA_CONFIG + (f"c.CourseDirectory.db_url = {db_url!r}\n" if db_url else "")
    write_config(root, seed=11, extra=extra)
    run_nbgrader(root, "generate_assignment", A.id, "--force")
    with Gradebook(db_url or f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment(A.id, duedate=datetime.fromisoformat(DUE))
    release = nbformat.read(root / "release" / A.id / A.filename, as_version=4)
    for student, (what, _) in STUDENTS.items():
        _write(root, student, what, release)
    return root


def autograde(root: Path, *args: str, assignments=(A.id,)) -> tuple[int, dict, str]:
    """Run the CLI as a user would; returns (exit status, --json summary, stderr)."""
    out = root / "summary.json"
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "autograde", *assignments, "--course-dir",
         str(root), "--json", str(out), "--no-progress", *args],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    summary = json.loads(out.read_text()) if out.exists() else {}
    return proc.returncode, summary, proc.stdout + proc.stderr


def gradebook(db_url: str) -> dict[str, dict]:
    """Per student: every grade cell's auto score and review flag, every auto comment,
    the total and the late penalty."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        out = {}
        for sub in gb.assignment_submissions(A.id):
            nb = sub.notebooks[0]
            out[sub.student.id] = {
                "cells": {g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades},
                "comments": {c.name: c.auto_comment for c in nb.comments},
                "score": sub.score,
                "late_penalty": sub.late_submission_penalty,
            }
        return out


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> tuple[Path, dict, dict]:
    root = build(tmp_path_factory.mktemp("serial"))
    code, summary, log = autograde(root, "--workers", "1")
    assert code == 0, log
    return root, summary, gradebook(f"sqlite:///{root / 'gradebook.db'}")


def test_workers_preload_the_pictures_of_an_assignment_that_has_them():
    from types import SimpleNamespace

    from autograder.batch import run

    def tasks(*ids):
        return [(SimpleNamespace(assignment_id=i), None) for i in ids]

    assert run.worker_modules(tasks("ps1-gradients", "ps4-backprop")) == run.PRELOAD
    pictures = get_assignment("ps2-descent").pictures
    assert run.worker_modules(tasks("ps1-gradients", "ps2-descent", "ps2-descent")) == (
        *run.PRELOAD,
        pictures,
        *run.PICTURES,
    )


def test_every_kind_of_submission_is_graded_with_its_score(serial):
    root, summary, book = serial
    assert summary["failed"] == 0 and summary["graded"] == len(STUDENTS)
    for student, (_, expected) in STUDENTS.items():
        assert book[student]["score"] == pytest.approx(expected), student
    assert book["late"]["late_penalty"] == pytest.approx(FULL)  # penalty "zero": all of it
    assert book["model"]["late_penalty"] == 0
    # the unreadable notebook: zero, with the reason beside it, and the file left as it was
    results = json.loads(
        (root / "autograded/unreadable" / A.id / f"{A.notebook}.results.json").read_text()
    )
    assert "not valid JSON" in json.dumps(results)
    assert results["score"] == 0  # of the assignment's full points, not of 0
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(FULL)
    unreadable = next(o for o in summary["submissions"] if o["student"] == "unreadable")
    assert unreadable["max_score"] == pytest.approx(FULL)
    assert (root / "submitted/unreadable" / A.id / A.filename).read_text() == "{not json"
    assert sorted(p.name for p in (root / "autograded/unreadable" / A.id).iterdir()) == [
        A.filename,
        f"{A.notebook}.results.json",
        "timestamp.txt",
    ]
    hangs = next(o for o in summary["submissions"] if o["student"] == "hangs")
    assert any("time limit" in i for i in hangs["incidents"])
    for o in summary["submissions"]:  # each submission's time: grading plus recording
        assert o["assignment"] == A.id and o["grade_s"] > 0 and o["record_s"] > 0
        assert o["seconds"] == pytest.approx(o["grade_s"] + o["record_s"], abs=0.002)


def test_local_workers_and_dask_give_identical_scores(serial, tmp_path):
    from distributed import LocalCluster

    _, _, expected = serial
    parallel = build(tmp_path / "parallel")
    code, summary, log = autograde(parallel, "--workers", "2")
    assert code == 0, log
    assert summary["workers"] == 2
    assert gradebook(f"sqlite:///{parallel / 'gradebook.db'}") == expected
    assert len({o["worker"] for o in summary["submissions"]}) == 2  # both workers graded
    remote = build(tmp_path / "dask")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        code, summary, log = autograde(remote, "--scheduler", cluster.scheduler_address)
    assert code == 0, log
    assert summary["scheduler"].startswith("tcp://127.0.0.1:")
    assert gradebook(f"sqlite:///{remote / 'gradebook.db'}") == expected


def test_several_assignments_share_one_run(serial, tmp_path):
    from nbgrader.api import Gradebook

    _, _, expected = serial
    root = build(tmp_path / "two")
    b = get_assignment("ps1-gradients")
    shutil.copytree(REPO_ROOT / "source" / b.id, root / "source" / b.id)
    run_nbgrader(root, "generate_assignment", b.id, "--force")
    release = nbformat.read(root / "release" / b.id / b.filename, as_version=4)
    answers = {"model": None, "only_ps1": {"LSE_GRAD_SUM": "LSE_GRAD_SUM = 2\n"}}
    for student, changes in answers.items():
        folder = root / "submitted" / student / b.id
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text(ON_TIME)
        nb = as_submission(release, model_submission(b.id, changes), b.graded_names)
        nbformat.write(nb, folder / b.filename)
    code, summary, log = autograde(root, "--workers", "2", assignments=(A.id, b.id))
    assert code == 0, log
    assert summary["assignments"] == [A.id, b.id] and set(summary["seeds"]) == {A.id, b.id}
    assert summary["graded"] == len(STUDENTS) + len(answers)
    assert gradebook(f"sqlite:///{root / 'gradebook.db'}") == expected  # ps4 as alone
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        model, wrong = (gb.find_submission(b.id, s) for s in answers)
        # autograded points only (ps1 also has a manually graded answer)
        assert model.code_score == model.max_code_score > 0
        assert wrong.code_score == model.max_code_score - 1  # LSE_GRAD_SUM: one point
    assert f"{A.id} (seed 11): {len(STUDENTS)} graded" in log
    assert f"{b.id} (seed 11): {len(answers)} graded" in log


def test_same_records_and_notebooks_as_nbgrader_autograde(serial, tmp_path):
    root, _, batch = serial
    stock = build(tmp_path / "stock")
    shutil.rmtree(stock / "submitted" / "unreadable")  # nbgrader itself cannot read it
    run_nbgrader(stock, "autograde", A.id, "--force")
    by_nbgrader = gradebook(f"sqlite:///{stock / 'gradebook.db'}")
    assert by_nbgrader == {s: v for s, v in batch.items() if s != "unreadable"}
    for student in by_nbgrader:
        ours = nbformat.read(root / "autograded" / student / A.id / A.filename, as_version=4)
        theirs = nbformat.read(stock / "autograded" / student / A.id / A.filename, as_version=4)
        assert [c.get("outputs") for c in ours.cells] == [c.get("outputs") for c in theirs.cells]


def test_rerun_grades_only_what_changed(serial, tmp_path):
    root = tmp_path / "rerun"
    shutil.copytree(serial[0], root)
    code, summary, _ = autograde(root, "--workers", "1")
    assert code == 0 and summary["graded"] == 0 and summary["unchanged"] == len(STUDENTS)
    # the blank student hands in the model answers: only they are graded again
    release = nbformat.read(root / "release" / A.id / A.filename, as_version=4)
    _write(root, "blank", "model", release)
    code, summary, _ = autograde(root, "--workers", "1")
    assert [o["student"] for o in summary["submissions"] if o["status"] == "graded"] == ["blank"]
    assert gradebook(f"sqlite:///{root / 'gradebook.db'}")["blank"]["score"] == FULL
    code, summary, _ = autograde(root, "--workers", "1", "--force", "--student", "model")
    assert [o["student"] for o in summary["submissions"]] == ["model"]


def test_parallel_batches_on_postgresql_lose_and_double_nothing(serial, postgres, tmp_path):
    _, _, expected = serial
    url = postgres.new_database("batch")
    root = build(tmp_path / "pg", db_url=url)
    code, _, log = autograde(root, "--workers", "2")
    assert code == 0, log
    assert gradebook(url) == expected
    # two more batches at once on the same gradebook (two instructors): still one row each
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "autograder",
                "autograde",
                A.id,
                "--course-dir",
                str(root),
                "--workers",
                "2",
                "--force",
                "--no-progress",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for proc in runs:
        out, _ = proc.communicate(timeout=900)
        assert proc.returncode == 0, out
    assert gradebook(url) == expected
    with postgres.connect("batch") as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*), count(DISTINCT (notebook_id, cell_id)) FROM grade")
        rows, distinct = cur.fetchone()
    cells = len(next(iter(expected.values()))["cells"])
    assert rows == distinct == len(STUDENTS) * cells


def test_nbgrader_sanitises_once_and_the_summary_reports_what_it_recorded(tmp_path, monkeypatch):
    """A batch's worker grades the notebook as handed in (cell roles from the instructor,
    nothing overwritten); nbgrader sanitises it once, when recording, and uses the
    worker's grade only where its sanitised notebook runs the same cells. A student who
    edited a locked cell (here: one that redefines their answer wrongly) is graded again
    on what nbgrader restored and gets what ``nbgrader autograde`` gives; the batch's
    summary reports that grade, the one in the gradebook, not the worker's."""
    from autograder.batch.run import autograde as batch
    from autograder.config import Grader, load_config
    from autograder.nbgrader import preprocessor

    root = tmp_path / "course"
    root.mkdir()
    shutil.copytree(REPO_ROOT / "source" / A.id, root / "source" / A.id)
    write_config(root, seed=11, extra=EXTRA_CONFIG)
    run_nbgrader(root, "generate_assignment", A.id, "--force")
    release = nbformat.read(root / "release" / A.id / A.filename, as_version=4)
    for student in ("honest", "edited"):
        _write(root, student, "model", release)
    path = root / "submitted" / "edited" / A.id / A.filename
    edited = nbformat.read(path, as_version=4)
    (locked,) = [c for c in edited.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                 == "intro-quadratic-check"]  # fmt: skip
    locked.source += "\n\n" + TWO_AX  # locked, after the student's answer: undone by nbgrader
    nbformat.write(edited, path)

    graded_again = []
    regrade = preprocessor.SandboxedGrade._grade

    def spy(self, nb, assignment_id, student_id, *args):
        graded_again.append(student_id)
        return regrade(self, nb, assignment_id, student_id, *args)

    monkeypatch.setattr(preprocessor.SandboxedGrade, "_grade", spy)
    monkeypatch.chdir(root)  # (the serial batch works in the course, as nbgrader does)
    options = Grader(config=load_config(root / "nbgrader_config.py"))
    summary = batch(root, [A.id], options, workers=1, progress=False)
    assert summary.exit_status == 0
    assert graded_again == ["edited"]  # the honest one: the worker's grade, used as it came
    scores = {s: v["score"] for s, v in gradebook(f"sqlite:///{root / 'gradebook.db'}").items()}
    assert scores == {"honest": FULL, "edited": FULL}
    assert {o.student: o.score for o in summary.outcomes} == scores
    stamp = json.loads(stamp_path(root, A.id, "edited").read_text())
    assert stamp["score"] == FULL


def test_a_batch_with_nothing_to_grade_still_removes_what_killed_runs_left(serial, tmp_path):
    """A batch killed with kill -9 after its last record leaves its work folder and
    scratch behind; the next run finds nothing to grade and must still remove them (the
    fault suite found one left)."""
    import tempfile

    from tests.sandbox.test_leftovers import dead_owner_tag

    root = tmp_path / "again"
    shutil.copytree(serial[0], root)
    tag = dead_owner_tag()
    work = root / ".autograder" / "work" / f"run-{tag}-x1"
    (work / "submitted").mkdir(parents=True)
    (work / "submitted" / "copy.ipynb").write_text("{}")
    (work / "submitted" / "copy.ipynb").chmod(0o444)  # (nbgrader write-protects its files)
    scratch = Path(tempfile.gettempdir()) / f"autograder-scratch-{tag}-x1"
    scratch.mkdir()
    code, summary, log = autograde(root, "--workers", "1")
    assert code == 0 and summary["graded"] == 0 and summary["unchanged"] == len(STUDENTS), log
    assert not work.exists() and not scratch.exists()
