"""``ipgraph report``: list the notebook reports, and render one to self-contained HTML.

Each report in ``notebooks/`` is a subcommand of its own name (``ipgraph report
partnerships -p country AUS --output out.html``), built when asked for; ``list`` is the one
fixed subcommand, and no report may take its name.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ipgraph.cli.common import App, param_option

if TYPE_CHECKING:
    from ipgraph.reports import Report

_PARAM = param_option("A report parameter (see Parameters above); repeat for more.")
_OUTPUT = click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    metavar="FILE.html",
    help="Write the report here as one self-contained HTML file.",
)


class ReportGroup(click.Group):
    """``list``, plus one subcommand per report notebook."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from ipgraph.reports import find_reports

        return [*super().list_commands(ctx), *(r.name for r in find_reports())]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        from ipgraph.reports import get_report

        return _report_command(get_report(cmd_name))


@click.group(
    cls=ReportGroup,
    subcommand_metavar="NAME [-p KEY VALUE]... --output FILE.html",
)
def report() -> None:
    """Run a notebook report and save it as HTML (code hidden, plots embedded).

    'ipgraph report list' lists the reports and their parameters; 'ipgraph report NAME
    --help' describes one.

    The report runs on the same graph as the other commands (--db-path, --uri, or the
    environment), which must hold the data (ipgraph load). Needs the optional packages:
    pip install 'ipgraph[reports]'.
    """


@report.command("list")
def list_() -> None:
    """List the reports with their parameters and defaults."""
    from ipgraph.db.base import Result
    from ipgraph.output import to_table
    from ipgraph.reports import find_reports

    rows = [
        (r.name, r.title, ", ".join(f"{p.name}={p.default_text}" for p in r.params))
        for r in find_reports()
    ]
    click.echo(to_table(Result(["name", "title", "parameters"], rows), clip=False))


def _report_command(found: Report) -> click.Command:
    lines = [found.summary, "", "Parameters (-p KEY VALUE):", "", "\b"]
    for p in found.params:
        note = f": {p.help}" if p.help else ""
        lines.append(f"  {p.name} (default {p.default_text}){note}")
    if not found.params:
        lines[-1] = "  none"

    @click.command(name=found.name, help="\n".join(lines), short_help=found.title)
    @_PARAM
    @_OUTPUT
    @click.pass_obj
    def run(app: App, params: Sequence[tuple[str, str]], output: Path) -> None:
        _run(app, found, params, output)

    return run


def _run(app: App, found: Report, params: Sequence[tuple[str, str]], output: Path) -> None:
    from ipgraph.params import given_once
    from ipgraph.reports import check_output, render

    given = given_once(params)
    found.bind(given)  # parameter and output errors before anything opens
    check_output(output)
    settings = app.graph().settings
    app.close()  # the report's kernel opens the graph itself
    app.info(f"Running report '{found.name}' on {settings.engine} at {settings.location}")
    import psutil

    before = {child.pid for child in psutil.Process().children(recursive=True)}
    try:
        render(found, given, settings, output, progress=not app.quiet and sys.stderr.isatty())
    finally:
        # The report's kernel lingers until this process exits, and is then killed before it
        # closes its graph. End it now (the report is done), then open and close the graph
        # once more, so that an embedded server the kernel started stops with this command.
        kernels = [
            child
            for child in psutil.Process().children(recursive=True)
            if child.pid not in before and _is_kernel(child)
        ]
        for kernel in kernels:
            with contextlib.suppress(psutil.Error):
                kernel.terminate()
        psutil.wait_procs(kernels, timeout=10)
        app.graph().engine  # noqa: B018
        app.close()
    app.info(f"Wrote {output}")


def _is_kernel(process: Any) -> bool:
    """True for a Jupyter kernel process (the report's), by its command line."""
    try:
        return "ipykernel" in " ".join(process.cmdline())
    except Exception:
        return False
