"""Neo4j Browser: links that open a saved query, and ``:param`` blocks that set its parameters.

Neo4j Browser reads ``?cmd=params&arg={...}`` (set parameters) and ``?cmd=edit&arg=...``
(fill the editor) from its URL; one URL carries one command, so a query needs two links.

``:params {...}`` stores what it is given as JavaScript values (an integer becomes a float),
while ``:param name => expression;`` sends the expression to the server as
``RETURN expression`` and keeps the Cypher value. :func:`param_block` writes the latter, one
line per parameter; each line ends in ``;`` so that several lines run as several statements.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ipgraph.config import browser_url, split_userinfo
from ipgraph.params import Param
from ipgraph.queries import SavedQuery

DEFAULT_BROWSER_URL = "http://localhost:7474/browser/"

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


def params_command(params: Mapping[str, Any]) -> str:
    """``{a: 'x', n: 1}``: the argument of Browser's ``:params`` command."""
    body = ", ".join(f"{k}: {cypher_literal(v)}" for k, v in params.items())
    return "{" + body + "}"


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


def browser_links(base: str, text: str, params: Mapping[str, Any], database: str) -> list[str]:
    """Two links: set the parameters, then open the query in the editor."""
    base = base if base.endswith("/") else base + "/"
    return [
        base
        + "?"
        + urlencode(
            {"db": database, "cmd": "params", "arg": params_command(params)}, quote_via=quote
        ),
        edit_link(base, text, database),
    ]


def open_link(base: str, saved: SavedQuery, database: str) -> str:
    """One link that fills the editor with the query's ``:param`` lines and the query: run
    it once to set the parameters and see the answer."""
    block = param_block(saved)
    text = f"{block}\n\n{saved.text}" if block else saved.text
    return edit_link(base, text.rstrip("\n"), database)
