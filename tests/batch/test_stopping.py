"""The stopper: a SIGTERM stops the batch even when its first delivery is swallowed."""

from __future__ import annotations

import gc
import os
import signal

import pytest

from autograder.batch.stopping import BatchStopped, Stopper


class _SignalledInFinalizer:
    """Delivers SIGTERM while Python runs a finalizer, where an exception cannot escape
    (Python prints "Exception ignored in ..." and goes on), as a database driver's
    garbage-collection hook does."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGTERM)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # that is the point
def test_a_stop_swallowed_by_a_finalizer_is_raised_at_the_next_check():
    stopper = Stopper()
    with stopper.handling():
        obj = _SignalledInFinalizer()
        del obj  # the handler's BatchStopped is raised, and ignored, inside __del__
        gc.collect()
        with pytest.raises(BatchStopped) as stop:
            stopper.check()
        assert stop.value.exit_status == 128 + signal.SIGTERM
        stopper.stopped()
        stopper.check()  # taken: the clean-up's own checks go on


def test_a_stop_during_a_critical_step_waits_for_its_end():
    stopper = Stopper()
    with stopper.handling():
        with stopper.critical():
            os.kill(os.getpid(), signal.SIGINT)
            stopper.check()  # still inside: nothing yet
        with pytest.raises(BatchStopped, match="SIGINT"):
            stopper.check("what the step recorded")


def test_a_stop_swallowed_by_a_finalizer_prints_no_traceback():
    """Python reports an exception raised where it cannot propagate with "Exception ignored
    in ..." and a traceback; a BatchStopped there is raised again at the next check, so
    the batch's stderr stays clean (the signal tests found such a traceback)."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import gc, os, signal
        from autograder.batch.stopping import BatchStopped, Stopper

        class Finalizer:
            def __del__(self):
                os.kill(os.getpid(), signal.SIGTERM)

        class Other:
            def __del__(self):
                raise ValueError("still reported")

        stopper = Stopper()
        with stopper.handling():
            obj = Finalizer()
            del obj
            gc.collect()
            try:
                stopper.check()
            except BatchStopped as stop:
                print("stopped", stop.exit_status)
            stopper.stopped()
            other = Other()
            del other
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["stopped", str(128 + signal.SIGTERM)]
    assert "BatchStopped" not in out.stderr
    assert "ValueError: still reported" in out.stderr  # other exceptions as before


def test_a_stop_that_a_library_logs_on_its_way_up_prints_no_traceback():
    """SQLAlchemy's pool logs, with its traceback, whatever interrupts closing a
    connection, then raises it again: a stop that lands there still stops the batch, and
    its stderr stays clean (the signal tests found such a traceback on PostgreSQL)."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import logging
        from autograder.batch.stopping import BatchStopped, Stopper

        log = logging.getLogger("sqlalchemy.pool.impl.QueuePool")  # nothing configured
        stopper = Stopper()
        with stopper.handling():
            for exc in (BatchStopped("stopped by SIGTERM", 143), ValueError("still reported")):
                try:
                    raise exc
                except BaseException:
                    log.error("Exception closing connection", exc_info=True)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "BatchStopped" not in out.stderr
    assert "ValueError: still reported" in out.stderr  # other errors as before
