"""The catalogue of saved queries: every ``cypher/queries/<topic>/<name>.cypher`` file.

A file starts with a comment block: its first line is the summary, the rest the
description, and directives::

    // params: as_of: date = today, country: str = JPN
    // exists: country: country
    // mode: read

``exists`` names parameters whose values must be in the graph (kinds: country, agreement,
grouping, person, domain, source), so that a mistyped code answers "no such country" instead of
nothing, or in a closed vocabulary (agreement_type, role_title, event_kind, status), so that
an unknown value is an error listing the valid ones. A read query runs first; its graph values
are looked up when it answers nothing (and list values always), so a query must answer nothing
when a single named value is missing. Values are matched without regard to
letter case: country codes are written in upper case, ids in lower case, and vocabulary
values as the vocabulary spells them (``-p type raa`` is ``RAA``).

The query's name is its path under ``cypher/queries/`` with dots (``raa/status.cypher`` is
``raa.status``). Anything malformed is a :class:`CatalogueError` naming ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ipgraph.dataset import vocab
from ipgraph.errors import CatalogueError, ParameterError, QueryNotFoundError
from ipgraph.params import (
    CoercionError,
    Param,
    parse_declaration,
    shown,
    split_declarations,
)
from ipgraph.query_text import mask, read_query_text
from ipgraph.resources import queries_dir

MODES = ("read", "write")
# Kinds a '// exists:' parameter may name: the node label, and how to fix a missing value.
REF_KINDS: dict[str, tuple[str, str]] = {
    "country": (
        "Country",
        "Use an ISO 3166-1 alpha-3 code in the graph, e.g. JPN (see countries.list)",
    ),
    "agreement": (
        "Agreement",
        "Use an agreement id in the graph, e.g. jpn-gbr-raa (see agreements.by_type)",
    ),
    "grouping": ("Grouping", "Use a grouping id in the graph, e.g. quad (see groupings.list)"),
    "person": ("Person", "Use a person id in the graph, e.g. fumio-kishida (see people.list)"),
    "domain": ("Domain", "Use a domain id in the graph, e.g. space (see domains.list)"),
    "source": (
        "Source",
        "Use a source id in the graph, e.g. mofa-jp-gbr-raa-eif-2023 (see sources.for_agreement)",
    ),
}
# Closed vocabularies an '// exists:' parameter may name: checked without the graph.
VOCAB_KINDS: dict[str, tuple[str, ...]] = {
    "agreement_type": vocab.AGREEMENT_TYPES,
    "role_title": vocab.ROLE_TITLES,
    "event_kind": vocab.EVENT_KINDS,
    "status": vocab.STATUSES,
}


def kind_text(kind: str) -> str:
    """What a value of an ``// exists:`` kind must be, for the guide and the catalogue."""
    if kind in REF_KINDS:
        return f"a {REF_KINDS[kind][0]} in the graph"
    return f"one of {', '.join(VOCAB_KINDS[kind])}"


def normalised(kind: str, value: Any) -> Any:
    """A parameter value in the case its kind is stored in, or ParameterError."""
    if isinstance(value, list):
        return [normalised(kind, v) for v in value]
    if not isinstance(value, str):
        return value
    if kind in REF_KINDS:
        # Only plain codes and ids change case: anything else is shown as it was typed.
        if len(value) > 100 or not _PLAIN.match(value):
            return value
        return value.upper() if kind == "country" else value.lower()
    allowed = VOCAB_KINDS[kind]
    for option in allowed:
        if option.lower() == value.strip().lower():
            return option
    raise CoercionError(
        f"{shown(value)} is not a known {kind.replace('_', ' ')}. Use one of: {', '.join(allowed)}"
    )


