"""Per-query latency targets on the curated data, and how every saved query grows with the graph.

Targets (issue 14): p50 < 3 ms on Neo4j and < 1 ms on FalkorDB for every saved query on the
curated data. Growth: every saved query runs on the synthetic graphs of each size; from one
size to the next its time must not grow faster than its input (nodes + relationships) plus its
output (rows). A time ``a x input + b x output + c`` grows by at most the larger of the input's
and the output's ratios, so the check is ``time ratio <= GROWTH_SLACK x max(input ratio,
output ratio)``, else FAIL. Ratios are also given per 10x of input.

    python -m bench.growth measure --db-path GRAPH | --uri URI   (child: JSON lines)
    python -m bench.growth run [--sizes 10k,100k] [--engines falkordb]   (standalone)
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Mapping
from typing import Any

from bench.queries import examples, graph_parser, graph_settings, latency

CURATED_TARGET_MS = {"neo4j": 3.0, "falkordb": 1.0}
# Room for timing noise on a shared machine: a linear query measured a little slow at the
# bigger size must not FAIL; a quadratic one grows ~10x faster than its input per 10x.
GROWTH_SLACK = 1.5
# Times below this are mostly fixed costs (a round trip, parsing): their ratio says little.
NOISE_FLOOR_MS = 0.5

# The node key of each '// exists:' kind, to pick a value that is in a synthetic graph.
_KEYS = {
    "country": ("Country", "iso3"),
    "agreement": ("Agreement", "id"),
    "grouping": ("Grouping", "id"),
    "person": ("Person", "id"),
    "domain": ("Domain", "id"),
    "source": ("Source", "id"),
}


def curated_verdicts(curated: Mapping[str, Mapping[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One row per engine and saved query: p50, p95, the engine's target and PASS/MISS."""
    rows = []
    for engine, queries in curated.items():
        target = CURATED_TARGET_MS.get(engine)
        for name, found in sorted(queries.items()):
            p50 = found.get("p50_ms")
            verdict = "ERROR" if p50 is None else "PASS" if target and p50 < target else "MISS"
            rows.append(
                {"engine": engine, "query": name, "p50_ms": p50, "p95_ms": found.get("p95_ms")}
                | {"server_ms": found.get("server_p50_ms"), "client_ms": found.get("client_p50_ms")}
                | {"records": found.get("records"), "target_ms": target, "verdict": verdict}
            )
    return rows


def params_for(graph: Any) -> dict[str, dict[str, Any]]:
    """Each saved query's first test example, with graph values the graph lacks replaced by
    the first value of that kind in the graph (by key), so that it runs on synthetic data."""
    chosen = examples()
    firsts: dict[str, Any] = {}
    for saved in graph.catalogue:
        params = dict(chosen.get(saved.name, {}))
        for pname, kind in saved.refs:
            if kind not in _KEYS:
                continue
            label, key = _KEYS[kind]
            value = params.get(pname)
            if value is None and (saved.param(pname) is None or not saved.param(pname).required):
                continue
            values = value if isinstance(value, list) else [value]
            text = f"UNWIND $v AS v OPTIONAL MATCH (n:{label} {{{key}: v}}) RETURN count(n)"
            found = graph.cypher(text, {"v": values}).rows[0][0] if value is not None else 0
            if found == len(values):
                continue
            if kind not in firsts:
                first = f"MATCH (n:{label}) RETURN n.{key} ORDER BY n.{key} LIMIT 2"
                firsts[kind] = [r[0] for r in graph.cypher(first).rows]
            if firsts[kind]:
                params[pname] = firsts[kind] if isinstance(value, list) else firsts[kind][0]
        chosen[saved.name] = params
    return chosen


def graph_size(graph: Any) -> int:
    """Nodes plus relationships: a query's input."""
    info = graph.status()
    return int(info.nodes) + int(info.relationships)


