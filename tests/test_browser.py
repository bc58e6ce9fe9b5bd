"""The Neo4j Browser guide, the style sheet and the HTML catalogue.

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
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from lint import LINT_DIR, errors, lint, node_executable

from ipgraph.browser import param_assignments, param_block, runnable_text
from ipgraph.cli import cli
from ipgraph.client import Graph
from ipgraph.guide import GUIDE_FILE, render_guide
from ipgraph.queries import VOCAB_KINDS, Catalogue, SavedQuery

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


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Browser's parseGrassCSS: selector -> property -> value (quotes dropped)."""
    inside_string = inside_props = inside_binding = False
    keyword, props = "", ""
    rules: dict[str, str] = {}
    for char in text:
        skip = True
        if char == "{":
            if inside_string:
                skip = False
            elif inside_props:
                inside_binding = True
            else:
                inside_props = True
        elif char == "}":
            if inside_string:
                skip = False
            elif inside_binding:
                inside_binding = False
            else:
                inside_props = False
                rules[keyword] = props
                keyword, props = "", ""
        elif char in "'\"":
            inside_string = not inside_string
        else:
            skip = False
        if skip:
            continue
        if inside_props:
            props += char
        elif not char.isspace():
            keyword += char
    parsed: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        parsed[selector] = {}
        for prop in body.split(";"):
            parts = prop.split(":")
            if len(parts) == 2:
                parsed[selector][parts[0].strip()] = parts[1].strip()
    return parsed


def editor_text(link: str) -> str:
    """What Browser puts in its editor for a ``cmd=edit`` link."""
    decoded = unquote(link.replace("+", " "))
    return "\n".join(re.findall(r"[?&]arg=([^&#]*)", decoded))


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
    result = CliRunner().invoke(cli, ["browser", "guide", "--output", str(tmp_path / "out")])
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


# --- The style sheet ----------------------------------------------------------------------


def schema_words() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Labels and relationship types written by the load and schema statements, each with
    the properties set on it."""
    labels: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    files = [*sorted((ROOT / "cypher" / "load").glob("*.cypher"))]
    files.append(ROOT / "cypher" / "schema" / "constraints.cypher")
    for path in files:
        text = "\n".join(
            line for line in path.read_text(encoding="utf-8").splitlines() if "//" not in line
        )
        names: dict[str, dict[str, set[str]]] = {}
        for var, label, body in re.findall(r"\((\w*):(\w+)\s*(\{[^}]*\})?", text):
            props = labels.setdefault(label, set())
            props.update(re.findall(r"(\w+):", body))
            names[var] = props
        for var, kind, body in re.findall(r"\[(\w*):(\w+)\s*(\{[^}]*\})?\]", text):
            props = types.setdefault(kind, set())
            props.update(re.findall(r"(\w+):", body))
            names[var] = props
        for var, prop in re.findall(r"\b(\w+)\.(\w+)\s*(?:=|IS UNIQUE)", text):
            if var in names:
                names[var].add(prop)
    return labels, types


def test_style_sheet_styles_every_label_and_relationship_type() -> None:
    grass = parse_grass((BROWSER_DIR / "style.grass").read_text(encoding="utf-8"))
    labels, types = schema_words()
    assert {"Country", "Agreement", "Grouping", "Person", "Event", "Source"} <= set(labels)
    assert {"PARTY_TO", "MEMBER_OF", "HELD_ROLE", "TOOK_PART", "CONCERNS"} <= set(types)
    expected = {"node", "relationship"}
    expected |= {f"node.{label}" for label in labels} | {f"relationship.{t}" for t in types}
    assert set(grass) == expected
    colour = re.compile(r"#[0-9A-Fa-f]{6}")
    for label, props in labels.items():
        rule = grass[f"node.{label}"]
        assert colour.fullmatch(rule["color"]), label
        assert re.fullmatch(r"\d+px", rule["diameter"]), label
        caption = re.fullmatch(r"\{(\w+)\}", rule["caption"])
        assert caption and caption.group(1) in props, (label, rule["caption"], props)
    for kind, props in types.items():
        rule = grass[f"relationship.{kind}"]
        assert colour.fullmatch(rule["color"]), kind
        assert re.fullmatch(r"\d+px", rule["shaft-width"]), kind
        caption = re.fullmatch(r"\{(\w+)\}", rule["caption"])
        assert rule["caption"] == "<type>" or (caption and caption.group(1) in props), kind
    assert grass["node.Country"]["caption"] == "{name}"
    sizes = {label: int(grass[f"node.{label}"]["diameter"][:-2]) for label in labels}
    assert sizes["Grouping"] > sizes["Country"] > sizes["Agreement"] > sizes["Source"]


def test_style_command_prints_the_style_sheet(tmp_path: Path) -> None:
    text = (BROWSER_DIR / "style.grass").read_text(encoding="utf-8")
    printed = CliRunner().invoke(cli, ["browser", "style"])
    assert printed.exit_code == 0 and printed.stdout == text
    target = tmp_path / "s" / "style.grass"
    written = CliRunner().invoke(cli, ["browser", "style", "--output", str(target)])
    assert written.exit_code == 0 and target.read_text(encoding="utf-8") == text


# --- The HTML catalogue -------------------------------------------------------------------


class CatalogueReader(HTMLParser):
    """Per query article: its parameter rows, its Cypher and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.queries: dict[str, dict[str, Any]] = {}
        self.tags: set[str] = set()
        self.hrefs: list[str] = []
        self._current: dict[str, Any] | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.add(tag)
        if tag == "article":
            name = attributes.get("id") or ""
            assert name not in self.queries, f"{name} appears twice"
            self._current = {"params": [], "code": "", "links": []}
            self.queries[name] = self._current
        elif tag == "tr" and self._current is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "code" and self._current is not None and self._cell is None:
            self._code = []
        elif tag == "a":
            href = attributes.get("href") or ""
            self.hrefs.append(href)
            if self._current is not None and not href.startswith("#"):
                self._current["links"].append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._current is not None:
            if self._row:
                self._current["params"].append(self._row)
            self._row = None
        elif tag == "code" and self._code is not None and self._current is not None:
            if len("".join(self._code)) > len(self._current["code"]):
                self._current["code"] = "".join(self._code)
            self._code = None
        elif tag == "article":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._code is not None:
            self._code.append(data)


