"""``ipgraph report`` and :mod:`ipgraph.reports`: discovery, parameters, errors, real runs.

The notebooks themselves are executed in test_notebooks.py; here the CLI runs one report
end to end on the curated data (proving that --db-path and -p reach the notebook), and the
error paths answer with one line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import partial
from pathlib import Path
from typing import Any

import nbformat
import pytest
import tests_support
from conftest import Target
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from tests_support import invoke

from ipgraph.config import Settings
from ipgraph.reports import (
    Report,
    ReportError,
    ReportParam,
    execute,
    find_reports,
    get_report,
    kernel_env,
    read_report,
)
from ipgraph.resources import queries_dir

#: A report prints progress before its error: the Error: line must be the only one of its kind.
error_line = partial(tests_support.error_line, alone=False)


def write_notebook(folder: Path, name: str, parameters: str, *cells: str) -> Path:
    notebook = new_notebook()
    notebook.cells = [
        new_markdown_cell(f"# Title of {name}\n\nWhat it shows,\non two lines.\n\nMore."),
        new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        *(new_code_cell(source) for source in cells),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


# --- discovery and the parameters cell ---------------------------------------------------


def test_read_report_title_summary_and_parameters(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path,
        "demo",
        'country = "JPN"  # ISO3 code\nas_of = "today"\nyears: list = [2016, 2025]\n'
        "kind = None  # a type, or None\nratio = 0.5\nflag = False\n",
    )
    report = read_report(path)
    assert (report.name, report.title) == ("demo", "Title of demo")
    assert report.summary == "What it shows, on two lines."
    assert [(p.name, p.default, p.help, p.kind) for p in report.params] == [
        ("country", "JPN", "ISO3 code", "str"),
        ("as_of", "today", "", "date"),
        ("years", [2016, 2025], "", "list[int]"),
        ("kind", None, "a type, or None", "str"),
        ("ratio", 0.5, "", "float"),
        ("flag", False, "", "bool"),
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("x = 1 + len([])", "the default of 'x' is not a literal"),
        ("import os", "only 'name = value' lines"),
        ("a = b = 1", "only 'name = value' lines"),
        ("x = {'a': 1}", "'x' has an unsupported default"),
        ("x = (", "line 1"),
    ],
)
def test_parameters_cell_must_hold_literals(tmp_path: Path, cell: str, message: str) -> None:
    with pytest.raises(ReportError, match=message.replace("(", r"\(").replace("+", r"\+")):
        read_report(write_notebook(tmp_path, "bad", cell))


def test_a_report_needs_one_parameters_cell(tmp_path: Path) -> None:
    path = tmp_path / "untagged.ipynb"
    notebook = new_notebook()
    notebook.cells = [new_markdown_cell("# T"), new_code_cell("x = 1")]
    nbformat.write(notebook, path)
    with pytest.raises(ReportError, match="exactly one cell tagged 'parameters', found 0"):
        read_report(path)


def test_no_report_can_be_called_list(tmp_path: Path) -> None:
    write_notebook(tmp_path, "list", "x = 1")
    with pytest.raises(ReportError, match="'list' cannot be a report name"):
        find_reports(tmp_path)
    with pytest.raises(ReportError, match="unknown report 'list'"):
        get_report("list", tmp_path)
    assert all(r.name != "list" for r in find_reports())


def test_report_names_are_plain(tmp_path: Path) -> None:
    write_notebook(tmp_path, "Big Report", "x = 1")
    with pytest.raises(ReportError, match="'Big Report' is not a report name"):
        find_reports(tmp_path)


# --- -p values are read by the type of the default -------------------------------------


@pytest.mark.parametrize(
    ("default", "given", "expected"),
    [
        (2015, "2019", 2019),
        (0.5, "1.25", 1.25),
        (False, "yes", True),
        (True, "off", False),
        ("JPN", " AUS ", " AUS "),
        ("today", "2024-02-29", "2024-02-29"),
        ("2024-01-01", "today", dt.date.today().isoformat()),
        ([2016, 2025], "2018,2024", [2018, 2024]),
        ([2016, 2025], "[2017, 2023]", [2017, 2023]),
        ("this_year", "this_year", dt.date.today().year),
        ("this_year", "2019", 2019),
        ([2016, "this_year"], "2018,this_year", [2018, dt.date.today().year]),
        ([2016, "this_year"], "2018,2020", [2018, 2020]),
        (["quad", "aukus"], "quad, fpda", ["quad", "fpda"]),
        (["quad"], "['eu']", ["eu"]),
        (None, "ACSA", "ACSA"),
        (None, "null", None),
        (None, "None", None),
    ],
)
def test_values_follow_the_default_type(default: Any, given: str, expected: Any) -> None:
    assert ReportParam("p", default).coerce(given) == expected


@pytest.mark.parametrize(
    ("default", "given", "why"),
    [
        (2015, "20x5", "takes a whole number: '20x5' is not a whole number"),
        (0.5, "half", "takes a number: 'half' is not a number"),
        (False, "maybe", "takes true or false: 'maybe' is not true or false"),
        ("today", "2024-02-30", "takes a date (YYYY-MM-DD or today): '2024-02-30' is not a real"),
        ([2016, 2025], "2016,later", "takes a list of whole numbers, e.g. 2016,2025: 'later'"),
        ("this_year", "next", "takes a year, e.g. 2025, or this_year: 'next' is not a whole"),
    ],
)
def test_bad_values_name_the_report_and_parameter(default: Any, given: str, why: str) -> None:
    report = Report("demo", Path("demo.ipynb"), "Demo", "", (ReportParam("p", default),))
    with pytest.raises(ReportError) as caught:
        report.bind({"p": given})
    assert str(caught.value).startswith(f"report 'demo': parameter 'p' {why}")


def test_python_values_are_checked_too() -> None:
    report = Report(
        "demo", Path("d.ipynb"), "D", "", (ReportParam("n", 1), ReportParam("d", "today"))
    )
    assert report.bind({"n": 3, "d": dt.date(2024, 5, 1)}) == {"n": 3, "d": "2024-05-01"}
    with pytest.raises(ReportError, match="parameter 'n' takes a whole number: 'x' is not"):
        report.bind({"n": "x"})
    with pytest.raises(ReportError, match=r"parameter 'n' takes a whole number: 2\.5"):
        report.bind({"n": 2.5})


def test_kernel_environment_follows_the_settings(tmp_path: Path) -> None:
    embedded = kernel_env(Settings(db_path=tmp_path / "g.db"))
    assert embedded["IPGRAPH_DB"] == str(tmp_path / "g.db")
    assert embedded["NEO4J_URI"] == ""  # an inherited NEO4J_URI must not win
    server = kernel_env(Settings(uri="bolt://h:7687", username="u", password="p$x", database="d"))
    assert (server["NEO4J_URI"], server["NEO4J_DATABASE"]) == ("bolt://h:7687", "d")
    assert (server["NEO4J_USERNAME"], server["NEO4J_PASSWORD"]) == ("u", "p$x")
    assert "IPGRAPH_DB" not in server
    # No folder of the user's: '' so that an inherited IPGRAPH_QUERIES does not win.
    assert embedded["IPGRAPH_QUERIES"] == server["IPGRAPH_QUERIES"] == ""
    mine = kernel_env(Settings(db_path=tmp_path / "g.db", queries=tmp_path / "mine"))
    assert Settings.from_env({**mine}).queries == tmp_path / "mine"
    assert Settings.from_env({**embedded}).queries is None
    # A kernel started with it finds the same graph: Settings read back from that env.
    assert Settings.from_env({**embedded}).db_path == tmp_path / "g.db"
    assert Settings.from_env({**embedded}).uri is None


# --- the command line ------------------------------------------------------------------


def test_report_list() -> None:
    result = invoke(None, "report", "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["name", "title", "parameters"]
    rows = {line.split()[0]: line for line in lines[2:-1]}
    assert set(rows) == {"minilaterals", "network", "partnerships"}
    assert rows["partnerships"].endswith("country=JPN, as_of=today")
    assert rows["minilaterals"].endswith("as_of=today, groupings=quad,aukus,gcap")
    assert "last_year=this_year, draw_years=2016,this_year" in rows["network"]
    assert lines[-1] == "(3 rows)"


def test_report_help_lists_reports_and_parameters() -> None:
    listing = invoke(None, "report", "--help")
    assert listing.exit_code == 0
    assert "NAME [-p KEY VALUE]... --output FILE.html" in listing.output
    for name in ("list", "minilaterals", "network", "partnerships"):
        assert f"\n  {name} " in listing.output
    one = invoke(None, "report", "partnerships", "--help")
    assert one.exit_code == 0
    assert " report partnerships [OPTIONS]" in one.output
    assert "country (default JPN): ISO 3166-1 alpha-3 code of the country" in one.output


def test_unknown_report() -> None:
    assert error_line(invoke(None, "report", "nope", "-o", "x.html")) == (
        "Error: unknown report 'nope' (reports: minilaterals, network, partnerships). "
        "See ipgraph report list."
    )
    assert error_line(invoke(None, "report", "partnership", "-o", "x.html")).endswith(
        "Did you mean 'partnerships'?"
    )


def test_unknown_and_bad_parameters(tmp_path: Path) -> None:
    out = str(tmp_path / "r.html")
    assert error_line(invoke(None, "report", "network", "-p", "years", "3", "-o", out)) == (
        "Error: report 'network' has no parameter 'years'. "
        "Valid keys: first_year, last_year, draw_years, agreement_type."
    )
    assert error_line(invoke(None, "report", "network", "-p", "first_year", "x", "-o", out)) == (
        "Error: report 'network': parameter 'first_year' takes a whole number: "
        "'x' is not a whole number. Give e.g. -p first_year 2015."
    )
    assert error_line(
        invoke(None, "report", "partnerships", "-p", "as_of", "2024-13-01", "-o", out)
    ).startswith("Error: report 'partnerships': parameter 'as_of' takes a date")
    twice = invoke(
        None, "report", "network", "-p", "first_year", "1", "-p", "first_year", "2", "-o", out
    )
    assert error_line(twice) == "Error: parameter 'first_year' is given twice. Give it once."
    assert not Path(out).exists()


def test_bad_output_paths(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "r.html"
    assert error_line(invoke(None, "report", "network", "-o", str(missing))) == (
        f"Error: cannot write {missing}: the folder {missing.parent} does not exist. "
        "Choose another --output path."
    )
    assert error_line(invoke(None, "report", "network", "-o", str(tmp_path))) == (
        f"Error: cannot write {tmp_path}: it is a folder. Choose another --output path."
    )
    missing_option = invoke(None, "report", "network")
    assert missing_option.exit_code == 2
    assert missing_option.stderr.startswith("Error: missing option '--output' / '-o'.")


def test_empty_graph_asks_for_a_load(tmp_path: Path) -> None:
    empty, out = tmp_path / "empty.db", tmp_path / "r.html"
    result = invoke(None, "--db-path", str(empty), "report", "partnerships", "-o", str(out))
    assert error_line(result) == (
        f"Error: the graph at {empty} holds no agreements, so there is nothing to report on. "
        "Load the data first: ipgraph load."
    )
    assert not out.exists()


def test_missing_packages_name_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ipgraph.reports

    absent = "ipgraph_package_that_is_not_installed"
    monkeypatch.setattr(ipgraph.reports, "REPORT_PACKAGES", ("papermill", absent))
    result = invoke(None, "report", "network", "-o", str(tmp_path / "r.html"))
    assert error_line(result) == (
        f"Error: running a report needs {absent}, which is not installed. "
        "Install them with: pip install 'ipgraph[reports]'."
    )
    assert invoke(None, "report", "list").exit_code == 0  # listing needs none of them


def test_cli_runs_a_report_on_the_db_path(falkordb_loaded_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "australia.html"
    # Were --db-path not passed on, the kernel would open this empty graph instead.
    env = {"IPGRAPH_DB": str(tmp_path / "elsewhere.db")}
    args = ["--db-path", str(falkordb_loaded_path), "report", "partnerships"]
    result = invoke(None, *args, "-p", "country", "AUS", "--output", str(out), env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Wrote {out}"
    page = out.read_text(encoding="utf-8")
    assert f"Australia on {dt.date.today().isoformat()}" in page
    assert "Reciprocal Access Agreements in force: Japan" in page
    assert page.count('src="data:image/png;base64,') == 2
    quiet = invoke(None, "-q", *args, "-p", "country", "XXX", "-o", str(out), env=env)
    assert error_line(quiet).startswith(
        "Error: report 'partnerships' failed in cell 4: no such country 'XXX' "
        "(parameter 'country' of query 'agreements.of_country'). Use an ISO 3166-1"
    )


def test_a_report_runs_the_users_queries(falkordb_loaded_path: Path, tmp_path: Path) -> None:
    # --queries reaches the report's kernel: a query of the user's that replaces a built-in
    # one the report uses (countries.list, for the country's name) is the one that runs.
    mine = tmp_path / "mine" / "countries"
    mine.mkdir(parents=True)
    built_in = (queries_dir() / "countries" / "list.cypher").read_text(encoding="utf-8")
    assert "c.name AS name," in built_in
    renamed = built_in.replace("c.name AS name,", "c.name + ' (as I name it)' AS name,")
    (mine / "list.cypher").write_text(renamed, encoding="utf-8")
    out = tmp_path / "australia.html"
    args = ["--db-path", str(falkordb_loaded_path), "--queries", str(tmp_path / "mine")]
    args += ["report", "partnerships", "-p", "country", "AUS", "--output", str(out)]
    result = invoke(None, *args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert f"Australia (as I name it) on {dt.date.today().isoformat()}" in page


def test_a_failing_cell_fails_the_report(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "broken", "n = 1", "print('fine')", "raise ValueError(n)")
    with pytest.raises(ReportError) as caught:
        execute(read_report(path), {"n": 42}, Settings(db_path=tmp_path / "g.db"))
    assert str(caught.value) == (
        "report 'broken' failed in cell 4: ValueError: 42. "
        "Open the notebook in Jupyter (or use --debug) to see the traceback"
    )
    assert json.loads(path.read_text(encoding="utf-8"))["cells"][2]["outputs"] == []


@pytest.mark.parametrize("loaded", ["neo4j"], indirect=True)
def test_cli_runs_a_report_on_neo4j(loaded: Target, tmp_path: Path) -> None:
    out = tmp_path / "minilaterals.html"
    args = ["report", "minilaterals", "-p", "as_of", "2024-12-31"]
    result = invoke(loaded, *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"Running report 'minilaterals' on neo4j at {loaded.cli_args[1]}"
    )
    page = out.read_text(encoding="utf-8")
    assert "The picture on 2024-12-31" in page
    assert "AUKUS</strong> (3 members): Australia, United Kingdom, United States" in page
    assert page.count('src="data:image/png;base64,') == 4


def test_report_tables_align_text_keep_dates_whole_and_shorten_urls() -> None:
    import pandas as pd

    from ipgraph.report_tables import table

    frame = pd.DataFrame(
        {
            "title": ["Agreement between Japan and the United Kingdom"],
            "signed": ["2023-01-11"],
            "parties": [["GBR", "JPN"]],
            "count": [3],
            "url": ["https://www.mofa.go.jp/press/release/page_000001.html"],
        }
    )
    html = table(frame, signed="signed on").to_html()
    assert (
        '<a href="https://www.mofa.go.jp/press/release/page_000001.html" '
        'title="https://www.mofa.go.jp/press/release/page_000001.html">mofa.go.jp</a>'
    ) in html
    assert ">GBR, JPN<" in html and ">signed on<" in html

    def props(column: int) -> str:
        found = re.search(rf"#T_\w+ td\.col{column} \{{([^}}]*)\}}", html)
        return found.group(1) if found else ""

    assert "text-align: left" in props(0) and "min-width" in props(0)  # title: room
    assert "white-space: nowrap" in props(1)  # a date never wraps
    assert "text-align: left" in props(2) and "nowrap" not in props(2)
    assert props(3) == ""  # numbers keep the right alignment
