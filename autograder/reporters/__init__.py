"""Writing a GradingResult out: Gradescope results.json, JUnit XML, console table."""

from .junit import write_junit
from .results_json import results_json_text, to_gradescope, write_results_json
from .table import format_table

__all__ = [
    "format_table",
    "results_json_text",
    "to_gradescope",
    "write_junit",
    "write_results_json",
]
