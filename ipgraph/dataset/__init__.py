"""The curated dataset: its declaration (:mod:`~ipgraph.dataset.model`), the checks that hold
files to it, and the synthetic generator.

``ipgraph load`` names its sources: none, or ``curated``, is the packaged ``data/`` folder;
any other argument is a folder in the same format.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipgraph.loading import Dataset
from ipgraph.resources import data_dir

CURATED = "curated"


def source_folders(sources: Sequence[str]) -> list[tuple[Path, str]]:
    """The folders named by ``ipgraph load`` arguments (none, or 'curated', is ``data/``)."""
    folders: list[tuple[Path, str]] = []
    for source in sources or [CURATED]:
        if source == CURATED:
            folders.append((data_dir(), "data"))
        else:
            folders.append((Path(source), source))
    return folders


def read_sources(sources: Sequence[str]) -> Dataset:
    """Read and check the named sources as one dataset (nothing is written)."""
    from ipgraph.dataset.reader import read_dataset

    return read_dataset(source_folders(sources))
