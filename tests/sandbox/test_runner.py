"""The student process: failures cost only their cell, limits hold, nothing leaks in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from autograder.sandbox.isolation import Level
from autograder.sandbox.limits import Limits, StudentError
from autograder.sandbox.protocol import FunctionSource
from autograder.sandbox.runner import Cell, StudentProcess

FAST = Limits(cell_timeout=2.0, call_timeout=2.0, submission_timeout=60.0)


def run(cells: list[tuple[str, str]], limits: Limits = FAST) -> StudentProcess:
    sp = StudentProcess([Cell(label, src) for label, src in cells], limits)
    sp.run_cells()
    return sp


def test_a_broken_cell_costs_only_itself():
    with run(
        [
            ("ok1", "A = 1"),
            ("raises", "raise ValueError('nope')"),
            ("hangs", "while True:\n    pass"),
            ("exits", "import os\nos._exit(3)"),
            ("ok2", "B = A + 1"),
        ]
    ) as sp:
        out = sp.outcomes
        assert out["ok1"].ok and out["ok2"].ok
        assert out["raises"].error["type"] == "ValueError"
        assert out["hangs"].error["kind"] == "timeout"
        assert out["exits"].error["kind"] == "crashed"
        assert "exited with status 3" in out["exits"].error["message"]
        assert sp.get("B") == 2  # the cells after the crash were replayed in a fresh process


def test_sys_exit_in_a_cell_is_caught():
    with run([("a", "import sys\nsys.exit(0)"), ("b", "X = 5")]) as sp:
        assert sp.outcomes["a"].error["type"] == "SystemExit"
        assert sp.get("X") == 5


def test_calls_send_plain_data_and_functions_as_source():
    with run([("g", "def g(f, p):\n    return f(p) * 2, p.dtype == p.dtype")]) as sp:
        value, flag = sp.call(
            "g",
            FunctionSource("f", "def f(p):\n    return p.sum()\n"),
            torch.ones(3, dtype=torch.float64),
        )
        assert flag is True and value.dtype == torch.float64 and float(value) == 6.0


def test_a_returned_function_is_called_on_the_student_side():
    with run([("q", "def make(k):\n    return lambda x: x * k")]) as sp:
        fn = sp.call("make", 3)
        assert sp.call(fn, 2) == 6


def test_missing_names_and_hanging_calls_are_student_errors():
    with run([("h", "def h():\n    while True:\n        pass")]) as sp:
        with pytest.raises(StudentError) as exc:
            sp.get("nope")
        assert exc.value.kind == "missing"
        with pytest.raises(StudentError) as exc:
            sp.call("h")
        assert exc.value.kind == "timeout"


def test_memory_limit_stops_a_memory_bomb():
    limits = Limits(cell_timeout=10.0, submission_timeout=60.0, memory_mb=3072)
    with run([("bomb", "x = bytearray(8 * 1024**3)"), ("after", "Y = 1")], limits) as sp:
        assert sp.outcomes["bomb"].error["type"] == "MemoryError"
        assert sp.get("Y") == 1


def test_environment_is_cleared_and_cwd_is_private_scratch(monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "hunter2")
    code = "import os\nENV = dict(os.environ)\nCWD = os.getcwd()\nopen('mine.txt', 'w').write('x')"
    read = "BACK = open(os.path.expanduser('~/mine.txt')).read()"
    with run([("env", code), ("read", read)]) as sp:
        env, cwd, scratch = sp.get("ENV"), sp.get("CWD"), sp._child.scratch
        assert "SECRET_TOKEN" not in env
        assert env["HOME"] == cwd and cwd != os.getcwd()
        assert sp.get("BACK") == "x"  # the cwd is the private scratch
        if sp.level is Level.PROCESS:  # a host folder; with namespaces, a tmpfs of its own
            assert (scratch / "mine.txt").read_text() == "x"
        else:
            assert scratch is None and not (Path(cwd) / "mine.txt").exists()
    assert scratch is None or not scratch.exists(), "scratch directory is removed afterwards"


def test_limits_are_named_in_the_message():
    limits = Limits(cell_timeout=5.0, submission_timeout=60.0, memory_mb=2048, open_files=64)
    code = "fs = [open('/dev/null') for _ in range(1000)]"
    with run([("files", code), ("mem", "x = bytearray(4 * 1024**3)")], limits) as sp:
        assert "open files limit (64 open files)" in sp.outcomes["files"].error["message"]
        assert "memory limit (2048 MiB" in sp.outcomes["mem"].error["message"]
        assert any("memory limit" in i for i in sp.incidents)


def test_shell_escapes_and_host_magics_are_blocked():
    with run(
        [("shell", "!echo hi"), ("magic", "%%bash\necho hi"), ("ok", "%matplotlib inline")]
    ) as sp:
        assert sp.outcomes["shell"].error["type"] == "BlockedMagic"
        assert sp.outcomes["magic"].error["type"] == "BlockedMagic"
        assert sp.outcomes["ok"].ok


def test_printed_output_is_capped():
    with run([("spam", "print('x' * 10_000_000)")]) as sp:
        assert len(sp.outcomes["spam"].stdout) < 100_000
        assert "dropped" in sp.outcomes["spam"].stdout


def test_a_function_that_ran_past_the_limit_gets_a_short_one_for_its_later_calls():
    """A function that hangs costs the call time limit once per submission, not once per
    check; one that hangs on some inputs still answers the others."""
    import time

    from autograder.sandbox.runner import AFTER_TIMEOUT_S

    limits = Limits(cell_timeout=5.0, call_timeout=3.0, submission_timeout=60.0)
    source = (
        "def spin(x):\n    while True:\n        pass\n\n"
        "def picky(x):\n    while x < 0:\n        pass\n    return 2 * x\n"
    )
    with StudentProcess([Cell("a", source)], limits=limits) as process:
        process.run_cells()
        start = time.monotonic()
        with pytest.raises(StudentError) as first:
            process.call("spin", 1)
        assert time.monotonic() - start >= limits.call_timeout
        assert first.value.message == "ran past its time limit (3 s)"
        assert process.call_limit("spin") == AFTER_TIMEOUT_S < limits.call_timeout
        for call in (process.call, process.call_without_grad):
            start = time.monotonic()
            with pytest.raises(StudentError) as again:
                call("spin", 2)
            assert time.monotonic() - start < limits.call_timeout
            assert again.value.kind == "timeout"
            assert again.value.message == (
                "ran past its time limit again (it had already run past a time limit, "
                "so each later call gets 1 s)"
            )
        with pytest.raises(StudentError):
            process.call("picky", -1)
        assert process.call("picky", 4) == 8  # its other inputs still answered
        assert process.call_limit("picky") == AFTER_TIMEOUT_S
        assert process.timed_out == {"spin", "picky"}
        assert process.incidents[0] == "`spin`: call time limit of 3 s"
        assert process.incidents[1] == (
            "`spin`: time limit of 1 s, after it had run past a time limit"
        )


def test_a_cell_that_hangs_in_a_function_names_it_and_shortens_its_calls():
    """A worked example that calls the student's hung function is told where it hung,
    and that function's calls by the checks get the short limit at once."""
    import time

    from autograder.sandbox.runner import AFTER_TIMEOUT_S

    limits = Limits(cell_timeout=2.0, call_timeout=3.0, submission_timeout=60.0)
    cells = [
        Cell("spin", "def spin(x):\n    while True:\n        pass\n"),
        Cell("#2", "spin(1)\n"),
        Cell("#3", "while True:\n    pass\n"),
    ]
    with StudentProcess(cells, limits=limits) as process:
        out = process.run_cells()
        assert out["#2"].error["message"] == "ran past its time limit (2 s) in `spin`"
        assert out["#3"].error["message"] == "ran past its time limit (2 s)"  # no function
        assert process.timed_out == {"spin"}
        assert process.call_limit("spin") == AFTER_TIMEOUT_S
        start = time.monotonic()
        with pytest.raises(StudentError) as again:
            process.call("spin", 2)
        assert time.monotonic() - start < limits.call_timeout
        assert "again" in again.value.message


