"""Top-to-bottom run time of each instructor notebook on the CPU (median of N runs).

    python benchmarks/notebook_runtime.py [--runs 3]

Each run executes the whole source notebook in a fresh kernel with nbclient,
as ``jupyter nbconvert --execute`` would; kernel start-up is included.
"""

from __future__ import annotations

import argparse
import statistics
import time

import nbformat
from nbclient import NotebookClient

from autograder.assignments import ASSIGNMENTS


def run_once(path) -> float:
    nb = nbformat.read(path, as_version=4)
    t = time.perf_counter()
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'notebook':<42}{'median s':>10}{'min':>8}{'max':>8}")
    for a in ASSIGNMENTS.values():
        times = [run_once(a.source_path()) for _ in range(args.runs)]
        name = f"{a.id}/{a.filename}"
        print(f"{name:<42}{statistics.median(times):>10.1f}{min(times):>8.1f}{max(times):>8.1f}")


if __name__ == "__main__":
    main()
