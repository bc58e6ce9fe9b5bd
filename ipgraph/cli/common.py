"""What the ``ipgraph`` commands share: global state, options and output."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from ipgraph.errors import ConfigError


def _table_width(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """Store --wide / --max-width for the table renderer (one of them, at most)."""
    from ipgraph.output import TABLE_WIDTH

    if value is None or value is False:
        return
    if ctx.meta.get("ipgraph.table_width"):
        raise click.UsageError("give --wide or --max-width, not both")
    ctx.meta["ipgraph.table_width"] = param.name
    TABLE_WIDTH.set(None if param.name == "wide" else int(value))


def FORMAT_OPTION(command: Any) -> Any:
    """--format, and for the table format --wide and --max-width."""
    command = click.option(
        "--max-width",
        type=click.IntRange(min=20),
        expose_value=False,
        callback=_table_width,
        metavar="N",
        help="Table: fit in N columns (default: the terminal's width when printing to one).",
    )(command)
    command = click.option(
        "--wide",
        is_flag=True,
        expose_value=False,
        callback=_table_width,
        help="Table: cut no cell, whatever the terminal's width.",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json", "markdown"]),
        default="table",
        show_default=True,
        help="How to print the result.",
    )(command)


OUTPUT_OPTION = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the result to this file instead of standard output.",
)


_F = TypeVar("_F", bound=Callable[..., Any])


def param_option(help_text: str) -> Callable[[_F], _F]:
    """``-p KEY VALUE`` (repeatable), as saved queries and reports take their parameters."""
    return click.option(
        "-p",
        "--param",
        "params",
        multiple=True,
        nargs=2,
        type=(str, str),
        metavar="KEY VALUE",
        help=help_text,
    )


PARAM_OPTION = param_option("A query parameter; repeat for more.")


class OneLineUsageErrors:
    """Mixin for the top click group: a malformed command line is one ``Error:`` line.

    click prints a usage error as four lines (usage, a hint, a blank line, the error); this
    prints ``Error: <what is wrong>. See '<command> --help'.`` and keeps click's exit status 2.
    Use it first among the bases: ``class IpgraphGroup(OneLineUsageErrors, click.Group)``.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            context: click.Context = super().make_context(  # type: ignore[misc]
                info_name, args, parent=parent, **extra
            )
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _usage_exit(exc) from None
        return context

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _usage_exit(exc) from None


def usage_error_line(exc: click.UsageError) -> str:
    """A click usage error as one ``Error:`` line that says where to find the usage."""
    from ipgraph.config import redact

    text = redact(" ".join(exc.format_message().split())).rstrip(".")
    if text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    command = exc.ctx.command_path if exc.ctx is not None else "ipgraph"
    return f"Error: {text}. See '{command} --help'."


def _usage_exit(exc: click.UsageError) -> click.exceptions.Exit:
    click.echo(usage_error_line(exc), err=True)
    return click.exceptions.Exit(exc.exit_code)


@dataclass
class App:
    """Global options and the lazily opened graph."""

    uri: str | None = None
    database: str | None = None
    db_path: Path | None = None
    queries: Path | None = None
    timeout: str | None = None
    debug: bool = False
    quiet: bool = False
    _graph: Any = field(default=None, repr=False)
    _catalogue: Any = field(default=None, repr=False)

    def catalogue(self) -> Any:
        """The saved-query :class:`ipgraph.queries.Catalogue`: the built-in queries, with
        those of ``--queries`` added (replacing built-ins of the same name)."""
        if self._catalogue is None:
            from ipgraph.queries import Catalogue

            self._catalogue = Catalogue.with_user(self.queries)
        return self._catalogue

    def saved(self, name: str) -> Any:
        """The saved query ``name`` as :meth:`catalogue` has it, parsing only its own file
        (see :func:`ipgraph.queries.find_saved`) unless the catalogue is already loaded."""
        if self._catalogue is not None:
            return self._catalogue.get(name)
        from ipgraph.queries import find_saved

        return find_saved(name, self.queries)

    def settings(self) -> Any:
        """The settings of this invocation: options, else the environment."""
        from ipgraph.config import Settings

        return Settings.from_env(
            uri=self.uri,
            database=self.database,
            db_path=self.db_path,
            timeout=self.timeout,
            queries=self.queries,
        )

    def graph(self) -> Any:
        """The :class:`ipgraph.client.Graph` for these options (opened on first use)."""
        if self._graph is None:
            from ipgraph.client import Graph

            self._graph = Graph(self.settings(), catalogue=self._catalogue)
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


#: The files beside an embedded graph that ipgraph and its server keep.
GRAPH_FILE_SUFFIXES = ("", ".settings", ".server.lock", ".write.lock", ".swap.lock", ".gate.lock")


def check_output(app: App, output: Path | None) -> None:
    """Refuse an ``--output`` path that is the embedded graph's file or one of its own files."""
    if output is None or app.settings().uri:
        return
    graph = app.settings().db_path.absolute()
    target = output.absolute()
    with contextlib.suppress(OSError):
        graph, target = graph.resolve(), target.resolve()
    if target.parent == graph.parent and target.name in {
        graph.name + suffix for suffix in GRAPH_FILE_SUFFIXES
    }:
        raise ConfigError(
            f"cannot write {output}: it is one of the embedded graph's own files ({graph}). "
            "Choose another --output path"
        )


def emit(app: App, text: str, output: Path | None, rows: int) -> None:
    if output is None:
        click.echo(text)
        return
    check_output(app, output)
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
