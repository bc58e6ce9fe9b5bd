"""The Browser style sheet and the HTML catalogue of saved queries.

Where Browser's own behaviour matters, the test applies Browser's code, ported from
neo4j-browser: the grass parser (services/grassUtils.ts parseGrassCSS) and the parsing of
editor links (editorDuck populateEditorFromUrlEpic, utils getUrlParamValue, in
tests_support.editor_text).
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tests_support import editor_text, invoke

from ipgraph.browser import param_assignments, runnable_text
from ipgraph.guide import GUIDE_FILE
from ipgraph.queries import VOCAB_KINDS, Catalogue, SavedQuery

ROOT = Path(__file__).resolve().parent.parent
BROWSER_DIR = ROOT / "cypher" / "browser"


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
    printed = invoke(None, "browser", "style")
    assert printed.exit_code == 0 and printed.stdout == text
    target = tmp_path / "s" / "style.grass"
    written = invoke(None, "browser", "style", "--output", str(target))
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


def test_catalogue_lists_every_query_with_parameters_cypher_and_link(tmp_path: Path) -> None:
    catalogue = Catalogue.load()
    base = "http://graph.example.org:7474/browser/"
    args = ["--database", "intel", "catalogue", "--output", str(tmp_path), "--browser-url", base]
    result = invoke(None, *args)
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
    again = invoke(None, *args)
    assert again.exit_code == 0
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == text


def test_catalogue_and_guide_refuse_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for args in (["catalogue"], ["browser", "guide"]):
        result = invoke(None, *args, "--output", str(blocker / "sub"))
        assert result.exit_code == 1
        name = "index.html" if args == ["catalogue"] else GUIDE_FILE
        assert result.stderr == (
            f"Error: cannot write {blocker / 'sub' / name}: Not a directory. "
            "Choose another --output folder.\n"
        )
    assert blocker.read_text() == "x"
