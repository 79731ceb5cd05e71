"""JupyterLab in a real browser: formgrader, a graded submission and a feedback page.

A one-assignment course (ps2-descent; alice's step adds the derivative, bob has
the model answers) is autograded and given feedback with nbgrader, then
``python -m autograder lab`` serves it on 127.0.0.1 and headless Chromium
(Debian's ``/usr/bin/chromium``, driven by Playwright) opens the *Nbgrader →
Formgrader* panel, the grading view of alice's submission and her feedback
page, checking that the scores and the hidden checks' messages are on screen.

Screenshots go to ``$AUTOGRADER_SCREENSHOTS`` (default: a pytest temporary
directory) and, when run from the repository, to ``docs/screenshots/``.
Skipped when Chromium or Playwright is missing (``.ci/run`` installs both).
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.notebook.cells import cells_by_grade_id, fill_solutions, read_notebook
from autograder.release import nbgrader_env, run_nbgrader
from tests.course import write_config

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, PlaywrightContextManager

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

CHROMIUM = Path(os.environ.get("AUTOGRADER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
A = get_assignment("ps2-descent")
SEED = 20261120
TOKEN = "e2e-test-token"
VIEWPORT = {"width": 1280, "height": 900}
#: alice's step adds the derivative: grad_descent loses its points and the
#: feedback names the mistake.
ALICE_GRAD_DESCENT = (
    "import math\n\n"
    "def grad_descent(x_start, n, delta=0.1):\n"
    "    x = float(x_start)\n"
    "    for _ in range(n):\n"
    "        x = x + delta * (x - math.exp(-x))\n"
    "    return x\n"
)
MESSAGE = "adds the derivative"
STUDENTS = {"alice": ("Alice", "Adams"), "bob": ("Bob", "Brown")}
#: committed copies of the final screenshots (name here → name in docs/screenshots/)
DOCS_SCREENSHOTS = {
    "formgrader.png": "jupyterlab-formgrader.png",
    "submission.png": "formgrader-submission.png",
    "feedback.png": "feedback-page.png",
    "report.png": "instructor-report.png",
}


@pytest.fixture(scope="module")
def sync_playwright() -> Callable[[], PlaywrightContextManager]:
    """Playwright's sync entry point and Chromium's path, or a skip saying what is missing."""
    if not CHROMIUM.is_file():
        pytest.skip(
            f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does this as root)"
        )
    module = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')"
    )
    return module.sync_playwright


@pytest.fixture(scope="module")
def course(sync_playwright, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ps2-descent with alice (one mistake) and bob (model answers), autograded, with feedback."""
    root = tmp_path_factory.mktemp("lab-course")
    shutil.copytree(REPO_ROOT / "source" / A.id, root / "source" / A.id)
    write_config(root, SEED)
    run_nbgrader(root, "generate_assignment", A.id, "--force")
    release = read_notebook(root / "release" / A.id / A.filename)
    bob = fill_solutions(release, read_notebook(root / "source" / A.id / A.filename))
    alice = copy.deepcopy(bob)
    cells_by_grade_id(alice)["grad_descent"].source = ALICE_GRAD_DESCENT
    for student, nb in (("alice", alice), ("bob", bob)):
        folder = root / "submitted" / student / A.id
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / A.filename)
        (folder / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC\n")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:  # names for formgrader
        for student, (first, last) in STUDENTS.items():
            gb.update_or_create_student(student, first_name=first, last_name=last)
    run_nbgrader(root, "autograde", A.id, "--force")
    run_nbgrader(root, "generate_feedback", A.id, "--force")
    return root


def gradebook_totals(course: Path) -> dict[str, tuple[float, float]]:
    """student → (score, max score) of their ps2-descent submission, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            s: (gb.find_submission(A.id, s).score, gb.find_submission(A.id, s).max_score)
            for s in STUDENTS
        }


def gradebook_grade(course: Path, student: str, name: str) -> tuple[float, float]:
    """(auto score, max score) of one graded name of a student."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade(f"test_{name}", A.notebook, A.id, student)
        return grade.auto_score, grade.max_score


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """SIGTERM the process group led by ``proc``; SIGKILL what is left after ``grace`` s."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        proc.poll()
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def wait_until_answers(base: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    """Poll the server until its API and formgrader answer, or fail with its log."""
    deadline = time.monotonic() + timeout
    headers = {"Authorization": f"token {TOKEN}"}
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            for path in ("/api/status", "/formgrader/api/assignments"):
                req = urllib.request.Request(base + path, headers=headers)
                with urllib.request.urlopen(req, timeout=5) as response:
                    assert response.status == 200
            return
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {timeout:.0f} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def lab(
    course: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> str:
    """``python -m autograder lab`` on the course, on loopback; yields its base URL."""
    home = tmp_path_factory.mktemp("jupyter")
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # no "get Jupyter news?" toast over the screenshots, and no requests outside
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env = nbgrader_env()
    env.update(
        JUPYTER_TOKEN=TOKEN,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_DATA_DIR=str(home / "data"),
        IPYTHONDIR=str(home / "ipython"),
    )
    port = free_port()
    log = home / "lab.log"
    cmd = [
        sys.executable,
        "-m",
        "autograder",
        "lab",
        "--course-dir",
        str(course),
        "--port",
        str(port),
        "--no-browser",
        "--exchange",
        str(home / "exchange"),
        "--",
        "--ServerApp.port_retries=0",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so the finalizer gets all of it
        )
    request.addfinalizer(lambda: stop_process_group(proc))
    base = f"http://127.0.0.1:{port}"
    wait_until_answers(base, proc, log, timeout=120)
    return base


@pytest.fixture(scope="module")
def browser(sync_playwright, request: pytest.FixtureRequest) -> Browser:
    """Headless Debian Chromium under Playwright (never ``playwright install``)."""
    playwright = sync_playwright().start()
    request.addfinalizer(playwright.stop)
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    request.addfinalizer(chromium.close)
    return chromium


@pytest.fixture(scope="module")
def context(browser: Browser, lab: str, request: pytest.FixtureRequest) -> BrowserContext:
    """A browser context logged in to the server with the token (cookies shared by pages)."""
    ctx = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    request.addfinalizer(ctx.close)
    ctx.set_default_timeout(60_000)
    page = ctx.new_page()
    page.goto(f"{lab}/login?next=%2Fapi%2Fstatus")
    page.fill("input[name=password]", TOKEN)
    page.click("#login_submit")
    page.wait_for_url(re.compile(r".*/api/status$"))
    assert "started" in page.content()
    page.close()
    return ctx


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A fresh tab, closed after the test."""
    tab = context.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: ``$AUTOGRADER_SCREENSHOTS`` or a temporary directory."""
    folder = os.environ.get("AUTOGRADER_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_screenshot(page: Page, folder: Path, name: str) -> Path:
    """Screenshot the viewport into ``folder/name``; with ``AUTOGRADER_UPDATE_DOCS=1``
    also refresh the committed copy in docs/screenshots/."""
    path = folder / name
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    assert path.stat().st_size > 10_000, f"{name} looks empty"
    docs = REPO_ROOT / "docs"
    if os.environ.get("AUTOGRADER_UPDATE_DOCS") == "1" and os.access(docs, os.W_OK):
        (docs / "screenshots").mkdir(exist_ok=True)
        shutil.copyfile(path, docs / "screenshots" / DOCS_SCREENSHOTS[name])
    return path


def score_text(score: float, max_score: float) -> str:
    """How formgrader writes a score: ``8 / 10``."""
    return f"{score:g} / {max_score:g}"


def test_lab_has_nbgrader_menu_and_formgrader_lists_scores(page, lab, course, screenshots):
    page.goto(f"{lab}/lab")
    page.wait_for_function(
        "window.jupyterapp && window.jupyterapp.commands.hasCommand('nbgrader:open-formgrader')"
    )
    commands = page.evaluate("[...window.jupyterapp.commands.listCommands()]")
    for command in (
        "nbgrader:open-formgrader",
        "nbgrader:open-assignment-list",
        "nbgrader:open-create-assignment",
    ):
        assert command in commands, f"{command} missing: nbgrader's lab extension is not active"
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    assert {"Formgrader", "Assignment List", "Create assignment"} <= set(items), items
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Formgrader$")).click()

    formgrader = page.frame_locator("iframe[src*='formgrader']")
    row = formgrader.locator("tr", has_text=A.id)
    row.locator("td.num-submissions a").click()  # "2" submissions → the submission list
    table = formgrader.locator("table")
    totals = gradebook_totals(course)
    for student, (score, max_score) in totals.items():
        first, last = STUDENTS[student]
        cells = table.locator("tr", has_text=student)
        cells.locator("td", has_text=score_text(score, max_score)).wait_for()
        assert f"{last}, {first}" in cells.inner_text()
    assert totals["bob"][0] == totals["bob"][1], "the model answers lost points"
    assert totals["alice"][0] < totals["alice"][1], "alice's mistake cost nothing"
    page.evaluate("window.jupyterapp.shell.collapseLeft()")  # room for the panel
    formgrader.locator(".breadcrumb").evaluate("el => el.scrollIntoView({block: 'start'})")
    save_screenshot(page, screenshots, "formgrader.png")


def test_grading_view_shows_autograded_score_and_message(page, lab, course, screenshots):
    page.goto(f"{lab}/formgrader/manage_students/alice/{A.id}")
    page.locator("td a", has_text=A.notebook).click()
    page.wait_for_url(re.compile(r".*/formgrader/submissions/[0-9a-f]+/?$"))
    score_box = page.locator("input.score#test_grad_descent")
    score_box.wait_for()
    page.locator("span.glyphicon-eye-open.name-hidden").click()  # "Submission #n" → the name
    page.locator("a.name-shown", has_text="Adams, Alice").wait_for(state="visible")
    page.wait_for_function(
        "document.getElementById('test_grad_descent').getAttribute('placeholder') !== null"
    )
    auto, max_score = gradebook_grade(course, "alice", "grad_descent")
    assert auto < max_score
    assert score_box.get_attribute("placeholder") == f"{auto:g}"
    cell = page.locator("div.cell", has=score_box)
    text = cell.inner_text()
    assert f"/ {max_score:g}" in text
    assert MESSAGE in text, f"no hidden-check message in the grading view:\n{text}"
    for name in ("gradient_descent", "GOOD_DELTA"):  # a full-marks name shows its score too
        got, top = gradebook_grade(course, "alice", name)
        assert page.locator(f"input.score#test_{name}").get_attribute("placeholder") == f"{got:g}"
        assert got == top
    answer = page.locator("div.cell", has=page.locator("textarea#grad_descent-comment"))
    assert "x + delta" in answer.inner_text()  # alice's own code is shown
    answer.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -70)")  # below formgrader's fixed navigation bar
    save_screenshot(page, screenshots, "submission.png")


def test_feedback_page_shows_the_per_name_message(page, lab, course, screenshots):
    # as if followed from JupyterLab: /files/ wants a same-origin Referer (XSSI guard)
    response = page.goto(
        f"{lab}/files/feedback/alice/{A.id}/{A.notebook}.html", referer=f"{lab}/lab"
    )
    assert response is not None and response.status == 200
    body = page.locator("body").inner_text()
    assert MESSAGE in body
    assert "grad_descent" in body
    score, max_score = gradebook_totals(course)["alice"]
    assert re.search(rf"Score:\s*{score:g}(\.0+)?\s*/\s*{max_score:g}", body), body[:500]
    html = page.content()
    for secret in ("expect_number", "@graded", "autograder.checks"):
        assert secret not in html, f"hidden-check detail {secret!r} reached the feedback page"
    page.get_by_text(MESSAGE).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -330)")  # the cell's score above, any picture below
    save_screenshot(page, screenshots, "feedback.png")


def test_instructor_report_shows_scores_and_misconceptions(page, lab, course, screenshots):
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "report", A.id, "--course-dir", str(course)],
        capture_output=True,
        text=True,
        cwd=course,
    )
    assert proc.returncode == 0, proc.stderr
    response = page.goto(f"{lab}/files/reports/{A.id}/index.html", referer=f"{lab}/lab")
    assert response is not None and response.status == 200
    body = page.locator("body").inner_text()
    assert "adds the derivative instead of subtracting it" in body  # the named misconception
    assert "grad_descent" in body and "gradient_descent" in body  # per-name table
    images = page.locator("img")
    assert images.count() >= 2  # score distribution and per-name charts
    assert all(images.nth(i).evaluate("el => el.naturalWidth") > 100 for i in range(images.count()))
    save_screenshot(page, screenshots, "report.png")


def test_missing_feedback_page_is_a_404_not_a_crash(page, lab):
    response = page.goto(
        f"{lab}/files/feedback/nobody/{A.id}/{A.notebook}.html", referer=f"{lab}/lab"
    )
    assert response is not None and response.status == 404
