"""Neo4j loads larger than the server's transaction memory (ipgraph/db/neo4j_load.py).

A second in-process Neo4j with 40 MiB of transaction memory: the curated data loads in one
transaction, a synthetic dataset of about ten times its rows does not fit and is staged, then
swapped in. Each test runs the real ``ipgraph`` command, as a user does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.db.neo4j_load import ROW_BYTES

IPGRAPH = str(Path(sys.executable).with_name("ipgraph"))
TRANSACTION_MIB = 40
MEASURED_ROW_BYTES = 3300  # what a one-transaction load takes per row (ROW_BYTES adds a margin)
STAGED_NODES = (
    "MATCH (n) UNWIND labels(n) AS label WITH label "
    "WHERE label STARTS WITH 'Ipgraph' AND label <> 'IpgraphVersion' "
    "RETURN count(*) AS n"
)

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("NEO4J_URI")), reason="needs the in-process Neo4j test server"
)


@pytest.fixture(scope="module")
def small_server() -> Iterator[Settings]:
    from neo4j_server import Neo4jTestServer, build

    build()
    server = Neo4jTestServer(transaction_memory_mb=TRANSACTION_MIB)
    server.start()
    try:
        yield Settings(uri=server.uri, username=server.user, password=server.password)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic data with about ten times the curated data's rows."""
    folder = tmp_path_factory.mktemp("big") / "data"
    done = subprocess.run(
        [IPGRAPH, "synth", "--relationships", "22000", "--output", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return folder


def rows_in(folder: Path) -> int:
    return sum(len(p.read_text().splitlines()) - 1 for p in folder.glob("*.csv"))


def command(settings: Settings, *args: str) -> list[str]:
    return [IPGRAPH, "--uri", str(settings.uri), *args]


def env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": str(settings.password)}


def run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(settings, *args),
        capture_output=True,
        text=True,
        env=env(settings),
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def load_until_staged(settings: Settings, folder: Path, batches: int) -> subprocess.Popen[str]:
    """An ``ipgraph load`` of ``folder``, once it has staged ``batches`` batches."""
    process = subprocess.Popen(
        command(settings, "--debug", "load", "--batch-size", "500", str(folder)),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env(settings),
    )
    assert process.stderr is not None
    seen = 0
    for line in process.stderr:
        seen += "(staged)" in line
        if seen == batches:
            return process
    process.wait()
    raise AssertionError(f"the load ended after {seen} staged batches")


def counts(settings: Settings) -> tuple[dict[str, int], dict[str, int]]:
    with Graph(settings) as graph:
        info = graph.status()
    return info.labels, info.relationship_types


def answers(settings: Settings) -> list[object]:
    with Graph(settings) as graph:
        return [
            graph.query(name).rows for name in ("quality.orphans", "quality.facts_without_sources")
        ]


def staged_nodes(settings: Settings) -> int:
    with Graph(settings) as graph:
        return int(graph.engine.read(STAGED_NODES).rows[0][0])


@pytest.fixture
def curated(small_server: Settings) -> tuple[dict[str, int], dict[str, int]]:
    """The small server holds the curated data (loaded in one transaction)."""
    done = run(small_server, "load")
    assert done.returncode == 0, done.stderr
    assert staged_nodes(small_server) == 0
    return counts(small_server)


def test_the_curated_data_loads_in_one_transaction(
    small_server: Settings, curated: tuple[dict[str, int], dict[str, int]]
) -> None:
    done = run(small_server, "--debug", "load")
    assert done.returncode == 0, done.stderr
    assert "(staged)" not in done.stderr
    assert counts(small_server) == curated


def test_the_big_data_does_not_fit_one_transaction(big: Path) -> None:
    curated_rows = rows_in(Path(__file__).resolve().parent.parent / "data")
    assert rows_in(big) >= 9 * curated_rows
    assert rows_in(big) * MEASURED_ROW_BYTES > TRANSACTION_MIB << 20
    assert curated_rows * ROW_BYTES < TRANSACTION_MIB << 20


def csv_rows(folder: Path, name: str) -> int:
    return len((folder / f"{name}.csv").read_text().splitlines()) - 1


def test_a_load_larger_than_transaction_memory_is_staged_and_swapped_in(
    small_server: Settings, big: Path, curated: tuple[dict[str, int], dict[str, int]]
) -> None:
    before = answers(small_server)
    process = load_until_staged(small_server, big, 10)
    # A reader during the load sees the old graph, whole: counts and saved queries that
    # match any node or relationship.
    assert staged_nodes(small_server) > 0
    assert counts(small_server) == curated
    assert answers(small_server) == before
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    labels, types = counts(small_server)
    assert sum(types.values()) == 22000
    assert labels["Agreement"] == csv_rows(big, "agreements")
    assert labels["Source"] == csv_rows(big, "sources")
    assert staged_nodes(small_server) == 0
    # The swap has a size limit of its own: loading the big data again would relabel twice
    # as many nodes, which does not fit. One line, and the graph is unchanged.
    again = run(small_server, "load", str(big))
    assert again.returncode == 1
    assert again.stderr.startswith("Error: cannot load into Neo4j: swapping 13841 new nodes")
    assert len(again.stderr.splitlines()) == 1
    assert counts(small_server) == (labels, types)
    assert staged_nodes(small_server) == 0


def test_a_killed_large_load_leaves_the_old_graph_and_the_next_load_recovers(
    small_server: Settings, big: Path, curated: tuple[dict[str, int], dict[str, int]]
) -> None:
    before = answers(small_server)
    process = load_until_staged(small_server, big, 20)
    process.kill()
    process.wait()
    assert staged_nodes(small_server) > 0  # what the killed load left
    assert counts(small_server) == curated
    assert answers(small_server) == before
    done = run(small_server, "load", str(big))
    assert done.returncode == 0, done.stderr
    assert staged_nodes(small_server) == 0
    assert sum(counts(small_server)[1].values()) == 22000


def test_bad_data_in_the_middle_of_a_large_load_leaves_the_graph_unchanged(
    small_server: Settings,
    big: Path,
    curated: tuple[dict[str, int], dict[str, int]],
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    for source in big.glob("*.csv"):
        (bad / source.name).write_bytes(source.read_bytes())
    parties = bad / "parties.csv"
    lines = parties.read_text().splitlines()
    lines[-1] = "ag-1,ZZZ," + lines[-1].rsplit(",", 1)[1]
    parties.write_text("\n".join(lines) + "\n")
    done = run(small_server, "--debug", "load", str(bad))
    assert done.returncode == 1
    assert "(staged)" in done.stderr  # it failed in the middle of a large load
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "ZZZ" in errors[0], errors
    assert counts(small_server) == curated
    assert staged_nodes(small_server) == 0


def test_transaction_limits_are_read_as_neo4j_writes_them() -> None:
    from ipgraph.db.neo4j_load import parse_bytes, transaction_budget

    assert parse_bytes("512.00MiB") == 512 << 20
    assert parse_bytes("1500m") == 1500 << 20
    assert parse_bytes("0B") == 0
    assert parse_bytes("unlimited") == 0
    limits = [("dbms.memory.transaction.total.max", "1.50GiB"), ("db.memory.transaction.max", "0B")]
    assert transaction_budget(limits) == int(1.5 * (1 << 30))
    assert transaction_budget([("db.memory.transaction.max", "0B")]) is None


def test_staging_renames_only_the_loaded_labels() -> None:
    from ipgraph.db.neo4j_load import STAGED, relabel
    from ipgraph.resources import statement

    text = relabel(statement("load/parties"), {"Country": STAGED + "Country"})
    assert "MATCH (c:IpgraphNext_Country {iso3: row.country})" in text
    assert "MATCH (a:Agreement {id: row.agreement})" in text
    assert "[:PARTY_TO {" in text
