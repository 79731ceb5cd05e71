"""Temporary folders (and cgroups) that name their owner, so a later grader reclaims them.

A grader killed with ``kill -9`` runs no ``finally`` and no ``atexit``: what it
made in ``/tmp``, in the course's ``.autograder/work/`` or in a memory cgroup
stays. Everything of that kind is named ``<prefix><owner>-<random>``, where
``<owner>`` is :func:`owner_tag` of the process that made it (its pid and its
start time, so a recycled pid does not pass for the dead owner).
:func:`reclaim` removes the entries of owners that are gone; the next grader
calls it before making its own.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

_TAG = re.compile(r"(\d+)\.(\d+)-")


def _start_time(pid: int) -> str | None:
    """Field 22 of ``/proc/PID/stat`` (clock ticks after boot); None if no such process
    runs. A zombie has ended (only its parent's wait is missing, and an orphan's new
    parent may be slow to reap it): it counts as gone, so what it left can be
    reclaimed at once. Its pid is not reused before it is reaped."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: count from its end
    fields = data[data.rindex(b")") + 2 :].split()
    if fields[0] in (b"Z", b"X"):
        return None
    return fields[19].decode()


@functools.cache
def _own_tag(pid: int) -> str:
    return f"{pid}.{_start_time(pid)}"


def owner_tag() -> str:
    """``<pid>.<start time>`` of this process: unique among the processes of one boot."""
    return _own_tag(os.getpid())


def owner_alive(tag: str) -> bool:
    """Whether the process that ``tag`` names still runs."""
    pid, start = tag.split(".", 1)
    return _start_time(int(pid)) == start


def owned_tempdir(prefix: str, folder: Path | None = None) -> Path:
    """A new folder ``<folder>/<prefix><owner>-<random>`` (``folder``: the temporary one)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{owner_tag()}-", dir=folder))


def orphans(prefix: str, folder: Path) -> list[Path]:
    """Entries of ``folder`` named by :func:`owned_tempdir` whose owner is gone."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if not name.startswith(prefix):
            continue
        match = _TAG.match(name, len(prefix))
        if match and not owner_alive(f"{match[1]}.{match[2]}"):
            found.append(folder / name)
    return found


def reclaim(prefix: str, folder: Path | None = None, remove: Callable[[Path], None] | None = None):
    """Remove what dead owners left under ``folder`` (default: the temporary folder).

    Only real folders owned by this user are removed (``/tmp`` is shared: a
    symlink or someone else's folder of that name is left alone). ``remove``
    replaces the removal (a cgroup is removed with ``rmdir``). Returns what was
    removed.
    """
    folder = Path(folder or tempfile.gettempdir())
    removed = []
    for path in orphans(prefix, folder):
        try:
            info = path.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            continue
        try:
            if remove is None:
                _make_removable(path)
                shutil.rmtree(path)
            else:
                remove(path)
        except OSError:
            continue  # still busy, or someone else's business: the next grader tries again
        removed.append(path)
    return removed


def _make_removable(path: Path) -> None:
    """Give the owner write access to every folder below ``path`` (nbgrader makes files
    read-only, and a folder without write access keeps its entries)."""
    for root, dirs, _ in os.walk(path):
        for name in dirs:
            sub = os.path.join(root, name)
            try:
                if not os.path.islink(sub):
                    os.chmod(sub, stat.S_IMODE(os.lstat(sub).st_mode) | stat.S_IRWXU)
            except OSError:
                pass
