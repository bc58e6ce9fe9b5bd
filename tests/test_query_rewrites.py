"""Queries rewritten to stay linear give the same rows, in the same order, as the texts they
replaced, on both engines, on the curated data and on a synthetic graph (issue 14, section 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Neo4jHandle
from tests_support import invoke

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.queries import Catalogue

#: Texts of other saved queries before their rewrite (one file per query, named by it).
BEFORE = Path(__file__).resolve().parent / "fixtures" / "rewrites"
# The texts before the rewrite: quadratic on FalkorDB, kept here as the reference answer.
SHARED_PARTNERS_BEFORE = """
MATCH (ca:Country {iso3: $a})-[:PARTY_TO]->(la:Agreement {type: 'ACSA'})<-[:PARTY_TO]-(p:Country)
MATCH (cb:Country {iso3: $b})-[:PARTY_TO]->(lb:Agreement {type: 'ACSA'})<-[:PARTY_TO]-(p)
WHERE p <> ca AND p <> cb
  AND coalesce(la.signedBy, la.inForceBy) <= toString($as_of)
  AND coalesce(lb.signedBy, lb.inForceBy) <= toString($as_of)
  AND (la.terminated IS NULL OR la.terminatedBy > toString($as_of))
  AND (lb.terminated IS NULL OR lb.terminatedBy > toString($as_of))
RETURN p.name AS partner,
       p.iso3 AS iso3,
       la.shortName AS agreementWithA,
       CASE WHEN la.inForce IS NOT NULL AND la.inForceBy <= toString($as_of)
            THEN 'in_force' ELSE 'signed' END AS statusA,
       lb.shortName AS agreementWithB,
       CASE WHEN lb.inForce IS NOT NULL AND lb.inForceBy <= toString($as_of)
            THEN 'in_force' ELSE 'signed' END AS statusB,
       la.sources + lb.sources AS sources
