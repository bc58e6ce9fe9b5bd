"""``ipgraph synth``: valid datasets, the same bytes for the same arguments, exact sizes, loads
on both engines; and the benchmark's raw baseline writes the same graph as ``ipgraph load``."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from conftest import ROOT, Target
from tests_support import graph_fingerprint, invoke

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.dataset import model
from ipgraph.dataset.countries import country_table
from ipgraph.dataset.synth import FILES, REL_FILES, country_codes, fixed_relationships, generate
from ipgraph.errors import ConfigError

NODE_LABELS = {node.file: node.label for node in model.NODES}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def said(output: str) -> tuple[dict[str, int], dict[str, int]]:
    """Rows per file and relationships per type, as ``ipgraph synth`` printed them."""
    files = re.search(r"^Wrote (\d+) rows to .*?: (.*)$", output, re.M)
    rels = re.search(r"^Relationships: (\d+) \((.*)\)$", output, re.M)
    assert files and rels, output

    def parse(text: str) -> dict[str, int]:
        return {k: int(v) for k, v in (part.rsplit(" ", 1) for part in text.split(", "))}

    per_file, per_type = parse(files.group(2)), parse(rels.group(2))
    assert sum(per_file.values()) == int(files.group(1))
    assert sum(per_type.values()) == int(rels.group(1))
    return per_file, per_type


def test_dataset_passes_the_validator(tmp_path: Path) -> None:
    made = invoke(
        None, "synth", "--countries", "30", "--agreements", "80", "--seed", "5", "-o", str(tmp_path)
    )
    assert made.exit_code == 0, made.output
    per_file, _ = said(made.stdout)
    checked = invoke(None, "validate", str(tmp_path))
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith(f"OK: {sum(per_file.values())} rows")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in FILES)
    assert per_file["agreements"] == 80 and per_file["countries"] == 30


def test_real_codes_and_nothing_passes_for_a_fact(tmp_path: Path) -> None:
    generate(tmp_path, countries=40, agreements=50, seed=2)
    codes = [r["iso3"] for r in rows(tmp_path / "countries.csv")]
    assert codes == country_codes(40) and len(set(codes)) == 40
    assert set(codes) <= set(country_table())
    assert codes[:4] == ["JPN", "USA", "AUS", "IND"]  # the saved queries' default countries
    sources = rows(tmp_path / "sources.csv")
    assert all(s["url"].startswith("https://example.org/ipgraph-synth/") for s in sources)
    for name in ("groupings", "agreements", "people", "events"):
        assert all("ynthetic" in r["name"] for r in rows(tmp_path / f"{name}.csv"))
    groupings = {r["id"] for r in rows(tmp_path / "groupings.csv")}
    assert {"quad", "aukus", "gcap"} <= groupings  # the headline queries' defaults


def test_same_arguments_give_the_same_bytes(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        generate(tmp_path / folder, countries=25, relationships=3000, seed=9)
    for name in FILES:
        first = (tmp_path / "a" / f"{name}.csv").read_bytes()
        assert first == (tmp_path / "b" / f"{name}.csv").read_bytes(), name


def test_different_seeds_give_different_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", countries=25, agreements=200, seed=1)
    generate(tmp_path / "b", countries=25, agreements=200, seed=2)
    for name in ("parties", "agreements", "memberships"):
        first = (tmp_path / "a" / f"{name}.csv").read_bytes()
        assert first != (tmp_path / "b" / f"{name}.csv").read_bytes(), name


def file_rows(folder: Path, name: str) -> int:
    with (folder / f"{name}.csv").open("rb") as handle:
        return sum(1 for _ in handle) - 1


@pytest.mark.parametrize("extra", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 500])
def test_relationships_are_exactly_as_asked(tmp_path: Path, extra: int) -> None:
    fixed = fixed_relationships(12, seed=3)
    summary = generate(tmp_path, countries=12, relationships=fixed + extra, seed=3)
    assert summary.total_relationships == fixed + extra
    assert sum(file_rows(tmp_path, name) for name in REL_FILES) == fixed + extra
    assert {n: file_rows(tmp_path, n) for n in FILES} == summary.rows


def test_every_size_validates_at_the_edges(tmp_path: Path) -> None:
    fixed = fixed_relationships(2, seed=0)
    for extra in (2, 3, 4, 5, 6, 7):
        folder = tmp_path / str(extra)
        generate(folder, countries=2, relationships=fixed + extra, seed=0)
        checked = invoke(None, "validate", str(folder))
        assert checked.exit_code == 0, checked.output


def test_memory_does_not_grow_with_the_output(tmp_path: Path) -> None:
    peaks = []
    for size in (20_000, 200_000):
        tracemalloc.start()
        generate(tmp_path / str(size), countries=249, relationships=size, seed=1)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    written = sum(p.stat().st_size for p in (tmp_path / "200000").iterdir())
    assert peaks[1] < 1.5 * peaks[0]
    assert peaks[1] < written / 4


def test_loads_with_the_counts_synth_reports(target: Target, tmp_path: Path) -> None:
    made = invoke(
        None, "synth", "--countries", "20", "--relationships", "1500", "-o", str(tmp_path)
    )
    assert made.exit_code == 0, made.output
    per_file, per_type = said(made.stdout)
    assert sum(per_type.values()) == 1500
    loaded = invoke(target, "-q", "load", str(tmp_path))
    assert loaded.exit_code == 0, loaded.output
    with target.graph() as graph:
        info = graph.status()
        assert info.relationship_types == per_type
        assert info.labels == {NODE_LABELS[n]: per_file[n] for n in NODE_LABELS}
        # A headline query on the synthetic graph: one row per RAA that Japan is party to.
        raa = {r["id"] for r in rows(tmp_path / "agreements.csv") if r["type"] == "RAA"}
        japan = {
            p["agreement"]
            for p in rows(tmp_path / "parties.csv")
            if p["country"] == "JPN" and p["agreement"] in raa
        }
        answer = graph.query("raa.status", {"country": "JPN", "as_of": "2026-11-23"})
        assert len(answer.rows) == len(japan) > 0


def drop_schema(graph: Graph) -> None:
    """Drop every Neo4j constraint and range index (the next load creates its own again)."""
    for (name,) in graph.cypher("SHOW CONSTRAINTS YIELD name RETURN name").rows:
        graph.cypher(f"DROP CONSTRAINT `{name}`", write=True)
    indexes = "SHOW INDEXES YIELD name, type WHERE type = 'RANGE' RETURN name"
    for (name,) in graph.cypher(indexes).rows:
        graph.cypher(f"DROP INDEX `{name}`", write=True)


def test_raw_baseline_writes_the_graph_that_load_writes(target: Target, tmp_path: Path) -> None:
    data = tmp_path / "data"
    generate(data, countries=15, relationships=400, seed=4)
    with target.graph() as graph:
        graph.load([str(data)])
        loaded = graph_fingerprint(graph)
        if target.engine == "neo4j":
            graph.reset()
            drop_schema(graph)
    env = {**os.environ, **{k: v for k, v in target.env.items() if v is not None}}
    env.pop("NEO4J_URI", None)
    if target.engine == "falkordb":
        where = ["--db-path", str(tmp_path / "raw.db")]
        settings = Settings(db_path=tmp_path / "raw.db")
    else:
        where, settings = ["--uri", target.settings.uri or ""], target.settings
    baseline = [sys.executable, "-m", "bench.baselines", "raw", "--data", str(data), *where]
    done = subprocess.run(baseline, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with Graph(settings) as graph:
        try:
            assert graph_fingerprint(graph) == loaded
        finally:
            if target.engine == "neo4j":  # the baseline's plain indexes would clash with
                graph.reset()  # the unique keys of the next test's load
                drop_schema(graph)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["--countries", "1"],
            "Error: cannot use 1 countries: a dataset needs at least 2, and there are 249 ISO "
            "3166-1 codes. Use --countries between 2 and 249.",
        ),
        (
            ["--countries", "251"],
            "Error: cannot use 251 countries: a dataset needs at least 2, and there are 249 ISO "
            "3166-1 codes. Use --countries between 2 and 249.",
        ),
        (["--agreements", "0"], "Error: cannot make 0 agreements. Use --agreements 1 or more."),
        (
            ["--agreements", "5", "--relationships", "900"],
            "Error: give either the number of agreements or of relationships, not both. "
            "Drop --agreements or --relationships.",
        ),
        (
            ["--countries", "10", "--relationships", "20"],
            "Error: cannot make 20 relationships with 10 countries and seed 0: memberships and "
            f"posts alone make {fixed_relationships(10)}, and one agreement adds at least 2. Use "
            f"--relationships {fixed_relationships(10) + 2} or more, or fewer countries.",
        ),
    ],
)
def test_bad_arguments_are_one_line_errors(tmp_path: Path, args: list[str], line: str) -> None:
    result = invoke(None, "synth", *args, "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [line]
    assert not (tmp_path / "out").exists()


def test_output_is_required_and_never_overwritten_unasked(tmp_path: Path) -> None:
    missing = invoke(None, "synth")
    assert missing.exit_code == 1
    assert missing.stderr.splitlines() == [
        "Error: no output folder: nothing written. Pass --output DIR."
    ]
    assert invoke(None, "synth", "--agreements", "5", "-o", str(tmp_path)).exit_code == 0
    before = (tmp_path / "parties.csv").read_bytes()
    again = invoke(None, "synth", "--agreements", "9", "-o", str(tmp_path))
    assert again.exit_code == 1
    assert again.stderr.splitlines() == [
        f"Error: {tmp_path} already holds sources.csv: nothing written. Pass --force to "
        "overwrite the dataset files, or choose another --output."
    ]
    assert (tmp_path / "parties.csv").read_bytes() == before
    forced = invoke(None, "synth", "--agreements", "9", "-o", str(tmp_path), "--force")
    assert forced.exit_code == 0
    assert file_rows(tmp_path, "agreements") == 9
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="it is a file"):
        generate(blocker, agreements=1)
