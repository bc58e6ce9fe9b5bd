"""The embedded engine: FalkorDB in a Redis server that ``falkordblite`` starts in-process.

The graph lives in one file (Redis's RDB snapshot). The server is started on first use and
found again by the next process through ``falkordblite``'s registry beside that file, so two
``ipgraph`` commands in a row see the same graph.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ipgraph.config import GRAPH_NAME
from ipgraph.db.base import Params, Result, ServerInfo, batched, counts_from
from ipgraph.db.schema import schema_items
from ipgraph.db.values import plain
from ipgraph.errors import ConfigError, EngineError, ReadOnlyError
from ipgraph.resources import statement

log = logging.getLogger(__name__)

_READ_ONLY_REFUSAL = "to be executed only on read-only queries"


def _check_writable(path: Path) -> None:
    hint = "Choose a writable location with --db-path or IPGRAPH_DB"
    if path.exists() and path.is_dir():
        raise ConfigError(f"cannot use the embedded graph at {path}: it is a directory. {hint}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ConfigError(
                    f"cannot use the embedded graph at {path}: {parent} is a file, not a "
                    f"folder. {hint}"
                )
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".ipgraph-probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(
            f"cannot use the embedded graph at {path}: {reason.lower()}. {hint}"
        ) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise ConfigError(f"cannot use the embedded graph at {path}: file is read-only. {hint}")


class FalkorEngine:
    """The embedded FalkorDB engine."""

    name = "falkordb"

    def __init__(self, path: Path, graph: str = GRAPH_NAME) -> None:
        self.path = path.resolve() if path.exists() else path.absolute()
        _check_writable(self.path)
        try:
            from redislite.falkordb_client import FalkorDB

            self._db: Any = FalkorDB(str(self.path))
        except Exception as exc:
            raise EngineError(
                f"cannot start the embedded graph at {self.path}: {str(exc).rstrip('.')}. "
                "Check the file is an ipgraph graph, or choose another with --db-path"
            ) from exc
        self._graph: Any = self._db.select_graph(graph)
        if not self._db.client.exists(graph):
            # FalkorDB refuses reads of a graph that does not exist yet; creating the schema
            # creates the (empty) graph.
            self.apply_schema()

    def _run(self, cypher: str, params: Params | None, *, read_only: bool) -> Result:
        from redis.exceptions import RedisError

        call = self._graph.ro_query if read_only else self._graph.query
        try:
            raw = call(cypher, dict(params or {}))
        except RedisError as exc:
            message = " ".join(str(exc).split())
            if _READ_ONLY_REFUSAL in message:
                raise ReadOnlyError(
                    "the statement writes, but this path is read-only. "
                    "Use 'ipgraph cypher --write' for a deliberate write"
                ) from exc
            raise EngineError(f"the embedded graph rejected the statement: {message}") from exc
        columns = [str(h[1]) for h in (raw.header or [])]
        rows = [tuple(plain(v) for v in row) for row in (raw.result_set or [])]
        return Result(columns, rows)

    def read(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement through FalkorDB's read-only command."""
        log.debug("read %s", tag)
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement that may write, then persist the snapshot."""
        log.debug("write %s", tag)
        result = self._run(cypher, params, read_only=False)
        self._persist()
        return result

    def write_batches(
        self, cypher: str, rows: Iterable[Mapping[str, Any]], *, batch_size: int, tag: str
    ) -> int:
        """Run ``cypher`` per batch of ``$rows``, then persist the snapshot."""
        count = 0
        for batch in batched(rows, batch_size):
            log.debug("write %s: %d rows", tag, len(batch))
            self._run(cypher, {"rows": batch}, read_only=False)
            count += len(batch)
        self._persist()
        return count

    def apply_schema(self) -> None:
        """Create the range indexes and unique constraints (existing ones are kept)."""
        existing = self._existing_indexes()
        for item in schema_items():
            if (item.label, item.prop) not in existing:
                self._graph.create_node_range_index(item.label, item.prop)
            if item.unique:
                try:
                    self._graph.create_node_unique_constraint(item.label, item.prop)
                except Exception as exc:
                    if "already exists" not in str(exc).lower():
                        raise EngineError(
                            f"cannot create the unique key {item.label}.{item.prop}: {exc}"
                        ) from exc

    def _existing_indexes(self) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        if not self._db.client.exists(self._graph.name):
            return found
        for row in self._graph.list_indices().result_set or []:
            label, props = row[0], row[1]
            for prop in props:
                found.add((str(label), str(prop)))
        return found

    def describe(self) -> ServerInfo:
        """Engine, file, FalkorDB module version and counts."""
        return ServerInfo(
            engine=self.name,
            location=str(self.path),
            version=self._version(),
            labels=counts_from(self.read(statement("admin/count_labels"), tag="status")),
            relationship_types=counts_from(
                self.read(statement("admin/count_relationships"), tag="status")
            ),
            nodes=int(self.read(statement("admin/count_nodes"), tag="status").rows[0][0]),
        )

    def _version(self) -> str:
        for module in self._db.execute_command("MODULE", "LIST"):
            if isinstance(module, dict):
                info = module
            else:
                info = dict(zip(module[::2], module[1::2], strict=True))
            if info.get("name") == "graph":
                ver = int(info.get("ver", 0))
                return f"FalkorDB {ver // 10000}.{ver // 100 % 100}.{ver % 100}"
        return "FalkorDB (unknown version)"

    def _persist(self) -> None:
        try:
            self._db.client.save()
        except Exception as exc:
            raise EngineError(
                f"cannot save the embedded graph to {self.path}: {exc}. "
                "Check the disk has room and the file is writable"
            ) from exc

    def close(self) -> None:
        """Disconnect; the server stops (saving the snapshot) when no other process uses it."""
        db, self._db = self._db, None
        if db is not None:
            _stop_server(db.client)


def _stop_server(client: Any) -> None:
    """Stop the embedded server if this is its last client, fast and without losing data.

    ``falkordblite``'s own shutdown (Redis ``SHUTDOWN``) takes seconds to return; a
    synchronous ``SAVE`` followed by ``SIGTERM`` (on which Redis saves again and exits) takes
    milliseconds. Then the server's run folder and registry file are removed, as
    ``falkordblite`` would, so its exit hook finds nothing left to do.
    """
    import shutil
    import signal
    import time

    import psutil

    pid = client.pid
    try:
        last = bool(pid) and client._connection_count() <= 1
        if last:
            client.save()
    finally:
        client.connection_pool.disconnect()
    if not last:
        return
    run_dir = os.path.dirname(client.pidfile) if client.pidfile else None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.01)
    else:
        os.kill(pid, signal.SIGKILL)
    if run_dir and os.path.exists(os.path.join(run_dir, "redis.config")):
        shutil.rmtree(run_dir, ignore_errors=True)
    registry = client.settingregistryfile
    if registry and os.path.exists(registry):
        os.remove(registry)
    client.redis_dir = client.pidfile = None
    client.cleanupregistry = False
    client.running = False