ORDER BY partner, agreementWithA, agreementWithB
"""

ORPHANS_BEFORE = """
MATCH (n)
WHERE (n:Country OR n:Grouping OR n:Agreement OR n:Person OR n:Event) AND NOT (n)--()
RETURN labels(n)[0] AS kind, coalesce(n.id, n.iso3) AS id
UNION ALL
OPTIONAL MATCH (n)
WHERE n.sources IS NOT NULL
WITH collect(n.sources) AS byNodes
OPTIONAL MATCH ()-[r]->()
WHERE r.sources IS NOT NULL
WITH byNodes, collect(r.sources) AS byRelationships
WITH reduce(acc = [], ids IN byNodes + byRelationships | acc + ids) AS citedIds
MATCH (s:Source)
WHERE NOT s.id IN citedIds
RETURN 'Source' AS kind, s.id AS id
"""

PAIRS = [
    {"a": "IND", "b": "JPN", "as_of": "2026-11-01"},
    {"a": "JPN", "b": "IND", "as_of": "2019-01-01"},
    {"a": "AUS", "b": "USA", "as_of": "2024-01-01"},
    {"a": "JPN", "b": "JPN", "as_of": "2026-11-01"},
    {"a": "USA", "b": "GBR", "as_of": "1990-01-01"},
]

# Planted: a source nobody cites, a source cited only by a node that is itself alone (so
# cited), and a country and an event with no relationship.
PLANT = (
    "CREATE (:Source {id: 'planted-uncited', title: 'x'}) "
    "CREATE (:Source {id: 'planted-cited-by-lonely', title: 'x'}) "
    "CREATE (:Event {id: 'planted-lonely-event', sources: ['planted-cited-by-lonely']}) "
    "CREATE (:Country {iso3: 'ZZZ', name: 'Planted'})"
)
# Planted: a membership that ends before it starts (so quality.dates_out_of_order has a row
# to compare).
PLANT_DATES = (
    "MATCH (c:Country), (g:Grouping) WITH c, g ORDER BY c.iso3, g.id LIMIT 1 "
    "CREATE (c)-[:MEMBER_OF {key: 'planted-backwards', since: '2020-01-01',"
    " sinceBy: '2020-01-01', until: '2019-01-01', untilBy: '2019-01-01', sources: []}]->(g)"
)
PLANTED = [
    ("Country", "ZZZ"),
    ("Event", "planted-lonely-event"),
    ("Source", "planted-uncited"),
]


# Parameters for the rewritten queries of BEFORE on the curated data; on a synthetic graph
# the countries and groupings are replaced by some of that graph's (see rewritten_params).
REWRITTEN: dict[str, list[dict[str, Any]]] = {
    "countries.list": [{}, {"region": "Asia"}, {"region": "Nowhere"}],
    "domains.list": [{}],
    "network.shared_partners": [
        {"a": "IND", "b": "JPN"},
        {"a": "JPN", "b": "JPN"},
        {"a": "USA", "b": "AUS", "type": "ACSA"},
        {"a": "AUS", "b": "GBR", "as_of": "2010-01-01"},
        {"a": "GBR", "b": "ZZZ"},
    ],
    "groupings.agreements_among_members": [
        {"grouping": "quad"},
        {"grouping": "aukus", "as_of": "2022-01-01"},
        {"grouping": "nato", "as_of": "1990-01-01"},
        {"grouping": "no-such-grouping"},
    ],
    "quality.post_gaps": [{}],
    "quality.dates_out_of_order": [{}],
    "quality.coverage": [{}],
    "groupings.outreach": [
        {"grouping": "quad"},
        {"grouping": "anzus", "as_of": "1953-01-01"},
        {"grouping": "nato", "as_of": "1990-01-01"},
        {"grouping": "no-such-grouping"},
    ],
    "agreements.timeline": [
        {"from": "2016-01-01", "to": "2026-12-31"},
        {"from": "1900-01-01", "to": "2026-12-31", "type": "RAA"},
        {"from": "2024-01-01", "to": "2023-01-01"},
    ],
    "events.between": [
        {"from": "2017-01-01", "to": "2026-12-31"},
        {"from": "2017-01-01", "to": "2026-12-31", "country": "JPN"},
        {"from": "2000-01-01", "to": "2026-12-31", "country": "FRA", "kind": "summit"},
    ],
    "changes.between": [
        {"from": "2023-01-01", "to": "2023-12-31"},
        {"from": "1940-01-01", "to": "2030-12-31"},
        {"from": "2024-05-01", "to": "2024-05-01"},
    ],
}


def answer(graph: Graph, text: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in graph.cypher(text, params).rows]


def check_rewritten(graphs: list[Graph], runs: dict[str, list[dict[str, Any]]]) -> int:
    """Each engine: every query of BEFORE gives the old text's rows, in the same order, for
    each of its parameter sets; the engines agree. Returns how many answers had rows."""
    catalogue = Catalogue.load()
    found = []
    for graph in graphs:
        per_graph = []
        for name, runs_of_name in runs.items():
            saved = catalogue.get(name)
            before = (BEFORE / f"{name}.cypher").read_text(encoding="utf-8")
            for params in runs_of_name:
                bound = dict(saved.bind(params))
                now = answer(graph, saved.text, bound)
                assert now == answer(graph, before, bound), (name, params)
                per_graph.append(now)
        found.append(per_graph)
    assert all(f == found[0] for f in found)
    return sum(1 for rows in found[0] if rows)


def check_same(graphs: list[Graph], pairs: list[dict[str, str]]) -> list[list[Any]]:
    """Each engine: the saved query's rows equal the old text's; the engines agree."""
    catalogue = Catalogue.load()
    partners = catalogue.get("logistics.shared_partners")
    orphans = catalogue.get("quality.orphans")
    found = []
    for graph in graphs:
        per_graph = []
        for params in pairs:
            now = answer(graph, partners.text, params)
            assert now == answer(graph, SHARED_PARTNERS_BEFORE, params), params
            per_graph.append(now)
        now = answer(graph, orphans.text, {})
        # The old text had no ORDER BY: same rows, now sorted by kind and id.
        assert now == sorted(answer(graph, ORPHANS_BEFORE, {}))
        per_graph.append(now)
        found.append(per_graph)
    assert all(f == found[0] for f in found)
    return found[0]


def test_same_rows_as_before_on_the_curated_data(both_loaded: tuple[Graph, Graph]) -> None:
    found = check_same(list(both_loaded), PAIRS)
    assert found[0] and found[-1] == []
    assert check_rewritten(list(both_loaded), REWRITTEN) >= 8


def test_every_rewritten_query_has_its_old_text() -> None:
    assert sorted(p.stem for p in BEFORE.glob("*.cypher")) == sorted(REWRITTEN)


def rewritten_params(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    """REWRITTEN's kinds of parameters with values that are in a synthetic graph."""
    codes = [r[0] for r in graph.cypher("MATCH (c:Country) RETURN c.iso3 ORDER BY c.iso3").rows]
    groups = [r[0] for r in graph.cypher("MATCH (g:Grouping) RETURN g.id ORDER BY g.id").rows]
    region = graph.cypher("MATCH (c:Country) RETURN c.region ORDER BY c.iso3 LIMIT 1").rows[0][0]
    days = ("2026-11-01", "2005-06-30")
    return {
        "countries.list": [{}, {"region": region}],
        "domains.list": [{}],
        "network.shared_partners": [
            {"a": codes[i], "b": codes[j], "as_of": day}
            for i, j in ((0, 1), (2, 5), (3, 3))
            for day in days
        ]
        + [{"a": codes[0], "b": codes[1], "type": "ACSA"}],
        "groupings.agreements_among_members": [
            {"grouping": g, "as_of": day} for g in groups[:3] for day in days
        ],
        "quality.post_gaps": [{}],
        "quality.dates_out_of_order": [{}],
        "quality.coverage": [{}],
        "groupings.outreach": [{"grouping": g, "as_of": day} for g in groups[:3] for day in days],
        "agreements.timeline": [
            {"from": "1940-01-01", "to": "2030-12-31"},
            {"from": "2010-01-01", "to": "2020-12-31", "type": "ACSA"},
        ],
        "events.between": [
            {"from": "1940-01-01", "to": "2030-12-31"},
            {"from": "2010-01-01", "to": "2020-12-31", "country": codes[0]},
            {"from": "2010-01-01", "to": "2020-12-31", "country": codes[1], "kind": "summit"},
        ],
        "changes.between": [
            {"from": "1940-01-01", "to": "2030-12-31"},
            {"from": "2015-01-01", "to": "2016-12-31"},
        ],
    }


