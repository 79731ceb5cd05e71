"""The engine end to end: blank, broken, tampering and repeated submissions."""

from __future__ import annotations

import json

import pytest
import torch

from autograder.assignments import ASSIGNMENTS, get_assignment
from autograder.checks.plugin import CheckOutcome
from autograder.engine import device_plan, device_remarks, grade_notebook, summarise
from autograder.notebook.cells import CellRole, cells_by_grade_id, read_notebook
from autograder.reporters import to_gradescope
from tests.checks.conftest import grade_submission, model_submission

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment_id", list(ASSIGNMENTS))
def test_blank_release_scores_zero_without_grader_problems(assignment_id):
    a = get_assignment(assignment_id)
    result = grade_notebook(a.release_path(), a.id, seed=3, device="cpu")
    assert result.problems == []
    assert result.score == 0 and result.max_score > 0
    for entry in result.names:
        assert "NotImplementedError" in entry.feedback or "placeholder" in entry.feedback, (
            entry.feedback
        )


def test_same_submission_and_seed_give_byte_identical_results():
    a = get_assignment("ps2-descent")
    nb = model_submission(
        a.id,
        {"grad_descent": "def grad_descent(x_start, n, delta=0.1):\n    return float(x_start)\n"},
    )
    runs = [
        json.dumps(
            to_gradescope(grade_notebook(nb, a.id, seed=11, student_id="s1", device="cpu")),
            sort_keys=True,
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert json.loads(runs[0])["extra_data"]["seed"] == 11


def test_malformed_notebook_grades_zero_with_a_message(tmp_path):
    path = tmp_path / "descent.ipynb"
    path.write_text('{"cells": [')
    result = grade_notebook(path, "ps2-descent", seed=1, device="cpu")
    assert result.score == 0
    assert "not valid JSON" in result.notes[0]
    assert all("not graded" in n.feedback for n in result.names)
    # each name keeps its maximum (its test cell's points), so totals keep their denominators
    source = read_notebook(get_assignment("ps2-descent").source_path())
    tests = cells_by_grade_id(source, CellRole.TEST)
    assert {n.name: n.max_score for n in result.names} == {
        n.name: tests[f"test_{n.name}"].metadata.nbgrader.points for n in result.names
    }
    assert result.max_score > 0


ALLCLOSE_TAMPER = (
    "import torch, numpy, math\n"
    "torch.allclose = lambda *a, **k: True\n"
    "numpy.allclose = lambda *a, **k: True\n"
    "math.isclose = lambda *a, **k: True\n"
    "torch.Tensor.__eq__ = lambda self, other: True\n"
    "def grad_descent(x_start, n, delta=0.1):\n"
    "    return 0.0\n"
)
ALWAYS_EQUAL = (
    "class Anything(float):\n"
    "    def __eq__(self, other): return True\n"
    "    def __ne__(self, other): return False\n"
    "class Whatever:\n"
    "    def __eq__(self, other): return True\n"
    "    __hash__ = object.__hash__\n"
    "def grad_descent(x_start, n, delta=0.1):\n"
    "    return Whatever()\n"
    "STEPS_SCALED = Whatever()\n"
)


def test_redefining_allclose_earns_nothing():
    result = grade_submission("ps2-descent", {"grad_descent": ALLCLOSE_TAMPER})
    assert result.by_name()["grad_descent"].score == 0
    # the rest of the notebook is still graded normally
    assert (
        result.by_name()["gradient_descent"].score == result.by_name()["gradient_descent"].max_score
    )


def test_always_equal_objects_earn_nothing():
    result = grade_submission("ps2-descent", {"grad_descent": ALWAYS_EQUAL})
    entry = result.by_name()["grad_descent"]
    assert entry.score == 0
    assert "object of type" in entry.feedback


def test_a_renamed_function_scores_zero_with_a_message():
    result = grade_submission(
        "ps2-descent", {"grad_descent": "def grad_desc(x, n, d=0.1):\n    return x\n"}
    )
    entry = result.by_name()["grad_descent"]
    assert entry.score == 0 and "`grad_descent` is not defined" in entry.feedback


def test_a_crashing_cell_costs_only_its_name():
    result = grade_submission("ps2-descent", {"grad_descent": "import os\nos._exit(1)\n"})
    assert result.by_name()["grad_descent"].score == 0
    assert "exited with status 1" in result.by_name()["grad_descent"].feedback
    others = [n for n in result.names if n.name != "grad_descent"]
    assert all(n.score == n.max_score for n in others), [n.feedback for n in others]


def test_naming_mistakes_keeps_torch_compilers_out_of_the_grader():
    """Telling a wrong answer's mistake must not import torch._dynamo or sympy into the
    grader: each costs every batch worker a second or more at its first wrong answer
    (``torch.unravel_index`` and ``torch.optim`` did)."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import sys
        from autograder.demo import MISTAKES
        from tests.checks.conftest import grade_submission

        uphill = (
            "import torch\\n\\ndef gradient_descent(f, x0, lr, steps):\\n"
            "    x = x0.detach().clone()\\n"
            "    for _ in range(steps):\\n"
            "        p = x.clone().requires_grad_(True)\\n"
            "        (g,) = torch.autograd.grad(f(p), p)\\n"
            "        x = (x + lr * g).detach()\\n"
            "    return x\\n"
        )
        for aid, wrong in [("ps2-descent", {"gradient_descent": uphill}),
                           ("ps4-backprop", MISTAKES["ps4-backprop"])]:
            result = grade_submission(aid, wrong)
            assert result.score < result.max_score, aid
        print(sorted(m for m in ("sympy", "torch._dynamo") if m in sys.modules))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("assignment_id", list(ASSIGNMENTS))
def test_cuda_run_gives_the_cpu_scores(assignment_id):
    """References and inputs on the GPU: the model answer keeps full marks, scores match."""
    wrong = {"ps2-descent": {"GOOD_DELTA": "GOOD_DELTA = 0.1\n"}}.get(assignment_id, {})
    nb = model_submission(assignment_id, wrong)
    cpu = grade_notebook(nb, assignment_id, seed=5, device="cpu")
    cuda = grade_notebook(nb, assignment_id, seed=5, device="cuda")
    assert cuda.device == "cuda" and cuda.problems == []
    assert [(n.name, n.score) for n in cuda.names] == [(n.name, n.score) for n in cpu.names]


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_auto_on_a_gpu_runner_scores_as_a_cpu_runner_and_reports_the_device_rule():
    cpu_answer = "def grad_quadratic_form(A, x):\n    return ((A + A.T) @ x).cpu()\n"
    nb = model_submission("ps4-backprop", {"grad_quadratic_form": cpu_answer})
    on_cpu = grade_notebook(nb, "ps4-backprop", seed=5, device="cpu")
    auto = grade_notebook(nb, "ps4-backprop", seed=5, device="auto")
    assert [(n.name, n.score) for n in auto.names] == [(n.name, n.score) for n in on_cpu.names]
    assert auto.device == "cpu" and auto.device_rule == "reported" and auto.problems == []
    assert "on a GPU (not scored" in auto.by_name()["grad_quadratic_form"].feedback
    pinned = grade_notebook(nb, "ps4-backprop", seed=5, device="cuda")
    assert pinned.device_rule == "scored"
    entry = pinned.by_name()["grad_quadratic_form"]
    assert entry.score < entry.max_score and "CPU for a CUDA input" in entry.feedback


# ----------------------------------------------------------------- the device rule's plan
@pytest.mark.skipif(torch.cuda.is_available(), reason="the plan of a runner without a GPU")
def test_without_a_gpu_the_device_rule_is_unchecked_and_said_to_be():
    for setting, why in (("auto", "this runner has no GPU"), ("cpu", "grades on the CPU")):
        plan = device_plan(setting)
        assert plan.scored.type == "cpu" and plan.extra is None and not plan.needs_cuda
        assert plan.rule == "unchecked" and why in plan.note and "no points" in plan.note
    with pytest.raises(RuntimeError, match="no CUDA device"):
        device_plan("cuda")
    with pytest.raises(ValueError, match="unknown device"):
        device_plan("tpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="the plan of a runner without a GPU")
def test_the_result_says_how_the_device_rule_was_graded():
    result = grade_submission("ps4-backprop")
    assert result.device_rule == "unchecked" and "not checked" in result.device_note
    assert to_gradescope(result)["extra_data"]["device_rule"] == "unchecked"
    assert result.device_note in to_gradescope(result)["output"]


def test_a_check_that_fails_only_on_the_gpu_pass_is_told_and_costs_nothing():
    def outcome(check, passed, message="", brief=""):
        return CheckOutcome(check, "g", 1.0, passed, message, brief=brief)

    scored = [outcome("t1", True), outcome("t2", True), outcome("t3", False, "wrong")]
    on_cpu = "g(tensor([1.5])): is on device 'cpu'."  # the full message shows the hidden input
    brief = "g(a float32 tensor of shape (1,) on cuda): is on device 'cpu'."
    gpu = [outcome("t1", True), outcome("t2", False, on_cpu, brief), outcome("t3", False, "wrong")]
    remarks = device_remarks(scored, gpu)
    assert list(remarks) == ["g"] and len(remarks["g"]) == 1  # t3 fails on both: said once
    assert f"on a GPU (not scored in this course): {brief}" in remarks["g"][0]
    assert "1.5" not in remarks["g"][0]
    entry = summarise("g", scored, remarks["g"])
    assert entry.score == 2.0 and entry.max_score == 3.0
    assert entry.feedback.splitlines()[-1].startswith("Note: on a GPU")
