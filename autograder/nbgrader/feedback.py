"""``StudentView``: ``nbgrader generate_feedback`` shows what a student may read now.

(``nbgrader_config.py`` imports this module, also in the public student tree, which has no
hidden checks: it imports nothing that needs them.)

The autograded notebook keeps every message in full: formgrader shows it to the
instructor. The feedback page a student gets is made from it by
``generate_feedback``, whose preprocessor list (``nbgrader_config.py``) ends
with this one. It reads the grading record beside the autograded notebook
(``<notebook>.results.json``, which holds each name's feedback as a student may
read it before the due date, after it and once grades are published) and the
submission's due date from the gradebook (extensions included), and then:

- puts into each test cell the feedback of the student's stage (an unknown due
  date counts as before it), and no bare score output (the score is in the
  cell's heading);
- marks the test cells whose score may not be shown yet (a multiple choice
  before the due date), for the template to say so instead of a number;
- turns the LaTeX of markdown cells into MathML, which browsers draw without
  a network (the page needs no MathJax from a CDN);
- leaves a summary for the top of the page (``resources["autograder"]``): per
  graded name its score and what went wrong in one line, the limits hit, the
  notebook's notes.

The page's layout is the ``feedback`` template beside this module, found before nbgrader's
own by ``c.HTMLExporter.extra_template_basedirs`` (:func:`template_dirs`).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbformat import NotebookNode, from_dict
from nbgrader.preprocessors import NbGraderPreprocessor

from ..config import Grader

# where the page's template lives (c.HTMLExporter.extra_template_basedirs); kept importable
# from here, this module's old home, for course configurations that still import it so
from ..page_templates import TEMPLATES, template_dirs  # noqa: F401
from ..visibility import STUDENT_STAGES, Stage, student_stage

UNKNOWN = (
    "Feedback unknown: there is no grading record for this notebook. Ask your instructor to "
    "regrade it."
)
#: $$display$$ before $inline$; a backslash-escaped dollar is text.
MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(?!\s)(.+?)(?<!\s)(?<!\\)\$", re.S)


@dataclass
class SummaryRow:
    """One graded name at the top of the page."""

    name: str
    score: float | None  # None: not shown yet
    max_score: float
    line: str  # what went wrong, in one line ("" when all passed)


@dataclass
class Summary:
    """What the top of the feedback page says."""

    stage: str  # "before the due date", ...
    due: str  # the due date as the gradebook has it, or "unknown"
    rows: list[SummaryRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    known: bool = True  # False: no grading record


def render_math(markdown: str) -> str:
    """The markdown with its ``$...$`` and ``$$...$$`` as MathML (unconvertible math is left)."""
    from latex2mathml.converter import convert

    def replace(match: re.Match) -> str:
        display, inline = match.group(1), match.group(2)
        tex = display if display is not None else inline
        try:
            mathml = convert(tex.strip(), display="block" if display is not None else "inline")
        except Exception:  # a LaTeX construct latex2mathml lacks: keep the source
            return match.group(0)
        return mathml.replace("\n", " ")

    # code spans and fences keep their dollars
    parts = re.split(r"(```.*?```|`[^`\n]*`)", markdown, flags=re.S)
    return "".join(p if p.startswith("`") else MATH.sub(replace, p) for p in parts)


def first_problem(feedback: str) -> str:
    """The first thing a name's feedback says went wrong ("" when nothing did)."""
    for line in feedback.splitlines():
        if line.startswith("- "):
            return line[2:]
    first = feedback.splitlines()[0] if feedback else ""
    return "" if "all" in first and "checks passed" in first else first


class StudentView(NbGraderPreprocessor, Grader):
    """The feedback as the student may read it now (see the module's docstring)."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources.get("nbgrader", {})
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        record = _read_record(folder / f"{info.get('notebook', '')}.results.json")
        due = self._due(info)
        stage = student_stage(due, self.grades_published)
        summary = Summary(
            {Stage.BEFORE_DUE: "before the due date", Stage.AFTER_DUE: "after the due date",
             Stage.PUBLISHED: "grades published"}[stage],
            due.isoformat(sep=" ", timespec="minutes") if due else "unknown",
        )  # fmt: skip
        view = _view(record, stage)
        tests = {}
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = render_math(str(cell.source))
            meta = cell.get("metadata", {}).get("nbgrader", {})
            gid = str(meta.get("grade_id", ""))
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                tests[gid.removeprefix("test_")] = cell
        if record is None or view is None:
            summary.known = False
            for cell in tests.values():
                cell.outputs = [_stream(UNKNOWN)]
        else:
            self._fill(tests, record, view, summary)
        resources["autograder"] = asdict(summary)
        return nb, resources

    def _fill(self, tests: dict, record: dict, view: dict, summary: Summary) -> None:
        hidden = set(view.get("score_hidden", []))
        for test in record.get("tests", []):
            name = test.get("name", "")
            text = view.get("feedback", {}).get(name, "")
            shown = name not in hidden
            summary.rows.append(
                SummaryRow(
                    name,
                    test.get("score") if shown else None,
                    test.get("max_score", 0.0),
                    first_problem(text) if shown else "shown after the due date",
                )
            )
            cell = tests.get(name)
            if cell is None:
                continue
            pictures = [
                o for o in cell.get("outputs", []) if o.get("output_type") == "display_data"
            ]
            cell.outputs = [_stream(text), *pictures]  # no bare score: it is in the heading
            if not shown:
                cell.metadata.nbgrader["score_hidden"] = True
        extra = record.get("extra_data", {})
        summary.limits = [str(i) for i in extra.get("incidents", [])]
        lines = str(record.get("output", "")).splitlines()[1:]  # after "ps2-descent: 7 / 10"
        summary.notes = [line for line in lines if line.strip()]

    def _due(self, info: dict):
        """The submission's due date (its extension included) from the gradebook, or None."""
        from nbgrader.api import Gradebook, MissingEntry

        try:
            with Gradebook(info["db_url"]) as gb:
                return gb.find_submission(info["assignment"], info["student"]).duedate
        except (KeyError, MissingEntry):
            return None


def _read_record(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _view(record: dict | None, stage: Stage) -> dict | None:
    """The record's feedback for a student ``stage`` (None: the record has none)."""
    if record is None:
        return None
    views = record.get("extra_data", {}).get("feedback_views")
    visibility = next(v for v, s in STUDENT_STAGES.items() if s is stage)
    return views.get(str(visibility)) if isinstance(views, dict) else None


def _stream(text: str) -> NotebookNode:
    return from_dict(
        {
            "output_type": "stream",
            "name": "stdout",
            "text": text if text.endswith("\n") else text + "\n",
        }
    )
