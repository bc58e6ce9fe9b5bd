"""The fast read path (issue 14): a saved read query runs first and its ``// exists:`` values
are looked up only when it answers nothing; on Neo4j reads reuse one READ session per thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from conftest import Target
from test_query_engines import EXAMPLES

from ipgraph.client import Graph
from ipgraph.errors import ParameterError, ReadOnlyError
from ipgraph.queries import REF_KINDS, Catalogue

MISSING = {"country": "ZZZ", "agreement": "no-such", "grouping": "no-such", "person": "no-such"}
MISSING |= {"domain": "no-such", "source": "no-such"}

CASES = [
    (saved.name, pname, kind)
    for saved in Catalogue.load()
    for pname, kind in saved.refs
    if kind in REF_KINDS and not saved.param(pname).type.startswith("list")  # type: ignore[union-attr]
]


@pytest.mark.parametrize(("name", "pname", "kind"), CASES)
def test_a_missing_value_empties_the_answer(
    loaded_graph: Graph, name: str, pname: str, kind: str
) -> None:
    """What makes it right to look values up only after an empty answer: every saved query
    answers nothing when one named value is missing (and so still says "no such ...")."""
    saved = loaded_graph.catalogue.get(name)
    for example in EXAMPLES[name]:
        params = example | {pname: MISSING[kind]}
        assert loaded_graph.engine.read(saved.text, saved.bind(params)).rows == []
        with pytest.raises(ParameterError, match=f"no such {kind} "):
            loaded_graph.query(name, params)


def test_a_list_value_is_looked_up_even_when_others_answer(loaded_graph: Graph) -> None:
    params = {"groupings": ["nato", "eu", "no-such"]}
    with pytest.raises(ParameterError, match="no such grouping 'no-such'"):
        loaded_graph.query("groupings.overlap", params)


def test_reads_from_several_threads_on_one_graph(loaded: Target) -> None:
    errors: list[BaseException] = []
    answers: list[Any] = []
    with loaded.graph() as graph:
        expected = graph.query("raa.status").rows

        def ask() -> None:
            try:
                for _ in range(10):
                    answers.append(graph.query("raa.status").rows)
                with pytest.raises(ReadOnlyError):
                    graph.cypher("CREATE (:Planted)")
            except BaseException as exc:  # reported below
                errors.append(exc)

        workers = [threading.Thread(target=ask) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert errors == []
        assert answers == [expected] * 40
        assert graph.cypher("MATCH (n:Planted) RETURN count(n)").rows == [(0,)]
    with loaded.graph() as graph:  # a new graph after close() answers as before
        assert graph.query("raa.status").rows == expected