@pytest.fixture
def synthetic_graphs(tmp_path: Path, neo4j_server: Neo4jHandle) -> Any:
    data = tmp_path / "synth"
    made = invoke(None, "synth", "--countries", "25", "--relationships", "3000", "-o", str(data))
    assert made.exit_code == 0, made.output
    with Graph(Settings(db_path=tmp_path / "graph.db")) as falkor:
        falkor.load([str(data)])
        neo4j_server.state = "dirty"
        with Graph(neo4j_server.settings()) as neo4j:
            neo4j.reset()
            neo4j.load([str(data)])
            yield falkor, neo4j


def test_same_rows_as_before_on_a_synthetic_graph(synthetic_graphs: tuple[Graph, Graph]) -> None:
    graphs = list(synthetic_graphs)
    codes = [r[0] for r in graphs[0].cypher("MATCH (c:Country) RETURN c.iso3 ORDER BY c.iso3").rows]
    pairs = [
        {"a": codes[i], "b": codes[j], "as_of": day}
        for i, j in ((0, 1), (2, 5), (3, 3), (7, 11))
        for day in ("2026-11-01", "2005-06-30")
    ]
    found = check_same(graphs, pairs)
    assert any(found[:-1]), "some pair shares a partner"
    assert check_rewritten(graphs, rewritten_params(graphs[0])) >= 6
    for graph in graphs:
        graph.cypher(PLANT, write=True)
    found = check_same(graphs, [])
    assert found[-1] == PLANTED
    for graph in graphs:
        graph.cypher(PLANT_DATES, write=True)
    checks = {"quality.dates_out_of_order": [{}], "quality.post_gaps": [{}]}
    assert check_rewritten(graphs, checks) >= 1
