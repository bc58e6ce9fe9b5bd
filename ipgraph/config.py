"""Settings: which engine to use and where it is, and the user's own saved queries.

Neo4j is used when a URI is given (``--uri`` or ``NEO4J_URI``); otherwise the embedded
FalkorDB graph in a file (``--db-path`` or ``IPGRAPH_DB``, default in the user's data
directory). The user's folder of saved queries, if any, is ``--queries`` or
``IPGRAPH_QUERIES``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ipgraph.errors import ConfigError

DEFAULT_DATABASE = "neo4j"
DEFAULT_USERNAME = "neo4j"
GRAPH_NAME = "ipgraph"
DEFAULT_QUERY_TIMEOUT = 300.0


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
    #: Seconds a query may run before the engine stops it (``IPGRAPH_QUERY_TIMEOUT``).
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    #: The user's folder of saved queries, added to the built-in ones (``IPGRAPH_QUERIES``).
    queries: Path | None = None

    def __post_init__(self) -> None:
        check_db_path(self.db_path)

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
        timeout: str | float | None = None,
        queries: str | Path | None = None,
    ) -> Settings:
        """Settings from explicit values, falling back to the environment."""
        env = os.environ if env is None else env
        # A blank NEO4J_URI (e.g. 'NEO4J_URI= ' in a .env file) counts as unset.
        chosen_uri = (uri or env.get("NEO4J_URI") or "").strip() or None
        chosen_path = db_path or env.get("IPGRAPH_DB") or default_db_path(env)
        # Blank counts as unset here too: a report's kernel is given '' for "no folder".
        chosen_queries = queries or (env.get(QUERIES_ENV) or "").strip() or None
        return cls(
            uri=chosen_uri,
            username=env.get("NEO4J_USERNAME") or DEFAULT_USERNAME,
            password=env.get("NEO4J_PASSWORD"),
            database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            db_path=Path(chosen_path).expanduser(),
            query_timeout=query_timeout(env, timeout),
            queries=None if chosen_queries is None else Path(chosen_queries).expanduser(),
        )

    def to_env(self) -> dict[str, str]:
        """The environment that makes :meth:`from_env` give these settings (for a child
        process such as a report's kernel): the reverse of :meth:`from_env`."""
        common = {
            QUERY_TIMEOUT_ENV: f"{self.query_timeout:g}",
            # '' rather than absent, so that an inherited IPGRAPH_QUERIES does not win.
            QUERIES_ENV: "" if self.queries is None else str(self.queries),
        }
        if self.uri is None:
            return {"NEO4J_URI": "", "IPGRAPH_DB": str(self.db_path), **common}
        env = {
            **common,
            "NEO4J_URI": self.uri,
            "NEO4J_DATABASE": self.database,
            "NEO4J_USERNAME": self.username,
        }
        if self.password is not None:
            env["NEO4J_PASSWORD"] = self.password
        return env


LOCK_TIMEOUT_ENV = "IPGRAPH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 600.0
QUERY_TIMEOUT_ENV = "IPGRAPH_QUERY_TIMEOUT"
QUERIES_ENV = "IPGRAPH_QUERIES"


def seconds(name: str, raw: str | float | None, default: float, *, fix: str) -> float:
    """A number of seconds above 0 (and finite) from a setting, else a one-line ConfigError.

    ``raw`` None or blank gives ``default``; ``fix`` shows how to set it right.
    """
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 < value < float("inf")):
        raise ConfigError(f"{name} is {text!r}: give a number of seconds above 0, e.g. {fix}")
    return value


def lock_timeout(env: Mapping[str, str] | None = None) -> float:
    """Seconds a process waits for the embedded graph's lock (``IPGRAPH_LOCK_TIMEOUT``)."""
    env = os.environ if env is None else env
    return seconds(
        LOCK_TIMEOUT_ENV,
        env.get(LOCK_TIMEOUT_ENV),
        DEFAULT_LOCK_TIMEOUT,
        fix=f"{LOCK_TIMEOUT_ENV}=60",
    )


