"""``ipgraph query`` through click's CliRunner: list, show, run and Browser links.

Saved queries of the user's own (``--queries``), parameters that name nothing in the graph or
look like Cypher, ``--with-sources``: each answer or one exact ``Error:`` line, no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Target
from tests_support import error_line, invoke


def test_query_list_and_show() -> None:
    listing = invoke(None, "query", "list")
    assert listing.exit_code == 0
    import re

    assert re.search(
        r"^raa\.quad_with_europe +Quad members with a Reciprocal Access Agreement with a "
        r"European state\.$",
        listing.output,
        re.M,
    )
    from ipgraph.queries import Catalogue

    assert listing.output.splitlines()[-1] == f"({len(Catalogue.load())} rows)"
    shown = invoke(None, "query", "show", "raa.status")
    assert shown.exit_code == 0
    assert "  country: str (default JPN; must be a country known to the graph)" in shown.output
    assert "MATCH (c:Country {iso3: $country})" in shown.output


def test_query_list_unknown_topic() -> None:
    assert error_line(invoke(None, "query", "list", "nosuch")).startswith(
        "Error: unknown topic 'nosuch'. Topics: "
    )


def test_malformed_saved_query_header(tmp_path: Path) -> None:
    queries = tmp_path / "queries" / "t"
    queries.mkdir(parents=True)
    (queries / "bad.cypher").write_text("// S.\n// params: a: strng\nRETURN $a AS a\n")
    result = invoke(None, "--queries", str(tmp_path / "queries"), "query", "list")
    assert error_line(result) == (
        "Error: queries/t/bad.cypher:2: unknown type 'strng' for 'a' (use one of str, int, "
        "float, bool, date, list[str]). Declare parameters as '// params: name: type "
        "[= default], ...'."
    )


def test_user_queries_add_to_the_built_in_ones(tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    (queries / "mine").mkdir(parents=True)
    (queries / "mine" / "hello.cypher").write_text("// My own query.\nRETURN 1 AS one\n")
    (queries / "raa").mkdir()
    (queries / "raa" / "status.cypher").write_text("// My RAA status.\nRETURN 2 AS two\n")
    listed = invoke(None, "--queries", str(queries), "query", "list")
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["name", "origin", "summary"]
    assert any(line.split()[:2] == ["mine.hello", "user"] for line in lines)
    assert any(line.split()[:2] == ["raa.status", "user"] for line in lines)
    assert any(line.split()[:2] == ["agreements.search", "built-in"] for line in lines)
    shown = invoke(None, "--queries", str(queries), "query", "show", "raa.status")
    assert "My RAA status." in shown.stdout
    # Without --queries: the built-ins only, and no origin column.
    plain = invoke(None, "query", "list")
    assert plain.stdout.splitlines()[0].split() == ["name", "summary"]


def test_the_python_api_has_the_users_queries_too(
    falkordb_loaded_path: Path, tmp_path: Path
) -> None:
    # Graph() finds the user's folder as the command line does: queries= or IPGRAPH_QUERIES
    # (so a notebook started where it is set runs the same queries), on the real graph.
    from ipgraph.client import Graph
    from ipgraph.config import Settings

    mine = tmp_path / "mine"
    (mine / "raa").mkdir(parents=True)
    (mine / "hello.cypher").write_text(
        "// Countries, counted.\nMATCH (c:Country) RETURN count(c) AS countries\n"
    )
    (mine / "raa" / "status.cypher").write_text("// Mine.\nRETURN 'mine' AS status\n")
    env = {"IPGRAPH_DB": str(falkordb_loaded_path), "IPGRAPH_QUERIES": str(mine)}
    for settings in (
        Settings.from_env(env),
        Settings.from_env({}, db_path=falkordb_loaded_path, queries=mine),
    ):
        assert settings.queries == mine
        with Graph(settings) as graph:
            assert graph.catalogue.get("hello").origin == "user"
            assert graph.query("hello").rows[0][0] > 80
            assert graph.run("raa.status")["status"].tolist() == ["mine"]
    with Graph(db_path=falkordb_loaded_path, queries=mine) as graph:
        assert "hello" in graph.catalogue
    # Neither given (or IPGRAPH_QUERIES blank, as a report's kernel gets it): built-ins only.
    blank = Settings.from_env({"IPGRAPH_DB": str(falkordb_loaded_path), "IPGRAPH_QUERIES": " "})
    assert blank.queries is None
    with Graph(blank) as graph:
        assert "hello" not in graph.catalogue
        assert graph.catalogue.get("raa.status").origin == "built-in"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["raa.status", "-p", "country", "XYZ"],
            "Error: no such country 'XYZ' (parameter 'country' of query 'raa.status'). Use an ISO "
            "3166-1 alpha-3 code in the graph, e.g. JPN (see countries.list).",
        ),
        (
            ["groupings.overlap", "-p", "groupings", "quad, aukuss"],
            "Error: no such grouping 'aukuss' (parameter 'groupings' of query "
            "'groupings.overlap'). Use a grouping id in the graph, e.g. quad (see groupings.list).",
        ),
        (
            ["sources.for_agreement", "-p", "agreement", "jpn-gbr-raaa"],
            "Error: no such agreement 'jpn-gbr-raaa' (parameter 'agreement' of query "
            "'sources.for_agreement'). Use an agreement id in the graph, e.g. jpn-gbr-raa (see "
            "agreements.by_type).",
        ),
        (
            ["people.in_events", "-p", "person", "nobody"],
            "Error: no such person 'nobody' (parameter 'person' of query 'people.in_events'). Use "
            "a person id in the graph, e.g. fumio-kishida (see people.list).",
        ),
    ],
)
def test_unknown_codes_answer_no_such(loaded: Target, args: list[str], message: str) -> None:
    assert error_line(invoke(loaded, "query", "run", *args)) == message


def test_cypher_looking_parameter_values_are_values(loaded: Target) -> None:
    result = invoke(
        loaded,
        "query",
        "run",
        "people.on_date",
        "-p",
        "country",
        "GBR'}) DETACH DELETE n //",
        "-p",
        "date",
        "2023-06-01",
    )
    assert error_line(result).startswith("Error: no such country 'GBR'}) DETACH DELETE n //'")
    ok = invoke(
        loaded,
        "query",
        "run",
        "agreements.search",
        "-p",
        "text",
        "RAA' OR 1=1 //",
        "--format",
        "json",
    )
    assert ok.exit_code == 0 and json.loads(ok.stdout) == []
    # A vocabulary value is checked before the engine sees it.
    refused = invoke(loaded, "query", "run", "agreements.by_type", "-p", "type", "RAA' OR 1=1 //")
    assert error_line(refused).startswith(
        "Error: parameter 'type' of query 'agreements.by_type' takes a str: 'RAA' OR 1=1 //' "
        "is not a known agreement type. Use one of: TREATY, SOFA, RAA,"
    )


def test_query_on_an_empty_graph_says_to_load(target: Target) -> None:
    assert error_line(invoke(target, "query", "run", "raa.status")) == (
        "Error: the graph holds no Country nodes, so 'JPN' (parameter 'country' of query "
        "'raa.status') cannot be found. Load the data first: ipgraph load."
    )


def test_with_sources_lists_titles_and_urls(loaded: Target) -> None:
    args = ["query", "run", "raa.quad_with_europe", "-p", "as_of", "2024-01-01", "--with-sources"]
    table = invoke(loaded, *args)
    assert table.exit_code == 0
    text = table.stdout
    assert "\nSources:\n" in text
    assert (
        "mofa-jp-gbr-raa-eif-2023: Exchange of Diplomatic Notes for Entry into Force of Japan-UK "
        "Reciprocal Access Agreement. Ministry of Foreign Affairs of Japan, 2023-09-15. "
        "https://www.mofa.go.jp/press/release/press4e_003298.html"
    ) in text
    as_json = json.loads(invoke(loaded, *args, "--format", "json").stdout)
    assert [r["status"] for r in as_json["rows"]] == ["in_force"]
    assert {s["id"] for s in as_json["sources"]} == set(as_json["rows"][0]["sources"])
    assert error_line(invoke(loaded, *args, "--format", "csv")) == (
        "Error: --with-sources cannot be shown in CSV. Use --format table, markdown or json."
    )
    assert error_line(invoke(loaded, "query", "run", "quality.orphans", "--with-sources")) == (
        "Error: this query has no 'sources' column, so there are no sources to show. Run it "
        "without --with-sources."
    )


def test_query_browser_uses_the_neo4j_host_and_checks_parameters() -> None:
    result = invoke(
        None,
        "--uri",
        "bolt://graph.example.org:7687",
        "query",
        "browser",
        "raa.status",
        "-p",
        "country",
        "O'Brien",
    )
    (link,) = result.stdout.split()
    assert link.startswith("http://graph.example.org:7474/browser/?db=neo4j&cmd=edit&arg=")
    from urllib.parse import unquote

    assert unquote(link.split("&arg=")[1]).startswith(
        "// ipgraph raa.status, parameters written in: $country = 'O\\'Brien', $as_of = date('"
    )
    bad = invoke(None, "query", "browser", "raa.status", "-p", "as_of", "2023-02-30")
    assert error_line(bad) == (
        "Error: parameter 'as_of' of query 'raa.status' takes a date: "
        "'2023-02-30' is not a real date (YYYY-MM-DD)."
    )


def test_query_run_of_one_query_keeps_the_catalogue_errors(
    falkordb_loaded_path: Path, tmp_path: Path
) -> None:
    # `query run` parses only its own built-in query, but every file of the user's folder: as
    # a user runs it (the real process, the embedded graph), a mistake in the folder stops
    # every query, and two files of one name are refused whichever query is asked for.
    mine = tmp_path / "mine"
    (mine / "t").mkdir(parents=True)
    (mine / "t" / "hello.cypher").write_text("// Hello.\nRETURN 1 AS one\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "IPGRAPH_"))}

    def ipgraph(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(Path(sys.executable).with_name("ipgraph")), "--db-path"]
        command += [str(falkordb_loaded_path), "--queries", str(mine), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    def refused(result: subprocess.CompletedProcess[str]) -> str:
        assert result.returncode == 1 and not result.stdout, result
        (line,) = result.stderr.splitlines()
        return line

    ran = ipgraph("query", "run", "t.hello", "--format", "csv")
    assert ran.returncode == 0 and ran.stdout == "one\n1\n", ran
    assert ipgraph("query", "run", "raa.status", "--format", "json").returncode == 0
    assert refused(ipgraph("query", "run", "t.helo")) == (
        "Error: unknown query 't.helo'. Did you mean 't.hello'?"
    )
    (mine / "t" / "bad.cypher").write_text("// S.\n// params: a: strng\nRETURN $a AS a\n")
    bad = (
        "Error: mine/t/bad.cypher:2: unknown type 'strng' for 'a' (use one of str, int, float, "
        "bool, date, list[str]). Declare parameters as '// params: name: type [= default], ...'."
    )
    for args in (["run", "t.bad"], ["run", "t.hello"], ["run", "raa.status"], ["show", "t.hello"]):
        assert refused(ipgraph("query", *args)) == bad
    (mine / "t" / "bad.cypher").unlink()
    (mine / "t.hello.cypher").write_text("// Hello again.\nRETURN 2 AS two\n")
    for name in ("t.hello", "raa.status"):
        assert refused(ipgraph("query", "run", name)) == (
            "Error: mine/t.hello.cypher:1: two queries are named 't.hello' (the other is "
            "t/hello.cypher). Rename one file."
        )
