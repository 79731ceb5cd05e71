"""A Dask worker killed in the middle of a batch: restarted, every submission graded once.

The cluster is a ``LocalCluster`` on loopback with two worker processes under
nannies (which restart a worker that dies); one worker is killed with SIGKILL
once a couple of submissions are recorded. Dask reschedules its job; the batch
ends with every submission graded and recorded once, with an uninterrupted
run's scores.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests.faults.harness import STUDENTS, Batch, check_course, db_url, scores, stamped, wait_for

pytestmark = pytest.mark.slow


def test_a_killed_dask_worker_is_replaced_and_nothing_is_doubled(
    course, baseline, batches, request
):
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        batch = Batch(course, args=("--scheduler", cluster.scheduler_address)).start()
        batches.append(batch)
        assert wait_for(lambda: len(stamped(course)) >= 2)
        victim = next(iter(client.run(os.getpid).values()))
        os.kill(victim, signal.SIGKILL)
        assert batch.wait() == 0, batch.log
    summary = batch.summary
    assert [o["status"] for o in summary["submissions"]] == ["graded"] * len(STUDENTS)
    assert sorted(o["student"] for o in summary["submissions"]) == sorted(STUDENTS)
    assert check_course(course, baseline.submitted) == set(STUDENTS)
    assert scores(db_url(course)) == baseline.scores
    request.node.user_properties.append(
        ("fault table", {"fault": "a Dask worker killed (SIGKILL) mid-batch", "exit": 0,
                         "recorded": len(STUDENTS), "rerun_graded": 0, "rerun_unchanged": 0})
    )  # fmt: skip
