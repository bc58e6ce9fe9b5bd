"""Checks by column: a chunk of one file's rows checked a column at a time.

The checks of :mod:`ipgraph.dataset.checks` take one cell at a time, about 20 µs a row in
Python, and they are most of a large load's client time. Here a chunk of rows (the reader's
``CHUNK``) is checked column by column instead: one regular expression over a column's cells
joined, a set difference against a vocabulary or the country table, the references looked up
in bulk.

This module only ever says yes. When every cell and row of the chunk passes, :func:`checked`
returns the rows and makes the changes to the :class:`~ipgraph.dataset.checks.State` that the
cell-by-cell checks would have made; at the first doubt it returns ``None`` and changes
nothing, and the reader checks the chunk cell by cell, which raises the one-line error naming
file, line and column exactly as before (or, where this module was stricter than it had to be,
yields the same rows). So the errors are the cell-by-cell checks' own, and what must hold here
is that a chunk passed by column is one the cell-by-cell checks pass the same way:
``tests/test_bycolumn.py`` holds the two to the same rows on the curated data, on synthetic data
and on cells changed at random.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ipgraph.dataset import model
from ipgraph.dataset.checks import SUSPECT, State, first_day
from ipgraph.dataset.countries import country_table
from ipgraph.dataset.csvfile import Chunk
from ipgraph.dataset.dates import PartialDateError, parse_partial
from ipgraph.dataset.keys import Counts, DigestSet

# Cells are joined with NUL, which no cell holds (the reader refuses NUL bytes), so each of
# these matches the whole column or nothing.
_IDS = re.compile(r"(?:[a-z0-9][a-z0-9-]*\x00)*")
# A strict subset of what the cell check accepts: http(s), a host of letters, digits, dots and
# hyphens (so no user name), an optional port, then no space up to the end.
_URLS = re.compile(r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][^\s\x00]*)?\x00)*")

# A day that every month has (so it needs no calendar): most dates, checked a column at a time.
_DAYS = re.compile(r"(?:[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])\x00)*")


class _Doubt(Exception):
    """Something in the chunk the cell-by-cell checks must look at."""


def checked(
    kind: model.NodeKind | model.RelKind, chunk: Chunk, state: State
) -> list[tuple[str, dict[str, Any]]] | None:
    """The checked ``(load statement, row)`` pairs of ``chunk``, or None to check it by cell."""
    work = _Work(kind, state, _Values(len(chunk.cells)))
    try:
        _columns(work, chunk)
        if isinstance(kind, model.NodeKind):
            pairs = _node_rows(kind, work.values)
        else:
            pairs = _rel_rows(kind, work)
    except _Doubt:
        return None
    for target, ids in work.adds:
        target.add_all(ids)
    return pairs


class _Values:
    """The checked values of a chunk, by column name; dates also by their first day."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.by_name: dict[str, list[Any]] = {}
        self.first_days: dict[str, list[str | None]] = {}


@dataclass
class _Work:
    """One chunk's check: its file's kind, the reader's state, the values checked so far, and
    the ids to add to the state once the whole chunk has passed."""

    kind: model.NodeKind | model.RelKind
    state: State
    values: _Values
    adds: list[tuple[DigestSet | Counts, list[str]]] = field(default_factory=list)


def _columns(work: _Work, chunk: Chunk) -> None:
    size = len(chunk.cells)
    position = {name: i for i, name in enumerate(chunk.header)}
    raw = list(zip(*chunk.cells, strict=True))
    for col in work.kind.columns:
        at = position.get(col.name)
        cells = list(map(str.strip, raw[at])) if at is not None else [""] * size
        work.values.by_name[col.name] = _column(col, cells, work)


def _column(col: model.Column, cells: list[str], work: _Work) -> list[Any]:
    if SUSPECT.search("".join(cells)) is not None:
        raise _Doubt
    if col.kind == "sources":
        return _sources(cells, work.state)
    filled = [c for c in cells if c]
    if len(filled) != len(cells) and col.required:
        raise _Doubt
    if col.max_length is not None and filled and max(map(len, filled)) > col.max_length:
        raise _Doubt
    if col.kind in ("text", "id", "code", "url", "choice", "ref"):
        _check(col, filled, work)
        return [c or None for c in cells]
    if col.kind == "flag":
        if any(c != "yes" for c in filled):
            raise _Doubt
        return [c == "yes" for c in cells]
    if col.kind == "date":
        if _DAYS.fullmatch(_joined(filled)) is not None:
            dates = [(c, c, c) if c else None for c in cells]
        else:
            dates = [_date(c) if c else None for c in cells]
        work.values.first_days[col.name] = [d[2] if d else None for d in dates]
        return [(d[0], d[1]) if d else None for d in dates]
    raise _Doubt  # a kind this module does not know


def _check(col: model.Column, filled: list[str], work: _Work) -> None:
    state, file = work.state, work.kind.file
    if col.kind == "id":
        if _IDS.fullmatch(_joined(filled)) is None:
            raise _Doubt
        work.adds.append((state.ids.setdefault(file, DigestSet()), filled))
    elif col.kind == "code":
        if not country_table().keys() >= set(filled):
            raise _Doubt
        work.adds.append((state.ids.setdefault(file, DigestSet()), filled))
    elif col.kind == "url":
        if _URLS.fullmatch(_joined(filled)) is None:
            raise _Doubt
    elif col.kind == "choice":
        if not set(col.vocabulary) >= set(filled):
            raise _Doubt
    elif col.kind == "ref":
        assert col.ref is not None
        _known(state, col.ref, filled)


