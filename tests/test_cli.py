"""python -m autograder grade: exit status, results.json, JUnit, table."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from autograder.assignments import get_assignment


def grade(*args, cwd=None):
    """The CLI in a subprocess; it accepts this host's best isolation (tests of the
    refusal itself are below)."""
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade", *args, "--allow-weaker-isolation"],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_unknown_assignment_is_a_usage_error(tmp_path):
    nb = tmp_path / "x.ipynb"
    nb.write_text("{}")
    proc = grade(str(nb), "--assignment", "ps9-nope")
    assert proc.returncode == 2 and "unknown assignment" in proc.stderr


def test_missing_notebook_is_a_usage_error(tmp_path):
    proc = grade(str(tmp_path / "absent.ipynb"), "--assignment", "ps2-descent")
    assert proc.returncode == 2 and "no such notebook" in proc.stderr


@pytest.mark.slow
def test_malformed_notebook_exits_zero_with_zero_scores(tmp_path):
    nb = tmp_path / "descent.ipynb"
    nb.write_text("this is not json")
    results = tmp_path / "results.json"
    proc = grade(
        str(nb),
        "--assignment",
        "ps2-descent",
        "--results",
        str(results),
        "--seed",
        "1",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(results.read_text())
    assert data["score"] == 0 and "not valid JSON" in data["output"]


@pytest.mark.slow
def test_blank_release_writes_results_and_junit(tmp_path):
    a = get_assignment("ps4-backprop")
    results, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    proc = grade(
        str(a.release_path()),
        "--assignment",
        a.id,
        "--results",
        str(results),
        "--junit",
        str(junit),
        "--seed",
        "5",
        "--device",
        "cpu",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(results.read_text())
    assert [t["name"] for t in data["tests"]] == list(a.graded_names)
    assert data["score"] == 0 and all(t["max_score"] > 0 for t in data["tests"])
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == str(len(a.graded_names))
    assert "total" in proc.stdout and a.graded_names[0] in proc.stdout


def test_refuses_below_the_required_isolation_and_says_how_to_fix_it(monkeypatch, capsys):
    from autograder import cli
    from autograder.sandbox import isolation

    weak = isolation.HostSupport(
        isolation.Level.PROCESS, "bwrap missing", isolation.FIXES["no-bwrap"]
    )
    monkeypatch.setattr(isolation, "detect", lambda: weak)
    a = get_assignment("ps2-descent")
    code = cli.main(["grade", str(a.release_path()), "--assignment", a.id])
    err = capsys.readouterr().err
    assert code == 1
    assert "refusing to grade" in err and "apt-get install bubblewrap" in err
    assert "--allow-weaker-isolation" in err


STARTUP_PROBE = """
import runpy, sys
sys.argv = ["autograder", "--version"]
try:
    runpy.run_module("autograder", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
import nbformat
nbformat.validate(nbformat.v4.new_notebook())  # jsonschema and its format checks imported
print(sys.modules.get("rfc3987_syntax", "absent"))
"""


def test_the_command_does_without_the_slow_iri_format_checker(tmp_path):
    """``python -m autograder`` keeps jsonschema from importing rfc3987_syntax (1.4 s)."""
    proc = subprocess.run(
        [sys.executable, "-c", STARTUP_PROBE], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "None"


def test_grading_one_notebook_leaves_later_fork_servers_their_idle_steps(monkeypatch):
    """``grade`` starts its fork server without idle-time steps, and only it: a server
    started later in the same process takes them (a global once stayed off for good)."""
    from autograder.assignments import REPO_ROOT, get_assignment
    from autograder.cli import main
    from autograder.sandbox.servers import default_servers

    seen = []

    def grade(*args, servers=None, **kwargs):
        seen.append(servers.late_steps)
        raise RuntimeError("not grading in this test")

    monkeypatch.setattr("autograder.engine.grade_notebook", grade)
    release = get_assignment("ps2-descent").release_path(REPO_ROOT)
    args = ["grade", str(release), "--assignment", "ps2-descent", "--seed", "1"]
    code = main([*args, "--allow-weaker-isolation"])
    assert code == 1 and seen == [False] and default_servers().late_steps is True
