"""Storage and memory attacks: what a submission writes is capped, seen from the host too.

Each attack of :data:`~tests.adversarial.attacks.STORAGE_ATTACKS` writes into
``/tmp``, ``/dev/shm``, ``$HOME`` or the working directory (32 MiB files, each
under the file-size limit), makes a million empty files, or grows sparse files
and gives them real blocks, until it is stopped, and answers how much it got
(in the feedback, as grad_descent's wrong answer). Beside everything the
adversarial suite asserts for every attack (``test_attacks.assert_contained``),
the host's shared memory and the disk use of its temporary folder and of the
course stay under 512 MiB while it runs, and the attack got no more than the
storage limit. The memory attacks (``memfd`` files and System V shared memory
that no rlimit sees) run only where the submission has a memory cgroup and
stay under its limit.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from autograder.assignments import REPO_ROOT
from autograder.sandbox.cgroups import memory_cgroups
from tests.adversarial import test_attacks
from tests.adversarial.attacks import MEMORY_ATTACKS, STORAGE_ATTACKS, STORAGE_HOST_CAP_MIB, Attack
from tests.adversarial.hostuse import HostUse
from tests.adversarial.test_attacks import Arena, assert_contained, open_arena

pytestmark = pytest.mark.slow
MEMORY_MB, STORAGE_MB, STORAGE_FILES = 1024, 256, 16384
#: The suite's configuration, with less memory (so that the memory attacks meet their
#: cgroup's limit, memory plus storage, soon) and the default storage limits spelled out.
CONFIG = test_attacks.CONFIG.replace(
    "c.Grader.memory_mb = 3072", f"c.Grader.memory_mb = {MEMORY_MB}"
) + (f"c.Grader.storage_mb = {STORAGE_MB}\nc.Grader.storage_files = {STORAGE_FILES}\n")


@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    assert f"memory_mb = {MEMORY_MB}" in CONFIG
    yield from open_arena(tmp_path_factory.mktemp("storage-arena"), CONFIG)


def got(data: dict) -> float:
    """What the attack says it wrote: grad_descent's answer, as its feedback shows it."""
    feedback = next(t["output"] for t in data["tests"] if t["name"] == "grad_descent")
    found = re.search(r"is (-?[0-9.e+]+),", feedback)
    assert found, f"no answer in the feedback: {feedback}"
    return float(found[1])


def watch(arena: Arena, attack: Attack) -> tuple[dict, HostUse]:
    with HostUse([Path(tempfile.gettempdir()), arena.root, REPO_ROOT]) as use:
        data = assert_contained(arena, attack)
    return data, use


@pytest.mark.parametrize("attack", STORAGE_ATTACKS, ids=[a.id for a in STORAGE_ATTACKS])
def test_storage_is_capped_on_the_host(arena, attack, request):
    data, use = watch(arena, attack)
    figures = use.figures()
    assert use.peak_shmem < STORAGE_HOST_CAP_MIB << 20, figures
    assert use.peak_disk < STORAGE_HOST_CAP_MIB << 20, figures
    if attack.id == "disk-limit-message":
        feedback = next(t["output"] for t in data["tests"] if t["name"] == "grad_descent")
        assert f"hit the disk limit ({STORAGE_MB} MiB of files)" in feedback, feedback
        written = None
    elif attack.id == "many-small-files":
        written = got(data)
        assert 0 < written < STORAGE_FILES  # stopped by the number of files
    else:
        written = got(data)
        assert 0 < written <= STORAGE_MB  # stopped by the size of its storage
    request.node.user_properties.append(
        ("storage", {"attack": attack.id, "got": written, **figures})
    )


@pytest.mark.parametrize("attack", MEMORY_ATTACKS, ids=[a.id for a in MEMORY_ATTACKS])
def test_memory_no_rlimit_sees_is_capped_by_the_cgroup(arena, attack, request):
    support = memory_cgroups()
    if support.version is None:
        pytest.skip(f"not defended without a memory cgroup (SECURITY.md): {support.detail}")
    data, use = watch(arena, attack)
    figures = use.figures()
    cap_mib = MEMORY_MB + STORAGE_MB
    assert use.peak_shmem < (cap_mib + 64) << 20, figures
    feedback = next(t["output"] for t in data["tests"] if t["name"] == "grad_descent")
    if "memory limit" in feedback:  # killed at the cgroup's limit
        assert f"hit the memory limit ({cap_mib} MiB" in feedback
        written = None
    else:  # stopped by a cap of its own kind first (System V: the storage size)
        written = got(data)
        assert written < cap_mib
    request.node.user_properties.append(
        ("storage", {"attack": attack.id, "got": written, **figures})
    )
