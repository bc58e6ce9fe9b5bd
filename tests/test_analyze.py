r"""Network analytics (ipgraph.analysis, `ipgraph analyze`): hand-checked values on both engines.

The small graph is tests/fixtures/analysis/, a folder in the curated CSV format whose
agreements are invented (its one source says so). On 2024-01-01 the agreements in force
make this network (weights in brackets, all others 1):

    AUT                 EST                  GRC
     |  \             /  |                   |
     |   CHL ==[2]== DNK  |            ISL - HUN - JAM
     |  /             \  |
    BEL                 FIN

- fx-treaty-abc (in force 1951: over 68 years before 2024, where FalkorDB compares raw
  dates wrongly) links AUT, BEL, CHL pairwise; fx-treaty-def links DNK, EST, FIN;
  fx-acsa-cd (terminated 2025-06-30, after the date) and fx-raa-cd both link CHL and DNK;
  HUN is linked to GRC and ISL (RAAs) and to JAM (fx-acsa-hj, in force on 2024-01-01
  exactly).
- Not in force on 2024-01-01: fx-signed-adk (signed only, so KEN is in no link and not in
  the network, and AUT-DNK is not a link), fx-later-ae (in force 2024-01-02), fx-ended-bf
  (terminated 2024-01-01), fx-negotiating-gj, fx-undated-ij.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterator
from itertools import product
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from conftest import Target

from ipgraph import analysis
from ipgraph.client import Graph
from ipgraph.dataset.dates import parse_partial
from ipgraph.errors import ParameterError
from ipgraph.resources import data_dir

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "analysis"
ROOT3, ROOT6, ROOT2 = math.sqrt(3), math.sqrt(6), math.sqrt(2)


def r6(value: float) -> float:
    return round(value, 6)


# Hand-computed measures of the 2024-01-01 fixture network (n = 10 countries).
#
# degree / weighted_degree: CHL and DNK have 3 partners and weight 1 + 1 + 2 = 4; HUN 3 and
# 3; AUT, BEL, EST, FIN 2 and 2; GRC, ISL, JAM 1 and 1.
#
# betweenness (networkx normalised: pairs whose shortest paths pass through the country,
# over (n-1)(n-2)/2 = 36 pairs): every path from {AUT, BEL} to {DNK, EST, FIN} passes through
# CHL: 2 * 3 = 6 pairs, 6/36 = 1/6. Likewise DNK for {AUT, BEL, CHL} x {EST, FIN}: 1/6. HUN
# lies between the 3 pairs of {GRC, ISL, JAM}: 3/36 = 1/12. No other country lies between
# two others (AUT's and BEL's partners are linked to each other, and so on).
#
# eigenvector (weighted, per component, Euclidean norm 1 per component):
# - triangles component: by symmetry AUT = BEL = EST = FIN = a, CHL = DNK = c. At AUT:
#   a + c = lambda * a; at CHL: a + a + 2c = lambda * c. So c = (lambda - 1) a and
#   2 + 2(lambda - 1) = lambda (lambda - 1), lambda = 3, c = 2a; 4a^2 + 2(2a)^2 = 12a^2 = 1:
#   a = 1/sqrt(12) = 1/(2 sqrt 3) = 0.288675, c = 1/sqrt(3) = 0.577350.
# - star component, centre HUN (h), leaves GRC, ISL, JAM (l): lambda l = h, lambda h = 3l:
#   lambda = sqrt(3), l = h/sqrt(3); h^2 + 3 h^2/3 = 1: h = 1/sqrt(2) = 0.707107,
#   l = 1/sqrt(6) = 0.408248.
#
# Sorted by betweenness (highest first), then country code.
CENTRALITY = [
    ("CHL", "Chile", 3, 4, r6(1 / 6), r6(1 / ROOT3)),
    ("DNK", "Denmark", 3, 4, r6(1 / 6), r6(1 / ROOT3)),
    ("HUN", "Hungary", 3, 3, r6(1 / 12), r6(1 / ROOT2)),
    ("AUT", "Austria", 2, 2, 0.0, r6(1 / (2 * ROOT3))),
    ("BEL", "Belgium", 2, 2, 0.0, r6(1 / (2 * ROOT3))),
    ("EST", "Estonia", 2, 2, 0.0, r6(1 / (2 * ROOT3))),
    ("FIN", "Finland", 2, 2, 0.0, r6(1 / (2 * ROOT3))),
    ("GRC", "Greece", 1, 1, 0.0, r6(1 / ROOT6)),
    ("ISL", "Iceland", 1, 1, 0.0, r6(1 / ROOT6)),
    ("JAM", "Jamaica", 1, 1, 0.0, r6(1 / ROOT6)),
]
# Communities. Modularity Q = sum over communities of W/m - (D/2m)^2, with m = 11 (total
# link weight), W the weight inside the community and D its summed weighted degrees.
# {AUT,BEL,CHL} {DNK,EST,FIN} {GRC,HUN,ISL,JAM}: W = 3, 3, 3; D = 8, 8, 6:
#   Q = 9/11 - (64 + 64 + 36)/484 = 232/484 = 0.4793.
# Moving DNK to the first triangle (what the greedy CNM algorithm alone returns, because it
# merges the weight-2 pair CHL-DNK first): W = 5, 1, 3; D = 12, 4, 6: Q = 200/484 = 0.4132.
# Both triangles together: 192/484; splitting the star, e.g. {GRC,HUN} {ISL} {JAM}, lowers
# its share from 3/11 - 36/484 = 96/484 to 1/11 - 18/484 = 26/484. A test below checks
# every partition by brute force. Numbered by size, then first country: the star is 1,
# AUT's triangle 2, DNK's 3.
COMMUNITIES = [
    (1, "GRC", "Greece"),
    (1, "HUN", "Hungary"),
    (1, "ISL", "Iceland"),
    (1, "JAM", "Jamaica"),
    (2, "AUT", "Austria"),
    (2, "BEL", "Belgium"),
    (2, "CHL", "Chile"),
    (3, "DNK", "Denmark"),
    (3, "EST", "Estonia"),
    (3, "FIN", "Finland"),
]
# Bridges: without HUN, GRC, ISL and JAM are 3 pieces; without CHL, {AUT, BEL} and
# {DNK, EST, FIN} are 2; without DNK, {AUT, BEL, CHL} and {EST, FIN} are 2. Every other
# country sits on a triangle or is a leaf. Bridge edges: CHL-DNK and HUN's three links. CHL
# and DNK touch communities 2 and 3; HUN and its partners are all in 1.
BRIDGES = [
    ("HUN", "Hungary", 3, ["GRC", "ISL", "JAM"], [1]),
    ("CHL", "Chile", 2, ["DNK"], [2, 3]),
    ("DNK", "Denmark", 2, ["CHL"], [2, 3]),
]
EDGES_2024 = {
    ("AUT", "BEL"): ["fx-treaty-abc"],
    ("AUT", "CHL"): ["fx-treaty-abc"],
    ("BEL", "CHL"): ["fx-treaty-abc"],
    ("CHL", "DNK"): ["fx-acsa-cd", "fx-raa-cd"],
    ("DNK", "EST"): ["fx-treaty-def"],
    ("DNK", "FIN"): ["fx-treaty-def"],
    ("EST", "FIN"): ["fx-treaty-def"],
    ("GRC", "HUN"): ["fx-raa-gh"],
    ("HUN", "ISL"): ["fx-raa-hi"],
    ("HUN", "JAM"): ["fx-acsa-hj"],
}


def rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in frame.itertuples(index=False, name=None)]


def edges(network: nx.Graph) -> dict[tuple[str, str], list[str]]:
    found = {}
    for a, b, data in network.edges(data=True):
        assert data["weight"] == len(data["agreements"])
        found[(min(a, b), max(a, b))] = data["agreements"]
    return found


@pytest.fixture
def fixture_graph(target: Target) -> Iterator[Graph]:
    """The invented fixture folder loaded into an empty graph, on each engine."""
    with target.graph() as graph:
        graph.load([str(FIXTURE)])
        yield graph


def test_hand_checked_measures_on_the_fixture(fixture_graph: Graph) -> None:
    network = analysis.cooperation_network(fixture_graph, "2024-01-01")
    assert network.graph == {"as_of": "2024-01-01", "type": None}
    assert edges(network) == EDGES_2024
    assert network.nodes["CHL"] == {"name": "Chile", "region": "Americas"}
    assert "KEN" not in network  # party only to an agreement never in force
    assert rows(analysis.centrality(network)) == CENTRALITY
    assert rows(analysis.communities(network)) == COMMUNITIES
    assert rows(analysis.bridges(network)) == BRIDGES


def test_in_force_on_the_date_and_of_a_type(fixture_graph: Graph) -> None:
    def network_edges(as_of: Any, type: str | None = None) -> dict[tuple[str, str], list[str]]:
        return edges(analysis.cooperation_network(fixture_graph, as_of, type))

    # The day before: fx-acsa-hj not yet in force (JAM drops out), fx-ended-bf still is.
    day_before = network_edges(dt.date(2023, 12, 31))
    assert day_before == {
        **{k: v for k, v in EDGES_2024.items() if k != ("HUN", "JAM")},
        ("BEL", "FIN"): ["fx-ended-bf"],
    }
    # BEL-FIN closes a cycle through CHL and DNK: only HUN is left as a bridge.
    before = analysis.cooperation_network(fixture_graph, "2023-12-31")
    assert [row[:4] for row in rows(analysis.bridges(before))] == [
        ("HUN", "Hungary", 2, ["GRC", "ISL"])
    ]
    # 1952: fx-treaty-abc (1951) and fx-acsa-cd (1952-04-28) only.
    assert network_edges("1952-06-01") == {
        ("AUT", "BEL"): ["fx-treaty-abc"],
        ("AUT", "CHL"): ["fx-treaty-abc"],
        ("BEL", "CHL"): ["fx-treaty-abc"],
        ("CHL", "DNK"): ["fx-acsa-cd"],
    }
    # fx-acsa-cd ended on 2025-06-30.
    assert network_edges("2025-06-30")[("CHL", "DNK")] == ["fx-raa-cd"]
    raa = {
        ("CHL", "DNK"): ["fx-raa-cd"],
        ("GRC", "HUN"): ["fx-raa-gh"],
        ("HUN", "ISL"): ["fx-raa-hi"],
    }
    assert network_edges("2024-01-01", "RAA") == raa
    assert network_edges("2024-01-01", "raa") == raa
    assert network_edges("2024-01-01", "PARTNERSHIP") == {}


def test_an_empty_network_gives_empty_tables(fixture_graph: Graph) -> None:
    network = analysis.cooperation_network(fixture_graph, "1951-01-09")  # a day too early
    assert network.number_of_nodes() == 0
    assert list(analysis.centrality(network).columns) == analysis.CENTRALITY_COLUMNS
    assert list(analysis.communities(network).columns) == ["community", "country", "name"]
    assert list(analysis.bridges(network).columns) == analysis.BRIDGE_COLUMNS
    assert all(
        len(f(network)) == 0 for f in (analysis.centrality, analysis.communities, analysis.bridges)
    )


def _partitions(items: list[str]) -> Iterator[list[list[str]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for smaller in _partitions(rest):
        for i in range(len(smaller)):
            yield [*smaller[:i], [first, *smaller[i]], *smaller[i + 1 :]]
        yield [[first], *smaller]


def fixture_network() -> nx.Graph:
    """The 2024-01-01 fixture network built by hand, without a database."""
    network = nx.Graph()
    for (a, b), ids in EDGES_2024.items():
        network.add_edge(a, b, weight=len(ids), agreements=ids)
    return network


def test_communities_are_the_best_partition() -> None:
    # Brute force over every partition of each component (a community spanning two
    # components never helps: splitting it removes a penalty and loses no link).
    network = fixture_network()
    parts = [sorted(c) for c in nx.connected_components(network)]
    scored = []
    for choice in product(*(list(_partitions(p)) for p in parts)):
        partition = [group for groups in choice for group in groups]
        scored.append((nx.community.modularity(network, partition, weight="weight"), partition))
    scored.sort(key=lambda s: -s[0])
    best, second = scored[0][0], scored[1][0]
    assert best == pytest.approx(232 / 484) and second < best - 1e-9
    found = analysis.communities(network).groupby("community")["country"].apply(set)
    assert sorted(map(sorted, found)) == sorted(map(sorted, scored[0][1]))


def test_eigenvector_per_component_and_isolated_countries() -> None:
    network = nx.Graph()
    network.add_edge("A", "B", weight=1)
    network.add_edge("C", "D", weight=5)
    network.add_node("E")
    assert analysis.eigenvector(network) == pytest.approx(
        {"A": 1 / ROOT2, "B": 1 / ROOT2, "C": 1 / ROOT2, "D": 1 / ROOT2, "E": 0.0}
    )
    # On a connected network it is networkx's own value, to the sixth decimal.
    connected = fixture_network().subgraph(["AUT", "BEL", "CHL", "DNK", "EST", "FIN"])
    expected = nx.eigenvector_centrality(connected, weight="weight", max_iter=1000, tol=1e-10)
    assert {k: r6(v) for k, v in analysis.eigenvector(connected).items()} == {
        k: r6(v) for k, v in expected.items()
    }
    table = analysis.centrality(network)
    assert rows(table)[-1] == ("E", "E", 0, 0, 0.0, 0.0)  # no name attribute: the code
    assert rows(analysis.communities(network))[-1] == (3, "E", "E")


def test_bad_date_and_type_are_parameter_errors() -> None:
    assert analysis.check_as_of("2024-02-29") == dt.date(2024, 2, 29)
    assert analysis.check_as_of(None) == analysis.check_as_of("today") == dt.date.today()
    assert analysis.check_as_of(dt.datetime(2024, 1, 2, 3, 4)) == dt.date(2024, 1, 2)
    with pytest.raises(ParameterError, match=r"^as_of '2023-02-29' is not a real date"):
        analysis.check_as_of("2023-02-29")
    assert analysis.check_type(" acsa ") == "ACSA" and analysis.check_type(None) is None
    with pytest.raises(ParameterError) as info:
        analysis.check_type("MOU")
    assert str(info.value) == (
        "type 'MOU' is not an agreement type. "
        "Use one of: TREATY, SOFA, RAA, DCA, ACSA, GSOMIA, EQUIPMENT, DECLARATION, PARTNERSHIP, "
        "PROGRAMME"
    )


# --- the curated data --------------------------------------------------------------------


def last_day(text: str) -> str:
    """The last day a date known to the day, month or year may denote (the date rule)."""
    return parse_partial(text)[1]


def in_force_pairs(as_of: str, kind: str) -> dict[tuple[str, str], list[str]]:
    """The pairs of parties of agreements of one type in force on a date, read from data/."""
    with (data_dir() / "agreements.csv").open(encoding="utf-8", newline="") as handle:
        live = {
            row["id"]
            for row in csv.DictReader(handle)
            if row["type"] == kind
            and row["inForce"]
            and last_day(row["inForce"]) <= as_of
            and not (row["terminated"] and last_day(row["terminated"]) <= as_of)
        }
    parties: dict[str, list[str]] = {}
    with (data_dir() / "parties.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parties.setdefault(row["agreement"], []).append(row["country"])
    pairs: dict[tuple[str, str], list[str]] = {}
    for agreement in sorted(live):
        countries = sorted(parties[agreement])
        for i, a in enumerate(countries):
            for b in countries[i + 1 :]:
                pairs.setdefault((a, b), []).append(agreement)
    return pairs


def test_curated_raa_network_is_the_raa_pairs_in_force(loaded_graph: Graph) -> None:
    raa_2024 = analysis.cooperation_network(loaded_graph, "2024-01-01", "RAA")
    # Japan-Australia in force 2023-08-13, Japan-UK 2023-10-15; Japan-Philippines only
    # from 2025-09-11 and Japan-France not signed (MOFA, per data/agreements.csv).
    assert edges(raa_2024) == {("AUS", "JPN"): ["jpn-aus-raa"], ("GBR", "JPN"): ["jpn-gbr-raa"]}
    assert edges(raa_2024) == in_force_pairs("2024-01-01", "RAA")
    raa_2026 = analysis.cooperation_network(loaded_graph, "2026-01-01", "RAA")
    assert set(edges(raa_2026)) == {("AUS", "JPN"), ("GBR", "JPN"), ("JPN", "PHL")}
    for kind in ("ACSA", "TREATY"):
        network = analysis.cooperation_network(loaded_graph, "2024-01-01", kind)
        assert edges(network) == in_force_pairs("2024-01-01", kind)
    # Path AUS - JPN - GBR: JPN lies between the one other pair; eigenvector 1/sqrt 2 and 1/2.
    assert rows(analysis.centrality(raa_2024)) == [
        ("JPN", "Japan", 2, 2, 1.0, r6(1 / ROOT2)),
        ("AUS", "Australia", 1, 1, 0.0, 0.5),
        ("GBR", "United Kingdom", 1, 1, 0.0, 0.5),
    ]


def test_curated_bridges_on_1953_01_01(loaded_graph: Graph) -> None:
    # All types in force on 1953-01-01: ANZUS (1952-04-29) makes a triangle of Australia,
    # New Zealand and the US; the US treaties with the Philippines (1952-08-27) and Japan
    # (1952-04-28) hang on the US; India and Nepal (1950 treaty) are a pair of their own.
    network = analysis.cooperation_network(loaded_graph, "1953-01-01")
    assert sorted(network) == ["AUS", "IND", "JPN", "NPL", "NZL", "PHL", "USA"]
    bridges = rows(analysis.bridges(network))
    assert [row[:4] for row in bridges] == [("USA", "United States", 3, ["JPN", "PHL"])]


@pytest.mark.parametrize(
    ("as_of", "kind"),
    [("2024-01-01", None), ("2026-01-01", None), ("1953-01-01", None), ("2024-01-01", "ACSA")],
)
def test_same_analysis_on_both_engines(
    both_loaded: tuple[Graph, Graph], as_of: str, kind: str | None
) -> None:
    falkor, neo4j = (analysis.cooperation_network(g, as_of, kind) for g in both_loaded)
    assert nx.utils.graphs_equal(falkor, neo4j)
    for measure in (analysis.centrality, analysis.communities, analysis.bridges):
        assert measure(falkor).equals(measure(neo4j))
