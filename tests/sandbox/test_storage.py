"""A submission's files: capped in size and number, in memory of its own, never on the host.

With namespaces (levels ``full`` and ``userns``), warm and cold workers alike:
``/tmp``, ``/dev/shm`` and the home are sized tmpfs mounts (for a warm worker
one tmpfs for all three, with a cap on its files too), ``/dev`` is read-only,
and writing does not touch the host's disk. Past the cap the student gets the
disk limit's message for the cell that broke it.
"""

from __future__ import annotations

import pytest

from autograder.sandbox.isolation import Level, detect
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import Cell, StudentProcess
from tests.adversarial.hostuse import MIB, HostUse

LEVEL = detect().best
pytestmark = pytest.mark.skipif(LEVEL < Level.USERNS, reason="needs bubblewrap (namespaces)")
SMALL = Limits(storage_mb=32, storage_files=64, cell_timeout=10.0, submission_timeout=60.0)

WRITE = """
import os
def write(folder, mib):  # in files of 16 MiB, under the file-size limit
    for n in range(0, mib, 16):
        with open(os.path.join(folder, f'f{n}'), 'wb', buffering=0) as fh:
            for _ in range(min(16, mib - n)):
                fh.write(b'1' * (1 << 20))
"""


def run(cells: dict[str, str], limits: Limits = SMALL, warm: bool = True) -> StudentProcess:
    sp = StudentProcess([Cell(k, v) for k, v in cells.items()], limits, level=LEVEL, warm=warm)
    sp.run_cells()
    return sp


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_each_place_is_capped_and_the_message_names_the_limit(warm):
    cells = {"w": WRITE}
    places = ("'/tmp'", "'/dev/shm'", "os.path.expanduser('~')")
    for place in places:
        cells[place] = f"import os\nwrite({place}, 40)\n"
    with run(cells, warm=warm) as sp:
        for place in places:
            error = sp.outcomes[place].error
            assert error and error["message"] == "it hit the disk limit (32 MiB of files)", place
        assert any("disk limit" in i for i in sp.incidents)


def test_a_warm_worker_has_one_cap_for_all_its_places():
    """20 MiB in each of three places: 60 MiB in all, over the 32 MiB of one tmpfs."""
    cells = {"w": WRITE, "tmp": "write('/tmp', 20)", "shm": "write('/dev/shm', 20)"}
    with run(cells) as sp:
        assert sp.outcomes["tmp"].ok
        assert "disk limit" in sp.outcomes["shm"].error["message"]


def test_the_number_of_files_is_capped_too():
    many = "import os\nfor n in range(1000):\n    open(f'f{n}', 'w').close()\n"
    with run({"many": many, "after": "AFTER = len(os.listdir('.'))"}) as sp:
        assert "disk limit" in sp.outcomes["many"].error["message"]
        assert 0 < sp.get("AFTER") < SMALL.storage_files


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_dev_is_read_only_but_its_devices_work(warm):
    code = (
        "import os\nopen('/dev/null', 'w').write('x')\nZERO = open('/dev/zero', 'rb').read(4)\n"
        "try:\n    open('/dev/planted', 'w')\n    PLANTED = True\n"
        "except OSError:\n    PLANTED = False\n"
    )
    with run({"dev": code}, warm=warm) as sp:
        assert sp.get("ZERO") == "\x00" * 4 or sp.get("ZERO") is not None
        assert sp.get("PLANTED") is False


def test_nothing_is_written_to_the_hosts_disk():
    """100 MiB in the home and /tmp: memory of the sandbox's own, not the host's disk."""
    limits = Limits(storage_mb=128, cell_timeout=20.0, submission_timeout=60.0)
    with HostUse() as use:
        with run({"w": WRITE, "home": "write('.', 100)"}, limits) as sp:
            assert sp.outcomes["home"].ok
    assert use.peak_disk < 32 * MIB, use.figures()
    assert use.peak_shmem >= 90 * MIB, use.figures()  # (where it went: the tmpfs)
