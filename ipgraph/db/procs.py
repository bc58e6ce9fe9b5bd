"""What the embedded server's life cycle asks of other processes: which run ``redis-server``,
a process's command line, whether it still runs.

On Linux these are read from ``/proc`` (a file or two per process); elsewhere psutil answers.
psutil gives the same answers on Linux, but takes ~10 ms to import and ~0.1 ms a process to
scan, on every start and stop of a short command.
"""

from __future__ import annotations

import os
import sys

_PROC = "/proc"


def _linux() -> bool:
    return sys.platform == "linux" and os.path.isdir(_PROC)


def _read(pid: int, name: str) -> bytes | None:
    try:
        with open(f"{_PROC}/{pid}/{name}", "rb") as handle:
            return handle.read()
    except OSError:
        return None


def pids_named(name: str) -> list[int]:
    """The pids of the processes whose executable is called ``name`` (at most 15 characters,
    as the kernel keeps it)."""
    if not _linux():
        import psutil

        return [
            p.info["pid"] for p in psutil.process_iter(["name", "pid"]) if p.info["name"] == name
        ]
    wanted = name.encode()
    found: list[int] = []
    with os.scandir(_PROC) as entries:
        for entry in entries:
            if entry.name.isdigit():
                comm = _read(int(entry.name), "comm")
                if comm is not None and comm.rstrip(b"\n") == wanted:
                    found.append(int(entry.name))
    return found


def _state(pid: int) -> str | None:
    """The process's state letter (``Z`` for a zombie), None if there is no such process."""
    stat = _read(pid, "stat")
    if not stat or b")" not in stat:
        return None
    return stat[stat.rindex(b")") + 2 :][:1].decode("ascii", "replace") or None


def running(pid: int) -> bool:
    """True while ``pid`` is a process that has not ended (a zombie has)."""
    if not _linux():
        import psutil

        try:
            return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
        except psutil.NoSuchProcess:
            return False
    return _state(pid) not in (None, "Z")


def title(pid: int) -> str | None:
    """The command line (or title a server set) of a running process, words joined by spaces;
    None for a zombie or a process that is gone or cannot be read."""
    if not _linux():
        import psutil

        try:
            process = psutil.Process(pid)
            if process.status() == psutil.STATUS_ZOMBIE:
                return None
            return " ".join(process.cmdline())
        except (psutil.Error, OSError):
            return None
    if _state(pid) in (None, "Z"):
        return None
    raw = _read(pid, "cmdline")
    if raw is None:
        return None
    raw = raw.removesuffix(b"\0")  # the arguments' NUL separators become spaces, as psutil has
    return raw.replace(b"\0", b" ").decode(sys.getfilesystemencoding(), "surrogateescape")
