"""The Gradescope autograder zip for one assignment.

``python -m autograder gradescope ps2-descent`` writes
``build/gradescope-ps2-descent.zip`` holding::

    setup.sh            run once by Gradescope when it builds the image: Python 3.11,
                        a virtual environment, ``pip install ./autograder-src``
    run_autograder      run per submission: finds the notebook under
                        /autograder/submission, runs ``python -m autograder grade``,
                        which writes /autograder/results/results.json
    autograder-src/     this package (hidden checks and references included: the
                        zip goes to Gradescope, never to students), pyproject.toml,
                        nbgrader_config.py, README.md, the assignment's
                        instructor notebook source/<id>/<notebook>.ipynb and the
                        course's run seed .autograder/<id>.seed (so Gradescope
                        draws the inputs every other grading path draws)

Both scripts read ``AUTOGRADER_ROOT`` (default ``/autograder``), so they can run
in a scratch tree (the tests do). The zip is byte-for-byte reproducible: fixed
timestamps, sorted entries.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..assignments import REPO_ROOT, Assignment, get_assignment
from ..seeds import run_seed, seed_path
from .tree import PACKAGE_DIR, tree_files

SOURCE_DIR = "autograder-src"
COURSE_FILES = ("pyproject.toml", "README.md", "nbgrader_config.py")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# Built by `python -m autograder gradescope`; see docs/ci.md.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

# Python 3.11: Gradescope's Ubuntu base images have python3, not always 3.11
# (Ubuntu 22.04 has python3.11 in its own archive).
apt-get update
if ! python3.11 -c "import ensurepip, venv" >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends python3.11 python3.11-venv || {
        echo "setup.sh: cannot install python3.11 with apt; choose the Ubuntu 22.04 base image" >&2
        exit 1
    }
fi
# bubblewrap lets the grader isolate student code in namespaces where the container allows it.
apt-get install -y --no-install-recommends bubblewrap ||
    echo "setup.sh: no bubblewrap; student code runs at the sandbox's process level" >&2

python3.11 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --upgrade pip
# The package pins torch==2.13.0 and pip takes it from its default index. For PyTorch's
# smaller CPU-only wheels, add your choice of --extra-index-url here (docs/ci.md).
"$ROOT/venv/bin/python" -m pip install ./autograder-src
"$ROOT/venv/bin/python" -m autograder --version
"$ROOT/venv/bin/python" -c "import torch; print('torch', torch.__version__)"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission. Built by `python -m autograder gradescope`.
# AUTOGRADER_ROOT (default /autograder) lets it run in a scratch tree.
set -uo pipefail
ASSIGNMENT="@ASSIGNMENT@"
NOTEBOOK="@NOTEBOOK@"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SRC="$ROOT/source/autograder-src"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"

# The environment setup.sh made; without it, python3.11 (or python3) from PATH.
if [ -x "$ROOT/venv/bin/python" ]; then
    PYTHON="$ROOT/venv/bin/python"
else
    PYTHON="$(command -v python3.11 || command -v python3 || true)"
fi

NO_PYTHON="The autograder has no Python; please tell course staff."
# zero MESSAGE: results.json with score 0 and MESSAGE shown to the student.
zero() {
    echo "run_autograder: $1" >&2
    if [ -n "$PYTHON" ]; then
        "$PYTHON" - "$RESULTS" "$1" <<'PY'
import json, sys
path, message = sys.argv[1], sys.argv[2]
result = {"score": 0.0, "output": message, "visibility": "visible", "tests": []}
with open(path, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=2)
PY
    else
        printf '{"score": 0.0, "output": "%s", "tests": []}\n' "$NO_PYTHON" >"$RESULTS"
    fi
}

# The submitted notebook: the one named for the assignment (shallowest first), else the only one.
SUB="$ROOT/submission"
notebooks() {
    find "$SUB" -type f -iname "$1" -not -path '*/.ipynb_checkpoints/*' 2>/dev/null |
        awk -F/ '{ print NF "\t" $0 }' | sort -n | cut -f2-
}
mapfile -t named < <(notebooks "$NOTEBOOK")
mapfile -t every < <(notebooks '*.ipynb')
if [ "${#named[@]}" -ge 1 ]; then
    nb="${named[0]}"
elif [ "${#every[@]}" -eq 1 ]; then
    nb="${every[0]}"
elif [ "${#every[@]}" -eq 0 ]; then
    zero "No notebook was found in your submission. Upload $NOTEBOOK, the notebook \
from the release with your answers in it, and submit again."
    exit 0
else
    zero "Your submission holds ${#every[@]} notebooks and none is named $NOTEBOOK, \
so the autograder cannot tell which to grade. Submit only $NOTEBOOK."
    exit 0
fi
if [ -z "$PYTHON" ]; then
    zero "$NO_PYTHON"
    exit 0
fi

# The submission id seeds this student's inputs (recorded in results.json).
STUDENT="${SUBMISSION_ID:-}"
if [ -z "$STUDENT" ] && [ -f "$ROOT/submission_metadata.json" ]; then
    STUDENT="$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' \
        "$ROOT/submission_metadata.json" 2>/dev/null || true)"
fi
STUDENT="${STUDENT:-student}"
# The hand-computed items are graded on the submitter's own numbers, drawn from the id the
# student types into STUDENT_ID: the roster's Student ID (sid), else their e-mail address.
SUBMITTER=""
if [ -f "$ROOT/submission_metadata.json" ]; then
    SUBMITTER="$("$PYTHON" -c 'import json, sys
users = json.load(open(sys.argv[1])).get("users") or [{}]
print(users[0].get("sid") or users[0].get("email") or "")' \
        "$ROOT/submission_metadata.json" 2>/dev/null || true)"
fi

# Students read results.json at once: before the assignment's due date (Gradescope's own)
# it holds no hidden input and no expected answer (autograder/visibility.py).
DUE=""
if [ -f "$ROOT/submission_metadata.json" ]; then
    DUE="$("$PYTHON" -c 'import json, sys
print((json.load(open(sys.argv[1])).get("assignment") or {}).get("due_date") or "")' \
        "$ROOT/submission_metadata.json" 2>/dev/null || true)"
fi

# From the bundled source, so its nbgrader_config.py and instructor notebook are used.
if ! cd "$SRC"; then
    zero "The autograder is incomplete ($SRC is missing); please tell course staff."
    exit 0
fi
# The device, the seed and the limits come from the bundled nbgrader_config.py and the
# course's recorded seed, as on every other grading path.
"$PYTHON" -m autograder grade "$nb" --assignment "$ASSIGNMENT" --results "$RESULTS" \
    --student "$STUDENT" --numbers-for "$SUBMITTER" --course-dir "$SRC" \
    --student-view ${DUE:+--due-date "$DUE"}
status=$?
if [ "$status" -ne 0 ] || [ ! -s "$RESULTS" ]; then
    zero "The autograder could not grade this submission (exit status $status). \
This is not your fault: course staff can see the log and will regrade it."
fi
exit 0
"""


