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
    # Oldest first by signature; the two 2013 agreements signed the same day in id order.
    assert rows(loaded_graph, "agreements.between", ["id", "type", "signed"], a="JPN", b="GBR") == [
        ("gbr-jpn-equipment-2013", "EQUIPMENT", "2013-07-04"),
        ("gbr-jpn-isa", "GSOMIA", "2013-07-04"),
        ("jpn-gbr-acsa", "ACSA", "2017-01-26"),
        ("gbr-jpn-jdsc-2017", "DECLARATION", "2017-08-31"),
        ("gcap-programme", "PROGRAMME", "2022-12-09"),
        ("jpn-gbr-raa", "RAA", "2023-01-11"),
        ("gbr-jpn-hiroshima-accord", "PARTNERSHIP", "2023-05-18"),
        ("gcap-gigo-convention", "PROGRAMME", "2023-12-14"),
    ]
    # Country codes in any letter case; the frameworks of 2005, 2015 and 2025 are versions.
    assert [r[0] for r in rows(loaded_graph, "agreements.between", ["id"], a="ind", b="usa")] == [
        "ind-usa-gsomia",
        "ind-usa-framework-2005",
        "ind-usa-jsv-2015",
        "ind-usa-framework-2015",
        "ind-usa-lemoa",
        "ind-usa-comcasa",
        "ind-usa-isa-2019",
        "ind-usa-beca",
        "ind-usa-liaison-moa",
        "ind-usa-sosa",
        "ind-usa-framework-2025",
    ]


def test_agreements_by_type(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "agreements.by_type",
        ["id", "status", "parties"],
        type="raa",  # any letter case
        as_of="2024-01-01",
    ) == [
        ("jpn-aus-raa", "in_force", ["Australia", "Japan"]),
        ("jpn-gbr-raa", "in_force", ["Japan", "United Kingdom"]),
        ("jpn-phl-raa", "negotiating", ["Japan", "Philippines"]),  # first round 2023-11-29
        # jpn-fra-raa is left out: its only date, the announcement, comes later.
    ]
    assert rows(
        loaded_graph, "agreements.by_type", ["id", "status"], type="RAA", as_of="2024-06-01"
    )[-1] == ("jpn-fra-raa", "announced")  # launch of talks announced 2024-05-02
    assert rows(
        loaded_graph, "agreements.by_type", ["id", "status"], type="TREATY", as_of="2024-01-01"
    ) == [
        ("phl-usa-mdt", "in_force"),
        ("anzus-treaty", "in_force"),
        ("jpn-usa-security-treaty-1951", "terminated"),  # replaced by the 1960 treaty
        ("kor-usa-mdt", "in_force"),
        ("seato-manila-pact", "in_force"),
        ("twn-usa-mutual-defense-treaty", "terminated"),
        ("pak-usa-cooperation-1959", "signed"),  # no entry into force recorded
        ("jpn-usa-security-treaty", "in_force"),
        ("chn-prk-treaty-1961", "signed"),
        # the Russia-North Korea treaty (signed 2024-06-19) and later ones are left out
    ]
    assert rows(
        loaded_graph, "agreements.by_type", ["id", "status"], type="TREATY", as_of="1952-01-01"
    ) == [
        ("phl-usa-mdt", "signed"),
        ("anzus-treaty", "signed"),
        ("jpn-usa-security-treaty-1951", "signed"),
    ]


def test_a_date_known_to_the_year_counts_from_its_last_day(loaded_graph: Graph) -> None:
    # The Japan-UK ACSA entered into force in 2017 (day not published): in force only once
    # the whole of 2017 is reached.
    def status(day: str) -> Any:
        found = rows(loaded_graph, "agreements.by_type", ["id", "status"], type="ACSA", as_of=day)
        return dict(found)["jpn-gbr-acsa"]

    assert status("2017-06-01") == "signed"
    assert status("2017-12-30") == "signed"
    assert status("2017-12-31") == "in_force"
    inforce = rows(loaded_graph, "agreements.search", ["id", "inForce"], text="japan-uk acsa")
    assert inforce == [("jpn-gbr-acsa", "2017")]  # printed as known, not 2017-01-01


def test_agreements_of_country(loaded_graph: Graph) -> None:
    # By type, then signature.
    assert rows(
        loaded_graph,
        "agreements.of_country",
        ["id", "status", "partners"],
        country="AUS",
        as_of="1990-01-01",
    ) == [
        ("aus-nzl-canberra-pact-1944", "signed", ["New Zealand"]),
        ("aus-vut-nakamal-agreement", None, ["Vanuatu"]),  # no date recorded: listed, no status
        ("aus-usa-gsoia-1962", "in_force", ["United States"]),
        ("aus-png-sofa-1977", "in_force", ["Papua New Guinea"]),
        ("anzus-treaty", "in_force", ["New Zealand", "United States"]),
        (
            "seato-manila-pact",
            "in_force",
            [
                "France",
                "New Zealand",
                "Pakistan",
                "Philippines",
                "Thailand",
                "United Kingdom",
                "United States",
            ],
        ),
    ]
    ids = {r[0] for r in rows(loaded_graph, "agreements.of_country", ["id"], country="PNG")}
    assert {"aus-png-pukpuk-treaty", "png-usa-dca", "idn-png-dca"} <= ids


