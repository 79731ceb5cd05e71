"""The feedback pages students read, in headless Chromium: a correct, a wrong, a crashed and a
timed-out student of one ps2-descent class, before the due date.

Each page starts with the summary (score per graded name, what went wrong, limits hit),
wraps its messages (no sideways scrolling), draws its math without a network (MathML, no
MathJax), shows no hidden check's expected answer, and says which limit stopped the code.
Screenshots go to ``$AUTOGRADER_SCREENSHOTS`` and, with ``AUTOGRADER_UPDATE_DOCS=1``, to
``docs/screenshots/feedback-<student>.png``.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.release import run_nbgrader
from tests.checks.conftest import model_submission
from tests.course import build_course

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

CHROMIUM = Path(os.environ.get("AUTOGRADER_CHROMIUM", "/usr/bin/chromium"))
A = get_assignment("ps2-descent")
LIMITS = "c.Grader.cell_timeout = 4.0\nc.Grader.call_timeout = 2.0\n"
STUDENTS = {
    "correct": {},
    "wrong": {
        "grad_descent": (
            "import math\n\n"
            "def grad_descent(x_start, n, delta=0.1):\n"
            "    x = float(x_start)\n"
            "    for _ in range(n):\n"
            "        x = x + delta * (x - math.exp(-x))\n"
            "    return x\n"
        ),
        "GOOD_DELTA": "GOOD_DELTA = 0.1\n",
    },
    "crashed": {"multi_grad_descent": "import os\nos._exit(3)\n"},
    "timedout": {
        "gradient_descent": (
            "def gradient_descent(f, x0, lr, steps):\n"
            "    x = x0.detach().clone()\n"
            "    while True:  # forgot the step count\n"
            "        pass\n"
        )
    },
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    root = build_course(
        tmp_path_factory.mktemp("feedback-pages"),
        A.id,
        {s: model_submission(A.id, answers) for s, answers in STUDENTS.items()},
        extra_config=LIMITS,
    )
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        due = (datetime.now(UTC) + timedelta(days=7)).replace(tzinfo=None, microsecond=0)
        gb.update_or_create_assignment(A.id, duedate=due)
    run_nbgrader(root, "generate_feedback", A.id, "--force")
    return {s: root / "feedback" / s / A.id / f"{A.notebook}.html" for s in STUDENTS}


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


def shoot(page, name: str) -> None:
    folder = Path(os.environ.get("AUTOGRADER_SCREENSHOTS") or "")
    if not folder.name:
        return
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"feedback-{name}.png"
    page.screenshot(path=str(path), animations="disabled", full_page=name == "report")
    if os.environ.get("AUTOGRADER_UPDATE_DOCS") == "1":
        shutil.copyfile(path, REPO_ROOT / "docs" / "screenshots" / path.name)


@pytest.mark.parametrize("student", list(STUDENTS))
def test_a_feedback_page_reads_at_once(browser, pages, student):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(pages[student].as_uri())
    summary = page.locator("#summary").inner_text()
    assert "Feedback as shown before the due date" in summary
    assert "what went wrong" in summary and "grad_descent" in summary
    layout = page.evaluate(
        "() => ({wide: document.documentElement.scrollWidth > window.innerWidth + 1,"
        " maths: document.querySelectorAll('math').length,"
        " scripts: [...document.scripts].map(s => s.src).filter(Boolean)})"
    )
    assert not layout["wide"], "a line runs off the right edge"
    assert layout["maths"] > 10 and not layout["scripts"]  # MathML, nothing fetched
    body = page.locator("body").inner_text()
    assert "Out[" not in body
    if student == "correct":
        assert "what went wrong" in summary and "This looks like" not in summary
    if student == "wrong":
        assert "a step that adds the derivative instead of subtracting it" in body
        assert "ran away from the minimum" in summary  # the first failure, in brief
        assert "expected 0.567" not in body  # no expected answer before the due date
    if student == "crashed":
        assert "Your cell for `multi_grad_descent` ended the Python process" in summary
        assert "exited with status 3" in summary
    if student == "timedout":  # which function, which limit, how often
        assert "`gradient_descent`: call time limit of 2 s" in summary
        # its later calls: the short limit, told once with how often
        assert "time limit of 1 s, after it had run past a time limit (" in summary
    shoot(page, student)
    page.close()


def test_the_report_of_that_class_names_mistakes_and_limits_and_unknowns(browser, pages):
    import subprocess
    import sys

    course = pages["correct"].parents[3]

    def report() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "autograder", "report", A.id, "--course-dir", str(course)],
            capture_output=True, text=True, cwd=course,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.goto((course / "reports" / A.id / "index.html").as_uri())
        text = " ".join(page.locator("body").inner_text().split())
        if not report.shot:
            shoot(page, "report")  # (saved as feedback-report.png)
            report.shot = True
        page.close()
        return text

    report.shot = False
    text = report()
    assert "a step that adds the derivative instead of subtracting it" in text
    assert "`gradient_descent`: call time limit of 2 s" in text  # the function and the limit
    assert "multi_grad_descent" in text and "process died" in text  # the crash, named
    assert "unknown" not in text.lower().replace("unknown for", "")
    # one results file gone: that student's mistakes and limits are unknown, never "none"
    (course / "autograded" / "wrong" / A.id / f"{A.notebook}.results.json").unlink()
    text = report()
    assert "Unknown for 1 submission(s) without a results file (wrong)" in text
    assert "No named misconception was recognised" not in text
