"""The bad-input corpus: ``tests/bad_inputs/cases.toml`` read and checked, and the setups.

A case is one bad input for the real ``ipgraph`` command (test_bad_inputs.py runs them): its
arguments and environment, the data or query files of ``tests/bad_inputs/<data|queries>/<id>``,
and the one answer it must get. A setup (``setup = "name"``) prepares an input that cannot be
a small file: a huge field, a FIFO, a read-only folder, a disk that fills up, ...
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests_support import SRC

from ipgraph.client import Graph
from ipgraph.config import Settings

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
