"""Turn the Neo4j driver's values into the plain Python values both engines return (the
embedded engine reads its answers into them directly: :mod:`ipgraph.db.falkor_values`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator, Mapping
from typing import Any

#: FalkorDB answers a float with 15 significant digits; Neo4j's are rounded the same way, so
#: that both engines give the same answer.
FLOAT_DIGITS = 15


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off while a result is read and turned into rows.

    A result of many rows allocates many small objects and no cycles; with the collector on,
    its full collections walk every live object again and again, so reading 20 000 rows took
    1.6-2x as long per row as reading 2 000 (issue 14, growth of the saved queries).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plain(value: Any) -> Any:
    """A driver value as a plain Python value (recursively)."""
    if isinstance(value, float):
        return float(f"{value:.{FLOAT_DIGITS}g}")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return _special(value)


def _special(value: Any) -> Any:
    module = type(value).__module__
    if module.startswith("neo4j"):
        return _neo4j_value(value)
    return value


def _neo4j_value(value: Any) -> Any:
    import neo4j.graph
    import neo4j.time

    if isinstance(value, neo4j.time.Date):
        return value.to_native()
    if isinstance(value, neo4j.time.DateTime):
        return value.to_native()
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [plain(dict(n)) for n in value.nodes],
            "relationships": [plain(dict(r)) for r in value.relationships],
        }
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return plain(dict(value))
    if hasattr(value, "to_native"):
        return value.to_native()
    return value
