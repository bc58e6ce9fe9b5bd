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
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import Neo4jHandle
from tests_support import graph_fingerprint

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.resources import data_dir

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
KINDS = ("data", "query", "param", "config")
FIELDS = {
    "id",
    "kind",
    "about",
    "args",
    "env",
    "setup",
    "engines",
    "restricted",
    "unchanged",
    "graphs",
    "timeout",
    "exit",
    "error",
    "error_re",
    "answer",
}
_PLACEHOLDER = re.compile(r"\{(data|tmp|case|graph|deep|huge|long|line(?:\+\d+)?)\}")


@dataclass(frozen=True)
class Case:
    """One bad input: how to run it and the answer it must get."""

    id: str
    kind: str
    about: str
    args: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    setup: str | None = None
    engines: tuple[str, ...] = ("falkordb",)
    restricted: bool = False
    unchanged: tuple[str, ...] = ()
    graphs: tuple[str, ...] = ()
    timeout: float = 60
    exit: tuple[int, ...] = (1,)
    error: str | None = None
    error_re: str | None = None
    answer: str | None = None


def load_cases() -> list[Case]:
    """The corpus, checked: known fields, unique ids, exactly one expected answer each."""
    raw = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
    cases: list[Case] = []
    for entry in raw:
        unknown = set(entry) - FIELDS
        assert not unknown, f"case {entry.get('id')}: unknown fields {unknown}"
        expected = [k for k in ("error", "error_re", "answer") if k in entry]
        assert len(expected) == 1, f"case {entry['id']}: give one of error, error_re, answer"
        assert entry["kind"] in KINDS, entry["id"]
        exit_ = entry.get("exit", 0 if "answer" in entry else 1)
        cases.append(
            Case(
                id=entry["id"],
                kind=entry["kind"],
                about=entry["about"],
                args=tuple(entry["args"]),
                env=dict(entry.get("env", {})),
                setup=entry.get("setup"),
                engines=tuple(entry.get("engines", ["falkordb"])),
                restricted=entry.get("restricted", False),
                unchanged=tuple(entry.get("unchanged", [])),
                graphs=tuple(entry.get("graphs", [])),
                timeout=float(entry.get("timeout", 60)),
                exit=tuple(exit_) if isinstance(exit_, list) else (exit_,),
                error=entry.get("error"),
                error_re=entry.get("error_re"),
                answer=entry.get("answer"),
            )
        )
    return cases


CASES = load_cases()


# --- setups: inputs that cannot be small files ------------------------------------------------

SRC = "mofa-jp-gbr-raa-eif-2023"  # a source id that exists in data/sources.csv


@dataclass
class Work:
    """A case's folders and the values its placeholders stand for."""

    tmp: Path
    data: Path
    values: dict[str, str] = field(default_factory=dict)

    def append(self, name: str, text: bytes) -> None:
        """Append to a data file; ``{line}`` becomes the line the text starts on."""
        path = self.data / name
        raw = path.read_bytes()
        if not raw.endswith((b"\n", b"\r")):
            raw += b"\n"
        self.values["line"] = str(len(raw.splitlines()) + 1)
        path.write_bytes(raw + text)


def huge_field(work: Work) -> None:
    work.append("people.csv", b"test-person," + b"A" * 10_000_000 + f",{SRC}\n".encode())


def many_rows(work: Work) -> None:
    rows = b"".join(f"test-person-{i},Person {i},{SRC}\n".encode() for i in range(200_000))
    work.append("people.csv", rows)
    work.values["line"] = str(int(work.values["line"]) + 200_000)
    with (work.data / "people.csv").open("ab") as out:
        out.write(f"Bad Id,Name,{SRC}\n".encode())


def cr_only_bad_row(work: Work) -> None:
    path = work.data / "people.csv"
    raw = path.read_bytes().replace(b"\r\n", b"\n").rstrip(b"\n").replace(b"\n", b"\r")
    work.values["line"] = str(raw.count(b"\r") + 2)
    path.write_bytes(raw + f"\rBad Id,Name,{SRC}\r".encode())


