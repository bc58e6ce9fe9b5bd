"""The benchmark's time budget: one overall limit, shared out as a time limit for each step.

A step's limit comes from the time the same step took at the previous size, scaled by the
size, while every later step keeps at least a small slice of what is left; so the small sizes
finish and the largest takes the rest.
"""

from __future__ import annotations

import sys
import time
from typing import Any

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
Step = tuple[str, str, str]  # (engine, size, what)


def norust_size(sizes: list[str]) -> str:
    """The size at which a Neo4j load is measured again without the driver's Rust extension:
    100k (where it matters and fits the budget), else the smallest."""
    return "100k" if "100k" in sizes else sizes[0]


class Clock:
    """The overall budget, and progress lines on stderr."""

    def __init__(self, budget: float) -> None:
        self.start = time.perf_counter()
        self.deadline = self.start + budget

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def log(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.start:5.0f}s] {message}", file=sys.stderr, flush=True)


class Budget:
    """The timed steps still to come, and a time limit for each.

    ``results`` is the run's results, read for what the steps took so far.
    """

    def __init__(self, clock: Clock, sizes: list[str], results: dict[str, Any]) -> None:
        self.clock = clock
        self.sizes = sizes
        self.results = results
        self.pending: list[Step] = []

    def plan(self, engines: list[str]) -> None:
        """The timed steps to come, in the order they run."""
        for index, size in enumerate(self.sizes):
            for engine in engines:
                if index == 0:
                    self.pending.append((engine, size, "naive"))
                self.pending += [(engine, size, kind) for kind in ("load", "headline", "raw")]
                if engine == "falkordb":
                    self.pending.append((engine, size, "bulk"))
                if engine == "neo4j" and size == norust_size(self.sizes):
                    self.pending.append((engine, size, "norust"))

    def predict(self, step: Step) -> float:
        """Expected seconds: the same step at the previous size, scaled by the size."""
        engine, size, kind = step
        if kind == "norust":  # as long as the load of the same size (a little longer)
            kind = "load"
        if kind == "naive":
            return 30.0
        index = self.sizes.index(size)
        if kind == "headline":
            past = [
                h["wall_s"]
                for h in self.results["headlines"]
                if h["engine"] == engine and index and h["size"] == self.sizes[index - 1]
            ]
            return min(90.0, 10 * past[0]) if past else 20.0
        if index > 0:
            before = self.sizes[index - 1]
            for row in self.results["load"]:
                if row["engine"] == engine and row["size"] == before:
                    measured = row[kind]
                    if measured.get("ok"):
                        return float(measured["wall_s"]) * SIZES[size] / SIZES[before]
                    return float(measured.get("wall_s") or 60) * SIZES[size] / SIZES[before]
        return SIZES[size] / 1000  # nothing measured yet: assume 1,000 relationships/s

    def timeout(self, step: Step, floor: float = 20.0) -> float:
        """A time limit for ``step``: up to 1.5x its expected time plus 30 s, but leaving
        every later step at least a small slice of the budget (so small sizes finish and
        the largest takes what is left)."""
        if step in self.pending:
            self.pending.remove(step)
        remaining = self.clock.remaining() - 10
        # A later step that cannot finish in what is left anyway keeps only a token slice.
        later = sum(
            20.0 if self.predict(s) > remaining else min(self.predict(s), 40.0) + 5
            for s in self.pending
        )
        available = remaining - later
        return max(floor, min(available, 1.5 * self.predict(step) + 30))

    def skip(self, engine: str, size: str, kinds: set[str]) -> None:
        """Drop what is left of ``engine`` at ``size``, and its ``kinds`` at larger sizes."""
        self.pending = [
            s for s in self.pending if s[0] != engine or (s[1] != size and s[2] not in kinds)
        ]
