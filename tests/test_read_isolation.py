"""Readers never see half a load, on both engines.

Neo4j reads at read-committed isolation and applies a commit to its store piece by piece, so
a query that runs while a load commits could see part of the new graph beside part of the old.
ipgraph's reads check the graph's version around every query and ask again when a load's
commit overlapped it (``ipgraph.db.neo4j_version``). FalkorDB swaps the whole graph at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from conftest import Neo4jHandle, Target, neo4j_target
from test_reliability import load, old_copy
from tests_support import fingerprint

from ipgraph.client import Graph
from ipgraph.db.neo4j_engine import Neo4jEngine
from ipgraph.db.neo4j_version import Versions

LOADS = 4
# Reads every agreement's name twice, with busy work between: a commit that lands in between
# gives two different lists (about 0.1-0.3 s a query here).
STRADDLE = """
MATCH (a:Agreement)
WITH collect(a.name) AS before
UNWIND range(1, $busy) AS x
WITH before, count(x) AS busy
MATCH (b:Agreement)
RETURN before, collect(b.name) AS after
"""
BUSY = 1_000_000


def test_a_query_that_a_load_commits_under_answers_from_one_graph(
    target: Target, tmp_path: Path
) -> None:
    old = old_copy(tmp_path)
    load(target, "curated")
    new_print = fingerprint(target)
    answers: list[tuple[list[str], list[str]]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            with target.graph() as graph:
                while not stop.is_set():
                    before, after = graph.cypher(STRADDLE, {"busy": BUSY}).rows[0]
                    answers.append((sorted(before), sorted(after)))
        except BaseException as exc:
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(LOADS):
            load(target, old if n % 2 == 0 else "curated")
    finally:
        stop.set()
        reader.join()
    assert not errors
    assert len(answers) > LOADS
    mixed = [n for n, (before, after) in enumerate(answers) if before != after]
    assert not mixed, f"answers {mixed} of {len(answers)} read two graphs in one query"
    graphs = {any(name.endswith(" (old)") for name in before) for before, _ in answers}
    assert graphs == {True, False}, "the reader read both graphs"
    assert fingerprint(target) == new_print


@pytest.fixture
def neo4j_curated(neo4j_server: Neo4jHandle) -> Iterator[Target]:
    """The test Neo4j server holding the curated data, which the test may change."""
    neo4j_server.state = "dirty"
    target = neo4j_target(neo4j_server)
    with target.graph() as graph:
        graph.reset()
        graph.load()
    yield target


@pytest.fixture
def driver(neo4j_server: Neo4jHandle) -> Iterator[neo4j.Driver]:
    auth = (neo4j_server.user, neo4j_server.password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        yield driver


NAME = "MATCH (a:Agreement) WITH a ORDER BY a.id LIMIT 1 RETURN a.id AS id, a.name AS name"


def versions_of(graph: Graph) -> Versions:
    engine = graph.engine
    assert isinstance(engine, Neo4jEngine)
    return engine.versions


def read_later(target: Target) -> tuple[threading.Thread, list[object]]:
    """A thread that reads the first agreement's name (started)."""
    seen: list[object] = []

    def read() -> None:
        with target.graph() as graph:
            seen.append(graph.cypher(NAME).rows[0][1])

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, seen


def test_a_reader_waits_while_an_announced_commit_runs_then_reads_what_it_committed(
    neo4j_curated: Target, driver: neo4j.Driver
) -> None:
    with neo4j_curated.graph() as graph:
        versions = versions_of(graph)
        first, name = graph.cypher(NAME).rows[0]
        token = versions.new_token()
        with driver.session() as session:
            tx = session.begin_transaction(metadata={"app": "test", "token": token})
            tx.run("MATCH (a:Agreement {id: $id}) SET a.name = 'renamed'", id=first).consume()
            versions.announce(token)
            assert versions.now().odd
            thread, seen = read_later(neo4j_curated)
            thread.join(timeout=2)
            # Without the wait it would have answered the committed name at once.
            assert thread.is_alive(), f"the reader did not wait: {seen}"
            tx.commit()
        versions.settle(token)
        thread.join(timeout=60)
        assert not thread.is_alive()
        assert seen == ["renamed"] != [name]
        assert not versions.now().odd


def test_an_announcement_whose_writer_is_gone_does_not_stop_readers(
    neo4j_curated: Target,
) -> None:
    with neo4j_curated.graph() as graph:
        versions = versions_of(graph)
        _, name = graph.cypher(NAME).rows[0]
        versions.announce(versions.new_token())  # and no transaction carries the token
        assert versions.now().odd
    thread, seen = read_later(neo4j_curated)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert seen == [name]
    # The next load settles the version.
    load(neo4j_curated, "curated")
    with neo4j_curated.graph() as graph:
        assert not versions_of(graph).now().odd


def test_a_reset_keeps_the_version_and_readers_see_an_empty_graph(
    neo4j_curated: Target,
) -> None:
    with neo4j_curated.graph() as graph:
        versions = versions_of(graph)
        before = versions.now()
        assert graph.reset() > 0
        after = versions.now()
        assert after.seq is not None and before.seq is not None
        assert after.seq > before.seq and not after.odd
        assert graph.status().nodes == 0
        assert graph.cypher("MATCH (n) RETURN labels(n)").rows == [(["IpgraphVersion"],)]


def test_a_reads_bookmark_changes_with_a_commit_that_closes_while_it_runs(
    neo4j_curated: Target, driver: neo4j.Driver
) -> None:
    """What the version check's short cut rests on (``Versions.checked``): a read's bookmark
    is taken when it ends, so a commit during the read changes it, and without a commit it
    stays the same."""
    with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:

        def bookmark(text: str, **params: object) -> frozenset[str]:
            session.run(text, params).consume()
            return session.last_bookmarks().raw_values

        first = bookmark("RETURN 1")
        assert bookmark("MATCH (a:Agreement) RETURN count(a.name)") == first
        wrote: list[float] = []

        def write() -> None:
            driver.execute_query("MATCH (a:Agreement) WITH a LIMIT 1 SET a.note = 'x'")
            wrote.append(time.monotonic())

        writer = threading.Timer(0.2, write)
        writer.start()
        # About 0.5 s or more of work: the write commits while it runs.
        during = bookmark("UNWIND range(1, 12000000) AS x RETURN count(x)")
        ended = time.monotonic()
        writer.join()
        assert wrote and wrote[0] < ended, "the write committed while the read ran"
        assert during != first
        assert bookmark("RETURN 1") == during
