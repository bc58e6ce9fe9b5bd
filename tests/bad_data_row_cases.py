"""Bad data across cells and rows, for test_bad_data.py.

Dates out of order, duplicates, references to nothing, facts without sources, and the rules
that tie columns together.
"""

from __future__ import annotations

from bad_data_cases import Case, agreement, append
from tests_support import SRC

ROW_CASES = [
    Case(
        "duplicate country",
        "countries",
        append("JPN,"),
        "column 'iso3': duplicate country 'JPN' (first on line *)",
    ),
    Case(
        "signed after entry into force",
        "agreements",
        append(agreement(dates=",2023-05-01,2023-01-01,")),
        "column 'inForce': signed 2023-05-01 is after inForce 2023-01-01: impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "negotiations after signing",
        "agreements",
        append(agreement(dates="2024-01-01,2023-05-01,,")),
        "column 'signed': negotiationsStarted 2024-01-01 is after signed 2023-05-01: "
        "impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "terminated before entry into force",
        "agreements",
        append(agreement(dates=",,2020-01-01,2019-01-01")),
        "column 'terminated': inForce 2020-01-01 is after terminated 2019-01-01: impossible "
        "order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "duplicate agreement id",
        "agreements",
        append(agreement(id_="jpn-gbr-raa")),
        "column 'id': duplicate id 'jpn-gbr-raa' (first on line *). Ids must be unique",
    ),
    Case(
        "party is a missing country",
        "parties",
        append(f"jpn-gbr-raa,XXX,{SRC}"),
        "column 'country': unknown country code 'XXX': it is not in countries.csv. Add it "
        "there or fix the reference",
    ),
    Case(
        "party to a missing agreement",
        "parties",
        append(f"no-such-agreement,JPN,{SRC}"),
        "column 'agreement': unknown agreements id 'no-such-agreement': it is not in "
        "agreements.csv. Add it there or fix the reference",
    ),
    Case(
        "role of a missing person",
        "roles",
        append(f"no-such-person,GBR,Prime Minister,,,,,,{SRC},"),
        "column 'person': unknown people id 'no-such-person': it is not in people.csv. Add it "
        "there or fix the reference",
    ),
    Case(
        "member of a missing grouping",
        "memberships",
        append(f"JPN,no-such-group,,,{SRC},"),
        "column 'grouping': unknown groupings id 'no-such-group': it is not in groupings.csv. "
        "Add it there or fix the reference",
    ),
    Case(
        "participant in a missing event",
        "event_participants",
        append(f"no-such-event,JPN,,{SRC}"),
        "column 'event': unknown events id 'no-such-event': it is not in events.csv. Add it "
        "there or fix the reference",
    ),
    Case(
        "missing source",
        "parties",
        append("jpn-gbr-raa,USA,no-such-source"),
        "column 'sources': unknown source id 'no-such-source': it is not in sources.csv. Add "
        "the source there",
    ),
    Case(
        "fact without a source",
        "parties",
        append("jpn-gbr-raa,USA,"),
        "column 'sources': the fact has no source. Cite a source id from sources.csv",
    ),
    Case(
        "both country and person",
        "event_participants",
        append(f"jpn-usa-scc-2023-01-11,JPN,rishi-sunak,{SRC}"),
        "column 'country': fill exactly one of 'country' and 'person'",
    ),
    Case(
        "membership ends before it starts",
        "memberships",
        append(f"JPN,quad,2020-01-01,2019-01-01,{SRC},"),
        "column 'until': since 2020-01-01 is after until 2019-01-01: impossible order. Dates "
        "run since <= until",
    ),
    Case(
        "duplicate relationship row",
        "parties",
        append(f"jpn-gbr-raa,JPN,{SRC}"),
        "duplicate row: the same parties fact is already listed (first on line *)",
    ),
    Case(
        "agreement with one party",
        "agreements",
        append(agreement(id_="lonely-agreement")),
        "column 'id': agreement 'lonely-agreement' has 0 parties in parties.csv; every "
        "agreement needs at least two. Add its parties",
    ),
    Case(
        "partial dates in an impossible order",
        "agreements",
        append(agreement(dates=",2023,2022-06,")),
        "column 'inForce': signed 2023 is after inForce 2022-06: impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "announcement after signature",
        "agreements",
        append(f"test-agreement,Test,Test agreement,RAA,2024-02,,2024-01-15,,,{SRC},"),
        "column 'signed': announced 2024-02 is after signed 2024-01-15: impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "agreement that supersedes itself",
        "lineage",
        append(f"jpn-usa-acsa,jpn-usa-acsa,supersedes,{SRC},"),
        "column 'previous': 'agreement' and 'previous' are the same",
    ),
    Case(
        "lineage of a missing agreement",
        "lineage",
        append(f"jpn-usa-acsa,jpn-usa-acsa-1900,supersedes,{SRC},"),
        "column 'previous': unknown agreements id 'jpn-usa-acsa-1900': it is not in "
        "agreements.csv. Add it there or fix the reference",
    ),
    Case(
        "domain outside the vocabulary",
        "agreement_domains",
        append(f"jpn-gbr-raa,underwater-basket-weaving,{SRC}"),
        "column 'domain': unknown domains id 'underwater-basket-weaving': it is not in "
        "domains.csv. Add it there or fix the reference",
    ),
    Case(
        "event about a missing grouping",
        "event_groupings",
        append(f"jpn-usa-scc-2023-01-11,no-such-group,{SRC}"),
        "column 'grouping': unknown groupings id 'no-such-group': it is not in groupings.csv. "
        "Add it there or fix the reference",
    ),
    Case(
        "ended term with an end date",
        "roles",
        append(f"rishi-sunak,GBR,Foreign Secretary,2020-02-13,2022-07-05,yes,,,{SRC},"),
        "column 'ended': 'ended' is for a term whose end is unknown; 'until' is filled",
    ),
    Case(
        "vacancy after a term with no end",
        "roles",
        append(f"rishi-sunak,GBR,Foreign Secretary,2020-02-13,,,,yes,{SRC},"),
        "column 'vacantAfter': 'vacantAfter' needs the day the term ended in 'until'",
    ),
]
