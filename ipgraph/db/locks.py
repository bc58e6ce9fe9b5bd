"""Locks between processes on one embedded graph, as files beside the graph file.

``<file>.server.lock``  held while a process starts or stops the shared server.
``<file>.write.lock``   held by a writer for its whole write (a load: from its first batch to
                        its save), so that writers run one after another.
``<file>.swap.lock``    a reader/writer lock: every statement holds it shared; swapping a
                        graph in (``RENAME``) and saving the snapshot (``SAVE``) hold it
                        exclusively, and only for those few milliseconds. The server never
                        runs a statement while it saves, or while the graph it reads is renamed.
``<file>.gate.lock``    a turnstile in front of the swap lock: a process that waits for the
                        swap lock exclusively holds the gate, so that new readers queue behind
                        it instead of keeping it waiting for ever.

They are ``flock`` locks: the kernel lets them go when the process that holds them dies, so a
killed process never leaves a graph locked. Each use opens its own file handle, so threads of
one process exclude each other as processes do.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
from collections.abc import Iterator
from pathlib import Path

from ipgraph.config import lock_timeout
from ipgraph.errors import EngineError

log = logging.getLogger(__name__)


class GraphLocks:
    """The lock files of the embedded graph at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _file(self, kind: str) -> Path:
        return self.path.with_name(f"{self.path.name}.{kind}.lock")

    @contextlib.contextmanager
    def hold(self, kind: str, *, shared: bool = False, wait: bool = True) -> Iterator[bool]:
        """Hold ``<file>.<kind>.lock``; yield False at once when ``wait`` is False and another
        process holds it. Waiting longer than ``IPGRAPH_LOCK_TIMEOUT`` is an EngineError."""
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        timeout = lock_timeout()
        with open(self._file(kind), "a+b") as handle:
            deadline = time.monotonic() + timeout
            pause = 0.001
            while True:
                try:
                    fcntl.flock(handle, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not wait:
                        yield False
                        return
                    if time.monotonic() >= deadline:
                        raise EngineError(
                            f"another ipgraph process has been writing the embedded graph at "
                            f"{self.path} for over {timeout:g} s. Try again when it has finished"
                        ) from None
                    log.debug("waiting for another ipgraph process (%s lock)", kind)
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def statement(self) -> Iterator[None]:
        """Shared: while a statement runs, no graph is swapped in and no snapshot is taken."""
        with self.hold("gate", shared=True):
            pass
        with self.hold("swap", shared=True):
            yield

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Exclusive: no statement runs meanwhile (for ``RENAME``, ``DELETE`` and ``SAVE``)."""
        with self.hold("gate"), self.hold("swap"):
            yield
