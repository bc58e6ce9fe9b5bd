"""Neo4j loads larger than one transaction: a staged generation, swapped in at once.

A load that fits in the server's transaction memory is one transaction (``Neo4jEngine.load``).
A larger one is written here, in three steps:

1. **Stage.** Under the load lock (an open transaction holding ``cypher/load/lock.cypher``),
   delete what an earlier, interrupted large load left (staging and old-generation nodes),
   then write every batch in its own transaction under staging labels (``IpgraphNext_Country``
   for ``Country``, ...). Saved queries start from the real labels, so they never see it.
2. **Swap.** In the lock's transaction: the current nodes of each loaded label become the old
   generation (``IpgraphOld_Country``), the staged nodes take the real labels, commit. Readers
   see the old graph until this commit and the new one after it (the commit is marked on the
   graph's version, :mod:`ipgraph.db.neo4j_version`, which ipgraph's reads check, so none
   answers from a commit half applied). A label change is transaction
   state too (:data:`SWAP_NEW_BYTES` per staged node, :data:`SWAP_OLD_BYTES` per old one), so
   the swap has a size limit of its own: past it the load stops before the swap, deletes the
   staged nodes and leaves the graph as it was.
3. **Clean.** Delete the old generation in batches (under the lock again).

A crash or a kill leaves staging or old-generation nodes; the next large load deletes them
first. Both kinds carry a label starting ``Ipgraph``, which the status counts and the saved
queries that match any node or relationship leave out.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence

import neo4j

from ipgraph.db.base import Batch
from ipgraph.db.neo4j_version import Versions
from ipgraph.resources import statement

log = logging.getLogger(__name__)

STAGED = "IpgraphNext_"
OLD = "IpgraphOld_"
#: Transaction memory a one-transaction load needs per row, with a margin (measured: about
#: 3.3 KB per row of the synthetic data on Neo4j 5.26).
ROW_BYTES = 4096
#: A load of more rows than this is staged even where one transaction could hold it: the rows
#: of a one-transaction load are read and checked before the first is sent (to know that they
#: fit), which a large load would wait for without writing.
ONE_TRANSACTION_ROWS = 50_000
#: Transaction memory the swap needs per node (measured on Neo4j 5.26 with 100,000 nodes: a
#: staged node that takes its real label about 2.0 KB, a current node that becomes old 1.4 KB).
SWAP_NEW_BYTES = 2048
SWAP_OLD_BYTES = 1434
#: What deleting the old graph costs in the one transaction of a small load (measured: about
#: 1.8 KB per relationship, 0.15 KB per node).
DELETE_RELATIONSHIP_BYTES = 2048
DELETE_NODE_BYTES = 256
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_bytes(value: str) -> int:
    """``'512.00MiB'`` (as ``SHOW SETTINGS`` gives it) in bytes; 0 when unknown."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?)i?B?\s*", value, re.IGNORECASE)
    if match is None:
        return 0
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def transaction_budget(settings: Iterable[tuple[str, str]]) -> int | None:
    """The smallest non-zero transaction memory limit in bytes, or None for no limit."""
    limits = [b for b in (parse_bytes(value) for _, value in settings) if b > 0]
    return min(limits) if limits else None


def relabel(text: str, names: dict[str, str]) -> str:
    """``text`` with each node label ``:Name`` of ``names`` replaced by its value.

    Labels cannot be parameters; only label names ipgraph declares go into the text.
    """
    if not names:
        return text
    pattern = re.compile(r":(" + "|".join(map(re.escape, names)) + r")\b")
    return pattern.sub(lambda m: ":" + names[m.group(1)], text)


def staged_batch(batch: Batch, labels: Sequence[str]) -> Batch:
    """The batch writing under the staging labels instead of the real ones."""
    tag, cypher, rows = batch
    return tag, relabel(cypher, {label: STAGED + label for label in labels}), rows


def staged_constraints(statements: Iterable[str]) -> list[str]:
    """The staging copies of the unique constraints on ipgraph's labels.

    Relationship batches find their staged end nodes through them, as through the real ones.
    """
    copies = []
    for text in statements:
        match = re.match(r"\s*CREATE\s+CONSTRAINT\s+(\w+)(.*)", text, re.IGNORECASE | re.DOTALL)
        label = re.search(r"\(\w+:(\w+)\)", text)
        if match is None or label is None or label.group(1).startswith("Ipgraph"):
            continue
        body = relabel(match.group(2), {label.group(1): STAGED + label.group(1)})
        copies.append(f"CREATE CONSTRAINT {STAGED.lower()}{match.group(1)}{body}")
    return copies


