"""Compact sets of ids, so that checking references in big files takes little memory.

An id is kept as a 64-bit digest (Python's own string hash, stable within a process) in an
array: 8 bytes each, against well over a hundred for a Python string in a dict. Two different
ids sharing a digest is about as likely as one in 10^8 at a million ids; where that would
matter (a reported duplicate), the caller confirms it by reading the file again. Digests never
leave the process.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

import numpy as np


def digest(value: str) -> int:
    """The 64-bit digest of an id."""
    return hash(value)


class DigestSet:
    """Digests added one by one, then frozen (sorted) to answer membership in bulk."""

    def __init__(self) -> None:
        self._added = array("q")
        self._sorted: Any = np.empty(0, dtype=np.int64)

    def add(self, value: str) -> None:
        """Add an id."""
        self._added.append(hash(value))

    def add_all(self, values: Iterable[str]) -> None:
        """Add ids."""
        self._added.extend(map(hash, values))

    def freeze(self) -> bool:
        """Sort what was added; return True when some digest was added twice."""
        if self._added:
            # Sorted where they lie (the array's buffer), so that no second copy is made.
            added = np.frombuffer(self._added, dtype=np.int64)
            if len(self._sorted):
                added = np.concatenate([self._sorted, added])
            added.sort()
            self._sorted = added
            self._added = array("q")
        return bool(len(self._sorted) > 1 and (self._sorted[1:] == self._sorted[:-1]).any())

    def contains(self, digests: Iterable[int]) -> Any:
        """A boolean array: is each digest in the (frozen) set?"""
        query = np.fromiter(digests, dtype=np.int64)
        if not len(self._sorted):
            return np.zeros(len(query), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, query), len(self._sorted) - 1)
        return self._sorted[at] == query


class Counts:
    """How many times each id of a frozen :class:`DigestSet` is counted: 4 bytes an id,
    however many times they are counted (an id not in the set is not counted)."""

    def __init__(self, ids: DigestSet) -> None:
        self._ids = ids._sorted
        self._counts = np.zeros(len(self._ids), dtype=np.int32)

    def add(self, value: str) -> None:
        """Count an id once."""
        self.add_all([value])

    def add_all(self, values: Iterable[str]) -> None:
        """Count each id once."""
        query = np.fromiter(map(hash, values), dtype=np.int64)
        if not len(self._ids) or not len(query):
            return
        at = np.minimum(np.searchsorted(self._ids, query), len(self._ids) - 1)
        np.add.at(self._counts, at[self._ids[at] == query], 1)

    def of(self, value: str) -> int:
        """How many times the id was counted."""
        at = int(np.searchsorted(self._ids, hash(value)))
        return int(self._counts[at]) if at < len(self._ids) and self._ids[at] == hash(value) else 0

    def all_at_least(self, minimum: int) -> bool:
        """Was every id of the set counted at least ``minimum`` times?"""
        return bool((self._counts >= minimum).all())