_DIRECTIVE = re.compile(r"^//\s*(params|mode|exists)\s*:(.*)$")
_PLAIN = re.compile(r"^[A-Za-z0-9-]+$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class SavedQuery:
    """A parsed saved query."""

    name: str
    path: Path
    summary: str
    description: str
    params: tuple[Param, ...]
    mode: str
    text: str
    refs: tuple[tuple[str, str], ...] = ()
    #: ``built-in`` (ipgraph's own) or ``user`` (from ``--queries`` / ``IPGRAPH_QUERIES``).
    origin: str = "built-in"

    @property
    def topic(self) -> str:
        """The first part of the name (the folder under ``cypher/queries/``)."""
        return self.name.split(".")[0]

    @property
    def read_only(self) -> bool:
        """True unless the query says ``mode: write`` (so an odd mode can never write)."""
        return self.mode != "write"

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check and coerce the caller's values; fill defaults. Raises ParameterError."""
        declared = {p.name for p in self.params}
        for key in given:
            if key not in declared:
                import difflib

                takes = ", ".join(sorted(declared)) or "no parameters"
                by_lower = {name.lower(): name for name in sorted(declared)}
                close = difflib.get_close_matches(key.lower(), list(by_lower), n=1)
                hint = f"Did you mean '{by_lower[close[0]]}'?" if close else f"It takes: {takes}."
                raise ParameterError(f"unknown parameter '{key}' for query '{self.name}'. {hint}")
        bound: dict[str, Any] = {}
        kinds = dict(self.refs)
        for param in self.params:
            if param.name in given:
                try:
                    bound[param.name] = param.coerce(given[param.name])
                    if param.name in kinds:
                        bound[param.name] = normalised(kinds[param.name], bound[param.name])
                except CoercionError as exc:
                    raise ParameterError(
                        f"parameter '{param.name}' of query '{self.name}' takes a {param.type}: "
                        f"{exc}"
                    ) from None
            elif param.required:
                raise ParameterError(
                    f"missing parameter '{param.name}' ({param.type}) for query '{self.name}'. "
                    f"Pass it with -p {param.name} VALUE"
                )
            else:
                bound[param.name] = param.default()
        return bound


def parse_query(path: Path, name: str, label: str | None = None) -> SavedQuery:
    """Parse one saved-query file; ``label`` is how messages name it (default: the path)."""
    where = label or str(path)
    text = read_query_text(path, where)
    lines = text.splitlines()
    description: list[str] = []
    params: list[tuple[Param, int]] = []
    refs: list[tuple[str, str, int]] = []
    mode, mode_line, body_start = "read", 0, len(lines)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("//"):
            body_start = number - 1
            break
        directive = _DIRECTIVE.match(stripped)
        if directive:
            key, value = directive.group(1), directive.group(2).strip()
            if key == "mode":
                if value not in MODES:
                    raise CatalogueError(
                        f"{where}:{number}: mode '{value}' is not read or write. "
                        "Write '// mode: read' or '// mode: write'"
                    )
                if mode_line:
                    raise CatalogueError(
                        f"{where}:{number}: the mode is given twice (first on line {mode_line}). "
                        "Keep one '// mode:' line"
                    )
                mode, mode_line = value, number
            elif key == "exists":
                for decl in split_declarations(value):
                    pname, _, kind = (part.strip() for part in decl.partition(":"))
                    if kind not in REF_KINDS and kind not in VOCAB_KINDS:
                        raise CatalogueError(
                            f"{where}:{number}: '{decl}' is not 'parameter: kind' with a kind "
                            f"of {', '.join([*REF_KINDS, *VOCAB_KINDS])}. "
                            "Write e.g. '// exists: country: country'"
                        )
                    refs.append((pname, kind, number))
            else:
                for decl in split_declarations(value):
                    try:
                        params.append((parse_declaration(decl), number))
                    except CoercionError as exc:
                        raise CatalogueError(
                            f"{where}:{number}: {exc}. Declare parameters as "
                            "'// params: name: type [= default], ...'"
                        ) from None
        elif stripped.startswith("//"):
            description.append(stripped[2:].removeprefix(" ").rstrip())
    while description and not description[-1]:
        description.pop()
    while description and not description[0]:
        description.pop(0)
    if not description:
        raise CatalogueError(
            f"{where}:1: no description. Start the file with a '// <one-line summary>' comment"
        )
    body = "\n".join(lines[body_start:])
    if not body.strip():
        raise CatalogueError(
            f"{where}:{len(lines) or 1}: the query is empty: there is no Cypher after the header. "
            "Add the statement below the comment block"
        )
    seen: dict[str, int] = {}
    for param, number in params:
        if param.name in seen:
            raise CatalogueError(
                f"{where}:{number}: parameter '{param.name}' is declared twice "
                f"(first on line {seen[param.name]}). Remove one declaration"
            )
        seen[param.name] = number
    masked = mask(body)
    used: dict[str, int] = {}
    for match in _PARAM_USE.finditer(masked):
        line_no = body_start + masked.count("\n", 0, match.start()) + 1
        used.setdefault(match.group(1), line_no)
    for pname, line_no in used.items():
        if pname not in seen:
            raise CatalogueError(
                f"{where}:{line_no}: ${pname} is used but not declared. "
                f"Add it to the '// params:' line, e.g. '{pname}: str'"
            )
    for pname, line_no in seen.items():
        if pname not in used:
            raise CatalogueError(
                f"{where}:{line_no}: parameter '{pname}' is declared but not used. "
                "Remove it or use it in the query"
            )
    for pname, _, line_no in refs:
        if pname not in seen:
            raise CatalogueError(
                f"{where}:{line_no}: '// exists:' names '{pname}', which is not a declared "
                "parameter. Declare it in '// params:' first"
            )
    return SavedQuery(
        name=name,
        path=path,
        summary=description[0],
        description="\n".join(description),
        params=tuple(p for p, _ in params),
        mode=mode,
        text=text,
        refs=tuple((pname, kind) for pname, kind, _ in refs),
    )


class Catalogue:
    """Every saved query under a folder, by name."""

    def __init__(self, queries: Mapping[str, SavedQuery], root: Path) -> None:
        self._queries = dict(sorted(queries.items()))
        self.root = root

    @classmethod
    def load(cls, root: Path | None = None) -> Catalogue:
        """Parse every ``*.cypher`` file under ``root`` (default: the project's queries)."""
        root = queries_dir() if root is None else root
        queries: dict[str, SavedQuery] = {}
        for name, path, label in _named_files(root):
            if name in queries:
                raise _two_named(root, name, label, queries[name].path)
            queries[name] = parse_query(path, name, label)
        return cls(queries, root)

    @classmethod
    def with_user(cls, user_root: Path | None) -> Catalogue:
        """The built-in queries plus the user's folder: a user query of the same name
        replaces the built-in one (its ``origin`` is ``user``)."""
        built_in = cls.load()
        if user_root is None:
            return built_in
        user = cls.load(user_root)
        merged = dict(built_in._queries)
        for name, saved in user._queries.items():
            merged[name] = replace(saved, origin="user")
        return cls(merged, user_root)

    def __iter__(self) -> Any:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, name: object) -> bool:
        return name in self._queries

    def names(self) -> list[str]:
        """All query names, sorted."""
        return list(self._queries)

    def topics(self) -> list[str]:
        """All topics, sorted."""
        return sorted({q.topic for q in self._queries.values()})

    def in_topic(self, topic: str | None) -> list[SavedQuery]:
        """The queries of one topic, or all of them."""
        if topic is None:
            return list(self._queries.values())
        if topic not in self.topics():
            raise QueryNotFoundError(f"unknown topic '{topic}'. Topics: {', '.join(self.topics())}")
        return [q for q in self._queries.values() if q.topic == topic]

    def get(self, name: str) -> SavedQuery:
        """The query called ``name``; :class:`QueryNotFoundError` with a did-you-mean."""
        try:
            return self._queries[name]
        except KeyError:
            raise _not_found(name, self.names()) from None


