"""Where the feedback page's templates are, for ``nbgrader_config.py``.

Every command of the course loads ``nbgrader_config.py`` first, and the batch
(``python -m autograder autograde``) starts its fork server only once it has
(the configuration says at which isolation level), so this module imports
nothing: not nbgrader, whose import would hold up the server's start. nbgrader's
own templates are found by its package's location alone.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

#: Our templates (the ``feedback`` page), beside the nbgrader front end.
TEMPLATES = Path(__file__).resolve().parent / "nbgrader" / "templates"


def template_dirs() -> list[str]:
    """The template folders the feedback page needs: ours, and nbgrader's (it extends it)."""
    spec = importlib.util.find_spec("nbgrader")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("nbgrader is not installed")
    nbgrader = Path(next(iter(spec.submodule_search_locations)))
    return [str(TEMPLATES), str(nbgrader / "server_extensions/formgrader/templates")]
