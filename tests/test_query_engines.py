"""Every saved query gives the same answer, value for value and type for type, on both engines."""

from __future__ import annotations

from typing import Any

import pytest

from ipgraph.client import Graph
from ipgraph.dataset.vocab import AGREEMENT_TYPES
from ipgraph.queries import Catalogue

# Parameters for each saved query: required ones, plus dates that exercise as_of.
EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "agreements.between": [{"a": "JPN", "b": "GBR"}, {"a": "IND", "b": "USA"}],
    "agreements.by_type": [{"type": t, "as_of": "2024-01-01"} for t in AGREEMENT_TYPES],
    "agreements.search": [{"text": "raa"}, {"text": "Gsomia"}],
    "agreements.lineage": [{"agreement": "jpn-usa-acsa"}, {"agreement": "ind-usa-framework-2015"}],
    "changes.between": [
        {"from": "2023-01-01", "to": "2023-12-31"},
        {"from": "2017-04-25", "to": "2017-04-25"},
    ],
    "domains.list": [{}],
    "domains.agreements": [{"domain": "space"}, {"domain": "logistics", "as_of": "2015-01-01"}],
    "domains.by_country": [{"country": "JPN"}, {"country": "AUS", "as_of": "2000-01-01"}],
    "events.between": [
        {"from": "2017-01-01", "to": "2026-12-31"},
        {"from": "2021-01-01", "to": "2024-12-31", "country": "KOR", "kind": "summit"},
    ],
    "groupings.outreach": [{"grouping": "quad"}, {"grouping": "anzus", "as_of": "1953-01-01"}],
    "network.shared_partners": [{"a": "IND", "b": "JPN"}, {"a": "AUS", "b": "USA", "type": "SOFA"}],
    "quality.coverage": [{}],
    "quality.open_posts": [{}],
    "quality.post_coverage": [{}],
    "quality.post_gaps": [{}],
    "sources.supports": [
        {"source": "mofa-jp-gbr-raa-eif-2023"},
        {"source": "ddnews-quad-20-years"},
    ],
    "agreements.of_country": [{"country": "JPN"}, {"country": "AUS", "as_of": "1990-01-01"}],
    "agreements.pending": [{"as_of": "2023-06-01"}, {}],
    "countries.list": [{}, {"region": "Europe"}],
    "groupings.agreements_among_members": [{"grouping": "quad"}, {"grouping": "gcap"}],
    "groupings.list": [{}, {"as_of": "1960-01-01"}],
    "groupings.of_country": [{"country": "GBR"}, {"country": "GBR", "as_of": "2019-01-01"}],
    "people.holders": [
        {"country": "JPN", "title": "Prime Minister"},
        {"country": "USA", "title": "Secretary of State"},
    ],
    "people.list": [{}],
    "agreements.timeline": [
        {"from": "2016-01-01", "to": "2026-12-31"},
        {"from": "2020-01-01", "to": "2024-12-31", "type": "ACSA"},
    ],
    "groupings.members": [{"grouping": g} for g in ("quad", "aukus", "gcap", "nato", "eu")]
    + [{"grouping": "eu", "as_of": "2019-01-01"}],
    "groupings.overlap": [{}, {"groupings": ["nato", "eu", "five-eyes"], "as_of": "2024-01-01"}],
    "logistics.shared_partners": [{}, {"a": "JPN", "b": "IND", "as_of": "2019-01-01"}],
    "network.europe_indo_pacific": [{}, {"as_of": "2020-01-01"}],
    "network.partners": [{"country": "JPN"}, {"country": "IND", "as_of": "2019-01-01"}],
    "network.path": [{"a": "IND", "b": "GBR"}, {"a": "PHL", "b": "ITA", "max_hops": 4}],
    "network.cooperation": [
        {},
        {"as_of": "2024-01-01", "type": "RAA"},
        {"as_of": "1953-01-01"},
        {"as_of": "2026-01-01", "type": "ACSA"},
    ],
    "people.in_events": [{"person": p} for p in ("fumio-kishida", "rishi-sunak")],
    "people.on_date": [{"country": c, "date": "2023-06-01"} for c in ("GBR", "JPN", "USA")],
    "quality.agreements_few_parties": [{}],
    "quality.dates_out_of_order": [{}],
    "quality.facts_without_sources": [{}],
    "quality.orphans": [{}],
    "raa.quad_with_europe": [{}, {"as_of": "2023-06-01"}],
    "raa.status": [{}, {"country": "PHL", "as_of": "2024-08-01"}],
    "sources.for_agreement": [{"agreement": "jpn-gbr-raa"}, {"agreement": "aukus-partnership"}],
}

