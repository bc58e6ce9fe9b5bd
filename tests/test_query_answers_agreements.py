"""Expected answers of the agreements and domains queries, on both engines.

On the curated data. Written by hand from the facts in data/ and their sources (MOFA, GOV.UK,
NATO, EU and the other sources cited there), not copied from a run. Dates before and after
key events prove that the date parameters work; pre-1970 treaty dates against today's dates
guard against the FalkorDB date-comparison overflow.
"""

from __future__ import annotations

from typing import Any

from tests_support import rows

from ipgraph.client import Graph


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
