"""Start and stop a real in-process Neo4j 5.26 server for the test suite (built by neo4j_build).

The Java side lives in ``tests/neo4j_server/`` (a tiny Maven project around Neo4j's own
``neo4j-harness``). This module only uses the standard library so that ``conftest.py`` can import
it unconditionally::

    from neo4j_server import Neo4jTestServer, build

    build()  # no-op when the jar and classpath are up to date
    with Neo4jTestServer() as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))

The server process keeps a pipe to our stdin; when the pipe is closed (``stop()``, or this
process dies) the server shuts down and deletes its temporary store.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from neo4j_build import (
    CLASSPATH_FILE,
    JAR_PATH,
    OUTPUT_TAIL_LINES,
    PROJECT_DIR,
    TARGET_DIR,
    build,
    java_executable,
    server_classpath,
    tail,
)

__all__ = [
    "CLASSPATH_FILE",
    "DEFAULT_PASSWORD",
    "JAR_PATH",
    "PASSWORD_ENV",
    "PROJECT_DIR",
    "Neo4jTestServer",
    "build",
    "java_command",
]

MAIN_CLASS = "ipgraph.testserver.Main"

BROWSER_GUIDE_ENV = "IPGRAPH_TEST_NEO4J_BROWSER_GUIDE"
PASSWORD_ENV = "IPGRAPH_TEST_NEO4J_PASSWORD"
#: Set to ``0`` to disable the AppCDS class-data archive (see ``Neo4jTestServer``).
CDS_ENV = "IPGRAPH_TEST_NEO4J_CDS"
DEFAULT_PASSWORD = "ipgraph-test-password"
DEFAULT_USER = "neo4j"

#: JVM options used for every server. The heap is set separately (``heap`` argument).
DEFAULT_JVM_OPTIONS: tuple[str, ...] = (
    "-XX:+UseSerialGC",  # small heap, 2 cores: no parallel GC threads competing with the tests
    "-XX:TieredStopAtLevel=1",  # C1 only: faster startup, fine for test workloads
    "-XX:+ExitOnOutOfMemoryError",
    # JVM unified logging writes warnings to *stdout* by default; keep stdout for READY only.
    "-Xlog:disable",
    "-Xlog:all=warning:stderr",
)


def _cds_archive(java: str, classpath: str) -> Path:
    """Path of the AppCDS archive for this JVM and classpath (inside ``target/``)."""
    key = f"{os.path.realpath(java)}\0{classpath}".encode()
    return TARGET_DIR / f"cds-{hashlib.sha256(key).hexdigest()[:16]}.jsa"


def _remove_stale_cds_dumps(max_age: float = 3600) -> None:
    """Delete half-written archives left behind by test processes that were killed."""
    cutoff = time.time() - max_age
    for dump in TARGET_DIR.glob("cds-*.jsa.*.tmp"):
        with contextlib.suppress(OSError):
            if dump.stat().st_mtime < cutoff:
                dump.unlink()


def java_command(
    heap: str = "1g",
    data_dir: str | os.PathLike[str] | None = None,
    jvm_options: Sequence[str] = DEFAULT_JVM_OPTIONS,
) -> list[str]:
    """Return the ``java`` command line that runs the (already built) server.

    Args:
        heap: Maximum JVM heap, passed as ``-Xmx``.
        data_dir: Optional parent directory for the store; by default a temp dir is used.
        jvm_options: Extra JVM options.
    """
    command = [
        java_executable(),
        f"-Xmx{heap}",
        *jvm_options,
        "-cp",
        server_classpath(),
        MAIN_CLASS,
    ]
    if data_dir is not None:
        command.append(os.fspath(data_dir))
    return command


class Neo4jTestServer:
    """A Neo4j 5.26 Community server running in a child JVM, with authentication enabled.

    To start faster, the JVM uses an AppCDS archive (``target/cds-*.jsa``, ~130 MB): the first
    server started after a build records it when it exits (that exit takes ~10 s longer), later
    starts load it (~4 s faster). Disable with ``class_data_sharing=False`` or
    ``IPGRAPH_TEST_NEO4J_CDS=0``.

    Attributes:
        uri: Bolt URI (``bolt://127.0.0.1:PORT``); empty until :meth:`start` returns.
        http_url: HTTP URL (``http://127.0.0.1:PORT``); empty until :meth:`start` returns.
        user: User name (always ``neo4j``).
        password: Password of ``user``; no password change is required.
    """

    def __init__(
        self,
        password: str | None = None,
        *,
        heap: str = "1g",
        transaction_memory_mb: int = 512,
        data_dir: str | os.PathLike[str] | None = None,
        jvm_options: Sequence[str] = DEFAULT_JVM_OPTIONS,
        log_file: str | os.PathLike[str] | None = None,
        class_data_sharing: bool | None = None,
        browser_guide: str | None = None,
    ) -> None:
        """Configure (but do not start) a server.

        Args:
            password: Password for user ``neo4j``; defaults to ``$IPGRAPH_TEST_NEO4J_PASSWORD``
                or ``ipgraph-test-password``.
            heap: Maximum JVM heap (``-Xmx``).
            transaction_memory_mb: Memory all open transactions together may use (MiB); a load
                is one transaction, so big loads need more than the default.
            data_dir: Parent directory for the store (a random sub-directory is created and
                deleted on exit); by default a fresh temp directory.
            jvm_options: Extra JVM options.
            log_file: If given, the server's stderr is appended to this file as well.
            class_data_sharing: Use/record the AppCDS archive; defaults to true unless
                ``IPGRAPH_TEST_NEO4J_CDS=0``.
            browser_guide: Base URL of a server holding ``guide.html`` and ``style.grass``:
                Neo4j Browser (served at ``/browser/``) is configured as docker-compose.yml
                configures it, to apply the style and open the guide after connecting.
        """
        self.user: str = DEFAULT_USER
        self.password: str = password or os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD
        self.uri: str = ""
        self.http_url: str = ""
        self.startup_seconds: float | None = None
        self._heap = heap
        self._transaction_memory_mb = transaction_memory_mb
        self._data_dir = data_dir
        self._jvm_options = tuple(jvm_options)
        self._log_file = Path(log_file) if log_file is not None else None
        if class_data_sharing is None:
            class_data_sharing = os.environ.get(CDS_ENV, "1").strip() not in ("0", "false", "no")
        self._class_data_sharing = class_data_sharing
        self._browser_guide = browser_guide
        self._cds_dump: tuple[Path, Path] | None = None  # (temporary file, final archive)
        # The JVM's own temp folder, removed by stop(): Neo4j writes a log4j-*.xml file there
        # at every start and never deletes it (78 were left in /tmp by a day of test runs).
        self._java_tmp: Path | None = None
        self._process: subprocess.Popen[str] | None = None
        self._last_returncode: int | None = None
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=OUTPUT_TAIL_LINES)
        self._stdout_lines: collections.deque[str] = collections.deque(maxlen=OUTPUT_TAIL_LINES)
        self._ready = threading.Event()
        self._readers: list[threading.Thread] = []
        self._lock = threading.Lock()

    @property
    def returncode(self) -> int | None:
        """Exit code of the server process after :meth:`stop` (``None`` before)."""
        return self._last_returncode

    @property
    def temp_folder(self) -> Path | None:
        """The JVM's temp folder (``java.io.tmpdir``) while the server runs; removed by
        :meth:`stop`."""
        return self._java_tmp

    @property
    def running(self) -> bool:
        """True while the server process is alive."""
        process = self._process
        return process is not None and process.poll() is None

    def start(self, timeout: float = 180) -> None:
        """Build if needed, launch the server and wait until it accepts Bolt connections.

        Raises:
            RuntimeError: The server was already started, the build failed, or the process
                exited / did not print its READY line within ``timeout`` seconds (the message
                contains the tail of its stderr).
        """
        with self._lock:
            if self._process is not None:
                raise RuntimeError("Neo4jTestServer already started")
            build()
            env = dict(os.environ)
            env[PASSWORD_ENV] = self.password
            env["IPGRAPH_TEST_NEO4J_TX_MEMORY_MB"] = str(self._transaction_memory_mb)
            env.pop(BROWSER_GUIDE_ENV, None)
            if self._browser_guide:
                env[BROWSER_GUIDE_ENV] = self._browser_guide
            java = java_executable()
            classpath = server_classpath()
            options = [f"-Xmx{self._heap}", *self._jvm_options]
            self._java_tmp = Path(tempfile.mkdtemp(prefix="ipgraph-neo4j-java-"))
            options.append(f"-Djava.io.tmpdir={self._java_tmp}")
            if self._class_data_sharing:
                archive = _cds_archive(java, classpath)
                if archive.is_file():
                    options.append(f"-XX:SharedArchiveFile={archive}")
                    _remove_stale_cds_dumps()
                else:
                    dump = archive.with_name(f"{archive.name}.{os.getpid()}-{id(self)}.tmp")
                    options.append(f"-XX:ArchiveClassesAtExit={dump}")
                    self._cds_dump = (dump, archive)
            command = [java, *options, "-cp", classpath, MAIN_CLASS]
            if self._data_dir is not None:
                command.append(os.fspath(self._data_dir))
            started = time.monotonic()
            self._ready.clear()
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env,
                cwd=PROJECT_DIR,
            )
            self._process = process
            self._readers = [
                threading.Thread(
                    target=self._read_stdout,
                    args=(process,),
                    name="neo4j-test-server-stdout",
                    daemon=True,
                ),
                threading.Thread(
                    target=self._read_stderr,
                    args=(process,),
                    name="neo4j-test-server-stderr",
                    daemon=True,
                ),
            ]
            for reader in self._readers:
                reader.start()

        deadline = started + timeout
        while not self._ready.wait(0.1):
            if process.poll() is not None or time.monotonic() > deadline:
                exited = process.poll() is not None
                self.stop(timeout=5)
                reason = (
                    f"exited with code {process.returncode}"
                    if exited
                    else f"did not become ready within {timeout:.0f}s"
                )
                raise RuntimeError(
                    f"Neo4j test server {reason}. stderr tail:\n"
                    + tail(list(self._stderr_tail))
                    + ("\nstdout tail:\n" + tail(list(self._stdout_lines)))
                )
        self.startup_seconds = time.monotonic() - started

    def _read_stdout(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for raw_line in process.stdout:
            line = raw_line.rstrip("\r\n")
            parts = line.split()
            if not self._ready.is_set() and len(parts) == 3 and parts[0] == "READY":
                self.uri, self.http_url = parts[1], parts[2]
                self._ready.set()
            else:
                self._stdout_lines.append(line)

    def _read_stderr(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        with contextlib.ExitStack() as stack:
            log = None
            if self._log_file is not None:
                log = stack.enter_context(open(self._log_file, "a", encoding="utf-8"))
            for line in process.stderr:
                self._stderr_tail.append(line.rstrip("\r\n"))
                if log is not None:
                    log.write(line)
                    log.flush()

    def stop(self, timeout: float = 30) -> None:
        """Stop the server: close its stdin, wait ``timeout`` seconds, then kill it.

        Safe to call more than once and on a server that was never started.
        """
        with self._lock:
            process, self._process = self._process, None
            if process is None:
                self._remove_temp_folder()
                return
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.terminate()  # SIGTERM: the JVM shutdown hook still cleans up
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for reader in self._readers:
                reader.join(timeout=5)
            self._readers = []
            self._last_returncode = process.returncode
            self._finish_cds_dump(process.returncode == 0)
            self._remove_temp_folder()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()

    def _remove_temp_folder(self) -> None:
        if self._java_tmp is not None:
            shutil.rmtree(self._java_tmp, ignore_errors=True)
            self._java_tmp = None

    def _finish_cds_dump(self, success: bool) -> None:
        if self._cds_dump is None:
            return
        dump, archive = self._cds_dump
        self._cds_dump = None
        try:
            if success and dump.is_file() and dump.stat().st_size > 0:
                os.replace(dump, archive)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dump.unlink(missing_ok=True)

    def __enter__(self) -> Neo4jTestServer:
        """Start the server (unless already started) and return it."""
        if self._process is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    def __repr__(self) -> str:
        """Show the URI and whether the process is alive."""
        state = "running" if self.running else "stopped"
        return f"Neo4jTestServer(uri={self.uri!r}, {state})"
