"""bench/queries.py and bench/report.py: the curated latencies split into server and client."""

from __future__ import annotations

import sys

from conftest import ROOT

from ipgraph.client import Graph

sys.path.insert(0, str(ROOT))

from bench.queries import latency, split
from bench.report import _curated


def test_split_is_the_median_of_each_part() -> None:
    found = split([4.0, 10.0, 6.0], [1.0, 2.0, 5.0])
    assert found == {"server_p50_ms": 2.0, "client_p50_ms": 3.0}


def test_no_split_when_a_run_has_no_server_time() -> None:
    assert split([4.0, 5.0], [1.0, None]) == {}
    assert split([], []) == {}


def test_the_curated_table_shows_the_split_only_where_measured() -> None:
    old = {"falkordb": {"a.b": {"p50_ms": 2.0, "p95_ms": 3.0}}}
    table = _curated({"curated_queries": old})
    assert "server / client" not in table
    assert "| `a.b` | 2.0 / 3.0 MISS |" in table
    new = {"falkordb": {"a.b": {"p50_ms": 2.0, "p95_ms": 3.0}}, "neo4j": {"a.b": {"error": "x"}}}
    new["falkordb"]["a.b"] |= {"server_p50_ms": 1.5, "client_p50_ms": 0.5}
    table = _curated({"curated_queries": new})
    assert "| falkordb p50 server / client ms |" in table
    assert "| `a.b` | 2.0 / 3.0 MISS | error: x | 1.5 / 0.5 |" in table


def test_both_engines_report_their_own_time(both_loaded: tuple[Graph, Graph]) -> None:
    names = ["countries.list", "network.shared_partners"]
    params = {"network.shared_partners": {"a": "IND", "b": "JPN"}}
    for graph in both_loaded:
        assert graph.query("countries.list").server_ms is not None
        found = latency(graph, names, params, warmup=1, repeat=3, budget=5)
        for entry in found.values():
            assert entry["rows"] > 0
            assert entry["server_p50_ms"] >= 0 and entry["client_p50_ms"] >= 0


def test_the_plans_read_what_the_queries_must(both_loaded: tuple[Graph, Graph]) -> None:
    # bench/plans.py sums the records of each operator of the engine's own PROFILE: a query
    # that reads every node (quality.orphans) reads at least as many records as there are
    # nodes, and far more than one that starts from one country (raa.status).
    from bench.plans import falkor_records, records

    assert falkor_records(["Results | Records produced: 4, Execution time: 0.01 ms"]) == (4, None)
    assert falkor_records([b"Filter | Records produced: 12, Execution time: 0.2 ms", "x"]) == (
        12,
        None,
    )
    names = ["raa.status", "quality.orphans"]
    for graph in both_loaded:
        nodes = graph.status().nodes
        found = records(graph, names, {"raa.status": {"country": "JPN"}})
        assert set(found) == set(names)
        small, whole = found["raa.status"]["records"], found["quality.orphans"]["records"]
        assert small is not None and whole is not None
        assert len(graph.query("raa.status", {"country": "JPN"}).rows) <= small < nodes <= whole
        hits = found["quality.orphans"]["db_hits"]
        assert (hits is None) == (graph.engine.name == "falkordb")
        assert hits is None or hits >= nodes
