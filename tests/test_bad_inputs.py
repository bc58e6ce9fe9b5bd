"""The bad-input corpus (``tests/bad_inputs/cases.toml``) through the real ``ipgraph`` command.

Each case runs ``ipgraph`` in a subprocess, the way a user runs it, and must give one
``Error:`` line naming what is wrong and where, a non-zero exit, no traceback, and leave the
graph as it was: the graph under test holds the curated data, and its fingerprint (every node
and relationship with its properties) is compared before and after.

Two inputs need more than files:

- A read-only location. As root, permission bits do not stop a process, so a restricted case
  runs with the capabilities that override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
  CAP_FOWNER) dropped from its bounding set; as a normal user (CI) the bits apply anyway.
- A full disk. Mounting a tiny file system needs root, so the case instead sets RLIMIT_FSIZE
  on the subprocess (inherited by the embedded server it starts) and ignores SIGXFSZ: a write
  past the limit then fails with EFBIG, as a write to a full disk fails with ENOSPC. It works
  as any user, needs no mount, and leaves the rest of the machine alone.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bad_input_corpus import CASES, CORPUS, KINDS, SETUPS, Case, Work
from conftest import Neo4jHandle
from tests_support import graph_fingerprint

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.resources import data_dir

_PLACEHOLDER = re.compile(r"\{(data|tmp|case|graph|deep|huge|long|line(?:\+\d+)?)\}")


# --- running the command ----------------------------------------------------------------------


def ipgraph_command() -> list[str]:
    """The installed ``ipgraph`` script beside this Python, else the same entry point."""
    script = Path(sys.executable).with_name("ipgraph")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from ipgraph.cli import main; main()"]


_PR_CAPBSET_DROP = 24
_OVERRIDING_CAPABILITIES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _preexec(restricted: bool, fsize: int | None) -> Callable[[], None] | None:
    if not restricted and fsize is None:
        return None

    def prepare() -> None:
        if restricted and os.geteuid() == 0:
            libc = ctypes.CDLL(None, use_errno=True)
            for cap in _OVERRIDING_CAPABILITIES:
                if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                    raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return prepare


def _stop_servers_under(folder: Path) -> None:
    """Stop embedded servers a case left running for graphs in ``folder`` (by their pid)."""
    for registry in folder.rglob("*.settings"):
        try:
            pidfile = json.loads(registry.read_text())["pidfile"]
            pid = int(Path(pidfile).read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if b"redis-server" in cmdline:
            os.kill(pid, signal.SIGKILL)


def _open_up(folder: Path) -> None:
    """Give back the permissions a case took away, so that the folder can be removed."""
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink() and (path.is_dir() or path.is_file()):
            path.chmod(0o755 if path.is_dir() else 0o644)


# --- the graphs under test --------------------------------------------------------------------


@dataclass
class Subject:
    """A graph holding the curated data, how to reach it, and its fingerprint."""

    engine: str
    settings: Settings
    env: dict[str, str]
    before: list[str] = field(default_factory=list)

    def fingerprint(self) -> list[str]:
        with Graph(self.settings) as graph:
            return graph_fingerprint(graph)

    def restore(self) -> None:
        with Graph(self.settings) as graph:
            graph.reset()
            graph.load()
        self.before = self.fingerprint()


@pytest.fixture(scope="module")
def subjects() -> dict[str, Subject]:
    return {}


def _subject(request: pytest.FixtureRequest, engine: str) -> Subject:
    found: dict[str, Subject] = request.getfixturevalue("subjects")
    if engine == "neo4j":
        handle: Neo4jHandle = request.getfixturevalue("neo4j_server")
        if handle.state != "curated" or "neo4j" not in found:
            subject = Subject(
                "neo4j",
                handle.settings(),
                {"NEO4J_URI": handle.uri}
                | {k: v for k, v in handle.env().items() if v is not None},
            )
            subject.restore()
            handle.state = "curated"
            found["neo4j"] = subject
        return found["neo4j"]
    if "falkordb" not in found:
        folder: Path = request.getfixturevalue("tmp_path_factory").mktemp("bad-inputs-graph")
        path = folder / "graph.db"
        subject = Subject("falkordb", Settings(db_path=path), {"IPGRAPH_DB": str(path)})
        subject.restore()
        found["falkordb"] = subject
    return found["falkordb"]


def _params() -> Iterator[Any]:
    for case in CASES:
        for engine in case.engines:
            yield pytest.param(case, engine, id=f"{case.kind}-{case.id}-{engine}")


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def run_case(case: Case, subject: Subject, tmp: Path) -> Outcome:
    """Prepare the case's inputs in ``tmp``, run ``ipgraph``, and return what it did."""
    work = Work(tmp=tmp / "work", data=tmp / "work" / "data")
    work.tmp.mkdir()
    shutil.copytree(data_dir(), work.data)
    overlay = CORPUS / "data" / case.id
    if case.kind == "data" and overlay.is_dir():
        for source in sorted(overlay.iterdir()):
            if source.name.endswith(".append"):
                work.append(source.name.removesuffix(".append"), source.read_bytes())
            else:
                shutil.copyfile(source, work.data / source.name)
    if case.setup:
        SETUPS[case.setup](work)
    values = {
        "data": str(work.data),
        "tmp": str(work.tmp),
        "case": str(CORPUS / "queries" / case.id),
        "graph": str(subject.settings.db_path),
        **work.values,
    }

    def fill(text: str, escape: bool = False) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("line+"):
                found = str(int(values["line"]) + int(name.removeprefix("line+")))
            else:
                found = values[name]
            return re.escape(found) if escape else found

        return _PLACEHOLDER.sub(value, text)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "IPGRAPH_"))}
    env.update(subject.env)
    env["XDG_DATA_HOME"] = str(work.tmp / "xdg")
    env["COLUMNS"] = "200"
    for key, text in case.env.items():
        if text:
            env[key] = fill(text)
        else:
            env.pop(key, None)
    unchanged = {fill(p): _read(Path(fill(p))) for p in case.unchanged}
    graphs = {fill(p): _graph_fingerprint(Path(fill(p))) for p in case.graphs}
    fsize = int(work.values["fsize"]) if "fsize" in work.values else None
    try:
        proc = subprocess.run(
            [*ipgraph_command(), *(fill(a) for a in case.args)],
            capture_output=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=case.timeout,
            preexec_fn=_preexec(case.restricted, fsize),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.id}: ipgraph did not answer within {case.timeout:.0f} s (it hangs)")
    finally:
        _stop_servers_under(work.tmp)
        _open_up(work.tmp)
    for path, before in unchanged.items():
        assert _read(Path(path)) == before, f"{path} was changed"
    for path, fingerprint in graphs.items():
        assert _graph_fingerprint(Path(path)) == fingerprint, f"the graph at {path} was changed"
    outcome = Outcome(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    expected = fill(case.error) if case.error is not None else None
    expected_re = fill(case.error_re, escape=True) if case.error_re is not None else None
    check(case, outcome, expected, expected_re)
    return outcome


def _graph_fingerprint(path: Path) -> list[str]:
    with Graph(Settings(db_path=path)) as graph:
        return graph_fingerprint(graph)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def check(case: Case, got: Outcome, error: str | None, error_re: str | None) -> None:
    """The answer must be one Error: line (or the expected output), with no traceback."""
    assert "Traceback" not in got.stderr + got.stdout, got.stderr[-2000:]
    if case.answer is not None:
        assert got.returncode == 0, got.stderr
        assert got.stdout.strip() == case.answer
        return
    assert got.returncode in case.exit, f"exit {got.returncode}: {got.stderr[-2000:]}"
    assert got.stdout == "", got.stdout[:2000]
    lines = got.stderr.splitlines()
    assert len(lines) == 1, f"{len(lines)} lines on stderr:\n{got.stderr[:3000]}"
    line = lines[0]
    assert line.startswith("Error: ")
    if error is not None:
        assert line == error
    else:
        assert error_re is not None
        assert re.fullmatch(error_re, line), f"{line[:2000]!r}\ndoes not match\n{error_re!r}"


@pytest.mark.parametrize(("case", "engine"), list(_params()))
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    case: Case, engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    subject = _subject(request, engine)
    if not subject.before:
        subject.before = subject.fingerprint()
    try:
        run_case(case, subject, tmp_path)
    finally:
        after = subject.fingerprint()
        if after != subject.before:
            subject.restore()
            if engine == "neo4j":
                request.getfixturevalue("neo4j_server").state = "curated"
    assert after == subject.before, f"{case.id} changed the graph"


def test_the_corpus_is_big_and_well_formed() -> None:
    counts = {kind: sum(c.kind == kind for c in CASES) for kind in KINDS}
    assert sum(counts.values()) >= 60, counts
    assert all(n >= 10 for n in counts.values()), counts
    assert len({c.id for c in CASES}) == len(CASES)
    for case in CASES:
        assert case.setup is None or case.setup in SETUPS, case.id
        folder = CORPUS / ("queries" if case.kind == "query" else "data") / case.id
        if case.kind == "query":
            assert folder.is_dir(), f"{case.id}: no folder {folder}"
    for kind_folder in ("data", "queries"):
        for folder in (CORPUS / kind_folder).iterdir():
            assert any(c.id == folder.name for c in CASES), f"{folder} belongs to no case"
