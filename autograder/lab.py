"""``python -m autograder lab``: JupyterLab 4 on the course, with nbgrader's extensions.

JupyterLab runs in the course directory (``cwd`` and ``ServerApp.root_dir``, so
nbgrader finds ``nbgrader_config.py``, ``source/`` and ``gradebook.db``), bound
to loopback, with nbgrader's server extensions switched on by the command line
(formgrader, assignment list, course list, validate) rather than by
``jupyter server extension enable``: nothing in the environment or in the
user's Jupyter configuration is changed. The lab side of nbgrader (the
*Nbgrader* menu with *Formgrader* and *Assignment List*, and the *Create
Assignment* sidebar of a notebook) is the ``@jupyter/nbgrader`` lab extension
that ``pip install nbgrader`` installs.

The token is Jupyter's usual one (printed in the log; set ``JUPYTER_TOKEN`` to
choose it). Any further Jupyter option goes after ``--``, e.g.
``python -m autograder lab -- --ServerApp.port_retries=0``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from .release import nbgrader_env

#: nbgrader's Jupyter server extensions, all enabled by :func:`lab_command`.
NBGRADER_SERVER_EXTENSIONS: tuple[str, ...] = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.validate_assignment",
)

_FORWARDED_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@dataclass(frozen=True)
class LabOptions:
    """How to start JupyterLab on a course.

    Attributes
    ----------
    course_dir : Path
        The nbgrader course root (holds ``nbgrader_config.py``).
    port : int
        Port to listen on; Jupyter tries the next ones if it is taken, unless
        ``--ServerApp.port_retries=0`` is among ``jupyter_args``.
    ip : str
        Address to bind; loopback by default, so only this machine can connect.
    open_browser : bool
        Whether Jupyter opens a browser tab on start.
    exchange : Path or None
        nbgrader exchange directory (``Exchange.root``) for the assignment list
        and release/collect; created if missing. ``None``: the one the course's
        ``nbgrader_config.py`` sets, else ``<course>/exchange`` (course-local and
        gitignored: nbgrader's default, ``/srv/nbgrader/exchange``, rarely
        exists, and the assignment list then shows an error banner on every page).
    jupyter_args : tuple of str
        Further ``jupyter lab`` options, passed as they are (they come last, so
        they override ours).
    """

    course_dir: Path
    port: int = 8888
    ip: str = "127.0.0.1"
    open_browser: bool = True
    exchange: Path | None = None
    jupyter_args: tuple[str, ...] = field(default_factory=tuple)


def check_course_dir(course_dir: Path) -> Path:
    """The absolute course directory, or a ``ValueError`` saying what is wrong with it.

    Parameters
    ----------
    course_dir : Path
        The directory to check.

    Returns
    -------
    Path
        ``course_dir`` resolved.

    Raises
    ------
    ValueError
        If it is not a directory or has no ``nbgrader_config.py``.
    """
    path = Path(course_dir).expanduser().resolve()
    if not path.is_dir():
        raise ValueError(f"course directory {path} does not exist")
    if not (path / "nbgrader_config.py").is_file():
        raise ValueError(
            f"{path} is not an nbgrader course directory (no nbgrader_config.py there)"
        )
    return path


def default_exchange(course: Path) -> Path | None:
    """The exchange ``lab`` uses when none is given: None where the course's config sets
    ``Exchange.root`` (that one is kept), else the course-local ``<course>/exchange``."""
    from .config import load_config

    try:
        config = load_config(course / "nbgrader_config.py")
    except Exception:  # an unreadable config: nbgrader itself will say what is wrong
        return None
    return None if "root" in config.get("Exchange", {}) else course / "exchange"


def lab_command(options: LabOptions) -> list[str]:
    """The ``jupyter lab`` command line for ``options`` (run it with cwd = the course).

    Parameters
    ----------
    options : LabOptions
        Course, address and extra options.

    Returns
    -------
    list of str
        ``[python, "-P", "-m", "jupyterlab", ...]`` with this interpreter.
    """
    course = Path(options.course_dir).resolve()
    if not 0 < options.port < 65536:
        raise ValueError(f"port must be between 1 and 65535, not {options.port}")
    cmd = [
        sys.executable,
        "-P",  # the course directory (it holds student files) never goes on sys.path
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={course}",
        f"--ServerApp.ip={options.ip}",
        f"--ServerApp.port={options.port}",
        f"--ServerApp.open_browser={options.open_browser}",
    ]
    for extension in NBGRADER_SERVER_EXTENSIONS:
        cmd += ["--ServerApp.jpserver_extensions", f"{extension}=True"]
    if options.exchange is not None:
        cmd.append(f"--Exchange.root={Path(options.exchange).resolve()}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--ServerApp.allow_root=True")  # containers and CI run as root
    cmd += list(options.jupyter_args)
    return cmd


def launch_lab(options: LabOptions, **popen_kwargs: object) -> subprocess.Popen:
    """Start JupyterLab on the course in the background and return the process.

    Parameters
    ----------
    options : LabOptions
        What to start.
    **popen_kwargs
        Passed to :class:`subprocess.Popen` (``env``, ``stdout``,
        ``start_new_session`` ...); ``cwd`` is always the course directory.

    Returns
    -------
    subprocess.Popen
        The running server; the caller stops it.

    Raises
    ------
    ValueError
        If the course directory or the exchange is not usable, or the port is
        out of range.
    """
    course = check_course_dir(options.course_dir)
    exchange = options.exchange if options.exchange is not None else default_exchange(course)
    options = replace(options, course_dir=course, exchange=exchange)
    if options.exchange is not None:
        try:
            Path(options.exchange).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValueError(f"cannot create the exchange directory: {exc}") from exc
    popen_kwargs.setdefault("env", nbgrader_env())  # the venv's bin first, for alembic
    return subprocess.Popen(lab_command(options), cwd=course, **popen_kwargs)  # type: ignore[call-overload]


def run_lab(options: LabOptions) -> int:
    """Run JupyterLab in the foreground until it stops (Ctrl-C); returns its exit status.

    Parameters
    ----------
    options : LabOptions
        What to start.

    Returns
    -------
    int
        Jupyter's exit status; 2 if the course directory or options are unusable.
    """
    try:
        proc = launch_lab(options)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    def forward(signum: int, _frame: object) -> None:
        proc.send_signal(signum)

    # SIGTERM/SIGHUP to this launcher stop Jupyter too; Ctrl-C in a terminal reaches
    # both processes, and Jupyter asks to confirm (a second Ctrl-C stops it).
    previous = {sig: signal.signal(sig, forward) for sig in _FORWARDED_SIGNALS}
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                continue
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
