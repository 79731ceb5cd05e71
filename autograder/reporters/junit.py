"""JUnit XML: one test case per graded name, failed unless it earned full marks.

CI dashboards (GitHub Actions, GitLab, Jenkins) read this format; the failure
message is the student-facing feedback, escaped by the XML writer.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..results import GradingResult


def write_junit(result: GradingResult, path: str | Path) -> None:
    """Write one ``<testsuite>`` for the notebook."""
    failed = [n for n in result.names if n.score < n.max_score]
    suite = ET.Element(
        "testsuite",
        name=f"{result.assignment}/{result.notebook}",
        tests=str(len(result.names)),
        failures=str(len(failed)),
        errors="0",
    )
    props = ET.SubElement(suite, "properties")
    for key in ("student", "seed", "student_seed", "device", "device_rule"):
        ET.SubElement(props, "property", name=key, value=str(getattr(result, key)))
    for entry in result.names:
        case = ET.SubElement(
            suite, "testcase", classname=result.assignment, name=entry.name, time="0"
        )
        ET.SubElement(
            case, "system-out"
        ).text = f"score {entry.score:g} / {entry.max_score:g}\n{entry.feedback}"
        if entry.score < entry.max_score:
            failure = ET.SubElement(
                case, "failure", message=f"{entry.score:g} / {entry.max_score:g} points"
            )
            failure.text = entry.feedback
    ET.indent(suite)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
