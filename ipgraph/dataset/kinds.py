"""What the declaration of the curated format (:mod:`ipgraph.dataset.model`) is made of.

A :class:`NodeKind` or :class:`RelKind` is one file, a :class:`Column` one of its columns, a
:class:`Variant` what a relationship row becomes, a :class:`Statement` one load statement.

A column's ``kind`` says how its cells are checked and written:

- ``id``: ``[a-z0-9][a-z0-9-]*``, unique within the file (the node's key);
- ``code``: an ISO 3166-1 alpha-3 country code (the Country key);
- ``text``: any text without control characters;
- ``url``: an http(s) address with a host;
- ``date``: a partial date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, written as the text
  known and as ``<column>By``, the last day it may denote (see :mod:`~ipgraph.dataset.dates`);
- ``choice``: one value of ``vocabulary``;
- ``flag``: ``yes`` or empty, written as a boolean;
- ``ref``: the key of a node of the kind ``ref`` (checked to exist);
- ``sources``: source ids separated by ``;``, each in sources.csv (written as a list).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of a curated file."""

    name: str
    kind: str
    required: bool = False
    ref: str | None = None
    vocabulary: tuple[str, ...] = ()
    max_length: int | None = None
    #: False: read and checked, not written as a property (references, selectors).
    written: bool = True
    #: True: the header may leave the column out (``notes``).
    optional: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Variant:
    """What one row of a relationship file becomes: a load statement and its relationship.

    ``start``/``end`` name the columns holding the two ends' keys. A file with several
    variants picks one per row by ``when``: ``(column, value)`` (the column equals the
    value) or ``(column, None)`` (the column is filled).
    """

    statement: str
    type: str
    start: str
    end: str
    when: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class NodeKind:
    """A node file: one row per node."""

    file: str
    label: str
    key: str
    columns: tuple[Column, ...]
    #: Properties the loader adds from elsewhere (countries: the country table).
    derived: tuple[str, ...] = ()
    #: Date columns that must run in this order.
    ordered: tuple[str, ...] = ()
    doc: str = ""

    @property
    def statement(self) -> str:
        """The load statement's name (``cypher/load/<statement>.cypher``)."""
        return self.file


@dataclass(frozen=True)
class RelKind:
    """A relationship file: one row per relationship."""

    file: str
    columns: tuple[Column, ...]
    variants: tuple[Variant, ...]
    #: Columns whose values, after the type, make the row's identity (its ``key``).
    key: tuple[str, ...]
    ordered: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class Statement:
    """A load statement: its name, what it writes, and the row keys it takes."""

    name: str
    label: str | None
    type: str | None
    properties: tuple[str, ...]
    row_keys: tuple[str, ...] = field(default=())
