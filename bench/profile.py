"""Where a load's time goes: a cProfile of ``ipgraph load`` by area, and a batch-size sweep.

    python -m bench.profile [--engine falkordb|neo4j] [--size 100k] [--batch-sizes 1000,5000]

Generates the dataset (as ``make bench`` does), runs ``ipgraph load`` in this process under
cProfile (through the CLI's own entry, so the public path is measured) and sums the time
spent by area: the loader's checks, CSV reading, batching, the client library encoding
parameters, waiting for the server, and the rest. Then runs ``ipgraph load --batch-size B``
as a child process for each B, with the server's CPU time. Writes
``bench/out/profile-<engine>-<size>.{json,prof}``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

from bench import measure
from bench.budget import SIZES
from bench.engines import ROOT, FalkorTarget, Neo4jTarget, ipgraph_command
from bench.run import OUT

# (area, substrings of a profiled function's file or name); the first match wins.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("waiting for the server (socket)", ("recv_into", "'recv'", "sendall", "select", "poll")),
    ("CSV reading (ipgraph/dataset/csvfile.py, csv)", ("dataset/csvfile", "_csv", "/csv.py")),
    ("checks and keys (ipgraph/dataset/, ipgraph/params.py)", ("/dataset/", "ipgraph/params")),
    ("rows into batches (ipgraph/loading.py)", ("ipgraph/loading",)),
    ("engine layer (ipgraph/db/)", ("ipgraph/db/",)),
    ("client library: encoding, protocol", ("falkordb/", "redis/", "neo4j/", "hiredis")),
    ("imports", ("<frozen importlib", "importlib/")),
)


def _area(filename: str, function: str) -> str:
    where = f"{filename} {function}"
    return next((name for name, keys in AREAS if any(k in where for k in keys)), "other")


def by_area(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of own time (tottime) per area.

    A built-in (``len``, ``str.join``, ...) that is not a socket call counts for the areas
    of its callers, in proportion to the time each caller spent in it.
    """
    totals: dict[str, float] = {}
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, function), (_cc, _nc, tottime, _ct, callers) in raw.items():
        area = _area(filename, function)
        if area == "other" and filename == "~" and callers:
            spent = sum(c[2] for c in callers.values()) or 1.0
            for (c_file, _c_line, c_function), c_stats in callers.items():
                share = tottime * c_stats[2] / spent
                c_area = _area(c_file, c_function)
                totals[c_area] = totals.get(c_area, 0.0) + share
            continue
        totals[area] = totals.get(area, 0.0) + tottime
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def top(stats: pstats.Stats, count: int) -> list[dict[str, Any]]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = sorted(raw.items(), key=lambda item: -item[1][2])[:count]
    return [
        {"function": f"{Path(f).name}:{line}({fn})", "calls": nc, "own_s": tt, "total_s": ct}
        for (f, line, fn), (_cc, nc, tt, ct, _callers) in rows
    ]


def profile_load(target: Any, data: Path, batch: int, out: Path) -> dict[str, Any]:
    from ipgraph.cli import cli

    db = target.fresh(f"{target.name}-profile")
    args = [*target.cli_args(db), "-q", "load", str(data), "--batch-size", str(batch)]
    for key in ("NEO4J_USERNAME", "NEO4J_PASSWORD"):  # the in-process CLI reads them
        if key in target.env():
            os.environ[key] = target.env()[key]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    try:
        cli.main(args=args, prog_name="ipgraph", standalone_mode=False)
    finally:
        profiler.disable()
    wall = time.perf_counter() - started
    target.discard(f"{target.name}-profile")
    profiler.dump_stats(out)
    stats = pstats.Stats(str(out))
    return {"wall_s_profiled": wall, "areas_s": by_area(stats), "top": top(stats, 25)}


