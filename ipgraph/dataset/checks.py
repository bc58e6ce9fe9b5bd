"""Cell checks and row building, driven by the declaration in :mod:`ipgraph.dataset.model`.

:func:`node_row` and :func:`rel_row` check one record of a declared file and return the row
its load statement takes; every problem is a :class:`~ipgraph.errors.DataError` naming the
file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ipgraph.dataset import model
from ipgraph.dataset.countries import country_table
from ipgraph.dataset.csvfile import Record
from ipgraph.dataset.dates import PartialDateError, parse_partial
from ipgraph.dataset.keys import Counts, DigestSet, digest
from ipgraph.params import CONTROL_CHARACTERS, shown

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Invisible or direction-changing characters: text that reads differently from what it holds.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_SPACE = re.compile(r"\s")
# Either kind, so that a clean cell (nearly every one) costs one search.
SUSPECT = re.compile(f"{CONTROL_CHARACTERS.pattern}|{_INVISIBLE.pattern}")
_FLAG = "yes"


@dataclass
class State:
    """What has been read so far, kept small (see :mod:`ipgraph.dataset.keys`).

    Ids per kind and every relationship row's key are kept as 8-byte digests, and the party
    rows as a count per agreement; references are checked a chunk of rows at a time.
    """

    ids: dict[str, DigestSet] = field(default_factory=dict)
    #: Party rows per agreement (made once the agreements are read).
    party_counts: Counts | None = None
    rel_keys: DigestSet = field(default_factory=DigestSet)
    pending: list[tuple[str, int, Record, str, str]] = field(default_factory=list)

    @property
    def parties(self) -> Counts:
        """The party rows counted per agreement."""
        if self.party_counts is None:
            self.party_counts = Counts(self.ids.get("agreements") or DigestSet())
        return self.party_counts


class Checker:
    """Cell checks that raise a DataError pointing at the record and column.

    References (``ref``, ``sources``) are noted and checked in bulk by :meth:`resolve`, which
    the reader calls every chunk of rows and before raising any other error, so the first
    problem in file order is the one reported.
    """

    def __init__(self, state: State) -> None:
        self.state = state
        # The check of each column kind, looked up once (a getattr per cell is measurable).
        self._checks = {
            kind: getattr(self, f"_{kind}")
            for kind in ("text", "id", "code", "url", "date", "choice", "flag", "ref")
        }

    def cell(self, rec: Record, col: model.Column, file: str) -> Any:
        """The checked value of one cell (None when empty and allowed)."""
        if col.kind == "sources":
            return self.sources(rec)
        value = self.text(rec, col.name, required=col.required)
        if value is None:
            return False if col.kind == "flag" else None
        if col.max_length is not None and len(value) > col.max_length:
            raise rec.error(
                f"'{col.name}' is {len(value)} characters long; at most {col.max_length}. "
                "Shorten it",
                col.name,
            )
        return self._checks[col.kind](rec, col, value, file)

    def text(self, rec: Record, col: str, *, required: bool = True) -> str | None:
        value = rec.get(col)
        if not value:
            if required:
                raise rec.error(f"'{col}' is empty. Fill it in", col)
            return None
        if SUSPECT.search(value) is None:
            return value
        if CONTROL_CHARACTERS.search(value):
            raise rec.error(f"'{col}' contains a control character. Remove it", col)
        found = _INVISIBLE.search(value)
        if found:
            raise rec.error(
                f"'{col}' contains an invisible or direction-changing character "
                f"(U+{ord(found.group()):04X}). Remove it",
                col,
            )
        return value

    def _text(self, rec: Record, col: model.Column, value: str, file: str) -> str:
        return value

    def _id(self, rec: Record, col: model.Column, value: str, file: str) -> str:
        if not ID.match(value):
            raise rec.error(
                f"id {shown(value)} must be lowercase letters, digits and '-' (e.g. jpn-gbr-raa)",
                col.name,
            )
        self.state.ids.setdefault(file, DigestSet()).add(value)
        return value

    def _code(self, rec: Record, col: model.Column, value: str, file: str) -> str:
        if country_table().get(value) is None:
            raise rec.error(
                f"{value!a} is not an ISO 3166-1 alpha-3 country code (e.g. JPN, GBR)",
                col.name,
            )
        self.state.ids.setdefault(file, DigestSet()).add(value)
        return value

    def _url(self, rec: Record, col: model.Column, value: str, file: str) -> str:
        parts = urlsplit(value) if _SPACE.search(value) is None else None
        if (
            parts is None
            or parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or "@" in parts.netloc
        ):
            raise rec.error(
                f"url '{value}' is not an http(s) URL with a host (and no user name)", col.name
            )
        return value

    def _date(self, rec: Record, col: model.Column, value: str, file: str) -> tuple[str, str]:
        try:
            return parse_partial(value)
        except PartialDateError as exc:
            raise rec.error(f"{col.name} {shown(value)} {exc}", col.name) from None

    def _choice(self, rec: Record, col: model.Column, value: str, file: str) -> str:
        if value not in col.vocabulary:
            raise rec.error(
                f"{shown(value)} is not a known {col.name}. Use one of: "
                f"{', '.join(col.vocabulary)}",
                col.name,
            )
        return value

    def _flag(self, rec: Record, col: model.Column, value: str, file: str) -> bool:
        if value != _FLAG:
            raise rec.error(f"{col.name} {shown(value)} must be 'yes' or empty", col.name)
        return True

    def _ref(self, rec: Record, col: model.Column, value: str, file: str) -> str:
        assert col.ref is not None
        self.state.pending.append((col.ref, digest(value), rec, col.name, value))
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


def first_day(text: str) -> str:
    """The first day a partial date may denote (``2022`` -> ``2022-01-01``)."""
    return text + "-01-01"[len(text) - 4 :] if len(text) < 10 else text


def _ordered(rec: Record, values: dict[str, Any], order: Iterable[str]) -> None:
    """Dates in ``order`` must be possible in that order (partial dates: as ranges)."""
    present = [(col, values[col]) for col in order if values.get(col) is not None]
    for i, (col_a, (a, _)) in enumerate(present):
        for col_b, (b, b_last) in present[i + 1 :]:
            if first_day(a) > b_last:
                raise rec.error(
                    f"{col_a} {a} is after {col_b} {b}: impossible order. Dates run "
                    f"{' <= '.join(order)}",
                    col_b,
                )


def _written(cols: tuple[model.Column, ...], values: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for col in cols:
        if not col.written:
            continue
        value = values[col.name]
        if col.kind == "date":
            row[col.name], row[f"{col.name}By"] = value if value is not None else (None, None)
        else:
            row[col.name] = value
    return row


def node_row(kind: model.NodeKind, rec: Record, check: Checker) -> dict[str, Any]:
    """The checked row of one record of a node file."""
    values = {col.name: check.cell(rec, col, kind.file) for col in kind.columns}
    _ordered(rec, values, kind.ordered)
    row = _written(kind.columns, values)
    if kind.file == "countries":
        info = country_table()[values["iso3"]]
        row.update(name=info.name, region=info.region or None, subregion=info.subregion or None)
    return row


def _variant(kind: model.RelKind, rec: Record, values: dict[str, Any]) -> model.Variant:
    if len(kind.variants) == 1:
        return kind.variants[0]
    chosen = [
        v
        for v in kind.variants
        if v.when is not None
        and (values[v.when[0]] is not None if v.when[1] is None else values[v.when[0]] == v.when[1])
    ]
    if len(chosen) != 1:
        names = " and ".join(f"'{v.when[0]}'" for v in kind.variants if v.when)
        raise rec.error(f"fill exactly one of {names}", kind.variants[0].start)
    return chosen[0]


def rel_row(kind: model.RelKind, rec: Record, check: Checker) -> tuple[str, dict[str, Any]]:
    """The load statement and checked row of one record of a relationship file."""
    values = {col.name: check.cell(rec, col, kind.file) for col in kind.columns}
    variant = _variant(kind, rec, values)
    _ordered(rec, values, kind.ordered)
    if values[variant.start] == values[variant.end]:
        raise rec.error(f"'{variant.start}' and '{variant.end}' are the same", variant.end)
    if values.get("ended") and values.get("until") is not None:
        raise rec.error("'ended' is for a term whose end is unknown; 'until' is filled", "ended")
    if values.get("vacantAfter") and values.get("until") is None:
        raise rec.error("'vacantAfter' needs the day the term ended in 'until'", "vacantAfter")
    if kind.file == "parties":
        check.state.parties.add(values["agreement"])
    key = "|".join([variant.type, *[_key_part(values[c]) for c in kind.key]])
    row = {"key": key, variant.start: values[variant.start], variant.end: values[variant.end]}
    row.update(_written(kind.columns, values))
    return variant.statement, row


def _key_part(value: Any) -> str:
    if value is None:
        return ""
    return value[0] if isinstance(value, tuple) else str(value)
