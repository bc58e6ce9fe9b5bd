"""The embedded engine's load: checked rows packed straight into FalkorDB's ``GRAPH.BULK``.

``GRAPH.BULK`` takes nodes and relationships as binary tokens, one per label or type: the
name, the property names, then per entity its values (a relationship first gives its two
end nodes' ids), each value a type byte and its bytes. The server writes them without
parsing Cypher, several times faster than ``UNWIND $rows ... CREATE``. This module packs the
batches :func:`ipgraph.loading.batches` yields (the rows the ``cypher/load`` statements
take) into such commands, so the graph built is the one those statements build: same
labels, types, property names, values and value types; a null property is left out, as
Cypher's ``CREATE`` leaves it out. Every value the dataset writes is a string, a boolean or
a list of strings (dates are ISO text, see :mod:`ipgraph.dataset.dates`), which the format
carries as they are; a value it cannot carry (a date object, a string holding NUL) is
refused, never changed.

A relationship names its ends by node id, the order in which the nodes were sent. The ids
are found from the end nodes' keys (``iso3`` for Country, ``id`` for the rest, as the
statements' ``MATCH`` does) in :class:`NodeIds`: two 64-bit digests and the id per node
(24 bytes each, against well over a hundred for a dict of strings), so client memory stays
small with size. The dataset's checks have already refused a reference to a missing node;
one that still reaches here fails the load with an :class:`~ipgraph.errors.EngineError`.

The first command creates the graph (``BEGIN``); the engine (:mod:`ipgraph.db.falkor`)
writes into its staging graph, then builds the indexes and unique constraints, which
FalkorDB builds in the background, and waits for them (:func:`await_schema`) before it
swaps the staging graph in.
"""

from __future__ import annotations

import logging
import struct
import sys
import time
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ipgraph.dataset import model
from ipgraph.db.base import Batch, Result
from ipgraph.db.resp import Connection, ReplyError
from ipgraph.errors import EngineError

log = logging.getLogger(__name__)

#: Bytes of packed tokens sent per command: large enough that a command's overhead is
#: nothing (the server takes about 1 ms for it), small enough that the server answers other
#: clients between commands and the client's memory stays small (8 MB cost it 24 MB more).
COMMAND_BYTES = 1 << 20
#: Tokens per command (Redis takes at most 1024 * 1024 arguments).
COMMAND_TOKENS = 10_000

# The value types of FalkorDB's bulk_insert.c (a bool is followed by one byte).
_NULL, _DOUBLE, _STRING, _LONG, _ARRAY = b"\x00", b"\x02", b"\x03", b"\x04", b"\x05"
_TRUE, _FALSE = b"\x01\x01", b"\x01\x00"
_INT64 = struct.Struct("=q").pack
_FLOAT64 = struct.Struct("=d").pack
_ENDS = struct.Struct("=QQ").pack


def pack_value(value: Any) -> bytes:
    """One property value in ``GRAPH.BULK``'s format (None: a null, which is not stored)."""
    kind = type(value)
    if kind is str:
        if "\x00" in value:
            raise EngineError(f"cannot bulk-load the text {value[:40]!r}: it holds a NUL")
        return _STRING + str.encode(value) + _NULL
    if value is None:
        return _NULL
    if kind is list or kind is tuple:
        return _ARRAY + _INT64(len(value)) + b"".join(pack_value(v) for v in value)
    if kind is bool:
        return _TRUE if value else _FALSE
    if kind is int:
        return _LONG + _INT64(value)
    if kind is float:
        return _DOUBLE + _FLOAT64(value)
    raise EngineError(
        f"cannot bulk-load the value {value!r}: GRAPH.BULK carries text, numbers, booleans "
        f"and lists, not a {kind.__name__}"
    )


class _NotText(Exception):
    """A value :func:`_text` cannot write (a number, a long list, a string holding NUL)."""


_LITTLE = sys.byteorder == "little"
_SEVEN_ZEROS = "\x00" * 7


def _text(value: Any) -> str:
    """A value as text whose UTF-8 bytes are its ``GRAPH.BULK`` bytes: the fast path for
    strings, nulls, booleans and lists of fewer than 128 of those (their length is one
    byte and seven zeros, little-endian). Encoding a token's text at once is about twice as
    fast as packing its values one by one."""
    kind = value.__class__
    if kind is str:
        text: str = value
        if "\x00" in text:
            raise _NotText
        return "\x03" + text + "\x00"
    if value is None:
        return "\x00"
    if kind is bool:
        return "\x01\x01" if value else "\x01\x00"
    if (kind is list or kind is tuple) and len(value) < 128 and _LITTLE:
        return "\x05" + chr(len(value)) + _SEVEN_ZEROS + "".join([_text(v) for v in value])
    raise _NotText


