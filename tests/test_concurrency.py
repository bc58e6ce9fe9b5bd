"""Readers against loads and resets, on both engines: a bounded stress test.

Reader processes, each with several threads, ask one question over and over while ``ipgraph
load`` runs alternate between the curated data and a synthetic dataset, with resets between
and some loads overlapping. Every answer must be the answer of one of the graphs that were
loaded (or of the empty graph), no command or reader may fail, the server must not crash,
no ``temp-*.rdb`` may be left beside the graph, and no server may run after (embedded).
On Neo4j, whose read-committed isolation would let a long count straddle a load's commit,
ipgraph's reads check the graph's version around each query (``ipgraph.db.neo4j_version``),
so the same holds there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Neo4jHandle
from test_faults import servers_in

from ipgraph.client import Graph
from ipgraph.config import Settings

IPGRAPH = str(Path(sys.executable).with_name("ipgraph"))
QUESTION = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n ORDER BY type"
READ_SECONDS = 30

READER = f"""
import json, os, sys, threading, time
from ipgraph.client import Graph

path, stop, out = sys.argv[1] or None, sys.argv[2], sys.argv[3]
threads, shared = int(sys.argv[4]), sys.argv[5] == "shared"
QUESTION = {QUESTION!r}
answers, errors = [], []
# Read until the test has run its commands (the stop file), at most 10 minutes.
deadline = time.monotonic() + 600
# No path: the Neo4j server of NEO4J_URI.
common = Graph(db_path=path) if shared else None

def ask():
    graph = common or Graph(db_path=path)
    try:
        while time.monotonic() < deadline and not os.path.exists(stop):
            try:
                answers.append([list(r) for r in graph.cypher(QUESTION).rows])
            except Exception as exc:
                errors.append(f"{{type(exc).__name__}}: {{exc}}")
    finally:
        if common is None:
            graph.close()

workers = [threading.Thread(target=ask) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
if common is not None:
    common.close()
json.dump({{"answers": answers, "errors": errors}}, open(out, "w"))
"""


NEO4J: dict[str, str] = {}  # NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD for the Neo4j run


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "IPGRAPH_"))}
    return {**clean, **NEO4J}


def answer(path: Path | None) -> str:
    with Graph(Settings(db_path=path) if path else Settings.from_env(**{})) as graph:
        return json.dumps([list(r) for r in graph.cypher(QUESTION).rows])


def run(path: Path | None, *args: str) -> subprocess.Popen[str]:
    where = ["--db-path", str(path)] if path else []
    return subprocess.Popen(
        [IPGRAPH, "-q", *where, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )


def test_readers_see_whole_graphs_while_loads_and_resets_swap_them(tmp_path: Path) -> None:
    stress(tmp_path, tmp_path / "graph.db")
    assert not list(tmp_path.glob("temp-*.rdb")), "a save was cut off"
    assert not servers_in(tmp_path)


def test_readers_see_whole_graphs_on_neo4j_too(tmp_path: Path, neo4j_server: Neo4jHandle) -> None:
    neo4j_server.state = "dirty"
    NEO4J.update(
        NEO4J_URI=neo4j_server.uri,
        NEO4J_USERNAME=neo4j_server.user,
        NEO4J_PASSWORD=neo4j_server.password,
    )
    try:
        with pytest.MonkeyPatch.context() as patch:
            for key, value in NEO4J.items():
                patch.setenv(key, value)
            # A Neo4j load takes seconds: two overlapping loads during the reads suffice.
            stress(tmp_path, None, commands_at_least=2)
    finally:
        NEO4J.clear()


def stress(tmp_path: Path, path: Path | None, commands_at_least: int = 6) -> None:
    """Readers and loads at once on the embedded graph at ``path``, else on Neo4j; every
    answer must be one of the loaded graphs'."""
    synth = tmp_path / "synth"
    made = subprocess.run(
        [IPGRAPH, "synth", "--relationships", "20000", "--output", str(synth)],
        capture_output=True,
        text=True,
        env=env(),
    )
    assert made.returncode == 0, made.stderr
    # The answers of the three graphs the readers may see.
    expected = set()
    for args in (["load", str(synth)], ["reset", "--yes"], ["load"]):
        step = run(path, *args)
        assert step.wait(timeout=120) == 0, step.communicate()[1]
        expected.add(answer(path))
    assert len(expected) == 3

    script, stop = tmp_path / "reader.py", tmp_path / "stop"
    script.write_text(READER, encoding="utf-8")
    readers = [
        subprocess.Popen(
            [sys.executable, str(script), str(path or ""), str(stop), str(out), "3", mode],
            env=env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for out, mode in ((tmp_path / "a.json", "shared"), (tmp_path / "b.json", "own"))
    ]
    failures: list[str] = []
    deadline = time.monotonic() + READ_SECONDS
    steps = [["load", str(synth)], ["load"], ["reset", "--yes"], ["load", str(synth)], ["load"]]
    commands = 0
    # At least READ_SECONDS, and at least ``commands_at_least`` commands however slow the
    # machine; the readers read until then.
    while commands < commands_at_least or time.monotonic() < deadline:
        for index, args in enumerate(steps):
            if commands >= commands_at_least and time.monotonic() >= deadline:
                break
            processes = [run(path, *args)]
            if index % 2 == 0:  # and another load overlapping it
                time.sleep(0.2)
                processes.append(run(path, "load"))
            for process in processes:
                _, stderr = process.communicate(timeout=120)
                if process.returncode != 0:
                    failures.append(f"{process.args[4:]}: {stderr.strip()}")
                commands += 1
    stop.touch()
    for reader in readers:
        _, stderr = reader.communicate(timeout=120)
        assert reader.returncode == 0, stderr[-3000:]

    assert not failures, failures
    seen = 0
    for out in ("a.json", "b.json"):
        report = json.loads((tmp_path / out).read_text())
        assert not report["errors"], report["errors"][:5]
        mixed = [got for got in report["answers"] if json.dumps(got) not in expected]
        assert not mixed, f"{len(mixed)} mixed answers, such as {mixed[0]}"
        seen += len(report["answers"])
    assert seen > 100
    assert answer(path) in expected, "the graph after the loads is not one of the loaded graphs"