CASES = [(name, params) for name, runs in sorted(EXAMPLES.items()) for params in runs]
#: Parametrizes a test by ``name`` and ``params`` over every example of every saved query.
EVERY_EXAMPLE = pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)


def typed(value: Any) -> Any:
    """A value with its type spelled out, so that 1 and 1.0 differ."""
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, dict):
        return {k: typed(v) for k, v in sorted(value.items())}
    return (type(value).__name__, value)


def test_every_saved_query_has_examples() -> None:
    assert sorted(EXAMPLES) == Catalogue.load().names()
    assert len(Catalogue.load()) >= 25


@EVERY_EXAMPLE
def test_same_answer_on_both_engines(
    both_loaded: tuple[Graph, Graph], name: str, params: dict[str, Any]
) -> None:
    falkor, neo4j = both_loaded
    a, b = falkor.query(name, params), neo4j.query(name, params)
    assert a.columns == b.columns
    assert [typed(list(r)) for r in a.rows] == [typed(list(r)) for r in b.rows]
    assert a.to_frame().equals(b.to_frame())


DATE_PROPS = (
    r"(?:announced|negotiationsStarted|signed|inForce|terminated|since|until|date|founded"
    r"|published)"
)


def raw_date_uses(text: str) -> list[str]:
    """Date values, and dates compared with a parameter by their text instead of their
    ``...By`` day.

    The graph stores dates as text as known (``2022``, ``2022-05``, ``2022-05-13``) and, as
    ``<date>By``, the last day each may denote. "Reached on $as_of" is ``x.signedBy <=
    toString($as_of)``; ``x.signed <= ...`` would count "2022" as reached on 2022-01-01.
    Date values (``date(...)``) are never used: FalkorDB 4.22 compares them wrongly when
    they are over ~68 years apart.
    """
    import re

    code = "\n".join(line.split("//")[0] for line in text.splitlines())
    found = re.findall(r"\b(?:date|datetime|localdatetime)\s*\(", code)
    prop = rf"\b\w+\.{DATE_PROPS}\b(?!By)"
    param = r"(?:toString\(\s*\$\w+\s*\)|\$\w+)"
    found += re.findall(rf"{prop}\s*(?:<=|>=|<|>|=)\s*{param}", code)
    found += re.findall(rf"{param}\s*(?:<=|>=|<|>|=)\s*{prop}", code)
    return found


def test_no_saved_query_compares_raw_dates() -> None:
    """Every comparison of a date with a date parameter uses the ``...By`` day (the README's
    date rule), and no query makes date values."""
    offenders = {q.name: raw_date_uses(q.text) for q in Catalogue.load()}
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (a) WHERE a.signed <= $x RETURN a",
        "MATCH (a) WHERE toString($x) > a.inForce RETURN a",
        "MATCH (a) WHERE a.since <= toString($as_of) RETURN a",
        "RETURN date('1949-04-04') < date('2024-01-01') AS x",
        "MATCH (a) WHERE a.signedBy <= date($x) RETURN a",
    ],
)
def test_the_raw_date_check_catches_each_form(text: str) -> None:
    assert raw_date_uses(text)
    fixed = (
        "MATCH (a) WHERE a.signedBy <= toString($x) AND a.since > b.since "
        "RETURN a ORDER BY a.signed"
    )
    assert raw_date_uses(fixed) == []


def test_falkordb_date_comparison_bug_is_still_there(both_loaded: tuple[Graph, Graph]) -> None:
    """When this starts failing, FalkorDB has fixed the bug and the workaround can go."""
    falkor, neo4j = both_loaded
    statement = (
        "RETURN date('1949-04-04') < date('2024-01-01') AS raw, "
        "toString(date('1949-04-04')) < toString(date('2024-01-01')) AS iso"
    )
    assert falkor.cypher(statement).rows == [(False, True)]
    assert neo4j.cypher(statement).rows == [(True, True)]
