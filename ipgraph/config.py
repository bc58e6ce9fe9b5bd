"""Settings: which engine to use and where it is.

Neo4j is used when a URI is given (``--uri`` or ``NEO4J_URI``); otherwise the embedded
FalkorDB graph in a file (``--db-path`` or ``IPGRAPH_DB``, default in the user's data
directory).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE = "neo4j"
DEFAULT_USERNAME = "neo4j"
GRAPH_NAME = "ipgraph"


def default_db_path(env: Mapping[str, str] | None = None) -> Path:
    """The embedded graph file used when neither ``--db-path`` nor ``IPGRAPH_DB`` is set."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ipgraph" / "graph.db"


@dataclass(frozen=True)
class Settings:
    """Where the graph is. Build it with :meth:`from_env`."""

    uri: str | None = None
    username: str = DEFAULT_USERNAME
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE
    db_path: Path = field(default_factory=default_db_path)

    @property
    def engine(self) -> str:
        """``"neo4j"`` when a URI is set, else ``"falkordb"``."""
        return "neo4j" if self.uri else "falkordb"

    @property
    def location(self) -> str:
        """The URI (password redacted) or the embedded file path, for messages."""
        return redact(self.uri) if self.uri else str(self.db_path)

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        uri: str | None = None,
        database: str | None = None,
        db_path: str | Path | None = None,
    ) -> Settings:
        """Settings from explicit values, falling back to the environment."""
        env = os.environ if env is None else env
        chosen_uri = uri or env.get("NEO4J_URI") or None
        chosen_path = db_path or env.get("IPGRAPH_DB") or default_db_path(env)
        return cls(
            uri=chosen_uri,
            username=env.get("NEO4J_USERNAME") or DEFAULT_USERNAME,
            password=env.get("NEO4J_PASSWORD"),
            database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            db_path=Path(chosen_path).expanduser(),
        )


_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)(?P<userinfo>[^@/\s]*@)")


def redact(text: str) -> str:
    """Hide ``user:password@`` in a URI, or in any URI inside a message."""
    return _USERINFO.sub(lambda m: m.group("scheme") + "***@", text)


def split_userinfo(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user:password@, user, password)``; user and password may be None."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    bare = urlunsplit(parts._replace(netloc=host))
    return bare, unquote(user) or None, unquote(password) if password else None