def query_timeout(env: Mapping[str, str] | None = None, given: str | float | None = None) -> float:
    """Seconds a query may run: ``given`` (``--timeout``), else ``IPGRAPH_QUERY_TIMEOUT``,
    else 300."""
    env = os.environ if env is None else env
    if given is not None:
        return seconds("--timeout", given, DEFAULT_QUERY_TIMEOUT, fix="--timeout 60")
    return seconds(
        QUERY_TIMEOUT_ENV,
        env.get(QUERY_TIMEOUT_ENV),
        DEFAULT_QUERY_TIMEOUT,
        fix=f"{QUERY_TIMEOUT_ENV}=60",
    )


def startup_seconds(env: Mapping[str, str] | None = None) -> float:
    """Seconds a starting embedded server may take to answer before it is killed and started
    again (``IPGRAPH_STARTUP_SECONDS``, default 120)."""
    env = os.environ if env is None else env
    name = "IPGRAPH_STARTUP_SECONDS"
    return seconds(name, env.get(name), 120.0, fix=f"{name}=120")


def terminal_columns(env: Mapping[str, str] | None = None) -> int | None:
    """The width ``COLUMNS`` sets for tables, if it is a whole number above 0."""
    env = os.environ if env is None else env
    text = (env.get("COLUMNS") or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def browser_url(env: Mapping[str, str] | None = None) -> str | None:
    """The Neo4j Browser address set by ``IPGRAPH_BROWSER_URL``, if any."""
    env = os.environ if env is None else env
    return (env.get("IPGRAPH_BROWSER_URL") or "").strip() or None


_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)(?P<userinfo>[^@/\s]*@)")


def redact(text: str) -> str:
    """Hide ``user:password@`` in a URI, or in any URI inside a message."""
    return _USERINFO.sub(lambda m: m.group("scheme") + "***@", text)


_DB_PATH_HINT = "Choose another location with --db-path or IPGRAPH_DB"


def check_db_path(path: Path) -> None:
    """Refuse an embedded graph path the embedded server cannot take, with a ConfigError."""
    path = Path(path)
    text = str(path)
    bad = next((c for c in text if c in "\x00\n\r'"), None)
    if bad is not None:
        names = {"\x00": "a NUL byte", "\n": "a line break", "\r": "a line break"}
        name = names.get(bad, "a single quote (')")
        raise ConfigError(
            f"cannot use the embedded graph at {text!r}: the path contains {name}, which the "
            f"embedded server cannot take. {_DB_PATH_HINT}"
        )
    for part in path.parts:
        if len(part.encode("utf-8", "surrogateescape")) > 255:
            raise ConfigError(
                f"cannot use the embedded graph at {text[:80]}…: the name '{part[:40]}…' is "
                f"longer than 255 bytes. {_DB_PATH_HINT}"
            )


def check_uri(uri: str) -> None:
    """Refuse a Neo4j URI with no host, a bad port or broken brackets, with a ConfigError."""
    from urllib.parse import urlsplit

    def refuse(why: str) -> ConfigError:
        return ConfigError(
            f"cannot use the Neo4j URI {redact(uri)}: {why}. "
            "Use a URI such as bolt://localhost:7687"
        )

    if any(c.isspace() for c in uri):
        raise refuse("it contains a space or a line break")
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError as exc:
        if "port" in str(exc).lower():
            raise refuse("the port must be a number from 1 to 65535") from None
        raise refuse("an IPv6 address must be in closed brackets, e.g. bolt://[::1]:7687") from None
    if not parts.hostname:
        raise refuse("it names no host")
    if port == 0:
        raise refuse("the port must be a number from 1 to 65535")


def split_userinfo(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user:password@, user, password)``; user and password may be None.

    Raises :class:`ConfigError` for a malformed URI (see :func:`check_uri`).
    """
    from urllib.parse import unquote, urlsplit, urlunsplit

    check_uri(uri)
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    bare = urlunsplit(parts._replace(netloc=host))
    return bare, unquote(user) or None, unquote(password) if password else None
