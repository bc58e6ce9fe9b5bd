"""The curated CSV files as the rows the baseline statements take, read without any checks.

The baselines write the same nodes, relationships and properties as ``ipgraph load``
(names and regions of countries included), but skip every check the loader makes: they
are what the engine can do, not what a careful load does. Files are read as they are
written, a batch at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ipgraph.dataset import model
from ipgraph.dataset.dates import parse_partial
from ipgraph.dataset.kinds import Column, RelKind

NODE_FILES = tuple(model.NODE_BY_FILE)
REL_FILES = tuple(model.REL_BY_FILE)
# Load statements in the order ``ipgraph load`` runs them (nodes, then relationships).
_ALL = model.statements()
NODE_STATEMENTS = tuple(s.name for s in _ALL if s.label)
REL_STATEMENTS = tuple(s.name for s in _ALL if s.type)
STATEMENTS = NODE_STATEMENTS + REL_STATEMENTS
_BY_NAME = {s.name: s for s in _ALL}


def _end(column: str, rel: RelKind) -> tuple[str, str, str]:
    """(node file, label, key property) of the node a relationship column refers to."""
    ref = next(c.ref for c in rel.columns if c.name == column)
    assert ref is not None
    node = model.NODE_BY_FILE[ref]
    return node.file, node.label, node.key


_VARIANTS = {v.statement: (rel, v) for rel in model.RELATIONSHIPS for v in rel.variants}
#: The relationship file each relationship statement's rows come from.
FILE_OF = {statement: rel.file for statement, (rel, _) in _VARIANTS.items()}


def statement(kind: str, name: str) -> str:
    """The baseline Cypher of one load statement (kind: raw ``UNWIND ... CREATE``, or naive
    per-row ``MERGE``), writing the properties the declaration gives it."""
    st = _BY_NAME[name]
    props = st.properties
    if st.label is not None:
        node = next(n for n in model.NODES if n.statement == name)
        if kind == "raw":
            body = ", ".join(f"{p}: row.{p}" for p in props)
            return f"UNWIND $rows AS row\nCREATE (:{st.label} {{{body}}})"
        sets = ", ".join(f"n.{p} = ${p}" for p in props if p != node.key)
        merge = f"MERGE (n:{st.label} {{{node.key}: ${node.key}}})"
        return f"{merge}\nSET {sets}" if sets else merge
    rel, variant = _VARIANTS[name]
    (_, la, ka), (_, lb, kb) = _end(variant.start, rel), _end(variant.end, rel)
    src = "row." if kind == "raw" else "$"
    match = (
        f"MATCH (a:{la} {{{ka}: {src}{variant.start}}})\n"
        f"MATCH (b:{lb} {{{kb}: {src}{variant.end}}})\n"
    )
    if kind == "raw":
        body = ", ".join(f"{p}: row.{p}" for p in props)
        return f"UNWIND $rows AS row\n{match}CREATE (a)-[:{st.type} {{{body}}}]->(b)"
    sets = ", ".join(f"r.{p} = ${p}" for p in props if p != "key")
    return f"{match}MERGE (a)-[r:{st.type} {{key: $key}}]->(b)\nSET {sets}"


def schema() -> list[str]:
    """Range indexes on every node key, created before a baseline writes (no uniqueness
    checks); the same text runs on Neo4j 5 and FalkorDB."""
    return [f"CREATE INDEX FOR (n:{n.label}) ON (n.{n.key})" for n in model.NODES]


def _records(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _values(cols: tuple[Column, ...], record: dict[str, str]) -> dict[str, Any]:
    """The written properties of a record, shaped as the loader shapes them, unchecked."""
    row: dict[str, Any] = {}
    for col in cols:
        text = (record.get(col.name) or "").strip()
        if col.kind == "sources":
            row[col.name] = [s.strip() for s in text.split(";")] if text else []
        elif col.kind == "date":
            row[col.name], row[f"{col.name}By"] = parse_partial(text) if text else (None, None)
        elif col.kind == "flag":
            row[col.name] = text == "yes"
        else:
            row[col.name] = text or None
    return row


def node_rows(directory: Path, name: str) -> Iterator[dict[str, Any]]:
    """Rows of one node file, shaped for the statement of the same name."""
    node = model.NODE_BY_FILE[name]
    table = None
    if node.derived:
        from ipgraph.dataset.countries import country_table

        table = country_table()
    for record in _records(directory / f"{name}.csv"):
        row = _values(node.columns, record)
        if table is not None:
            info = table[row["iso3"]]
            row.update(name=info.name, region=info.region or None, subregion=info.subregion or None)
        yield row


def rel_rows(directory: Path, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(statement, row) for each row of one relationship file, keyed as the loader keys it."""
    rel = model.REL_BY_FILE[name]
    written = tuple(c for c in rel.columns if c.written)
    for record in _records(directory / f"{name}.csv"):
        cells = {c.name: (record.get(c.name) or "").strip() or None for c in rel.columns}
        variant = rel.variants[0]
        for candidate in rel.variants:
            if candidate.when is not None:
                column, value = candidate.when
                if (cells[column] is not None) if value is None else cells[column] == value:
                    variant = candidate
                    break
        key = "|".join([variant.type, *[cells[c] or "" for c in rel.key]])
        row = {"key": key, variant.start: cells[variant.start], variant.end: cells[variant.end]}
        row.update(_values(written, record))
        yield variant.statement, row


def count_rows(directory: Path) -> tuple[int, int]:
    """(data rows in all files, relationship rows) of a dataset folder."""
    rows = rels = 0
    for name in NODE_FILES + REL_FILES:
        with (directory / f"{name}.csv").open("rb") as handle:
            lines = sum(1 for line in handle if line.strip()) - 1
        rows += lines
        if name in REL_FILES:
            rels += lines
    return rows, rels


# Which node file a relationship row's ends come from: (column, node file, id column).
ENDS = {
    v.statement: tuple((col, *_end(col, rel)[::2]) for col in (v.start, v.end))
    for rel in model.RELATIONSHIPS
    for v in rel.variants
}


def sample(directory: Path, relationships: int) -> list[tuple[str, dict[str, Any]]]:
    """The first rows of each relationship file, in proportion to its size, ``relationships``
    in all, preceded by the node rows they need; in load order.
    """
    sizes = {}
    for name in REL_FILES:
        with (directory / f"{name}.csv").open("rb") as handle:
            sizes[name] = sum(1 for line in handle if line.strip()) - 1
    total = sum(sizes.values())
    quota = {n: max(1, round(relationships * s / total)) if s else 0 for n, s in sizes.items()}
    rels: list[tuple[str, dict[str, Any]]] = []
    for name in REL_FILES:
        for taken, pair in enumerate(rel_rows(directory, name)):
            if taken >= quota[name]:
                break
            rels.append(pair)
    needed: dict[str, set[str]] = {n: set() for n in NODE_FILES}
    for stmt, row in rels:
        for column, node_file, _ in ENDS[stmt]:
            needed[node_file].add(row[column])
    nodes: list[tuple[str, dict[str, Any]]] = []
    for name in NODE_FILES:
        if not needed[name]:
            continue
        key = "iso3" if name == "countries" else "id"
        nodes += [(name, r) for r in node_rows(directory, name) if r[key] in needed[name]]
    order = {name: i for i, name in enumerate(STATEMENTS)}
    rels.sort(key=lambda pair: order[pair[0]])
    return nodes + rels
