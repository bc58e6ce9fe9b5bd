"""``ipgraph coverage``: what the data covers, and what it does not."""

from __future__ import annotations

from pathlib import Path

import click

from ipgraph.cli.common import App


@click.command()
@click.option("--markdown", is_flag=True, help="Print the Markdown section of data/README.md.")
@click.option(
    "--readme",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Rewrite the coverage section of this README (e.g. data/README.md).",
)
@click.pass_obj
def coverage(app: App, markdown: bool, readme: Path | None) -> None:
    """Agreements per country and type, entry into force recorded, posts per country."""
    from ipgraph import coverage as cov
    from ipgraph.errors import ConfigError
    from ipgraph.output import render

    measured = cov.coverage(app.graph())
    if readme is not None:
        if cov.START not in readme.read_text(encoding="utf-8"):
            raise ConfigError(
                f"{readme} has no '{cov.START}' marker. Add the markers where the section goes"
            )
        cov.rewrite(readme, measured)
        app.info(f"Wrote the coverage section of {readme}")
        return
    if markdown:
        click.echo(cov.markdown(measured))
        return
    click.echo("\n".join(measured.summary()))
    click.echo("\nAgreements per country and type (quality.coverage):\n")
    click.echo(render(measured.by_country, "table"))
    click.echo("\nPosts per country (quality.post_coverage):\n")
    click.echo(render(measured.posts, "table"))
