"""nbgrader's gradebook on a real PostgreSQL server (tests/postgres.py), and that server itself."""

from __future__ import annotations

import fcntl
import ipaddress
import multiprocessing
import socket
import struct
import tempfile
from pathlib import Path

import pytest

from tests import postgres as pg
from tests.postgres import PostgresServer

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("alembic_on_path")]

COURSE = "c"


def _add_students(url: str, prefix: str, count: int, barrier) -> None:
    """Worker process: add ``count`` students ``<prefix>00``... once both workers are ready."""
    from nbgrader.api import Gradebook

    with Gradebook(url, course_id=COURSE) as gb:
        barrier.wait(timeout=60)
        for i in range(count):
            gb.add_student(f"{prefix}{i:02d}", first_name=prefix, last_name=f"{i:02d}")


def _interface_addresses() -> set[str]:
    """The addresses of this host's network interfaces (Linux), loopback ones included."""
    found: set[str] = set()
    siocgifaddr = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                reply = fcntl.ioctl(sock.fileno(), siocgifaddr, request)
            except OSError:
                continue
            found.add(socket.inet_ntoa(reply[20:24]))
    try:
        lines = Path("/proc/net/if_inet6").read_text().splitlines()
    except OSError:
        lines = []
    for line in lines:
        address = ipaddress.IPv6Address(bytes.fromhex(line.split()[0]))
        if not address.is_link_local:  # those need a scope id to connect to
            found.add(str(address))
    try:
        for *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None):
            found.add(str(sockaddr[0]))
    except OSError:
        pass
    return found


def _reachable(address: str) -> bool:
    """Whether a listener of ours on ``address`` is reachable (so a refusal means something)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as listener:
            listener.bind((address, 0))
            listener.listen()
            port = listener.getsockname()[1]
            with socket.create_connection((address, port), timeout=3):
                return True
    except OSError:
        return False


def _assert_refused(server: PostgresServer, address: str) -> None:
    """Neither TCP nor psycopg2 reaches the server's port through ``address``."""
    import psycopg2

    with pytest.raises(OSError):
        socket.create_connection((address, server.port), timeout=3).close()
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(
            host=address, port=server.port, user=pg.ROLE, dbname=pg.DATABASE, connect_timeout=3
        ).close()


def test_gradebook_round_trip(postgres):
    from nbgrader.api import Gradebook

    assert postgres.url == f"postgresql+psycopg2://grader@127.0.0.1:{postgres.port}/gradebook"
    with Gradebook(postgres.url, course_id=COURSE) as gb:
        assert (gb.engine.dialect.name, gb.engine.dialect.driver) == ("postgresql", "psycopg2")
        gb.add_assignment("ps1", duedate="2030-01-02 03:04:05 UTC")
        gb.add_student("s1", first_name="Ada", last_name="Lovelace", email="ada@example.org")
    with Gradebook(postgres.url, course_id=COURSE) as gb:
        assert [a.name for a in gb.assignments] == ["ps1"]
        assert gb.find_assignment("ps1").duedate.isoformat() == "2030-01-02T03:04:05"
        assert gb.find_assignment("ps1").course_id == COURSE
        assert [s.id for s in gb.students] == ["s1"]
        student = gb.find_student("s1")
        assert (student.first_name, student.last_name, student.email) == (
            "Ada",
            "Lovelace",
            "ada@example.org",
        )
    conn = postgres.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM student")
            assert cur.fetchall() == [("s1",)]
    finally:
        conn.close()


def test_two_processes_add_students_concurrently(postgres):
    from nbgrader.api import Gradebook

    url = postgres.new_database("concurrent")
    with Gradebook(url, course_id=COURSE):  # the schema and the course, before the race
        pass
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [
        ctx.Process(target=_add_students, args=(url, prefix, 20, barrier)) for prefix in "ab"
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
    assert [worker.exitcode for worker in workers] == [0, 0]
    expected = sorted(f"{prefix}{i:02d}" for prefix in "ab" for i in range(20))
    with Gradebook(url, course_id=COURSE) as gb:
        assert sorted(s.id for s in gb.students) == expected
    conn = postgres.connect("concurrent")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*), count(DISTINCT id) FROM student")
            assert cur.fetchone() == (40, 40)
    finally:
        conn.close()


def test_listens_on_127_0_0_1_only(postgres):
    conn = postgres.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW listen_addresses")
            assert cur.fetchone() == ("127.0.0.1",)
            cur.execute("SHOW unix_socket_directories")
            assert cur.fetchone() == (str(postgres.root),)
    finally:
        conn.close()
    socket.create_connection(("127.0.0.1", postgres.port), timeout=3).close()
    others = [address for address in ("127.0.0.2", "::1") if _reachable(address)]
    assert "127.0.0.2" in others  # Linux routes all of 127.0.0.0/8 to lo
    for address in others:
        _assert_refused(postgres, address)


def test_not_reachable_through_the_hosts_other_addresses(postgres):
    addresses = sorted(
        address
        for address in _interface_addresses()
        if not ipaddress.ip_address(address).is_loopback and _reachable(address)
    )
    if not addresses:
        pytest.skip("this host has no non-loopback address to connect through")
    for address in addresses:
        _assert_refused(postgres, address)


def test_taken_port_is_retried_and_everything_is_gone_afterwards(monkeypatch):
    reason = pg.postgres_available()
    if reason is not None:
        pytest.skip(reason)
    free_port = pg._free_port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        ports = iter([taken])
        monkeypatch.setattr(pg, "_free_port", lambda: next(ports, None) or free_port())
        with pg.postgres_server() as server:
            port, root = server.port, server.root
            assert port != taken
            assert "already in use" not in server.log.read_text()  # the log of the last try
            assert (root / "data" / "postmaster.pid").is_file()
            url = server.new_database("extra")
            assert url == f"postgresql+psycopg2://grader@127.0.0.1:{port}/extra"
            server.connect("extra").close()
    assert not root.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=3).close()


def test_start_failure_reports_the_log_and_cleans_up(monkeypatch):
    reason = pg.postgres_available()
    if reason is not None:
        pytest.skip(reason)
    roots: list[Path] = []
    mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*args, **kwargs):
        roots.append(Path(mkdtemp(*args, **kwargs)))
        return str(roots[-1])

    monkeypatch.setattr(pg.tempfile, "mkdtemp", recording_mkdtemp)
    monkeypatch.setitem(pg.SETTINGS, "shared_buffers", "'a lot'")
    with pytest.raises(pg.PostgresError) as excinfo:
        with pg.postgres_server():
            pytest.fail("the server started with an invalid setting")
    assert 'invalid value for parameter "shared_buffers"' in str(excinfo.value)
    assert "tail of" in str(excinfo.value)
    assert len(roots) == 1 and not roots[0].exists()
