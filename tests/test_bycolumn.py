"""Checks by column (ipgraph/dataset/bycolumn.py) against the checks cell by cell.

The column checks may only say yes: a chunk they pass must be one the cell-by-cell checks pass
with the same rows (values, types, key order) and the same changes to the reader's state.
Where they doubt, the cell-by-cell checks decide (and name any problem), so the errors need no
test here beyond the bad-data cases, which run through the same reader.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from tests_support import data_dir

from ipgraph.dataset import bycolumn, model, reader
from ipgraph.dataset.checks import Checker, State
from ipgraph.dataset.csvfile import Chunk, read_chunks
from ipgraph.dataset.keys import DigestSet
from ipgraph.dataset.reader import read_dataset
from ipgraph.dataset.synth import generate
from ipgraph.errors import DataError

Pairs = list[tuple[str, dict[str, Any]]]


def rows_both_ways(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Pairs, Pairs, int]:
    """The dataset's rows checked as the reader does, and cell by cell only; and how many
    chunks the column checks passed."""
    passed = 0
    checked = bycolumn.checked

    def counting(*args: Any) -> Pairs | None:
        nonlocal passed
        pairs = checked(*args)
        passed += pairs is not None
        return pairs

    monkeypatch.setattr(reader.bycolumn, "checked", counting)
    usual = list(read_dataset([(folder, "data")]).rows())
    monkeypatch.setattr(reader.bycolumn, "checked", lambda *args: None)
    by_cell = list(read_dataset([(folder, "data")]).rows())
    return usual, by_cell, passed


def assert_same(got: Pairs, expected: Pairs) -> None:
    assert len(got) == len(expected)
    for (name_a, row_a), (name_b, row_b) in zip(got, expected, strict=True):
        assert name_a == name_b
        assert list(row_a.items()) == list(row_b.items())
        assert [type(v) for v in row_a.values()] == [type(v) for v in row_b.values()]


def test_the_curated_data_passes_by_column_with_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usual, by_cell, passed = rows_both_ways(data_dir(), monkeypatch)
    assert_same(usual, by_cell)
    files_with_rows = sum(1 for name in model.FILES if _data_lines(data_dir() / f"{name}.csv"))
    assert passed >= files_with_rows  # every chunk was checked by column, none by cell


def test_synthetic_data_passes_by_column_with_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path, relationships=12_000, seed=7)
    usual, by_cell, passed = rows_both_ways(tmp_path, monkeypatch)
    assert_same(usual, by_cell)
    assert len(usual) > 2 * reader.CHUNK and passed > len(model.FILES)


def _data_lines(path: Path) -> int:
    return max(len(path.read_text(encoding="utf-8").splitlines()) - 1, 0)


# Cells that are nearly right, or right in a way a quick check might miss.
TRICKY = [
    "",
    " ",
    "  x  ",
    "x",
    "\t",
    "a\nb",
    "a\tb",
    "\x1f",
    "abc\x1f",
    "\x1fabc",
    "a\x1fb",
    "\u200b",
    "a\u200bb",
    "\x85",
    "a\x85",
    "\u2028",
    "a\u2029",
    "\x7f",
    "ABC",
    "abc-",
    "-abc",
    "a b",
    "a_b",
    "é",
    "yes",
    "Yes",
    "yes ",
    " yes",
    "no",
    "true",
    "2022",
    "2022-02",
    "2022-02-29",
    "2024-02-29",
    "2022-13",
    "2022-00",
    "2022-04-31",
    "0999",
    "999",
    "2022-1-01",
    "20220101",
    "9999-12-31",
    "1000-01",
    "2022-12-31 ",
    "http://x",
    "https://example.com/a b",
    "HTTP://EXAMPLE.COM",
    "https://user@example.com/",
    "https://example.com:80/x",
    "https://example.com:99999/",
    "https://[::1]/",
    "https://exa mple.com",
    "ftp://example.com",
    "https://",
    "https:///path",
    "https://example.com/@x",
    "https://a.b?x=@",
    "https://é.com",
    "https://example.com\u3000/x",
    "//example.com",
    "JPN",
    "jpn",
    "XKX",
    "ZZZ",
    "GBR ",
    "AAA",
    "s1;s2",
    "s1;;s2",
    "s1;s1",
    ";",
    "s1; s2",
    "x" * 41,
    "x" * 400,
    "RAA",
    "raa",
    "supersedes",
]


def _state_after_nodes(folder: Path) -> State:
    """The reader's state once every file is read (ids of every kind known)."""
    state = State()
    check = Checker(state)
    for name in model.FILES:
        kind = model.NODE_BY_FILE.get(name) or model.REL_BY_FILE[name]
        header = model.header(name)
        for chunk in read_chunks(folder / f"{name}.csv", name, header, (), 512):
            reader._by_cell(kind, chunk, check)
        if name in model.NODE_BY_FILE:
            state.ids.setdefault(name, DigestSet()).freeze()
    return state


