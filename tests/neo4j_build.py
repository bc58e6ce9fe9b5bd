"""Build the Java side of the test Neo4j server (``tests/neo4j_server/``) with Maven.

Standard library only, as :mod:`neo4j_server`, which starts what this builds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

try:  # POSIX only; used to serialise concurrent builds (e.g. pytest-xdist workers).
    import fcntl
except ImportError:  # pragma: no cover - non-POSIX
    fcntl = None  # type: ignore[assignment]

PROJECT_DIR = Path(__file__).resolve().parent / "neo4j_server"
TARGET_DIR = PROJECT_DIR / "target"
JAR_PATH = TARGET_DIR / "ipgraph-neo4j-test-server-1.0.0.jar"
CLASSPATH_FILE = TARGET_DIR / "classpath.txt"
STAMP_FILE = TARGET_DIR / ".ipgraph-build-stamp"
LOCK_FILE = TARGET_DIR / ".ipgraph-build.lock"
_BUILD_TIMEOUT = 1800.0
OUTPUT_TAIL_LINES = 60


def tail(lines: Sequence[str], count: int = OUTPUT_TAIL_LINES) -> str:
    """The last ``count`` lines, joined."""
    return "\n".join(lines[-count:])


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise RuntimeError("java not found (set JAVA_HOME or put java 17+ on PATH)")
    return found


def _build_inputs() -> list[Path]:
    inputs = [PROJECT_DIR / "pom.xml"]
    inputs.extend(p for p in (PROJECT_DIR / "src").rglob("*") if p.is_file())
    return inputs


def _read_classpath() -> list[str]:
    text = CLASSPATH_FILE.read_text(encoding="utf-8").strip()
    return [entry for entry in text.split(os.pathsep) if entry]


def _build_needed() -> bool:
    if not (STAMP_FILE.is_file() and JAR_PATH.is_file() and CLASSPATH_FILE.is_file()):
        return True
    stamp = STAMP_FILE.stat().st_mtime
    if any(p.stat().st_mtime > stamp for p in _build_inputs()):
        return True
    # The local Maven repository may have been cleaned since the last build.
    return not all(Path(entry).exists() for entry in _read_classpath())


def build() -> None:
    """Build the Java test server with Maven if needed.

    Runs ``mvn -B -q package`` in ``tests/neo4j_server`` when the jar, the classpath file or the
    build stamp is missing, when ``pom.xml`` or a Java source is newer than the last build, or
    when a classpath entry has disappeared from the local Maven repository. Concurrent callers
    (e.g. several pytest-xdist workers) are serialised with a file lock.

    Raises:
        RuntimeError: Maven is missing, fails, or times out; the message ends with the tail of
            the Maven output.
    """
    if not _build_needed():
        return
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    with open(LOCK_FILE, "a+b") as lock:
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            if _build_needed():  # another process may have built it while we waited
                _run_maven()
        finally:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _run_maven() -> None:
    mvn = shutil.which("mvn")
    if not mvn:
        raise RuntimeError("mvn not found on PATH; Maven 3.8+ is needed to build the Neo4j server")
    started = time.monotonic()
    try:
        result = subprocess.run(
            [mvn, "-B", "-q", "package"],
            cwd=PROJECT_DIR,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=_BUILD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.output if isinstance(exc.output, str) else ""
        raise RuntimeError(
            f"Maven build of {PROJECT_DIR} timed out after {_BUILD_TIMEOUT:.0f}s:\n"
            + tail(output.splitlines())
        ) from exc
    if result.returncode != 0 or not (JAR_PATH.is_file() and CLASSPATH_FILE.is_file()):
        raise RuntimeError(
            f"Maven build of {PROJECT_DIR} failed (exit code {result.returncode}, "
            f"{time.monotonic() - started:.0f}s):\n" + tail(result.stdout.splitlines())
        )
    for stale in TARGET_DIR.glob("cds-*.jsa*"):  # archives are tied to the old jars
        with contextlib.suppress(OSError):
            stale.unlink()
    STAMP_FILE.touch()


def server_classpath() -> str:
    return os.pathsep.join([str(JAR_PATH), *_read_classpath()])
