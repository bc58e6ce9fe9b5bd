"""The headline questions on the curated data, on both engines.

Expected answers are written by hand from the sources cited in data/ (MOFA Japan press
releases on the Japan-UK and Japan-Australia Reciprocal Access Agreements), not copied from
a run. Dates before and after each life-cycle event prove that ``as_of`` works.
"""

from __future__ import annotations

import pytest

from ipgraph.client import Graph


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2021-06-01", None),  # before negotiations were announced (2021-09-28)
        ("2021-09-28", "announced"),  # the start of negotiations announced
        ("2021-10-07", "negotiating"),  # first round of negotiations
        ("2023-01-10", "negotiating"),  # the day before signing
        ("2023-01-11", "signed"),  # signed in London
        ("2023-10-14", "signed"),  # the day before entry into force
        ("2023-10-15", "in_force"),  # entry into force
        ("2026-01-01", "in_force"),
    ],
)
def test_quad_members_with_raa_with_europe(
    loaded_graph: Graph, as_of: str, status: str | None
) -> None:
    frame = loaded_graph.run("raa.quad_with_europe", as_of=as_of)
    france = frame[frame.partner == "France"]
    # The launch of Japan-France RAA talks was announced on 2024-05-02.
    assert list(france.status) == (["announced"] if as_of >= "2024-05-02" else [])
    frame = frame[frame.partner != "France"].reset_index(drop=True)
    rows = frame[["member", "partner", "status", "negotiationsStarted", "signed", "inForce"]]
    expected = (
        []
        if status is None
        else [("Japan", "United Kingdom", status, "2021-10-07", "2023-01-11", "2023-10-15")]
    )
    assert [tuple(r) for r in rows.itertuples(index=False)] == expected
    if status:
        assert "mofa-jp-gbr-raa-eif-2023" in frame.loc[0, "sources"]


def test_japan_raa_status(loaded_graph: Graph) -> None:
    frame = loaded_graph.run("raa.status", country="JPN", as_of="2024-01-01")
    got = {tuple(p for p in r.partners): r.status for r in frame.itertuples()}
    assert got == {
        ("Australia",): "in_force",  # signed 2022-01-06, in force 2023-08-13
        ("United Kingdom",): "in_force",  # signed 2023-01-11, in force 2023-10-15
        ("Philippines",): "negotiating",  # negotiations 2023-11-29, signed 2024-07-08
        ("France",): None,  # the launch of talks was announced later, on 2024-05-02
    }
    later = loaded_graph.run("raa.status", country="jpn", as_of="2024-06-01")
    assert dict(zip(later.agreement, later.status, strict=True))["Japan-France RAA"] == "announced"
    aus = frame[frame.partners.apply(lambda p: p == ["Australia"])].iloc[0]
    assert (aus.signed, aus.inForce) == ("2022-01-06", "2023-08-13")


def test_agreements_between_japan_and_the_uk(loaded_graph: Graph) -> None:
    frame = loaded_graph.run("agreements.between", a="JPN", b="GBR")
    ids = list(frame["id"])
    assert "jpn-gbr-raa" in ids and "jpn-gbr-acsa" in ids and "gcap-programme" in ids
    assert frame.loc[ids.index("jpn-gbr-raa"), "type"] == "RAA"
