"""The public release tree: the package without hidden checks, plus release/."""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.cli import main
from autograder.packaging.public import LeakError, build_public_tree, find_leaks
from tests.packaging.conftest import student_environment

PROBE = """
import importlib.util, json
import autograder, autograder.selfcheck
from autograder.assignments import ASSIGNMENTS
def found(module):
    return [a.id for a in ASSIGNMENTS.values() if importlib.util.find_spec(f"{a.package}.{module}")]
print(json.dumps({
    "package": autograder.__file__,
    "checks": importlib.util.find_spec("autograder.checks") is not None,
    "reference": bool(found("reference")),
    "assignment_checks": found("checks"),
    "pictures": found("pictures"),
}))
"""


def test_the_tree_has_the_package_and_release_but_nothing_hidden(public_tree):
    assert (public_tree / "autograder" / "selfcheck.py").is_file()
    assert (public_tree / "autograder" / "sandbox" / "worker.py").is_file()
    assert not (public_tree / "autograder" / "checks").exists()
    assert not (public_tree / "autograder" / "reference").exists()
    assert not (public_tree / "source").exists()
    for a in ASSIGNMENTS.values():
        assert a.release_path(public_tree).read_bytes() == a.release_path().read_bytes()
        # the registry ships, the assignment's folder holds nothing of its grading
        folder = public_tree / a.folder.relative_to(REPO_ROOT)
        assert [p.name for p in folder.iterdir()] == ["__init__.py"], a.id
        assert a.checks_path.is_file() and (a.folder / "reference.py").is_file()
    assert (public_tree / "autograder" / "assignments" / "__init__.py").is_file()
    for hidden in ("checks.py", "reference.py", "pictures.py"):
        assert not list(public_tree.rglob(hidden)), hidden
    assert not list(public_tree.rglob("__pycache__"))
    assert find_leaks(public_tree) == []


def test_only_the_public_package_is_importable_in_a_student_environment(public_tree, tmp_path):
    env = student_environment(public_tree, tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert f'"package": "{public_tree}' in out.stdout
    assert '"checks": false' in out.stdout and '"reference": false' in out.stdout
    assert '"assignment_checks": []' in out.stdout and '"pictures": []' in out.stdout


def test_a_planted_model_answer_or_hidden_check_is_found(public_tree, tmp_path):
    tree = build_public_tree(tmp_path / "course")
    (tree / "autograder" / "checks").mkdir()
    solution = (REPO_ROOT / "source" / "ps2-descent" / "descent.ipynb").read_text()
    (tree / "release" / "ps2-descent" / "extra.ipynb").write_text(solution)
    assert find_leaks(tree) == ["autograder/checks", "release/ps2-descent/extra.ipynb"]


def test_a_planted_check_or_reference_of_an_assignment_is_found(public_tree, tmp_path):
    tree = build_public_tree(tmp_path / "course")
    folder = tree / "autograder" / "assignments" / "ps5_new"
    folder.mkdir()
    for name in ("__init__.py", "checks.py", "reference.py", "pictures.py"):
        (folder / name).write_text("SECRET = 1\n")
    assert find_leaks(tree) == [
        f"autograder/assignments/ps5_new/{name}"
        for name in ("checks.py", "pictures.py", "reference.py")
    ]


def test_a_rebuild_replaces_what_it_manages_and_keeps_the_rest(tmp_path):
    tree = tmp_path / "course"
    (tree / ".git").mkdir(parents=True)
    (tree / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tree / "autograder" / "checks").mkdir(parents=True)  # left over from a mistake
    (tree / "autograder" / "checks" / "ps1.py").write_text("SECRET = 1\n")
    build_public_tree(tree)
    assert (tree / ".git" / "HEAD").is_file()
    assert not (tree / "autograder" / "checks").exists()


def test_it_refuses_to_write_over_the_course(capsys):
    with pytest.raises(ValueError, match="refusing"):
        build_public_tree(REPO_ROOT)
    assert main(["public-release", str(REPO_ROOT.parent)]) == 2
    assert "refusing" in capsys.readouterr().err


def test_a_course_without_release_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="release"):
        build_public_tree(tmp_path / "out", course_root=tmp_path)


def test_the_command_writes_the_tree(tmp_path, capsys):
    assert main(["public-release", str(tmp_path / "pub")]) == 0
    assert "no hidden checks" in capsys.readouterr().out
    assert (tmp_path / "pub" / "release" / "ps1-gradients" / "gradients.ipynb").is_file()
    assert find_leaks(tmp_path / "pub") == []


def test_a_leak_stops_the_build(tmp_path, monkeypatch):
    import autograder.packaging.public as public

    monkeypatch.setattr(public, "HIDDEN_PACKAGES", frozenset())  # as if we forgot to skip them
    with pytest.raises(LeakError, match="checks"):
        build_public_tree(tmp_path / "course")


def test_a_leaked_assignment_module_stops_the_build(tmp_path, monkeypatch):
    import autograder.packaging.public as public

    monkeypatch.setattr(public, "HIDDEN_MODULES", ())  # as if we forgot to skip them
    with pytest.raises(LeakError, match="ps1_gradients/reference.py"):
        build_public_tree(tmp_path / "course")


def test_students_get_their_own_readme_and_instructor_commands_say_where_they_are(
    public_tree, tmp_path
):
    readme = (public_tree / "README.md").read_text()
    assert "python -m autograder check" in readme and "exits with status 0" in readme
    for instructor_only in ("autograder demo", "autograder grade", "autograde ", "report"):
        assert instructor_only not in readme, instructor_only
    env = student_environment(public_tree, tmp_path)
    for command in (["demo"], ["grade", "x.ipynb", "--assignment", "ps2-descent"]):
        out = subprocess.run(
            [sys.executable, "-m", "autograder", *command],
            env=env, cwd=tmp_path, capture_output=True, text=True,
        )  # fmt: skip
        assert out.returncode == 2, out.stderr
        assert "public student release" in out.stderr and "Traceback" not in out.stderr
