"""The saved-query catalogue: parsing, refusal of malformed files, parameter binding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ipgraph.errors import CatalogueError, ParameterError, QueryNotFoundError
from ipgraph.queries import Catalogue, find_saved
from ipgraph.resources import queries_dir


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """// Agreements of a country.
//
// Longer description.
// params: country: str = JPN, as_of: date = today
// params: types: list[str] = [RAA, ACSA], limit: int = 10, on: bool = true, w: float = null
// mode: read
MATCH (c:Country {iso3: $country})-[:PARTY_TO]->(a:Agreement)
WHERE a.type IN $types AND a.signed <= date($as_of) AND $on AND $w IS NULL
RETURN a.id AS id LIMIT $limit
"""


def test_project_catalogue_parses_and_names_follow_paths() -> None:
    catalogue = Catalogue.load()
    assert "raa.quad_with_europe" in catalogue
    for query in catalogue:
        rel = query.path.relative_to(queries_dir()).with_suffix("")
        assert query.name == ".".join(rel.parts)
        assert query.summary and query.summary == query.description.splitlines()[0]
        assert query.mode in ("read", "write")


def test_header_is_parsed(tmp_path: Path) -> None:
    write(tmp_path, "topic/name.cypher", GOOD)
    query = Catalogue.load(tmp_path).get("topic.name")
    assert query.summary == "Agreements of a country."
    assert query.description == "Agreements of a country.\n\nLonger description."
    assert [(p.name, p.type, p.required) for p in query.params] == [
        ("country", "str", False),
        ("as_of", "date", False),
        ("types", "list[str]", False),
        ("limit", "int", False),
        ("on", "bool", False),
        ("w", "float", False),
    ]
    assert query.read_only


def test_bind_coerces_and_fills_defaults(tmp_path: Path) -> None:
    write(tmp_path, "t/q.cypher", GOOD)
    query = Catalogue.load(tmp_path).get("t.q")
    bound = query.bind({"limit": "3", "types": "RAA, TREATY", "on": "false"})
    assert bound == {
        "country": "JPN",
        "as_of": dt.date.today().isoformat(),
        "types": ["RAA", "TREATY"],
        "limit": 3,
        "on": False,
        "w": None,
    }
    python_values = query.bind({"as_of": dt.date(2023, 1, 11), "types": ["RAA"], "w": 2})
    assert python_values["as_of"] == "2023-01-11"
    assert python_values["w"] == 2.0


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"as_of": "2023-13-01"},
            "parameter 'as_of' of query 't.q' takes a date: '2023-13-01' is not a real date "
            "(YYYY-MM-DD)",
        ),
        (
            {"as_of": "11/01/2023"},
            "parameter 'as_of' of query 't.q' takes a date: '11/01/2023' is not a date "
            "(YYYY-MM-DD)",
        ),
        (
            {"limit": "ten"},
            "parameter 'limit' of query 't.q' takes a int: 'ten' is not a whole number",
        ),
        (
            {"on": "maybe"},
            "parameter 'on' of query 't.q' takes a bool: 'maybe' is not true or false",
        ),
        ({"w": "nan"}, "parameter 'w' of query 't.q' takes a float: 'nan' is not a finite number"),
        ({"asof": "2023-01-01"}, "unknown parameter 'asof' for query 't.q'. Did you mean 'as_of'?"),
        (
            {"zzz": "1"},
            "unknown parameter 'zzz' for query 't.q'. It takes: as_of, country, limit, on, "
            "types, w.",
        ),
    ],
)
def test_bind_refuses_bad_values(tmp_path: Path, given: dict[str, str], message: str) -> None:
    write(tmp_path, "t/q.cypher", GOOD)
    query = Catalogue.load(tmp_path).get("t.q")
    with pytest.raises(ParameterError) as info:
        query.bind(given)
    assert str(info.value) == message


def test_missing_required_parameter(tmp_path: Path) -> None:
    write(tmp_path, "t/q.cypher", "// S.\n// params: a: str\nRETURN $a AS a\n")
    with pytest.raises(ParameterError) as info:
        Catalogue.load(tmp_path).get("t.q").bind({})
    assert str(info.value) == "missing parameter 'a' (str) for query 't.q'. Pass it with -p a VALUE"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "// S.\n// params: a: str\nRETURN $a AS a, $b AS b\n",
            "queries/t/q.cypher:3: $b is used but not declared. Add it to the '// params:' "
            "line, e.g. 'b: str'",
        ),
        (
            "// S.\n// params: a: str, b: int\nRETURN $a AS a\n",
            "queries/t/q.cypher:2: parameter 'b' is declared but not used. Remove it or use it "
            "in the query",
        ),
        (
            "// S.\n// params: a: string\nRETURN $a AS a\n",
            "queries/t/q.cypher:2: unknown type 'string' for 'a' (use one of str, int, float, "
            "bool, date, list[str]). Declare parameters as '// params: name: type [= default], "
            "...'",
        ),
        (
            "// S.\n// params: d: date = 2023-02-30\nRETURN date($d) AS d\n",
            "queries/t/q.cypher:2: bad default for 'd': '2023-02-30' is not a real date "
            "(YYYY-MM-DD). Declare parameters as '// params: name: type [= default], ...'",
        ),
        (
            "// S.\n// params: n: int = many\nRETURN $n AS n\n",
            "queries/t/q.cypher:2: bad default for 'n': 'many' is not a whole number. Declare "
            "parameters as '// params: name: type [= default], ...'",
        ),
        (
            "// S.\n// params: a\nRETURN 1 AS x\n",
            "queries/t/q.cypher:2: 'a' is not 'name: type [= default]'. Declare parameters as "
            "'// params: name: type [= default], ...'",
        ),
        (
            "// S.\n// params: a: str\n// params: a: int\nRETURN $a AS a\n",
            "queries/t/q.cypher:3: parameter 'a' is declared twice (first on line 2). Remove "
            "one declaration",
        ),
        (
            "// Only a header.\n// mode: read\n",
            "queries/t/q.cypher:2: the query is empty: there is no Cypher after the header. Add "
            "the statement below the comment block",
        ),
        (
            "RETURN 1 AS x\n",
            "queries/t/q.cypher:1: no description. Start the file with a '// <one-line "
            "summary>' comment",
        ),
        (
            "// S.\n// params: a: str\n// exists: a: planet\nRETURN $a AS a\n",
            "queries/t/q.cypher:3: 'a: planet' is not 'parameter: kind' with a kind of country, "
            "agreement, grouping, person, domain, source, agreement_type, role_title, event_kind, "
            "status. Write e.g. '// exists: country: country'",
        ),
        (
            "// S.\n// params: a: str\n// exists: b: country\nRETURN $a AS a\n",
            "queries/t/q.cypher:3: '// exists:' names 'b', which is not a declared parameter. "
            "Declare it in '// params:' first",
        ),
        (
            "// S.\n// mode: readonly\nRETURN 1 AS x\n",
            "queries/t/q.cypher:2: mode 'readonly' is not read or write. Write '// mode: read' "
            "or '// mode: write'",
        ),
    ],
)
def test_malformed_files_are_refused_naming_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    root = tmp_path / "queries"
    write(root, "t/q.cypher", text)
    with pytest.raises(CatalogueError) as info:
        Catalogue.load(root)
    assert str(info.value) == message


def test_params_in_strings_and_comments_are_not_uses(tmp_path: Path) -> None:
    text = (
        "// S.\n// params: a: str\n"
        "MATCH (n {p: $a}) // $ghost in a comment\n"
        "RETURN '$notaparam' AS s, \"$nor\" AS t /* $this */\n"
    )
    write(tmp_path, "t/q.cypher", text)
    assert [p.name for p in Catalogue.load(tmp_path).get("t.q").params] == ["a"]


def test_two_queries_with_one_name_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "queries"
    write(root, "raa/x.cypher", "// S.\nRETURN 1 AS x\n")
    write(root, "raa.x.cypher", "// S.\nRETURN 1 AS x\n")
    with pytest.raises(CatalogueError) as info:
        Catalogue.load(root)
    assert str(info.value) == (
        "queries/raa.x.cypher:1: two queries are named 'raa.x' (the other is raa/x.cypher). "
        "Rename one file"
    )


def test_unknown_query_suggests_the_closest_name() -> None:
    catalogue = Catalogue.load()
    with pytest.raises(QueryNotFoundError) as info:
        catalogue.get("raa.quad_with_europa")
    assert (
        str(info.value)
        == "unknown query 'raa.quad_with_europa'. Did you mean 'raa.quad_with_europe'?"
    )
    with pytest.raises(QueryNotFoundError) as info:
        catalogue.get("zzz")
    assert str(info.value) == "unknown query 'zzz'. See 'ipgraph query list' for the saved queries."


def test_one_query_is_found_as_the_whole_catalogue_has_it(tmp_path: Path) -> None:
    # find_saved parses one file: it answers what Catalogue.with_user(...).get answers.
    user = tmp_path / "mine"
    write(user, "raa/status.cypher", "// My RAA status.\nRETURN 2 AS two\n")
    write(user, "mine/hello.cypher", GOOD)
    for root in (None, user):
        catalogue = Catalogue.with_user(root)
        for name in catalogue.names():
            assert find_saved(name, root) == catalogue.get(name)
    assert find_saved("raa.status", user).origin == "user"
    assert find_saved("raa.status").origin == "built-in"


def test_one_built_in_query_is_parsed_alone_with_the_folder_checks(tmp_path: Path) -> None:
    # `root` stands for the built-in folder: only the query asked for is parsed.
    root = tmp_path / "queries"
    write(root, "t/good.cypher", "// S.\nRETURN 1 AS x\n")
    write(root, "t/bad.cypher", "// S.\n// params: a: strng\nRETURN $a AS a\n")
    bad = (
        "queries/t/bad.cypher:2: unknown type 'strng' for 'a' (use one of str, int, float, bool, "
        "date, list[str]). Declare parameters as '// params: name: type [= default], ...'"
    )
    for lookup in (
        lambda: Catalogue.load(root).get("t.bad"),
        lambda: find_saved("t.bad", root=root),
    ):
        with pytest.raises(CatalogueError) as info:
            lookup()
        assert str(info.value) == bad
    # Another built-in file's mistake is reported when that file is used, not this one.
    assert find_saved("t.good", root=root).summary == "S."
    with pytest.raises(QueryNotFoundError) as missing:
        find_saved("t.goood", root=root)
    assert str(missing.value) == "unknown query 't.goood'. Did you mean 't.good'?"
    # Two files of one name are refused whichever query is asked for, as a full load does.
    write(root, "t.good.cypher", "// S.\nRETURN 1 AS x\n")
    for name in ("t.good", "t.bad", "t.none"):
        with pytest.raises(CatalogueError) as info:
            find_saved(name, root=root)
        assert str(info.value) == (
            "queries/t.good.cypher:1: two queries are named 't.good' (the other is "
            "t/good.cypher). Rename one file"
        )


def test_the_users_folder_is_parsed_whole_for_one_query(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    write(user, "t/good.cypher", "// S.\nRETURN 1 AS x\n")
    write(user, "u/bad.cypher", "// S.\nRETURN $country AS c\n")
    for name in ("t.good", "raa.status", "t.none"):
        with pytest.raises(CatalogueError) as info:
            find_saved(name, user)
        assert str(info.value) == (
            "mine/u/bad.cypher:2: $country is used but not declared. Add it to the "
            "'// params:' line, e.g. 'country: str'"
        )
    (user / "u" / "bad.cypher").unlink()
    with pytest.raises(QueryNotFoundError) as missing:
        find_saved("t.godo", user)
    assert str(missing.value) == "unknown query 't.godo'. Did you mean 't.good'?"
    for folder, message in (
        (tmp_path / "nothere", "no such folder of saved queries"),
        (user / "t" / "good.cypher", "is a file, not a folder of saved queries"),
    ):
        with pytest.raises(CatalogueError, match=message):
            find_saved("raa.status", folder)
