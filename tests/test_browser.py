"""The Neo4j Browser guide (the style sheet and the catalogue: test_browser_catalogue.py).

Where Browser's own behaviour matters, the test applies Browser's code, ported from
neo4j-browser: the guide sanitiser (services/remoteUtils.ts cleanHtml), the grass parser
(services/grassUtils.ts parseGrassCSS), the parsing of editor links
(editorDuck populateEditorFromUrlEpic, utils getUrlParamValue), and ``:param name => x``,
which Browser evaluates by sending ``RETURN x`` to the server (commands/helpers/lambdas.ts).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from lint import LINT_DIR, errors, lint, node_executable
from tests_support import invoke

from ipgraph.browser import param_assignments, param_block
from ipgraph.client import Graph
from ipgraph.guide import GUIDE_FILE, render_guide
from ipgraph.queries import Catalogue

ROOT = Path(__file__).resolve().parent.parent
BROWSER_DIR = ROOT / "cypher" / "browser"
REGENERATE = "ipgraph browser guide --output cypher/browser"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


# --- Browser's code, ported -------------------------------------------------------------


def clean_html(text: str) -> str:
    """Browser's cleanHtml: what it removes from a guide before showing it."""
    text = re.sub(
        r"(\s+(on[^\s=]+)[^\s=]*\s*=\s*(\"[^\"]*\"|'[^']*'|[\w\-.:]+\s*))", "", text, flags=re.I
    )
    text = re.sub(r"<script\b[^<]*(?:(?!</script>)<[^<]*)*(</script>)?", "", text, flags=re.I)
    text = re.sub(r"href=\".*javascript:[^\"]*\"", 'href=""', text, count=1)
    return re.sub(r"href='.*javascript:[^']*'", "href=''", text, count=1)


# --- Reading the generated HTML -----------------------------------------------------------


