"""The ``ipgraph`` command line: a thin click layer over :mod:`ipgraph.client`."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ipgraph import __version__
from ipgraph.cli.common import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    PARAM_OPTION,
    App,
    OneLineUsageErrors,
    check_output,
    counts_text,
    emit,
    progress,
)
from ipgraph.cli.query import query
from ipgraph.errors import ConfigError, IpgraphError
from ipgraph.loading import DEFAULT_BATCH_SIZE

# Commands imported only when used, so that `ipgraph query run` starts fast:
# name -> "module:attribute".
LAZY_COMMANDS = {
    "analyze": "ipgraph.cli.analyze:analyze",
    "browser": "ipgraph.cli.browser:browser",
    "catalogue": "ipgraph.cli.browser:catalogue",
    "coverage": "ipgraph.cli.coverage:coverage",
    "report": "ipgraph.cli.report:report",
    "synth": "ipgraph.cli.synth:synth",
}


class IpgraphGroup(OneLineUsageErrors, click.Group):
    """A group that prints an ``IpgraphError`` as one ``Error:`` line and exits 1.

    Commands in :data:`LAZY_COMMANDS` are imported when first asked for.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in LAZY_COMMANDS:
            return found
        import importlib

        module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IpgraphError as exc:
            _fail(ctx, exc, str(exc))
        except (click.exceptions.Exit, click.ClickException, click.Abort, BrokenPipeError):
            raise
        except Exception as exc:
            _fail(
                ctx,
                exc,
                f"unexpected failure: {type(exc).__name__}: {exc}. "
                "Run again with --debug for the traceback and report it",
            )


def _fail(ctx: click.Context, exc: BaseException, message: str) -> None:
    app = ctx.find_object(App)
    if app is not None and app.debug:
        traceback.print_exception(exc, file=sys.stderr)
    from ipgraph.config import redact

    text = redact(" ".join(message.split()))
    if not text.endswith((".", "?", "!")):
        text += "."
    click.echo(f"Error: {text}", err=True)
    ctx.exit(1)


@click.group(cls=IpgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--uri", help="Neo4j URI (else NEO4J_URI); without one, the embedded graph.")
@click.option("--database", help="Neo4j database (else NEO4J_DATABASE, default neo4j).")
@click.option(
    "--db-path",
    type=click.Path(path_type=Path),
    help="Embedded graph file (else IPGRAPH_DB, default in your data directory).",
)
@click.option(
    "--queries",
    type=click.Path(path_type=Path),
    envvar="IPGRAPH_QUERIES",
    help="Add the saved queries of this folder to the built-in ones (a query of the same name "
    "replaces the built-in one).",
)
@click.option(
    "--timeout",
    metavar="SECONDS",
    help="Stop a query that runs longer (else IPGRAPH_QUERY_TIMEOUT, default 300).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.option("-q", "--quiet", is_flag=True, help="Print results only: no progress or notes.")
@click.version_option(__version__, prog_name="ipgraph")
@click.pass_context
def cli(
    ctx: click.Context,
    uri: str | None,
    database: str | None,
    db_path: Path | None,
    queries: Path | None,
    timeout: str | None,
    debug: bool,
    quiet: bool,
) -> None:
    """Indo-Pacific security cooperation as a graph: load sourced data, run saved queries.

    Uses the embedded FalkorDB graph unless a Neo4j URI is given (--uri or NEO4J_URI).
    """
    import logging

    if debug:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    else:
        # Libraries' own warnings (the Neo4j driver's) would add lines to the one Error: line.
        root = logging.getLogger()
        if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
            root.addHandler(logging.NullHandler())
    from ipgraph.output import TABLE_WIDTH

    TABLE_WIDTH.set("terminal")  # until --wide or --max-width says otherwise
    app = App(
        uri=uri,
        database=database,
        db_path=db_path,
        queries=queries,
        timeout=timeout,
        debug=debug,
        quiet=quiet,
    )
    ctx.obj = app
    ctx.call_on_close(app.close)


@cli.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Rows per write statement.",
)
@click.pass_obj
def load(app: App, sources: Sequence[str], batch_size: int) -> None:
    """Check, then load data into the graph (default: the curated data in data/).

    SOURCE is 'curated' or a folder of CSV files in the curated format. The load replaces the
    graph's data, all or nothing: if any check fails or the load is interrupted, the graph
    stays as it was. Loading again changes nothing.
    """
    from ipgraph.dataset import read_sources

    graph = app.graph()
    dataset = read_sources(sources)
    with progress(app, dataset.estimate, "Loading") as bar:
        info = graph.load(
            dataset=dataset, batch_size=batch_size, progress=bar.update if bar is not None else None
        )
    app.info(f"Loaded {dataset.total()} rows into {info.engine} at {info.location}")
    click.echo(counts_text(info))


@cli.command()
@click.argument("sources", nargs=-1)
@click.pass_obj
def validate(app: App, sources: Sequence[str]) -> None:
    """Check data files without writing anything (default: the curated data in data/)."""
    from ipgraph.dataset import read_sources

    dataset = read_sources(sources).check()
    parts = ", ".join(f"{name} {count}" for name, count in dataset.counts.items())
    click.echo(f"OK: {dataset.total()} rows ({parts})")


@cli.command()
@click.pass_obj
def status(app: App) -> None:
    """Show the engine, where it is, its version and the graph's counts."""
    info = app.graph().status()
    click.echo(f"engine:        {info.engine}")
    click.echo(f"location:      {info.location}")
    click.echo(f"version:       {info.version}")
    click.echo(f"nodes:         {info.nodes}")
    click.echo(f"relationships: {info.relationships}")
    if info.labels or info.relationship_types:
        click.echo(counts_text(info))


@cli.command()
@click.option("--yes", is_flag=True, help="Confirm that every node and relationship goes.")
@click.pass_obj
def reset(app: App, yes: bool) -> None:
    """Empty the graph (every node and relationship)."""
    if not yes:
        raise ConfigError(
            "reset deletes every node and relationship: nothing done. Pass --yes to confirm"
        )
    graph = app.graph()
    deleted = graph.reset()
    app.info(f"Deleted {deleted} nodes from {graph.settings.engine} at {graph.settings.location}")


@cli.command()
@click.argument("text")
@PARAM_OPTION
@FORMAT_OPTION
@OUTPUT_OPTION
@click.option("--write", is_flag=True, help="Allow the statement to write.")
@click.pass_obj
def cypher(
    app: App,
    text: str,
    params: Sequence[tuple[str, str]],
    fmt: str,
    output: Path | None,
    write: bool,
) -> None:
    """Run ad-hoc Cypher, read-only unless --write.

    Parameter values are read as JSON when they parse (numbers, true/false, null, lists),
    else as text; write date(\\$d) in the query for a date.
    """
    from ipgraph.output import render
    from ipgraph.params import adhoc_values

    values = adhoc_values(params)
    check_output(app, output)
    result = app.graph().cypher(text, values, write=write)
    emit(app, render(result, fmt), output, len(result.rows))


cli.add_command(query)


def main() -> None:
    """Entry point of the ``ipgraph`` command."""
    try:
        cli(prog_name="ipgraph")
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