def _snapshot(state: State) -> dict[str, Any]:
    sets = {f"ids.{k}": v for k, v in state.ids.items()}
    sets.update(rel_keys=state.rel_keys)
    found: dict[str, Any] = {k: (list(v._added), list(v._sorted)) for k, v in sets.items()}
    found["parties"] = list(state.parties._counts)
    return found


def _outcome(kind: Any, chunk: Chunk, state: State, by_column: bool) -> tuple[Any, Any]:
    state = copy.deepcopy(state)
    if by_column:
        got: Any = bycolumn.checked(kind, chunk, state)
    else:
        try:
            got = reader._by_cell(kind, chunk, Checker(state))
        except DataError as exc:
            got = exc
    return got, _snapshot(state)


def _plausible(col: model.Column) -> list[str]:
    """Values a cell of this column could well hold (so that the row checks are reached)."""
    return {
        "flag": ["yes", ""],
        "date": ["", "1999", "2030-05", "2020-01-01", "1950-12-31", "2024-02-29"],
        "choice": list(col.vocabulary),
    }.get(col.kind, [""])


def test_changed_cells_pass_by_column_only_as_they_pass_cell_by_cell() -> None:
    """Thousands of chunks of curated rows with one to three cells changed: to a tricky
    value, a plausible one, another row's value in the column, or another column's value in
    the row. Whatever the column checks pass, the cell checks pass with the same rows and
    state; whatever they doubt changes nothing."""
    state = _state_after_nodes(data_dir())
    rng = random.Random(14)
    chunks: dict[str, list[Chunk]] = {}
    for name in model.FILES:
        path = data_dir() / f"{name}.csv"
        found = list(read_chunks(path, name, model.header(name), (), 12))
        if found:
            chunks[name] = found
    passed = refused = 0
    for trial in range(6000):
        name = sorted(chunks)[trial % len(chunks)]
        kind = model.NODE_BY_FILE.get(name) or model.REL_BY_FILE[name]
        original = rng.choice(chunks[name])
        columns = {c.name: c for c in kind.columns}
        cells = [list(row) for row in original.cells]
        for _ in range(rng.choice((1, 1, 2, 3))):
            row, col = rng.randrange(len(cells)), rng.randrange(len(original.header))
            cells[row][col] = rng.choice(
                [
                    rng.choice(TRICKY),
                    rng.choice(_plausible(columns[original.header[col]])),
                    rng.choice(cells)[col],
                    rng.choice(cells[row]),
                ]
            )
        chunk = Chunk(original.path, original.header, original.lines, cells)
        fast, fast_state = _outcome(kind, chunk, state, by_column=True)
        slow, slow_state = _outcome(kind, chunk, state, by_column=False)
        if fast is None:
            assert fast_state == _snapshot(state), f"trial {trial}: a doubt changed the state"
            refused += 1
            continue
        assert not isinstance(slow, DataError), f"trial {trial}: passed by column, but {slow}"
        assert_same(fast, slow)
        assert fast_state == slow_state, f"trial {trial}: the state differs"
        passed += 1
    # Both ways are exercised: the changes are often harmless and often not.
    assert passed > 1000 and refused > 1000


@pytest.mark.parametrize(
    ("url", "by_column"),
    [
        ("https://www.mofa.go.jp/files/100406193.pdf", True),
        ("https://example.com:8080/a?b=c#d@e", True),
        ("HTTPS://EXAMPLE.COM/", False),  # the cell check accepts it; the column check defers
        ("https://user@example.com/", False),
        ("https://example.com/a b", False),
    ],
)
def test_urls_the_column_check_passes_or_defers(url: str, by_column: bool) -> None:
    state = _state_after_nodes(data_dir())
    kind = model.NODE_BY_FILE["sources"]
    header = list(model.header("sources"))
    cells = [["s-test", "Title", "Publisher", url, "2024-01-02"]]
    chunk = Chunk("sources.csv", header, [2], cells)
    fast, _ = _outcome(kind, chunk, state, by_column=True)
    slow, _ = _outcome(kind, chunk, state, by_column=False)
    assert (fast is not None) == by_column
    if fast is not None:
        assert_same(fast, slow)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-28", ("2020-02-28", "2020-02-28", "2020-02-28")),
        ("2020-02-29", ("2020-02-29", "2020-02-29", "2020-02-29")),
        ("2020-02", ("2020-02", "2020-02-29", "2020-02-01")),
        ("2021-02", ("2021-02", "2021-02-28", "2021-02-01")),
        ("2021", ("2021", "2021-12-31", "2021-01-01")),
        ("2021-12-31", ("2021-12-31", "2021-12-31", "2021-12-31")),
    ],
)
def test_dates_by_column(text: str, expected: tuple[str, str, str]) -> None:
    assert bycolumn._date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-29", "2021-04-31", "0999", "2021-13", "2021-1-01"])
def test_impossible_dates_are_left_to_the_cell_check(text: str) -> None:
    with pytest.raises(bycolumn._Doubt):
        bycolumn._date(text)
