"""Neo4j Browser links: open a saved query in the editor with its parameters set.

Neo4j Browser reads ``?cmd=params&arg={...}`` (set parameters) and ``?cmd=edit&arg=...``
(fill the editor) from its URL; one URL carries one command, so a query needs two links.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ipgraph.config import split_userinfo

DEFAULT_BROWSER_URL = "http://localhost:7474/browser/"


def browser_base(uri: str | None, explicit: str | None = None) -> str:
    """The Browser address: explicit, else ``IPGRAPH_BROWSER_URL``, else port 7474 of the
    Neo4j host (``localhost`` when none is configured)."""
    if explicit:
        return explicit
    from_env = os.environ.get("IPGRAPH_BROWSER_URL")
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


def browser_links(base: str, text: str, params: Mapping[str, Any], database: str) -> list[str]:
    """Two links: set the parameters, then open the query in the editor."""
    base = base if base.endswith("/") else base + "/"
    return [
        # quote (not quote_plus): Browser decodes '%20' but would keep a '+' as it is.
        base
        + "?"
        + urlencode(
            {"db": database, "cmd": "params", "arg": params_command(params)}, quote_via=quote
        ),
        base + "?" + urlencode({"db": database, "cmd": "edit", "arg": text}, quote_via=quote),
    ]