class GuideReader(HTMLParser):
    """Slides of a guide: for each, its h4 ids and its runnable blocks, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.slides: list[list[tuple[str, str]]] = []
        self.title = ""
        self._pre: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "slide":
            self.slides.append([])
        elif tag == "title":
            self._in_title = True
        elif tag == "h4" and attributes.get("id"):
            self.slides[-1].append(("query", attributes["id"] or ""))
        elif tag == "pre" and "runnable" in (attributes.get("class") or "").split():
            self._pre = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._pre is not None:
            self.slides[-1].append(("runnable", "".join(self._pre).strip()))
            self._pre = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._pre is not None:
            self._pre.append(data)
        if self._in_title:
            self.title += data


def read_guide(text: str) -> GuideReader:
    reader = GuideReader()
    reader.feed(text)
    reader.close()
    return reader


def blocks_by_query(reader: GuideReader) -> dict[str, list[str]]:
    """Query name -> the runnable blocks that follow its heading (in its slide)."""
    found: dict[str, list[str]] = {}
    for slide in reader.slides:
        current: str | None = None
        for kind, value in slide:
            if kind == "query":
                assert value not in found, f"{value} appears twice"
                current = value
                found[current] = []
            elif current is not None:
                found[current].append(value)
    return found


def runnable_blocks(reader: GuideReader) -> list[str]:
    return [value for slide in reader.slides for kind, value in slide if kind == "runnable"]


# --- The guide ----------------------------------------------------------------------------


def test_committed_guide_is_current(catalogue: Catalogue) -> None:
    committed = (BROWSER_DIR / GUIDE_FILE).read_text(encoding="utf-8")
    assert committed == render_guide(catalogue), (
        f"cypher/browser/{GUIDE_FILE} is out of date with the saved queries. Run: {REGENERATE}"
    )


def test_guide_command_writes_the_committed_guide(tmp_path: Path) -> None:
    result = invoke(None, "browser", "guide", "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out" / GUIDE_FILE).read_text(encoding="utf-8")
    assert written == (BROWSER_DIR / GUIDE_FILE).read_text(encoding="utf-8")
    assert f"({len(Catalogue.load())} queries in " in result.stderr


def test_guide_has_a_slide_per_topic_and_every_query_once(catalogue: Catalogue) -> None:
    reader = read_guide(render_guide(catalogue))
    assert reader.title == "ipgraph: saved queries"
    assert len(reader.slides) == 1 + len(catalogue.topics())
    blocks = blocks_by_query(reader)
    assert sorted(blocks) == catalogue.names()
    for slide, topic in zip(reader.slides[1:], catalogue.topics(), strict=True):
        names = [value for kind, value in slide if kind == "query"]
        assert names == [q.name for q in catalogue.in_topic(topic)]
    for saved in catalogue:
        expected = [param_block(saved)] if saved.params else []
        expected.append(saved.text.rstrip("\n"))
        assert blocks[saved.name] == expected, saved.name


def test_param_blocks_set_every_parameter_in_order(catalogue: Catalogue) -> None:
    for saved in catalogue:
        lines = param_block(saved).splitlines()
        names = [re.fullmatch(r":param (\w+) => .+;", line) for line in lines]
        assert all(names), lines
        assert [m.group(1) for m in names if m] == [p.name for p in saved.params]
    by_name = {q.name: dict(param_assignments(q)) for q in catalogue}
    assert by_name["raa.status"] == {"country": "'JPN'", "as_of": "date()"}
    assert by_name["agreements.timeline"] == {
        "from": "date('2020-01-01')",
        "to": "date('2024-12-31')",
        "type": "null",
    }
    assert by_name["network.path"]["max_hops"] == "3"
    assert by_name["groupings.overlap"]["groupings"] == "['quad', 'aukus', 'gcap']"
    required = [(q.name, p.name) for q in catalogue for p in q.params if p.required]
    assert all(by_name[q][p] != "null" for q, p in required), "a required parameter has no example"


def test_browser_shows_the_guide_unchanged(catalogue: Catalogue) -> None:
    text = render_guide(catalogue)
    assert clean_html(text) == text
    sample = '<p> onDate = "x"</p>'
    assert clean_html(sample) != sample  # the port does remove what Browser removes


def test_guide_text_survives_browser_and_html_escaping() -> None:
    from ipgraph.guide import guard_text

    risky = "WHERE a.x < 1 AND b.note = 'it''s' OR c.url = \"x\"\n  onDate = 'y' <script>"
    html_text = f"<pre>{guard_text(risky)}</pre>"
    assert clean_html(html_text) == html_text
    reader = HTMLParser(convert_charrefs=True)
    seen: list[str] = []
    reader.handle_data = seen.append  # type: ignore[method-assign]
    reader.feed(html_text)
    reader.close()
    assert "".join(seen) == risky


def lint_console(texts: list[str]) -> list[list[str]]:
    """Error messages of Neo4j's linter with Browser commands allowed, per text."""
    script = (
        "const { lintCypherQuery } = await import('@neo4j-cypher/language-support');"
        "let input = ''; for await (const chunk of process.stdin) input += chunk;"
        "const out = JSON.parse(input).map((t) => lintCypherQuery(t, {}, "
        "{ consoleCommandsEnabled: true }).diagnostics"
        ".filter((d) => (d.severity ?? 1) === 1).map((d) => d.message));"
        "process.stdout.write(JSON.stringify(out));"
    )
    proc = subprocess.run(
        [node_executable(), "--input-type=module", "-e", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=LINT_DIR,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    result: list[list[str]] = json.loads(proc.stdout)
    return result


def test_every_runnable_block_is_valid_neo4j(catalogue: Catalogue, tmp_path: Path) -> None:
    blocks = runnable_blocks(read_guide(render_guide(catalogue)))
    params = [b for b in blocks if b.startswith(":param")]
    cypher = [b for b in blocks if not b.startswith(":")]
    assert len(params) + len(cypher) == len(blocks)
    assert len(params) == sum(1 for q in catalogue if q.params)
    # Browser commands: the :param lines, as Browser's editor reads them.
    broken = [":param a => 1\n:param b => 2", ":param a =>;"]
    verdicts = lint_console(params + broken)
    assert verdicts[: len(params)] == [[]] * len(params)
    assert all(verdicts[len(params) :]), "the linter must refuse broken :param blocks"
    # Cypher: each query block, and each :param value as Browser sends it (RETURN value).
    sent = sorted({line.split(" => ", 1)[1] for b in params for line in b.splitlines()})
    files = []
    for i, text in enumerate(cypher + [f"RETURN {value}" for value in sent]):
        path = tmp_path / f"block{i:03}.cypher"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    results = lint(files)
    failures = {f: errors(d) for f, d in results.items() if errors(d)}
    assert failures == {}
    assert len(results) == len(files)


def browser_value(graph: Graph, expression: str) -> Any:
    """What Browser stores for ``:param x => expression;``: the server's RETURN value."""
    return graph.cypher(f"RETURN {expression}").rows[0][0]


def test_param_blocks_make_every_query_run_in_neo4j(
    catalogue: Catalogue, both_loaded: tuple[Graph, Graph]
) -> None:
    """Each query runs on Neo4j with the values its block sets, gives the answer the CLI
    gives for the same values, and answers something when it has example values."""
    _, neo4j = both_loaded
    for saved in catalogue:
        values = {name: browser_value(neo4j, expr) for name, expr in param_assignments(saved)}
        in_browser = neo4j.cypher(saved.text, values)
        cli_values = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
        from_cli = neo4j.run_saved(saved, cli_values)
        assert in_browser.rows == from_cli.rows, saved.name
        if any(p.required for p in saved.params):
            assert in_browser.rows, f"{saved.name}: the example values answer nothing"


def test_today_becomes_the_servers_date(both_loaded: tuple[Graph, Graph]) -> None:
    _, neo4j = both_loaded
    assert isinstance(browser_value(neo4j, "date()"), dt.date)
    assert browser_value(neo4j, "date('2024-12-31')") == dt.date(2024, 12, 31)