def cr_only_latin_1(work: Work) -> None:
    path = work.data / "people.csv"
    raw = path.read_bytes().replace(b"\r\n", b"\n").rstrip(b"\n").replace(b"\n", b"\r")
    work.values["line"] = str(raw.count(b"\r") + 2)
    path.write_bytes(raw + b"\rtest-person,Ren\xe9e," + SRC.encode() + b"\r")


def directory_for_file(work: Work) -> None:
    (work.data / "events.csv").unlink()
    (work.data / "events.csv").mkdir()


def fifo_for_file(work: Work) -> None:
    (work.data / "events.csv").unlink()
    os.mkfifo(work.data / "events.csv")


def symlink_loop(work: Work) -> None:
    (work.data / "events.csv").unlink()
    (work.data / "events.csv").symlink_to(work.data / "events.csv")


def dangling_symlink(work: Work) -> None:
    (work.data / "events.csv").unlink()
    (work.data / "events.csv").symlink_to(work.data / "gone.csv")


def unreadable_file(work: Work) -> None:
    (work.data / "events.csv").chmod(0)


def empty_folder(work: Work) -> None:
    (work.tmp / "empty").mkdir()


def long_bad_id(work: Work) -> None:
    work.append("people.csv", b"A" * 10_000 + f",Name,{SRC}\n".encode())


def deep_json(work: Work) -> None:
    work.values["deep"] = "[" * 5000 + "]" * 5000


def huge_value(work: Work) -> None:
    work.values["huge"] = "x" * 100_000


def long_value(work: Work) -> None:
    work.values["huge"] = "x" * 5_000


def long_name(work: Work) -> None:
    work.values["long"] = "a" * 300


def file_in_path(work: Work) -> None:
    (work.tmp / "file").write_text("not a folder\n", encoding="utf-8")


def not_a_graph(work: Work) -> None:
    (work.tmp / "graph.db").write_text("id,name\nthis is a CSV file, not a graph\n")


def _small_graph(path: Path) -> None:
    """An embedded graph holding two nodes, saved and closed."""
    with Graph(Settings(db_path=path)) as graph:
        graph.cypher("CREATE (:Country {iso3: 'JPN'}), (:Country {iso3: 'GBR'})", write=True)


def truncated_graph(work: Work) -> None:
    path = work.tmp / "whole" / "graph.db"
    _small_graph(path)
    raw = path.read_bytes()
    (work.tmp / "graph.db").write_bytes(raw[: len(raw) // 2])


def read_only_output_folder(work: Work) -> None:
    (work.tmp / "read-only").mkdir(mode=0o555)
    (work.tmp / "graph").mkdir()


def read_only_graph_folder(work: Work) -> None:
    (work.tmp / "read-only").mkdir(mode=0o555)


def read_only_graph_file(work: Work) -> None:
    path = work.tmp / "graph" / "graph.db"
    _small_graph(path)
    path.chmod(0o444)


def full_disk(work: Work) -> None:
    path = work.tmp / "full" / "graph.db"
    _small_graph(path)
    # Room for the small graph and the server's own files, not for the curated data.
    work.values["fsize"] = str(max(path.stat().st_size * 2, 24_000))


SETUPS: dict[str, Callable[[Work], None]] = {
    f.__name__: f
    for f in (
        huge_field,
        many_rows,
        cr_only_bad_row,
        cr_only_latin_1,
        directory_for_file,
        fifo_for_file,
        symlink_loop,
        dangling_symlink,
        unreadable_file,
        empty_folder,
        long_bad_id,
        deep_json,
        huge_value,
        long_value,
        long_name,
        file_in_path,
        not_a_graph,
        truncated_graph,
        read_only_output_folder,
        read_only_graph_folder,
        read_only_graph_file,
        full_disk,
    )
}


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
