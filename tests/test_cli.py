"""The CLI through click's CliRunner: exit codes, exact error lines, formats, and no traceback.

``ipgraph cypher`` (formats, parameters, the read-only path), errors that leave the graph
unchanged, and ``validate``; saved queries are in test_cli_queries.py, reaching the graph in
test_cli_connection.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Target
from tests_support import error_line, fingerprint, invoke


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["query", "run", "raa.quad_with_europa"],
            "Error: unknown query 'raa.quad_with_europa'. Did you mean 'raa.quad_with_europe'?",
        ),
        (
            ["query", "run", "raa.status", "-p", "as_of", "2023-13-01"],
            "Error: parameter 'as_of' of query 'raa.status' takes a date: '2023-13-01' is not a "
            "real date (YYYY-MM-DD).",
        ),
        (
            ["query", "run", "raa.status", "-p", "asof", "2023-01-01"],
            "Error: unknown parameter 'asof' for query 'raa.status'. Did you mean 'as_of'?",
        ),
        (
            ["query", "run", "agreements.between", "-p", "a", "JPN"],
            "Error: missing parameter 'b' (str) for query 'agreements.between'. Pass it with "
            "-p b VALUE.",
        ),
        (
            ["query", "run", "raa.status", "-p", "country", "JPN", "-p", "country", "GBR"],
            "Error: parameter 'country' is given twice. Give it once.",
        ),
        (
            ["reset"],
            "Error: reset deletes every node and relationship: nothing done. Pass --yes "
            "to confirm.",
        ),
    ],
)
def test_errors_are_one_line_and_leave_the_graph_unchanged(
    target: Target, args: list[str], message: str
) -> None:
    with target.graph() as graph:
        graph.cypher("CREATE (:Country {iso3: 'JPN'})", write=True)
    before = fingerprint(target)
    assert error_line(invoke(target, *args)) == message
    assert fingerprint(target) == before


def test_write_through_read_only_path(target: Target) -> None:
    before = fingerprint(target)
    result = invoke(target, "cypher", "CREATE (n:Sneaky) RETURN n")
    assert error_line(result) == (
        "Error: the statement writes, but this path is read-only. "
        "Use 'ipgraph cypher --write' for a deliberate write."
    )
    assert fingerprint(target) == before
    written = invoke(
        target,
        "cypher",
        "--write",
        "CREATE (n:Country {iso3: $c}) RETURN n.iso3 AS c",
        "-p",
        "c",
        "NZL",
    )
    assert written.exit_code == 0 and "NZL" in written.output


def test_saved_write_query_cannot_hide_in_a_read_query(target: Target, tmp_path: Path) -> None:
    queries = tmp_path / "queries" / "evil"
    queries.mkdir(parents=True)
    (queries / "sneaky.cypher").write_text("// Looks harmless.\nCREATE (n:Sneaky) RETURN n\n")
    result = invoke(target, "--queries", str(tmp_path / "queries"), "query", "run", "evil.sneaky")
    assert error_line(result).startswith("Error: the statement writes, but this path is read-only")
    assert fingerprint(target) == []


def test_syntax_error_mentioning_read_and_write_is_not_called_a_write(target: Target) -> None:
    line = error_line(invoke(target, "cypher", "MATC (n) RETURN 'read and write' AS x"))
    assert "read-only" not in line
    assert line.startswith(
        "Error: Neo4j rejected the statement:"
        if target.engine == "neo4j"
        else "Error: the embedded graph rejected the statement:"
    )


def test_cypher_formats(target: Target, tmp_path: Path) -> None:
    statement = "RETURN 'a,b' AS s, date('2024-02-29') AS d, [1, 2] AS l, null AS n"
    as_json = invoke(target, "cypher", statement, "--format", "json")
    assert json.loads(as_json.stdout) == [{"s": "a,b", "d": "2024-02-29", "l": [1, 2], "n": None}]
    as_csv = invoke(target, "cypher", statement, "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["s", "d", "l", "n"],
        ["a,b", "2024-02-29", "1; 2", ""],
    ]
    as_md = invoke(target, "cypher", statement, "--format", "markdown")
    assert as_md.stdout.splitlines()[:3] == [
        "| s | d | l | n |",
        "| --- | --- | --- | --- |",
        "| a,b | 2024-02-29 | 1; 2 |  |",
    ]
    table = invoke(target, "cypher", statement)
    assert table.stdout.splitlines()[-1] == "(1 row)"
    out = tmp_path / "out.json"
    written = invoke(target, "cypher", statement, "--format", "json", "--output", str(out))
    assert written.stdout == "" and "Wrote 1 row to" in written.stderr
    assert json.loads(out.read_text())[0]["d"] == "2024-02-29"


def test_cypher_parameters_are_read_as_json_when_they_parse(target: Target) -> None:
    result = invoke(
        target,
        "cypher",
        "RETURN $i AS i, $s AS s, $l AS l, $d AS d",
        "-p",
        "i",
        "3",
        "-p",
        "s",
        "JPN",
        "-p",
        "l",
        '["a"]',
        "-p",
        "d",
        "2024-01-01",
        "--format",
        "json",
    )
    assert json.loads(result.stdout) == [{"i": 3, "s": "JPN", "l": ["a"], "d": "2024-01-01"}]


def test_validate_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    path.write_text("agreement,country,sources\n")
    assert error_line(invoke(None, "validate", str(path))) == (
        f"Error: {path}: is a file; a source is a folder holding the curated CSV files. Name "
        "its folder."
    )
