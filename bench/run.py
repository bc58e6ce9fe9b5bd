"""``make bench``: load throughput, memory, query latency and scaling of ipgraph, on both engines.

Measures the public paths as a user meets them: ``ipgraph load`` as a child process on
synthetic datasets (``ipgraph synth``) of 10k, 100k and 1M relationships, against two
baselines on the same data and engine (``bench/baselines.py``); saved queries through
``ipgraph.client.Graph``; and the CLI's cold start. Prints a table and writes
``bench/out/results.json`` (``bench/out/`` is git-ignored). Every step has a time limit
taken from one overall budget (default 570 s), so the run ends in under ten minutes even
when a step is slow; a step stopped at its limit is reported as such.

    python -m bench.run [--sizes 10k,100k,1M] [--engines falkordb,neo4j] [--budget 570]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench import measure, report
from bench.engines import ROOT, FalkorTarget, Neo4jTarget, ipgraph_command
from bench.queries import cold_start, examples, headlines, latency

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
Step = tuple[str, str, str]  # (engine, size, what)
OUT = ROOT / "bench" / "out"


class Clock:
    """The overall budget, and progress lines on stderr."""

    def __init__(self, budget: float) -> None:
        self.start = time.perf_counter()
        self.deadline = self.start + budget

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def log(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.start:5.0f}s] {message}", file=sys.stderr, flush=True)


LOAD_PATH = (
    "ipgraph/loading.py",
    "ipgraph/client.py",
    "ipgraph/db",
    "ipgraph/dataset",
    "cypher/load",
)


def code_version() -> dict[str, Any]:
    """The commit measured, and the load-path files that differ from it (read-only git)."""
    import subprocess

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10
            )
        except OSError:
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", *LOAD_PATH).splitlines()
    return {
        "commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "load_path_changes": [line[3:] for line in changed],
    }


def default_batch_size() -> int:
    """The batch size ``ipgraph load`` uses when none is given."""
    from ipgraph.cli import load

    for param in load.params:
        if param.name == "batch_size" and isinstance(param.default, int):
            return param.default
    from ipgraph.loading import DEFAULT_BATCH_SIZE

    return DEFAULT_BATCH_SIZE


class Bench:
    """One benchmark run: settings, datasets, results."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.clock = Clock(args.budget)
        self.sizes = [s for s in args.sizes.split(",") if s]
        self.batch = args.batch_size or default_batch_size()
        self.out: Path = args.out
        self.data: dict[str, Path] = {}
        self.results: dict[str, Any] = {
            "command": " ".join(["python -m bench.run", *sys.argv[1:]]),
            "machine": measure.machine(),
            "code": code_version(),
            "settings": {
                "sizes": self.sizes,
                "engines": args.engines.split(","),
                "batch_size": self.batch,
                "seed": args.seed,
                "countries": args.countries,
                "naive_sample_relationships": args.naive_sample,
                "budget_s": args.budget,
            },
            "engines": {},
            "datasets": {},
            "load": [],
            "headlines": [],
            "curated_queries": {},
            "cold_start": {},
        }
        self.failed_loads: dict[str, set[str]] = {}
        self.pending: list[Step] = []
        self.naive: dict[str, dict[str, Any]] = {}

    # -- budget ---------------------------------------------------------------------------
    def plan(self, engines: list[str]) -> None:
        """The timed steps to come, in the order they run."""
        for index, size in enumerate(self.sizes):
            for engine in engines:
                if index == 0:
                    self.pending.append((engine, size, "naive"))
                self.pending += [(engine, size, kind) for kind in ("load", "headline", "raw")]

    def predict(self, step: Step) -> float:
        """Expected seconds: the same step at the previous size, scaled by the size."""
        engine, size, kind = step
        if kind == "naive":
            return 30.0
        index = self.sizes.index(size)
        if kind == "headline":
            past = [
                h["wall_s"]
                for h in self.results["headlines"]
                if h["engine"] == engine and index and h["size"] == self.sizes[index - 1]
            ]
            return min(90.0, 10 * past[0]) if past else 20.0
        if index > 0:
            before = self.sizes[index - 1]
            for row in self.results["load"]:
                if row["engine"] == engine and row["size"] == before:
                    measured = row[kind]
                    if measured.get("ok"):
                        return float(measured["wall_s"]) * SIZES[size] / SIZES[before]
                    return float(measured.get("wall_s") or 60) * SIZES[size] / SIZES[before]
        return SIZES[size] / 1000  # nothing measured yet: assume 1,000 relationships/s

    def timeout(self, step: Step, floor: float = 20.0) -> float:
        """A time limit for ``step``: up to 1.5x its expected time plus 30 s, but leaving
        every later step at least a small slice of the budget (so small sizes finish and
        the largest takes what is left)."""
        if step in self.pending:
            self.pending.remove(step)
        remaining = self.clock.remaining() - 10
        # A later step that cannot finish in what is left anyway keeps only a token slice.
        later = sum(
            20.0 if self.predict(s) > remaining else min(self.predict(s), 40.0) + 5
            for s in self.pending
        )
        available = remaining - later
        return max(floor, min(available, 1.5 * self.predict(step) + 30))

    # -- datasets -------------------------------------------------------------------------
    def synthesize(self) -> None:
        from ipgraph.synth import generate

        for size in self.sizes:
            folder = self.out / "data" / size
            started = time.perf_counter()
            summary = generate(
                folder,
                countries=self.args.countries,
                relationships=SIZES[size],
                seed=self.args.seed,
                force=True,
            )
            seconds = time.perf_counter() - started
            self.data[size] = folder
            self.results["datasets"][size] = {
                "relationships": summary.total_relationships,
                "rows": summary.total_rows,
                "rows_per_file": summary.rows,
                "relationships_per_type": summary.relationships,
                "synth_seconds": seconds,
                "command": f"ipgraph synth --countries {self.args.countries} --relationships "
                f"{SIZES[size]} --seed {self.args.seed} --output {folder}",
            }
            self.clock.log(
                f"synth {size}: {summary.total_rows} rows, {summary.total_relationships} "
                f"relationships in {seconds:.1f} s"
            )

    # -- steps ----------------------------------------------------------------------------
    def load(self, target: Any, size: str, timeout: float) -> dict[str, Any]:
        db = target.fresh(f"{target.name}-{size}-load")
        command = [
            *ipgraph_command(),
            *target.cli_args(db),
            "-q",
            "load",
            str(self.data[size]),
            "--batch-size",
            str(self.batch),
        ]
        self.clock.log(f"{target.name} {size}: ipgraph load (limit {timeout:.0f} s)")
        result = measure.run(
            command, env=target.env(), timeout=timeout, server=target.server(db), cwd=ROOT
        )
        entry = self._entry(result, size)
        entry["command"] = "ipgraph load DIR --batch-size " + str(self.batch)
        if result.ok:
            entry["loaded_relationships"] = _loaded_relationships(result.stdout)
        self.clock.log(f"{target.name} {size}: ipgraph load {_summary(entry)}")
        entry["_db"] = db
        return entry

    def baseline(self, target: Any, size: str, mode: str, timeout: float) -> dict[str, Any]:
        db = target.fresh(f"{target.name}-{size}-{mode}")
        command = [
            sys.executable,
            "-m",
            "bench.baselines",
            mode,
            "--data",
            str(self.data[size]),
            *target.baseline_args(db),
            "--batch-size",
            str(self.batch),
            "--sample",
            str(self.args.naive_sample),
        ]
        self.clock.log(f"{target.name} {size}: {mode} baseline (limit {timeout:.0f} s)")
        result = measure.run(
            command, env=target.env(), timeout=timeout, server=target.server(db), cwd=ROOT
        )
        entry = self._entry(result, size)
        if result.ok:
            inner = json.loads(result.stdout.strip().splitlines()[-1])
            entry.update(
                {
                    "rows": inner["rows"],
                    "relationships": inner["relationships"],
                    "write_seconds": inner["seconds"],
                }
            )
            if mode == "naive":  # a per-row rate on a sample: the writing time only
                entry["rows_per_s"] = inner["rows"] / inner["seconds"]
                entry["relationships_per_s"] = inner["relationships"] / inner["seconds"]
        self.clock.log(f"{target.name} {size}: {mode} baseline {_summary(entry)}")
        entry["_db"] = db
        return entry

    def _entry(self, result: measure.Run, size: str) -> dict[str, Any]:
        dataset = self.results["datasets"][size]
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

    def headline(self, target: Any, size: str, db: Any, graph_from: str) -> None:
        """The headline queries, in a child process stopped at its time limit."""
        names = headlines()
        before = [h for h in self.results["headlines"] if h["engine"] == target.name]
        if before:  # the slowest last, so that a query stopped at the limit takes no other
            past = before[-1]["queries"]
            names.sort(key=lambda n: past.get(n, {}).get("p50_ms", float("inf")))
        limit = self.timeout((target.name, size, "headline"))
        command = [sys.executable, "-m", "bench.queries", *target.baseline_args(db)]
        command += ["--names", ",".join(names), "--repeat", str(self.args.headline_reps)]
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
        self.results["headlines"].append(
            {
                "engine": target.name,
                "size": size,
                "graph": graph_from,
                "queries": found,
                "wall_s": result.wall,
            }
        )
        worst = max((q.get("p50_ms", 0) for q in found.values()), default=0)
        failed = [n for n, q in found.items() if "error" in q]
        self.clock.log(
            f"{target.name} {size}: headline queries, slowest p50 {worst:.0f} ms"
            + (f", failed: {', '.join(failed)}" if failed else "")
        )

    def sized(self, target: Any, size: str) -> None:
        """Naive, load, headline queries and raw for one engine and size."""
        name = target.name
        skip = self.failed_loads.setdefault(name, set())
        row: dict[str, Any] = {"engine": name, "size": size}
        if name not in self.naive:  # a per-row rate into an empty graph: measured once
            limit = self.timeout((name, size, "naive"), floor=60)
            self.naive[name] = _clean(
                self.safely(
                    f"{name} {size} naive", lambda: self.baseline(target, size, "naive", limit)
                )
            )
            self.naive[name]["dataset"] = size
            target.discard(f"{name}-{size}-naive")
        row["naive"] = self.naive[name]
        if "load" in skip:
            row["load"] = {"ok": False, "error": "skipped: a smaller load did not finish"}
        else:
            limit = self.timeout((name, size, "load"))
            row["load"] = self.safely(f"{name} {size} load", lambda: self.load(target, size, limit))
        if row["load"]["ok"]:
            self.safely(
                f"{name} {size} headline queries",
                lambda: self.headline(target, size, row["load"]["_db"], "load"),
            )
        else:
            skip.add("load")
        target.discard(f"{name}-{size}-load")
        if "raw" in skip:
            row["raw"] = {"ok": False, "error": "skipped: a smaller raw baseline did not finish"}
        else:
            limit = self.timeout((name, size, "raw"))
            row["raw"] = self.safely(
                f"{name} {size} raw", lambda: self.baseline(target, size, "raw", limit)
            )
        if not row["raw"]["ok"]:
            skip.add("raw")
        elif not row["load"]["ok"]:
            self.safely(
                f"{name} {size} headline queries",
                lambda: self.headline(target, size, row["raw"]["_db"], "raw baseline"),
            )
        target.discard(f"{name}-{size}-raw")
        self.pending = [
            s for s in self.pending if s[0] != name or (s[1] != size and s[2] not in skip)
        ]
        row["load"], row["raw"] = _clean(row["load"]), _clean(row["raw"])
        row.update(report.ratios(row))
        self.results["load"].append(row)

    def safely(self, what: str, step: Callable[[], Any]) -> Any:
        """Run a step; an exception is logged and returned as a failed entry, not raised."""
        try:
            return step()
        except Exception as exc:
            message = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]
            self.clock.log(f"{what}: FAILED: {message}")
            return {"ok": False, "error": message}

    def curated(self, target: Any) -> None:
        """Every saved query on the curated data, then the CLI's cold start."""
        from ipgraph.client import Graph

        db = target.fresh(f"{target.name}-curated")
        with Graph(target.settings(db)) as graph:
            info = graph.load()
            self.results["engines"][target.name] = {"version": info.version}
            if isinstance(target, Neo4jTarget):
                self.results["engines"][target.name]["server"] = target.description()
            names = graph.catalogue.names()
            self.clock.log(f"{target.name}: {len(names)} saved queries on the curated data")
            self.results["curated_queries"][target.name] = latency(
                graph,
                names,
                examples(),
                warmup=3,
                repeat=self.args.reps,
                budget=min(60.0, self.clock.remaining() / 8),
            )
        command = [*ipgraph_command(), *target.cli_args(db), "query", "run", "raa.status"]
        self.clock.log(f"{target.name}: CLI cold start of 'ipgraph query run raa.status'")
        self.results["cold_start"][target.name] = cold_start(
            command, target.env(), runs=self.args.cold_runs
        )
        target.discard(f"{target.name}-curated")

    def run(self) -> dict[str, Any]:
        self.out.mkdir(parents=True, exist_ok=True)
        self.synthesize()
        engines = self.args.engines.split(",")
        targets: list[Any] = []
        if "falkordb" in engines:
            targets.append(FalkorTarget(self.out / "work"))
        if "neo4j" in engines:
            neo4j = Neo4jTarget(self.args.neo4j_heap)
            self.clock.log(f"neo4j: starting ({neo4j.description()})")
            neo4j.start()
            targets.append(neo4j)
        self.plan([t.name for t in targets])
        try:
            for target in targets:
                self.safely(f"{target.name} curated", partial(self.curated, target))
            for size in self.sizes:
                for target in targets:
                    self.sized(target, size)
        finally:
            for target in targets:
                if isinstance(target, Neo4jTarget):
                    target.stop()
        self.results["engines"]["clients"] = report.client_versions()
        self.results["total_s"] = time.perf_counter() - self.clock.start
        self.results["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
        self.results["targets"] = report.targets(self.results)
        return self.results


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if not k.startswith("_")}


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default="10k,100k,1M", help="of 10k, 100k, 1M")
    parser.add_argument("--engines", default="falkordb,neo4j")
    parser.add_argument("--budget", type=float, default=570, help="seconds for the whole run")
    parser.add_argument("--batch-size", type=int, help="default: ipgraph load's own")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--countries", type=int, default=250)
    parser.add_argument("--naive-sample", type=int, default=2000)
    parser.add_argument("--reps", type=int, default=20, help="runs per saved query")
    parser.add_argument("--headline-reps", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--neo4j-heap", default="1g", help="JVM heap of the in-process Neo4j")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        if size not in SIZES:
            parser.error(f"unknown size {size!r}: use {', '.join(SIZES)}")
    results = Bench(args).run()
    path = args.out / "results.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    text = report.render(results)
    (args.out / "results.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nWrote {path} and {args.out / 'results.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