def _values(row: dict[str, Any], props: tuple[str, ...]) -> bytes:
    """A row's values for ``props``, packed (a missing key is a null, as in Cypher)."""
    try:
        return "".join([_text(row.get(p)) for p in props]).encode()
    except _NotText:
        return b"".join([pack_value(row.get(p)) for p in props])


def _header(name: str, props: tuple[str, ...]) -> bytes:
    """A token's header: the label or type, the property count and the property names."""
    names = b"".join(p.encode() + b"\x00" for p in props)
    return name.encode() + b"\x00" + struct.pack("=I", len(props)) + names


@dataclass(frozen=True)
class _End:
    """One end of a relationship statement: the row column, the node label and its key."""

    column: str
    label: str
    key: str


@dataclass(frozen=True)
class _Shape:
    """What one load statement writes: a node label or a relationship type, and how."""

    header: bytes
    props: tuple[str, ...]
    label: str | None = None
    key: str | None = None
    ends: tuple[_End, _End] | None = None


def _shapes() -> dict[str, _Shape]:
    """Every load statement's shape, from the declaration the ``cypher/load`` files are
    held to (``tests/test_model.py``)."""
    shapes: dict[str, _Shape] = {}
    for node in model.NODES:
        props = model.properties(node.columns) + node.derived
        shapes[node.statement] = _Shape(_header(node.label, props), props, node.label, node.key)
    for rel in model.RELATIONSHIPS:
        props = ("key", *model.properties(rel.columns))
        refs = {c.name: model.NODE_BY_FILE[c.ref] for c in rel.columns if c.ref}
        for v in rel.variants:
            start, end = refs[v.start], refs[v.end]
            ends = (_End(v.start, start.label, start.key), _End(v.end, end.label, end.key))
            shapes[v.statement] = _Shape(_header(v.type, props), props, ends=ends)
    return shapes


def _second(key: str) -> int:
    """A second digest, independent of the first (which is ``hash(key)``)."""
    return hash(key + "\x00")


class NodeIds:
    """Node ids by label and key, kept as digests: 24 bytes a node.

    A key is kept as its 64-bit digest, a second independent digest and its id. A lookup
    finds the first digest and confirms the second, so two keys sharing a digest (about one
    in 10^8 at a million nodes) are still told apart, and an unknown key is not mistaken
    for a known one.
    """

    def __init__(self, digest: Callable[[str], int] = hash) -> None:
        self._digest = digest
        self._added: dict[str, list[Any]] = {}  # arrays("q"), each dropped once copied
        self._frozen: dict[str, list[Any]] = {}

    def add(self, label: str, key: str, node_id: int) -> None:
        """Note the id of the node of ``label`` whose key is ``key``."""
        added = self._added.get(label)
        if added is None:
            added = self._added[label] = [array("q"), array("q"), array("q")]
        added[0].append(self._digest(key))
        added[1].append(_second(key))
        added[2].append(node_id)

    def _table(self, label: str) -> list[Any]:
        """The label's (first digests, second digests, ids), sorted by first digest. Built
        a column at a time, each array freed once copied: at most 40 bytes a node."""
        added = self._added.pop(label, None)
        if added is not None:
            columns = []
            for index, values in enumerate(added):
                columns.append(np.array(values, dtype=np.int64))
                added[index] = None
            old = self._frozen.pop(label, None)
            if old is not None:
                columns = [np.concatenate([o, n]) for o, n in zip(old, columns, strict=True)]
            order = np.argsort(columns[0], kind="stable")
            for index in range(3):
                columns[index] = columns[index][order]
            self._frozen[label] = columns
        return self._frozen.get(label) or [np.empty(0, np.int64)] * 3

    def ids(self, label: str, keys: list[str]) -> tuple[list[int], int | None]:
        """The ids of the nodes with ``keys``, and the index of the first unknown key."""
        firsts, seconds, ids = self._table(label)
        if not len(firsts):
            return [], 0 if keys else None
        query = np.fromiter((self._digest(k) for k in keys), dtype=np.int64, count=len(keys))
        at = np.minimum(np.searchsorted(firsts, query), len(firsts) - 1)
        found = ids[at].tolist()
        ok = (firsts[at] == query) & (seconds[at] == np.fromiter(map(_second, keys), np.int64))
        for index in np.flatnonzero(~ok).tolist():
            # The first digest is shared (or the key is unknown): look along the equal run.
            first, second, place = int(query[index]), _second(keys[index]), int(at[index])
            while place < len(firsts) and firsts[place] == first and seconds[place] != second:
                place += 1
            if place == len(firsts) or firsts[place] != first:
                return found, index
            found[index] = int(ids[place])
        return found, None


