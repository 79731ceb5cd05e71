"""The instructor report of one assignment: an HTML page with charts, and an LMS grade CSV.

``python -m autograder report ps2-descent`` reads

* the nbgrader gradebook (``CourseDirectory.db_url`` of the course's
  ``nbgrader_config.py``, by default ``sqlite:///<course>/gradebook.db``) through
  nbgrader's gradebook (``autograder.nbgrader.gradebook``): students, submissions, the
  score of every graded cell (autograded tests and hand-graded answers), late
  penalties and the manual grading still to do;
* the results files the ``SandboxedGrade`` preprocessor saves beside each
  autograded notebook, ``autograded/<student>/<assignment>/<notebook>.results.json``
  (Gradescope schema): their ``extra_data`` holds the named ``misconceptions``
  per graded name, the ``incidents`` (sandbox limits hit, crashes) and the
  ``id_check`` (the student id the notebook states against its submitter's);

and writes into ``reports/<assignment>/`` (or ``--output``):

``index.html``
    One self-contained page (charts embedded; every text escaped by Jinja2's
    autoescaping): a summary (submissions, mean and median total, late
    penalties, manual grading pending), the score distribution, mean score and
    full-marks rate per graded name (chart and table), the most frequent named
    misconceptions (count of submissions and which graded names), the
    submissions that hit sandbox limits, the notebooks whose ``STUDENT_ID`` is
    not their submitter's (another id, or none: their hand-computed items were
    graded on the submitter's own numbers; see :mod:`autograder.own_numbers`),
    and any warnings about missing data.
``score_distribution.png``, ``per_name.png``
    The two charts as files.
``grades.csv``
    Grades for LMS import, in Canvas's gradebook CSV layout (UTF-8, comma
    separated, one row per student of the gradebook, sorted by student id):

    ==================== ==========================================================
    column               content
    ==================== ==========================================================
    ``Student``          ``Last, First`` from the gradebook (the nbgrader id if no name)
    ``ID``               Canvas user id: nbgrader's ``lms_user_id``
                         (``nbgrader db student add ID --lms-user-id=...``); may be empty
    ``SIS User ID``      empty (nbgrader does not know it)
    ``SIS Login ID``     the nbgrader student id (JupyterHub user names are
                         usually the institution's login)
    ``Section``          empty
    ``<title>``          the score after nbgrader's late penalty,
                         ``max(0, score - penalty)`` as ``nbgrader export`` computes
                         it; 0 for a student of the gradebook who submitted nothing
    ==================== ==========================================================

    The first data row is Canvas's ``Points Possible`` row: ``Points Possible``
    in the ``Student`` column and the assignment's points (autograded and
    hand-graded cells) in its column. Canvas matches a row to a student by
    ``ID``, then ``SIS User ID``, then ``SIS Login ID``. An assignment column
    named ``<title>`` alone makes Canvas create a new assignment on import;
    Canvas writes ``<title> (<Canvas assignment id>)`` for an existing one,
    which ``--canvas-assignment-id`` reproduces so the scores go there. (The
    number in parentheses is Canvas's assignment id, never the points.) Text
    cells that a spreadsheet would take as a formula (``= + - @``) get a
    leading ``'``.

A missing results file costs only that student's misconceptions and
incidents (the page lists whose are missing); without a gradebook the page is
built from the results files alone (autograded scores only, no names, no
manual grading) and ``grades.csv`` is not written. Only when neither exists
does the command stop, with an error naming both places.
"""

from __future__ import annotations

import base64
import csv
import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from ..assignments import ASSIGNMENTS
from ..config import load_config
from ..own_numbers import DIFFERS, NOT_STATED
from .plots import per_name_chart, score_histogram

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "Points Possible"
ID_CHECK_KEYS = ("submitter", "claimed", "status", "detail")


class ReportError(Exception):
    """The report cannot be made at all (no gradebook and no results files)."""


# --------------------------------------------------------------------------- data model
@dataclass
class NameScore:
    """One graded name in one submission; ``score`` None while manual grading is pending."""

    score: float | None
    max_score: float
    manual: bool = False


