"""Expected answers of every saved query on the curated data, on both engines.

Written by hand from the facts in data/ and their sources (MOFA, GOV.UK, NATO, EU and the
other sources cited there), not copied from a run. Dates before and after key events prove
that the date parameters work; pre-1970 treaty dates against today's dates guard against
the FalkorDB date-comparison overflow.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ipgraph.client import Graph

D = dt.date


def rows(graph: Graph, name: str, columns: list[str], **params: Any) -> list[tuple[Any, ...]]:
    result = graph.query(name, params)
    index = [result.columns.index(c) for c in columns]
    return [tuple(row[i] for i in index) for row in result.rows]


def test_agreements_between(loaded_graph: Graph) -> None:
    assert rows(loaded_graph, "agreements.between", ["id", "type", "signed"], a="JPN", b="GBR") == [
        ("jpn-gbr-acsa", "ACSA", D(2017, 1, 26)),
        ("gcap-programme", "PROGRAMME", D(2022, 12, 9)),
        ("jpn-gbr-raa", "RAA", D(2023, 1, 11)),
        ("gbr-jpn-hiroshima-accord", "PARTNERSHIP", D(2023, 5, 18)),
        ("gcap-gigo-convention", "PROGRAMME", D(2023, 12, 14)),
    ]
    assert rows(loaded_graph, "agreements.between", ["id"], a="IND", b="USA") == [
        ("ind-usa-lemoa",)
    ]


def test_agreements_by_type(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "agreements.by_type",
        ["id", "status", "parties"],
        type="RAA",
        as_of="2024-01-01",
    ) == [
        ("jpn-aus-raa", "in_force", ["Australia", "Japan"]),
        ("jpn-gbr-raa", "in_force", ["Japan", "United Kingdom"]),
        ("jpn-phl-raa", "negotiating", ["Japan", "Philippines"]),  # signed 2024-07-08
        ("jpn-fra-raa", None, ["France", "Japan"]),  # no sourced date yet
    ]
    assert rows(
        loaded_graph, "agreements.by_type", ["id", "status"], type="TREATY", as_of="2024-01-01"
    ) == [
        ("phl-usa-mdt", "in_force"),
        ("anzus-treaty", "in_force"),
        ("kor-usa-mdt", "in_force"),
        ("jpn-usa-security-treaty", "in_force"),
    ]
    assert rows(
        loaded_graph, "agreements.by_type", ["id", "status"], type="TREATY", as_of="1952-01-01"
    ) == [("phl-usa-mdt", "signed"), ("anzus-treaty", "signed")]


def test_agreements_of_country(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "agreements.of_country",
        ["id", "status", "partners"],
        country="AUS",
        as_of="1990-01-01",
    ) == [("anzus-treaty", "in_force", ["New Zealand", "United States"])]
    ids = [
        r[0]
        for r in rows(
            loaded_graph, "agreements.of_country", ["id"], country="AUS", as_of="2026-11-01"
        )
    ]
    assert sorted(ids) == sorted(
        [
            "jpn-aus-raa",
            "jpn-aus-acsa",
            "anzus-treaty",
            "jpn-aus-jdsc-2007",
            "jpn-aus-jdsc-2022",
            "aukus-partnership",
            "ind-aus-mlsa",
        ]
    )


def test_agreements_pending(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph, "agreements.pending", ["id", "entryIntoForce"], as_of="2023-06-01"
    ) == [
        ("ind-usa-lemoa", "not recorded"),
        ("jpn-gbr-acsa", "not recorded"),
        ("ind-fra-logistics", "not recorded"),
        ("jpn-can-acsa", "not recorded"),
        ("ind-sgp-navy-logistics", "not recorded"),
        ("ind-kor-navy-logistics", "not recorded"),
        ("ind-aus-mlsa", "not recorded"),
        ("jpn-ind-acsa", "not recorded"),
        ("jpn-aus-raa", "later"),  # in force 2023-08-13
        ("gcap-programme", "not recorded"),
        ("jpn-gbr-raa", "later"),  # in force 2023-10-15
    ]


def test_agreements_timeline(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "agreements.timeline",
        ["date", "event", "id"],
        type="ACSA",
        **{"from": "2020-01-01", "to": "2024-12-31"},
    ) == [
        (D(2020, 6, 4), "signed", "ind-aus-mlsa"),
        (D(2020, 9, 9), "signed", "jpn-ind-acsa"),
        (D(2024, 1, 29), "signed", "jpn-deu-acsa"),
        (D(2024, 7, 12), "in_force", "jpn-deu-acsa"),
        (D(2024, 11, 25), "signed", "jpn-ita-acsa"),
    ]
    assert rows(
        loaded_graph,
        "agreements.timeline",
        ["date", "event", "id"],
        **{"from": "1951-01-01", "to": "1952-12-31"},
    ) == [
        (D(1951, 8, 30), "signed", "phl-usa-mdt"),
        (D(1951, 9, 1), "signed", "anzus-treaty"),
        (D(1952, 4, 29), "in_force", "anzus-treaty"),
        (D(1952, 8, 27), "in_force", "phl-usa-mdt"),
    ]


def test_countries_list(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "countries.list",
        ["iso3", "subregion", "agreements", "groupings"],
        region="Oceania",
    ) == [
        ("AUS", "Australia and New Zealand", 7, 5),
        ("NZL", "Australia and New Zealand", 2, 3),
    ]


def test_groupings_members(loaded_graph: Graph) -> None:
    assert rows(loaded_graph, "groupings.members", ["iso3"], grouping="gcap") == [
        ("ITA",),
        ("JPN",),
        ("GBR",),
    ]
    nato_2023 = [
        r[0]
        for r in rows(
            loaded_graph, "groupings.members", ["iso3"], grouping="nato", as_of="2023-06-01"
        )
    ]
    assert len(nato_2023) == 31 and "FIN" in nato_2023 and "SWE" not in nato_2023
    assert "BEL" in nato_2023  # a founder (1949): 74 years before as_of
    assert (
        len(rows(loaded_graph, "groupings.members", ["iso3"], grouping="nato", as_of="2026-11-01"))
        == 32
    )
    eu_2019 = [
        r[0]
        for r in rows(
            loaded_graph, "groupings.members", ["iso3"], grouping="eu", as_of="2019-01-01"
        )
    ]
    assert len(eu_2019) == 28 and "GBR" in eu_2019
    eu_now = [
        r[0]
        for r in rows(
            loaded_graph, "groupings.members", ["iso3"], grouping="eu", as_of="2026-11-01"
        )
    ]
    assert len(eu_now) == 27 and "GBR" not in eu_now


def test_groupings_overlap(loaded_graph: Graph) -> None:
    assert rows(loaded_graph, "groupings.overlap", ["iso3", "groupings"], as_of="2026-11-01") == [
        ("AUS", ["aukus", "quad"]),
        ("JPN", ["gcap", "quad"]),
        ("GBR", ["aukus", "gcap"]),
        ("USA", ["aukus", "quad"]),
    ]
    # Before AUKUS (2021-09-15) and GCAP (2022-12-09) there is no overlap.
    assert rows(loaded_graph, "groupings.overlap", ["iso3"], as_of="2021-01-01") == []


def test_groupings_list_and_of_country(loaded_graph: Graph) -> None:
    counts = dict(rows(loaded_graph, "groupings.list", ["id", "members"], as_of="1960-01-01"))
    assert counts["anzus"] == 3 and counts["asean"] == 0 and counts["aukus"] == 0
    assert counts["nato"] == 15  # the twelve founders, Greece and Turkey (1952), West Germany
    assert rows(
        loaded_graph, "groupings.of_country", ["id"], country="GBR", as_of="2019-01-01"
    ) == [("eu",), ("five-eyes",), ("fpda",), ("nato",)]


def test_groupings_agreements_among_members(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "groupings.agreements_among_members",
        ["id", "members"],
        grouping="gcap",
        as_of="2024-01-01",
    ) == [
        # by type (ACSA, PARTNERSHIP, PROGRAMME, RAA), then signing date
        ("jpn-gbr-acsa", ["Japan", "United Kingdom"]),
        ("gbr-jpn-hiroshima-accord", ["Japan", "United Kingdom"]),
        ("gcap-programme", ["Italy", "Japan", "United Kingdom"]),
        ("gcap-gigo-convention", ["Italy", "Japan", "United Kingdom"]),
        ("jpn-gbr-raa", ["Japan", "United Kingdom"]),
    ]


def test_logistics_shared_partners(loaded_graph: Graph) -> None:
    assert rows(loaded_graph, "logistics.shared_partners", ["iso3"], as_of="2026-11-01") == [
        ("AUS",),
        ("FRA",),
        ("USA",),
    ]
    # Before India-Australia MLSA (2020-06-04): France and the US only.
    assert rows(
        loaded_graph, "logistics.shared_partners", ["iso3", "statusB"], as_of="2019-12-31"
    ) == [("FRA", "in_force"), ("USA", "in_force")]


def test_network_partners(loaded_graph: Graph) -> None:
    got = rows(
        loaded_graph,
        "network.partners",
        ["iso3", "total", "raa", "acsa"],
        country="JPN",
        as_of="2024-01-01",
    )
    assert got[:2] == [("GBR", 5, 1, 1), ("AUS", 4, 1, 1)]
    assert ("PHL", 1, 1, 0) not in got  # the Philippines RAA was signed on 2024-07-08
    assert rows(
        loaded_graph, "network.partners", ["iso3", "total"], country="NZL", as_of="2026-11-01"
    ) == [
        ("AUS", 1),
        ("JPN", 1),
        ("USA", 1),
    ]


def test_network_path(loaded_graph: Graph) -> None:
    assert rows(loaded_graph, "network.path", ["hops", "countries"], a="KOR", b="SGP") == [
        (2, ["South Korea", "India", "Singapore"])
    ]
    assert rows(loaded_graph, "network.path", ["hops"], a="KOR", b="SGP", max_hops=1) == []
    assert (
        rows(loaded_graph, "network.path", ["hops", "agreements"], a="JPN", b="GBR", max_hops=1)[0][
            0
        ]
        == 1
    )


def test_network_europe_indo_pacific(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "network.europe_indo_pacific",
        ["european", "indoPacific", "id"],
        as_of="2020-01-01",
    ) == [
        ("France", "India", "ind-fra-logistics"),
        ("France", "Japan", "jpn-fra-acsa"),
        ("United Kingdom", "Japan", "jpn-gbr-acsa"),
    ]


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
            loaded_graph, "people.holders", ["person"], country="GBR", title="Prime Minister"
        )
    ] == ["Boris Johnson", "Liz Truss", "Rishi Sunak", "Keir Starmer"]
    events = rows(loaded_graph, "people.in_events", ["date", "agreements"], person="rishi-sunak")
    assert (D(2023, 1, 11), ["jpn-gbr-raa"]) in events
    assert [d for d, _ in events] == sorted(d for d, _ in events)
    listed = {r[0] for r in rows(loaded_graph, "people.list", ["id"])}
    assert {"ben-wallace", "fumio-kishida", "rishi-sunak"} <= listed


def test_sources_for_agreement(loaded_graph: Graph) -> None:
    got = rows(loaded_graph, "sources.for_agreement", ["fact", "source"], agreement="jpn-gbr-raa")
    facts = {f for f, _ in got}
    assert any(f.startswith("agreement: ") for f in facts)
    assert {"party: Japan", "party: United Kingdom"} <= facts
    assert any(s == "mofa-jp-gbr-raa-eif-2023" for _, s in got)


@pytest.mark.parametrize(
    "name",
    [
        "quality.agreements_few_parties",
        "quality.dates_out_of_order",
        "quality.facts_without_sources",
        "quality.orphans",
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
            " signed: date('2020-01-01'), inForce: date('2019-01-01')}) "
            "CREATE (:Event {id: 'planted-orphan', sources: ['mofa-jp-gbr-raa-eif-2023']})",
            write=True,
        )
        assert graph.query("quality.agreements_few_parties").rows == [("planted-lonely", None, 1)]
        assert graph.query("quality.dates_out_of_order").rows == [
            ("Agreement", "planted-lonely", [D(2020, 1, 1), D(2019, 1, 1)])
        ]
        assert sorted(graph.query("quality.facts_without_sources").rows) == [
            ("Agreement", "planted-lonely", []),
            ("PARTY_TO", "planted", ["no-such-source"]),
        ]
        assert graph.query("quality.orphans").rows == [("Event", "planted-orphan")]


def test_until_is_the_last_day_of_membership(loaded_graph: Graph) -> None:
    def in_eu(day: str) -> bool:
        return ("eu",) in rows(
            loaded_graph, "groupings.of_country", ["id"], country="GBR", as_of=day
        )

    assert in_eu("2020-01-31") and not in_eu("2020-02-01")  # left the EU at the end of 31 Jan


def test_chinese_foreign_ministry_spokespersons_on_a_date(loaded_graph: Graph) -> None:
    # Geng Shuang's last briefing was 2020-06-05; Wang Wenbin's first 2020-07-20; Hua
    # Chunying from 2012-11-19 and Zhao Lijian from 2020-02-24 (end dates not published).
    assert rows(loaded_graph, "people.on_date", ["person"], country="CHN", date="2021-06-01") == [
        ("Hua Chunying",),
        ("Zhao Lijian",),
        ("Wang Wenbin",),
    ]
    assert rows(loaded_graph, "people.on_date", ["person"], country="CHN", date="2020-01-01") == [
        ("Hua Chunying",),
        ("Geng Shuang",),
    ]


def test_network_cooperation(loaded_graph: Graph) -> None:
    # Agreements in force on 2024-01-01 (recorded entry into force on or before it, not
    # terminated): the Japan-Australia (2023-08-13) and Japan-UK (2023-10-15) RAAs, the
    # Japan-US (2017-04-25), Japan-Australia (2017-09-06) and Japan-France (2019-06-26)
    # ACSAs, the US treaties with Japan (1960), the Philippines (1952) and South Korea (1954)
    # and ANZUS (1952, three parties). Signed-only ones (Japan-UK ACSA, LEMOA, ...) and the
    # Japan-Germany ACSA (in force 2024-07-12) do not count.
    columns = ["country", "partner", "weight", "agreements"]
    assert rows(loaded_graph, "network.cooperation", columns, as_of="2024-01-01") == [
        ("AUS", "JPN", 2, ["jpn-aus-acsa", "jpn-aus-raa"]),
        ("AUS", "NZL", 1, ["anzus-treaty"]),
        ("AUS", "USA", 1, ["anzus-treaty"]),
        ("FRA", "JPN", 1, ["jpn-fra-acsa"]),
        ("GBR", "JPN", 1, ["jpn-gbr-raa"]),
        ("JPN", "USA", 2, ["jpn-usa-acsa", "jpn-usa-security-treaty"]),
        ("KOR", "USA", 1, ["kor-usa-mdt"]),
        ("NZL", "USA", 1, ["anzus-treaty"]),
        ("PHL", "USA", 1, ["phl-usa-mdt"]),
    ]
    assert rows(loaded_graph, "network.cooperation", columns, as_of="2025-09-11", type="RAA") == [
        ("AUS", "JPN", 1, ["jpn-aus-raa"]),
        ("GBR", "JPN", 1, ["jpn-gbr-raa"]),
        ("JPN", "PHL", 1, ["jpn-phl-raa"]),  # in force that day
    ]
    assert rows(
        loaded_graph, "network.cooperation", ["countryName", "partnerRegion"], as_of="1952-05-01"
    ) == [("Australia", "Oceania"), ("Australia", "Americas"), ("New Zealand", "Americas")]
    assert rows(loaded_graph, "network.cooperation", columns, as_of="1952-04-28") == []
