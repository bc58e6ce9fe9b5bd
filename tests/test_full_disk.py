"""A full disk under the embedded graph: one true line, no orphaned server, no lost write.

The graph lives on a 5 MB tmpfs mounted for the test (as root; where mounting is not
possible the test is skipped and says why).
"""

from __future__ import annotations

import contextlib
import errno
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_faults import ipgraph, servers_in


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a small tmpfs here: {mounted.stderr.strip() or 'mount failed'}"
        print(reason)
        pytest.skip(reason)
    try:
        yield disk
    finally:
        for pid in servers_in(disk):
            with contextlib.suppress(ProcessLookupError):
                import os
                import signal

                os.kill(pid, signal.SIGKILL)
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def count(path: Path) -> str:
    result = ipgraph(
        "--db-path", str(path), "-q", "cypher", "MATCH (n) RETURN count(n)", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]


def test_a_full_disk_gives_one_true_line_and_loses_nothing(small_disk: Path) -> None:
    path = small_disk / "g.db"
    assert ipgraph("--db-path", str(path), "load").returncode == 0
    before = count(path)
    filler = fill(small_disk)
    for args in (["status"], ["cypher", "CREATE (:Note {id: 'full'})", "--write"]):
        result = ipgraph("--db-path", str(path), *args)
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert "disk is full" in lines[0], lines[0]
        assert "not a graph" not in lines[0]
        assert not servers_in(small_disk), "a server is left with no registry naming it"
        registry = path.with_name(path.name + ".settings")
        assert not registry.exists() or registry.read_text(), "an empty registry is left"
    filler.unlink()
    assert count(path) == before
    write = ipgraph("--db-path", str(path), "cypher", "CREATE (:Note {id: 'after'})", "--write")
    assert write.returncode == 0, write.stderr
    assert not servers_in(small_disk)
    assert int(count(path)) == int(before) + 1
