"""Placeholder: being written."""

from __future__ import annotations

import click


@click.command(hidden=True)
def synth() -> None:
    """Placeholder: being written."""
