"""``python -m autograder``.

``python -m`` puts the current directory first on ``sys.path``; a course or
submission directory may hold student files named like modules (``torch.py``,
``conftest.py``), so it is dropped before anything else is imported.

jsonschema (under nbformat) imports ``rfc3987_syntax``, when installed, for its
``iri`` format checks; that module builds a Lark parser at import, a large
part of every command's start-up. Nothing this process runs validates with format
checks (nbformat and nbgrader validate structure only; JupyterLab runs in its
own process), so this process does without it.

A batch (``autograde``) holds SIGINT and SIGTERM from its first moment, so that
even a stop that comes while it starts is answered with its summary
(``autograder.batch.stopping``). It ends without tearing down, object by object, all it
imported (torch, nbgrader, the checks): by then
everything is written and closed, and the exit handlers still run (fork
servers, temporary files, multiprocessing, logging).
"""

import atexit
import os
import sys

sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
sys.modules.setdefault("rfc3987_syntax", None)  # importing it raises ImportError
if sys.argv[1:2] == ["autograde"]:  # a SIGINT or SIGTERM from now waits for the batch to take it
    from .batch.stopping import STOPPER

    STOPPER.hold()

from .cli import main  # noqa: E402

code = main()
if sys.argv[1:2] == ["autograde"]:
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
sys.exit(code)