@dataclass(frozen=True)
class ZipEntry:
    """One file of the zip: where it goes, its bytes, whether it is executable."""

    name: str
    data: bytes
    executable: bool = False


def run_autograder_script(a: Assignment) -> str:
    """``run_autograder`` for one assignment."""
    return RUN_AUTOGRADER.replace("@ASSIGNMENT@", a.id).replace("@NOTEBOOK@", a.filename)


def zip_entries(assignment_id: str, course_root: Path = REPO_ROOT) -> list[ZipEntry]:
    """Everything the Gradescope zip holds, in the order it is written.

    Raises
    ------
    KeyError
        For an unknown assignment.
    FileNotFoundError
        When the course root lacks a file the bundle needs.
    """
    a = get_assignment(assignment_id)
    entries = [
        ZipEntry("setup.sh", SETUP_SH.encode(), executable=True),
        ZipEntry("run_autograder", run_autograder_script(a).encode(), executable=True),
    ]
    needed = [course_root / f for f in COURSE_FILES] + [a.source_path(course_root)]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"the course root lacks {', '.join(missing)}")
    for name in COURSE_FILES:
        entries.append(ZipEntry(f"{SOURCE_DIR}/{name}", (course_root / name).read_bytes()))
    source = a.source_path(course_root)
    entries.append(
        ZipEntry(f"{SOURCE_DIR}/source/{a.id}/{a.filename}", source.read_bytes()),
    )
    seed = run_seed(course_root, a.id, _configured_seed(course_root))
    entries.append(ZipEntry(f"{SOURCE_DIR}/{seed_path(Path(), a.id)}", f"{seed}\n".encode()))
    for rel in tree_files(PACKAGE_DIR):
        entries.append(
            ZipEntry(f"{SOURCE_DIR}/autograder/{rel.as_posix()}", (PACKAGE_DIR / rel).read_bytes())
        )
    return entries


def _configured_seed(course_root: Path) -> int | None:
    """``c.Grader.seed`` of the course's ``nbgrader_config.py`` (None when unset)."""
    from ..config import Grader, load_config

    return Grader(config=load_config(course_root / "nbgrader_config.py")).seed


def build_gradescope_zip(
    assignment_id: str, output: str | Path | None = None, course_root: Path = REPO_ROOT
) -> Path:
    """Write the Gradescope autograder zip for ``assignment_id``.

    Parameters
    ----------
    assignment_id : str
        e.g. ``"ps2-descent"``.
    output : str or Path, optional
        Zip to write (default ``build/gradescope-<id>.zip`` in the current directory).
    course_root : Path
        Course directory with ``source/``, ``pyproject.toml`` and ``nbgrader_config.py``.

    Returns
    -------
    Path
        The zip written. Upload it as the assignment's autograder on Gradescope.
    """
    entries = zip_entries(assignment_id, course_root)
    path = Path(output) if output else Path("build") / f"gradescope-{assignment_id}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if entry.executable else 0o100644) << 16
            zf.writestr(info, entry.data)
    return path


def extract(zip_path: str | Path, dest: str | Path) -> None:
    """Unpack a zip keeping the executable bits (``zipfile`` alone drops them)."""
    dest = Path(dest)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
        for info in zf.infolist():
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                (dest / info.filename).chmod(mode)
