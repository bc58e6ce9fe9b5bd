"""``ipgraph query``: list, show and run saved queries."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ipgraph.cli.common import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    PARAM_OPTION,
    App,
    check_output,
    emit,
)


@click.group()
def query() -> None:
    """List, show and run the saved queries."""


@query.command("list")
@click.argument("topic", required=False)
@click.pass_obj
def list_(app: App, topic: str | None) -> None:
    """List saved queries (of one TOPIC) with their one-line summaries."""
    from ipgraph.db.base import Result
    from ipgraph.output import to_table

    queries = app.catalogue().in_topic(topic)
    if any(q.origin == "user" for q in queries):
        result = Result(
            ["name", "origin", "summary"], [(q.name, q.origin, q.summary) for q in queries]
        )
    else:
        result = Result(["name", "summary"], [(q.name, q.summary) for q in queries])
    click.echo(to_table(result, clip=False))


@query.command()
@click.argument("name")
@click.pass_obj
def show(app: App, name: str) -> None:
    """Show a saved query: description, parameters and Cypher."""
    saved = app.saved(name)
    click.echo(f"{saved.name} ({saved.mode})")
    click.echo("")
    click.echo(saved.description)
    click.echo("")
    refs = dict(saved.refs)
    if saved.params:
        click.echo("Parameters:")
        for p in saved.params:
            notes = ["required" if p.required else f"default {p.default_text or 'null'}"]
            if p.name in refs:
                notes.append(f"must be a {refs[p.name].replace('_', ' ')} known to the graph")
            click.echo(f"  {p.name}: {p.type} ({'; '.join(notes)})")
    else:
        click.echo("Parameters: none")
    click.echo("")
    # The Cypher without its header comments: the description and parameters are above.
    lines = saved.text.rstrip().splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    click.echo("\n".join(lines))


@query.command()
@click.argument("name")
@PARAM_OPTION
@FORMAT_OPTION
@OUTPUT_OPTION
@click.option("--title", is_flag=True, help="Print the query's summary above a table.")
@click.option(
    "--with-sources",
    is_flag=True,
    help="List the sources (title, publisher, date, URL) beneath the result.",
)
@click.pass_obj
def run(
    app: App,
    name: str,
    params: Sequence[tuple[str, str]],
    fmt: str,
    output: Path | None,
    title: bool,
    with_sources: bool,
) -> None:
    """Run the saved query NAME, e.g. ipgraph query run raa.status -p as_of 2023-06-01."""
    import json

    from ipgraph.errors import ParameterError
    from ipgraph.output import jsonable, render, sources_text

    given = _given(params)
    if with_sources and fmt == "csv":
        raise ParameterError(
            "--with-sources cannot be shown in CSV. Use --format table, markdown or json"
        )
    saved = app.saved(name)
    bound = saved.bind(given)  # parameter errors before the engine is opened
    check_output(app, output)
    graph = app.graph()
    result = graph.run_bound(saved, bound)
    text = render(result, fmt)
    if with_sources:
        sources = graph.sources_of(result)
        if fmt == "json":
            text = json.dumps(
                {"rows": jsonable(result.records()), "sources": jsonable(sources.records())},
                ensure_ascii=False,
                indent=2,
            )
        else:
            text += "\n" + sources_text(sources, fmt)
    if title and fmt == "table":
        text = f"{saved.summary}\n\n{text}\n"
    emit(app, text, output, len(result.rows))
    if not result.rows and saved.topic != "quality":
        from ipgraph.coverage import EMPTY_NOTE

        app.info(EMPTY_NOTE)


def _given(params: Sequence[tuple[str, str]]) -> dict[str, str]:
    from ipgraph.params import given_once

    return given_once(params)


@query.command()
@click.argument("name")
@PARAM_OPTION
@click.option(
    "--browser-url",
    help="Neo4j Browser address (else IPGRAPH_BROWSER_URL, else port 7474 of the Neo4j host).",
)
@click.pass_obj
def browser(
    app: App, name: str, params: Sequence[tuple[str, str]], browser_url: str | None
) -> None:
    """Print a Neo4j Browser link that opens NAME, its parameters written in, in the editor.

    Open the link and run the query (Ctrl+Enter or the Run button) to see its table.
    """

    from ipgraph.browser import browser_base, open_link

    saved = app.saved(name)
    bound = saved.bind(_given(params))
    settings = app.settings()
    uri, database = settings.uri, settings.database
    click.echo(open_link(browser_base(uri, browser_url), saved, database, bound))