@dataclass
class Submission:
    """One student's submission of the assignment, as the report needs it."""

    student: str
    display_name: str
    lms_user_id: str = ""
    submitted: bool = True
    raw_score: float = 0.0
    late_penalty: float = 0.0
    max_score: float = 0.0
    needs_manual_grade: bool = False
    names: dict[str, NameScore] = field(default_factory=dict)
    misconceptions: dict[str, list[str]] = field(default_factory=dict)
    incidents: list[str] = field(default_factory=list)
    has_results: bool = False
    id_check: dict | None = None  # extra_data.id_check of the results file

    @property
    def id_flagged(self) -> bool:
        """The notebook states another student's id, or none although the grader knew one."""
        return bool(self.id_check) and self.id_check.get("status") in (DIFFERS, NOT_STATED)

    @property
    def score(self) -> float:
        """The score the LMS gets: ``max(0, raw score - late penalty)``."""
        return max(0.0, self.raw_score - self.late_penalty) if self.submitted else 0.0


@dataclass
class NameStats:
    """Mean score and full-marks rate of one graded name over the graded submissions."""

    name: str
    max_score: float
    manual: bool
    graded: int
    pending: int
    mean: float
    full_marks: int

    @property
    def mean_percent(self) -> float:
        return 100.0 * self.mean / self.max_score if self.graded and self.max_score else 0.0

    @property
    def full_marks_percent(self) -> float:
        return 100.0 * self.full_marks / self.graded if self.graded else 0.0


@dataclass
class Misconception:
    """A named mistake: how many submissions made it, and in which graded names."""

    text: str
    submissions: int
    names: list[str]


@dataclass
class Report:
    """Everything on the page and in the CSV for one assignment."""

    assignment: str
    title: str
    points_possible: float
    names: list[str]
    submissions: list[Submission]
    source: str  # "gradebook" or "results files"
    warnings: list[str] = field(default_factory=list)

    @property
    def submitted(self) -> list[Submission]:
        return [s for s in self.submissions if s.submitted]

    @property
    def totals(self) -> list[float]:
        return [s.score for s in self.submitted]

    def name_stats(self) -> list[NameStats]:
        """Per graded name, over submissions where that name is graded (not pending)."""
        out = []
        for name in self.names:
            entries = [s.names[name] for s in self.submitted if name in s.names]
            graded = [e for e in entries if e.score is not None]
            max_score = max((e.max_score for e in entries), default=0.0)
            out.append(
                NameStats(
                    name=name,
                    max_score=max_score,
                    manual=any(e.manual for e in entries),
                    graded=len(graded),
                    pending=len(entries) - len(graded),
                    mean=statistics.fmean([e.score for e in graded]) if graded else 0.0,
                    full_marks=sum(
                        1 for e in graded if e.max_score and e.score >= e.max_score - 1e-9
                    ),
                )
            )
        return out

    def misconceptions(self, limit: int = 20) -> list[Misconception]:
        """The most frequent named mistakes, by number of submissions that made them."""
        who: dict[str, set[str]] = {}
        where: dict[str, set[str]] = {}
        for s in self.submitted:
            for name, items in s.misconceptions.items():
                for text in items:
                    who.setdefault(text, set()).add(s.student)
                    where.setdefault(text, set()).add(name)
        order = {n: i for i, n in enumerate(self.names)}
        rows = [
            Misconception(
                text, len(who[text]), sorted(where[text], key=lambda n: (order.get(n, 1e9), n))
            )
            for text in who
        ]
        rows.sort(key=lambda m: (-m.submissions, m.text))
        return rows[:limit]

    def limit_hits(self) -> list[Submission]:
        """Submissions whose sandbox hit a limit or crashed."""
        return [s for s in self.submitted if s.incidents]

    def unknown(self) -> list[Submission]:
        """Submissions without a readable results file: their misconceptions, limits hit and
        student id are unknown (never counted as "none")."""
        return [s for s in self.submitted if not s.has_results]

    def id_mismatches(self) -> list[Submission]:
        """Submissions whose notebook states another student id than the submitter's (or none)."""
        return [s for s in self.submitted if s.id_flagged]

    @property
    def pending_manual(self) -> int:
        return sum(1 for s in self.submitted if s.needs_manual_grade)


# --------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class CourseSettings:
    """What the report needs from ``nbgrader_config.py``."""

    db_url: str
    course_id: str
    autograded: Path


