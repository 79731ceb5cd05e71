"""results.json (Gradescope schema), JUnit XML and the table, from a hand-made result."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from autograder.checks.plugin import CheckOutcome
from autograder.reporters import format_table, write_junit, write_results_json
from autograder.results import GradingResult, NameResult


def sample() -> GradingResult:
    bad = CheckOutcome(
        "test_x", "g", 1.0, False, "g(1): is <b>2</b>, expected 1.", "a step that adds the gradient"
    )
    names = [
        NameResult("f", 2.0, 2.0, "f: all 2 checks passed."),
        NameResult(
            "g", 0.0, 1.0, "g: 0 of 1 checks passed.\n- g(1): is <b>2</b>, expected 1.", [bad]
        ),
    ]
    return GradingResult("ps2-descent", "descent", "s1", 7, 99, "cpu", names)


def test_gradescope_schema(tmp_path):
    path = tmp_path / "results.json"
    write_results_json(sample(), path)
    data = json.loads(path.read_text())
    assert data["score"] == 2.0
    assert [t["name"] for t in data["tests"]] == ["f", "g"]
    assert set(data["tests"][1]) >= {"name", "score", "max_score", "output"}
    assert data["tests"][1]["max_score"] == 1.0
    assert data["extra_data"]["seed"] == 7
    assert data["extra_data"]["misconceptions"] == {"g": ["a step that adds the gradient"]}


def test_junit_marks_lost_points_as_failures_and_escapes_text(tmp_path):
    path = tmp_path / "junit.xml"
    write_junit(sample(), path)
    suite = ET.parse(path).getroot()
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase[@name='g']/failure")
    assert failure is not None and "<b>2</b>" in failure.text  # escaped on disk, intact parsed
    assert "<b>" not in path.read_text()
    assert suite.find("testcase[@name='f']/failure") is None


def test_table_lists_every_name_and_the_total():
    text = format_table(sample())
    assert "total" in text and "2" in text and "✗" in text
    assert "g(1): is <b>2</b>" in text
