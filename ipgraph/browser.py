"""Neo4j Browser: links that open a saved query, and ``:param`` blocks that set its parameters.

Neo4j Browser reads ``?cmd=edit&arg=...`` (fill the editor) from its URL, one command per URL.
A link opens a runnable copy of a saved query: one statement with each ``$parameter`` written
in as a Cypher expression, so that one click and Run show its table (Browser shows only a
summary per statement when the editor holds ``:param`` lines and a query, and a
``?cmd=params`` link only fills the editor, so it cannot set the parameters for a second link).

``:params {...}`` stores what it is given as JavaScript values (an integer becomes a float),
while ``:param name => expression;`` sends the expression to the server as
``RETURN expression`` and keeps the Cypher value. :func:`param_block` writes the latter, one
line per parameter; each line ends in ``;`` so that several lines run as several statements.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ipgraph.config import browser_url, split_userinfo
from ipgraph.params import Param
from ipgraph.queries import SavedQuery
from ipgraph.query_text import mask

DEFAULT_BROWSER_URL = "http://localhost:7474/browser/"
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

# Values for parameters that have no default, chosen so that every saved query answers
# something on the curated data (a test runs each query with them): by parameter name,
# then by the kind its '// exists:' line names.
EXAMPLES_BY_NAME: dict[str, str] = {
    "a": "JPN",
    "b": "GBR",
    "country": "JPN",
    "grouping": "quad",
    "agreement": "jpn-gbr-raa",
    "person": "fumio-kishida",
    "type": "RAA",
    "title": "Prime Minister",
    "from": "2020-01-01",
    "to": "2024-12-31",
    "text": "raa",
    "domain": "space",
    "source": "mofa-jp-gbr-raa-eif-2023",
}
EXAMPLES_BY_KIND: dict[str, str] = {
    "country": "JPN",
    "agreement": "jpn-gbr-raa",
    "grouping": "quad",
    "person": "fumio-kishida",
    "domain": "space",
    "source": "mofa-jp-gbr-raa-eif-2023",
}


def browser_base(uri: str | None, explicit: str | None = None) -> str:
    """The Browser address: explicit, else ``IPGRAPH_BROWSER_URL``, else port 7474 of the
    Neo4j host (``localhost`` when none is configured)."""
    if explicit:
        return explicit
    from_env = browser_url()
    if from_env:
        return from_env
    if uri:
        host = urlsplit(split_userinfo(uri)[0]).hostname
        if host:
            return f"http://{host}:7474/browser/"
    return DEFAULT_BROWSER_URL


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal for Browser's ``:params`` command."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def param_expression(param: Param, value: Any) -> str:
    """The Cypher expression for ``value`` (an engine value of ``param``): dates as
    ``date('YYYY-MM-DD')``, which the saved queries read as they read an ISO string."""
    if param.type == "date" and value is not None:
        return f"date({cypher_literal(value)})"
    return cypher_literal(value)


def example_value(saved: SavedQuery, param: Param) -> Any:
    """The engine value the Browser blocks give a parameter without a default: an example
    that answers on the curated data, else null."""
    text = EXAMPLES_BY_NAME.get(param.name)
    if text is None:
        kind = dict(saved.refs).get(param.name)
        text = EXAMPLES_BY_KIND.get(kind) if kind else None
    if text is None:
        return None
    if param.type == "list[str]":
        return [text]
    return param.coerce(text)


def param_assignments(saved: SavedQuery) -> list[tuple[str, str]]:
    """``(name, expression)`` for each parameter of a saved query, in declaration order:
    its default (``today`` as ``date()``, the server's date), else an example value."""
    pairs: list[tuple[str, str]] = []
    for param in saved.params:
        if param.default_text == "today":
            expression = "date()"
        elif param.has_default:
            expression = param_expression(param, param.default())
        else:
            expression = param_expression(param, example_value(saved, param))
        pairs.append((param.name, expression))
    return pairs


def param_block(saved: SavedQuery) -> str:
    """Browser commands that set a saved query's parameters, one ``:param`` line each
    (empty for a query without parameters)."""
    return "\n".join(f":param {name} => {expr};" for name, expr in param_assignments(saved))


def edit_link(base: str, text: str, database: str) -> str:
    """A link that opens Browser on ``database`` with ``text`` in the editor."""
    base = base if base.endswith("/") else base + "/"
    # quote (not quote_plus): Browser decodes '%20' but would keep a '+' as it is.
    return base + "?" + urlencode({"db": database, "cmd": "edit", "arg": text}, quote_via=quote)


def written_in(text: str, expressions: Mapping[str, str]) -> str:
    """``text`` with each ``$name`` of ``expressions`` replaced by its expression, except in
    string literals, quoted names and comments."""
    out: list[str] = []
    last = 0
    for found in _PARAMETER.finditer(mask(text)):
        if found[1] in expressions:
            out.extend((text[last : found.start()], expressions[found[1]]))
            last = found.end()
    out.append(text[last:])
    return "".join(out)


def runnable_text(saved: SavedQuery, assignments: Sequence[tuple[str, str]]) -> str:
    """One runnable statement: the saved query with its parameters written in, after a
    comment saying which values it holds."""
    expressions = dict(assignments)
    if not expressions:
        return saved.text.rstrip("\n")
    given = ", ".join(f"${name} = {expr}" for name, expr in assignments)
    header = f"// ipgraph {saved.name}, parameters written in: {given}\n"
    return header + written_in(saved.text, expressions).rstrip("\n")


def open_link(
    base: str,
    saved: SavedQuery,
    database: str,
    values: Mapping[str, Any] | None = None,
) -> str:
    """One link that opens Browser with a runnable copy of the query in the editor: its
    parameters are ``values`` (engine values, as bound) or, without them, their defaults and
    examples (:func:`param_assignments`)."""
    if values is None:
        assignments = param_assignments(saved)
    else:
        assignments = [(p.name, param_expression(p, values.get(p.name))) for p in saved.params]
    return edit_link(base, runnable_text(saved, assignments), database)
