"""Neo4j: a reader never sees half a load (a version checked around every read).

Neo4j reads at read-committed isolation and applies a commit to its store piece by piece, so a
query that runs while a load commits can see part of the new graph beside part of the old (the
tests caught an answer with none of the eight rows that both graphs hold). ipgraph therefore
keeps a version on one node, ``(:IpgraphVersion {id: 'graph'})``, used as a sequence lock:

- **A writer** (a load, a reset), once its transaction has done all its work and just before
  it commits, makes ``seq`` odd and records a token that its transaction carries in its
  metadata, in a transaction of its own (``cypher/version/begin.cypher``). After its
  transaction has ended, committed or not, it makes ``seq`` even again (``end.cypher``).
- **A reader** takes the version before its query (the one it read after its previous query,
  or a fresh read) and after it (``read.cypher``). It keeps the answer when the two are the
  same and no commit was running; otherwise it waits for the commit to end and asks again.
  ``seq`` only grows and the token is new for each writer, so an equal version means that no
  commit started or ended during the query. The version read is skipped when the query's
  bookmark shows that no transaction has closed since the last query checked in full
  (:meth:`Versions.checked`), which is every read between two writes.

A writer killed between its two steps leaves ``seq`` odd. A reader therefore counts an odd
version as a commit in progress only while ``SHOW TRANSACTIONS`` lists a transaction with its
token (``running.cypher``); the next load makes it even again. Only ipgraph's own reads take
part: a query typed into Neo4j Browser during a load's commit is not checked.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import neo4j

from ipgraph.errors import EngineError
from ipgraph.resources import statement

log = logging.getLogger(__name__)

#: How long a reader waits for a load's commit to end before it gives up with an error.
WAIT_SECONDS = 300.0
#: Pause between two looks at a running commit.
POLL_SECONDS = 0.01


@dataclass(frozen=True)
class Version:
    """The graph's version: ``seq`` (odd while a writer commits) and that writer's token."""

    seq: int | None
    token: str | None

    @property
    def odd(self) -> bool:
        return self.seq is not None and self.seq % 2 == 1


NONE = Version(None, None)

#: A read transaction's bookmark (None where the driver gives none).
Mark = frozenset[str] | None

#: Runs one read statement (text, parameters) and returns its rows, unchecked.
Reader = Callable[[str, dict[str, object]], list[tuple[Any, ...]]]


class Versions:
    """The writer's and the reader's halves of the protocol, for one engine."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._local = threading.local()
        # Tokens of odd versions whose writer is gone: no need to ask the server again.
        self._stale: set[str] = set()
        self._texts = {n: statement(f"version/{n}") for n in ("read", "begin", "end", "running")}

    # The writer's half.

    @staticmethod
    def new_token() -> str:
        return uuid.uuid4().hex

    def _write(self, name: str, token: str) -> None:
        text = self._texts[name]

        @neo4j.unit_of_work(metadata={"app": "ipgraph", "query": f"version-{name}"})
        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(text, token=token).consume()

        with self.driver.session(database=self.database) as session:
            session.execute_write(work)

    def announce(self, token: str) -> None:
        """The transaction carrying ``token`` is about to commit (call it last in that
        transaction's work, before the commit)."""
        self._write("begin", token)

    def settle(self, token: str) -> None:
        """The transaction carrying ``token`` has ended (committed or not)."""
        try:
            self._write("end", token)
        except Exception:  # readers treat the odd version as stale once the transaction is gone
            log.warning("could not mark the end of a commit; the next load will", exc_info=True)

    @contextmanager
    def writing(self) -> Iterator[str]:
        """A token for one write transaction; the version is settled when the block ends."""
        token = self.new_token()
        try:
            yield token
        finally:
            self.settle(token)

    # The reader's half.

    def current(self, run: Reader) -> Version:
        rows = run(self._texts["read"], {})
        if not rows:
            return NONE
        seq, token = rows[0]
        return Version(int(seq) if seq is not None else None, str(token) if token else None)

    def now(self) -> Version:
        """The version as it is now (a read of its own, for tools and tests)."""

        def run(text: str, params: dict[str, object]) -> list[tuple[Any, ...]]:
            records, _, _ = self.driver.execute_query(
                text, params, database_=self.database, routing_=neo4j.RoutingControl.READ
            )
            return [tuple(record.values()) for record in records]

        return self.current(run)

    def _running(self, version: Version, run: Reader) -> bool:
        """Whether ``version`` is a commit in progress."""
        if not version.odd or version.token is None or version.token in self._stale:
            return False
        try:
            rows = run(self._texts["running"], {"token": version.token})
        except EngineError:  # SHOW TRANSACTIONS refused: nothing to wait for that we can see
            log.debug("cannot list transactions; taking the version as settled", exc_info=True)
            return False
        if rows and int(rows[0][0] or 0) > 0:
            return True
        self._stale.add(version.token)
        return False

    def _settled(self, run: Reader) -> Version:
        """The version once no commit is running (waiting for one that is)."""
        deadline = time.monotonic() + WAIT_SECONDS
        version = self.current(run)
        while self._running(version, run):
            if time.monotonic() > deadline:
                raise EngineError(
                    f"a load into Neo4j has been committing for over {WAIT_SECONDS:.0f} s; "
                    "try again when it has finished"
                )
            time.sleep(POLL_SECONDS)
            version = self.current(run)
        return version

    def checked[T](self, query: Callable[[], tuple[T, Mark]], run: Reader) -> T:
        """The answer of ``query()`` (which gives it with its transaction's bookmark), asked
        again until no commit overlapped it.

        A read transaction's bookmark names the last transaction the database had closed when
        the read ended. When it is the bookmark of the last query this thread checked in full
        (by the version read after it), no transaction has closed since that query ended: no
        writer's mark (its own transaction) either, so no writer's commit ran during this query,
        and the version read is not needed. Any commit in between changes the bookmark, and
        the read is checked in full.
        """
        state: tuple[Version, Mark] | None = getattr(self._local, "state", None)
        if state is None or self._running(state[0], run):
            before, mark = self._settled(run), None
        else:
            before, mark = state
        while True:
            answer, seen = query()
            if seen is not None and seen == mark:
                return answer
            after = self.current(run)
            if after == before and not self._running(after, run):
                self._local.state = (after, seen)
                return answer
            log.debug("a commit overlapped a read (%s -> %s); asking again", before, after)
            before, mark = self._settled(run), None
