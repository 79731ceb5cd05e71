"""The Gradescope zip: built, unpacked into a scratch /autograder tree, and run there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import get_assignment
from autograder.cli import main
from autograder.packaging.gradescope import build_gradescope_zip, extract
from autograder.sandbox.isolation import Level, detect
from tests.checks.conftest import model_submission
from tests.packaging.conftest import python_bin

ASSIGNMENT = "ps4-backprop"
WRONG_QUADRATIC = "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def assert_gradescope_schema(results: dict) -> None:
    """The parts of Gradescope's results.json schema we write."""
    assert isinstance(results["score"], int | float)
    assert isinstance(results.get("output", ""), str)
    assert results.get("visibility", "visible") in VISIBILITY
    assert isinstance(results["tests"], list)
    for test in results["tests"]:
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["score"], int | float)
        assert isinstance(test["max_score"], int | float)
        assert 0 <= test["score"] <= test["max_score"]
        assert isinstance(test["output"], str)
        assert test.get("visibility", "visible") in VISIBILITY


def autograder_tree(zip_path: Path, root: Path) -> Path:
    """What Gradescope makes of the zip: /autograder/source, run_autograder beside it."""
    extract(zip_path, root / "source")
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    if detect().best < Level.FULL:  # the documented knob for hosts without full isolation
        with (root / "source" / "autograder-src" / "nbgrader_config.py").open("a") as f:
            f.write("\nc.Grader.allow_weaker_isolation = True\n")
    return root


def run_autograder(root: Path, **env: str) -> subprocess.CompletedProcess:
    """Run run_autograder with this environment's Python on PATH instead of setup.sh's."""
    environment = {
        "AUTOGRADER_ROOT": str(root),
        "PATH": os.pathsep.join([python_bin(), "/usr/bin", "/bin"]),
        "HOME": str(root),
        "LANG": "C.UTF-8",
        **env,
    }
    return subprocess.run(
        ["bash", str(root / "run_autograder")],
        env=environment,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )


def read_results(root: Path) -> dict:
    results = json.loads((root / "results" / "results.json").read_text())
    assert_gradescope_schema(results)
    return results


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_gradescope_zip(ASSIGNMENT, tmp_path_factory.mktemp("zip") / "gs.zip")