class BulkWriter:
    """Packs load batches into ``GRAPH.BULK`` commands and hands each to ``send``.

    ``send(args)`` runs ``GRAPH.BULK <graph> <args...>``; the first command's arguments start
    with ``BEGIN`` (the graph must not exist yet).
    """

    def __init__(self, send: Callable[[list[Any]], None], ids: NodeIds | None = None) -> None:
        self._send = send
        self._shapes = _shapes()
        self._ids = ids or NodeIds()
        self._next_id = 0
        self._begun = False
        self._nodes: list[bytes] = []
        self._edges: list[bytes] = []
        self._counts = [0, 0]
        self._size = 0

    def write(self, batches: Iterable[Batch]) -> None:
        """Pack and send every batch, then what is left; nothing more to do after."""
        for tag, _, rows in batches:
            log.debug("load %s: %d rows", tag, len(rows))
            self.add(tag.removeprefix("load/"), rows)
        self.flush()

    def add(self, statement: str, rows: list[dict[str, Any]]) -> None:
        """Pack the rows of one load statement (sending full commands as they fill)."""
        if not rows:
            return
        shape = self._shapes[statement]
        if shape.ends is None:
            token = self._node_token(shape, rows)
            self._nodes.append(token)
            self._counts[0] += len(rows)
        else:
            token = self._edge_token(statement, shape, shape.ends, rows)
            self._edges.append(token)
            self._counts[1] += len(rows)
        self._size += len(token)
        if self._size >= COMMAND_BYTES or len(self._nodes) + len(self._edges) >= COMMAND_TOKENS:
            self.flush()

    def _node_token(self, shape: _Shape, rows: list[dict[str, Any]]) -> bytes:
        assert shape.label is not None and shape.key is not None
        add, label, key, props = self._ids.add, shape.label, shape.key, shape.props
        for row in rows:
            add(label, row[key], self._next_id)
            self._next_id += 1
        try:
            text = "".join([_text(row.get(p)) for row in rows for p in props])
            return shape.header + text.encode()
        except _NotText:
            return shape.header + b"".join([_values(row, props) for row in rows])

    def _edge_token(
        self, statement: str, shape: _Shape, ends: tuple[_End, _End], rows: list[dict[str, Any]]
    ) -> bytes:
        found = []
        for end in ends:
            keys = [row[end.column] for row in rows]
            ids, missing = self._ids.ids(end.label, keys)
            if missing is not None:
                raise EngineError(
                    f"cannot load {statement}: no {end.label} with {end.key} "
                    f"{keys[missing]!r} for its '{end.column}'. Check the data with "
                    "'ipgraph validate'"
                )
            found.append(ids)
        props = shape.props
        parts = [shape.header]
        for row, start, end_id in zip(rows, found[0], found[1], strict=True):
            parts.append(_ENDS(start, end_id) + _values(row, props))
        return b"".join(parts)

    def flush(self) -> None:
        """Send what is packed as one command."""
        if not self._nodes and not self._edges:
            return
        args: list[Any] = [] if self._begun else ["BEGIN"]
        args += [*self._counts, len(self._nodes), len(self._edges), *self._nodes, *self._edges]
        self._send(args)
        self._begun = True
        self._nodes, self._edges, self._counts, self._size = [], [], [0, 0], 0


def bulk_insert(client: Connection, graph: str, args: list[Any]) -> None:
    """Run ``GRAPH.BULK <graph> <args...>``; a refusal is an EngineError (a lost connection
    is raised as it is, for the engine to name)."""
    try:
        client.command("GRAPH.BULK", graph, *args)
    except ReplyError as exc:
        message = " ".join(str(exc).split())
        raise EngineError(f"the embedded graph rejected the bulk load: {message}") from exc


_BUILT = "OPERATIONAL"


def await_schema(ask: Callable[[str], Result], wait: float = 0.01) -> None:
    """Wait until FalkorDB has built every index and unique constraint of a graph (it builds
    them in the background over existing nodes); a constraint the data breaks fails the load.
    ``ask`` runs a read-only statement on that graph."""
    while True:
        indexes = ask("CALL db.indexes()")
        column = indexes.columns.index("status")
        pending = [row for row in indexes.rows if row[column] != _BUILT]
        constraints = ask("CALL db.constraints()")
        for kind, label, props, _entity, status in constraints.rows:
            if status == "FAILED":
                raise EngineError(
                    f"cannot create the unique key {label}.{props[0]}: two nodes share it"
                )
            if status != _BUILT:
                pending.append((kind, label))
        if not pending:
            return
        time.sleep(wait)
