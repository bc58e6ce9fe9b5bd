"""The embedded engine's own client (``ipgraph/db/resp.py``) on the real embedded server."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from test_faults import servers_in

from ipgraph.client import Graph
from ipgraph.config import Settings

SLOW = "UNWIND range(1, 20000000) AS i WITH i WHERE i % 7 = 3 RETURN count(i) AS n"


class Interrupted(Exception):
    pass


@pytest.fixture
def graph(tmp_path: Path) -> Iterator[Graph]:
    with Graph(Settings(db_path=tmp_path / "graph.db")) as opened:
        opened.cypher("CREATE (:Marker {id: 'm'})", write=True)
        yield opened
    assert not servers_in(tmp_path), "the server outlived its last client"


def test_an_answer_interrupted_on_its_way_is_not_read_as_the_next_one(graph: Graph) -> None:
    """A Python interrupt (here a real SIGALRM whose handler raises, as Ctrl-C in a notebook
    does) while the client waits for an answer must not leave that answer to be read by the
    next command: the connection is dropped and the next command gets its own answer."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        started = time.monotonic()
        with pytest.raises(Interrupted):
            graph.cypher(SLOW)
        assert time.monotonic() - started < 5, "interrupted while the server still worked"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert graph.cypher("MATCH (m:Marker) RETURN m.id AS id").rows == [("m",)]
    assert graph.cypher("RETURN 41 + 1 AS n").rows == [(42,)]


def test_each_thread_has_its_own_connection(graph: Graph) -> None:
    """Two threads asking at once each get their own answer (one connection carries one
    command at a time)."""
    answers: dict[int, list[tuple[object, ...]]] = {}

    def ask(n: int) -> None:
        answers[n] = [graph.cypher(f"RETURN {n} AS n").rows[0] for _ in range(200)]

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {n: [(n,)] * 200 for n in range(4)}
