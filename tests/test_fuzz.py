"""Fuzzed CSV rows: the checker accepts a row or names its file and line, never crashes.

Hypothesis writes rows of random text (control characters, quotes, commas, line breaks,
other scripts, huge numbers, malformed dates) into a copy of the curated people.csv and
events.csv. Reading the copy must either succeed, with every accepted value kept exactly, or
raise a DataError that names the file and a line among the ones written; any other exception
is a bug. A few accepted datasets are loaded into an embedded graph, and the values must come
back from it unchanged (quotes, backslashes and Cypher-looking text included).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.dataset import read_sources
from ipgraph.errors import DataError
from ipgraph.resources import data_dir

SRC = "mofa-jp-gbr-raa-eif-2023"  # a source id that exists in data/sources.csv
FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text a person could paste: any character, with the troublesome ones made likely.
tricky = st.sampled_from(
    [",", '"', "'", "\\", "\n", "\r", "\t", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufeff",
     "\u202e", "`", "$", "{", "}", "//", "/*", "--", ";", " ", "\u00e9", "\u5cb8", "\U0001f600"]
)  # fmt: skip
text = st.lists(st.one_of(st.characters(), tricky), max_size=40).map("".join)
cypherish = st.sampled_from(
    [
        "x'}) MATCH (n) DETACH DELETE n //",
        'x"}) MATCH (n) DETACH DELETE n //',
        "x\\' }) CREATE (:Sneaky) //",
        "$country",
        "` DETACH DELETE n",
    ]
)
number = st.integers(min_value=-(10**40), max_value=10**40).map(str)
date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.integers(-99999, 99999), st.integers(-5, 99), st.integers(-5, 99)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
    number,
    text,
)
ident = st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True), text, cypherish)
cell = st.one_of(text, cypherish, number, st.just(""))


@st.composite
def people_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.lists(st.tuples(ident, st.one_of(cell, cypherish)), min_size=1, max_size=5))
    sources = draw(st.sampled_from([SRC, "", f"{SRC};{SRC}", "no-such-source", f"{SRC};"]))
    return [[f"fuzz-{i}-{row_id}" if draw(st.booleans()) else row_id, name, sources]
            for i, (row_id, name) in enumerate(rows)]  # fmt: skip


@st.composite
def event_rows(draw: st.DrawFn) -> list[list[str]]:
    kind = st.one_of(st.sampled_from(["meeting", "summit", "signing", "exercise"]), text)
    rows = draw(st.lists(st.tuples(ident, cell, kind, date, cell), min_size=1, max_size=5))
    return [[f"fuzz-{i}-{a}", b, c, d, SRC, e] for i, (a, b, c, d, e) in enumerate(rows)]


def as_csv(rows: list[list[str]]) -> str:
    """Rows written the way a spreadsheet would: quoted where needed."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def as_naive_text(rows: list[list[str]]) -> str:
    """Rows joined with commas, unquoted: what a careless script writes."""
    return "".join(",".join(row) + "\n" for row in rows)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(data_dir(), folder)
    yield folder


def write_rows(copy: Path, name: str, body: str | bytes) -> tuple[str, int, int]:
    """Append ``body`` to a fresh copy of data/<name>; return (label, first line, last line)."""
    original = (data_dir() / name).read_bytes()
    if not original.endswith(b"\n"):
        original += b"\n"
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    (copy / name).write_bytes(original + raw)
    first = original.count(b"\n") + 1
    last = first + raw.count(b"\n") + raw.count(b"\r")
    return f"{copy}/{name}", first, last


def restore(copy: Path, name: str) -> None:
    shutil.copyfile(data_dir() / name, copy / name)


def read_rows(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Every checked row of a data folder, by load statement."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, row in read_sources([str(folder)]).rows():
        rows.setdefault(name, []).append(row)
    return rows


def read_or_refuse(
    copy: Path, name: str, first: int, last: int
) -> dict[str, list[dict[str, Any]]] | None:
    """The rows, or None after checking the DataError names the file and a written line."""
    label = f"{copy}/{name}"
    try:
        return read_rows(copy)
    except DataError as exc:
        message = str(exc)
        assert message.startswith(label + ":"), message[:300]
        found = re.match(re.escape(label) + r":(\d+)", message)
        assert found, f"no line number: {message[:300]}"
        assert first <= int(found.group(1)) <= last, message[:300]
        return None


@FUZZ
@given(rows=people_rows(), naive=st.booleans())
def test_fuzzed_people_rows_are_accepted_or_refused_with_file_and_line(
    copy: Path, rows: list[list[str]], naive: bool
) -> None:
    body = as_naive_text(rows) if naive else as_csv(rows)
    try:
        _, first, last = write_rows(copy, "people.csv", body)
    except UnicodeEncodeError:
        return  # a lone surrogate cannot be written to a file at all
    try:
        dataset = read_or_refuse(copy, "people.csv", first, last)
        if dataset is not None and not naive:
            people = {row["id"]: row for row in dataset["people"]}
            for row_id, name, sources in rows:
                if any(c.strip() for c in (row_id, name, sources)):  # blank rows are skipped
                    assert people[row_id.strip()]["name"] == name.strip()
    finally:
        restore(copy, "people.csv")


@FUZZ
@given(rows=event_rows(), naive=st.booleans())
def test_fuzzed_event_rows_are_accepted_or_refused_with_file_and_line(
    copy: Path, rows: list[list[str]], naive: bool
) -> None:
    body = as_naive_text(rows) if naive else as_csv(rows)
    try:
        _, first, last = write_rows(copy, "events.csv", body)
    except UnicodeEncodeError:
        return
    try:
        dataset = read_or_refuse(copy, "events.csv", first, last)
        if dataset is not None and not naive:
            events = {row["id"]: row for row in dataset["events"]}
            for row_id, _, _, day, *_ in rows:
                assert events[row_id.strip()]["date"] == (day.strip() or None)
    finally:
        restore(copy, "events.csv")


@FUZZ
@given(body=st.binary(max_size=300))
@example(body=b"test-person,Ren\xc3")  # a UTF-8 sequence cut short at the end of the file
def test_random_bytes_are_accepted_or_refused_with_file_and_line(copy: Path, body: bytes) -> None:
    _, first, last = write_rows(copy, "people.csv", body)
    try:
        read_or_refuse(copy, "people.csv", first, last)
    finally:
        restore(copy, "people.csv")


@settings(max_examples=5, deadline=None, database=None)
@given(
    names=st.lists(
        st.one_of(cypherish, text.filter(lambda s: s.strip() and s.isprintable())),
        min_size=1,
        max_size=4,
    )
)
def test_accepted_names_come_back_from_the_graph_unchanged(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-load")
    shutil.copytree(data_dir(), folder / "data")
    rows = [[f"fuzz-person-{i}", name, SRC] for i, name in enumerate(names)]
    write_rows(folder / "data", "people.csv", as_csv(rows))
    people = len(read_rows(folder / "data")["people"])
    with Graph(Settings(db_path=folder / "graph.db")) as graph:
        graph.load([str(folder / "data")])
        found = graph.cypher(
            "MATCH (p:Person) WHERE p.id STARTS WITH 'fuzz-person-' "
            "RETURN p.id AS id, p.name AS name"
        ).rows
        assert sorted(found) == sorted((f"fuzz-person-{i}", n.strip()) for i, n in enumerate(names))
        assert graph.status().labels["Person"] == people
