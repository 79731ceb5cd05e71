"""pyproject.toml and environment.yml pin the same versions; torch stays pinned."""

from __future__ import annotations

import re
import tomllib

import yaml

from autograder.assignments import REPO_ROOT


def pins(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
        if m and not spec.startswith("-"):
            out[m.group(1).lower()] = m.group(2).replace(" ", "")
    return out


def test_environment_yml_pins_what_pyproject_pins():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    wanted = pins(project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    pip_block = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins(pip_block) == wanted
    assert "python=3.11" in env["dependencies"]


def test_torch_is_pinned_exactly():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert "torch==2.13.0" in project["dependencies"]


def test_no_file_of_the_package_is_ignored_by_git():
    """A file the package needs but git ignores never reaches a clean checkout (CI, a clone).

    The feedback page's template once sat under an ignored ``feedback/`` folder: every test
    passed here and the page lost its summary on every fresh machine.
    """
    import shutil
    import subprocess

    import pytest

    git = shutil.which("git")
    if git is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = [
        str(p.relative_to(REPO_ROOT))
        for p in (REPO_ROOT / "autograder").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    ignored = subprocess.run(
        [git, "check-ignore", "--no-index", "--stdin"],
        input="\n".join(files),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    ).stdout.split()
    assert ignored == []
