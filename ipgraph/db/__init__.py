"""Graph engines behind one small interface (:class:`Engine`)."""

from __future__ import annotations

from ipgraph.config import Settings
from ipgraph.db.base import Engine, Result, ServerInfo

__all__ = ["Engine", "Result", "ServerInfo", "open_engine"]


def open_engine(settings: Settings) -> Engine:
    """Open the engine the settings name: Neo4j when a URI is set, else the embedded graph."""
    if settings.uri:
        from ipgraph.db.neo4j_engine import Neo4jEngine

        return Neo4jEngine(settings)
    from ipgraph.db.falkor import FalkorEngine

    return FalkorEngine(settings.db_path, timeout=settings.query_timeout)