def test_a_cells_call_of_a_graded_function_gets_the_call_time_limit():
    """A worked example whose call of a graded function hangs is stopped once that one
    call has run for the call time limit (as the checks' calls are), not after the cell's
    whole limit; the function is named, and its calls by the checks get the short limit.
    Nothing else is stopped early: a helper the grader does not grade keeps the cell's
    limit, and many short calls of a graded function add up to the cell's limit only."""
    import time

    from autograder.sandbox.runner import AFTER_TIMEOUT_S

    limits = Limits(cell_timeout=6.0, call_timeout=1.5, submission_timeout=60.0)
    busy = (
        "def busy(s):\n    t = time.monotonic()\n"
        "    while time.monotonic() - t < s:\n        pass\n"
    )
    cells = [
        Cell("setup", "import time\n" + busy),
        Cell("spin", "def spin(x):\n    while True:\n        pass\n"),
        Cell("#3", "def example():\n    return spin(1)\n\nexample()\n"),  # through a helper
        Cell("#4", "def helper():\n    busy(2.5)\n    return 1\n\nh = helper()\n"),
        Cell(
            "#5",
            "def quick(i):\n    busy(0.1)\n    return i\n\nq = sum(quick(i) for i in range(30))\n",
        ),
    ]
    graded = frozenset({"spin", "quick"})
    with StudentProcess(cells, limits=limits, graded=graded) as process:
        start = time.monotonic()
        out = process.run_cells()
        took = time.monotonic() - start
        assert out["#3"].error["message"] == (
            "ran past its time limit in a call of `spin` (1.5 s, the time limit of one call)"
        )
        assert out["#4"].ok and out["#5"].ok  # 2.5 s in a helper, 3 s of short graded calls
        assert process.get("h") == 1 and process.get("q") == sum(range(30))
        assert process.timed_out == {"spin"}
        assert process.call_limit("spin") == AFTER_TIMEOUT_S
        assert process.incidents == ["cell #3: call time limit of 1.5 s (its call of `spin`)"]
        assert took < limits.call_timeout + 1.0 + 2.5 + 3.0 + 2.0  # not the cell's 6 s for #3


def test_without_graded_names_a_hung_call_in_a_cell_gets_the_cells_limit():
    """The call time limit in cells applies to graded functions only: the same hung call,
    not graded, runs until the cell's own limit."""
    import time

    limits = Limits(cell_timeout=2.5, call_timeout=1.0, submission_timeout=60.0)
    cells = [Cell("spin", "def spin(x):\n    while True:\n        pass\n"), Cell("#2", "spin(1)\n")]
    with StudentProcess(cells, limits=limits) as process:
        start = time.monotonic()
        out = process.run_cells()
        assert time.monotonic() - start >= limits.cell_timeout
        assert out["#2"].error["message"] == "ran past its time limit (2.5 s) in `spin`"
