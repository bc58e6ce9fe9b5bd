"""Expected answers of the countries, groupings, logistics and network queries, on both engines.

On the curated data. Written by hand from the facts in data/ and their sources (MOFA, GOV.UK,
NATO, EU and the other sources cited there), not copied from a run. Dates before and after
key events prove that the date parameters work; pre-1970 treaty dates against today's dates
guard against the FalkorDB date-comparison overflow.
"""

from __future__ import annotations

from tests_support import rows

from ipgraph.client import Graph


def test_countries_list(loaded_graph: Graph) -> None:
    got = rows(
        loaded_graph,
        "countries.list",
        ["iso3", "subregion", "agreements", "groupings"],
        region="Oceania",
    )
    assert got[0] == ("AUS", "Australia and New Zealand", 58, 8)
    by_code = {r[0]: r for r in got}
    assert by_code["NZL"] == ("NZL", "Australia and New Zealand", 15, 4)
    assert by_code["PNG"] == ("PNG", "Melanesia", 12, 0)
    assert {r[1] for r in got} == {
        "Australia and New Zealand",
        "Melanesia",
        "Micronesia",
        "Polynesia",
    }


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
        grouping="GCAP",  # any letter case
        as_of="2024-01-01",
    ) == [
        # by type, then signing date (then id)
        ("jpn-gbr-acsa", ["Japan", "United Kingdom"]),
        ("gbr-jpn-jdsc-2017", ["Japan", "United Kingdom"]),
        ("gbr-jpn-equipment-2013", ["Japan", "United Kingdom"]),
        ("ita-jpn-equipment", ["Italy", "Japan"]),
        ("gbr-jpn-isa", ["Japan", "United Kingdom"]),
        ("ita-jpn-isa", ["Italy", "Japan"]),
        ("gbr-jpn-hiroshima-accord", ["Japan", "United Kingdom"]),
        ("gcap-programme", ["Italy", "Japan", "United Kingdom"]),
        ("gcap-gigo-convention", ["Italy", "Japan", "United Kingdom"]),
        ("jpn-gbr-raa", ["Japan", "United Kingdom"]),
    ]


def test_groupings_outreach(loaded_graph: Graph) -> None:
    got = rows(
        loaded_graph,
        "groupings.outreach",
        ["member", "partner", "id"],
        grouping="anzus",
        as_of="1953-01-01",
    )
    # ANZUS members' agreements with outsiders in effect on the date: the US treaties with the
    # Philippines and (the first) with Japan.
    assert got == [
        ("United States", "Japan", "jpn-usa-security-treaty-1951"),
        ("United States", "Philippines", "phl-usa-mdt"),
    ]


def test_until_is_the_last_day_of_membership(loaded_graph: Graph) -> None:
    def in_eu(day: str) -> bool:
        return ("eu",) in rows(
            loaded_graph, "groupings.of_country", ["id"], country="GBR", as_of=day
        )

    assert in_eu("2020-01-31") and not in_eu("2020-02-01")  # left the EU at the end of 31 Jan


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
        ["iso3", "total", "raa", "acsa", "gsomia", "equipment"],
        country="JPN",
        as_of="2024-01-01",
    )
    # US: security treaty, SOFA, ACSA, GSOMIA, mutual defence assistance, 2015 guidelines,
    # the three trilateral documents with Korea; UK: eight, from the 2013 agreements on.
    assert got[:2] == [("USA", 9, 0, 1, 2, 1), ("GBR", 8, 1, 1, 1, 1)]
    assert all(r[2] == 0 for r in got if r[0] == "PHL")  # the RAA was signed on 2024-07-08
    assert rows(
        loaded_graph, "network.partners", ["iso3", "total"], country="NZL", as_of="2026-11-01"
    )[:6] == [
        ("AUS", 6),  # with the 2018 Closer Defence Relations statement
        ("USA", 4),
        ("FJI", 2),
        ("FRA", 2),
        ("JPN", 2),
        ("PHL", 2),
    ]


def test_network_path(loaded_graph: Graph) -> None:
    got = rows(loaded_graph, "network.path", ["hops", "countries", "chain"], a="KOR", b="SGP")
    # No agreement has both; of the two-step chains the first in code and id order.
    assert got == [
        (
            2,
            ["South Korea", "Australia", "Singapore"],
            [
                "South Korea",
                "Australia-Korea CMI Agreement",
                "Australia",
                "Australia-Singapore Training MOU 2016",
                "Singapore",
            ],
        )
    ]
    assert rows(loaded_graph, "network.path", ["hops"], a="KOR", b="SGP", max_hops=1) == []
    ((hops, path),) = rows(loaded_graph, "network.path", ["hops", "path"], a="JPN", b="GBR")
    assert hops == 1
    # The path itself (what Browser draws): country, agreement, country.
    assert path["nodes"][0]["iso3"] == "JPN"
    assert len(path["nodes"]) == 3 and len(path["relationships"]) == 2
    # A country is not linked to itself (Neo4j refuses a shortest path between one node).
    assert rows(loaded_graph, "network.path", ["hops"], a="JPN", b="JPN") == []