def time_statements(target: Any, data: Path, batch: int) -> dict[str, Any]:
    """Seconds per load statement (embedded engine): every client call timed, one load.

    Wraps the embedded engine's client (``ipgraph.db.resp.Connection.command``) for this one
    load (measurement only; the calls go through unchanged). For each statement (a query's
    first line, or the command's name): calls, seconds, and the seconds of its first and last
    fifth of calls, to show whether a command gets slower as the graph grows.
    """
    from ipgraph.cli import cli
    from ipgraph.db.resp import Connection

    calls: list[tuple[str, int, float]] = []
    original = Connection.command

    def label(args: Any) -> str:
        name = str(args[0]) if args else ""
        if name.startswith("GRAPH.") and "QUERY" in name and len(args) > 2:
            lines = [line for line in str(args[2]).splitlines() if line.strip()]
            return (lines[0].strip() if lines else name)[:90]
        return name

    def wrapper(self: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(self, *args)
        finally:
            calls.append((label(args), 0, time.perf_counter() - started))

    Connection.command = wrapper  # type: ignore[method-assign]
    originals = [(Connection, "command", original)]
    db = target.fresh(f"{target.name}-statements")
    started = time.perf_counter()
    try:
        args = [*target.cli_args(db), "-q", "load", str(data), "--batch-size", str(batch)]
        cli.main(args=args, prog_name="ipgraph", standalone_mode=False)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    wall = time.perf_counter() - started
    target.discard(f"{target.name}-statements")
    summary: dict[str, dict[str, Any]] = {}
    for key in dict.fromkeys(k for k, _, _ in calls):
        mine = [(rows, seconds) for k, rows, seconds in calls if k == key]
        fifth = max(1, len(mine) // 5)
        summary[key] = {
            "calls": len(mine),
            "rows": sum(r for r, _ in mine),
            "seconds": sum(t for _, t in mine),
            "first_fifth_s": sum(t for _, t in mine[:fifth]),
            "last_fifth_s": sum(t for _, t in mine[-fifth:]),
        }
    return {
        "wall_s": wall,
        "in_engine_calls_s": sum(t for _, _, t in calls),
        "by_statement": summary,
    }


def sweep(target: Any, data: Path, sizes: list[int], timeout: float) -> list[dict[str, Any]]:
    found = []
    for batch in sizes:
        db = target.fresh(f"{target.name}-sweep-{batch}")
        command = [*ipgraph_command(), *target.cli_args(db), "-q", "load", str(data)]
        command += ["--batch-size", str(batch)]
        result = measure.run(
            command, env=target.env(), timeout=timeout, server=target.server(db), cwd=ROOT
        )
        target.discard(f"{target.name}-sweep-{batch}")
        entry: dict[str, Any] = {
            "batch_size": batch,
            "ok": result.ok,
            "wall_s": result.wall,
            "cpu_client_s": result.cpu_client,
            "cpu_server_s": result.cpu_server,
            "rss_client_mb": result.rss_client / 2**20,
            "rss_server_mb": (result.rss_server or 0) / 2**20,
            "load_average": result.load_average,
        }
        if not result.ok:
            entry["error"] = result.error()
        print(
            f"batch {batch:>6}: wall {result.wall:6.1f} s, client CPU {result.cpu_client:5.1f} s,"
            f" server CPU {result.cpu_server or 0:5.1f} s, client RSS "
            f"{entry['rss_client_mb']:4.0f} MB, load avg {result.load_average:.1f}"
            + ("" if result.ok else f"  FAILED: {result.error()}"),
            file=sys.stderr,
        )
        found.append(entry)
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--engine", choices=["falkordb", "neo4j"], default="falkordb")
    parser.add_argument("--size", choices=list(SIZES), default="100k")
    parser.add_argument("--batch-size", type=int, default=1000, help="for the profile")
    parser.add_argument("--batch-sizes", default="500,1000,5000,20000", help="for the sweep")
    parser.add_argument("--timeout", type=float, default=300, help="per sweep run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--countries", type=int, default=249)
    parser.add_argument("--neo4j-heap", default="1g")
    parser.add_argument("--no-cprofile", action="store_true", help="skip the cProfile run")
    args = parser.parse_args(argv)
    from ipgraph.dataset.synth import generate

    data = OUT / "data" / args.size
    generate(
        data,
        countries=args.countries,
        relationships=SIZES[args.size],
        seed=args.seed,
        force=True,
    )
    target: Any = FalkorTarget(OUT / "work") if args.engine == "falkordb" else None
    if target is None:
        target = Neo4jTarget(args.neo4j_heap)
        target.start()
    try:
        stem = OUT / f"profile-{args.engine}-{args.size}"
        result: dict[str, Any] = {}
        if not args.no_cprofile:
            result = profile_load(target, data, args.batch_size, stem.with_suffix(".prof"))
            print(
                f"cProfile of ipgraph load, {args.size}, batch {args.batch_size}:", file=sys.stderr
            )
            for area, seconds in result["areas_s"].items():
                print(f"  {seconds:7.1f} s  {area}", file=sys.stderr)
        if args.engine == "falkordb":
            result["statements"] = time_statements(target, data, args.batch_size)
            print("Seconds per statement (client call, server included):", file=sys.stderr)
            for key, entry in result["statements"]["by_statement"].items():
                print(
                    f"  {entry['seconds']:7.2f} s  {entry['calls']:5} calls {entry['rows']:8} rows"
                    f"  first/last fifth {entry['first_fifth_s']:.2f}/{entry['last_fifth_s']:.2f}"
                    f"  {key}",
                    file=sys.stderr,
                )
        batches = [int(b) for b in args.batch_sizes.split(",") if b]
        result["sweep"] = sweep(target, data, batches, args.timeout) if batches else []
    finally:
        if isinstance(target, Neo4jTarget):
            target.stop()
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {stem}.json and {stem}.prof", file=sys.stderr)


if __name__ == "__main__":
    main()
