"""The GitHub Actions templates parse, run what they should, and their scripts work."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.sandbox.isolation import Level, detect
from tests.checks.conftest import model_submission
from tests.packaging.conftest import python_bin, student_environment

TEMPLATES = REPO_ROOT / "ci-templates" / "github"
WRONG_QUADRATIC = "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"


def workflow(name: str) -> dict:
    doc = yaml.safe_load((TEMPLATES / name).read_text())
    assert isinstance(doc, dict) and isinstance(doc.get("jobs"), dict)
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as True
    return doc


def steps(doc: dict, job: str | None = None) -> list[dict]:
    jobs = [doc["jobs"][job]] if job else list(doc["jobs"].values())
    return [step for j in jobs for step in j["steps"]]


def runs(doc: dict, job: str | None = None) -> str:
    return "\n".join(step.get("run", "") for step in steps(doc, job))


def step_named(doc: dict, job: str, prefix: str) -> dict:
    (step,) = [s for s in steps(doc, job) if s.get("name", "").startswith(prefix)]
    return step


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a step's script as GitHub does (``bash --noprofile --norc -eo pipefail``)."""
    path = cwd.parent / "step.sh"
    path.write_text(script)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


# -- the student workflow --------------------------------------------------------------
def test_the_student_workflow_runs_only_the_self_check_on_push():
    doc = workflow("student-selfcheck.yml")
    assert "push" in doc["on"]
    assert doc["permissions"] == {"contents": "read"}
    setup = [s for s in steps(doc) if str(s.get("uses", "")).startswith("actions/setup-python")]
    assert setup and setup[0]["with"]["python-version"] == "3.11"
    commands = runs(doc)
    assert "python -m autograder check" in commands
    assert "pip install ./course" in commands
    for forbidden in ("autograder grade", "pytest", "autograder/checks", "reference", "source/"):
        assert forbidden not in commands
    assert "secrets." not in (TEMPLATES / "student-selfcheck.yml").read_text()


@pytest.mark.slow
def test_the_student_check_step_works_without_hidden_checks(public_tree, tmp_path):
    """The step's own script, with only the public tree importable (as after `pip install`)."""
    doc = workflow("student-selfcheck.yml")
    script = step_named(doc, "self-check", "Visible checks")["run"]
    work = tmp_path / "work"
    (work / ".ipynb_checkpoints").mkdir(parents=True)
    nbformat.write(model_submission("ps4-backprop"), work / "backprop.ipynb")
    (work / ".ipynb_checkpoints" / "backprop-checkpoint.ipynb").write_text("{}")
    (work / "scratch.ipynb").write_text((work / "backprop.ipynb").read_text())
    course = tmp_path / "course"
    course.symlink_to(public_tree)
    summary = tmp_path / "summary.md"
    env = student_environment(public_tree, tmp_path)
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    done = bash(script, work, env)
    assert done.returncode == 0, done.stderr
    assert "::warning file=scratch.ipynb::" in done.stdout
    assert "self-checked 1 notebook(s), 0 with failing visible checks" in done.stdout
    text = summary.read_text()
    assert "### backprop.ipynb" in text
    assert "10 of 10 answered, 10 pass their visible checks" in text
    assert "checkpoint" not in text
    # a visible check that fails turns the job red, after every notebook was checked
    wrong = {"grad_quadratic_form": "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"}
    nbformat.write(model_submission("ps4-backprop", wrong), work / "backprop.ipynb")
    done = bash(script, work, env)
    assert done.returncode == 1
    assert "::error file=backprop.ipynb::visible checks fail" in done.stdout
    assert "self-checked 1 notebook(s), 1 with failing visible checks" in done.stdout


# -- the instructor workflow -----------------------------------------------------------
def test_the_instructor_workflow_grades_and_uploads_results_and_junit():
    doc = workflow("instructor-grading.yml")
    inputs = doc["on"]["workflow_dispatch"]["inputs"]
    assert inputs["assignment"]["options"] == list(ASSIGNMENTS)
    for job in ("grade", "grade-gpu"):
        commands = runs(doc, job)
        assert "-m autograder grade" in commands
        assert '--results "grades/$student/results.json"' in commands
        assert '--junit "grades/$student/junit.xml"' in commands
        assert '--seed "$SEED"' in commands
        uploads = [s for s in steps(doc, job) if "upload-artifact" in str(s.get("uses"))]
        assert uploads and uploads[0]["with"]["path"] == "grades/"
    assert "--device cpu" in runs(doc, "grade")
    gpu = doc["jobs"]["grade-gpu"]
    assert gpu["runs-on"] == ["self-hosted", "gpu"]
    # scores come from the CPU on every runner; the GPU job adds the (unscored) CUDA pass
    assert "--device auto" in runs(doc, "grade-gpu")
    assert "torch.cuda.is_available()" in runs(doc, "grade-gpu")
    assert doc["jobs"]["compare"]["needs"] == ["grade", "grade-gpu"]


