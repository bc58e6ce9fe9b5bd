"""``ipgraph analyze``: centrality, communities and bridge countries of the cooperation network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ipgraph.cli.common import FORMAT_OPTION, OUTPUT_OPTION, App, emit

AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    default="today",
    show_default=True,
    metavar="DATE",
    help="Count the agreements in force on this date (YYYY-MM-DD).",
)
TYPE_OPTION = click.option(
    "--type",
    "type_",
    metavar="TYPE",
    help="Only agreements of this type (see data/README.md): TREATY, SOFA, RAA, DCA, ACSA, "
    "GSOMIA, EQUIPMENT, DECLARATION, PARTNERSHIP, PROGRAMME.",
)


def network_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of every analysis (--as-of, --type, --format, --output), and the app."""
    decorated: Callable[..., None] = click.pass_obj(command)
    for option in (OUTPUT_OPTION, FORMAT_OPTION, TYPE_OPTION, AS_OF_OPTION):
        decorated = option(decorated)
    return decorated


@click.group()
def analyze() -> None:
    """Network analytics of the country cooperation network on a date.

    Countries are linked when they are both party to at least one agreement in force on
    --as-of: entered into force on or before it (a recorded date) and not terminated on or
    before it, the 'in_force' status of raa.status. Only signed agreements, and those whose
    entry into force is not recorded, do not count. --type keeps one agreement type. A link's
    weight is the number of agreements the two share; countries without any link are not in
    the network. The network comes from the saved query network.cooperation and every
    measure is computed with networkx, so both engines give the same answer.
    """


def _run(
    app: App,
    as_of: str,
    type_: str | None,
    fmt: str,
    output: Path | None,
    measure: Callable[[Any], Any],
) -> None:
    from ipgraph import analysis
    from ipgraph.db.base import Result
    from ipgraph.output import render

    day = analysis.check_as_of(as_of, what="--as-of")
    kind = analysis.check_type(type_, what="--type")
    network = analysis.cooperation_network(app.graph(), day, kind)
    app.info(
        f"Cooperation network on {day.isoformat()}"
        f"{f' ({kind} agreements)' if kind else ''}: "
        f"{network.number_of_nodes()} countries, {network.number_of_edges()} links"
    )
    frame = measure(network)
    rows = [tuple(_plain(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    result = Result(list(frame.columns), rows)
    emit(app, render(result, fmt), output, len(rows))


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value, so that JSON output works."""
    return value.item() if hasattr(value, "item") else value


@analyze.command()
@network_options
def centrality(app: App, as_of: str, type_: str | None, fmt: str, output: Path | None) -> None:
    """Degree, betweenness and eigenvector centrality of each country.

    degree: number of partner countries. weighted_degree: sum of link weights (shared
    agreements). betweenness: share of the shortest connections between other countries that
    pass through it, counting links and ignoring weights (networkx, normalised). eigenvector:
    weighted eigenvector centrality computed within each connected part of the network
    (Euclidean norm 1 per part), so values compare within a part only; on a connected
    network it is networkx's eigenvector centrality. Six decimals; most between first.
    """
    from ipgraph.analysis import centrality as measure

    _run(app, as_of, type_, fmt, output, measure)


@analyze.command()
@network_options
def communities(app: App, as_of: str, type_: str | None, fmt: str, output: Path | None) -> None:
    """Communities of countries that cooperate more among themselves than with the rest.

    The partition with the highest weighted modularity among networkx's greedy modularity
    partition and its Louvain partitions with seeds 0 to 9 (ties to the first in sorted
    order), so the answer is deterministic. Communities are numbered from the largest.
    """
    from ipgraph.analysis import communities as measure

    _run(app, as_of, type_, fmt, output, measure)


@analyze.command()
@network_options
def bridges(app: App, as_of: str, type_: str | None, fmt: str, output: Path | None) -> None:
    """Bridge countries: those whose removal splits the network (articulation points).

    pieces: how many pieces the country's connected part of the network falls into without
    it. bridge_partners: partners whose link to it is the only connection between two parts
    of the network (a bridge edge). communities: the communities (as in 'analyze
    communities') of the country and its partners; more than one means it links them.
    """
    from ipgraph.analysis import bridges as measure

    _run(app, as_of, type_, fmt, output, measure)
