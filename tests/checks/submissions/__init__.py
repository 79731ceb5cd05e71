"""A corpus of student-style submissions, one solution cell per file.

Layout: ``<assignment>/<graded_name>/<variant>.py``. Each file is the complete text of
the student's solution cell for the graded name, preceded by header comment lines::

    # verdict: correct | wrong | broken | hung
    # style: the idiom the student used
    # mistake: what is wrong (wrong, and mostly broken and hung, variants)
    # differs-on: the kind of input on which a wrong variant differs from a right answer

See README.md in this directory. The loader has no pytest dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VERDICTS = ("correct", "wrong", "broken", "hung")
HEADER_KEYS = ("verdict", "style", "mistake", "differs-on")
_HEADER_LINE = re.compile(r"^#\s*(verdict|style|mistake|differs-on)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Variant:
    assignment: str
    name: str
    variant: str  # file stem
    verdict: str
    style: str
    mistake: str
    differs_on: str
    code: str  # the file text

    @property
    def path(self) -> Path:
        return ROOT / self.assignment / self.name / f"{self.variant}.py"


def parse_header(code: str) -> dict[str, str]:
    """The header fields of a variant's text: the leading ``# key: value`` lines."""
    fields: dict[str, str] = {}
    for line in code.splitlines():
        match = _HEADER_LINE.match(line)
        if match is None:
            break
        fields[match.group(1)] = match.group(2)
    return fields


def _read(path: Path) -> Variant:
    code = path.read_text(encoding="utf-8")
    fields = parse_header(code)
    return Variant(
        assignment=path.parent.parent.name,
        name=path.parent.name,
        variant=path.stem,
        verdict=fields.get("verdict", ""),
        style=fields.get("style", ""),
        mistake=fields.get("mistake", ""),
        differs_on=fields.get("differs-on", ""),
        code=code,
    )


def assignments() -> list[str]:
    """The assignment ids that have a folder in the corpus, sorted."""
    return sorted(
        p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
    )


def load(assignment: str | None = None) -> list[Variant]:
    """Every variant (of one assignment, or of all), sorted by (assignment, name, variant)."""
    ids = assignments() if assignment is None else [assignment]
    variants: list[Variant] = []
    for assignment_id in ids:
        folder = ROOT / assignment_id
        if not folder.is_dir():
            raise ValueError(f"no corpus folder for assignment {assignment_id!r}")
        variants.extend(_read(path) for path in folder.glob("*/*.py"))
    return sorted(variants, key=lambda v: (v.assignment, v.name, v.variant))
