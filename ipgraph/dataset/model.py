"""THE declaration of the curated format: every file, column, label, relationship type, key
and vocabulary, in one table.

Everything else is driven from it: the checks and the rows handed to the engines
(:mod:`ipgraph.dataset.reader`), the synthetic generator (:mod:`ipgraph.dataset.synth`), the
benchmark's row builder (``bench/rows.py``), the column tables of ``data/README.md``
(``ipgraph dataset columns``) and the tests, which also hold every ``cypher/load`` statement
to this table. Adding a column is a line here, the data, and (if it is new Cypher) one load
file.

The table is made of the parts in :mod:`~ipgraph.dataset.kinds` (a column's kind says how its
cells are checked and written) and the vocabularies of :mod:`~ipgraph.dataset.vocab`; both are
also reachable from here (``model.Column``, ``model.AGREEMENT_TYPES``, ...).
"""

from __future__ import annotations

from ipgraph.dataset.kinds import Column, NodeKind, RelKind, Statement, Variant
from ipgraph.dataset.vocab import (
    AGREEMENT_TYPES,
    EVENT_KINDS,
    GROUPING_KINDS,
    LIFECYCLE,
    LINEAGE_KINDS,
    NON_BINDING_TYPES,
    PARALLEL_POSTS,
    ROLE_TITLES,
    SHORT_NAME_MAX,
    STATUSES,
)

__all__ = [
    "AGREEMENT_TYPES",
    "EVENT_KINDS",
    "FILES",
    "GROUPING_KINDS",
    "LIFECYCLE",
    "LINEAGE_KINDS",
    "NODES",
    "NODE_BY_FILE",
    "NON_BINDING_TYPES",
    "PARALLEL_POSTS",
    "RELATIONSHIPS",
    "REL_BY_FILE",
    "ROLE_TITLES",
    "SHORT_NAME_MAX",
    "STATUSES",
    "Column",
    "NodeKind",
    "RelKind",
    "Statement",
    "Variant",
    "columns",
    "header",
    "node_labels",
    "properties",
    "rel_types",
    "statements",
]


def _notes() -> Column:
    return Column("notes", "text", optional=True, doc="What is known beyond the columns.")


def _sources() -> Column:
    return Column("sources", "sources", required=True, doc="Source ids separated by `;`.")


def _ref(name: str, ref: str, *, required: bool = True, doc: str = "") -> Column:
    return Column(name, "ref", required=required, ref=ref, written=False, doc=doc)


def _date(name: str, doc: str, *, required: bool = False) -> Column:
    return Column(name, "date", required=required, doc=doc)


