"""``python -m autograder lab``: the jupyter lab command line and its checks (no server here).

The server itself, in a browser, is tested in ``tests/e2e/test_jupyterlab.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from autograder.assignments import REPO_ROOT
from autograder.cli import build_parser, main
from autograder.lab import (
    NBGRADER_SERVER_EXTENSIONS,
    LabOptions,
    check_course_dir,
    default_exchange,
    lab_command,
    run_lab,
)


def option(cmd: list[str], name: str) -> str:
    """The value of ``--name=value`` in ``cmd`` (the last one wins, as in traitlets)."""
    values = [a.split("=", 1)[1] for a in cmd if a.startswith(f"--{name}=")]
    assert values, f"--{name} missing from {cmd}"
    return values[-1]


def test_command_binds_loopback_in_the_course_with_every_nbgrader_extension(tmp_path):
    cmd = lab_command(LabOptions(course_dir=tmp_path, port=9123, open_browser=False))
    assert cmd[:4] == [sys.executable, "-P", "-m", "jupyterlab"]
    assert option(cmd, "ServerApp.ip") == "127.0.0.1"
    assert option(cmd, "ServerApp.port") == "9123"
    assert option(cmd, "ServerApp.root_dir") == str(tmp_path.resolve())
    assert option(cmd, "ServerApp.open_browser") == "False"
    enabled = {cmd[i + 1] for i, a in enumerate(cmd) if a == "--ServerApp.jpserver_extensions"}
    assert enabled == {f"{ext}=True" for ext in NBGRADER_SERVER_EXTENSIONS}
    assert "nbgrader.server_extensions.formgrader" in NBGRADER_SERVER_EXTENSIONS
    assert "nbgrader.server_extensions.assignment_list" in NBGRADER_SERVER_EXTENSIONS
    assert not any(a.startswith("--Exchange.root") for a in cmd)


def test_allow_root_only_for_root(tmp_path):
    cmd = lab_command(LabOptions(course_dir=tmp_path))
    assert ("--ServerApp.allow_root=True" in cmd) == (os.geteuid() == 0)


def test_exchange_and_extra_args_come_through_last(tmp_path):
    cmd = lab_command(
        LabOptions(
            course_dir=tmp_path,
            exchange=tmp_path / "exchange",
            jupyter_args=("--ServerApp.ip=0.0.0.0", "--LabApp.expose_app_in_browser=True"),
        )
    )
    assert option(cmd, "Exchange.root") == str((tmp_path / "exchange").resolve())
    assert cmd[-2:] == ["--ServerApp.ip=0.0.0.0", "--LabApp.expose_app_in_browser=True"]
    assert option(cmd, "ServerApp.ip") == "0.0.0.0"  # the user's choice overrides ours


@pytest.mark.parametrize("port", [0, -1, 65536])
def test_port_out_of_range_is_refused(tmp_path, port):
    with pytest.raises(ValueError, match="port"):
        lab_command(LabOptions(course_dir=tmp_path, port=port))


def test_the_repository_is_a_course(tmp_path):
    assert check_course_dir(REPO_ROOT) == REPO_ROOT.resolve()


def test_course_dir_must_exist_and_hold_nbgrader_config(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        check_course_dir(tmp_path / "missing")
    with pytest.raises(ValueError, match="nbgrader_config.py"):
        check_course_dir(tmp_path)
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    assert check_course_dir(tmp_path) == tmp_path.resolve()


def test_run_lab_on_a_non_course_says_why_and_exits_2(tmp_path, capsys):
    assert run_lab(LabOptions(course_dir=tmp_path / "nowhere")) == 2
    assert "does not exist" in capsys.readouterr().err
    assert run_lab(LabOptions(course_dir=REPO_ROOT, port=70000)) == 2
    assert "port" in capsys.readouterr().err


def test_cli_lab_parses_its_options_and_passes_the_rest(tmp_path):
    args = build_parser().parse_args(
        ["lab", "--course-dir", str(tmp_path), "--port", "9000", "--no-browser", "--"]
        + ["--ServerApp.port_retries=0"]
    )
    assert args.command == "lab" and args.port == 9000 and args.no_browser
    assert Path(args.course_dir) == tmp_path
    assert args.jupyter_args == ["--ServerApp.port_retries=0"]
    defaults = build_parser().parse_args(["lab"])
    assert Path(defaults.course_dir) == REPO_ROOT and defaults.port == 8888
    assert not defaults.no_browser and defaults.exchange is None


def test_cli_lab_on_a_missing_course_exits_2(tmp_path, capsys):
    assert main(["lab", "--course-dir", str(tmp_path / "nope")]) == 2
    assert "error:" in capsys.readouterr().err


def test_cli_lab_rejects_a_non_numeric_port(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["lab", "--port", "eighty"])
    assert exc.value.code == 2


def test_an_exchange_that_cannot_be_created_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert run_lab(LabOptions(course_dir=tmp_path, exchange=blocker / "exchange")) == 2
    assert "exchange" in capsys.readouterr().err


def test_the_exchange_is_course_local_unless_the_config_sets_one(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    assert default_exchange(tmp_path) == tmp_path / "exchange"
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.Exchange.root = '/srv/shared/exchange'\n"
    )
    assert default_exchange(tmp_path) is None  # the course's own is kept
