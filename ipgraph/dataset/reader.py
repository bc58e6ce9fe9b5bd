"""The curated dataset: CSV files checked and turned into rows for the graph.

:func:`read_dataset` reads every file declared in :mod:`ipgraph.dataset.model`, checks every
cell and every reference, and returns a :class:`~ipgraph.loading.Dataset` of rows per load
statement. It writes nothing; the first problem found is a :class:`~ipgraph.errors.DataError`
naming file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ipgraph.dataset import bycolumn, model
from ipgraph.dataset.checks import Checker, State, node_row, rel_row
from ipgraph.dataset.csvfile import Chunk, Record, read_chunks, read_records
from ipgraph.dataset.keys import DigestSet
from ipgraph.errors import DataError
from ipgraph.loading import Dataset


def read_dataset(directories: list[tuple[Path, str]]) -> Dataset:
    """The curated files of one or more ``(folder, label)`` pairs as one dataset.

    The folders are checked now; the files are read, and every cell and reference checked,
    each time the dataset's rows are taken (:meth:`Dataset.rows`), as a stream: the first
    problem raises a DataError naming file, line and column (``label`` names the folder).
    """
    for directory, base in directories:
        if directory.is_file():
            raise DataError(
                "is a file; a source is a folder holding the curated CSV files. Name its folder",
                path=base,
            )
        if not directory.is_dir():
            raise DataError(
                "no such data folder. Name a folder holding the curated CSV files", path=base
            )
    return Dataset(
        node_labels=model.node_labels(),
        rel_types=model.rel_types(),
        reader=lambda: _checked_rows(directories),
        estimate=_estimate(directories),
        folders=directories,
    )


def _files(directories: list[tuple[Path, str]], *names: str) -> Iterator[tuple[str, Path, str]]:
    """``(name, path, label)`` of the files (all: sources first, nodes before relationships)."""
    for name in names or model.FILES:
        for directory, base in directories:
            yield name, directory / f"{name}.csv", f"{base.rstrip('/')}/{name}.csv"


def _estimate(directories: list[tuple[Path, str]]) -> int:
    """About how many rows the files hold (their line count less headers), for progress."""
    total = 0
    for _, path, _ in _files(directories):
        if not path.is_file():  # a pipe would block; the reader names the problem
            continue
        try:
            with path.open("rb") as raw:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
            total -= 1
        except OSError:
            continue
    return max(total, 0)


CHUNK = 2048

Pairs = list[tuple[str, dict[str, Any]]]


def _checked_rows(directories: list[tuple[Path, str]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Read and check every file; yield ``(load statement, row)`` a checked chunk at a time.

    A chunk is checked by column (:mod:`ipgraph.dataset.bycolumn`) and, if that finds
    anything to doubt, cell by cell, which names the first problem.
    """
    state = State()
    check = Checker(state)
    for name in model.FILES:
        kind = model.NODE_BY_FILE.get(name) or model.REL_BY_FILE[name]
        for _, path, where in _files(directories, name):
            columns = model.header(name)
            required = model.header(name, with_optional=False)
            for chunk in read_chunks(path, where, columns, required, CHUNK):
                pairs = bycolumn.checked(kind, chunk, state)
                yield from pairs if pairs is not None else _by_cell(kind, chunk, check)
        if name in model.NODE_BY_FILE and state.ids.setdefault(name, DigestSet()).freeze():
            _find_duplicate_id(directories, name)
    _check_parties(state, directories)
    if state.rel_keys.freeze():
        _find_duplicate_row(directories)


def _by_cell(kind: model.NodeKind | model.RelKind, chunk: Chunk, check: Checker) -> Pairs:
    """The checked rows of a chunk, checked one cell at a time (the first problem raises)."""
    pairs: Pairs = []
    for rec in chunk.records():
        try:
            if isinstance(kind, model.NodeKind):
                pairs.append((kind.statement, node_row(kind, rec, check)))
            else:
                statement, row = rel_row(kind, rec, check)
                check.state.rel_keys.add(row["key"])
                pairs.append((statement, row))
        except DataError:
            check.resolve()  # an unknown reference on an earlier row comes first
            raise
    check.resolve()
    return pairs


def _rescan(directories: list[tuple[Path, str]], name: str) -> Iterator[Record]:
    """The records of one kind of file, read again (only to name a problem found by digest)."""
    for _, path, where in _files(directories, name):
        yield from read_records(path, where, model.header(name), ())


def _find_duplicate_id(directories: list[tuple[Path, str]], name: str) -> None:
    column = "iso3" if name == "countries" else "id"
    seen: dict[str, int] = {}
    for rec in _rescan(directories, name):
        value = rec.get(column)
        if value in seen:
            if name == "countries":
                raise rec.error(
                    f"duplicate country '{value}' (first on line {seen[value]})", column
                )
            raise rec.error(
                f"duplicate id '{value}' (first on line {seen[value]}). Ids must be unique", column
            )
        seen[value] = rec.line


def _check_parties(state: State, directories: list[tuple[Path, str]]) -> None:
    """Every agreement needs two party rows; name the first (in file order) with fewer."""
    if state.parties.all_at_least(2):
        return
    for rec in _rescan(directories, "agreements"):
        agreement_id = rec.get("id")
        if state.parties.of(agreement_id) >= 2:
            continue
        count = sum(
            1 for r in _rescan(directories, "parties") if r.get("agreement") == agreement_id
        )
        raise rec.error(
            f"agreement '{agreement_id}' has {count} part{'y' if count == 1 else 'ies'} in "
            "parties.csv; every agreement needs at least two. Add its parties",
            "id",
        )


def _find_duplicate_row(directories: list[tuple[Path, str]]) -> None:
    seen: dict[str, int] = {}
    check = Checker(State())
    for rel in model.RELATIONSHIPS:
        name = rel.file
        for rec in _rescan(directories, name):
            key = rel_row(rel, rec, check)[1]["key"]
            check.state.pending.clear()
            if key in seen:
                raise rec.error(
                    f"duplicate row: the same {name} fact is already listed (first on line "
                    f"{seen[key]})"
                )
            seen[key] = rec.line