def test_agreements_pending(loaded_graph: Graph) -> None:
    pending = dict(
        rows(loaded_graph, "agreements.pending", ["id", "entryIntoForce"], as_of="2023-06-01")
    )
    assert pending["jpn-aus-raa"] == "later"  # in force 2023-08-13
    assert pending["jpn-gbr-raa"] == "later"  # in force 2023-10-15
    assert pending["ind-usa-lemoa"] == "not recorded"
    assert "jpn-gbr-acsa" not in pending  # in force 2017
    assert "gbr-jpn-hiroshima-accord" not in pending  # a partnership takes effect when issued
    early = dict(
        rows(loaded_graph, "agreements.pending", ["id", "entryIntoForce"], as_of="2017-06-01")
    )
    assert early["jpn-gbr-acsa"] == "later"  # in force some day in 2017


def test_agreements_timeline(loaded_graph: Graph) -> None:
    assert rows(
        loaded_graph,
        "agreements.timeline",
        ["date", "event", "id"],
        type="ACSA",
        **{"from": "2020-01-01", "to": "2024-12-31"},
    ) == [
        ("2020-06-04", "signed", "ind-aus-mlsa"),
        ("2020-09-09", "signed", "jpn-ind-acsa"),
        ("2021", "in_force", "jpn-ind-acsa"),  # known to the year only
        ("2022-06-08", "signed", "ind-vnm-logistics"),
        ("2024-01-29", "signed", "jpn-deu-acsa"),
        ("2024-07-12", "in_force", "jpn-deu-acsa"),
        ("2024-11-23", "signed", "fji-usa-acsa"),
        ("2024-11-25", "signed", "jpn-ita-acsa"),
    ]
    assert rows(
        loaded_graph,
        "agreements.timeline",
        ["date", "event", "id"],
        **{"from": "1951-01-01", "to": "1952-12-31"},
    ) == [
        ("1951-08-30", "signed", "phl-usa-mdt"),
        ("1951-09-01", "signed", "anzus-treaty"),
        ("1951-09-08", "signed", "jpn-usa-security-treaty-1951"),
        ("1952-04-28", "in_force", "jpn-usa-security-treaty-1951"),
        ("1952-04-29", "in_force", "anzus-treaty"),
        ("1952-08-27", "in_force", "phl-usa-mdt"),
    ]


def test_agreements_search_and_lineage(loaded_graph: Graph) -> None:
    assert rows(loaded_graph, "agreements.search", ["id"], text="RAA") == [
        ("jpn-aus-raa",),
        ("jpn-gbr-raa",),
        ("jpn-phl-raa",),
        ("jpn-fra-raa",),  # no date yet: last
    ]
    assert rows(loaded_graph, "agreements.search", ["id"], text="no such agreement") == []
    chain = [
        ("jpn-usa-acsa-1996", None, None),
        ("jpn-usa-acsa-1996-amendment-1998", "amends", "jpn-usa-acsa-1996"),
        ("jpn-usa-acsa-1996-amendment-2004", "amends", "jpn-usa-acsa-1996"),
        ("jpn-usa-acsa", "supersedes", "jpn-usa-acsa-1996"),
    ]
    columns = ["id", "relation", "previous"]
    assert rows(loaded_graph, "agreements.lineage", columns, agreement="jpn-usa-acsa") == chain
    # The same chain from any of its versions.
    assert rows(loaded_graph, "agreements.lineage", columns, agreement="JPN-USA-ACSA-1996") == chain
    assert rows(loaded_graph, "agreements.lineage", columns, agreement="jpn-gbr-raa") == [
        ("jpn-gbr-raa", None, None)
    ]


def test_the_version_in_force_on_a_date(loaded_graph: Graph) -> None:
    def acsa(day: str) -> list[Any]:
        got = rows(loaded_graph, "agreements.between", ["id"], a="JPN", b="USA")
        ids = [r[0] for r in got if r[0].startswith("jpn-usa-acsa")]
        statuses = dict(
            rows(loaded_graph, "agreements.of_country", ["id", "status"], country="JPN", as_of=day)
        )
        return [(i, statuses.get(i)) for i in ids if statuses.get(i) == "in_force"]

    # 2005: the 1996 ACSA and its two amendments; 2020: the 2016 ACSA that replaced them.
    assert acsa("2005-01-01") == [
        ("jpn-usa-acsa-1996", "in_force"),
        ("jpn-usa-acsa-1996-amendment-1998", "in_force"),
        ("jpn-usa-acsa-1996-amendment-2004", "in_force"),
    ]
    assert acsa("2020-01-01") == [("jpn-usa-acsa", "in_force")]


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


def test_domains(loaded_graph: Graph) -> None:
    space = rows(loaded_graph, "domains.agreements", ["id", "status"], domain="space")
    assert ("aus-usa-technology-safeguards-agreement", "in_force") in space
    assert ("chn-rus-launch-notification", "in_force") in space
    listed = dict(rows(loaded_graph, "domains.list", ["id", "agreements"]))
    assert listed["space"] == len(space)
    assert set(listed) >= {"logistics", "cyber", "information-security", "nuclear"}
    japan = dict(rows(loaded_graph, "domains.by_country", ["domain", "count"], country="JPN"))
    # The RAAs with Australia, the UK and the Philippines, and the US-Japan SOFA (the RAA
    # with France is not signed, the 1951 treaty ended).
    assert japan["access"] == 4


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


def test_until_is_the_last_day_of_membership(loaded_graph: Graph) -> None:
    def in_eu(day: str) -> bool:
        return ("eu",) in rows(
            loaded_graph, "groupings.of_country", ["id"], country="GBR", as_of=day
        )

    assert in_eu("2020-01-31") and not in_eu("2020-02-01")  # left the EU at the end of 31 Jan


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
