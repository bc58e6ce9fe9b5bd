"""bench/growth.py: the per-query targets and the growth check (pure functions)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT))

from bench.growth import curated_verdicts, growth, render


def sizes(small: dict[str, tuple[float, int]], big: dict[str, tuple[float, int]]) -> dict:
    def entry(found: dict[str, tuple[float, int]]) -> dict:
        return {n: {"p50_ms": ms, "rows": rows} for n, (ms, rows) in found.items()}

    return {
        "10k": {"input": 16_000, "queries": entry(small)},
        "100k": {"input": 160_000, "queries": entry(big)},
    }


def test_growth_fails_a_query_faster_than_its_input_plus_output() -> None:
    found = growth(
        sizes(
            {"linear": (5.0, 10), "output": (5.0, 100), "quadratic": (5.0, 10), "tiny": (0.1, 1)},
            {"linear": (60.0, 100), "output": (300.0, 6000), "quadratic": (500.0, 10)}
            | {"tiny": (0.4, 1)},
        )
    )
    verdicts = {name: steps[0]["verdict"] for name, steps in found.items()}
    assert verdicts == {"linear": "PASS", "output": "PASS", "quadratic": "FAIL", "tiny": "PASS"}
    assert round(found["quadratic"][0]["time_per_10x"]) == 100


def test_a_query_not_measured_at_a_size_is_stopped_and_one_that_failed_an_error() -> None:
    by_size = sizes({"q": (1.0, 1), "r": (1.0, 1), "s": (1.0, 1)}, {"r": (1.0, 1)})
    by_size["100k"]["queries"]["s"] = {"error": "the engine refused it"}
    found = growth(by_size)
    assert found["q"][0]["verdict"] == "STOPPED"  # the step's time limit came first
    assert found["s"][0] == {
        "from": "10k",
        "to": "100k",
        "verdict": "ERROR",
        "error": "the engine refused it",
    }


def test_curated_targets_per_engine() -> None:
    rows = curated_verdicts(
        {"neo4j": {"a": {"p50_ms": 2.0}, "b": {"p50_ms": 3.5}}, "falkordb": {"a": {"error": "x"}}}
    )
    assert [(r["engine"], r["query"], r["verdict"]) for r in rows] == [
        ("neo4j", "a", "PASS"),
        ("neo4j", "b", "MISS"),
        ("falkordb", "a", "ERROR"),
    ]


def test_growth_shows_which_part_grew_where_the_engine_reported_it() -> None:
    by_size = sizes({"q": (5.0, 10), "old": (5.0, 10)}, {"q": (60.0, 100), "old": (60.0, 100)})
    by_size["10k"]["queries"]["q"] |= {"server_p50_ms": 2.0, "client_p50_ms": 3.0}
    by_size["100k"]["queries"]["q"] |= {"server_p50_ms": 15.0, "client_p50_ms": 45.0}
    found = growth(by_size)
    assert found["q"][0]["server_ms"] == [2.0, 15.0]
    assert found["q"][0]["client_ms"] == [3.0, 45.0]
    curated = curated_verdicts(
        {
            "falkordb": {
                "q": {"p50_ms": 0.5, "server_p50_ms": 0.2},
                # Records read (bench/plans.py): the server time per record beside them.
                "r": {"p50_ms": 3.0, "server_p50_ms": 2.5, "records": 2000},
            }
        }
    )
    text = render(curated, {"falkordb": found})
    assert "| falkordb | q | 0.50 | — | 0.20 / — | — | — | < 1.0 ms | PASS |" in text
    assert "| falkordb | r | 3.00 | — | 2.50 / — | 2,000 | 1.25 | < 1.0 ms | MISS |" in text
    assert "| PASS | 2.00 → 15 | 3.00 → 45 |" in text
    assert "| old | 10k→100k |" in text and "| PASS | — → — | — → — |" in text
