"""What each saved query reads: the engine's own profile of its plan, beside its server time.

    python -m bench.plans --db-path GRAPH.db [--names a,b] [--repeat 20]
    python -m bench.plans --uri bolt://... [--names a,b]

Runs every saved query (or ``--names``) with the bench's example parameters on a loaded graph
(the curated data, as ``make bench`` times them) and prints one Markdown row per query: the
rows it answers, the records its plan's operators produce (FalkorDB's ``GRAPH.PROFILE``; on
Neo4j the rows of ``PROFILE``, with its database hits), the engine's median execution time
over ``--repeat`` runs (timed by ``bench.queries.latency``, as ``make bench`` times them),
and that time per record. A query whose server time misses its target while reading few
records costs more per record than the others: its plan is the place to look. One whose cost
per record is like the rest misses because of what it must read, and only reading less
(another model, an index) would make it faster.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from bench.queries import examples, graph_parser, graph_settings, latency

#: A FalkorDB profile line: ``<operator> | Records produced: N, Execution time: T ms``.
_RECORDS = "Records produced:"


def falkor_records(lines: Iterable[Any]) -> tuple[int, None]:
    """The records every operator of a FalkorDB ``GRAPH.PROFILE`` answer produced, summed."""
    total = 0
    for line in lines:
        text = line.decode() if isinstance(line, bytes) else str(line)
        if _RECORDS in text:
            total += int(text.split(_RECORDS, 1)[1].split(",", 1)[0].strip())
    return total, None


def neo4j_records(plan: Mapping[str, Any]) -> tuple[int, int]:
    """Rows and database hits of every operator of a Neo4j ``PROFILE`` plan, summed."""
    rows, hits = int(plan.get("rows", 0)), int(plan.get("dbHits", 0))
    for child in plan.get("children", []):
        more_rows, more_hits = neo4j_records(child)
        rows, hits = rows + more_rows, hits + more_hits
    return rows, hits


def profiled(graph: Any, text: str, params: Mapping[str, Any]) -> tuple[int, int | None]:
    """Records (and, on Neo4j, database hits) of one profiled run of ``text``."""
    engine = graph.engine
    if engine.name == "falkordb":
        from ipgraph.db.falkor_values import statement

        reply = engine._conn.command("GRAPH.PROFILE", engine._graph_name, statement(text, params))
        return falkor_records(reply)
    with engine._driver.session(database=engine.database) as session:
        summary = session.run("PROFILE " + text, dict(params)).consume()
    return neo4j_records(summary.profile or {})


def records(
    graph: Any, names: Iterable[str], params: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, int | None]]:
    """``{name: {"records": N, "db_hits": H}}``: one profiled run of each saved query with
    its parameters (``db_hits`` on Neo4j only; a query that fails is left out)."""
    found: dict[str, dict[str, int | None]] = {}
    for name in names:
        saved = graph.catalogue.get(name)
        try:
            total, hits = profiled(graph, saved.text, saved.bind(params.get(name, {})))
        except Exception as exc:  # reported, not fatal: the timings have their own errors
            print(f"bench.plans: {name}: {exc}", file=sys.stderr)
            continue
        found[name] = {"records": total, "db_hits": hits}
    return found


def main(argv: list[str] | None = None) -> None:
    parser = graph_parser("python -m bench.plans")
    parser.add_argument("--names", default="", help="comma-separated saved query names")
    args = parser.parse_args(argv)
    from ipgraph.client import Graph

    chosen = examples()
    with Graph(graph_settings(args)) as graph:
        names = [n for n in args.names.split(",") if n] or graph.catalogue.names()
        plans = records(graph, names, chosen)
        timed = latency(graph, names, chosen, warmup=1, repeat=args.repeat, budget=args.budget)
        print("| query | rows | records | db hits | server p50 ms | µs per record |")
        print("|---|---|---|---|---|---|")
        for name in names:
            found, plan = timed[name], plans.get(name, {})
            server, total = found.get("server_p50_ms"), plan.get("records")
            per = f"{1000 * server / total:.1f}" if server is not None and total else "—"
            hits = plan.get("db_hits")
            print(
                f"| {name} | {found.get('rows', '—')} | {'—' if total is None else f'{total:,}'} "
                f"| {'' if hits is None else f'{hits:,}'} "
                f"| {'—' if server is None else f'{server:.2f}'} | {per} |"
            )


if __name__ == "__main__":
    main()
