"""A large load reads and checks its data in a second process (``ipgraph.dataset.worker``):
the same graph as when checked in process, on both engines; the same one-line error for bad
data, with the graph unchanged; and the second process ends with the load, however it ends.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from conftest import Target
from test_faults import IPGRAPH, embedded_env, ipgraph, node_count, one_error
from tests_support import graph_fingerprint

from ipgraph.dataset import read_sources, worker
from ipgraph.dataset.synth import generate
from ipgraph.errors import DataError

#: Relationships of a synthetic dataset with more rows than ``worker.ROWS``.
LARGE = 40_000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large") / "synth"
    generate(folder, relationships=LARGE, seed=5)
    assert read_sources([str(folder)]).estimate >= worker.ROWS, "large enough for the worker"
    return folder


def workers() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if "ipgraph.dataset.worker" in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


def test_the_second_process_loads_the_graph_checked_in_process(
    target: Target,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "synth"
    generate(data, relationships=3000, seed=6)
    prints = []
    with target.graph() as graph:
        for rows in (1, 10**9):  # every dataset in a second process; then none
            monkeypatch.setattr(worker, "ROWS", rows)
            caplog.clear()
            with caplog.at_level(logging.DEBUG, logger="ipgraph.loading"):
                seen: list[int] = []
                dataset = read_sources([str(data)])
                graph.load(dataset=dataset, progress=seen.append, batch_size=700)
            elsewhere = "reading and checking in a second process" in caplog.text
            assert elsewhere == (rows == 1)
            assert sum(seen) == dataset.total() == dataset.estimate > 3000
            prints.append((graph_fingerprint(graph), graph.status(), dict(dataset.counts)))
    assert prints[0] == prints[1]
    assert not workers()


def test_bad_data_found_by_the_second_process_is_one_line_and_writes_nothing(
    large: Path, tmp_path: Path
) -> None:
    data = tmp_path / "bad"
    data.mkdir()
    for file in large.iterdir():
        text = file.read_text(encoding="utf-8")
        if file.name == "parties.csv":  # an unknown country on the last line
            head, last = text.rstrip("\n").rsplit("\n", 1)
            fields = last.split(",")
            fields[1] = "XXZ"
            text = head + "\n" + ",".join(fields) + "\n"
        (data / file.name).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as in_process:
        read_sources([str(data)]).check()
    assert "parties.csv" in str(in_process.value) and "XXZ" in str(in_process.value)
    path = tmp_path / "graph.db"
    assert ipgraph("--db-path", str(path), "load").returncode == 0
    before = node_count(path)
    error = one_error(ipgraph("--db-path", str(path), "load", str(data)))
    assert error == f"Error: {in_process.value}."  # as the CLI ends every message
    assert node_count(path) == before
    assert not workers()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_the_second_process_ends_with_the_load(
    large: Path, tmp_path: Path, how: signal.Signals
) -> None:
    path = tmp_path / "graph.db"
    assert ipgraph("--db-path", str(path), "load").returncode == 0
    before = node_count(path)
    load = subprocess.Popen(
        [IPGRAPH, "--db-path", str(path), "load", str(large)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=embedded_env(),
    )
    try:
        deadline = time.monotonic() + 60
        children: list[psutil.Process] = []
        while not children and time.monotonic() < deadline and load.poll() is None:
            children = [p for p in workers() if p.ppid() == load.pid]
            time.sleep(0.01)
        assert children, "the load started a second process"
        load.send_signal(how)
        _, stderr = load.communicate(timeout=60)
        assert load.returncode != 0
        if how == signal.SIGINT:
            assert "Traceback" not in stderr
        _, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, "the second process outlived the load"
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
    assert node_count(path) == before
