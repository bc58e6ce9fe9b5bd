"""Placeholder: being written."""

from __future__ import annotations

import click


@click.command(hidden=True)
def browser() -> None:
    """Placeholder: being written."""


@click.command(hidden=True)
def catalogue() -> None:
    """Placeholder: being written."""
