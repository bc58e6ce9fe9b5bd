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
            added = np.frombuffer(self._added, dtype=np.int64)
            if len(self._sorted):
                added = np.concatenate([self._sorted, added])
            self._sorted = np.sort(added)
            del added
            self._added = array("q")
        return bool(len(self._sorted) > 1 and (self._sorted[1:] == self._sorted[:-1]).any())

    def contains(self, digests: Iterable[int]) -> Any:
        """A boolean array: is each digest in the (frozen) set?"""
        query = np.fromiter(digests, dtype=np.int64)
        if not len(self._sorted):
            return np.zeros(len(query), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, query), len(self._sorted) - 1)
        return self._sorted[at] == query

    def within(self, other: DigestSet) -> bool:
        """Is every digest of this (frozen) set also in ``other``?"""
        return bool(np.isin(self._sorted, other._sorted).all())

    def counted(self, minimum: int) -> DigestSet:
        """The digests added at least ``minimum`` times, as a new frozen set."""
        self.freeze()
        values, counts = np.unique(self._sorted, return_counts=True)
        result = DigestSet()
        result._sorted = values[counts >= minimum]
        return result
