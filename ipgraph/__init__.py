"""ipgraph: Indo-Pacific defence and security cooperation as a property graph.

``from ipgraph import Graph, run``; see :mod:`ipgraph.client`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Graph", "Settings", "__version__", "run"]

if TYPE_CHECKING:
    from ipgraph.client import Graph, run
    from ipgraph.config import Settings


def __getattr__(name: str) -> Any:
    # Lazy, so that `ipgraph --help` does not import the drivers or pandas.
    if name in ("Graph", "run"):
        from ipgraph import client

        return getattr(client, name)
    if name == "Settings":
        from ipgraph.config import Settings

        return Settings
    raise AttributeError(f"module 'ipgraph' has no attribute {name!r}")
