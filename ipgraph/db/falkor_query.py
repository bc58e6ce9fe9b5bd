"""The embedded engine's statements: one Cypher statement over RESP, and errors named.

:func:`run_query` sends a statement to a FalkorDB graph and reads its answer
(:mod:`ipgraph.db.falkor_values`); the rest names what goes wrong in one line: a file that
cannot hold the graph, a server that stopped, a full disk.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ipgraph.db.base import READ_ONLY_MESSAGE, Params, Result
from ipgraph.db.falkor_values import Decoder, server_ms, statement
from ipgraph.db.resp import Connection, ReplyError
from ipgraph.db.values import gc_paused
from ipgraph.errors import ConfigError, EngineError, QueryTimeoutError, ReadOnlyError

_READ_ONLY_REFUSAL = "to be executed only on read-only queries"


def check_writable(path: Path) -> None:
    """Raise :class:`ConfigError` in one line unless the graph's file can be created or
    written at ``path`` (its folder is created if missing)."""
    hint = "Choose a writable location with --db-path or IPGRAPH_DB"
    if path.exists() and path.is_dir():
        raise ConfigError(f"cannot use the embedded graph at {path}: it is a directory. {hint}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ConfigError(
                    f"cannot use the embedded graph at {path}: {parent} is a file, not a "
                    f"folder. {hint}"
                )
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".ipgraph-probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(
            f"cannot use the embedded graph at {path}: {reason.lower()}. {hint}"
        ) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise ConfigError(f"cannot use the embedded graph at {path}: file is read-only. {hint}")


_TIMED_OUT = "query timed out"
DISK_FULL = (28, 122)  # ENOSPC, EDQUOT


def _stopped(path: Path) -> EngineError:
    return EngineError(
        f"the embedded server for {path} stopped (it was killed or crashed). Run the command "
        "again: the graph is as it was last saved"
    )


@contextlib.contextmanager
def server_errors(path: Path) -> Iterator[None]:
    """Name a lost connection to the embedded server as what it is, in one line."""
    try:
        yield
    except ConnectionError as exc:
        raise _stopped(path) from exc


def run_query(
    conn: Connection,
    graph: str,
    cypher: str,
    params: Params | None,
    *,
    read_only: bool,
    timeout: float | None,
) -> Result:
    """Run one statement on the FalkorDB graph ``graph`` (read-only command when
    ``read_only``)."""
    command: list[str | int] = ["GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY", graph]
    command += [statement(cypher, params), "--compact"]
    if timeout is not None:
        command += ["timeout", max(1, round(timeout * 1000))]

    def keys() -> list[str]:
        names = run_query(conn, graph, "CALL db.propertyKeys()", None, read_only=True, timeout=None)
        return [str(row[0]) for row in names.rows]

    try:
        with gc_paused():
            reply = conn.command(*command)
            if reply and isinstance(reply[-1], ReplyError):
                raise reply[-1]
            columns: list[str] = []
            rows: list[tuple[Any, ...]] = []
            if len(reply) > 1:
                columns = [str(h[1]) for h in reply[0]]
                rows = Decoder(keys).rows(reply[1]) if columns else []
    except ReplyError as exc:
        message = " ".join(str(exc).split())
        if _READ_ONLY_REFUSAL in message:
            raise ReadOnlyError(READ_ONLY_MESSAGE) from exc
        if timeout is not None and message.lower().startswith(_TIMED_OUT):
            raise QueryTimeoutError(timeout) from exc
        raise EngineError(f"the embedded graph rejected the statement: {message}") from exc
    return Result(columns, rows, server_ms=server_ms(reply[-1]))


def disk_full(path: Path) -> bool:
    """True if the graph file's file system has (almost) no room left."""
    try:
        usage = shutil.disk_usage(path.parent)
    except OSError:
        return False
    return usage.free < max(path.stat().st_size if path.exists() else 0, 1 << 20)
