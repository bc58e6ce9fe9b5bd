"""Expected answers of the people, events, changes, sources and quality queries, on both engines.

On the curated data. Written by hand from the facts in data/ and their sources (MOFA, GOV.UK,
NATO, EU and the other sources cited there), not copied from a run. Dates before and after
key events prove that the date parameters work; pre-1970 treaty dates against today's dates
guard against the FalkorDB date-comparison overflow.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests_support import rows

from ipgraph.client import Graph


def test_people(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph, "people.on_date", ["title", "person"], country="GBR", date="2023-06-01"
    ) == [
        ("Defence Secretary", "Ben Wallace"),
        ("Foreign Secretary", "James Cleverly"),
        ("Prime Minister", "Rishi Sunak"),
    ]
    assert rows(
        loaded_graph, "people.on_date", ["title", "person"], country="JPN", date="2023-06-01"
    ) == [
        ("Defence Minister", "Hamada Yasukazu"),
        ("Foreign Minister", "Hayashi Yoshimasa"),  # not Motegi: his first term ended 2021
        ("Prime Minister", "Kishida Fumio"),
    ]
    assert [
        r[0]
        for r in rows(
            loaded_graph, "people.holders", ["person"], country="gbr", title="prime minister"
        )
    ] == [
        "David Cameron",
        "Theresa May",
        "Boris Johnson",
        "Liz Truss",
        "Rishi Sunak",
        "Keir Starmer",
    ]
    events = rows(loaded_graph, "people.in_events", ["date", "agreements"], person="rishi-sunak")
    assert ("2023-01-11", ["jpn-gbr-raa"]) in events
    assert [d for d, _ in events] == sorted(d for d, _ in events)
    listed = {r[0] for r in rows(loaded_graph, "people.list", ["id"])}
    assert {"ben-wallace", "fumio-kishida", "rishi-sunak"} <= listed


def test_acting_holders_and_vacant_posts(loaded_graph: Graph) -> None:
    # Between Li Shangfu's removal (2023-10-24) and Dong Jun's appointment (2023-12-29) the
    # sources show China's defence ministry without a minister.
    def defence(day: str) -> list[Any]:
        got = rows(loaded_graph, "people.on_date", ["title", "person"], country="CHN", date=day)
        return [p for t, p in got if t == "Defence Minister"]

    assert defence("2023-06-01") == ["Li Shangfu"]
    assert defence("2023-11-15") == []
    assert defence("2024-01-15") == ["Dong Jun"]
    holders = rows(
        loaded_graph,
        "people.holders",
        ["person", "acting"],
        country="USA",
        title="Secretary of Defense",
    )
    assert ("James Mattis", False) in holders
    assert ("Patrick M. Shanahan", True) in holders  # acting, 2019-01-01 to 2019-06-24


def test_chinese_foreign_ministry_spokespersons_on_a_date(loaded_graph: Graph) -> None:
    # Geng Shuang's last briefing was 2020-06-05; Wang Wenbin's first 2020-07-20; Zhao Lijian
    # from 2020-02-24 to January 2023 (the month of his move; a month counts from its last
    # day). Hua Chunying's term (from 2012-11-19) is over but its end was not published, so
    # the query leaves it out on every date (its rule for spokespersons with ended = yes).
    def spokespersons(day: str) -> list[str]:
        got = rows(loaded_graph, "people.on_date", ["title", "person"], country="CHN", date=day)
        return [p for t, p in got if t == "Foreign Ministry Spokesperson"]

    assert spokespersons("2021-06-01") == ["Zhao Lijian", "Wang Wenbin"]
    assert spokespersons("2023-01-15") == ["Zhao Lijian", "Wang Wenbin", "Mao Ning"]
    assert spokespersons("2023-02-01") == ["Wang Wenbin", "Mao Ning"]
    assert spokespersons("2020-01-01") == ["Geng Shuang"]


def test_events_between(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "events.between",
        ["id", "countries", "concerns"],
        country="KOR",
        **{"from": "2023-08-01", "to": "2023-08-31"},
    ) == [
        (
            "usa-jpn-kor-summit-camp-david-2023-08-18",
            ["JPN", "KOR", "USA"],
            ["Japan-ROK-US Trilateral"],
        )
    ]
    summits = rows(
        loaded_graph,
        "events.between",
        ["id"],
        kind="SUMMIT",
        **{"from": "2021-03-01", "to": "2021-03-31"},
    )
    assert summits == [("quad-leaders-virtual-summit-2021-03-12",)]


def test_changes_between(loaded_graph: Graph) -> None:
    got = rows(
        loaded_graph,
        "changes.between",
        ["date", "change", "id"],
        **{"from": "2017-04-25", "to": "2017-04-25"},
    )
    # The 2016 Japan-US ACSA entered into force and replaced the 1996 one and its amendments.
    assert ("2017-04-25", "agreement in force", "jpn-usa-acsa") in got
    assert ("2017-04-25", "agreement superseded", "jpn-usa-acsa-1996") in got
    assert ("2017-04-25", "agreement terminated", "jpn-usa-acsa-1996") in got
    posts = rows(
        loaded_graph,
        "changes.between",
        ["change", "subject"],
        **{"from": "2022-10-25", "to": "2022-10-25"},
    )
    assert ("post left", "Liz Truss: Prime Minister (GBR)") in posts
    assert ("post taken up", "Rishi Sunak: Prime Minister (GBR)") in posts


def test_sources_for_agreement(loaded_graph: Graph) -> None:
    got = rows(loaded_graph, "sources.for_agreement", ["fact", "source"], agreement="jpn-gbr-raa")
    facts = {f for f, _ in got}
    assert any(f.startswith("agreement: ") for f in facts)
    assert {"party: Japan", "party: United Kingdom"} <= facts
    assert any(s == "mofa-jp-gbr-raa-eif-2023" for _, s in got)


def test_sources_supports(loaded_graph: Graph) -> None:
    event = "jpn-gbr-raa-signing-2023-01-11"
    assert rows(
        loaded_graph, "sources.supports", ["kind", "id"], source="mofa-jp-gbr-raa-eif-2023"
    ) == [
        ("Agreement", "jpn-gbr-raa"),
        ("CONCERNS", f"CONCERNS|{event}|jpn-gbr-raa"),
        ("COVERS", "COVERS|jpn-gbr-raa|access"),
        ("COVERS", "COVERS|jpn-gbr-raa|training"),
        ("Event", event),
        ("PARTY_TO", "PARTY_TO|GBR|jpn-gbr-raa"),
        ("PARTY_TO", "PARTY_TO|JPN|jpn-gbr-raa"),
        ("TOOK_PART", f"TOOK_PART|GBR||{event}"),
        ("TOOK_PART", f"TOOK_PART|JPN||{event}"),
        ("TOOK_PART", f"TOOK_PART||fumio-kishida|{event}"),
        ("TOOK_PART", f"TOOK_PART||rishi-sunak|{event}"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "quality.agreements_few_parties",
        "quality.dates_out_of_order",
        "quality.facts_without_sources",
        "quality.open_posts",
        "quality.orphans",
        "quality.post_gaps",
    ],
)
def test_quality_checks_are_clean_on_the_curated_data(loaded_graph: Graph, name: str) -> None:
    assert loaded_graph.query(name).rows == []


def test_quality_checks_find_planted_problems(target: Any) -> None:
    with target.graph() as graph:
        graph.load()
        graph.cypher(
            "MATCH (j:Country {iso3: 'JPN'}) "
            "CREATE (j)-[:PARTY_TO {key: 'planted', sources: ['no-such-source']}]->"
            "(:Agreement {id: 'planted-lonely', type: 'RAA', sources: [],"
            " signed: '2020', signedBy: '2020-12-31',"
            " inForce: '2019-06', inForceBy: '2019-06-30'}) "
            "CREATE (:Event {id: 'planted-orphan', sources: ['mofa-jp-gbr-raa-eif-2023']}) "
            "WITH j "
            "MATCH (p:Person {id: 'rishi-sunak'}) "
            "CREATE (p)-[:HELD_ROLE {key: 'planted-pm', title: 'Prime Minister',"
            " since: '2023-01-01', sinceBy: '2023-01-01', ended: false, acting: false,"
            " vacantAfter: false,"
            " sources: ['mofa-jp-gbr-raa-eif-2023']}]->(j)",
            write=True,
        )
        assert graph.query("quality.agreements_few_parties").rows == [("planted-lonely", None, 1)]
        assert graph.query("quality.dates_out_of_order").rows == [
            ("Agreement", "planted-lonely", ["2020", "2019-06"])
        ]
        assert sorted(graph.query("quality.facts_without_sources").rows) == [
            ("Agreement", "planted-lonely", []),
            ("PARTY_TO", "planted", ["no-such-source"]),
        ]
        assert graph.query("quality.orphans").rows == [("Event", "planted-orphan")]
        # An open term of Japan's prime minister from 2023 while others followed: open, and
        # overlapping Kishida's term.
        open_posts = graph.query("quality.open_posts").records()
        assert [(r["country"], r["person"]) for r in open_posts] == [("JPN", "Rishi Sunak")]
        gaps = graph.query("quality.post_gaps").records()
        # ... and with Ishiba's and Takaichi's (the planted term is still open).
        assert {(r["problem"], r["person"]) for r in gaps} == {
            ("overlap", "Kishida Fumio"),
            ("overlap", "Rishi Sunak"),
        }
