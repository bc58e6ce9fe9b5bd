"""Network analytics of the country cooperation network, computed with networkx.

The network comes from one saved query, ``network.cooperation``, so it is the same on
both engines, and every measure is computed here in Python:

- **Nodes** are the countries party to at least one agreement in force on the date
  (status ``in_force`` as in ``raa.status``: a recorded entry into force on or before the
  date, not terminated on or before it), optionally of one agreement type. Every agreement
  has at least two parties, so every node has a link; countries with no agreement in
  force are left out (the network has no isolated countries). Node attributes: ``name``,
  ``region`` (UN M49).
- **Edges** join two countries that share at least one such agreement; ``weight`` is the
  number they share and ``agreements`` their ids, sorted.

Measures (see each function): degree, weighted degree, betweenness (hop counts, weights
ignored), eigenvector centrality (weighted, per connected component), modularity
communities (weighted) and bridge countries (articulation points). Values are rounded to
six decimals and rows sorted, so that equal networks always give equal tables.

>>> from ipgraph import Graph
>>> from ipgraph import analysis
>>> with Graph() as graph:
...     network = analysis.cooperation_network(graph, as_of="2024-01-01", type="RAA")
>>> analysis.centrality(network)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from ipgraph.dataset.vocab import AGREEMENT_TYPES
from ipgraph.errors import AnalysisError, ParameterError
from ipgraph.params import CoercionError, parse_date

if TYPE_CHECKING:
    from ipgraph.client import Graph

QUERY = "network.cooperation"
DECIMALS = 6
CENTRALITY_COLUMNS = ["country", "name", "degree", "weighted_degree", "betweenness", "eigenvector"]
COMMUNITY_COLUMNS = ["community", "country", "name"]
BRIDGE_COLUMNS = ["country", "name", "pieces", "bridge_partners", "communities"]
LOUVAIN_SEEDS = 10
_EIGEN_MAX_ITER = 10_000
_EIGEN_TOL = 1e-12


def check_as_of(value: dt.date | str | None, *, what: str = "as_of") -> dt.date:
    """The date to build the network on: a date, ``YYYY-MM-DD``, ``today`` or None (today).

    Raises :class:`ParameterError` naming ``what`` (e.g. ``--as-of``) for anything else.
    """
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if value.strip().lower() == "today":
            return dt.date.today()
        try:
            return parse_date(value)
        except CoercionError as exc:
            raise ParameterError(f"{what} {exc}. Give a date such as 2024-01-01") from None
    raise ParameterError(
        f"{what} {value!r} is not a date. Give a datetime.date or a text such as 2024-01-01"
    )


def check_type(value: str | None, *, what: str = "type") -> str | None:
    """An agreement type of the vocabulary (any letter case), or None for all types.

    Raises :class:`ParameterError` naming ``what`` (e.g. ``--type``) for an unknown type.
    """
    if value is None:
        return None
    word = value.strip().upper()
    if word not in AGREEMENT_TYPES:
        raise ParameterError(
            f"{what} '{value}' is not an agreement type. Use one of: {', '.join(AGREEMENT_TYPES)}"
        )
    return word


def cooperation_network(
    graph: Graph, as_of: dt.date | str | None = None, type: str | None = None
) -> nx.Graph:
    """The country cooperation network on ``as_of`` (default today), from ``network.cooperation``.

    Nodes are ISO3 codes (attributes ``name``, ``region``) of the countries with at least
    one agreement in force on the date (of agreement ``type`` if given: RAA, ACSA, TREATY,
    DECLARATION, PROGRAMME or PARTNERSHIP, any letter case); countries without one are not
    included. Edges carry ``weight`` (number of shared agreements in force) and
    ``agreements`` (their ids, sorted). ``network.graph`` holds ``as_of`` (ISO text) and
    ``type``. Nodes and edges are added in sorted order, so the same data always gives the
    same network, on either engine.
    """
    day = check_as_of(as_of)
    kind = check_type(type)
    result = graph.query(QUERY, {"as_of": day.isoformat(), "type": kind})
    network = nx.Graph(as_of=day.isoformat(), type=kind)
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[tuple[str, str, dict[str, Any]]] = []
    for row in result.records():
        a, b = row["country"], row["partner"]
        nodes[a] = {"name": row["countryName"], "region": row["countryRegion"]}
        nodes[b] = {"name": row["partnerName"], "region": row["partnerRegion"]}
        ids = sorted(row["agreements"])
        edges.append((a, b, {"weight": len(ids), "agreements": ids}))
    network.add_nodes_from(sorted(nodes.items()))
    network.add_edges_from(sorted(edges, key=lambda edge: (edge[0], edge[1])))
    return network


def _name(network: nx.Graph, node: str) -> Any:
    return network.nodes[node].get("name", node)


def _rounded(value: float) -> float:
    return round(float(value), DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def eigenvector(network: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality, computed in each connected component separately.

    Within a component of two or more countries it is ``networkx.eigenvector_centrality``
    of that component (weights = shared agreements; the leading eigenvector of its weighted
    adjacency matrix, Euclidean norm 1 over the component), so on a connected network it
    equals networkx's value for the whole network. A component's values are comparable
    among its own countries only: two countries linked only to each other get 0.707107
    each. A country without links gets 0. Unrounded.
    """
    values: dict[str, float] = {}
    for members in nx.connected_components(network):
        if len(members) == 1:
            values.update(dict.fromkeys(members, 0.0))
            continue
        component = network.subgraph(members)
        try:
            found = nx.eigenvector_centrality(
                component, max_iter=_EIGEN_MAX_ITER, tol=_EIGEN_TOL, weight="weight"
            )
        except nx.PowerIterationFailedConvergence:
            raise AnalysisError(
                f"eigenvector centrality did not converge in {_EIGEN_MAX_ITER} iterations on "
                f"a component of {len(members)} countries. Report this with the network's "
                "date and type"
            ) from None
        values.update(found)
    return values