def find_saved(name: str, user_root: Path | None = None, *, root: Path | None = None) -> SavedQuery:
    """The query ``Catalogue.with_user(user_root).get(name)`` answers, without parsing every
    built-in query (``root``: the built-in folder, by default the project's).

    Of the built-in folder, only the query's own file is parsed (with every check), and the
    whole folder is checked as :meth:`Catalogue.load` checks it: it must exist and hold no two
    files of one name. The user's folder is parsed whole, as before: a mistake anywhere in it
    is reported by any command that uses it.
    """
    built_in = _files(queries_dir() if root is None else root)
    saved = parse_query(*built_in[name]) if name in built_in else None
    names = list(built_in)
    if user_root is not None:
        user = Catalogue.load(user_root)
        if name in user:
            return replace(user.get(name), origin="user")
        names += user.names()
    if saved is None:
        raise _not_found(name, sorted(set(names)))
    return saved


def _named_files(root: Path) -> Iterator[tuple[str, Path, str]]:
    """``(name, path, label)`` of every ``*.cypher`` file under ``root``, in path order;
    ``label`` is how messages name the file (``<folder>/<path under it>``)."""
    if root.is_file():
        raise CatalogueError(
            f"{root}: is a file, not a folder of saved queries. "
            "Give --queries (or IPGRAPH_QUERIES) the folder that holds the .cypher files"
        )
    if not root.is_dir():
        raise CatalogueError(
            f"{root}: no such folder of saved queries. "
            "Check the path given to --queries (or IPGRAPH_QUERIES)"
        )
    for path in sorted(root.rglob("*.cypher")):
        rel = path.relative_to(root)
        yield ".".join(rel.with_suffix("").parts), path, f"{root.name}/{rel.as_posix()}"


def _files(root: Path) -> dict[str, tuple[Path, str, str]]:
    """``parse_query`` arguments ``(path, name, label)`` of every file under ``root``, by
    name; two files of one name are refused as :meth:`Catalogue.load` refuses them."""
    found: dict[str, tuple[Path, str, str]] = {}
    for name, path, label in _named_files(root):
        if name in found:
            raise _two_named(root, name, label, found[name][0])
        found[name] = (path, name, label)
    return found


def _two_named(root: Path, name: str, label: str, other: Path) -> CatalogueError:
    return CatalogueError(
        f"{label}:1: two queries are named '{name}' (the other is "
        f"{other.relative_to(root).as_posix()}). Rename one file"
    )


def _not_found(name: str, names: list[str]) -> QueryNotFoundError:
    import difflib

    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = (
        f"Did you mean '{close[0]}'?"
        if close
        else "See 'ipgraph query list' for the saved queries."
    )
    return QueryNotFoundError(f"unknown query '{name}'. {hint}")
