"""``ipgraph analyze`` on the curated data: its formats, and bad options as one-line errors.

The measures themselves are checked by hand in test_analyze.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Target, embedded_target
from tests_support import invoke


def analyze(target: Target, *args: str) -> Result:
    """``ipgraph analyze ARGS`` on ``target``."""
    return invoke(target, "analyze", *args)


def test_cli_formats(loaded: Target, tmp_path: Path) -> None:
    as_json = analyze(
        loaded, "centrality", "--as-of", "2024-01-01", "--type", "RAA", "--format", "json"
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)[0] == {
        "country": "JPN",
        "name": "Japan",
        "degree": 2,
        "weighted_degree": 2,
        "betweenness": 1.0,
        "eigenvector": 0.707107,
    }
    assert "Cooperation network on 2024-01-01 (RAA agreements): 3 countries, 2 links" in (
        as_json.stderr
    )
    as_csv = analyze(
        loaded, "communities", "--as-of", "2024-01-01", "--type", "raa", "--format", "csv"
    )
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["community", "country", "name"],
        ["1", "AUS", "Australia"],
        ["1", "GBR", "United Kingdom"],
        ["1", "JPN", "Japan"],
    ]
    as_md = analyze(loaded, "bridges", "--as-of", "1953-01-01", "--format", "markdown")
    lines = as_md.stdout.splitlines()
    assert lines[:2] == [
        "| country | name | pieces | bridge_partners | communities |",
        "| --- | --- | --- | --- | --- |",
    ]
    assert len(lines) == 3 and lines[2].startswith("| USA | United States | 3 | JPN; PHL | ")
    table = analyze(loaded, "bridges", "--as-of", "1950-01-01")
    assert table.exit_code == 0 and table.stdout.splitlines()[-1] == "(0 rows)"
    out = tmp_path / "bridges.json"
    written = analyze(
        loaded, "bridges", "--as-of", "1953-01-01", "--format", "json", "-o", str(out)
    )
    assert written.exit_code == 0 and written.stdout == ""
    assert "Wrote 1 row to" in written.stderr
    assert [r["country"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["USA"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["centrality", "--type", "MOU"],
            "Error: --type 'MOU' is not an agreement type. "
            "Use one of: TREATY, SOFA, RAA, DCA, ACSA, GSOMIA, EQUIPMENT, DECLARATION, "
            "PARTNERSHIP, PROGRAMME.",
        ),
        (
            ["communities", "--as-of", "2024-13-01"],
            "Error: --as-of '2024-13-01' is not a real date (YYYY-MM-DD). "
            "Give a date such as 2024-01-01.",
        ),
        (
            ["bridges", "--as-of", "1/1/2024"],
            "Error: --as-of '1/1/2024' is not a date (YYYY-MM-DD). Give a date such as 2024-01-01.",
        ),
    ],
)
def test_cli_bad_options_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    path = tmp_path / "graph.db"
    result = analyze(embedded_target(path), *args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [message]
    assert not path.exists()  # refused before the graph was opened