# -- the zip ---------------------------------------------------------------------------
def test_the_zip_holds_the_scripts_the_package_and_one_instructor_notebook(built):
    with zipfile.ZipFile(built) as zf:
        names = set(zf.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
    assert {"setup.sh", "run_autograder"} <= names
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    for name in (
        "pyproject.toml",
        "README.md",
        "nbgrader_config.py",
        "source/ps4-backprop/backprop.ipynb",
        "autograder/__main__.py",
        "autograder/checks/plugin.py",
        "autograder/assignments/ps4_backprop/checks.py",
        "autograder/assignments/ps4_backprop/reference.py",
        "autograder/sandbox/worker.py",
    ):
        assert f"autograder-src/{name}" in names
    notebooks = [n for n in names if n.endswith(".ipynb")]
    assert notebooks == ["autograder-src/source/ps4-backprop/backprop.ipynb"]
    assert "autograder-src/.autograder/ps4-backprop.seed" in names  # the course's run seed
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_zip_is_reproducible(built, tmp_path):
    again = build_gradescope_zip(ASSIGNMENT, tmp_path / "again.zip")
    assert again.read_bytes() == built.read_bytes()


def test_the_scripts_parse_and_do_what_they_should(built, tmp_path):
    extract(built, tmp_path)
    for script in ("setup.sh", "run_autograder"):
        check = subprocess.run(["bash", "-n", str(tmp_path / script)], capture_output=True)
        assert check.returncode == 0, check.stderr
    setup = (tmp_path / "setup.sh").read_text()
    assert setup.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in setup
    assert "apt-get install -y --no-install-recommends python3.11 python3.11-venv" in setup
    assert 'python3.11 -m venv "$ROOT/venv"' in setup
    assert '"$ROOT/venv/bin/python" -m pip install ./autograder-src' in setup
    assert 'ROOT="${AUTOGRADER_ROOT:-/autograder}"' in setup
    assert "://" not in setup  # no package index named: pip's default resolves torch==2.13.0
    pins = (tmp_path / "autograder-src" / "pyproject.toml").read_text()
    assert '"torch==2.13.0"' in pins
    run = (tmp_path / "run_autograder").read_text()
    assert 'ASSIGNMENT="ps4-backprop"' in run and 'NOTEBOOK="backprop.ipynb"' in run
    assert '-m autograder grade "$nb" --assignment "$ASSIGNMENT" --results "$RESULTS"' in run
    assert '--student "$STUDENT"' in run
    # device and seed come from the bundled config and seed file, as on every other path
    assert "--device" not in run and "--seed" not in run


def test_the_command_builds_the_default_zip(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["gradescope", "ps2-descent"]) == 0
    assert "gradescope-ps2-descent.zip" in capsys.readouterr().out
    assert zipfile.is_zipfile(tmp_path / "build" / "gradescope-ps2-descent.zip")
    assert main(["gradescope", "ps9-nothing", "-o", str(tmp_path / "x.zip")]) == 2
    assert "unknown assignment" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


# -- run_autograder in a scratch /autograder tree ------------------------------------
def test_no_notebook_scores_zero_with_a_message(built, tmp_path):
    root = autograder_tree(built, tmp_path / "autograder")
    (root / "submission" / "notes.txt").write_text("I forgot the notebook")
    done = run_autograder(root)
    assert done.returncode == 0, done.stderr
    results = read_results(root)
    assert results["score"] == 0
    assert "No notebook was found" in results["output"] and "backprop.ipynb" in results["output"]


def test_several_notebooks_none_named_scores_zero_with_a_message(built, tmp_path):
    root = autograder_tree(built, tmp_path / "autograder")
    blank = get_assignment(ASSIGNMENT).release_path().read_text()
    for name in ("draft.ipynb", "final.ipynb"):
        (root / "submission" / name).write_text(blank)
    assert run_autograder(root).returncode == 0
    results = read_results(root)
    assert results["score"] == 0
    assert "2 notebooks and none is named backprop.ipynb" in results["output"]


@pytest.mark.slow
def test_a_sample_submission_gets_a_valid_results_json(built, tmp_path):
    root = autograder_tree(built, tmp_path / "autograder")
    folder = root / "submission" / "my work"  # a folder, with a space, as uploads have
    folder.mkdir()
    nbformat.write(
        model_submission(ASSIGNMENT, {"grad_quadratic_form": WRONG_QUADRATIC}),
        folder / "backprop.ipynb",
    )
    (root / "submission_metadata.json").write_text(json.dumps({"id": 4242}))
    done = run_autograder(root)
    assert done.returncode == 0, done.stderr
    results = read_results(root)
    tests = {t["name"]: t for t in results["tests"]}
    assert list(tests) == list(get_assignment(ASSIGNMENT).graded_names)
    wrong = tests.pop("grad_quadratic_form")
    assert wrong["score"] < wrong["max_score"]
    assert all(t["score"] == t["max_score"] > 0 for t in tests.values())
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))
    assert results["extra_data"]["student"] == "4242"
    assert results["extra_data"]["device"] == "cpu"


@pytest.mark.parametrize(
    ("users", "submitter"),
    [
        ([{"sid": "s1234", "email": "jdoe@example.org"}], "s1234"),
        ([{"sid": "", "email": "jdoe@example.org"}], "jdoe@example.org"),
        ([{"email": "jdoe@example.org"}], "jdoe@example.org"),
        ([], ""),
        (None, ""),
    ],
)
def test_the_runner_grades_the_hand_computed_items_on_the_submitter_s_numbers(
    tmp_path, users, submitter
):
    """run_autograder passes the roster's sid (else the e-mail) as --numbers-for."""
    from autograder.packaging.gradescope import run_autograder_script

    run = run_autograder_script(get_assignment("ps2-descent"))
    assert '--numbers-for "$SUBMITTER"' in run
    start = run.index('SUBMITTER="$("$PYTHON" -c \'') + len('SUBMITTER="$("$PYTHON" -c \'')
    code = run[start : run.index("' \\", start)]
    metadata = tmp_path / "submission_metadata.json"
    metadata.write_text(json.dumps({"id": 4242, **({"users": users} if users is not None else {})}))
    proc = subprocess.run(
        [sys.executable, "-c", code, str(metadata)], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == submitter
