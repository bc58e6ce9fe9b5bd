"""What the ``ipgraph`` commands share: global state, options and output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ipgraph.errors import ConfigError

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="How to print the result.",
)
OUTPUT_OPTION = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the result to this file instead of standard output.",
)
PARAM_OPTION = click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    nargs=2,
    type=(str, str),
    metavar="KEY VALUE",
    help="A query parameter; repeat for more.",
)


@dataclass
class App:
    """Global options and the lazily opened graph."""

    uri: str | None = None
    database: str | None = None
    db_path: Path | None = None
    queries: Path | None = None
    debug: bool = False
    quiet: bool = False
    _graph: Any = field(default=None, repr=False)
    _catalogue: Any = field(default=None, repr=False)

    def catalogue(self) -> Any:
        """The saved-query :class:`ipgraph.queries.Catalogue` (``--queries`` or built-in)."""
        if self._catalogue is None:
            from ipgraph.queries import Catalogue

            self._catalogue = Catalogue.load(self.queries)
        return self._catalogue

    def graph(self) -> Any:
        """The :class:`ipgraph.client.Graph` for these options (opened on first use)."""
        if self._graph is None:
            from ipgraph.client import Graph

            self._graph = Graph(uri=self.uri, database=self.database, db_path=self.db_path)
        return self._graph

    def info(self, message: str) -> None:
        """A progress or summary line on standard error, unless ``-q``."""
        if not self.quiet:
            click.echo(message, err=True)

    def close(self) -> None:
        """Close the graph, if it was opened."""
        if self._graph is not None:
            self._graph.close()
            self._graph = None


def emit(app: App, text: str, output: Path | None, rows: int) -> None:
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot write {output}: {exc.strerror or exc}. Choose another --output path"
        ) from exc
    app.info(f"Wrote {rows} row{'s' if rows != 1 else ''} to {output}")


@contextmanager
def progress(app: App, total: int, label: str) -> Iterator[Any]:
    if app.quiet or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar


def counts_text(info: Any) -> str:
    from ipgraph.db.base import Result
    from ipgraph.output import to_table

    rows = [("node", k, v) for k, v in info.labels.items()]
    rows += [("relationship", k, v) for k, v in info.relationship_types.items()]
    return to_table(Result(["kind", "name", "count"], rows))
