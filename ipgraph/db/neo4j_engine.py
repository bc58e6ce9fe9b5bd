"""The Neo4j engine, through the official ``neo4j`` driver.

One driver per engine; ``database_`` on every call; reads as auto-commit transactions in a
READ session kept open per thread (the server refuses a write in a read transaction; one
round trip instead of a managed transaction's three); writes in managed transactions; every
transaction carries metadata naming the saved query or statement that runs it.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from ipgraph.config import Settings, redact, split_userinfo
from ipgraph.db.base import (
    READ_ONLY_MESSAGE,
    Batch,
    Params,
    Result,
    ServerInfo,
    describe_graph,
)
from ipgraph.db.neo4j_load import (
    DELETE_NODE_BYTES,
    DELETE_RELATIONSHIP_BYTES,
    ONE_TRANSACTION_ROWS,
    ROW_BYTES,
    SWAP_NEW_BYTES,
    SWAP_OLD_BYTES,
    StagedLoad,
    staged_constraints,
    transaction_budget,
)
from ipgraph.db.neo4j_version import Mark, Versions
from ipgraph.db.schema import schema_statements
from ipgraph.db.values import gc_paused, plain
from ipgraph.errors import ConfigError, EngineError, QueryTimeoutError, ReadOnlyError
from ipgraph.resources import statement

log = logging.getLogger(__name__)

_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_CONNECT_SECONDS = 5.0
_RESET_BATCH = 10_000
_TIMED_OUT = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)
_UNREACHABLE_HINT = (
    "Start it with 'docker compose up -d --wait' or unset NEO4J_URI to use the embedded graph"
)


class Neo4jEngine:
    """A Neo4j 5 server."""

    name = "neo4j"

    def __init__(self, settings: Settings) -> None:
        if not settings.uri:
            raise ConfigError("no Neo4j URI: set NEO4J_URI or pass --uri")
        scheme = settings.uri.split("://", 1)[0].lower() if "://" in settings.uri else ""
        if scheme not in _SCHEMES:
            raise ConfigError(
                f"cannot use the Neo4j URI {redact(settings.uri)}: the scheme must be one of "
                f"{', '.join(_SCHEMES)}. Use a URI such as bolt://localhost:7687"
            )
        self.uri = settings.uri
        self.database = settings.database
        # Sessions are not thread-safe: one READ session per thread, all closed by close().
        self._local = threading.local()
        self._sessions: list[neo4j.Session] = []
        self._sessions_lock = threading.Lock()
        self.timeout = settings.query_timeout
        bare, user, password = split_userinfo(settings.uri)
        auth = (user or settings.username, password or settings.password or "")
        try:
            self._driver = neo4j.GraphDatabase.driver(
                bare,
                auth=auth,
                user_agent="ipgraph",
                # A few seconds to connect and shake hands (the driver's acquisition time-out,
                # 60 s by default, also bounds a server that accepts but never answers).
                connection_timeout=_CONNECT_SECONDS,
                connection_acquisition_timeout=_CONNECT_SECONDS,
                notifications_min_severity="OFF",
            )
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise ConfigError(
                f"cannot use the Neo4j URI {redact(settings.uri)}: "
                f"{' '.join(redact(str(exc)).split()).rstrip('.')}. "
                "Use a URI such as bolt://localhost:7687 or neo4j://host:7687"
            ) from exc
        try:
            self._driver.verify_connectivity()
        except Exception as exc:
            self._driver.close()
            raise self._translate(exc) from exc
        self.versions = Versions(self._driver, self.database)

    def _translate(self, exc: Exception) -> Exception:
        where = redact(self.uri)
        if isinstance(exc, neo4j_errors.AuthError):
            return EngineError(
                f"Neo4j at {where} refused the credentials: wrong user name or password. "
                "Set NEO4J_USERNAME and NEO4J_PASSWORD"
            )
        if isinstance(exc, neo4j_errors.ServiceUnavailable | OSError):
            return EngineError(f"cannot reach Neo4j at {where}. {_UNREACHABLE_HINT}")
        code = getattr(exc, "code", None) or ""
        message = redact(" ".join(str(getattr(exc, "message", None) or exc).split()))
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            return EngineError(
                f"Neo4j at {where} has no database '{self.database}'. "
                "Set NEO4J_DATABASE or --database to an existing database"
            )
        if code == "Neo.ClientError.Statement.AccessMode":
            return ReadOnlyError(READ_ONLY_MESSAGE)
        if code in _TIMED_OUT:
            return QueryTimeoutError(self.timeout)
        if isinstance(exc, neo4j_errors.Neo4jError):
            return EngineError(f"Neo4j rejected the statement: {message}")
        if isinstance(exc, neo4j_errors.DriverError):
            return EngineError(f"Neo4j driver failed at {where}: {message}")
        return exc

    def _execute(
        self, cypher: str, params: Params | None, *, tag: str, routing: neo4j.RoutingControl
    ) -> Result:
        query = neo4j.Query(cypher, metadata={"app": "ipgraph", "query": tag}, timeout=self.timeout)
        try:
            with gc_paused():
                records, summary, keys = self._driver.execute_query(
                    query, dict(params or {}), routing_=routing, database_=self.database
                )
                rows = [tuple(plain(v) for v in record.values()) for record in records]
        except Exception as exc:
            raise self._translate(exc) from exc
        return Result(list(keys), rows, server_ms=_server_ms(summary))

    def _read_session(self) -> neo4j.Session:
        """This thread's READ session, opened on first use."""
        session: neo4j.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            )
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def _drop_read_session(self) -> None:
        """Close this thread's READ session (after a failure it may be unusable)."""
        session: neo4j.Session | None = getattr(self._local, "session", None)
        self._local.session = None
        if session is None:
            return
        with self._sessions_lock:
            if session in self._sessions:
                self._sessions.remove(session)
        try:
            session.close()
        except Exception:  # already broken: nothing more to release
            log.debug("closing a failed read session", exc_info=True)

    def read(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement as an auto-commit transaction in a READ session, checked against
        the graph's version so that it never answers from half a load
        (:mod:`ipgraph.db.neo4j_version`)."""
        return self.versions.checked(
            lambda: self._read_marked(cypher, params, tag=tag), self._version_rows
        )

    def _version_rows(self, cypher: str, params: dict[str, object]) -> list[tuple[Any, ...]]:
        return self._read_marked(cypher, params, tag="version")[0].rows

    def _read_marked(self, cypher: str, params: Params | None, *, tag: str) -> tuple[Result, Mark]:
        """Run a statement as an auto-commit transaction in a READ session (unchecked); its
        result and the transaction's bookmark.

        A read is retried once in a new session when the failure is one the driver calls
        retryable (a lost connection, a leader switch); a read changes nothing, so that is safe.
        """
        query = neo4j.Query(cypher, metadata={"app": "ipgraph", "query": tag}, timeout=self.timeout)
        for attempt in (1, 2):
            try:
                with gc_paused():
                    result = self._read_session().run(query, dict(params or {}))
                    keys = result.keys()
                    rows = [tuple(plain(v) for v in record.values()) for record in result]
                    summary = result.consume()
                marks = self._read_session().last_bookmarks().raw_values
                return Result(list(keys), rows, server_ms=_server_ms(summary)), marks or None
            except Exception as exc:
                self._drop_read_session()
                retryable = getattr(exc, "is_retryable", None)
                if attempt == 1 and callable(retryable) and retryable():
                    log.debug("read %s failed, retrying once: %s", tag, exc)
                    continue
                raise self._translate(exc) from exc
        raise AssertionError("unreachable")

    def write(self, cypher: str, params: Params | None = None, *, tag: str = "adhoc") -> Result:
        """Run a statement in a managed write transaction."""
        return self._execute(cypher, params, tag=tag, routing=neo4j.RoutingControl.WRITE)

    def load(self, batches: Callable[[], Iterable[Batch]], *, labels: Sequence[str]) -> None:
        """Replace the nodes of ``labels`` by the batches, all or nothing.

        A load that fits in the server's transaction memory (and has at most
        ``ONE_TRANSACTION_ROWS`` rows) is one write transaction: it takes the load lock
        (``cypher/load/lock.cypher``) so that a second load waits, deletes
        the old nodes, writes every batch and commits; readers see the old graph until then.
        A failure rolls everything back; the driver retries the whole transaction on transient
        errors. A larger load is staged in batches and swapped in by one transaction
        (:mod:`ipgraph.db.neo4j_load`).
        """
        self.apply_schema()
        # No limit (or none readable): staged only past ONE_TRANSACTION_ROWS, in whole batches.
        budget = self._transaction_budget() or 1 << 60
        nodes, relationships = self.read(statement("load/staged/size"), tag="load").rows[0]
        room = budget - nodes * DELETE_NODE_BYTES - relationships * DELETE_RELATIONSHIP_BYTES
        stream = iter(batches())
        head: list[Batch] = []
        rows = 0
        for batch in stream:
            head.append(batch)
            rows += len(batch[2])
            if rows * ROW_BYTES > room or rows > ONE_TRANSACTION_ROWS:
                log.info("load larger than one transaction (%d bytes): staged", budget)
                self._load_staged(itertools.chain(head, stream), labels, budget)
                return
        self._load_one(head, labels)

    def _load_one(self, head: list[Batch], labels: Sequence[str]) -> None:
        """One transaction, of batches held whole (at most ONE_TRANSACTION_ROWS rows) so that
        the driver can run it again after a transient error."""
        lock, clear, unlock = (statement(f"load/{n}") for n in ("lock", "clear", "unlock"))

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(lock).consume()
            tx.run(clear, labels=list(labels)).consume()
            for tag, cypher, rows in head:
                log.debug("load %s: %d rows", tag, len(rows))
                tx.run(cypher, rows=rows).consume()
            tx.run(unlock).consume()

        self._write_marked("load", work)

    def _write_marked[T](self, tag: str, body: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """``body`` in one managed write transaction whose commit is marked on the graph's
        version (:mod:`ipgraph.db.neo4j_version`): announced after ``body`` has done its work,
        settled once the transaction has ended."""
        with self.versions.writing() as token:

            @neo4j.unit_of_work(metadata={"app": "ipgraph", "query": tag, "token": token})
            def work(tx: neo4j.ManagedTransaction) -> T:
                answer = body(tx)
                self.versions.announce(token)
                return answer

            try:
                with self._driver.session(database=self.database) as session:
                    return session.execute_write(work)
            except Exception as exc:
                raise self._translate(exc) from exc

    def _load_staged(self, batches: Iterable[Batch], labels: Sequence[str], budget: int) -> None:
        def swap_check(staged: int, current: int) -> None:
            needed = staged * SWAP_NEW_BYTES + current * SWAP_OLD_BYTES
            if needed > budget:
                raise EngineError(
                    f"cannot load into Neo4j: swapping {staged} new nodes for {current} old ones "
                    f"needs about {needed >> 20} MiB of transaction memory and the server "
                    f"allows {budget >> 20} MiB. Raise db.memory.transaction.total.max "
                    "(see docker-compose.yml)"
                )

        try:
            staged = StagedLoad(self._driver, self.database, labels, budget, self.versions)
            staged.run(batches, swap_check)
        except EngineError:
            raise
        except Exception as exc:
            raise self._translate(exc) from exc

    def _transaction_budget(self) -> int | None:
        """The server's smallest transaction memory limit in bytes (None: none, or unknown)."""
        try:
            result = self.read(statement("admin/transaction_memory"), tag="load")
        except EngineError:
            return None
        return transaction_budget((str(name), str(value)) for name, value in result.rows)

    def reset(self) -> int:
        """Delete every node (but the graph's version) and relationship in one write
        transaction; return the count.

        All or nothing, like a load: a failure or a killed process deletes nothing, and a
        reader sees the whole graph or none of it. The graph's version node stays.
        """
        text = statement("admin/delete_some")

        def work(tx: neo4j.ManagedTransaction) -> int:
            total = 0
            while deleted := int(tx.run(text, limit=_RESET_BATCH).single(strict=True)[0]):
                total += deleted
            return total

        return self._write_marked("reset", work)

    def apply_schema(self) -> None:
        """Run the statements of the constraints file whose index does not exist yet.

        With them, their copies for the staging labels of a large load (``neo4j_load``).
        Only what is missing: even ``IF NOT EXISTS`` takes the schema lock, which waits for
        every open transaction (another process's load) and can deadlock with it.
        """
        statements = schema_statements()
        self._apply_missing([*statements, *staged_constraints(statements)])

    def _apply_missing(self, statements: Iterable[str]) -> None:
        existing = {row[0] for row in self.read(statement("admin/index_names"), tag="schema").rows}
        for text in statements:
            match = re.match(r"\s*CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)", text, re.IGNORECASE)
            if match is None or match.group(1) not in existing:
                self.write(text, tag="schema")

    def describe(self) -> ServerInfo:
        """Engine, URI (redacted), server agent and counts."""
        try:
            info = self._driver.get_server_info()
        except Exception as exc:
            raise self._translate(exc) from exc
        location = f"{redact(self.uri)} (database {self.database})"
        return describe_graph(self, location=location, version=str(info.agent))

    def close(self) -> None:
        """Close the read sessions and the driver."""
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            try:
                session.close()
            except Exception:  # the driver's close below releases what is left
                log.debug("closing a read session", exc_info=True)
        self._local = threading.local()
        self._driver.close()


def _server_ms(summary: Any) -> float | None:
    """The server's own time for a statement (ms): until its result was available, plus
    until the last record was sent."""
    available = getattr(summary, "result_available_after", None)
    consumed = getattr(summary, "result_consumed_after", None)
    if available is None or consumed is None:
        return None
    return float(available + consumed)
