"""The pytest run behind the hidden checks: which plugins it loads."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
import torch

from autograder.checks import plugin


class Spy(plugin.QuietFailures):
    """QuietFailures that also notes which plugins the checks' pytest session loaded."""

    loaded: list[str] = []

    def pytest_configure(self, config: pytest.Config) -> None:
        Spy.loaded = [name for name, _ in config.pluginmanager.list_name_plugin()]


def test_the_checks_run_without_plugins_installed_on_the_machine(monkeypatch):
    """An installed pytest plugin (entry point ``pytest11``) could change how checks run."""
    installed = [e.name for e in entry_points(group="pytest11")]
    if not installed:
        pytest.skip("no pytest plugin installed here to leave out")
    monkeypatch.setattr(plugin, "QuietFailures", Spy)
    outcomes, _ = plugin.run_checks(
        "ps4_backprop", student=None, seed=1, device=torch.device("cpu")
    )
    assert outcomes  # the checks did run (each failing: there is no student)
    assert Spy.loaded and "python" in Spy.loaded  # pytest's own plugins are there
    assert not set(installed) & set(Spy.loaded), Spy.loaded
