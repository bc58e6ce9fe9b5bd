"""The notebooks cannot write, on either engine.

Their one-liner ``ipgraph.run`` passes Cypher-looking values as values, the built-in saved
queries they run are all read-only, and no notebook asks for a write.

The read paths themselves are tested in test_read_only.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import ROOT, Target, curated_target
from read_only_attempts import state

from ipgraph import client
from ipgraph.errors import ParameterError
from ipgraph.queries import Catalogue


@pytest.fixture
def default_graph_env(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Target]:
    """Point ``ipgraph.run`` (the notebooks' one-liner) at the curated graph via the environment."""
    engine: str = request.node.callspec.params["engine"]
    target = curated_target(request, engine)
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "IPGRAPH_DB"):
        monkeypatch.delenv(key, raising=False)
    if engine == "falkordb":
        monkeypatch.setenv("IPGRAPH_DB", str(target.settings.db_path))
    else:
        monkeypatch.setenv("NEO4J_URI", str(target.settings.uri))
        monkeypatch.setenv("NEO4J_USERNAME", target.settings.username)
        monkeypatch.setenv("NEO4J_PASSWORD", target.settings.password or "")
    monkeypatch.setattr(client, "_default", None)
    yield target
    if client._default is not None:
        client._default.close()


INJECTIONS = [
    "RAA' }) MATCH (n) DETACH DELETE n //",
    'RAA" }) MATCH (n) DETACH DELETE n //',
    "RAA' OR 1=1 //",
    "RAA\\' }) CREATE (:Sneaky) //",
    "RAA`) DETACH DELETE n //",
    "RAA\n}) MATCH (n) DETACH DELETE n",
]


@pytest.mark.parametrize("engine", ["falkordb", "neo4j"])
def test_notebook_one_liner_treats_cypher_looking_values_as_values(
    default_graph_env: Target, engine: str
) -> None:
    import ipgraph

    with default_graph_env.graph() as graph:
        before = state(graph)
    assert len(ipgraph.run("agreements.by_type", type="RAA", as_of="2024-01-01")) > 0
    for value in INJECTIONS:
        # A free text is passed as a value and finds nothing; a vocabulary value is refused.
        frame = ipgraph.run("agreements.search", text=value)
        assert frame.empty, value
        with pytest.raises(ParameterError, match="is not a known agreement type"):
            ipgraph.run("agreements.by_type", type=value, as_of="2024-01-01")
    with default_graph_env.graph() as graph:
        assert state(graph) == before


def test_every_built_in_saved_query_is_read_only() -> None:
    """The notebooks run the built-in queries; none of them may take the write path."""
    catalogue = Catalogue.load()
    assert len(catalogue) >= 15
    assert [q.name for q in catalogue if not q.read_only] == []


def test_notebooks_never_ask_for_a_write() -> None:
    """No notebook passes write=True, runs 'ipgraph cypher --write', or reaches the engine."""
    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    assert notebooks, "no notebooks found under notebooks/"
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for forbidden in ("write=True", "--write", ".engine.", "write_batches", ".reset("):
            assert forbidden not in code, f"{path.name} uses {forbidden}"
