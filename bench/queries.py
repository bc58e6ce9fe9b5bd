"""Query latency through the Python API, and the CLI's cold start as a user sees it."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from bench.engines import ROOT
from bench.measure import percentile, run


def headlines() -> list[str]:
    """The headline queries ``make run`` answers (the Makefile's HEADLINES)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^HEADLINES\s*:?=\s*(.+)$", text, re.M)
    return found.group(1).split() if found else []


def examples() -> dict[str, dict[str, Any]]:
    """Parameters per saved query: the first example of tests/test_query_engines.py."""
    import importlib.util

    path = ROOT / "tests" / "test_query_engines.py"
    try:
        spec = importlib.util.spec_from_file_location("_bench_query_examples", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        table: dict[str, list[dict[str, Any]]] = module.EXAMPLES
    except Exception:  # the table is a convenience; defaults are used without it
        return {}
    return {name: runs[0] if runs else {} for name, runs in table.items()}


def warm(graph: Any, names: list[str], params: Mapping[str, dict[str, Any]], seconds: float) -> int:
    """Run every saved query in turn, round after round, for about ``seconds``; return the
    rounds done. A server that was just started (Neo4j's JVM compiles the code it runs often)
    answers several times slower at first than after a few hundred queries: a user's
    long-running server is warm, so the latency is measured warm."""
    deadline = time.perf_counter() + seconds
    rounds = 0
    while time.perf_counter() < deadline:
        for name in names:
            try:
                graph.query(name, params.get(name, {}))
            except Exception:  # latency() reports it; warming goes on with the others
                continue
        rounds += 1
    return rounds


def latency(
    graph: Any,
    names: list[str],
    params: Mapping[str, dict[str, Any]],
    *,
    warmup: int,
    repeat: int,
    budget: float,
    emit: Callable[[str, dict[str, Any]], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """p50 and p95 (ms) of each saved query through ``Graph.query``, after ``warmup`` runs.

    Where the engine reports its own time for a statement, the entry also splits the p50:
    ``server_p50_ms`` (the engine's execution) and ``client_p50_ms`` (the rest: the driver,
    the wire, turning rows into Python values, ipgraph's checks), each the median over the
    runs, so a query that misses its target shows where its time goes.

    A query gets fewer repetitions (at least 3) when its share of ``budget`` seconds is
    spent, and its warm-up run is its only sample when that alone took longer than the share.
    ``emit`` is told each query's result as soon as it is known.
    """
    results: dict[str, dict[str, Any]] = {}
    deadline = time.perf_counter() + budget
    for index, name in enumerate(names):
        chosen = params.get(name, {})
        share = max(0.0, deadline - time.perf_counter()) / (len(names) - index)
        stop = time.perf_counter() + share
        try:
            rows, times, servers = 0, [], []
            for _ in range(warmup):
                started = time.perf_counter()
                result = graph.query(name, chosen)
                first = (time.perf_counter() - started) * 1000
                rows, first_server = len(result.rows), result.server_ms
            if warmup and time.perf_counter() > stop:
                times, servers = [first], [first_server]
            while len(times) < repeat and (len(times) < 3 or time.perf_counter() < stop):
                started = time.perf_counter()
                result = graph.query(name, chosen)
                times.append((time.perf_counter() - started) * 1000)
                rows = len(result.rows)
                servers.append(result.server_ms)
            found: dict[str, Any] = {
                "p50_ms": percentile(times, 50),
                "p95_ms": percentile(times, 95),
                "runs": len(times),
                "rows": rows,
                "params": chosen,
            } | split(times, servers)
        except Exception as exc:  # a broken query is reported, not fatal
            found = {"error": " ".join(str(exc).split())[:300], "params": chosen}
        results[name] = found
        if emit is not None:
            emit(name, found)
    return results


def split(times: list[float], servers: list[float | None]) -> dict[str, float]:
    """The engine's own time and the client's (total minus the engine's), p50 of each (ms);
    empty when the engine did not report its time for every run."""
    if not times or any(s is None for s in servers) or len(servers) != len(times):
        return {}
    server = [float(s) for s in servers if s is not None]
    client = [max(0.0, t - s) for t, s in zip(times, server, strict=True)]
    return {"server_p50_ms": percentile(server, 50), "client_p50_ms": percentile(client, 50)}


def cold_start(
    command: list[str], env: Mapping[str, str], *, runs: int, timeout: float = 60
) -> dict[str, Any]:
    """Wall time of a whole ``ipgraph`` process, ``runs`` times after one untimed run.

    Python writes its compiled modules (``.pyc``) here as it does for a user, even where the
    environment says not to (``PYTHONDONTWRITEBYTECODE``, set on our machines): otherwise
    every run compiles ipgraph's modules again, 15-40 ms that no user pays twice. The
    untimed run writes them."""
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    first = run(command, env=env, timeout=timeout)
    if not first.ok:
        return {"error": first.error()}
    walls = []
    for _ in range(runs):
        result = run(command, env=env, timeout=timeout)
        if not result.ok:
            return {"error": result.error()}
        walls.append(result.wall)
    return {"median_s": statistics.median(walls), "runs_s": walls, "command": command_text(command)}


def command_text(command: list[str]) -> str:
    """The command as a user would type it (``ipgraph ...``)."""
    parts = list(command)
    if parts and Path(parts[0]).name == "ipgraph":
        parts[0] = "ipgraph"
    return " ".join(parts)


def graph_parser(prog: str) -> Any:
    """The options of a child that times queries: where the graph is, runs, limits."""
    import argparse

    parser = argparse.ArgumentParser(prog=prog)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db-path", type=Path)
    where.add_argument("--uri")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=60)
    parser.add_argument("--query-limit", type=float, default=20, help="seconds per query")
    return parser


def graph_settings(args: Any, *, time_limit: bool = False) -> Any:
    """Settings for the graph the options name (Neo4j's user and password from the
    environment); ``time_limit``: the engine stops a query at ``--query-limit``."""
    import os

    from ipgraph.config import Settings

    limit = {"query_timeout": args.query_limit} if time_limit else {}
    if args.uri:
        return Settings(
            uri=args.uri,
            username=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD"),
            **limit,
        )
    return Settings(db_path=args.db_path, **limit)


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.queries``: time saved queries in a child process (JSON lines)."""
    import json
    import os
    import sys

    parser = graph_parser("python -m bench.queries")
    parser.add_argument("--names", required=True, help="comma-separated saved query names")
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args(argv)
    from ipgraph.client import Graph

    settings = graph_settings(args)

    def emit(name: str, found: dict[str, Any]) -> None:
        print(json.dumps({"name": name, **found}, default=str), flush=True)

    import threading

    graph = Graph(settings)
    names = [n for n in args.names.split(",") if n]
    budget = args.budget / max(1, len(names))
    for name in names:  # each in a thread, so that one that never answers can be left
        worker = threading.Thread(
            target=latency,
            args=(graph, [name], {}),
            kwargs={"warmup": args.warmup, "repeat": args.repeat, "budget": budget, "emit": emit},
            daemon=True,
        )
        worker.start()
        worker.join(args.query_limit)
        if worker.is_alive():
            emit(name, {"error": f"no answer within {args.query_limit:g} s"})
            sys.stdout.flush()
            os._exit(0)  # the engine is still busy with it: the queries after it would wait
    graph.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
