"""What the data covers, and what it does not: ``ipgraph coverage``.

Runs the saved queries ``quality.coverage`` (agreements per country and type, entry into
force recorded) and ``quality.post_coverage`` (posts per country), with the totals of
``cypher/admin/coverage_totals.cypher``, and writes them as text tables or as the Markdown
section of ``data/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ipgraph.resources import data_dir, replace_section, statement

if TYPE_CHECKING:
    from ipgraph.client import Graph
    from ipgraph.db.base import Result

START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
EMPTY_NOTE = (
    "None recorded in ipgraph's data (an empty answer is not evidence that there is none); "
    "see 'ipgraph coverage'."
)


@dataclass(frozen=True)
class Coverage:
    """The totals and the two tables."""

    reviewed: str
    agreements: int
    countries: int
    largest: int
    current: int
    in_force_recorded: int
    by_country: Result
    posts: Result

    def summary(self) -> list[str]:
        """The totals, one line each."""
        share = 100 * self.largest / self.agreements if self.agreements else 0.0
        recorded = 100 * self.in_force_recorded / self.current if self.current else 0.0
        return [
            f"Curated data last reviewed: {self.reviewed}.",
            f"{self.agreements} agreements (earlier versions included); {self.countries} "
            f"countries are party to at least one; the largest share of one country is "
            f"{share:.1f} %.",
            f"Entry into force recorded for {self.in_force_recorded} of the {self.current} "
            f"agreements that are signed and not terminated ({recorded:.0f} %); the others "
            "are not yet in force or their date was not found (each says which in its notes).",
        ]


def reviewed_date() -> str:
    """The date the curated data was last reviewed (``data/reviewed.txt``)."""
    try:
        return (data_dir() / "reviewed.txt").read_text(encoding="utf-8").strip()
    except OSError:
        return "unknown"


def coverage(graph: Graph) -> Coverage:
    """Measure what the graph holds."""
    totals = graph.cypher(statement("admin/coverage_totals")).records()[0]
    return Coverage(
        reviewed=reviewed_date(),
        agreements=totals["agreements"],
        countries=totals["countries"],
        largest=totals["largest"],
        current=totals["current"],
        in_force_recorded=totals["inForceRecorded"],
        by_country=graph.query("quality.coverage"),
        posts=graph.query("quality.post_coverage"),
    )


def markdown(cov: Coverage) -> str:
    """The Markdown section of ``data/README.md`` (between the coverage markers)."""
    from ipgraph.output import render

    return "\n".join(
        [
            START,
            "",
            "Written by `ipgraph coverage --markdown` on the curated data (a test fails while it",
            "differs).",
            "",
            *[f"- {line}" for line in cov.summary()],
            "",
            "**Agreements per country and type** (`quality.coverage`; `current` = signed and",
            "not terminated, `inForceRecorded` = of those, with an entry-into-force date):",
            "",
            render(cov.by_country, "markdown"),
            "",
            "**Posts** (`quality.post_coverage`; holders without gap or overlap from",
            "2015-01-01, checked by `quality.post_gaps`):",
            "",
            render(cov.posts, "markdown"),
            "",
            END,
        ]
    )


def rewrite(path: Path, cov: Coverage) -> None:
    """Replace the coverage section of a README."""
    replace_section(path, START, END, markdown(cov))