def fake_sudo(folder: Path) -> Path:
    """A ``sudo`` that just runs its command (the tests already run as the grader)."""
    folder.mkdir(parents=True, exist_ok=True)
    sudo = folder / "sudo"
    sudo.write_text('#!/bin/sh\nexec "$@"\n')
    sudo.chmod(0o755)
    return folder


@pytest.mark.slow
def test_the_instructor_grading_step_grades_each_submission(tmp_path):
    doc = workflow("instructor-grading.yml")
    script = step_named(doc, "grade", "Grade every submission")["run"]
    repo = tmp_path / "repo"
    folder = repo / "submitted" / "jdoe" / "ps4-backprop"
    folder.mkdir(parents=True)
    nb = model_submission("ps4-backprop", {"grad_quadratic_form": WRONG_QUADRATIC})
    nbformat.write(nb, folder / "backprop.ipynb")
    if detect().best < Level.FULL:  # the documented knob for hosts without full isolation
        (repo / "nbgrader_config.py").write_text("c.Grader.allow_weaker_isolation = True\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env |= {
        "ASSIGNMENT": "ps4-backprop",
        "SEED": "7",
        "PATH": os.pathsep.join([str(fake_sudo(tmp_path / "bin")), python_bin(), "/usr/bin:/bin"]),
        "GITHUB_OUTPUT": str(tmp_path / "github_output"),
    }
    done = bash(script, repo, env)
    assert done.returncode == 0, done.stderr
    assert "graded 1 of 1 submission(s) of ps4-backprop with seed 7" in done.stdout
    assert (tmp_path / "github_output").read_text() == "failed=0\n"
    results = json.loads((repo / "grades" / "jdoe" / "results.json").read_text())
    scores = {t["name"]: (t["score"], t["max_score"]) for t in results["tests"]}
    assert scores["grad_quadratic_form"][0] < scores["grad_quadratic_form"][1]
    assert results["extra_data"]["seed"] == 7 and results["extra_data"]["student"] == "jdoe"
    junit = (repo / "grades" / "jdoe" / "junit.xml").read_text()
    assert "<testsuite" in junit and "grad_quadratic_form" in junit

    # No submissions at all is an error, not a silent success.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert bash(script, empty, env).returncode == 1

    # A submission that cannot be graded (a grader that cannot run) is counted, the step goes
    # on so every grade is uploaded, and the job's last step then fails
    (tmp_path / "github_output").write_text("")
    broken = dict(env, ASSIGNMENT="ps9-nothing")
    (repo / "submitted" / "jdoe" / "ps9-nothing").mkdir()
    (repo / "submitted" / "jdoe" / "ps9-nothing" / "x.ipynb").write_text("{}")
    done = bash(script, repo, broken)
    assert done.returncode == 0 and "::error::grading could not run for jdoe" in done.stdout
    assert (tmp_path / "github_output").read_text() == "failed=1\n"
    job = doc["jobs"]["grade"]["steps"]
    names = [step.get("name", "") for step in job]
    last = job[-1]
    assert names.index("Upload results.json and JUnit XML") < names.index(last["name"])
    assert "steps.grade.outputs.failed != '0'" in last["if"] and "exit 1" in last["run"]


def test_the_compare_step_fails_when_cpu_and_cuda_scores_differ(tmp_path):
    doc = workflow("instructor-grading.yml")
    script = step_named(doc, "compare", "Compare scores")["run"]
    env = {"PATH": "/usr/bin:/bin", "ASSIGNMENT": "ps2-descent"}

    def write(kind: str, score: float) -> None:
        folder = tmp_path / f"grades-ps2-descent-{kind}" / "jdoe"
        folder.mkdir(parents=True, exist_ok=True)
        tests = [{"name": "grad_descent", "score": score, "max_score": 2, "output": ""}]
        (folder / "results.json").write_text(json.dumps({"score": score, "tests": tests}))

    work = tmp_path / "w"
    work.mkdir()
    for kind in ("cpu", "cuda"):
        write(kind, 2)
    (tmp_path / "w" / "grades-ps2-descent-cpu").symlink_to(tmp_path / "grades-ps2-descent-cpu")
    (tmp_path / "w" / "grades-ps2-descent-cuda").symlink_to(tmp_path / "grades-ps2-descent-cuda")
    same = bash(script, work, env)
    assert same.returncode == 0, same.stderr
    assert "differ for: none" in same.stdout
    write("cuda", 1)
    differ = bash(script, work, env)
    assert differ.returncode == 1 and "jdoe" in differ.stdout
