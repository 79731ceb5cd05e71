"""The host's shared memory and disk, watched while a submission is graded.

Files in a tmpfs, a ``memfd`` or System V shared memory are "Shmem" in
``/proc/meminfo``: memory no rlimit counts and no swap frees. Files in a
scratch folder on the host take disk space. :class:`HostUse` samples both
while its ``with`` block runs and keeps the peak increase over the start (an
upper bound of what the submission took: anything else that runs on the host
meanwhile adds to it, never takes from it).
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

MIB = 1024 * 1024


def _meminfo() -> dict[str, int]:
    """``/proc/meminfo`` in bytes."""
    out = {}
    with open("/proc/meminfo") as fh:
        for line in fh:
            key, value = line.split(":", 1)
            out[key] = int(value.split()[0]) * 1024
    return out


def _used(path: Path) -> int:
    info = os.statvfs(path)
    return (info.f_blocks - info.f_bfree) * info.f_frsize


class HostUse:
    """Peak increase of the host's shared memory, and of the disk use of ``folders``'
    file systems (default: the temporary folder's), while inside.

    Parameters
    ----------
    folders : list of Path
        Folders whose file systems to watch (one sample per file system).
    interval : float
        Seconds between samples.
    """

    def __init__(self, folders: list[Path] | None = None, interval: float = 0.01) -> None:
        folders = folders or [Path(tempfile.gettempdir())]
        by_device = {os.stat(f).st_dev: f for f in folders}
        self.folders = list(by_device.values())
        self.interval = interval
        self.peak_shmem = self.peak_disk = 0
        self.least_available = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        info = _meminfo()
        self.peak_shmem = max(self.peak_shmem, info["Shmem"] - self._shmem)
        self.least_available = min(self.least_available, info["MemAvailable"])
        disk = sum(_used(f) for f in self.folders) - self._disk
        self.peak_disk = max(self.peak_disk, disk)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> HostUse:
        info = _meminfo()
        self._shmem, self.least_available = info["Shmem"], info["MemAvailable"]
        self._disk = sum(_used(f) for f in self.folders)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def figures(self) -> dict[str, float]:
        """The peaks in MiB (for a report)."""
        return {
            "peak_shmem_mib": round(self.peak_shmem / MIB, 1),
            "peak_disk_mib": round(self.peak_disk / MIB, 1),
            "least_available_mib": round(self.least_available / MIB),
        }
