"""Writing a checked dataset into a graph engine.

Loaders (``loaders/``) turn files into a :class:`Dataset`: validated rows per load
statement (``cypher/load/<statement>.cypher``). :func:`write_dataset` writes it in batched
``UNWIND $rows ... MERGE`` statements, then removes what the dataset no longer holds, so
that a load is idempotent and the graph equals the dataset afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ipgraph.db.base import Engine, ServerInfo
from ipgraph.resources import statement

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 1000


@dataclass
class Dataset:
    """Rows per load statement, with the node labels and relationship types they write."""

    node_labels: dict[str, str]
    rel_types: dict[str, str]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _keys: set[str] = field(default_factory=set, repr=False)

    def add(self, name: str, row: dict[str, Any]) -> bool:
        """Add a row; return False (adding nothing) when its key is already present."""
        key = self.key(name, row)
        if key in self._keys:
            return False
        self._keys.add(key)
        self.rows.setdefault(name, []).append(row)
        return True

    def key(self, name: str, row: dict[str, Any]) -> str:
        """The row's identity: ``Label:id`` for a node, the row's ``key`` for a relationship."""
        if name in self.node_labels:
            return f"{self.node_labels[name]}:{row.get('id') or row.get('iso3')}"
        return str(row["key"])

    def node_keys(self) -> list[str]:
        """Identities of every node row."""
        return [self.key(n, r) for n in self.node_labels for r in self.rows.get(n, [])]

    def rel_keys(self) -> list[str]:
        """Identities of every relationship row."""
        return [self.key(n, r) for n in self.rel_types for r in self.rows.get(n, [])]

    def total(self) -> int:
        """Number of rows."""
        return sum(len(r) for r in self.rows.values())


def _reporting(
    rows: Iterable[dict[str, Any]], progress: Callable[[int], None] | None, every: int
) -> Iterator[dict[str, Any]]:
    """Yield the rows, telling ``progress`` how many have been taken, ``every`` at a time."""
    taken = 0
    for row in rows:
        yield row
        taken += 1
        if progress and taken == every:
            progress(taken)
            taken = 0
    if progress and taken:
        progress(taken)


def write_dataset(
    engine: Engine,
    dataset: Dataset,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ServerInfo:
    """Apply the schema, write every row, prune what the dataset lacks; return the counts."""
    engine.apply_schema()
    for name in [*dataset.node_labels, *dataset.rel_types]:
        rows = dataset.rows.get(name, [])
        if not rows:
            continue
        engine.write_batches(
            statement(f"load/{name}"),
            _reporting(rows, progress, batch_size),
            batch_size=batch_size,
            tag=f"load/{name}",
        )
    engine.write(
        statement("load/prune_relationships"),
        {"types": sorted(set(dataset.rel_types.values())), "keys": dataset.rel_keys()},
        tag="load/prune_relationships",
    )
    engine.write(
        statement("load/prune_nodes"),
        {"labels": sorted(set(dataset.node_labels.values())), "keys": dataset.node_keys()},
        tag="load/prune_nodes",
    )
    return engine.describe()
