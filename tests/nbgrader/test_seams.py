"""The nbgrader code our adapters depend on is the code they were written against.

``autograder.nbgrader.recording.SEAMS`` names every private nbgrader function or class
that an adapter replaces, wraps or copies the working of, with a digest of its source
in the pinned release. An nbgrader upgrade that changes any of them fails here, with
the adapter to check, instead of grading differently without a word.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect

import pytest

from autograder.nbgrader.recording import PATCHED, SEAMS


def resolve(qualified: str):
    """The object named ``package.module.Class.attribute`` (longest importable module)."""
    parts = qualified.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(qualified)


@pytest.mark.parametrize("qualified", sorted(SEAMS))
def test_the_code_an_adapter_depends_on_is_unchanged(qualified):
    adapter, digest = SEAMS[qualified]
    source = inspect.getsource(resolve(qualified))
    found = hashlib.sha256(source.encode()).hexdigest()[:16]
    assert found == digest, (
        f"nbgrader changed {qualified}: check autograder.nbgrader {adapter} against the "
        f"new code, then set its digest in SEAMS to {found!r}"
    )


@pytest.mark.parametrize("qualified", PATCHED)
def test_what_the_adapters_replace_is_still_there(qualified):
    assert resolve(qualified) is not None


def test_no_module_outside_the_nbgrader_package_imports_nbgrader():
    """Only ``autograder/nbgrader/`` knows nbgrader's Python API (other modules may name
    its command line and server extensions, which are configuration, not code)."""
    import ast

    from autograder.assignments import REPO_ROOT

    package = REPO_ROOT / "autograder"
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.is_relative_to(package / "nbgrader"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            found += [
                f"{path.relative_to(REPO_ROOT)}: {n}"
                for n in names
                if n.split(".")[0] == "nbgrader"
            ]
    assert found == []
