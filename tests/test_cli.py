"""The CLI through click's CliRunner: exit codes, exact error lines, formats, and no traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import Target

from ipgraph.cli import cli


def invoke(target: Target | None, *args: str, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner()
    cli_args = target.cli_args if target else []
    # NEO4J_URI from the environment must not redirect the embedded tests to a server.
    merged: dict[str, str | None] = {
        "NEO4J_URI": None,
        **(target.env if target else {}),
        **(env or {}),
    }
    return runner.invoke(cli, [*cli_args, *args], env=merged, catch_exceptions=False)


def error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1, result.stderr
    return lines[0]


def fingerprint(target: Target) -> list[str]:
    from tests_support import graph_fingerprint

    with target.graph() as graph:
        return graph_fingerprint(graph)


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


def test_status_and_reset(target: Target) -> None:
    with target.graph() as graph:
        graph.cypher(
            "CREATE (:Country {iso3: 'JPN'})-[:MEMBER_OF]->(:Grouping {id: 'quad'})", write=True
        )
    status = invoke(target, "status")
    assert status.exit_code == 0
    assert f"engine:        {target.engine}" in status.stdout
    assert "nodes:         2" in status.stdout and "relationships: 1" in status.stdout
    reset = invoke(target, "reset", "--yes")
    assert reset.exit_code == 0 and "Deleted 2 nodes" in reset.stderr
    assert fingerprint(target) == []


def test_neo4j_unreachable() -> None:
    result = invoke(None, "--uri", "bolt://127.0.0.1:9", "status")
    assert error_line(result) == (
        "Error: cannot reach Neo4j at bolt://127.0.0.1:9. Start it with 'docker compose up -d "
        "--wait' or unset NEO4J_URI to use the embedded graph."
    )


def test_neo4j_wrong_password_and_redacted_uri(neo4j_server: object) -> None:
    from conftest import Neo4jHandle

    assert isinstance(neo4j_server, Neo4jHandle)
    uri = neo4j_server.uri.replace("bolt://", "bolt://someone:secret@")
    result = invoke(
        None,
        "--uri",
        uri,
        "status",
        env={"NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": "wrong-password"},
    )
    line = error_line(result)
    assert "secret" not in line and "wrong-password" not in line
    assert line == (
        f"Error: Neo4j at {neo4j_server.uri.replace('bolt://', 'bolt://***@')} refused the "
        "credentials: wrong user name or password. Set NEO4J_USERNAME and NEO4J_PASSWORD."
    )


def test_neo4j_unknown_database(neo4j_server: object) -> None:
    from conftest import Neo4jHandle

    assert isinstance(neo4j_server, Neo4jHandle)
    result = invoke(
        None, "--uri", neo4j_server.uri, "--database", "nosuchdb", "status", env=neo4j_server.env()
    )
    assert error_line(result) == (
        f"Error: Neo4j at {neo4j_server.uri} has no database 'nosuchdb'. Set NEO4J_DATABASE "
        "or --database to an existing database."
    )


def test_embedded_path_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke(None, "--db-path", str(blocker / "graph.db"), "status")
    assert error_line(result) == (
        f"Error: cannot use the embedded graph at {blocker / 'graph.db'}: {blocker} is a file, "
        "not a folder. Choose a writable location with --db-path or IPGRAPH_DB."
    )


def test_debug_shows_the_traceback() -> None:
    result = invoke(None, "--debug", "--uri", "bolt://127.0.0.1:9", "status")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


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


def test_syntax_error_mentioning_read_and_write_is_not_called_a_write(target: Target) -> None:
    line = error_line(invoke(target, "cypher", "MATC (n) RETURN 'read and write' AS x"))
    assert "read-only" not in line
    assert line.startswith(
        "Error: Neo4j rejected the statement:"
        if target.engine == "neo4j"
        else "Error: the embedded graph rejected the statement:"
    )


def test_uri_with_an_unsupported_scheme() -> None:
    assert error_line(invoke(None, "--uri", "http://localhost:7474", "status")) == (
        "Error: cannot use the Neo4j URI http://localhost:7474: the scheme must be one of "
        "bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc. Use a URI such as "
        "bolt://localhost:7687."
    )


def test_status_counts_every_node_once(target: Target) -> None:
    with target.graph() as graph:
        graph.cypher("CREATE (), (:Country:Grouping {id: 'x'})", write=True)
        info = graph.status()
    assert info.nodes == 2
    assert info.labels == {"Country": 1, "Grouping": 1}


def test_query_on_an_empty_graph_says_to_load(target: Target) -> None:
    assert error_line(invoke(target, "query", "run", "raa.status")) == (
        "Error: the graph holds no Country nodes, so 'JPN' (parameter 'country' of query "
        "'raa.status') cannot be found. Load the data first: ipgraph load."
    )


def test_validate_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    path.write_text("agreement,country,sources\n")
    assert error_line(invoke(None, "validate", str(path))) == (
        f"Error: {path}: is a file; a source is a folder holding the curated CSV files. Name "
        "its folder."
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