def test_network_shared_partners(loaded_graph: Graph) -> None:
    # Logistics only: the same partners as logistics.shared_partners.
    assert rows(
        loaded_graph,
        "network.shared_partners",
        ["iso3", "withA", "withB"],
        a="IND",
        b="JPN",
        type="acsa",
        as_of="2026-11-01",
    ) == [
        ("AUS", ["India-Australia MLSA"], ["Japan-Australia ACSA (2017)"]),
        ("FRA", ["India-France logistics agreement"], ["Japan-France ACSA"]),
        ("USA", ["India-US LEMOA"], ["Japan-US ACSA (2016)"]),
    ]
    everything = {
        r[0] for r in rows(loaded_graph, "network.shared_partners", ["iso3"], a="IND", b="JPN")
    }
    assert {"AUS", "FRA", "USA", "ITA", "GBR"} - everything == {"ITA"}


def test_network_europe_indo_pacific(loaded_graph: Graph) -> None:
    got = rows(
        loaded_graph,
        "network.europe_indo_pacific",
        ["european", "indoPacific", "id"],
        as_of="2020-01-01",
    )
    assert {
        ("France", "India", "ind-fra-logistics"),
        ("France", "Japan", "jpn-fra-acsa"),
        ("United Kingdom", "Japan", "jpn-gbr-acsa"),
        ("United Kingdom", "Pakistan", "seato-manila-pact"),  # the 1954 Manila Pact
        ("France", "Australia", "aus-fra-sofa"),
        ("Russia", "India", "ind-rus-strategic-partnership-2000"),  # M49: Russia is in Europe
    } <= set(got)
    # The Russia-North Korea treaty (signed 2024-06-19) is not in effect on 2020-01-01.
    assert ("Russia", "North Korea", "prk-rus-csp-treaty") not in got
    later = rows(
        loaded_graph,
        "network.europe_indo_pacific",
        ["european", "indoPacific", "id"],
        as_of="2025-01-01",
    )
    assert ("Russia", "North Korea", "prk-rus-csp-treaty") in later


def test_network_cooperation(loaded_graph: Graph) -> None:
    columns = ["country", "partner", "weight", "agreements"]
    pairs = {
        (r[0], r[1]): r[3]
        for r in rows(loaded_graph, "network.cooperation", columns, as_of="2024-01-01")
    }
    # India is in the network: declarations and partnerships are in force from their issue.
    assert pairs[("IND", "USA")] == [
        "ind-usa-comcasa",
        "ind-usa-framework-2015",
        "ind-usa-jsv-2015",
    ]
    # The ACSA (in force 2021), the information-security agreement (December 2015) and the
    # 2008 declaration.
    assert pairs[("IND", "JPN")] == ["jpn-ind-acsa", "jpn-ind-isa", "jpn-ind-jdsc-2008"]
    assert pairs[("GBR", "JPN")][:2] == ["gbr-jpn-hiroshima-accord", "gbr-jpn-isa"]
    assert ("DEU", "JPN") not in pairs or "jpn-deu-acsa" not in pairs[("DEU", "JPN")]
    assert rows(loaded_graph, "network.cooperation", columns, as_of="2025-09-11", type="RAA") == [
        ("AUS", "JPN", 1, ["jpn-aus-raa"]),
        ("GBR", "JPN", 1, ["jpn-gbr-raa"]),
        ("JPN", "PHL", 1, ["jpn-phl-raa"]),  # in force that day
    ]
    assert rows(loaded_graph, "network.cooperation", columns, as_of="1952-04-28") == [
        ("IND", "NPL", 1, ["ind-npl-peace-friendship-treaty"]),
        ("JPN", "USA", 1, ["jpn-usa-security-treaty-1951"]),  # in force that day
    ]
    assert rows(
        loaded_graph, "network.cooperation", ["country", "partner"], as_of="1952-05-01"
    ) == [("AUS", "NZL"), ("AUS", "USA"), ("IND", "NPL"), ("JPN", "USA"), ("NZL", "USA")]
