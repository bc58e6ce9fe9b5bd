"""One error root for everything ipgraph reports to a user.

Every error carries a one-line message of the form
``<what failed>: <why>. <how to fix>``; the CLI prints it as ``Error: <message>``.
"""

from __future__ import annotations

import functools
from typing import Any


class IpgraphError(Exception):
    """Base class of every error ipgraph raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(IpgraphError):
    """Bad settings: an unusable database path, a malformed URI, a bad option."""


class EngineError(IpgraphError):
    """The graph engine failed: unreachable, refused the credentials, rejected a statement."""


class ReadOnlyError(EngineError):
    """A write was attempted through a read-only path."""


class QueryTimeoutError(EngineError):
    """A query ran longer than its time limit and the engine stopped it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query ran longer than {seconds:g} s and was stopped. Narrow it, or allow more "
            "time with --timeout or IPGRAPH_QUERY_TIMEOUT"
        )
        self.seconds = seconds


class CatalogueError(IpgraphError):
    """A saved query file is malformed (the message names ``file:line``)."""


class QueryNotFoundError(IpgraphError):
    """No saved query has the requested name."""


class ParameterError(IpgraphError):
    """A query parameter is unknown, missing or of the wrong type."""


class DataError(IpgraphError):
    """A data file is malformed or inconsistent (the message names file, line and column)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        where = ""
        if path is not None:
            where = path
            if line is not None:
                where += f":{line}"
            if column:
                where += f": column '{column}'"
            where += ": "
        super().__init__(where + message)
        self.detail = message
        self.path = path
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled whole (file, line and column kept): a load checks large data in a second
        # process, which sends its error back (ipgraph.dataset.worker).
        where = functools.partial(DataError, path=self.path, line=self.line, column=self.column)
        return (where, (self.detail,))


class AnalysisError(IpgraphError):
    """A network measure could not be computed."""


class ReportError(IpgraphError):
    """A report cannot be found, has a bad parameter, or failed while executing."""