def course_settings(course_dir: Path) -> CourseSettings:
    """The gradebook URL, course id and autograded folder of a course directory.

    A relative SQLite path (``sqlite:///gradebook.db``) is taken relative to the
    course directory, as nbgrader does when run from there.
    """
    config_path = course_dir / "nbgrader_config.py"
    cd = load_config(config_path if config_path.is_file() else None).CourseDirectory
    db_url = str(cd.get("db_url") or f"sqlite:///{course_dir / 'gradebook.db'}")
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and not Path(db_url[len(prefix) :]).is_absolute():
        db_url = prefix + str(course_dir / db_url[len(prefix) :])
    autograded = Path(str(cd.get("autograded_directory") or "autograded"))
    return CourseSettings(
        db_url=db_url,
        course_id=str(cd.get("course_id") or "default_course"),
        autograded=autograded if autograded.is_absolute() else course_dir / autograded,
    )


def sqlite_path(db_url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (None for other databases)."""
    prefix = "sqlite:///"
    return Path(db_url[len(prefix) :]) if db_url.startswith(prefix) else None


def read_results_files(
    folder: Path, student: str, warnings: list[str]
) -> tuple[dict, dict[str, list[str]], list[str], dict | None] | None:
    """Merge a submission's ``*.results.json`` files.

    Returns (per-name tests, misconceptions, incidents, id check), or None
    (with a warning) when there is no readable results file.
    """
    paths = sorted(folder.glob("*.results.json")) if folder.is_dir() else []
    if not paths:
        warnings.append(
            f"No results file for {student} (expected {folder}/<notebook>.results.json): "
            "misconceptions and limits hit are unknown; autograde again to create it."
        )
        return None
    tests: dict[str, tuple[float, float]] = {}
    misconceptions: dict[str, list[str]] = {}
    incidents: list[str] = []
    id_check: dict | None = None
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            extra = data.get("extra_data") or {}
            for test in data.get("tests") or []:
                tests[str(test["name"])] = (float(test["score"]), float(test["max_score"]))
            for name, items in (extra.get("misconceptions") or {}).items():
                misconceptions.setdefault(str(name), []).extend(str(i) for i in items)
            incidents.extend(str(i) for i in extra.get("incidents") or [])
            if isinstance(extra.get("id_check"), dict):
                id_check = {k: extra["id_check"].get(k) for k in ID_CHECK_KEYS}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            warnings.append(f"Results file {path} of {student} is unreadable ({exc}); skipped.")
    return tests, misconceptions, incidents, id_check


def autograded_folders(settings: CourseSettings, assignment_id: str) -> list[Path]:
    """``autograded/<student>/<assignment>/`` folders, sorted by student."""
    if not settings.autograded.is_dir():
        return []
    return sorted(
        d / assignment_id for d in settings.autograded.iterdir() if (d / assignment_id).is_dir()
    )


def _display_name(first: str | None, last: str | None, student_id: str) -> str:
    if first and last:
        return f"{last}, {first}"
    return last or first or student_id


def _name_order(assignment_id: str, found: Sequence[str]) -> list[str]:
    """Graded names in notebook order (the course contract's when it knows the assignment)."""
    found = list(dict.fromkeys(found))
    known = ASSIGNMENTS.get(assignment_id)
    if known is None:
        return found
    contract = [*known.graded_names, *known.manual_cells]
    return [n for n in contract if n in found] + [n for n in found if n not in contract]


def load_from_gradebook(
    assignment_id: str, settings: CourseSettings
) -> tuple[float, list[Submission], list[str]]:
    """Points possible, one Submission per gradebook student, graded names in order."""
    from ..nbgrader.gradebook import MissingAssignment, read_assignment

    try:
        rows = read_assignment(settings.db_url, settings.course_id, assignment_id)
    except MissingAssignment:
        raise ReportError(
            f"the gradebook {settings.db_url} has no assignment {assignment_id!r}"
        ) from None
    points = float(rows.max_score or 0.0)
    submissions: list[Submission] = []
    found: list[str] = []
    for student in sorted(rows.students, key=lambda st: st.id):
        row = Submission(
            student=student.id,
            display_name=_display_name(student.first_name, student.last_name, student.id),
            lms_user_id=student.lms_user_id or "",
            max_score=points,
            submitted=student.id in rows.submissions,
        )
        sub = rows.submissions.get(student.id)
        if sub is not None:
            row.raw_score = float(sub.score or 0.0)
            row.late_penalty = float(sub.late_penalty or 0.0)
            row.needs_manual_grade = sub.needs_manual_grade
            for grade in sub.grades:
                name = grade.name.removeprefix("test_")
                found.append(name)
                row.names[name] = NameScore(
                    None if grade.pending else float(grade.score or 0.0),
                    float(grade.max_score or 0.0),
                    grade.manual,
                )
        submissions.append(row)
    return points, submissions, _name_order(assignment_id, found)


def load_from_results(
    assignment_id: str, settings: CourseSettings, warnings: list[str]
) -> tuple[float, list[Submission], list[str]]:
    """Without a gradebook: one Submission per ``autograded/<student>/<assignment>/``."""
    submissions, found, points = [], [], 0.0
    for folder in autograded_folders(settings, assignment_id):
        student = folder.parent.name
        read = read_results_files(folder, student, warnings)
        if read is None:
            continue
        tests, misconceptions, incidents, id_check = read
        row = Submission(student, student, has_results=True, id_check=id_check)
        row.names = {n: NameScore(score, top) for n, (score, top) in tests.items()}
        row.raw_score = sum(score for score, _ in tests.values())
        row.max_score = sum(top for _, top in tests.values())
        row.misconceptions, row.incidents = misconceptions, incidents
        points = max(points, row.max_score)
        found += list(tests)
        submissions.append(row)
    return points, submissions, _name_order(assignment_id, found)


def build_report(assignment_id: str, course_dir: Path, title: str | None = None) -> Report:
    """Gather the gradebook and the results files of one assignment.

    Raises
    ------
    ReportError
        When there is neither a gradebook with the assignment nor any results file.
    """
    course_dir = Path(course_dir).resolve()
    settings = course_settings(course_dir)
    warnings: list[str] = []
    db_file = sqlite_path(settings.db_url)
    gradebook_problem = None
    if db_file is not None and not db_file.is_file():
        gradebook_problem = f"there is no gradebook at {db_file}"
    else:
        try:
            points, submissions, names = load_from_gradebook(assignment_id, settings)
        except ReportError as exc:
            gradebook_problem = str(exc)
        except Exception as exc:  # a database that cannot be opened: say so, go on without it
            gradebook_problem = f"the gradebook {settings.db_url} could not be read ({exc})"
    if gradebook_problem is None:
        for row in submissions:
            if not row.submitted:
                continue
            read = read_results_files(
                settings.autograded / row.student / assignment_id, row.student, warnings
            )
            if read is not None:
                _, row.misconceptions, row.incidents, row.id_check = read
                row.has_results = True
        known = {s.student for s in submissions if s.submitted}
        for folder in autograded_folders(settings, assignment_id):
            if folder.parent.name not in known and any(folder.glob("*.results.json")):
                warnings.append(
                    f"{folder} has results but no submission in the gradebook; not counted."
                )
        if not any(s.submitted for s in submissions):
            warnings.append(
                f"No submission of {assignment_id} is in the gradebook yet: grades.csv is not "
                "written (an LMS would take its blanks or zeros as grades)."
            )
        elif not all(s.submitted for s in submissions):
            missing = sum(1 for s in submissions if not s.submitted)
            warnings.append(
                f"{missing} student(s) have no submission: their cells in grades.csv are blank, "
                "not 0; enter the grade your course gives for a missing submission in the LMS."
            )
        pending = sum(1 for s in submissions if s.submitted and s.needs_manual_grade)
        if pending:
            warnings.append(
                f"{pending} submission(s) still need manual grading (formgrader): their "
                "totals, here and in grades.csv, lack the points of those answers."
            )
        source = "gradebook"
    else:
        points, submissions, names = load_from_results(assignment_id, settings, warnings)
        if not submissions:
            raise ReportError(
                f"nothing to report for {assignment_id}: {gradebook_problem}, and no results "
                f"files under {settings.autograded}/<student>/{assignment_id}/. "
                f"Run `nbgrader autograde {assignment_id}` in the course directory first."
            )
        warnings.insert(
            0,
            f"Partial report: {gradebook_problem}. Scores are the autograded ones from the "
            "results files (no hand-graded answers, late penalties or student names), and "
            "grades.csv is not written.",
        )
        source = "results files"
    return Report(
        assignment=assignment_id,
        title=title or assignment_id,
        points_possible=points,
        names=names,
        submissions=submissions,
        source=source,
        warnings=warnings,
    )


# --------------------------------------------------------------------------- writing
def _number(value: float) -> str:
    """A score for the CSV: at most 4 decimals, no trailing zeros."""
    return f"{round(value, 4):g}"


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def grades_csv_rows(report: Report, canvas_assignment_id: str | None = None) -> list[list[str]]:
    """Header, the Points Possible row, then one row per student (see the module docstring)."""
    column = report.title + (f" ({canvas_assignment_id})" if canvas_assignment_id else "")
    rows = [[*CANVAS_COLUMNS, column]]
    rows.append([POINTS_POSSIBLE, "", "", "", "", _number(report.points_possible)])
    for s in sorted(report.submissions, key=lambda s: s.student):
        # no submission: a blank cell, not a 0 (an LMS reads blank as "not graded")
        score = _number(s.score) if s.submitted else ""
        rows.append([_cell(s.display_name), _cell(s.lms_user_id), "", _cell(s.student), "", score])
    return rows


def write_grades_csv(
    report: Report, path: str | Path, canvas_assignment_id: str | None = None
) -> None:
    """Write :func:`grades_csv_rows` as UTF-8 CSV."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(grades_csv_rows(report, canvas_assignment_id))


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ r.title }}: instructor report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.warn { background: #fff4e5; border-left: 4px solid #f0a020; padding: 0.4em 0.8em; }
img { max-width: 100%; }
</style>
</head>
<body>
<h1>{{ r.title }}: instructor report</h1>
<p>Assignment <code>{{ r.assignment }}</code>, from the {{ r.source }}.</p>

<h2 id="summary">Summary</h2>
<table>
<tr><th>submissions</th><td class="num">{{ r.submitted | length }}</td></tr>
<tr><th>points possible</th><td class="num">{{ num(r.points_possible) }}</td></tr>
<tr><th>mean total</th><td class="num">{{ num(mean) }}</td></tr>
<tr><th>median total</th><td class="num">{{ num(median) }}</td></tr>
<tr><th>late penalties applied</th><td class="num">{{ late }}</td></tr>
<tr><th>manual grading pending</th><td class="num">{{ r.pending_manual }}</td></tr>
{% set unknown_for = " (unknown for %d)" % (unknown | length) if unknown else "" %}
<tr><th>submissions that hit limits</th>
<td class="num">{{ hits | length }}{{ unknown_for }}</td></tr>
<tr><th>student id not the submitter's</th>
<td class="num">{{ ids | length }}{{ unknown_for }}</td></tr>
</table>
{% if unknown %}
<p class="warn" id="unknown">Unknown for {{ unknown | length }} submission(s) without a results
file ({{ unknown | map(attribute="student") | join(", ") }}): their misconceptions, limits hit and
student ids are not counted below. Autograde them again to create it.</p>
{% endif %}
{% if r.warnings %}
<div class="warn"><strong>Warnings</strong>
<ul>{% for w in r.warnings %}<li>{{ w }}</li>{% endfor %}</ul></div>
{% endif %}

<h2 id="distribution">Score distribution</h2>
<img src="{{ hist_uri }}" alt="histogram of total scores">

<h2 id="per-name">Per graded name</h2>
<img src="{{ names_uri }}" alt="mean score and full-marks rate per graded name">
<table>
<tr><th>graded name</th><th>points</th><th>mean</th><th>mean %</th><th>full marks</th>
<th>graded</th><th>pending</th></tr>
{% for s in stats %}
<tr><td><code>{{ s.name }}</code>{% if s.manual %} (manual){% endif %}</td>
<td class="num">{{ num(s.max_score) }}</td><td class="num">{{ num(s.mean) }}</td>
<td class="num">{{ "%.0f" | format(s.mean_percent) }}%</td>
<td class="num">{{ "%.0f" | format(s.full_marks_percent) }}%</td>
<td class="num">{{ s.graded }}</td><td class="num">{{ s.pending }}</td></tr>
{% endfor %}
</table>

<h2 id="misconceptions">Most frequent misconceptions</h2>
{% if misconceptions %}
<table>
<tr><th>misconception</th><th>submissions</th><th>graded names</th></tr>
{% for m in misconceptions %}
<tr><td>{{ m.text }}</td><td class="num">{{ m.submissions }}</td>
<td>{{ m.names | join(", ") }}</td></tr>
{% endfor %}
</table>
{% elif unknown %}
<p>None recognised in the {{ (r.submitted | length) - (unknown | length) }} submission(s) with a
results file; unknown for the other {{ unknown | length }}.</p>
{% else %}
<p>No named misconception was recognised.</p>
{% endif %}

<h2 id="limits">Submissions that hit limits</h2>
{% if hits %}
<table>
<tr><th>student</th><th>incidents</th></tr>
{% for s in hits %}
<tr><td>{{ s.student }}</td>
<td><ul>{% for i in s.incidents %}<li>{{ i }}</li>{% endfor %}</ul></td></tr>
{% endfor %}
</table>
{% elif unknown %}
<p>None in the {{ (r.submitted | length) - (unknown | length) }} submission(s) with a results
file; unknown for the other {{ unknown | length }}.</p>
{% else %}
<p>No submission hit a time, memory or output limit or crashed its sandbox.</p>
{% endif %}

<h2 id="student-ids">Student ids that do not match the submitter</h2>
{% if ids %}
<p>These notebooks state a <code>STUDENT_ID</code> other than the id they were handed in
under (or none), so they showed other numbers than the submitter's own. Their
hand-computed answers were graded on the submitter's numbers; an answer worked out
for the stated id's numbers lost those marks. Look at them before releasing grades.</p>
<table>
<tr><th>handed in by</th><th>notebook states</th><th>what</th></tr>
{% for s in ids %}
<tr><td>{{ s.student }}</td><td>{{ s.id_check.claimed or "(no id)" }}</td>
<td>{{ s.id_check.status }}{% if s.id_check.detail %}: {{ s.id_check.detail }}{% endif %}</td></tr>
{% endfor %}
</table>
{% elif unknown %}
<p>None in the submissions with a results file; unknown for the other {{ unknown | length }}.</p>
{% else %}
<p>Every notebook states its submitter's own student id (or its assignment draws no
numbers per student).</p>
{% endif %}
</body>
</html>
"""


def render_html(report: Report, histogram_png: bytes, per_name_png: bytes) -> str:
    """The report page, every text escaped (Jinja2 autoescaping), charts embedded."""
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    totals = report.totals
    return env.from_string(TEMPLATE).render(
        r=report,
        num=lambda v: f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}",
        mean=statistics.fmean(totals) if totals else 0.0,
        median=statistics.median(totals) if totals else 0.0,
        late=sum(1 for s in report.submitted if s.late_penalty > 0),
        hits=report.limit_hits(),
        ids=report.id_mismatches(),
        unknown=report.unknown(),
        stats=report.name_stats(),
        misconceptions=report.misconceptions(),
        hist_uri=_data_uri(histogram_png),
        names_uri=_data_uri(per_name_png),
    )


def write_report(
    report: Report, output: str | Path, canvas_assignment_id: str | None = None
) -> list[Path]:
    """Write index.html, the two PNGs and (from a gradebook) grades.csv; returns the paths."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    stats = report.name_stats()
    histogram = score_histogram(
        report.totals, report.points_possible, f"{report.title}: total scores"
    )
    per_name = per_name_chart(
        [s.name for s in stats],
        [s.mean_percent for s in stats],
        [s.full_marks_percent for s in stats],
    )
    written = []
    for name, data in (("score_distribution.png", histogram), ("per_name.png", per_name)):
        (output / name).write_bytes(data)
        written.append(output / name)
    index = output / "index.html"
    index.write_text(render_html(report, histogram, per_name), encoding="utf-8")
    written.append(index)
    stale = output / "grades.csv"
    if report.source == "gradebook" and report.submitted:
        write_grades_csv(report, stale, canvas_assignment_id)
        written.append(stale)
    elif stale.exists():  # an earlier one would now state grades this report does not have
        stale.unlink()
    return written


def run_report(
    assignment_id: str,
    course_dir: str | Path = ".",
    output: str | Path | None = None,
    title: str | None = None,
    canvas_assignment_id: str | None = None,
) -> tuple[Report, list[Path]]:
    """Build and write the report; ``output`` defaults to ``<course>/reports/<assignment>/``."""
    course_dir = Path(course_dir).resolve()
    report = build_report(assignment_id, course_dir, title)
    out = Path(output) if output else course_dir / "reports" / assignment_id
    return report, write_report(report, out, canvas_assignment_id)