def centrality(network: nx.Graph) -> pd.DataFrame:
    """Degree, weighted degree, betweenness and eigenvector centrality of every country.

    Columns ``country, name, degree, weighted_degree, betweenness, eigenvector``:

    - ``degree``: number of partner countries; ``weighted_degree``: sum of the link
      weights (shared agreements counted once per partner).
    - ``betweenness``: networkx's normalised betweenness, on shortest paths counted in
      links (weights ignored): the share of pairs of other countries whose shortest
      connections pass through the country, over (n-1)(n-2)/2 pairs.
    - ``eigenvector``: see :func:`eigenvector` (per connected component, weighted).

    Floats rounded to six decimals; sorted by betweenness (highest first), then country.
    """
    between = nx.betweenness_centrality(network, normalized=True)
    eigen = eigenvector(network)
    rows = [
        (
            node,
            _name(network, node),
            int(network.degree(node)),
            network.degree(node, weight="weight"),
            _rounded(between[node]),
            _rounded(eigen[node]),
        )
        for node in network.nodes
    ]
    rows.sort(key=lambda row: (-row[4], row[0]))
    return pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)


def community_of(network: nx.Graph) -> dict[str, int]:
    """Each country's community number (see :func:`communities`)."""
    if network.number_of_edges() == 0:
        groups: list[set[str]] = [{node} for node in network.nodes]
    else:
        groups = [set(group) for group in _best_partition(network)]
    groups.sort(key=lambda group: (-len(group), min(group)))
    return {node: number for number, group in enumerate(groups, 1) for node in group}


def _best_partition(network: nx.Graph) -> list[set[str]]:
    candidates = [nx.community.greedy_modularity_communities(network, weight="weight")]
    candidates += [
        nx.community.louvain_communities(network, weight="weight", seed=seed)
        for seed in range(LOUVAIN_SEEDS)
    ]

    def rank(partition: Any) -> tuple[float, list[list[str]]]:
        quality = nx.community.modularity(network, partition, weight="weight")
        return (-round(quality, 12), sorted(sorted(group) for group in partition))

    return [set(group) for group in min(candidates, key=rank)]


def communities(network: nx.Graph) -> pd.DataFrame:
    """Communities of countries: the best of several modularity maximisations (weighted).

    Candidates are networkx's greedy modularity partition (Clauset-Newman-Moore) and its
    Louvain partitions with seeds 0 to 9 (weights = shared agreements, resolution 1); the
    one with the highest modularity wins, ties going to the first in sorted order. Each
    method alone can stop at a worse partition; the choice is deterministic. Columns
    ``community, country, name``; communities are numbered 1, 2, ... from the largest, ties
    by their first country code; rows sorted by community, then country. A network without
    links has one community per country.
    """
    numbers = community_of(network)
    rows = sorted((number, node, _name(network, node)) for node, number in numbers.items())
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS)


def bridges(network: nx.Graph) -> pd.DataFrame:
    """Bridge countries: the articulation points of the network.

    A bridge country is one whose removal splits its connected part of the network (the
    countries it can reach) into two or more pieces: some of its partners reach the others
    only through it. Columns:

    - ``pieces``: how many pieces its connected part falls into without it (2 or more).
    - ``bridge_partners``: partners whose link to it is a bridge edge, a link that is the
      only connection between two parts of the network (sorted ISO3 codes; a partner with
      no other link is one).
    - ``communities``: the communities (numbers as in :func:`communities`) of the country
      and its partners, sorted: more than one means it links communities.

    Sorted by pieces (most first), then country. A network without articulation points
    gives no rows.
    """
    cut_points = set(nx.articulation_points(network))
    bridge_edges = {frozenset(edge) for edge in nx.bridges(network)}
    numbers = community_of(network) if cut_points else {}
    rows = []
    for node in cut_points:
        rest = network.subgraph(nx.node_connected_component(network, node) - {node})
        partners = list(network.neighbors(node))
        rows.append(
            (
                node,
                _name(network, node),
                nx.number_connected_components(rest),
                sorted(p for p in partners if frozenset((node, p)) in bridge_edges),
                sorted({numbers[n] for n in [node, *partners]}),
            )
        )
    rows.sort(key=lambda row: (-row[2], row[0]))
    return pd.DataFrame(rows, columns=BRIDGE_COLUMNS)
