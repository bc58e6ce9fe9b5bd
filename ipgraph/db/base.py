"""The small interface both graph engines implement, and the values they return."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

Row = tuple[Any, ...]
Params = Mapping[str, Any]
#: One write of a load: (tag naming the statement, Cypher with ``$rows``, the rows).
Batch = tuple[str, str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Result:
    """Columns and rows of plain Python values.

    Values are ``None``, ``bool``, ``int``, ``float``, ``str``, ``datetime.date``, lists and
    dicts of those; a node or relationship is the dict of its properties.
    """

    columns: list[str]
    rows: list[Row]
    #: The engine's own time for the statement (ms), where it reports one: FalkorDB's
    #: execution time, Neo4j's time until the result was available plus until it was consumed.
    #: Not part of the value: two results with the same rows are equal.
    server_ms: float | None = field(default=None, compare=False)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_frame(self) -> pd.DataFrame:
        """The result as a pandas DataFrame (object columns, values untouched)."""
        import pandas as pd

        # dtype=object keeps values as they are: None stays None (not NaN), dates stay dates.
        return pd.DataFrame(
            [list(row) for row in self.rows], columns=list(self.columns), dtype=object
        )


@dataclass(frozen=True)
class ServerInfo:
    """What ``ipgraph status`` shows about the engine."""

    engine: str
    location: str
    version: str
    labels: dict[str, int] = field(default_factory=dict)
    relationship_types: dict[str, int] = field(default_factory=dict)
    nodes: int = 0

    @property
    def relationships(self) -> int:
        """Total relationship count."""
        return sum(self.relationship_types.values())


class Engine(Protocol):
    """A graph engine: the embedded FalkorDB or a Neo4j server."""

    name: str

    def read(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a read-only statement; a write in it is refused by the engine."""
        ...

    def write(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run one statement that may write, in its own transaction."""
        ...

    def apply_schema(self) -> None:
        """Create the constraints and indexes the data model needs (idempotent)."""
        ...

    def load(self, batches: Callable[[], Iterable[Batch]], *, labels: Sequence[str]) -> None:
        """Replace every node with one of ``labels`` (and its relationships) by the batches.

        All or nothing: if taking or writing a batch raises, or the process dies, the graph is
        left as it was. ``batches`` is called again if the engine retries the whole load.
        """
        ...

    def reset(self) -> int:
        """Delete every node and relationship, all or nothing; return how many nodes went."""
        ...

    def describe(self) -> ServerInfo:
        """Engine name, location, server version and counts."""
        ...

    def close(self) -> None:
        """Release the connection (and stop the embedded server if this process owns it)."""
        ...


READ_ONLY_MESSAGE = (
    "the statement writes, but this path is read-only. "
    "Use 'ipgraph cypher --write' for a deliberate write"
)


def describe_graph(engine: Engine, *, location: str, version: str) -> ServerInfo:
    """What ``ipgraph status`` shows: the engine's name, location and version, and the
    graph's counts (by the admin statements, the same on both engines)."""
    from ipgraph.resources import statement

    def counts(name: str) -> dict[str, int]:
        return counts_from(engine.read(statement(f"admin/{name}"), tag="status"))

    return ServerInfo(
        engine=engine.name,
        location=location,
        version=version,
        labels=counts("count_labels"),
        relationship_types=counts("count_relationships"),
        nodes=int(engine.read(statement("admin/count_nodes"), tag="status").rows[0][0]),
    )


def split_statements(text: str) -> list[str]:
    """Split a schema file into statements on ``;`` at line ends, dropping comment lines."""
    statements: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        current.append(line)
        if stripped.endswith(";"):
            statements.append("\n".join(current).strip().rstrip(";").strip())
            current = []
    if current:
        statements.append("\n".join(current).strip())
    return [s for s in statements if s]


def counts_from(result: Result) -> dict[str, int]:
    """Turn a two-column (name, count) result into a dict."""
    return {str(name): int(count) for name, count in result.rows}
