"""A real, throw-away PostgreSQL server on loopback, for tests of nbgrader's gradebook.

``postgres_server()`` runs Debian's ``postgresql`` binaries (the newest
``/usr/lib/postgresql/*/bin``) on a fresh data directory in a temporary folder:
trust authentication for the unix socket and 127.0.0.1 only, a free port on
127.0.0.1, the socket in that folder (never ``/var/run/postgresql``), and no
fsync, since the data is thrown away. PostgreSQL refuses to run as root, so as
root the server runs as the ``postgres`` system user.

Examples
--------
>>> with postgres_server() as pg:  # doctest: +SKIP
...     Gradebook(pg.new_database("course1"), course_id="c")
"""

from __future__ import annotations

import functools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: The role and database that ``postgres_server`` creates; the URL's user and path.
ROLE = "grader"
DATABASE = "gradebook"
#: The system user that runs the server when we are root.
SYSTEM_USER = "postgres"
#: Seconds to wait for the server to start and to accept connections.
START_TIMEOUT = 60
#: Server settings: loopback only, a private socket folder, durability off (throw-away data).
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "100",
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "shared_buffers": "32MB",
}
#: Who may connect, and how: the unix socket and 127.0.0.1, nothing else.
HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
_BINARIES = ("initdb", "pg_ctl", "postgres")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class PostgresError(RuntimeError):
    """The server could not be set up, started or used (the message has the log's tail)."""


def postgres_bin() -> Path | None:
    """Return the newest ``/usr/lib/postgresql/<version>/bin`` that has the binaries.

    Returns
    -------
    pathlib.Path or None
        The folder, or None when no installed version has ``initdb``, ``pg_ctl`` and
        ``postgres``.
    """

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    candidates = [
        path
        for path in Path("/usr/lib/postgresql").glob("*/bin")
        if all((path / name).is_file() for name in _BINARIES)
    ]
    return max(candidates, key=version, default=None)


def _as_server_user() -> list[str]:
    """The command prefix that runs a program as the user the server runs as."""
    return ["runuser", "-u", SYSTEM_USER, "--"] if os.geteuid() == 0 else []


