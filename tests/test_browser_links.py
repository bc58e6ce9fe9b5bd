"""Links that open a saved query in Neo4j Browser: one link, one runnable statement.

The link's editor text is the saved query with its parameters written in; run on the real
Neo4j, it gives the rows the saved query gives with the same values. The end-to-end tests
(tests/test_browser_e2e.py) open such links in the real Browser.
"""

from __future__ import annotations

import pytest
from conftest import Neo4jHandle
from tests_support import editor_text, invoke

from ipgraph.browser import open_link, param_assignments, runnable_text, written_in
from ipgraph.client import Graph
from ipgraph.queries import Catalogue

CATALOGUE = Catalogue.load()


def test_parameters_are_written_in_outside_strings_names_and_comments() -> None:
    text = (
        "// $a in a comment\n"
        "MATCH (n {x: '$a', y: \"$a\", `$a`: 1}) /* $a */\n"
        "WHERE n.a = $a AND n.ab = $ab AND n.s = 'it\\'s $a' RETURN $a AS a, $b"
    )
    assert written_in(text, {"a": "'JPN'", "ab": "date()"}) == (
        "// $a in a comment\n"
        "MATCH (n {x: '$a', y: \"$a\", `$a`: 1}) /* $a */\n"
        "WHERE n.a = 'JPN' AND n.ab = date() AND n.s = 'it\\'s $a' RETURN 'JPN' AS a, $b"
    )


def test_query_browser_prints_one_link_with_the_given_values() -> None:
    result = invoke(
        None,
        "query",
        "browser",
        "groupings.overlap",
        "-p",
        "groupings",
        "quad, gcap",
        "-p",
        "as_of",
        "2023-06-01",
        "--browser-url",
        "http://example.org:7474/browser/",
        env={"IPGRAPH_BROWSER_URL": None},
    )
    assert result.exit_code == 0, result.output
    (link,) = result.stdout.split()
    assert "+" not in link
    assert link.startswith("http://example.org:7474/browser/?db=neo4j&cmd=edit&arg=")
    text = editor_text(link)
    saved = CATALOGUE.get("groupings.overlap")
    assert text.splitlines()[0] == (
        "// ipgraph groupings.overlap, parameters written in: "
        "$groupings = ['quad', 'gcap'], $as_of = date('2023-06-01')"
    )
    assert "$groupings" not in text.split("\n", 1)[1].split("MATCH", 1)[1]
    assert text.endswith(saved.text.rstrip("\n").rsplit("\n", 1)[-1])


def test_a_query_without_parameters_opens_as_it_is() -> None:
    saved = next(s for s in CATALOGUE if not s.params)
    assert runnable_text(saved, []) == saved.text.rstrip("\n")


@pytest.mark.parametrize("name", CATALOGUE.names())
def test_the_runnable_copy_answers_as_the_saved_query(
    name: str, both_loaded: tuple[Graph, Graph]
) -> None:
    """On Neo4j, the catalogue link's statement (defaults and examples written in) gives the
    rows that the saved query gives with those values as parameters."""
    _, neo4j = both_loaded
    saved = CATALOGUE.get(name)
    text = editor_text(open_link("http://localhost:7474/browser/", saved, "neo4j"))
    values = {
        pname: neo4j.cypher(f"RETURN {expr} AS v").rows[0][0]
        for pname, expr in param_assignments(saved)
    }
    expected = neo4j.engine.read(saved.text, values, tag=name)
    got = neo4j.cypher(text)
    assert got.columns == expected.columns
    assert got.rows == expected.rows
    if saved.topic != "quality":  # the quality checks answer nothing on good data
        assert got.rows, f"{name}: the example values should answer on the curated data"


@pytest.mark.parametrize("name", CATALOGUE.names())
def test_no_saved_query_raises_a_notification_on_neo4j(
    name: str, both_loaded: tuple[Graph, Graph], neo4j_server: Neo4jHandle
) -> None:
    """Browser shows a server notification (an unknown property key, a cartesian product...)
    as a warning beside the result: no saved query may raise one on the curated data."""
    import neo4j

    saved = CATALOGUE.get(name)
    text = editor_text(open_link("http://localhost:7474/browser/", saved, "neo4j"))
    with (
        neo4j.GraphDatabase.driver(
            neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
        ) as driver,
        driver.session(database="neo4j", default_access_mode=neo4j.READ_ACCESS) as session,
    ):
        summary = session.run(text).consume()
    shown = [s for s in summary.gql_status_objects if s.is_notification]
    assert [(s.gql_status, s.status_description) for s in shown] == []
