"""Helpers: run commands the way a student repository or Gradescope would."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from autograder.packaging.public import build_public_tree

#: Emulates `pip install ./course` of the public tree in this (editable) environment:
#: without it, the editable install's finder would still find autograder/checks here.
SITECUSTOMIZE = """\
import sys
sys.meta_path[:] = [f for f in sys.meta_path if "Editable" not in getattr(f, "__name__", "")]
"""


def python_bin() -> str:
    """The directory of this environment's interpreter (python, python3, python3.11)."""
    return str(Path(sys.executable).parent)


def student_environment(public_tree: Path, scratch: Path) -> dict[str, str]:
    """Environment in which ``python`` sees only the public tree's ``autograder``.

    Parameters
    ----------
    public_tree : Path
        Output of :func:`~autograder.packaging.public.build_public_tree`.
    scratch : Path
        Where to put the ``sitecustomize.py`` that hides the editable install.
    """
    site = scratch / "student-site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(public_tree)])
    env["PATH"] = os.pathsep.join([python_bin(), "/usr/bin", "/bin"])
    return env


@pytest.fixture(scope="module")
def public_tree(tmp_path_factory) -> Path:
    """The public release tree, built once per module."""
    return build_public_tree(tmp_path_factory.mktemp("public") / "course")
