"""Loading the curated data: counts, idempotence, edits, and nothing written on bad data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import Target
from tests_support import data_copy, graph_fingerprint, invoke, rows_by_statement

from ipgraph.dataset import read_sources
from ipgraph.errors import DataError
from ipgraph.resources import data_dir


def file_rows(name: str) -> int:
    with (data_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if any(v.strip() for v in row.values()))


def lineage_rows(kind: str) -> int:
    with (data_dir() / "lineage.csv").open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if row["kind"] == kind)


def test_load_counts_match_the_files(target: Target) -> None:
    with target.graph() as graph:
        info = graph.load()
    assert info.labels == {
        "Agreement": file_rows("agreements"),
        "Country": file_rows("countries"),
        "Domain": file_rows("domains"),
        "Event": file_rows("events"),
        "Grouping": file_rows("groupings"),
        "Person": file_rows("people"),
        "Source": file_rows("sources"),
    }
    expected = {
        "AMENDS": lineage_rows("amends"),
        "CONCERNS": file_rows("event_agreements") + file_rows("event_groupings"),
        "COVERS": file_rows("agreement_domains"),
        "HELD_ROLE": file_rows("roles"),
        "MEMBER_OF": file_rows("memberships"),
        "PARTY_TO": file_rows("parties"),
        "SUPERSEDES": lineage_rows("supersedes"),
        "TOOK_PART": file_rows("event_participants"),
    }
    assert info.relationship_types == {k: v for k, v in expected.items() if v}


def test_loading_twice_changes_nothing(target: Target) -> None:
    with target.graph() as graph:
        graph.load()
        first = graph_fingerprint(graph)
        graph.load()
        assert graph_fingerprint(graph) == first


def test_editing_one_row_changes_exactly_that_row(target: Target, tmp_path: Path) -> None:
    copy = data_copy(tmp_path)
    with target.graph() as graph:
        graph.load([str(copy)])
        before = set(graph_fingerprint(graph))
        path = copy / "groupings.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        old_name = rows[1][1]
        rows[1][1] = "An edited name"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        graph.load([str(copy)])
        after = set(graph_fingerprint(graph))
    removed, added = before - after, after - before
    assert len(removed) == 1 and len(added) == 1
    assert old_name.replace('"', '\\"') in removed.pop()
    assert "An edited name" in added.pop()


def test_removing_a_row_removes_it_from_the_graph(target: Target, tmp_path: Path) -> None:
    copy = data_copy(tmp_path)
    path = copy / "event_agreements.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    with target.graph() as graph:
        graph.load([str(copy)])
        count = graph.status().relationship_types["CONCERNS"]
        path.write_text("".join(lines[:-1]), encoding="utf-8")
        graph.load([str(copy)])
        assert graph.status().relationship_types["CONCERNS"] == count - 1


def test_bad_data_writes_nothing(target: Target, tmp_path: Path) -> None:
    with target.graph() as graph:
        graph.load()
        before = graph_fingerprint(graph)
    copy = data_copy(tmp_path)
    path = copy / "parties.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "jpn-gbr-raa,XXX,mofa-jp-gbr-raa-eif-2023\n",
        encoding="utf-8",
    )
    line = len(path.read_text(encoding="utf-8").splitlines())
    result = invoke(target, "load", str(copy))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {copy}/parties.csv:{line}: column 'country': unknown country code 'XXX': it is "
        "not in countries.csv. Add it there or fix the reference."
    )
    with target.graph() as graph:
        assert graph_fingerprint(graph) == before


def test_curated_data_is_valid_and_every_fact_is_sourced() -> None:
    grouped = rows_by_statement(read_sources([]))
    sources = {row["id"] for row in grouped["sources"]}
    for name, rows in grouped.items():
        if name in ("sources", "countries", "domains"):
            continue
        for row in rows:
            assert row["sources"], (name, row)
            assert set(row["sources"]) <= sources
    assert len(grouped["countries"]) >= 40


def test_missing_folder_is_a_clear_error() -> None:
    with pytest.raises(DataError) as info:
        read_sources(["/nonexistent/folder"])
    assert str(info.value) == (
        "/nonexistent/folder: no such data folder. Name a folder holding the curated CSV files"
    )


def test_load_progress_counts_every_row(target: Target) -> None:
    reported: list[int] = []
    with target.graph() as graph:
        dataset = graph.validate()
        graph.load(dataset=dataset, batch_size=100, progress=reported.append)
    assert sum(reported) == dataset.total()
    assert max(reported) == 100
