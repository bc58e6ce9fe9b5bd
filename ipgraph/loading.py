"""Writing a checked dataset into a graph engine, all or nothing.

The dataset readers (``ipgraph/dataset/``) turn files into a :class:`Dataset`: a stream of
checked rows per load statement (``cypher/load/<statement>.cypher``), read from the files as
it is taken, so memory does not grow with the input. :func:`write_dataset` groups the rows
into batches of one statement (its ``UNWIND $rows`` Cypher and the rows) and hands them to the
engine's :meth:`~ipgraph.db.base.Engine.load`, which replaces the graph's ipgraph data
atomically: the embedded engine packs the rows into ``GRAPH.BULK`` commands
(:mod:`ipgraph.db.falkor_bulk`) that fill a staging graph, builds its indexes, and swaps it in
when every row is written and checked; Neo4j runs the statements in one transaction, or
stages a large load and swaps it in (:mod:`ipgraph.db.neo4j_load`). A bad
row anywhere, or an interruption, leaves the graph as it was. A large dataset is read and
checked in a second process while this one writes (:mod:`ipgraph.dataset.worker`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipgraph.db.base import Batch, Engine, ServerInfo
from ipgraph.resources import statement

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 5000

Row = dict[str, Any]


@dataclass
class Dataset:
    """A checked stream of ``(load statement, row)`` pairs, and what they write.

    ``reader`` starts a fresh pass over the files, checking as it goes (the first problem
    raises a :class:`~ipgraph.errors.DataError`). ``estimate`` is about how many rows there
    are (for progress); ``counts`` holds rows per statement once a pass has completed.
    ``folders`` are the ``(folder, label)`` pairs it reads, when a second process can read
    them (:mod:`ipgraph.dataset.worker`).
    """

    node_labels: dict[str, str]
    rel_types: dict[str, str]
    reader: Callable[[], Iterator[tuple[str, Row]]]
    estimate: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    folders: list[tuple[Path, str]] | None = None

    def rows(self) -> Iterator[tuple[str, Row]]:
        """Read and check the files, yielding each row as it passes."""
        counts: dict[str, int] = {}
        for name, row in self.reader():
            counts[name] = counts.get(name, 0) + 1
            yield name, row
        self.counts = counts

    def check(self) -> Dataset:
        """Read and check every file without writing; return the dataset with its counts."""
        for _ in self.rows():
            pass
        return self

    def total(self) -> int:
        """Rows counted by the last complete pass."""
        return sum(self.counts.values())

    def labels(self) -> list[str]:
        """Node labels the dataset writes."""
        return sorted(set(self.node_labels.values()))


def batches(
    dataset: Dataset, batch_size: int, progress: Callable[[int], None] | None = None
) -> Iterator[Batch]:
    """The dataset's rows as ``(statement name, Cypher, rows)`` batches, nodes first.

    Rows are buffered per statement; node batches are all sent before the first
    relationship batch, so every relationship finds its end nodes.
    """
    texts = {name: statement(f"load/{name}") for name in [*dataset.node_labels, *dataset.rel_types]}
    buffers: dict[str, list[Row]] = {}

    def flush(names: list[str]) -> Iterator[Batch]:
        for name in names:
            rows = buffers.pop(name, [])
            if rows:
                if progress is not None:
                    progress(len(rows))
                yield f"load/{name}", texts[name], rows

    nodes = dataset.node_labels
    nodes_buffered = False  # a node row may be waiting (then flushed before any relationship)
    for name, row in dataset.rows():
        if name in nodes:
            nodes_buffered = True
        elif nodes_buffered:
            yield from flush(list(nodes))
            nodes_buffered = False
        buffer = buffers.setdefault(name, [])
        buffer.append(row)
        if len(buffer) >= batch_size:
            yield from flush([name])
    yield from flush([*dataset.node_labels, *dataset.rel_types])


_DONE = object()


def prefetched(source: Iterator[Batch], depth: int = 2) -> Iterator[Batch]:
    """Take ``source`` in a background thread, up to ``depth`` batches ahead.

    Reading and checking the next rows (Python work) then overlaps with the engine writing
    the current batch (a wait on a socket, which lets the other thread run). An exception in
    ``source`` is raised here, in order; closing this generator early stops the thread.
    """
    import queue
    import threading

    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in source:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)
            return
        put(_DONE)

    thread = threading.Thread(target=produce, name="ipgraph-load-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def write_dataset(
    engine: Engine,
    dataset: Dataset,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ServerInfo:
    """Replace the graph's ipgraph data with the dataset, atomically; return the counts.

    Nothing changes unless every row is read, checked and written. A large dataset is read
    and checked in a second process, beside the writing (:mod:`ipgraph.dataset.worker`).
    """
    from ipgraph.dataset import worker

    def source() -> Iterator[Batch]:
        if dataset.folders is not None and worker.wanted(dataset.estimate):
            log.debug("reading and checking in a second process")

            def done(counts: dict[str, int]) -> None:
                dataset.counts = counts

            # Read in this thread: its reads wait on the pipe, and the child works meanwhile.
            return worker.checked_batches(dataset.folders, batch_size, progress, done)
        return prefetched(batches(dataset, batch_size, progress))

    engine.load(source, labels=dataset.labels())
    log.info("loaded %d rows", dataset.total())
    return engine.describe()