NODES: tuple[NodeKind, ...] = (
    NodeKind(
        "sources",
        "Source",
        "id",
        (
            Column("id", "id", required=True, doc="Source id."),
            Column("title", "text", required=True, doc="Title of the page or document."),
            Column("publisher", "text", required=True, doc="Who published it."),
            Column("url", "url", required=True, doc="The http(s) address."),
            _date("published", "Publication date shown on the page; empty if none."),
        ),
        doc="where facts come from",
    ),
    NodeKind(
        "countries",
        "Country",
        "iso3",
        (Column("iso3", "code", required=True, doc="ISO 3166-1 alpha-3 code."), _notes()),
        derived=("name", "region", "subregion"),
        doc="every country referenced anywhere",
    ),
    NodeKind(
        "domains",
        "Domain",
        "id",
        (
            Column("id", "id", required=True, doc="Domain id (the vocabulary of COVERS)."),
            Column("name", "text", required=True, doc="Name."),
            Column("description", "text", required=True, doc="What the domain covers."),
        ),
        doc="the cooperation domains agreements cover (a small fixed vocabulary)",
    ),
    NodeKind(
        "groupings",
        "Grouping",
        "id",
        (
            Column("id", "id", required=True, doc="Grouping id."),
            Column(
                "shortName",
                "text",
                required=True,
                max_length=SHORT_NAME_MAX,
                doc="Short name used in tables and captions.",
            ),
            Column("name", "text", required=True, doc="Full name."),
            Column("kind", "choice", required=True, vocabulary=GROUPING_KINDS, doc="Kind."),
            _date("founded", "Founding date (partial allowed)."),
            Column("description", "text", doc="One short sentence."),
            _sources(),
            _notes(),
        ),
        doc="alliances, dialogues, unions, programmes",
    ),
    NodeKind(
        "agreements",
        "Agreement",
        "id",
        (
            Column("id", "id", required=True, doc="Agreement id, e.g. `jpn-gbr-raa`."),
            Column(
                "shortName",
                "text",
                required=True,
                max_length=SHORT_NAME_MAX,
                doc="What analysts call it, at most 40 characters, e.g. `Japan-UK RAA`.",
            ),
            Column("name", "text", required=True, doc="Official (or best available) title."),
            Column("type", "choice", required=True, vocabulary=AGREEMENT_TYPES, doc="Type."),
            _date("announced", "The parties announced that negotiations would start."),
            _date("negotiationsStarted", "First formal negotiating round."),
            _date("signed", "Signature (for unsigned declarations: issued)."),
            _date("inForce", "Entry into force (declarations: issued)."),
            _date("terminated", "Ended, expired or replaced."),
            _sources(),
            _notes(),
        ),
        ordered=LIFECYCLE,
        doc="treaties, access, logistics, information-security and other agreements",
    ),
    NodeKind(
        "people",
        "Person",
        "id",
        (
            Column("id", "id", required=True, doc="Person id, e.g. `penny-wong`."),
            Column("name", "text", required=True, doc="Name as commonly written in English."),
            _sources(),
        ),
    ),
    NodeKind(
        "events",
        "Event",
        "id",
        (
            Column("id", "id", required=True, doc="Event id, conventionally ending in the date."),
            Column("name", "text", required=True, doc="Short description with the place."),
            Column("kind", "choice", required=True, vocabulary=EVENT_KINDS, doc="Kind."),
            _date("date", "Date (first day of a multi-day event).", required=True),
            _sources(),
            _notes(),
        ),
    ),
)