def growth(by_size: Mapping[str, Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per saved query, one step per pair of consecutive sizes (in the order given).

    ``by_size[size]`` is ``{"input": nodes + relationships, "queries": {name: latency entry}}``.
    """
    sizes = [s for s in by_size if by_size[s].get("queries")]
    names = sorted({n for s in sizes for n in by_size[s]["queries"]})
    out: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        steps = []
        for small, big in itertools.pairwise(sizes):
            a, b = by_size[small]["queries"].get(name, {}), by_size[big]["queries"].get(name, {})
            step: dict[str, Any] = {"from": small, "to": big}
            if "p50_ms" not in a or "p50_ms" not in b:
                error = b.get("error") or a.get("error")
                # Not measured: the size's query step reached its time limit first.
                step["verdict"] = "ERROR" if error else "STOPPED"
                step["error"] = error or "not measured (the step's time limit)"
                steps.append(step)
                continue
            in_a, in_b = by_size[small]["input"], by_size[big]["input"]
            time_ratio = b["p50_ms"] / max(a["p50_ms"], 1e-6)
            io_ratio = max(in_b / max(1, in_a), (b["rows"] + 1) / (a["rows"] + 1))
            per_10x = math.log(10) / math.log(in_b / in_a) if in_b > in_a else 1.0
            noisy = b["p50_ms"] < NOISE_FLOOR_MS
            fail = not noisy and time_ratio > GROWTH_SLACK * io_ratio
            step |= {
                "ms": [a["p50_ms"], b["p50_ms"]],
                "rows": [a["rows"], b["rows"]],
                "input": [in_a, in_b],
                "time_ratio": time_ratio,
                "io_ratio": io_ratio,
                "time_per_10x": time_ratio**per_10x,
                "io_per_10x": io_ratio**per_10x,
                "verdict": "FAIL" if fail else "PASS",
                # Where the engine reported its own time: which part grew.
                "server_ms": [a.get("server_p50_ms"), b.get("server_p50_ms")],
                "client_ms": [a.get("client_p50_ms"), b.get("client_p50_ms")],
            }
            steps.append(step)
        out[name] = steps
    return out


def render(curated: list[dict[str, Any]], grown: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown: the per-query targets, then growth per engine."""
    lines = ["### Saved queries on the curated data: per-query targets", ""]
    lines += [
        "| engine | query | p50 ms | p95 ms | server / client ms | records read | server µs "
        "per record | target | verdict |"
    ]
    lines += ["|---" * 9 + "|"]
    for r in curated:
        p50, p95 = r["p50_ms"], r["p95_ms"]
        parts = f"{_f(r.get('server_ms'))} / {_f(r.get('client_ms'))}"
        read, server = r.get("records"), r.get("server_ms")
        per = _f(1000 * server / read) if read and server is not None else "—"
        lines.append(
            f"| {r['engine']} | {r['query']} | {_f(p50)} | {_f(p95)} | {parts} "
            f"| {'—' if read is None else f'{read:,}'} | {per} "
            f"| < {r['target_ms']} ms | {r['verdict']} |"
        )
    lines += [
        "",
        "Records read: the rows every operator of the query's plan produced, summed, in one "
        "profiled run (`python -m bench.plans`). Server time grows with them; a query that "
        "misses while reading few costs more per record than the rest.",
    ]
    for engine, table in grown.items():
        lines += ["", f"### Growth of every saved query ({engine})", ""]
        lines += [
            "| query | step | p50 ms | rows | time x | max(in x, out x) | time per 10x | verdict "
            "| server ms | client ms |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, steps in table.items():
            for s in steps:
                if "ms" not in s:
                    lines.append(
                        f"| {name} | {s['from']}→{s['to']} | | | | | | {s['verdict']} | | |"
                    )
                    continue
                server, client = s.get("server_ms", [None, None]), s.get("client_ms", [None, None])
                lines.append(
                    f"| {name} | {s['from']}→{s['to']} | {_f(s['ms'][0])} → {_f(s['ms'][1])} "
                    f"| {s['rows'][0]} → {s['rows'][1]} | {s['time_ratio']:.1f} "
                    f"| {s['io_ratio']:.1f} | {s['time_per_10x']:.1f} | {s['verdict']} "
                    f"| {_f(server[0])} → {_f(server[1])} | {_f(client[0])} → {_f(client[1])} |"
                )
    return "\n".join(lines)


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}" if value < 10 else f"{value:.0f}"


def measure_main(argv: list[str]) -> None:
    """Child: every saved query on one graph, with params that exist in it (JSON lines)."""
    import json

    from ipgraph.client import Graph

    args = graph_parser("python -m bench.growth measure").parse_args(argv)
    with Graph(graph_settings(args, time_limit=True)) as graph:
        print(json.dumps({"input": graph_size(graph)}), flush=True)
        params = params_for(graph)

        def emit(name: str, found: dict[str, Any]) -> None:
            print(json.dumps({"name": name, **found}, default=str), flush=True)

        names = graph.catalogue.names()
        latency(graph, names, params, warmup=1, repeat=args.repeat, budget=args.budget, emit=emit)


def collect(stdout: str) -> dict[str, Any]:
    """The child's JSON lines as ``{"input": ..., "queries": {name: entry}}``."""
    import json

    found: dict[str, Any] = {"input": 0, "queries": {}}
    for line in stdout.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if "input" in entry and "name" not in entry:
                found["input"] = entry["input"]
            else:
                found["queries"][entry.pop("name")] = entry
    return found


def step(clock: Any, target: Any, size: str, db: Any) -> dict[str, Any]:
    """``bench.run``'s step: every saved query on the loaded graph ``db``, in a child process
    stopped at its limit (at most 90 s, and an eighth of what is left of the budget)."""
    from bench import measure
    from bench.engines import ROOT

    limit = max(20.0, min(90.0, clock.remaining() / 8))
    command = [sys.executable, "-m", "bench.growth", "measure", *target.baseline_args(db)]
    command += ["--budget", str(max(5.0, limit - 15)), "--query-limit", str(min(20.0, limit / 3))]
    clock.log(f"{target.name} {size}: every saved query (limit {limit:.0f} s)")
    result = measure.run(
        command, env=target.env(), timeout=limit, server=target.server(db), cwd=ROOT
    )
    found = collect(result.stdout)
    if not result.ok:
        found["error"] = result.error()
    return found


def table(results: Mapping[str, Any]) -> dict[str, Any]:
    """Per engine, the growth of every saved query across the sizes measured."""
    by_engine: dict[str, dict[str, Any]] = {}
    for entry in results.get("every_query", []):
        by_engine.setdefault(entry["engine"], {})[entry["size"]] = entry
    return {engine: growth(sizes) for engine, sizes in by_engine.items()}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["measure"]:
        measure_main(args[1:])
        return
    raise SystemExit("usage: python -m bench.growth measure --db-path GRAPH | --uri URI")


if __name__ == "__main__":
    main()
