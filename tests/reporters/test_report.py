"""The instructor report: HTML page, charts and Canvas-style grades.csv from a course.

Most tests build a small course directly with nbgrader's Gradebook API and
hand-written results files (fast, exact numbers); one slow test runs the real
``nbgrader autograde`` and the ``report`` command end to end.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import pytest

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.release import nbgrader_env
from autograder.reporters.report import (
    ReportError,
    build_report,
    course_settings,
    grades_csv_rows,
    run_report,
)
from tests.checks.conftest import model_submission
from tests.course import build_course

# nbgrader's own add_submission triggers SQLAlchemy autoflush warnings; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore:Object of type:sqlalchemy.exc.SAWarning")
A = get_assignment("ps2-descent")
POINTS = {
    "STEPS_SCALED": 1,
    "STEPS_UNSCALED": 1,
    "grad_descent": 2,
    "multi_grad_descent": 2,
    "gradient_descent": 3,
    "GOOD_DELTA": 1,
}
ADDS = "a step that adds the derivative instead of subtracting it"
EVIL = "<script>alert('x')</script>"

#: student → (first, last, lms id, per-name scores, written answer score or None, late penalty)
STUDENTS = {
    "alice": ("Alice", "Liddell", "1001", {"grad_descent": 0, "GOOD_DELTA": 0}, 1.0, 0.0),
    "bob": ("Bob", EVIL, "", {n: 0 for n in POINTS}, None, 0.0),
    "dave": ("", "", "1004", {}, 1.0, 2.5),
}


def full(overrides: dict[str, float]) -> dict[str, float]:
    return {n: float(overrides.get(n, p)) for n, p in POINTS.items()}


def results_json(student: str, scores: dict[str, float], misconceptions, incidents) -> dict:
    return {
        "score": sum(scores.values()),
        "tests": [
            {"name": n, "score": s, "max_score": float(POINTS[n]), "output": ""}
            for n, s in scores.items()
        ],
        "extra_data": {
            "student": student,
            "misconceptions": misconceptions,
            "incidents": incidents,
        },
    }


def write_results(root: Path, student: str, data: dict) -> None:
    folder = root / "autograded" / student / A.id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{A.notebook}.results.json").write_text(json.dumps(data))


def fill_gradebook(tmp_path: Path) -> None:
    """nbgrader_config.py and a gradebook with the STUDENTS' scores, by nbgrader's API."""
    from nbgrader.api import Gradebook

    (tmp_path / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.course_id = "testcourse"\n'
        'c.CourseDirectory.db_url = "sqlite:///gradebook.db"\n'
    )
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}", course_id="testcourse") as gb:
        gb.add_assignment(A.id)
        gb.add_notebook(A.notebook, A.id)
        for name, points in POINTS.items():
            gb.add_grade_cell(f"test_{name}", A.notebook, A.id, max_score=points, cell_type="code")
        gb.add_grade_cell("explain_steps", A.notebook, A.id, max_score=1, cell_type="markdown")
        gb.add_student("carol", first_name="Carol", last_name="=cmd|calc")
        for student, (first, last, lms, wrong, written, late) in STUDENTS.items():
            gb.add_student(student, first_name=first, last_name=last, lms_user_id=lms or None)
            gb.add_submission(A.id, student)
            for name, score in full(wrong).items():
                grade = gb.find_grade(f"test_{name}", A.notebook, A.id, student)
                grade.auto_score, grade.needs_manual_grade = score, False
            grade = gb.find_grade("explain_steps", A.notebook, A.id, student)
            grade.auto_score = None
            grade.manual_score = written
            grade.needs_manual_grade = written is None
            notebook = gb.find_submission_notebook(A.notebook, A.id, student)
            notebook.late_submission_penalty = late
        gb.db.commit()


@pytest.fixture
def course(course_template, tmp_path) -> Path:
    """A fresh copy of :func:`course_template` for one test."""
    root = tmp_path / "course"
    shutil.copytree(course_template, root)
    return root


@pytest.fixture(scope="module")
def course_template(tmp_path_factory) -> Path:
    """alice (two wrong names), bob (blank, HTML in his name and texts), dave (late,
    no results file), carol (in the gradebook, never submitted); one written answer."""
    tmp_path = tmp_path_factory.mktemp("course")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", nbgrader_env()["PATH"])  # creating a gradebook runs alembic
        fill_gradebook(tmp_path)
    write_results(
        tmp_path,
        "alice",
        results_json(
            "alice",
            full(STUDENTS["alice"][3]),
            {"grad_descent": [ADDS], "GOOD_DELTA": ["default step size (too slow)"]},
            ["a call: call time limit"],
        ),
    )
    write_results(
        tmp_path,
        "bob",
        results_json(
            "bob",
            full(STUDENTS["bob"][3]),
            {"grad_descent": [ADDS, "not answered"], "STEPS_SCALED": [f"{EVIL} & more"]},
            [f"cell <b>#3</b>: {EVIL}"],
        ),
    )
    return tmp_path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert image.shape[0] > 100 and image.shape[1] > 100 and image.std() > 0.01


def test_settings_come_from_the_course_config(course):
    settings = course_settings(course)
    assert settings.db_url == f"sqlite:///{course / 'gradebook.db'}"
    assert settings.course_id == "testcourse"
    assert settings.autograded == course / "autograded"


def test_report_numbers_come_from_the_gradebook_and_results(course):
    report = build_report(A.id, course)
    assert report.source == "gradebook" and report.points_possible == 11
    assert [s.student for s in report.submitted] == ["alice", "bob", "dave"]
    assert report.names == [*A.graded_names, "explain_steps"]
    stats = {s.name: s for s in report.name_stats()}
    # grad_descent: alice 0, bob 0, dave 2 of 2
    assert stats["grad_descent"].mean == pytest.approx(2 / 3)
    assert stats["grad_descent"].full_marks_percent == pytest.approx(100 / 3)
    assert stats["gradient_descent"].mean == pytest.approx(2.0)
    # bob's written answer is not graded yet
    assert stats["explain_steps"].graded == 2 and stats["explain_steps"].pending == 1
    assert stats["explain_steps"].manual
    assert report.pending_manual == 1
    top = report.misconceptions()[0]
    assert top.text == ADDS and top.submissions == 2 and top.names == ["grad_descent"]
    assert [s.student for s in report.limit_hits()] == ["alice", "bob"]
    # dave: 11 points minus a 2.5-point late penalty
    assert {s.student: s.score for s in report.submitted} == {
        "alice": 8.0,
        "bob": 0.0,
        "dave": 8.5,
    }
    assert any("No results file for dave" in w for w in report.warnings)
    assert any("need manual grading" in w for w in report.warnings)


def test_page_charts_and_csv_are_written(course):
    report, written = run_report(A.id, course)
    out = course / "reports" / A.id
    assert {p.name for p in written} == {
        "index.html",
        "score_distribution.png",
        "per_name.png",
        "grades.csv",
    }
    assert all(p.parent == out for p in written)
    assert_png(out / "score_distribution.png")
    assert_png(out / "per_name.png")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert ADDS in html and "default step size (too slow)" in html
    # per-name means: grad_descent 0.667 of 2, gradient_descent 2 of 3, GOOD_DELTA 0.333
    for row in ("<code>grad_descent</code>", "0.667", "33%", "<code>GOOD_DELTA</code>", "0.333"):
        assert row in html
    assert "a call: call time limit" in html
    assert "No results file for dave" in html
    assert html.count("data:image/png;base64,") == 2  # self-contained


def test_student_text_is_escaped_in_the_page(course):
    run_report(A.id, course)
    html = (course / "reports" / A.id / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>#3</b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert "cell &lt;b&gt;#3&lt;/b&gt;" in html


def test_grades_csv_is_canvas_style(course):
    run_report(A.id, course, title="PS2: descent")
    rows = read_csv(course / "reports" / A.id / "grades.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "PS2: descent"]
    assert rows[1] == ["Points Possible", "", "", "", "", "11"]
    body = {r[3]: r for r in rows[2:]}
    assert sorted(body) == ["alice", "bob", "carol", "dave"]  # every gradebook student
    assert body["alice"] == ["Liddell, Alice", "1001", "", "alice", "", "8"]
    assert body["bob"][0] == f"{EVIL}, Bob" and body["bob"][5] == "0"
    # no formula; and no submission is a blank cell, not a 0 (an LMS reads blank as ungraded)
    assert body["carol"] == ["'=cmd|calc, Carol", "", "", "carol", "", ""]
    assert body["dave"] == ["dave", "1004", "", "dave", "", "8.5"]


def test_a_submission_without_results_is_unknown_never_none(course):
    report, _ = run_report(A.id, course)
    assert [s.student for s in report.unknown()] == ["dave"]  # in the gradebook, no results
    html = " ".join((course / "reports" / A.id / "index.html").read_text(encoding="utf-8").split())
    assert "Unknown for 1 submission(s) without a results file (dave)" in html
    assert "(unknown for 1)" in html
    # deleting one more results file: that student becomes unknown too, and no section says
    # "none" for data it does not have
    (course / "autograded" / "bob" / A.id / f"{A.notebook}.results.json").unlink()
    report, _ = run_report(A.id, course)
    assert [s.student for s in report.unknown()] == ["bob", "dave"]
    html = " ".join((course / "reports" / A.id / "index.html").read_text(encoding="utf-8").split())
    assert "unknown for the other 2" in html and "(unknown for 2)" in html
    assert "No named misconception was recognised" not in html
    assert "No submission hit a time" not in html


def test_no_submission_writes_no_grades(course):
    from nbgrader.api import Gradebook

    run_report(A.id, course)  # an earlier report's grades.csv, to be taken back
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in ("alice", "bob", "dave"):
            gb.remove_submission(A.id, student)
    shutil.rmtree(course / "autograded")
    report, written = run_report(A.id, course)
    assert not report.submitted and "grades.csv" not in {p.name for p in written}
    assert not (course / "reports" / A.id / "grades.csv").exists()
    assert any("grades.csv is not written" in w for w in report.warnings)


def test_canvas_assignment_id_names_the_existing_column(course):
    report = build_report(A.id, course)
    assert grades_csv_rows(report, "98765")[0][-1] == f"{A.id} (98765)"


def test_a_broken_results_file_is_a_warning_not_a_crash(course):
    path = course / "autograded" / "alice" / A.id / f"{A.notebook}.results.json"
    path.write_text("{not json")
    report, written = run_report(A.id, course)
    assert any("unreadable" in w and "alice" in w for w in report.warnings)
    assert report.misconceptions()[0].submissions == 1  # bob's only
    assert (course / "reports" / A.id / "index.html").is_file()


def test_without_a_gradebook_the_page_comes_from_the_results_files(course, tmp_path):
    (course / "gradebook.db").unlink()
    report, written = run_report(A.id, course, output=tmp_path / "out")
    assert report.source == "results files"
    assert "Partial report" in report.warnings[0] and "no gradebook" in report.warnings[0]
    assert [s.student for s in report.submitted] == ["alice", "bob"]
    assert {p.name for p in written} == {"index.html", "score_distribution.png", "per_name.png"}
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Partial report" in html and ADDS in html
    assert not (course / "gradebook.db").exists()  # not created by looking for it


def test_without_gradebook_or_results_it_stops_with_a_clear_error(tmp_path):
    with pytest.raises(ReportError, match="no gradebook.*nbgrader autograde ps2-descent"):
        build_report(A.id, tmp_path)


def test_an_assignment_missing_from_the_gradebook_is_named(course):
    with pytest.raises(ReportError, match="has no assignment 'ps1-gradients'"):
        build_report("ps1-gradients", course)


def test_cli_report_writes_files_and_reports_errors(course, tmp_path):
    from autograder.cli import main

    assert main(["report", A.id, "--course-dir", str(course), "--output", str(tmp_path)]) == 0
    assert (tmp_path / "grades.csv").is_file() and (tmp_path / "index.html").is_file()
    assert main(["report", A.id, "--course-dir", str(tmp_path / "nowhere")]) == 2


def test_reports_folder_is_gitignored():
    lines = (REPO_ROOT / ".gitignore").read_text().split()
    assert "reports/" in lines


# --------------------------------------------------------------------------- end to end
WRONG = {
    "grad_descent": "import math\ndef grad_descent(x_start, n, delta=0.1):\n"
    "    x = x_start\n    for _ in range(n):\n"
    "        x = x + delta * (x - math.exp(-x))\n    return x\n",
    "GOOD_DELTA": "GOOD_DELTA = 0.1\n",
}


@pytest.mark.slow
def test_report_after_a_real_nbgrader_autograde(tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    build_course(
        root, A.id, {"alice": model_submission(A.id, WRONG), "bob": lambda release: release}, seed=7
    )

    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "report", A.id],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    out = root / "reports" / A.id
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "adds the derivative" in html and "default step size (too slow)" in html
    # STEPS_SCALED: alice 1, bob 0 → mean 0.5 of 1, full marks 50%
    assert '<code>STEPS_SCALED</code></td>\n<td class="num">1</td><td class="num">0.5</td>' in (
        html
    )
    rows = read_csv(out / "grades.csv")
    assert rows[1] == ["Points Possible", "", "", "", "", "10"]
    assert {r[3]: r[5] for r in rows[2:]} == {"alice": "7", "bob": "0"}
    assert_png(out / "score_distribution.png")