def expected_rows(saved: SavedQuery) -> list[list[str]]:
    refs = dict(saved.refs)
    rows = []
    for p in saved.params:
        default = "required" if p.required else (p.default_text or "null")
        kind = refs.get(p.name)
        if kind in VOCAB_KINDS:
            exists = "one of " + ", ".join(VOCAB_KINDS[kind])
        else:
            exists = f"a {kind.capitalize()} in the graph" if kind else ""
        rows.append([f"${p.name}", p.type, default, exists])
    return rows


def test_catalogue_lists_every_query_with_parameters_cypher_and_link(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    base = "http://graph.example.org:7474/browser/"
    args = ["--database", "intel", "catalogue", "--output", str(tmp_path), "--browser-url", base]
    result = CliRunner().invoke(cli, args, env={"NEO4J_URI": None})
    assert result.exit_code == 0, result.output
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    reader = CatalogueReader()
    reader.feed(text)
    reader.close()
    assert sorted(reader.queries) == catalogue.names()
    assert reader.tags.isdisjoint({"script", "link", "img", "iframe"}), "not self-contained"
    assert "src=" not in text and "@import" not in text and "url(" not in text
    for saved in catalogue:
        found = reader.queries[saved.name]
        assert found["params"] == expected_rows(saved), saved.name
        assert found["code"] == saved.text.rstrip(), saved.name
        (link,) = found["links"]
        assert link.startswith(base + "?db=intel&cmd=edit&arg=")
        opened = runnable_text(saved, param_assignments(saved))
        assert editor_text(link) == opened, saved.name
    assert all(h.startswith(("#", base)) for h in reader.hrefs)
    assert dt.date.today().isoformat() not in text
    again = CliRunner().invoke(cli, args, env={"NEO4J_URI": None})
    assert again.exit_code == 0
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == text


def test_catalogue_and_guide_refuse_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for args in (["catalogue"], ["browser", "guide"]):
        result = CliRunner().invoke(cli, [*args, "--output", str(blocker / "sub")])
        assert result.exit_code == 1
        name = "index.html" if args == ["catalogue"] else GUIDE_FILE
        assert result.stderr == (
            f"Error: cannot write {blocker / 'sub' / name}: Not a directory. "
            "Choose another --output folder.\n"
        )
    assert blocker.read_text() == "x"