def _environment() -> dict[str, str]:
    """The environment for the server's programs: no ``PG*`` variables, the C locale."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


@functools.cache
def postgres_available() -> str | None:
    """Say whether ``postgres_server`` can run here.

    Returns
    -------
    str or None
        None when it can, otherwise the reason it cannot (for ``pytest.skip``).
    """
    try:
        import psycopg2  # noqa: F401
    except ImportError as e:
        return f"psycopg2 is not installed ({e})"
    bindir = postgres_bin()
    if bindir is None:
        return "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            return f"running as root and there is no {SYSTEM_USER!r} user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return f"running as root and runuser is missing to run PostgreSQL as {SYSTEM_USER!r}"
    elif not all(os.access(bindir / name, os.X_OK) for name in _BINARIES):
        return f"not root, and the current user cannot run the binaries in {bindir}"
    command = [*_as_server_user(), str(bindir / "initdb"), "--version"]
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=30, env=_environment(), cwd="/"
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"cannot run {' '.join(command)}: {e}"
    if proc.returncode != 0:
        return f"cannot run {' '.join(command)}: {(proc.stdout + proc.stderr).strip()[-500:]}"
    return None


def _free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now (it may be taken later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _temp_base() -> str | None:
    """The folder for the temporary folder: the default one, or /tmp where it will not do.

    The server's user must reach the folder (as root, through every parent) and the
    socket path must stay under the kernel's limit of 107 bytes.
    """
    base = Path(tempfile.gettempdir()).resolve()
    too_long = len(str(base)) > 60
    hidden = os.geteuid() == 0 and any(
        not os.stat(parent).st_mode & 0o001 for parent in [base, *base.parents]
    )
    return "/tmp" if too_long or hidden else None


def _tail(path: Path, lines: int = 30) -> str:
    """The last lines of a log file, or a note that it does not exist."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class PostgresServer:
    """A running throw-away server: connect as ``ROLE`` over TCP on 127.0.0.1.

    Attributes
    ----------
    host : str
        Always ``"127.0.0.1"``.
    port : int
        The TCP port it listens on.
    root : pathlib.Path
        The temporary folder: ``data/`` (the cluster), ``server.log`` and the unix socket.
    """

    host: str
    port: int
    root: Path

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the ``gradebook`` database."""
        return self.url_for(DATABASE)

    @property
    def log(self) -> Path:
        """The server's log file."""
        return self.root / "server.log"

    def url_for(self, database: str) -> str:
        """Return the SQLAlchemy URL of a database on this server, naming the driver.

        SQLAlchemy 2.1 made psycopg (3) the default driver of ``postgresql://``; the
        project installs psycopg2 (``psycopg2-binary``), so the URL says ``+psycopg2``.

        Parameters
        ----------
        database : str
            The database's name.

        Returns
        -------
        str
            ``postgresql+psycopg2://grader@127.0.0.1:PORT/<database>``.
        """
        return f"postgresql+psycopg2://{ROLE}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = DATABASE, user: str = ROLE):
        """Open a psycopg2 connection (autocommit) to a database on this server.

        Parameters
        ----------
        database : str
            The database's name.
        user : str
            The role to connect as.

        Returns
        -------
        psycopg2.extensions.connection
            The caller closes it.
        """
        import psycopg2

        conn = psycopg2.connect(
            host=self.host, port=self.port, user=user, dbname=database, connect_timeout=10
        )
        conn.autocommit = True
        return conn

    def restart(self) -> None:
        """Restart the server in place (same port and data): a "fast" shutdown, which
        ends every connection, then a start (``pg_ctl restart``)."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        """Stop the server (fast shutdown: every connection ends); :meth:`start` again."""
        self._pg_ctl("stop", "-m", "fast")

    def start(self) -> None:
        """Start a server stopped by :meth:`stop`, on the same port."""
        self._pg_ctl("start")

    def _pg_ctl(self, action: str, *options: str) -> None:
        bindir = postgres_bin()
        assert bindir is not None
        command = [str(bindir / "pg_ctl"), "-D", str(self.root / "data"), "-w"]
        command += ["-t", str(START_TIMEOUT), *options, "-l", str(self.log), action]
        _run([*_as_server_user(), *command], f"pg_ctl {action}", self.log, START_TIMEOUT + 30)

    def new_database(self, name: str) -> str:
        """Create an empty database, owned by ``grader``, and return its URL.

        Parameters
        ----------
        name : str
            A plain lower-case SQL identifier (``[a-z_][a-z0-9_]*``), not yet in use.

        Returns
        -------
        str
            The database's SQLAlchemy URL.
        """
        if not _NAME.fullmatch(name) or len(name) > 63:
            raise ValueError(f"not a plain database name: {name!r}")
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}" OWNER "{ROLE}"')
        finally:
            conn.close()
        return self.url_for(name)


def _run(command: list[str], what: str, log: Path | None = None, timeout: float = 120) -> None:
    """Run one of the server's programs; on failure raise with its output and the log's tail."""
    try:
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_environment(),
            cwd="/",
        )
    except subprocess.TimeoutExpired as e:
        raise PostgresError(f"{what} timed out: {' '.join(command)}") from e
    if proc.returncode != 0:
        message = f"{what} failed (exit {proc.returncode}): {' '.join(command)}\n"
        message += (proc.stdout + proc.stderr).strip()[-2000:]
        if log is not None:
            message += f"\n--- tail of {log} ---\n{_tail(log)}"
        raise PostgresError(message)


def _start(bindir: Path, root: Path, data: Path, attempts: int = 5) -> PostgresServer:
    """Start the server on a free port, trying another port when one is taken meanwhile."""
    config = data / "postgresql.conf"
    initial = config.read_text()
    for attempt in range(attempts):
        server = PostgresServer("127.0.0.1", _free_port(), root)
        settings = {**SETTINGS, "port": str(server.port), "unix_socket_directories": f"'{root}'"}
        lines = [f"{key} = {value}" for key, value in settings.items()]
        config.write_text(initial + "\n# tests/postgres.py\n" + "\n".join(lines) + "\n")
        server.log.unlink(missing_ok=True)
        command = [str(bindir / "pg_ctl"), "-w", "-t", str(START_TIMEOUT), "-D", str(data)]
        try:
            _run(
                [*_as_server_user(), *command, "-l", str(server.log), "start"],
                "pg_ctl start",
                server.log,
                timeout=START_TIMEOUT + 30,
            )
        except PostgresError:
            taken = "already in use" in _tail(server.log, 100)
            if taken and attempt + 1 < attempts:
                _stop(bindir, data)
                continue
            raise
        return server
    raise AssertionError("unreachable")


def _wait_until_ready(server: PostgresServer) -> None:
    """Wait until the server accepts TCP connections on 127.0.0.1 as its bootstrap user."""
    import psycopg2

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            server.connect("postgres", user=SYSTEM_USER).close()
            return
        except psycopg2.OperationalError as e:
            if time.monotonic() > deadline:
                raise PostgresError(
                    f"the server does not accept connections on {server.host}:{server.port}: "
                    f"{e}\n--- tail of {server.log} ---\n{_tail(server.log)}"
                ) from e
            time.sleep(0.1)


def _stop(bindir: Path, data: Path) -> None:
    """Stop the server at once (no checkpoint), killing it if ``pg_ctl`` cannot."""
    pidfile = data / "postmaster.pid"
    if not pidfile.exists():
        return
    try:
        pid = int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pid = None
    command = [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "30"]
    try:
        _run([*_as_server_user(), *command, "stop"], "pg_ctl stop", timeout=60)
    except PostgresError:
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Run a throw-away PostgreSQL server on 127.0.0.1 for the ``with`` block.

    It has a superuser role ``grader`` (trust authentication, no password) and an
    empty database ``gradebook``; the server and its temporary folder are gone
    afterwards, also when the block raises.

    Yields
    ------
    PostgresServer
        ``.url`` is ``postgresql+psycopg2://grader@127.0.0.1:PORT/gradebook``;
        ``.new_database(name)`` creates another database and returns its URL.

    Raises
    ------
    PostgresError
        When ``postgres_available()`` gives a reason, or the server does not start
        (the message ends with the tail of the server's log).
    """
    reason = postgres_available()
    if reason is not None:
        raise PostgresError(reason)
    bindir = postgres_bin()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="pg-", dir=_temp_base()))
    data = root / "data"
    try:
        if os.geteuid() == 0:
            user = pwd.getpwnam(SYSTEM_USER)
            os.chown(root, user.pw_uid, user.pw_gid)
        _run(
            [
                *_as_server_user(),
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SYSTEM_USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        (data / "pg_hba.conf").write_text(HBA)
        try:
            server = _start(bindir, root, data)
            _wait_until_ready(server)
            conn = server.connect("postgres", user=SYSTEM_USER)
            try:
                with conn.cursor() as cur:
                    cur.execute(f'CREATE ROLE "{ROLE}" LOGIN SUPERUSER')
                    cur.execute(f'CREATE DATABASE "{DATABASE}" OWNER "{ROLE}"')
            finally:
                conn.close()
            yield server
        finally:
            _stop(bindir, data)
    finally:
        shutil.rmtree(root, ignore_errors=True)
