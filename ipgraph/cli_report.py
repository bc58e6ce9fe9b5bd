"""Placeholder: being written."""

from __future__ import annotations

import click


@click.command(hidden=True)
def report() -> None:
    """Placeholder: being written."""
