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
                "    for path in ['{repo}/autograder/checks/ps2_descent.py',\n"
                "                 '{repo}/autograder/reference/ps2_descent.py']:\n"
                "        try:\n            found += len(open(path).read()) > 0\n"
                "        except OSError:\n            pass\n"
                "    for mod in ['autograder.checks', 'autograder.reference.ps2_descent']:\n"
                "        try:\n            found += importlib.util.find_spec(mod) is not None\n"
                "        except Exception:\n            pass\n"
                "    found += len(glob.glob('/*/*/autograder/checks/*.py'))\n"
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
