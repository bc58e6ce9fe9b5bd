"""The measured steps of a benchmark run, each in a child process stopped at its time limit.

``ipgraph load`` itself, a baseline of ``bench/baselines.py`` (raw batches, per-row MERGE,
or on the embedded engine the ``GRAPH.BULK`` server-side limit) into a fresh graph, and the
headline queries (``bench/queries.py``) on a loaded graph. Each returns an entry of the
results: time, rates, memory and CPU of client and server, or why it failed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from bench import measure
from bench.budget import Clock
from bench.engines import ROOT, ipgraph_command


class Steps:
    """The child-process steps on the synthetic datasets of one run.

    ``data`` and ``datasets`` map a size to its folder and to its summary (rows and
    relationships); the run fills them in before the steps run.
    """

    def __init__(
        self,
        clock: Clock,
        data: dict[str, Path],
        datasets: dict[str, Any],
        batch: int,
        naive_sample: int,
        headline_reps: int,
    ) -> None:
        self.clock = clock
        self.data = data
        self.datasets = datasets
        self.batch = batch
        self.naive_sample = naive_sample
        self.headline_reps = headline_reps

    def load(self, target: Any, size: str, timeout: float, *, rust: bool = True) -> dict[str, Any]:
        """``ipgraph load`` into a fresh graph; ``rust=False``: the Neo4j driver without its
        Rust extension (``bench.norust``)."""
        db = target.fresh(f"{target.name}-{size}-load" + ("" if rust else "-norust"))
        command = [
            *(ipgraph_command() if rust else [sys.executable, "-m", "bench.norust", "ipgraph"]),
            *target.cli_args(db),
            "-q",
            "load",
            str(self.data[size]),
            "--batch-size",
            str(self.batch),
        ]
        what = "ipgraph load" + ("" if rust else " (driver without its Rust extension)")
        result, entry = self._measure(target, size, db, what, command, timeout)
        entry["command"] = "ipgraph load DIR --batch-size " + str(self.batch)
        if not rust:
            entry["command"] = "python -m bench.norust " + entry["command"]
        if result.ok:
            entry["loaded_relationships"] = _loaded_relationships(result.stdout)
        return self._done(target, size, db, what, entry)

    def baseline(self, target: Any, size: str, mode: str, timeout: float) -> dict[str, Any]:
        db = target.fresh(f"{target.name}-{size}-{mode}")
        command = [
            sys.executable,
            "-m",
            *(["bench.norust"] if os.environ.get("IPGRAPH_BENCH_NO_RUST") == "1" else []),
            "bench.baselines",
            mode,
            "--data",
            str(self.data[size]),
            *target.baseline_args(db),
            "--batch-size",
            str(self.batch),
            "--sample",
            str(self.naive_sample),
        ]
        what = f"{mode} baseline"
        result, entry = self._measure(target, size, db, what, command, timeout)
        if result.ok:
            inner = json.loads(result.stdout.strip().splitlines()[-1])
            entry.update(
                {
                    "rows": inner["rows"],
                    "relationships": inner["relationships"],
                    "write_seconds": inner["seconds"],
                }
            )
            if mode in ("naive", "bulk"):  # naive: a sample; bulk: the server's time only
                entry["rows_per_s"] = inner["rows"] / inner["seconds"]
                entry["relationships_per_s"] = inner["relationships"] / inner["seconds"]
            for part in ("check", "pack", "send"):  # bulk: the parts around the timed one
                if f"{part}_seconds" in inner:
                    entry[f"{part}_s"] = inner[f"{part}_seconds"]
        return self._done(target, size, db, what, entry)

    def _measure(
        self, target: Any, size: str, db: Any, what: str, command: list[str], timeout: float
    ) -> tuple[measure.Run, dict[str, Any]]:
        """Run a step's command on ``db`` within ``timeout``: what it did, and its entry."""
        self.clock.log(f"{target.name} {size}: {what} (limit {timeout:.0f} s)")
        result = measure.run(
            command, env=target.env(), timeout=timeout, server=target.server(db), cwd=ROOT
        )
        return result, self._entry(result, size)

    def _done(
        self, target: Any, size: str, db: Any, what: str, entry: dict[str, Any]
    ) -> dict[str, Any]:
        """Log how a step went; its entry keeps its graph (``_db``) for the steps after it."""
        self.clock.log(f"{target.name} {size}: {what} {_summary(entry)}")
        entry["_db"] = db
        return entry

    def _entry(self, result: measure.Run, size: str) -> dict[str, Any]:
        dataset = self.datasets[size]
        entry: dict[str, Any] = {
            "ok": result.ok,
            "wall_s": result.wall,
            "rows": dataset["rows"],
            "relationships": dataset["relationships"],
            "rss_client_mb": result.rss_client / 2**20,
            "rss_server_mb": result.rss_server / 2**20 if result.rss_server else None,
            "cpu_client_s": result.cpu_client,
            "cpu_server_s": result.cpu_server,
            "load_average": result.load_average,
        }
        if result.ok:
            entry["rows_per_s"] = dataset["rows"] / result.wall
            entry["relationships_per_s"] = dataset["relationships"] / result.wall
        else:
            entry["error"] = result.error()
            entry["timed_out"] = result.timed_out
            if result.timed_out:  # it had not finished: its rate was below this
                entry["rows_per_s_below"] = dataset["rows"] / result.wall
        return entry

    def headline(
        self, target: Any, size: str, db: Any, graph_from: str, names: list[str], limit: float
    ) -> dict[str, Any]:
        """The headline queries ``names``, in that order, on the graph ``db``."""
        command = [sys.executable, "-m", "bench.queries", *target.baseline_args(db)]
        command += ["--names", ",".join(names), "--repeat", str(self.headline_reps)]
        command += ["--budget", str(max(5.0, limit - 15))]
        self.clock.log(
            f"{target.name} {size}: headline queries on the {graph_from} graph "
            f"(limit {limit:.0f} s)"
        )
        result = measure.run(
            command,
            env=target.env(),
            timeout=limit,
            server=target.server(db),
            cwd=ROOT,
            reap_server=True,
        )
        found: dict[str, Any] = {}
        for line in result.stdout.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                found[entry.pop("name")] = entry
        for name in names:
            if name not in found:
                found[name] = {"error": result.error() if not result.ok else "no result"}
        worst = max((q.get("p50_ms", 0) for q in found.values()), default=0)
        failed = [n for n, q in found.items() if "error" in q]
        self.clock.log(
            f"{target.name} {size}: headline queries, slowest p50 {worst:.0f} ms"
            + (f", failed: {', '.join(failed)}" if failed else "")
        )
        return {
            "engine": target.name,
            "size": size,
            "graph": graph_from,
            "queries": found,
            "wall_s": result.wall,
        }


def _summary(entry: dict[str, Any]) -> str:
    if not entry.get("ok"):
        return f"FAILED: {entry.get('error')}"
    rate = entry.get("rows_per_s", 0)
    return f"{entry['wall_s']:.1f} s, {rate:,.0f} rows/s, peak RSS {entry['rss_client_mb']:.0f} MB"


def _loaded_relationships(stdout: str) -> int:
    total = 0
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "relationship" and parts[2].isdigit():
            total += int(parts[2])
    return total
