"""README opens with the two commands, and .ci/run runs README's test command verbatim."""

from __future__ import annotations

import re

from autograder.assignments import REPO_ROOT


def readme_commands() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text()
    return re.findall(r"```bash\n(.+?)\n```", text)[:2]


def test_readme_opens_with_the_demo_and_the_test_command():
    demo, tests = readme_commands()
    assert ".venv" in demo and "python -m autograder demo" in demo
    assert ".venv" in tests and "python -m pytest" in tests


def test_ci_runs_the_readme_test_command():
    _, tests = readme_commands()
    ci = (REPO_ROOT / ".ci" / "run").read_text().splitlines()
    assert tests in ci