def _joined(cells: list[str]) -> str:
    return "\x00".join(cells) + "\x00" if cells else ""


def _known(state: State, kind: str, ids: Sequence[str]) -> None:
    known = state.ids.get(kind) or DigestSet()
    if ids and not known.contains(map(hash, ids)).all():
        raise _Doubt


def _sources(cells: list[str], state: State) -> list[list[str]]:
    if not all(cells):
        raise _Doubt
    if ";" not in "".join(cells):
        _known(state, "sources", cells)
        return [[c] for c in cells]
    lists = [[s.strip() for s in c.split(";")] for c in cells]
    every: list[str] = []
    for ids in lists:
        if not all(ids) or len(set(ids)) != len(ids):
            raise _Doubt
        every += ids
    _known(state, "sources", every)
    return lists


def _date(text: str) -> tuple[str, str, str]:
    """``(text as known, last day, first day)`` of a partial date."""
    if _DAYS.fullmatch(text + "\x00") is not None:
        return text, text, text
    try:
        known, last = parse_partial(text)
    except PartialDateError:
        raise _Doubt from None
    return known, last, first_day(known)


def _in_order(values: _Values, order: tuple[str, ...]) -> None:
    """Every pair of filled dates in ``order`` is possible in that order."""
    for i, earlier in enumerate(order):
        firsts = values.first_days[earlier]
        for later in order[i + 1 :]:
            lasts = values.by_name[later]
            for first, last in zip(firsts, lasts, strict=True):
                if first is not None and last is not None and first > last[1]:
                    raise _Doubt


def _written(cols: tuple[model.Column, ...], values: _Values) -> tuple[list[str], list[list[Any]]]:
    """The written properties' names and value lists (a date gives two)."""
    names: list[str] = []
    lists: list[list[Any]] = []
    for col in cols:
        if not col.written:
            continue
        column = values.by_name[col.name]
        if col.kind == "date":
            names += [col.name, f"{col.name}By"]
            lists.append([d[0] if d else None for d in column])
            lists.append([d[1] if d else None for d in column])
        else:
            names.append(col.name)
            lists.append(column)
    return names, lists


def _node_rows(kind: model.NodeKind, values: _Values) -> list[tuple[str, dict[str, Any]]]:
    _in_order(values, kind.ordered)
    names, lists = _written(kind.columns, values)
    if kind.file == "countries":
        infos = [country_table()[code] for code in values.by_name["iso3"]]
        names += ["name", "region", "subregion"]
        lists += [
            [i.name for i in infos],
            [i.region or None for i in infos],
            [i.subregion or None for i in infos],
        ]
    statement = kind.statement
    return [(statement, dict(zip(names, row, strict=True))) for row in zip(*lists, strict=True)]


def _variants(kind: model.RelKind, values: _Values) -> list[int]:
    """The variant of each row (index into ``kind.variants``)."""
    if len(kind.variants) == 1:
        return [0] * values.size
    chosen = []
    for v in kind.variants:
        assert v.when is not None
        column, wanted = v.when
        cells = values.by_name[column]
        chosen.append([c is not None if wanted is None else c == wanted for c in cells])
    picks = []
    for row in zip(*chosen, strict=True):
        if sum(row) != 1:
            raise _Doubt
        picks.append(row.index(True))
    return picks


def _rel_rows(kind: model.RelKind, work: _Work) -> list[tuple[str, dict[str, Any]]]:
    values, state, adds = work.values, work.state, work.adds
    picks = _variants(kind, values)
    _in_order(values, kind.ordered)
    by_name = values.by_name
    until = by_name.get("until") or [None] * values.size
    for flag, needs_until in (("ended", False), ("vacantAfter", True)):
        for set_, end in zip(by_name.get(flag) or [False] * values.size, until, strict=True):
            if set_ and (end is None) == needs_until:
                raise _Doubt
    dates = {c.name for c in kind.columns if c.kind == "date"}
    parts = [
        [d[0] if d else "" for d in by_name[c]]
        if c in dates
        else ["" if v is None else str(v) for v in by_name[c]]
        for c in kind.key
    ]
    keys = ["|".join(p) for p in zip(*parts, strict=True)]
    names, lists = _written(kind.columns, values)
    pairs = []
    rows = zip(picks, keys, zip(*lists, strict=True), strict=True)
    for i, (pick, key, props) in enumerate(rows):
        variant = kind.variants[pick]
        start, end = by_name[variant.start][i], by_name[variant.end][i]
        if start == end:
            raise _Doubt
        row = {"key": f"{variant.type}|{key}", variant.start: start, variant.end: end}
        row.update(zip(names, props, strict=True))
        pairs.append((variant.statement, row))
    adds.append((state.rel_keys, [row["key"] for _, row in pairs]))
    if kind.file == "parties":
        adds.append((state.parties, by_name["agreement"]))
    return pairs
