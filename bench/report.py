"""The benchmark's printed tables (the targets and verdicts are in :mod:`bench.targets`)."""

from __future__ import annotations

import itertools
from importlib import metadata
from typing import Any

from bench.targets import (
    BULK_LOAD_VS_LIMIT,
    BULK_LOAD_VS_RAW,
    COLD_START_S,
    CURATED_P50_MS,
    HEADLINE_1M_S,
    LOAD_VS_NAIVE,
    LOAD_VS_RAW,
    _verdict,
)


def client_versions() -> dict[str, str]:
    versions = {}
    for package in ("ipgraph", "neo4j", "falkordb", "falkordblite", "redis"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _num(value: float | None, fmt: str = "{:,.0f}") -> str:
    return "—" if value is None else fmt.format(value)


def _growth(values: list[float | None]) -> str:
    pairs = [f"x{b / a:.1f}" if a and b else "—" for a, b in itertools.pairwise(values)]
    return ", ".join(pairs) if pairs else "—"


def render(results: dict[str, Any]) -> str:
    """The whole result as Markdown tables (also readable as plain text)."""
    sections = [_header, _throughput, _bulk, _memory, _curated, _headlines, _scaling, _cold]
    sections.append(_missed)
    return "\n\n".join(section(results) for section in sections)


def _header(results: dict[str, Any]) -> str:
    m, s, engines = results["machine"], results["settings"], results["engines"]
    servers = "; ".join(
        f"{name} {info.get('version', '?')}" + (f" ({info['server']})" if "server" in info else "")
        for name, info in engines.items()
        if name != "clients"
    )
    clients = ", ".join(f"{k} {v}" for k, v in engines.get("clients", {}).items())
    code = results.get("code", {})
    start, end = m.get("load_average_at_start"), m.get("load_average_at_end")
    busy = max(start or 0, end or 0) > (m["cores"] or 1)
    return "\n".join(
        [
            "# ipgraph benchmark",
            "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}, "
            f"Python {m['python']}.",
            f"Engines: {servers}. Clients: {clients}.",
            f"Code: commit {code.get('commit', '?')}"
            + (
                f", with uncommitted changes to {', '.join(code['load_path_changes'])}."
                if code.get("load_path_changes")
                else " (load path as committed)."
            ),
            f"Command: `{results['command']}`; batch size {s['batch_size']}; seed {s['seed']}; "
            f"{s['countries']} countries; total {results.get('total_s', 0):.0f} s.",
            f"Load average (1 min): {start} at the start, {end} at the end"
            + (
                " (more than the cores: other work on the machine slowed the figures)."
                if busy
                else "."
            ),
        ]
    )


def _throughput(results: dict[str, Any]) -> str:
    rows = []
    for row in results["load"]:
        load, raw, naive = row["load"], row["raw"], row["naive"]
        rows.append(
            [
                row["engine"],
                row["size"],
                _num(load.get("rows")),
                _num(load.get("wall_s"), "{:.1f}") if load.get("ok") else _fail(load),
                _num(load.get("rows_per_s")),
                _num(load.get("relationships_per_s")),
                _num(raw.get("rows_per_s")) if raw.get("ok") else _fail(raw),
                _num(row["vs_raw"], "{:.2f}") + " " + row["raw_target"].split(" ")[0],
                _num(row.get("vs_raw_cpu"), "{:.2f}"),
                _num(naive.get("rows_per_s")) if naive.get("ok") else _fail(naive),
                _num(row["vs_naive"], "{:.1f}") + " " + row["naive_target"].split(" ")[0],
            ]
        )
    header = ["engine", "rels", "rows", "load s", "load rows/s", "load rels/s", "raw rows/s"]
    header += [f"load/raw (>= {LOAD_VS_RAW})", "load/raw by CPU", "naive rows/s (sample)"]
    header += [f"load/naive (>= {LOAD_VS_NAIVE:.0f})"]
    sample = results["settings"]["naive_sample_relationships"]
    return "\n".join(
        [
            "## Load throughput (`ipgraph load` wall time, child process, into an empty graph)",
            "",
            _table(header, rows),
            "",
            "Raw: `UNWIND $rows ... CREATE` batches, same batch size, the engine's official "
            "client (falkordb-py; the neo4j driver), no checks "
            "(child process wall time, like the load). Load/raw by CPU: the raw baseline's CPU "
            "seconds (client + server) over the load's, for the same rows: steadier than wall "
            "time on a busy machine. Naive: one MERGE per row, one round trip each, on a sample "
            f"of the first {sample} relationships (in proportion per file) plus the nodes they "
            "need, into an empty graph; its rate is the writing time only, measured once per "
            "engine (on the first dataset) and compared with the load at every size.",
        ]
    )


def _bulk(results: dict[str, Any]) -> str:
    rows = []
    for row in results["load"]:
        load, raw, bulk = row["load"], row["raw"], row.get("bulk")
        if bulk is None:
            continue
        limit = bulk.get("write_seconds"), bulk.get("check_s")
        rows.append(
            [
                row["size"],
                _num(load.get("rows_per_s")),
                _num(raw.get("rows_per_s")) if raw.get("ok") else _fail(raw),
                _num(bulk.get("rows_per_s")) if bulk.get("ok") else _fail(bulk),
                _num(bulk["rows"] / limit[1]) if bulk.get("ok") else "",
                _num(bulk["rows"] / sum(limit)) if bulk.get("ok") else "",
                _num(row.get("vs_bulk_limit"), "{:.2f}") + " " + row["bulk_limit_target"],
                _num(row.get("vs_raw"), "{:.2f}") + " " + row["bulk_raw_target"],
                _num(load.get("rss_client_mb")),
            ]
        )
    if not rows:
        return "## GRAPH.BULK limit\n\nNot measured (embedded engine only)."
    header = ["rels", "load rows/s", "raw rows/s", "bulk limit rows/s", "checks rows/s"]
    header += ["limit + checks rows/s", f"load / (limit + checks) (<= {BULK_LOAD_VS_LIMIT:.0f})"]
    header += [f"load/raw (>= {BULK_LOAD_VS_RAW})", "load client MB"]
    return "\n".join(
        [
            "## GRAPH.BULK limit (embedded engine)",
            "",
            _table(header, rows),
            "",
            "Bulk limit: the same rows packed in memory first, then only the GRAPH.BULK "
            "commands, the schema built and waited for, and the SAVE (server time). Checks: "
            "ipgraph's checks alone on the files. The load's time is held to twice the two.",
        ]
    )


_PROCESSES = {
    "load": "ipgraph load",
    "norust": "ipgraph load, driver without its Rust extension",
    "raw": "raw baseline",
}


def _memory(results: dict[str, Any]) -> str:
    rows = []
    for row in results["load"]:
        for what in ("load", "norust", "raw"):
            e = row.get(what, {})
            if "rss_client_mb" not in e:
                continue
            rows.append(
                [
                    row["engine"],
                    row["size"],
                    _PROCESSES[what],
                    _num(e.get("rss_client_mb")),
                    _num(e.get("rss_server_mb")),
                    _num(e.get("cpu_client_s"), "{:.1f}"),
                    _num(e.get("cpu_server_s"), "{:.1f}"),
                    _num(e.get("wall_s"), "{:.1f}"),
                    _num(e.get("load_average"), "{:.1f}"),
                ]
            )
    header = ["engine", "rels", "process", "client MB", "server MB", "client CPU s"]
    header += ["server CPU s", "wall s", "load avg"]
    return "\n".join(
        [
            "## Memory and CPU (peak RSS of the process and of the engine's server; CPU seconds)",
            "",
            _table(header, rows),
        ]
    )


def _curated(results: dict[str, Any]) -> str:
    queries = results["curated_queries"]
    names = sorted({n for q in queries.values() for n in q})
    engines = list(queries)
    # Engines whose runs report the server's time (earlier results do not).
    split = [e for e in engines if any("server_p50_ms" in q for q in queries[e].values())]
    rows = []
    for name in names:
        cells = [f"`{name}`"]
        for engine in engines:
            q = queries[engine].get(name, {})
            if "error" in q:
                cells.append("error: " + q["error"][:60])
                continue
            p50 = q.get("p50_ms")
            mark = "" if p50 is None or p50 < CURATED_P50_MS.get(engine, 10.0) else " MISS"
            cells.append(f"{_num(p50, '{:.1f}')} / {_num(q.get('p95_ms'), '{:.1f}')}{mark}")
        for engine in split:
            q = queries[engine].get(name, {})
            server, client = q.get("server_p50_ms"), q.get("client_p50_ms")
            cells.append(f"{_num(server, '{:.1f}')} / {_num(client, '{:.1f}')}")
        rows.append(cells)
    header = ["query"]
    header += [f"{e} p50 / p95 ms (< {CURATED_P50_MS.get(e, 10.0):g})" for e in engines]
    header += [f"{e} p50 server / client ms" for e in split]
    note = (
        "\n\nServer: the engine's own execution time (FalkorDB's, Neo4j's until the result "
        "was available plus until it was consumed); client: the rest of the time through "
        "`Graph.query` (driver, wire, Python values, ipgraph's checks). Each is its own median."
    )
    return "\n".join(
        ["## Saved queries on the curated data (Graph API)", "", _table(header, rows)]
    ) + (note if split else "")


def _headlines(results: dict[str, Any]) -> str:
    sizes = results["settings"]["sizes"]
    by_engine: dict[str, dict[str, dict[str, Any]]] = {}
    for entry in results["headlines"]:
        by_engine.setdefault(entry["engine"], {})[entry["size"]] = entry
    rows = []
    for engine, per_size in by_engine.items():
        for name in sorted({n for e in per_size.values() for n in e["queries"]}):
            found = [per_size.get(z, {}).get("queries", {}).get(name, {}) for z in sizes]
            values = [q.get("p50_ms") for q in found]
            big = per_size.get("1M", {}).get("queries", {}).get(name, {})
            p50 = big.get("p50_ms")
            verdict = _verdict(p50 / 1000, HEADLINE_1M_S, below=True) if p50 else "—"
            big_cells = [_num(big.get("p95_ms"), "{:.1f}"), _num(big.get("rows")), _growth(values)]
            rows.append(
                [engine, f"`{name}`", *[_num(v, "{:.1f}") for v in values], *big_cells, verdict]
            )
    header = ["engine", "query", *[f"{z} p50" for z in sizes], "1M p95", "1M rows", "growth"]
    header.append(f"1M < {HEADLINE_1M_S:.0f} s")
    odd = [f"{e['engine']} {e['size']}" for e in results["headlines"] if e["graph"] != "load"]
    note = f"\n\nOn the raw baseline's graph (the load did not finish): {', '.join(odd)}."
    return (
        "## Headline queries by graph size (Graph API, ms; growth per 10x)\n\n"
        + _table(header, rows)
        + (note if odd else "")
    )


def _scaling(results: dict[str, Any]) -> str:
    sizes = results["settings"]["sizes"]
    rows = []
    for engine in dict.fromkeys(r["engine"] for r in results["load"]):
        for what in ("load", "raw"):
            by_size = {
                r["size"]: r[what].get("wall_s")
                for r in results["load"]
                if r["engine"] == engine and r[what].get("ok")
            }
            values = [by_size.get(z) for z in sizes]
            rows.append(
                [engine, f"{what} s", *[_num(v, "{:.1f}") for v in values], _growth(values)]
            )
        for what, key in (("client", "rss_client_mb"), ("server", "rss_server_mb")):
            by_size = {
                r["size"]: r["load"].get(key)
                for r in results["load"]
                if r["engine"] == engine and r["load"].get("ok")
            }
            values = [by_size.get(z) for z in sizes]
            label = f"load {what} peak RSS MB"
            rows.append([engine, label, *[_num(v) for v in values], _growth(values)])
    return "## Scaling of the load (wall seconds, peak memory; growth per 10x)\n\n" + _table(
        ["engine", "what", *sizes, "growth"], rows
    )


def _cold(results: dict[str, Any]) -> str:
    rows = []
    for engine, cold in results["cold_start"].items():
        if "error" in cold:
            rows.append([engine, "error: " + cold["error"], "—", "MISS"])
            continue
        runs = ", ".join(f"{v:.2f}" for v in cold["runs_s"])
        most = COLD_START_S.get(engine, 0.7)
        verdict = _verdict(cold["median_s"], most, below=True)
        rows.append([engine, f"{cold['median_s']:.2f}", runs, f"< {most} s: {verdict}"])
    return "## CLI cold start (`ipgraph query run raa.status`, whole process)\n\n" + _table(
        ["engine", "median s", "runs s", "target"], rows
    )


def _missed(results: dict[str, Any]) -> str:
    found = results.get("targets", [])
    missed = [t for t in found if t["verdict"] != "PASS"]
    lines = [f"## Targets: {len(found) - len(missed)} PASS, {len(missed)} MISS", ""]
    lines += [f"- MISS {t['target']}: {t['where']} ({_num(t['value'], '{:.3g}')})" for t in missed]
    return "\n".join(lines)


def _fail(entry: dict[str, Any]) -> str:
    if entry.get("timed_out"):
        return f"timeout ({entry.get('wall_s', 0):.0f} s)"
    return "failed" if "skipped" not in str(entry.get("error")) else "skipped"
