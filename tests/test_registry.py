"""The embedded server's registry (``<graph>.settings``): checked, recovered, never trusted
blindly. Each case breaks it the way a crash, a full disk or a reused pid does, then runs the
real ``ipgraph`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_faults import embedded_env, ipgraph, servers_in

IPGRAPH = str(Path(sys.executable).with_name("ipgraph"))


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    path = tmp_path / "graph.db"
    result = ipgraph("--db-path", str(path), "cypher", "CREATE (:Country {iso3: 'JPN'})", "--write")
    assert result.returncode == 0, result.stderr
    return path


def registry(path: Path) -> Path:
    return path.with_name(path.name + ".settings")


def nodes(path: Path) -> str:
    result = ipgraph(
        "--db-path", str(path), "-q", "cypher", "MATCH (n) RETURN count(n) AS n", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout.split()[-1]


@pytest.mark.parametrize("text", ["", '{"pidfile": "/tmp/x', "null", '{"pidfile": 3}'])
def test_an_empty_or_cut_registry_is_replaced(graph: Path, text: str) -> None:
    registry(graph).write_text(text)
    assert nodes(graph) == "1"
    assert not registry(graph).exists()
    assert not servers_in(graph.parent)


def test_a_registry_naming_a_reused_pid_is_not_trusted(graph: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "redis.config").write_text("dir '/nowhere'\n")
    (run / "redis.pid").write_text(str(os.getpid()))  # alive, and no server
    entry = {
        "pidfile": str(run / "redis.pid"),
        "unixsocket": str(run / "redis.socket"),
        "dbdir": str(graph.parent),
        "dbfilename": graph.name,
    }
    registry(graph).write_text(json.dumps(entry))
    started = time.monotonic()
    assert nodes(graph) == "1"
    assert time.monotonic() - started < 10
    assert not run.exists(), "the dead server's run folder is cleaned up"
    assert not servers_in(graph.parent)


def test_a_running_server_with_a_lost_registry_is_found_not_doubled(graph: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from ipgraph.client import Graph; g = Graph(db_path=sys.argv[1]);"
            " g.status(); print('up', flush=True); sys.stdin.read(); g.close()",
            str(graph),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=embedded_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "up"
        first = servers_in(graph.parent)
        assert len(first) == 1
        registry(graph).write_text("")  # as a full disk leaves it
        write = ipgraph(
            "--db-path", str(graph), "cypher", "CREATE (:Country {iso3: 'GBR'})", "--write"
        )
        assert write.returncode == 0, write.stderr
        assert servers_in(graph.parent) == first, "one server for one file"
        assert json.loads(registry(graph).read_text())["unixsocket"]
    finally:
        holder.communicate(input="", timeout=60)
    assert not servers_in(graph.parent)
    # The write was saved, and the server's own shutdown did not save an older graph over it.
    assert nodes(graph) == "2"
