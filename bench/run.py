"""``make bench``: load throughput, memory, query latency and scaling of ipgraph, on both engines.

Measures the public paths as a user meets them: ``ipgraph load`` as a child process on
synthetic datasets (``ipgraph synth``) of 10k, 100k and 1M relationships, against two
baselines on the same data and engine (``bench/baselines.py``; these steps are in
``bench/steps.py``); saved queries through ``ipgraph.client.Graph``; and the CLI's cold
start. Prints a table and writes ``bench/out/results.json`` (``bench/out/`` is git-ignored).
Every step has a time limit taken from one overall budget (default 1200 s; ``bench/budget.py``),
so the run ends in under twenty minutes even when a step is slow; a step stopped at its limit is
reported as such.

    python -m bench.run [--sizes 10k,100k,1M] [--engines falkordb,neo4j] [--budget 1200]
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

from bench import growth, measure, plans, report
from bench.budget import SIZES, Budget, Clock, norust_size
from bench.engines import ROOT, FalkorTarget, Neo4jTarget, ipgraph_command
from bench.queries import cold_start, examples, headlines, latency, warm
from bench.steps import Steps
from bench.targets import ratios, verdicts

OUT = ROOT / "bench" / "out"
#: Seconds of every saved query in turn before the curated latencies are taken.
WARM_SECONDS = 20


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
            "every_query": [],
        }
        self.budget = Budget(self.clock, self.sizes, self.results)
        self.steps = Steps(
            self.clock,
            self.data,
            self.results["datasets"],
            self.batch,
            args.naive_sample,
            args.headline_reps,
        )
        self.failed_loads: dict[str, set[str]] = {}
        self.naive: dict[str, dict[str, Any]] = {}

    # -- datasets -------------------------------------------------------------------------
    def synthesize(self) -> None:
        from ipgraph.dataset.synth import generate

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
    def headline(self, target: Any, size: str, db: Any, graph_from: str) -> None:
        """The headline queries, in a child process stopped at its time limit."""
        names = headlines()
        before = [h for h in self.results["headlines"] if h["engine"] == target.name]
        if before:  # the slowest last, so that a query stopped at the limit takes no other
            past = before[-1]["queries"]
            names.sort(key=lambda n: past.get(n, {}).get("p50_ms", float("inf")))
        limit = self.budget.timeout((target.name, size, "headline"))
        entry = self.steps.headline(target, size, db, graph_from, names, limit)
        self.results["headlines"].append(entry)

    def sized(self, target: Any, size: str) -> None:
        """Naive, load, headline queries and raw for one engine and size."""
        name = target.name
        skip = self.failed_loads.setdefault(name, set())
        row: dict[str, Any] = {"engine": name, "size": size}
        if name not in self.naive:  # a per-row rate into an empty graph: measured once
            limit = self.budget.timeout((name, size, "naive"), floor=60)
            self.naive[name] = _clean(
                self.safely(
                    f"{name} {size} naive",
                    lambda: self.steps.baseline(target, size, "naive", limit),
                )
            )
            self.naive[name]["dataset"] = size
            target.discard(f"{name}-{size}-naive")
        row["naive"] = self.naive[name]
        if "load" in skip:
            row["load"] = {"ok": False, "error": "skipped: a smaller load did not finish"}
        else:
            limit = self.budget.timeout((name, size, "load"))
            row["load"] = self.safely(
                f"{name} {size} load", lambda: self.steps.load(target, size, limit)
            )
        if row["load"]["ok"]:
            self.safely(
                f"{name} {size} headline queries",
                lambda: self.headline(target, size, row["load"]["_db"], "load"),
            )
            if self.args.growth:  # every saved query, for its growth with size (bench/growth.py)
                entry = self.safely(
                    f"{name} {size} every saved query",
                    lambda: growth.step(self.clock, target, size, row["load"]["_db"]),
                )
                self.results["every_query"].append({"engine": name, "size": size} | entry)
            if name == "neo4j" and size == norust_size(self.sizes):
                limit = self.budget.timeout((name, size, "norust"))
                row["norust"] = _clean(
                    self.safely(
                        f"{name} {size} load without the Rust extension",
                        lambda: self.steps.load(target, size, limit, rust=False),
                    )
                )
                target.discard(f"{name}-{size}-load-norust")
        else:
            skip.add("load")
        target.discard(f"{name}-{size}-load")
        if "raw" in skip:
            row["raw"] = {"ok": False, "error": "skipped: a smaller raw baseline did not finish"}
        else:
            limit = self.budget.timeout((name, size, "raw"))
            row["raw"] = self.safely(
                f"{name} {size} raw", lambda: self.steps.baseline(target, size, "raw", limit)
            )
        if not row["raw"]["ok"]:
            skip.add("raw")
        elif not row["load"]["ok"]:
            self.safely(
                f"{name} {size} headline queries",
                lambda: self.headline(target, size, row["raw"]["_db"], "raw baseline"),
            )
        target.discard(f"{name}-{size}-raw")
        if isinstance(target, FalkorTarget):
            self.bulk_limit(target, size, row)
        self.budget.skip(name, size, skip)
        row["load"], row["raw"] = _clean(row["load"]), _clean(row["raw"])
        row.update(ratios(row))
        self.results["load"].append(row)

    def bulk_limit(self, target: Any, size: str, row: dict[str, Any]) -> None:
        """The embedded engine's ``GRAPH.BULK`` server-side limit on the same rows."""
        limit = self.budget.timeout((target.name, size, "bulk"))
        row["bulk"] = _clean(
            self.safely(
                f"{target.name} {size} bulk limit",
                lambda: self.steps.baseline(target, size, "bulk", limit),
            )
        )
        target.discard(f"{target.name}-{size}-bulk")

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
            rounds = warm(graph, names, examples(), seconds=WARM_SECONDS)
            self.results["engines"][target.name]["warm_up"] = f"{rounds} rounds in {WARM_SECONDS} s"
            timed = latency(
                graph,
                names,
                examples(),
                warmup=3,
                repeat=self.args.reps,
                budget=min(60.0, self.clock.remaining() / 8),
            )
            # What each query's plan reads (the engine's PROFILE), beside its time.
            for name, read in plans.records(graph, names, examples()).items():
                timed[name].update(read)
            self.results["curated_queries"][target.name] = timed
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
        self.budget.plan([t.name for t in targets])
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
        self.results["targets"] = verdicts(self.results)
        self.results["curated_targets"] = growth.curated_verdicts(self.results["curated_queries"])
        self.results["growth"] = growth.table(self.results)
        return self.results


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if not k.startswith("_")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default="10k,100k,1M", help="of 10k, 100k, 1M")
    parser.add_argument("--engines", default="falkordb,neo4j")
    parser.add_argument("--budget", type=float, default=1200, help="seconds for the whole run")
    parser.add_argument("--batch-size", type=int, help="default: ipgraph load's own")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--countries", type=int, default=249)
    parser.add_argument("--naive-sample", type=int, default=2000)
    parser.add_argument("--reps", type=int, default=20, help="runs per saved query")
    parser.add_argument("--headline-reps", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--neo4j-heap", default="3g", help="JVM heap of the in-process Neo4j")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--no-growth", dest="growth", action="store_false", help="skip bench/growth.py's step"
    )
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        if size not in SIZES:
            parser.error(f"unknown size {size!r}: use {', '.join(SIZES)}")
    results = Bench(args).run()
    path = args.out / "results.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    text = (
        report.render(results)
        + "\n\n"
        + growth.render(results["curated_targets"], results["growth"])
    )
    (args.out / "results.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nWrote {path} and {args.out / 'results.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