class StagedLoad:
    """One large load on a driver (see the module's docstring)."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        labels: Sequence[str],
        budget: int,
        versions: Versions,
    ) -> None:
        self.driver = driver
        self.versions = versions
        # Rows per staging transaction: a quarter of the server's transaction memory.
        self.chunk = max(1, budget // (ROW_BYTES * 4))
        self.database = database
        self.labels = list(labels)

    def _write(self, cypher: str, tag: str, **params: object) -> int:
        @neo4j.unit_of_work(metadata={"app": "ipgraph", "query": tag})
        def work(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(cypher, params).single()
            return int(record[0]) if record is not None else 0

        with self.driver.session(database=self.database) as session:
            return int(session.execute_write(work))

    def delete_generations(self, prefixes: Sequence[str]) -> int:
        """Delete every node of a staging or old label of ``prefixes``, in batches."""
        total = 0
        for prefix in prefixes:
            for label in self.labels:
                names = {"Generation": prefix + label}
                for name in ("delete_relationships", "delete_nodes"):
                    text = relabel(statement(f"load/staged/{name}"), names)
                    while deleted := self._write(text, "load-clean", limit=self.chunk):
                        total += deleted
        if total:
            log.info("deleted %d staged or old nodes and relationships", total)
        return total

    def _locked(self, session: neo4j.Session, token: str | None = None) -> neo4j.Transaction:
        metadata = {"app": "ipgraph", "query": "load-swap"}
        if token is not None:
            metadata["token"] = token
        tx = session.begin_transaction(metadata=metadata)
        tx.run(statement("load/lock")).consume()
        return tx

    def run(self, batches: Iterable[Batch], swap_check: Callable[[int, int], None]) -> None:
        """Stage the batches, swap them in, delete the old generation.

        ``swap_check`` gets the numbers of staged and current nodes the swap will relabel, and
        may raise to stop before the swap (the staged nodes are then deleted).
        """
        with (
            self.versions.writing() as token,
            self.driver.session(database=self.database) as lock_session,
        ):
            tx = self._locked(lock_session, token)
            try:
                self.delete_generations([STAGED, OLD])
                for batch in batches:
                    tag, cypher, rows = staged_batch(batch, self.labels)
                    log.debug("load %s (staged): %d rows", tag, len(rows))
                    for start in range(0, len(rows), self.chunk):
                        self._write(cypher, tag, rows=rows[start : start + self.chunk])
                    rows.clear()
                log.info("staged; swapping")
                swap_check(*self._nodes_to_swap(tx))
                for label in self.labels:
                    names = {"Current": label, "Old": OLD + label, "Staged": STAGED + label}
                    tx.run(relabel(statement("load/staged/retire"), names)).consume()
                    tx.run(relabel(statement("load/staged/publish"), names)).consume()
                tx.run(statement("load/unlock")).consume()
                self.versions.announce(token)
                tx.commit()
                log.info("swapped in")
            except BaseException:
                with contextlib.suppress(Exception):
                    tx.rollback()
                try:
                    self.delete_generations([STAGED])
                except Exception:  # the next load deletes them
                    log.warning("could not delete the staged nodes", exc_info=True)
                raise
        # The new graph is committed: a failure from here on leaves old-generation nodes, which
        # no query sees and the next load deletes.
        try:
            with self.driver.session(database=self.database) as lock_session:
                tx = self._locked(lock_session)
                try:
                    self.delete_generations([OLD])
                    tx.run(statement("load/unlock")).consume()
                    tx.commit()
                finally:
                    with contextlib.suppress(Exception):
                        tx.rollback()
        except Exception:
            log.warning("could not delete the old graph; the next load will", exc_info=True)

    def _nodes_to_swap(self, tx: neo4j.Transaction) -> tuple[int, int]:
        """How many nodes the swap relabels: (staged, current)."""
        staged = current = 0
        for label in self.labels:
            for name in (label, STAGED + label):
                text = relabel(statement("load/staged/count"), {"Generation": name})
                count = int(tx.run(text).single(strict=True)[0])
                if name == label:
                    current += count
                else:
                    staged += count
        return staged, current
