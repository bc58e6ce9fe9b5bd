"""Run ``ipgraph`` or a bench module with the neo4j driver's Rust extension blocked.

``neo4j-rust-ext`` is used as soon as it is installed; this measures the driver without it,
in the same environment::

    python -m bench.norust ipgraph load DIR --uri bolt://...
    python -m bench.norust bench.baselines raw --data DIR --uri bolt://...

``IPGRAPH_BENCH_NO_RUST=1 python -m bench ...`` runs every ``ipgraph`` and baseline child
process of a benchmark so (see ``bench/engines.py``).
"""

from __future__ import annotations

import runpy
import sys

ENV = "IPGRAPH_BENCH_NO_RUST"


def block() -> None:
    """Make ``import neo4j._rust`` fail, so that the driver falls back to pure Python."""
    if any(name == "neo4j" or name.startswith("neo4j.") for name in sys.modules):
        raise RuntimeError("neo4j is already imported: block the extension before importing it")
    sys.modules["neo4j._rust"] = None  # type: ignore[assignment]


def rust_in_use() -> bool:
    """True when the driver packs and unpacks with the Rust extension."""
    from neo4j._codec.packstream import v1

    return v1._rust_pack is not None  # type: ignore[attr-defined]


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m bench.norust ipgraph|MODULE [ARGS...]")
    block()
    target, sys.argv = sys.argv[1], sys.argv[1:]
    if target == "ipgraph":
        from ipgraph.cli import main as ipgraph_main

        ipgraph_main()
    else:
        runpy.run_module(target, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
