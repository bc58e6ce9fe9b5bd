"""Bad data files: each case breaks a copy of the curated data in one way.

Every case must give one exact error naming file, line and column (and how to fix it),
through `ipgraph validate` and `ipgraph load`, with a non-zero exit and the graph unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_data_cases import CELL_CASES, FILE_CASES, Case
from bad_data_row_cases import ROW_CASES
from conftest import Target
from tests_support import SRC, data_copy, graph_fingerprint, invoke, rows_by_statement

from ipgraph.dataset import read_sources

CASES = [*CELL_CASES, *ROW_CASES, *FILE_CASES]


def message_for(case: Case, copy: Path, line: int) -> str:
    where = f"{copy}/{case.file}.csv"
    if line:
        where += f":{line}"
    return f"{where}: {case.message}"


def matches(got: str, expected: str) -> bool:
    if "*" not in expected:
        return got == expected
    head, tail = expected.split("*", 1)
    return got.startswith(head) and got.endswith(tail)


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_names_file_line_and_column(case: Case, tmp_path: Path) -> None:
    copy = data_copy(tmp_path)
    line = case.breaks(copy / f"{case.file}.csv")
    result = invoke(None, "validate", str(copy))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    got = result.stderr.strip()
    assert len(got.splitlines()) == 1
    expected = "Error: " + message_for(case, copy, line)
    assert matches(got, expected if expected.endswith(".") else expected + "."), got


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_leaves_the_loaded_graph_unchanged(
    case: Case, loaded: Target, tmp_path: Path
) -> None:
    with loaded.graph() as graph:
        before = graph_fingerprint(graph)
    copy = data_copy(tmp_path)
    case.breaks(copy / f"{case.file}.csv")
    result = invoke(loaded, "load", str(copy))
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {copy}/{case.file}.csv")
    with loaded.graph() as graph:
        assert graph_fingerprint(graph) == before


def test_quoted_field_with_embedded_newline_is_read_and_lines_stay_right(tmp_path: Path) -> None:
    copy = data_copy(tmp_path)
    path = copy / "people.csv"
    text = path.read_text(encoding="utf-8")
    text += f'test-person,"A name\nacross two lines",{SRC}\n'
    path.write_text(text, encoding="utf-8")
    grouped = rows_by_statement(read_sources([str(copy)]))
    assert {"id": "test-person", "name": "A name\nacross two lines", "sources": [SRC]} in (
        grouped["people"]
    )
    bad_line = len(text.splitlines()) + 1
    path.write_text(text + f"Bad Id,Name,{SRC}\n", encoding="utf-8")
    result = invoke(None, "validate", str(copy))
    assert result.stderr.startswith(f"Error: {copy}/people.csv:{bad_line}: column 'id':")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    copy = data_copy(tmp_path)
    path = copy / "parties.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_sources([str(copy)]).check().total() == read_sources([]).check().total()


def test_validate_reports_counts_on_good_data() -> None:
    result = invoke(None, "validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("OK: ") and "agreements " in result.stdout
