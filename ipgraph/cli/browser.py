"""``ipgraph browser`` (the Neo4j Browser guide and style sheet) and ``ipgraph catalogue``."""

from __future__ import annotations

from pathlib import Path

import click

from ipgraph.cli.common import App

_DIR = click.Path(path_type=Path, file_okay=False)


@click.group()
def browser() -> None:
    """The Neo4j Browser guide and style sheet (docker compose serves both)."""


@browser.command()
@click.option("--output", "output", type=_DIR, required=True, help="Folder to write guide.html to.")
@click.pass_obj
def guide(app: App, output: Path) -> None:
    """Write the Browser guide of the saved queries: a slide per topic, with each query's
    description, a runnable block of :param lines and the query.

    Play it with ':guide URL' (or ':play URL') once it is served; 'docker compose up' serves
    cypher/browser/, where 'ipgraph browser guide --output cypher/browser' keeps it current.
    """
    from ipgraph.guide import write_guide

    catalogue = app.catalogue()
    path = write_guide(catalogue, output)
    app.info(f"Wrote {path} ({len(catalogue)} queries in {len(catalogue.topics())} topics)")


@browser.command()
@click.option(
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the style sheet to this file (default: standard output).",
)
@click.pass_obj
def style(app: App, output: Path | None) -> None:
    """Print the Browser style sheet (colour, size and caption of each label).

    Apply it in Browser with ':style URL' where it is served, or paste it after ':style '.
    """
    from ipgraph.guide import style_text, write_text

    text = style_text()
    if output is None:
        click.echo(text, nl=False)
        return
    write_text(output, text)
    app.info(f"Wrote {output}")


@click.command()
@click.option("--output", "output", type=_DIR, required=True, help="Folder to write index.html to.")
@click.option(
    "--browser-url",
    help="Neo4j Browser address for the links (else IPGRAPH_BROWSER_URL, else port 7474 of "
    "the Neo4j host, else http://localhost:7474/browser/).",
)
@click.pass_obj
def catalogue(app: App, output: Path, browser_url: str | None) -> None:
    """Write the saved-query catalogue as one self-contained HTML page: each query's
    description, parameters, Cypher and an 'Open in Neo4j Browser' link."""
    from ipgraph.browser import browser_base
    from ipgraph.catalogue_html import write_catalogue

    saved = app.catalogue()
    settings = app.settings()
    uri, database = settings.uri, settings.database
    path = write_catalogue(saved, output, browser_base(uri, browser_url), database)
    app.info(f"Wrote {path} ({len(saved)} queries)")