RELATIONSHIPS: tuple[RelKind, ...] = (
    RelKind(
        "memberships",
        (
            _ref("country", "countries", doc="ISO3 code."),
            _ref("grouping", "groupings", doc="Grouping id."),
            _date("since", "Membership began (partial allowed)."),
            _date("until", "Last day of membership; empty while a member."),
            _sources(),
            _notes(),
        ),
        (Variant("memberships", "MEMBER_OF", "country", "grouping"),),
        key=("country", "grouping", "since"),
        ordered=("since", "until"),
        doc="MEMBER_OF (country -> grouping)",
    ),
    RelKind(
        "parties",
        (
            _ref("agreement", "agreements", doc="Agreement id."),
            _ref("country", "countries", doc="ISO3 code of a party."),
            _sources(),
        ),
        (Variant("parties", "PARTY_TO", "country", "agreement"),),
        key=("country", "agreement"),
        doc="PARTY_TO (country -> agreement)",
    ),
    RelKind(
        "lineage",
        (
            _ref("agreement", "agreements", doc="The newer agreement."),
            _ref("previous", "agreements", doc="The earlier agreement it replaces or amends."),
            Column(
                "kind",
                "choice",
                required=True,
                vocabulary=LINEAGE_KINDS,
                written=False,
                doc="`supersedes` (replaced it) or `amends` (a separate amending instrument).",
            ),
            _sources(),
            _notes(),
        ),
        (
            Variant("supersedes", "SUPERSEDES", "agreement", "previous", ("kind", "supersedes")),
            Variant("amends", "AMENDS", "agreement", "previous", ("kind", "amends")),
        ),
        key=("agreement", "previous"),
        doc="SUPERSEDES / AMENDS (newer agreement -> earlier agreement)",
    ),
    RelKind(
        "agreement_domains",
        (
            _ref("agreement", "agreements", doc="Agreement id."),
            _ref("domain", "domains", doc="Domain id (domains.csv)."),
            _sources(),
        ),
        (Variant("agreement_domains", "COVERS", "agreement", "domain"),),
        key=("agreement", "domain"),
        doc="COVERS (agreement -> domain)",
    ),
    RelKind(
        "roles",
        (
            _ref("person", "people", doc="Person id."),
            _ref("country", "countries", doc="ISO3 code of the country whose post it is."),
            Column("title", "choice", required=True, vocabulary=ROLE_TITLES, doc="The post."),
            _date("since", "Took office (partial allowed)."),
            _date("until", "The successor's first day; empty while in office."),
            Column("ended", "flag", doc="`yes`: the term is over, its end date unknown."),
            Column("acting", "flag", doc="`yes`: an acting or caretaker holder."),
            Column(
                "vacantAfter",
                "flag",
                doc="`yes`: the sources show the post vacant from `until` to the next holder.",
            ),
            _sources(),
            _notes(),
        ),
        (Variant("roles", "HELD_ROLE", "person", "country"),),
        key=("person", "country", "title", "since"),
        ordered=("since", "until"),
        doc="HELD_ROLE (person -> post in a country)",
    ),
    RelKind(
        "event_participants",
        (
            _ref("event", "events", doc="Event id."),
            _ref("country", "countries", required=False, doc="ISO3 code, or empty."),
            _ref("person", "people", required=False, doc="Person id, or empty."),
            _sources(),
        ),
        (
            Variant("event_countries", "TOOK_PART", "country", "event", ("country", None)),
            Variant("event_people", "TOOK_PART", "person", "event", ("person", None)),
        ),
        key=("country", "person", "event"),
        doc="TOOK_PART (country or person -> event); exactly one of country and person",
    ),
    RelKind(
        "event_agreements",
        (
            _ref("event", "events", doc="Event id."),
            _ref("agreement", "agreements", doc="Agreement id."),
            _sources(),
        ),
        (Variant("event_agreements", "CONCERNS", "event", "agreement"),),
        key=("event", "agreement"),
        doc="CONCERNS (event -> agreement)",
    ),
    RelKind(
        "event_groupings",
        (
            _ref("event", "events", doc="Event id."),
            _ref("grouping", "groupings", doc="Grouping id."),
            _sources(),
        ),
        (Variant("event_groupings", "CONCERNS", "event", "grouping"),),
        key=("event", "grouping"),
        doc="CONCERNS (event -> grouping): a meeting of, or about, the grouping",
    ),
)

NODE_BY_FILE = {kind.file: kind for kind in NODES}
REL_BY_FILE = {kind.file: kind for kind in RELATIONSHIPS}
#: Files in reading order: nodes first (sources first), then relationships.
FILES = tuple(NODE_BY_FILE) + tuple(REL_BY_FILE)


def columns(file: str) -> tuple[Column, ...]:
    """The columns of one file."""
    kind = NODE_BY_FILE.get(file) or REL_BY_FILE[file]
    return kind.columns


def header(file: str, *, with_optional: bool = True) -> tuple[str, ...]:
    """The column names of one file, in declaration order."""
    return tuple(c.name for c in columns(file) if with_optional or not c.optional)


def properties(cols: tuple[Column, ...]) -> tuple[str, ...]:
    """The graph properties written for these columns (dates add ``<name>By``)."""
    names: list[str] = []
    for col in cols:
        if not col.written:
            continue
        names.append(col.name)
        if col.kind == "date":
            names.append(f"{col.name}By")
    return tuple(names)


def statements() -> tuple[Statement, ...]:
    """Every load statement in writing order, with the properties it must write."""
    found: list[Statement] = []
    for node in NODES:
        props = properties(node.columns) + node.derived
        found.append(Statement(node.statement, node.label, None, props))
    for rel in RELATIONSHIPS:
        props = ("key", *properties(rel.columns))
        for variant in rel.variants:
            found.append(
                Statement(
                    variant.statement, None, variant.type, props, (variant.start, variant.end)
                )
            )
    return tuple(found)


def node_labels() -> dict[str, str]:
    """Load statement -> node label."""
    return {node.statement: node.label for node in NODES}


def rel_types() -> dict[str, str]:
    """Load statement -> relationship type."""
    return {v.statement: v.type for rel in RELATIONSHIPS for v in rel.variants}
