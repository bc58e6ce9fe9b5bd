"""``ipgraph synth``: write a synthetic dataset in the curated format."""

from __future__ import annotations

from pathlib import Path

import click

from ipgraph.dataset.synth import DEFAULT_AGREEMENTS, DEFAULT_COUNTRIES
from ipgraph.errors import ConfigError


@click.command()
@click.option(
    "--countries",
    type=int,
    default=DEFAULT_COUNTRIES,
    show_default=True,
    help="How many countries (real ISO codes, 2 to 250).",
)
@click.option(
    "--agreements",
    type=int,
    help=f"How many agreements [default: {DEFAULT_AGREEMENTS}].",
)
@click.option(
    "--relationships",
    type=int,
    help="Instead of --agreements: exactly this many relationships in the graph.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Folder to write the CSV files into (created if missing).",
)
@click.option("--force", is_flag=True, help="Overwrite dataset files already in the folder.")
def synth(
    countries: int,
    agreements: int | None,
    relationships: int | None,
    seed: int,
    output: Path | None,
    force: bool,
) -> None:
    """Write a synthetic dataset in the curated format, for benchmarks and tests.

    The eleven CSV files pass 'ipgraph validate' and load with 'ipgraph load DIR'. Nothing in
    them is a fact: names say "Synthetic" and sources point at example.org. The same
    arguments give the same bytes. Each agreement adds about 4.8 relationships (parties, an
    event and its participants); memberships and posts add about 6 per country.
    """
    from ipgraph.dataset.synth import generate

    if output is None:
        raise ConfigError("no output folder: nothing written. Pass --output DIR")
    summary = generate(
        output,
        countries=countries,
        agreements=agreements,
        relationships=relationships,
        seed=seed,
        force=force,
    )
    rels = ", ".join(f"{name} {count}" for name, count in summary.relationships.items())
    rows = ", ".join(f"{name} {count}" for name, count in summary.rows.items())
    click.echo(f"Wrote {summary.total_rows} rows to {output}: {rows}")
    click.echo(f"Relationships: {summary.total_relationships} ({rels})")
