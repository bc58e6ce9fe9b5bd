"""The curated dataset: CSV files in ``data/`` checked and turned into rows for the graph.

:func:`read_dataset` reads every file, checks every cell and every reference, and returns a
:class:`~ipgraph.loading.Dataset` of rows per load statement. It writes nothing; the first
problem found is a :class:`~ipgraph.errors.DataError` naming file, line and column.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipgraph.errors import DataError
from ipgraph.loading import Dataset
from ipgraph.params import CoercionError, parse_date, shown
from loaders import vocabulary as vocab
from loaders.countries import country_table
from loaders.csvfile import Record, read_records
from loaders.keys import DigestSet, digest

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL = re.compile(r"^https?://[^\s]+$")
# Control characters (C0 but tab and newline, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NODE_FILES = ("sources", "countries", "groupings", "agreements", "people", "events")
REL_FILES = (
    "memberships",
    "parties",
    "roles",
    "event_participants",
    "event_agreements",
)
FILES = NODE_FILES + REL_FILES
COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("id", "title", "publisher", "url", "published"),
    "countries": ("iso3", "notes"),
    "groupings": ("id", "name", "kind", "founded", "description", "sources", "notes"),
    "agreements": (
        "id",
        "name",
        "type",
        "negotiationsStarted",
        "signed",
        "inForce",
        "terminated",
        "sources",
        "notes",
    ),
    "people": ("id", "name", "sources"),
    "events": ("id", "name", "kind", "date", "sources", "notes"),
    "memberships": ("country", "grouping", "since", "until", "sources", "notes"),
    "parties": ("agreement", "country", "sources"),
    "roles": ("person", "country", "title", "since", "until", "sources", "notes"),
    "event_participants": ("event", "country", "person", "sources"),
    "event_agreements": ("event", "agreement", "sources"),
}
OPTIONAL_COLUMNS = {"notes"}
LIFECYCLE = ("negotiationsStarted", "signed", "inForce", "terminated")


@dataclass
class _State:
    """What has been read so far, kept small (see :mod:`loaders.keys`).

    Ids per kind, the agreement of every party row, and every relationship row's key are
    kept as 8-byte digests; references are checked a chunk of rows at a time.
    """

    ids: dict[str, DigestSet] = field(default_factory=dict)
    parties: DigestSet = field(default_factory=DigestSet)
    rel_keys: DigestSet = field(default_factory=DigestSet)
    pending: list[tuple[str, int, Record, str, str]] = field(default_factory=list)


class _Checker:
    """Cell checks that raise a DataError pointing at the record and column.

    References (``ref``, ``sources``) are noted and checked in bulk by :meth:`resolve`, which
    the reader calls every chunk of rows and before raising any other error, so the first
    problem in file order is the one reported.
    """

    def __init__(self, state: _State) -> None:
        self.state = state

    def text(self, rec: Record, col: str, *, required: bool = True) -> str | None:
        value = rec.get(col)
        if not value:
            if required:
                raise rec.error(f"'{col}' is empty. Fill it in", col)
            return None
        if _CONTROL.search(value):
            raise rec.error(f"'{col}' contains a control character. Remove it", col)
        return value

    def ident(self, rec: Record, col: str, kind: str) -> str:
        value = self.text(rec, col) or ""
        if not ID.match(value):
            raise rec.error(
                f"id {shown(value)} must be lowercase letters, digits and '-' (e.g. jpn-gbr-raa)",
                col,
            )
        self.state.ids.setdefault(kind, DigestSet()).add(value)
        return value

    def date(self, rec: Record, col: str, *, required: bool = False) -> str | None:
        value = self.text(rec, col, required=required)
        if value is None:
            return None
        try:
            return parse_date(value).isoformat()
        except CoercionError as exc:
            raise rec.error(f"{col} {exc}", col) from None

    def choice(self, rec: Record, col: str, allowed: Iterable[str]) -> str:
        value = self.text(rec, col) or ""
        options = tuple(allowed)
        if value not in options:
            raise rec.error(
                f"{shown(value)} is not a known {col}. Use one of: {', '.join(options)}", col
            )
        return value

    def ref(self, rec: Record, col: str, kind: str, *, required: bool = True) -> str | None:
        value = self.text(rec, col, required=required)
        if value is not None:
            self.state.pending.append((kind, digest(value), rec, col, value))
        return value

    def sources(self, rec: Record) -> list[str]:
        value = self.text(rec, "sources", required=False)
        if value is None:
            raise rec.error("the fact has no source. Cite a source id from sources.csv", "sources")
        ids = [s.strip() for s in value.split(";")]
        if any(not s for s in ids):
            raise rec.error("empty source id in 'sources'. Separate ids with ';'", "sources")
        if len(set(ids)) != len(ids):
            raise rec.error("a source id is listed twice in 'sources'", "sources")
        for source_id in ids:
            self.state.pending.append(("sources", digest(source_id), rec, "sources", source_id))
        return ids

    def resolve(self) -> None:
        """Check the noted references; raise for the first one that is not known."""
        pending, self.state.pending = self.state.pending, []
        if not pending:
            return
        by_kind: dict[str, list[int]] = {}
        for index, entry in enumerate(pending):
            by_kind.setdefault(entry[0], []).append(index)
        first_missing = len(pending)
        for kind, indexes in by_kind.items():
            known = self.state.ids.get(kind) or DigestSet()
            found = known.contains(pending[i][1] for i in indexes)
            for index, ok in zip(indexes, found, strict=True):
                if not ok:
                    first_missing = min(first_missing, index)
                    break
        if first_missing < len(pending):
            kind, _, rec, col, value = pending[first_missing]
            if kind == "sources":
                raise rec.error(
                    f"unknown source id '{value}': it is not in sources.csv. Add the source there",
                    col,
                )
            noun = "country code" if kind == "countries" else f"{kind} id"
            raise rec.error(
                f"unknown {noun} {shown(value)}: it is not in {kind}.csv. Add it there or fix the "
                "reference",
                col,
            )


def _ordered(rec: Record, dates: list[tuple[str, str | None]], advice: str) -> None:
    present = [(col, value) for col, value in dates if value is not None]
    for (col_a, a), (col_b, b) in itertools.pairwise(present):
        if a > b:
            raise rec.error(f"{col_a} {a} is after {col_b} {b}: impossible order. {advice}", col_b)


def _key(*parts: str | None) -> str:
    return "|".join([p or "" for p in parts])


def _node_rows(name: str, rec: Record, check: _Checker) -> dict[str, Any]:
    if name == "sources":
        url = check.text(rec, "url") or ""
        if not URL.match(url):
            raise rec.error(f"url '{url}' is not an http(s) URL", "url")
        return {
            "id": check.ident(rec, "id", "sources"),
            "title": check.text(rec, "title"),
            "publisher": check.text(rec, "publisher"),
            "url": url,
            "published": check.date(rec, "published"),
        }
    if name == "countries":
        code = check.text(rec, "iso3") or ""
        info = country_table().get(code)
        if info is None:
            raise rec.error(
                f"'{code}' is not an ISO 3166-1 alpha-3 country code (e.g. JPN, GBR)", "iso3"
            )
        check.state.ids.setdefault("countries", DigestSet()).add(code)
        return {
            "iso3": code,
            "name": info.name,
            "region": info.region or None,
            "subregion": info.subregion or None,
            "notes": check.text(rec, "notes", required=False),
        }
    if name == "groupings":
        return {
            "id": check.ident(rec, "id", "groupings"),
            "name": check.text(rec, "name"),
            "kind": check.choice(rec, "kind", vocab.GROUPING_KINDS),
            "founded": check.date(rec, "founded"),
            "description": check.text(rec, "description", required=False),
            "sources": check.sources(rec),
            "notes": check.text(rec, "notes", required=False),
        }
    if name == "agreements":
        row: dict[str, Any] = {
            "id": check.ident(rec, "id", "agreements"),
            "name": check.text(rec, "name"),
            "type": check.choice(rec, "type", vocab.AGREEMENT_TYPES),
        }
        dates = [(col, check.date(rec, col)) for col in LIFECYCLE]
        _ordered(rec, dates, "Dates run negotiationsStarted <= signed <= inForce <= terminated")
        row.update(dict(dates))
        row["sources"] = check.sources(rec)
        row["notes"] = check.text(rec, "notes", required=False)
        return row
    if name == "people":
        return {
            "id": check.ident(rec, "id", "people"),
            "name": check.text(rec, "name"),
            "sources": check.sources(rec),
        }
    return {  # events
        "id": check.ident(rec, "id", "events"),
        "name": check.text(rec, "name"),
        "kind": check.choice(rec, "kind", vocab.EVENT_KINDS),
        "date": check.date(rec, "date"),
        "sources": check.sources(rec),
        "notes": check.text(rec, "notes", required=False),
    }


def _rel_rows(name: str, rec: Record, check: _Checker) -> tuple[str, dict[str, Any]]:
    """The load statement and row for one relationship record."""
    if name == "memberships":
        country = check.ref(rec, "country", "countries")
        grouping = check.ref(rec, "grouping", "groupings")
        since, until = check.date(rec, "since"), check.date(rec, "until")
        _ordered(rec, [("since", since), ("until", until)], "A membership ends after it starts")
        row = {
            "country": country,
            "grouping": grouping,
            "since": since,
            "until": until,
            "notes": check.text(rec, "notes", required=False),
        }
        return "memberships", {
            "key": _key("MEMBER_OF", country, grouping, since),
            **row,
            "sources": check.sources(rec),
        }
    if name == "parties":
        agreement = check.ref(rec, "agreement", "agreements") or ""
        country = check.ref(rec, "country", "countries")
        check.state.parties.add(agreement)
        return "parties", {
            "key": _key("PARTY_TO", country, agreement),
            "agreement": agreement,
            "country": country,
            "sources": check.sources(rec),
        }
    if name == "roles":
        person = check.ref(rec, "person", "people")
        country = check.ref(rec, "country", "countries")
        title = check.choice(rec, "title", vocab.ROLE_TITLES)
        since, until = check.date(rec, "since"), check.date(rec, "until")
        _ordered(rec, [("since", since), ("until", until)], "A post ends after it starts")
        return "roles", {
            "key": _key("HELD_ROLE", person, country, title, since),
            "person": person,
            "country": country,
            "title": title,
            "since": since,
            "until": until,
            "sources": check.sources(rec),
            "notes": check.text(rec, "notes", required=False),
        }
    if name == "event_participants":
        event = check.ref(rec, "event", "events")
        country = check.ref(rec, "country", "countries", required=False)
        person = check.ref(rec, "person", "people", required=False)
        if (country is None) == (person is None):
            raise rec.error("fill exactly one of 'country' and 'person'", "country")
        sources = check.sources(rec)
        if country is not None:
            return "event_countries", {
                "key": _key("TOOK_PART", country, event),
                "country": country,
                "event": event,
                "sources": sources,
            }
        return "event_people", {
            "key": _key("TOOK_PART", person, event),
            "person": person,
            "event": event,
            "sources": sources,
        }
    event_id = check.ref(rec, "event", "events")
    agreement_id = check.ref(rec, "agreement", "agreements")
    return "event_agreements", {
        "key": _key("CONCERNS", event_id, agreement_id),
        "event": event_id,
        "agreement": agreement_id,
        "sources": check.sources(rec),
    }


REL_TYPES = {
    "memberships": "MEMBER_OF",
    "parties": "PARTY_TO",
    "roles": "HELD_ROLE",
    "event_countries": "TOOK_PART",
    "event_people": "TOOK_PART",
    "event_agreements": "CONCERNS",
}
NODE_LABELS = {
    "sources": "Source",
    "countries": "Country",
    "groupings": "Grouping",
    "agreements": "Agreement",
    "people": "Person",
    "events": "Event",
}


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
        node_labels=dict(NODE_LABELS),
        rel_types=dict(REL_TYPES),
        reader=lambda: _checked_rows(directories),
        estimate=_estimate(directories),
    )


def _files(directories: list[tuple[Path, str]], *names: str) -> Iterator[tuple[str, Path, str]]:
    """``(name, path, label)`` of the files (all: sources first, nodes before relationships)."""
    for name in names or FILES:
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


def _checked_rows(directories: list[tuple[Path, str]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Read and check every file; yield ``(load statement, row)`` a checked chunk at a time."""
    state = _State()
    check = _Checker(state)
    for name in FILES:
        for _, path, where in _files(directories, name):
            chunk: list[tuple[str, dict[str, Any]]] = []
            columns = COLUMNS[name]
            required = [c for c in columns if c not in OPTIONAL_COLUMNS]
            for rec in read_records(path, where, columns, required):
                try:
                    if name in NODE_FILES:
                        chunk.append((name, _node_rows(name, rec, check)))
                    else:
                        statement, row = _rel_rows(name, rec, check)
                        state.rel_keys.add(row["key"])
                        chunk.append((statement, row))
                except DataError:
                    check.resolve()  # an unknown reference on an earlier row comes first
                    raise
                if len(chunk) >= CHUNK:
                    check.resolve()
                    yield from chunk
                    chunk.clear()
            check.resolve()
            yield from chunk
        if name in NODE_FILES and state.ids.setdefault(name, DigestSet()).freeze():
            _find_duplicate_id(directories, name)
    _check_parties(state, directories)
    if state.rel_keys.freeze():
        _find_duplicate_row(directories)


def _rescan(directories: list[tuple[Path, str]], name: str) -> Iterator[Record]:
    """The records of one kind of file, read again (only to name a problem found by digest)."""
    for _, path, where in _files(directories, name):
        yield from read_records(path, where, COLUMNS[name], ())


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


def _check_parties(state: _State, directories: list[tuple[Path, str]]) -> None:
    """Every agreement needs two party rows; name the first (in file order) with fewer."""
    enough = state.parties.counted(2)
    if (state.ids.get("agreements") or DigestSet()).within(enough):
        return
    for rec in _rescan(directories, "agreements"):
        agreement_id = rec.get("id")
        if enough.contains([digest(agreement_id)])[0]:
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
    check = _Checker(_State())
    for name in REL_FILES:
        for rec in _rescan(directories, name):
            key = _rel_rows(name, rec, check)[1]["key"]
            check.state.pending.clear()
            if key in seen:
                raise rec.error(
                    f"duplicate row: the same {name} fact is already listed (first on line "
                    f"{seen[key]})"
                )
            seen[key] = rec.line
