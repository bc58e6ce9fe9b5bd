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

from loaders.curated import COLUMNS

NODE_FILES = ("sources", "countries", "groupings", "agreements", "people", "events")
REL_FILES = ("memberships", "parties", "roles", "event_participants", "event_agreements")
# Load statements in the order ``ipgraph load`` runs them (nodes, then relationships).
NODE_STATEMENTS = NODE_FILES
REL_STATEMENTS = (
    "memberships",
    "parties",
    "roles",
    "event_countries",
    "event_people",
    "event_agreements",
)
STATEMENTS = NODE_STATEMENTS + REL_STATEMENTS
CYPHER = Path(__file__).resolve().parent / "cypher"
DATES = {"published", "founded", "negotiationsStarted", "signed", "inForce", "terminated"}
DATES |= {"date", "since", "until"}


def statement(kind: str, name: str) -> str:
    """The text of ``bench/cypher/<kind>/<name>.cypher`` (kind: raw or naive)."""
    return (CYPHER / kind / f"{name}.cypher").read_text(encoding="utf-8")


def schema() -> list[str]:
    """The index statements of ``bench/cypher/schema.cypher``."""
    text = (CYPHER / "schema.cypher").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _records(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _value(column: str, text: str | None) -> Any:
    text = (text or "").strip()
    if column == "sources":
        return [s.strip() for s in text.split(";")] if text else []
    return text or None


def _row(record: dict[str, str], columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: _value(c, record.get(c)) for c in columns}


_NODE_COLUMNS = {
    name: COLUMNS[name] for name in ("sources", "groupings", "agreements", "people", "events")
}


def node_rows(directory: Path, name: str) -> Iterator[dict[str, Any]]:
    """Rows of one node file, shaped for the statement of the same name."""
    if name == "countries":
        from loaders.countries import country_table

        table = country_table()
        for record in _records(directory / "countries.csv"):
            code = record["iso3"].strip()
            info = table[code]
            yield {
                "iso3": code,
                "name": info.name,
                "region": info.region or None,
                "subregion": info.subregion or None,
                "notes": _value("notes", record.get("notes")),
            }
        return
    columns = _NODE_COLUMNS[name]
    for record in _records(directory / f"{name}.csv"):
        yield _row(record, columns)


def _key(*parts: str | None) -> str:
    return "|".join(p or "" for p in parts)


def rel_rows(directory: Path, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(statement, row) for each row of one relationship file, keyed as the loader keys it."""
    for record in _records(directory / f"{name}.csv"):
        if name == "memberships":
            r = _row(record, ("country", "grouping", "since", "until", "sources", "notes"))
            r["key"] = _key("MEMBER_OF", r["country"], r["grouping"], r["since"])
            yield "memberships", r
        elif name == "parties":
            r = _row(record, ("agreement", "country", "sources"))
            r["key"] = _key("PARTY_TO", r["country"], r["agreement"])
            yield "parties", r
        elif name == "roles":
            r = _row(record, ("person", "country", "title", "since", "until", "sources", "notes"))
            r["key"] = _key("HELD_ROLE", r["person"], r["country"], r["title"], r["since"])
            yield "roles", r
        elif name == "event_participants":
            r = _row(record, ("event", "country", "person", "sources"))
            if r["country"] is not None:
                yield (
                    "event_countries",
                    {
                        "key": _key("TOOK_PART", r["country"], r["event"]),
                        "country": r["country"],
                        "event": r["event"],
                        "sources": r["sources"],
                    },
                )
            else:
                yield (
                    "event_people",
                    {
                        "key": _key("TOOK_PART", r["person"], r["event"]),
                        "person": r["person"],
                        "event": r["event"],
                        "sources": r["sources"],
                    },
                )
        else:
            r = _row(record, ("event", "agreement", "sources"))
            r["key"] = _key("CONCERNS", r["event"], r["agreement"])
            yield "event_agreements", r


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


# Which node statement a relationship row's ends come from: (column, node file, id column).
ENDS = {
    "memberships": (("country", "countries", "iso3"), ("grouping", "groupings", "id")),
    "parties": (("country", "countries", "iso3"), ("agreement", "agreements", "id")),
    "roles": (("person", "people", "id"), ("country", "countries", "iso3")),
    "event_countries": (("country", "countries", "iso3"), ("event", "events", "id")),
    "event_people": (("person", "people", "id"), ("event", "events", "id")),
    "event_agreements": (("event", "events", "id"), ("agreement", "agreements", "id")),
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
