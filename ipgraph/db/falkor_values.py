"""FalkorDB's compact answers, turned straight into the plain values both engines return.

A statement is sent as ``GRAPH.QUERY`` or ``GRAPH.RO_QUERY`` with ``--compact``: each value
comes as ``[type, value]``. They are read here in one pass into the values of
:func:`ipgraph.db.values.plain` (floats to 15 significant digits, dates as ``datetime.date``,
a node or relationship as its properties, a path as its nodes' and relationships'
properties), which is what falkordb-py's parser followed by ``plain`` gave, at a third of the
cost (issue 14: answers of many rows were mostly client time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from ipgraph.db.values import FLOAT_DIGITS

_UTC = dt.UTC
_TIME_STAT = "internal execution time"

# FalkorDB's value types in a compact answer.
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY = 1, 2, 3, 4, 5, 6
_EDGE, _NODE, _PATH, _MAP, _POINT, _VECTOR = 7, 8, 9, 10, 11, 12
_DATETIME, _DATE, _TIME, _DURATION = 13, 14, 15, 16


def _quote(text: str) -> str:
    if not text:
        return '""'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal(value: Any) -> str:
    """A parameter value as FalkorDB's ``CYPHER`` header writes it (as falkordb-py does)."""
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        parts = []
        for key, item in value.items():
            name = str(key)
            if not name or "`" in name:
                raise ValueError(f"a map key FalkorDB cannot take: {name!r}")
            parts.append(f"`{name}`:{_literal(item)}")
        return "{" + ",".join(parts) + "}"
    return str(value)


def statement(cypher: str, params: Mapping[str, Any] | None) -> str:
    """The statement with its parameters in a ``CYPHER name=value ...`` header."""
    if not params:
        return cypher
    header = ["CYPHER "]
    for key, value in params.items():
        name = str(key)
        if not name or "`" in name:
            raise ValueError(f"a parameter name FalkorDB cannot take: {name!r}")
        header.append(f"`{name}`={_literal(value)} ")
    return "".join(header) + cypher


class Decoder:
    """Turns one compact answer into rows; ``keys`` gives the graph's property names (asked
    only when the answer holds a node or a relationship)."""

    def __init__(self, keys: Callable[[], list[str]]) -> None:
        self._keys = keys
        self._names: list[str] | None = None

    def rows(self, records: list[Any]) -> list[tuple[Any, ...]]:
        value = self.value
        return [tuple([value(cell) for cell in record]) for record in records]

    def value(self, cell: list[Any]) -> Any:
        kind, raw = cell
        if kind == _STRING:
            return raw
        if kind == _INTEGER:
            return raw
        if kind == _NULL:
            return None
        if kind == _ARRAY:
            value = self.value
            return [value(item) for item in raw]
        if kind == _DOUBLE:
            return float(f"{float(raw):.{FLOAT_DIGITS}g}")
        if kind == _BOOLEAN:
            return raw == "true"
        if kind == _DATE:
            return dt.datetime.fromtimestamp(raw, tz=_UTC).date()
        if kind == _MAP:
            value = self.value
            return {str(raw[i]): value(raw[i + 1]) for i in range(0, len(raw), 2)}
        return self._rare(kind, raw)

    def _rare(self, kind: int, raw: Any) -> Any:
        if kind == _NODE:
            return self._properties(raw[2])
        if kind == _EDGE:
            return self._properties(raw[4])
        if kind == _PATH:
            return {
                "nodes": self.value(raw[0]),
                "relationships": self.value(raw[1]),
            }
        if kind == _DATETIME:
            return dt.datetime.fromtimestamp(raw, tz=_UTC)
        if kind == _TIME:
            return dt.datetime.fromtimestamp(raw, tz=_UTC).time()
        if kind == _POINT:
            return {"latitude": _digits(raw[0]), "longitude": _digits(raw[1])}
        if kind == _VECTOR:
            return [_digits(v) for v in raw]
        if kind == _DURATION:
            from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]

            since = dt.datetime.fromtimestamp(raw, tz=_UTC)
            return relativedelta(since, dt.datetime(1970, 1, 1, tzinfo=_UTC))
        raise ValueError(f"FalkorDB answered a value of unknown type {kind}")

    def _properties(self, props: list[Any]) -> dict[str, Any]:
        names = self._names
        if names is None or any(p[0] >= len(names) for p in props):
            names = self._names = self._keys()
        return {names[p[0]]: self.value(p[1:]) for p in props}


def _digits(raw: Any) -> float:
    return float(f"{float(raw):.{FLOAT_DIGITS}g}")


def server_ms(stats: list[Any]) -> float | None:
    """FalkorDB's own execution time (ms) from an answer's statistics."""
    for line in stats:
        text = str(line)
        if _TIME_STAT in text:
            return float(text.split(": ")[1].split(" ")[0])
    return None
