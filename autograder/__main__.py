"""``python -m autograder``.

``python -m`` puts the current directory first on ``sys.path``; a course or
submission directory may hold student files named like modules (``torch.py``,
``conftest.py``), so it is dropped before anything else is imported.
"""

import os
import sys

sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]

from .cli import main  # noqa: E402

sys.exit(main())
