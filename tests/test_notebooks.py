"""The report notebooks: committed clean, built from saved queries only, and executed.

Every notebook in notebooks/ is executed headless on the embedded graph holding the curated
data (a failing cell fails the suite), rendered to HTML, and checked for hidden code,
embedded plots and facts written by hand. Dates are pinned where the default is today, so
that the facts stay true.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from ipgraph.config import Settings
from ipgraph.dataset.countries import country_table
from ipgraph.dataset.dates import parse_partial
from ipgraph.queries import Catalogue
from ipgraph.reports import execute, find_reports, notebooks_dir, to_html
from ipgraph.resources import data_dir

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
# Parameters of the executed runs (dates pinned; other parameters at their defaults).
RUNS: dict[str, dict[str, Any]] = {
    "partnerships": {"as_of": "2025-12-31"},
    "minilaterals": {"as_of": "2024-12-31"},
    "network": {"last_year": 2025, "draw_years": [2016, 2025]},
}
# Plots each report draws with those parameters.
PLOTS = {"partnerships": 2, "minilaterals": 4, "network": 3}
CYPHER_WORDS = re.compile(
    r"\b(MATCH|OPTIONAL MATCH|MERGE|RETURN|UNWIND|CREATE|DETACH|DELETE|WITH \w+|CALL \{)\b"
)
# Credentials, connection details and ad-hoc Cypher: the notebook gets none of them.
SECRETS = re.compile(
    r"password|NEO4J_USERNAME|bolt://|neo4j(\+s)?://|os\.environ|getenv|Settings\(|db_path"
    r"|uri=|\.cypher\(",
    re.IGNORECASE,
)
SAVED_QUERY_CALL = re.compile(r"""\b(?:run|query)\(\s*["']([a-z_]+\.[a-z_]+)["']""")


def _ids(path: Path) -> str:
    return path.stem


def test_the_three_reports_are_there() -> None:
    assert {r.name for r in find_reports()} == set(RUNS)
    assert {p.stem for p in NOTEBOOKS} == set(RUNS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [], f"{path.name}: cell {cell.id} has outputs"
        assert cell.execution_count is None, f"{path.name}: cell {cell.id} has a count"
        assert set(cell.metadata) <= {"tags"}, f"{path.name}: cell {cell.id} metadata"
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    assert notebook.metadata.kernelspec.name == "python3"
    assert set(notebook.metadata) == {"kernelspec", "language_info"}
    # Diff-friendly: one source line per JSON line, stable ids.
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and '"execution_count": null' in text
    assert all(cell.id and not re.fullmatch(r"[0-9a-f]{8}", cell.id) for cell in notebook.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_no_cypher_and_no_credentials(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        assert not CYPHER_WORDS.search(cell.source), f"{path.name}: Cypher in cell {cell.id}"
        assert not SECRETS.search(cell.source), f"{path.name}: connection detail in {cell.id}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_uses_saved_queries_that_exist(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    source = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    names = set(SAVED_QUERY_CALL.findall(source))
    assert names, f"{path.name} runs no saved query by name"
    catalogue = {q.name for q in Catalogue.load().in_topic(None)}
    assert names <= catalogue, names - catalogue


@pytest.fixture(scope="module")
def executed(falkordb_loaded_path: Path) -> dict[str, tuple[Any, str]]:
    """Each report executed once on the curated data: (executed notebook, HTML)."""
    settings = Settings(db_path=falkordb_loaded_path)
    done = {}
    for report in find_reports():
        notebook = execute(report, report.bind(RUNS[report.name]), settings)
        done[report.name] = (notebook, to_html(notebook, report.title))
    return done


def text_of(page: str) -> str:
    """The visible text of an HTML page, whitespace collapsed."""
    body = page[page.index("<body") :]
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("name", sorted(RUNS))
def test_every_cell_runs_cleanly(executed: dict[str, tuple[Any, str]], name: str) -> None:
    notebook, _ = executed[name]
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, cell.id
        for output in cell.outputs:
            assert output.output_type != "error", (cell.id, output)
            assert output.get("name") != "stderr", (cell.id, output.get("text"))


@pytest.mark.parametrize("name", sorted(RUNS))
def test_html_hides_code_and_embeds_plots(executed: dict[str, tuple[Any, str]], name: str) -> None:
    _, page = executed[name]
    assert page.count('src="data:image/png;base64,') == PLOTS[name]
    for code in ("import matplotlib", "graph.run(", "Graph()", "plt.show()", "def show"):
        assert code not in page, code
    assert not re.search(r'class="[^"]*jp-InputArea-editor', page)  # where code would be
    # Self-contained: nothing is fetched from the web to show the page.
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"?https?:", page)
    assert re.search(r"<title>[^<]+</title>", page)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_tables_are_readable(executed: dict[str, tuple[Any, str]], name: str) -> None:
    """Text left-aligned, dates unwrapped, URLs shown as their host and linked in full."""
    _, page = executed[name]
    assert "text-align: left" in page
    assert not re.search(r"<a href=\"https?://[^\"]*\"[^>]*>https?://", page), "a URL shown in full"
    for href, title, host in re.findall(r'<a href="([^"]+)" title="([^"]+)">([^<]+)</a>', page):
        assert href == title and host in href, (href, host)
    if name != "network":  # the network report lists countries, not dated agreements
        assert "white-space: nowrap" in page


def agreements_from_data() -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Agreements and their parties, read from data/ (an oracle independent of the engines)."""
    with (data_dir() / "agreements.csv").open(encoding="utf-8", newline="") as handle:
        agreements = {row["id"]: row for row in csv.DictReader(handle)}
    parties: dict[str, list[str]] = {}
    with (data_dir() / "parties.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parties.setdefault(row["agreement"], []).append(row["country"])
    return agreements, parties


def reached(text: str, day: str) -> bool:
    """The README's date rule: a date counts once the last day it may denote is reached."""
    return bool(text) and parse_partial(text)[1] <= day


def network_size(day: str) -> tuple[int, int, int]:
    """(countries, links, agreements) of the network of agreements in force on a day."""
    agreements, parties = agreements_from_data()
    live = [
        a
        for a, row in agreements.items()
        if reached(row["inForce"], day) and not reached(row["terminated"], day)
    ]
    pairs = {(x, y) for a in live for x in parties[a] for y in parties[a] if x < y}
    return len({c for pair in pairs for c in pair}), len(pairs), len(live)


def europe_indo_pacific(day: str) -> tuple[int, int]:
    """(agreements, country pairs) linking a European and an Indo-Pacific state on a day."""
    agreements, parties = agreements_from_data()
    table = country_table()

    def indo_pacific(code: str) -> bool:
        info = table[code]
        return info.region == "Oceania" or info.subregion in (
            "Eastern Asia",
            "South-eastern Asia",
            "Southern Asia",
        )

    found: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for a, row in agreements.items():
        begun = reached(row["signed"], day) or reached(row["inForce"], day)
        if not begun or reached(row["terminated"], day):
            continue
        for e in parties[a]:
            for i in parties[a]:
                if table[e].region == "Europe" and indo_pacific(i):
                    found.add(a)
                    pairs.add((e, i))
    return len(found), len(pairs)


def test_partnerships_facts(executed: dict[str, tuple[Any, str]]) -> None:
    page = executed["partnerships"][1]
    text = text_of(page)
    assert "Japan on 2025-12-31" in text
    assert "Reciprocal Access Agreements in force: Australia, United Kingdom, Philippines" in text
    assert "negotiations announced: France" in text  # announced 2024-05-02
    # Life-cycle table: dates and the days between them (counted by hand).
    assert "RAA Australia 2022-01-06 2023-08-13 584" in text
    assert "RAA United Kingdom 2021-10-07 2023-01-11 2023-10-15 461 277" in text
    assert "RAA Philippines 2023-11-29 2024-07-08 2025-09-11 222 430" in text
    assert "Not drawn, no life-cycle date recorded on or before the report date: " in text
    # Logistics partners in effect, each once (earlier versions left out).
    assert "Logistics (ACSA-type) agreements with: United States, Australia, United Kingdom" in (
        text
    )
    # Sources are listed, with the agreements they support.
    url = "https://www.mofa.go.jp/press/release/press4e_003298.html"
    assert f'<a href="{url}" title="{url}">mofa.go.jp</a>' in page
    assert "Commencement of negotiations on the Japan-UK Reciprocal Access Agreement" in text


def test_minilaterals_facts(executed: dict[str, tuple[Any, str]]) -> None:
    text = text_of(executed["minilaterals"][1])
    assert "The picture on 2024-12-31" in text
    assert "Quad (4 members): Australia, India, Japan, United States" in text
    assert "AUKUS (3 members): Australia, United Kingdom, United States" in text
    assert "GCAP (3 members): Italy, Japan, United Kingdom" in text
    assert "4 countries belong to more than one of them: " in text
    count, pairs = europe_indo_pacific("2024-12-31")
    assert count > 40  # the 2013-2025 agreements of the UK, France, Germany, Italy and others
    assert (
        f"{count} agreements link a European state to an Indo-Pacific state, in {pairs} country "
        "pairs"
    ) in text


def test_network_facts(executed: dict[str, tuple[Any, str]]) -> None:
    text = text_of(executed["network"][1])
    (c15, l15, a15), (c25, l25, a25) = network_size("2015-12-31"), network_size("2025-12-31")
    assert (
        f"From 2015 to 2025 the network grew from {c15} to {c25} countries and from {l15} to "
        f"{l25} links, carried by {a15} and then {a25} agreements in force"
    ) in text
    assert "Ranking on 2025-12-31" in text


@pytest.mark.parametrize(
    ("name", "params", "facts", "plots"),
    [
        (
            "partnerships",
            {"country": "CHN"},
            ["China is party to 14 security agreements", "No RAA or ACSA of China has a recorded"],
            1,
        ),
        (
            "minilaterals",
            {"as_of": "2020-06-30"},
            [
                "AUKUS (0 members): none",
                "No country belongs to more than one of them.",
                "{europe_indo_pacific_2020}",
            ],
            4,
        ),
        (
            "network",
            {"agreement_type": "raa", "draw_years": [2016, 2025]},
            # last_year follows the calendar: the current year, its snapshot taken today.
            ["From 2015 to {this_year} the network grew from 0 to 4 countries and from 0 to"],
            3,
        ),
    ],
    ids=["no-raa-or-acsa", "before-aukus", "one-type"],
)
def test_sparse_pictures_still_render(
    falkordb_loaded_path: Path, name: str, params: dict[str, Any], facts: list[str], plots: int
) -> None:
    report = next(r for r in find_reports() if r.name == name)
    notebook = execute(report, report.bind(params), Settings(db_path=falkordb_loaded_path))
    page = to_html(notebook, report.title)
    text = text_of(page)
    count, pairs = europe_indo_pacific("2020-06-30")
    shown = f"{count} agreements link a European state to an Indo-Pacific state, in {pairs}"
    this_year = str(dt.date.today().year)
    for fact in facts:
        assert (
            fact.replace("{europe_indo_pacific_2020}", shown).replace("{this_year}", this_year)
            in text
        )
    assert page.count('src="data:image/png;base64,') == plots
