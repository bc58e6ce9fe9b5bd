"""The Neo4j Browser guide: one slide to start, then one slide per topic of saved queries.

Neo4j Browser 5 plays an HTML guide from a URL (``:guide URL`` in the sidebar, ``:play URL``
in a frame): each ``<slide>`` is a page, and a click on a ``<pre class="runnable">`` block
puts its text in the editor. For every saved query the guide shows its description, a
block of ``:param`` lines (defaults, or example values that answer on the curated data) and
the query. The output depends only on the saved queries and the load statements, so a
committed copy can be compared with a fresh one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ipgraph.browser import param_block
from ipgraph.errors import ConfigError
from ipgraph.queries import Catalogue, SavedQuery, kind_text
from ipgraph.resources import cypher_dir

GUIDE_FILE = "guide.html"
STYLE_FILE = "style.grass"
# Where `docker compose` serves the guide and the style sheet (see docker-compose.yml).
SERVED_AT = "http://localhost:7475"

# Browser removes attributes named on... from a guide with this pattern, and it applies it to
# the text too; guard_text() writes the 'o' of such a text as a character reference.
_BROWSER_STRIPS = re.compile(
    r"(\s+)(o)(n[^\s=]+[^\s=]*\s*=\s*(?:\"[^\"]*\"|'[^']*'|[\w\-.:]+\s*))", re.IGNORECASE
)
_NODE = re.compile(r"\(\s*(\w+)\s*:\s*(\w+)\s*(\{[^}]*\})?")
_REL = re.compile(
    r"\(\s*(\w+)[^)]*\)\s*-\[\s*(\w*)\s*:\s*(\w+)\s*(\{[^}]*\})?[^\]]*\]->\s*\(\s*(\w+)[^)]*\)"
)
_SET = re.compile(r"\b(\w+)\.(\w+)\s*=")
_KEY = re.compile(r"(\w+)\s*:")


def guard_text(text: str) -> str:
    """``text`` escaped for HTML, in a form that Browser's guide sanitiser leaves whole."""
    escaped = html.escape(text)
    return _BROWSER_STRIPS.sub(lambda m: f"{m[1]}&#{ord(m[2])};{m[3]}", escaped)


def paragraphs(saved: SavedQuery) -> list[str]:
    """The description after the summary line, as paragraphs (blank lines separate them)."""
    found: list[str] = []
    current: list[str] = []
    for line in [*saved.description.splitlines()[1:], ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            found.append(" ".join(current))
            current = []
    return found


@dataclass(frozen=True)
class RelationshipShape:
    """A relationship type: the labels it links (start, end) and its properties."""

    ends: tuple[tuple[str, str], ...]
    properties: tuple[str, ...]


@dataclass(frozen=True)
class GraphShape:
    """Labels with their properties, and relationship types, as the load statements write
    them."""

    labels: dict[str, tuple[str, ...]]
    relationships: dict[str, RelationshipShape]


def graph_shape(load_dir: Path | None = None) -> GraphShape:
    """Read ``cypher/load/*.cypher``: which labels, properties and relationships a load
    writes. Internal labels (``Ipgraph...``) are left out."""
    folder = cypher_dir() / "load" if load_dir is None else load_dir
    labels: dict[str, set[str]] = {}
    rels: dict[str, tuple[set[tuple[str, str]], set[str]]] = {}
    for path in sorted(folder.glob("*.cypher")):
        lines = path.read_text(encoding="utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
        variables: dict[str, str] = {}
        for var, label, props in _NODE.findall(text):
            if not label.startswith("Ipgraph"):
                variables[var] = label
                labels.setdefault(label, set()).update(_KEY.findall(props))
        rel_vars: dict[str, str] = {}
        for start, var, kind, props, end in _REL.findall(text):
            if start in variables and end in variables:
                ends, properties = rels.setdefault(kind, (set(), set()))
                ends.add((variables[start], variables[end]))
                properties.update(_KEY.findall(props))
                if var:
                    rel_vars[var] = kind
        for var, prop in _SET.findall(text):
            if var in variables:
                labels[variables[var]].add(prop)
            elif var in rel_vars:
                rels[rel_vars[var]][1].add(prop)
    return GraphShape(
        labels={label: tuple(sorted(props)) for label, props in sorted(labels.items())},
        relationships={
            kind: RelationshipShape(tuple(sorted(ends)), tuple(sorted(props)))
            for kind, (ends, props) in sorted(rels.items())
        },
    )


def _runnable(text: str) -> str:
    return f'<pre mode="cypher" class="pre-scrollable code runnable">{guard_text(text)}</pre>'


def _slide(title: str, lead: str, body: list[str]) -> list[str]:
    return [
        '<slide class="row-fluid">',
        '  <div class="col-sm-3">',
        f"    <h3>{guard_text(title)}</h3>",
        f'    <p class="lead">{guard_text(lead)}</p>',
        "  </div>",
        '  <div class="col-sm-9">',
        *(f"    {line}" for line in body),
        "  </div>",
        "</slide>",
    ]


def _intro(catalogue: Catalogue, shape: GraphShape) -> list[str]:
    topics = catalogue.topics()
    body = [
        f"<p>{len(catalogue)} saved queries in {len(topics)} topics, one slide each: "
        f"{guard_text(', '.join(topics))}. Each query has the block of parameters it takes "
        "and the query itself: click a block to put it in the editor, then run it.</p>",
        "<h4>Load the data</h4>",
        "<p>This guide assumes the curated data is in the database. From the project folder, "
        "with the Neo4j address and password of <code>.env</code>:</p>",
        "<pre>set -a; . ./.env; set +a\nipgraph load</pre>",
        "<h4>Parameters</h4>",
        "<p>Run a query's parameter block before the query. It sets each parameter with "
        "<code>:param name =&gt; value;</code>, one line each, which Browser runs as separate "
        "statements (<em>Enable multi statement query editor</em>, on by default). "
        "<code>date()</code> is today on the server; a required parameter gets an example that "
        "answers on the curated data. Change a value and run the block again.</p>",
        "<h4>What the graph holds</h4>",
        "<table>",
        "<tr><th>label</th><th>properties</th></tr>",
        *(
            f"<tr><td>{guard_text(label)}</td><td>{guard_text(', '.join(props))}</td></tr>"
            for label, props in shape.labels.items()
        ),
        "</table>",
        "<table>",
        "<tr><th>relationship</th><th>properties</th></tr>",
        *(
            f"<tr><td>{guard_text(', '.join(f'({a})-[:{kind}]->({b})' for a, b in rel.ends))}"
            f"</td><td>{guard_text(', '.join(rel.properties))}</td></tr>"
            for kind, rel in shape.relationships.items()
        ),
        "</table>",
        "<p>Every fact lists its sources in a <code>sources</code> property (ids of "
        "<code>Source</code> nodes). The schema and the number of nodes per label:</p>",
        _runnable("CALL db.schema.visualization()"),
        _runnable("MATCH (n)\nRETURN labels(n)[0] AS label, count(*) AS nodes\nORDER BY label"),
        f"<p>No colours? Run <code>:style {SERVED_AT}/{STYLE_FILE}</code>.</p>",
    ]
    return _slide("ipgraph", "Indo-Pacific security cooperation as a graph", body)


def _query(saved: SavedQuery) -> list[str]:
    lines = [
        f'<h4 id="{guard_text(saved.name)}">{guard_text(saved.name)}</h4>',
        f"<p><strong>{guard_text(saved.summary)}</strong></p>",
        *(f"<p>{guard_text(p)}</p>" for p in paragraphs(saved)),
    ]
    refs = dict(saved.refs)
    for param in saved.params:
        default = "required" if param.required else f"default {param.default_text or 'null'}"
        kind = refs.get(param.name)
        must = f", must be {kind_text(kind)}" if kind else ""
        lines.append(
            f"<p><code>${guard_text(param.name)}</code>: {guard_text(param.type)} "
            f"({guard_text(default)}{guard_text(must)})</p>"
        )
    block = param_block(saved)
    lines.append(_runnable(block) if block else "<p>No parameters.</p>")
    lines.append(_runnable(saved.text.rstrip("\n")))
    return lines


def render_guide(catalogue: Catalogue, shape: GraphShape | None = None) -> str:
    """The guide as HTML text."""
    shape = graph_shape() if shape is None else shape
    out = [
        "<!-- Generated by 'ipgraph browser guide' from the saved queries: do not edit. -->",
        "<title>ipgraph: saved queries</title>",
        '<article class="guide">',
        '<carousel class="deck container-fluid">',
        *_intro(catalogue, shape),
    ]
    for topic in catalogue.topics():
        queries = catalogue.in_topic(topic)
        body: list[str] = []
        for saved in queries:
            body.extend(_query(saved))
        count = f"{len(queries)} quer{'y' if len(queries) == 1 else 'ies'}"
        out.extend(_slide(topic, count, body))
    out.extend(["</carousel>", "</article>"])
    return "\n".join(out) + "\n"


def write_guide(catalogue: Catalogue, directory: Path) -> Path:
    """Write ``guide.html`` into ``directory`` (created if needed); return its path."""
    target = directory / GUIDE_FILE
    write_text(target, render_guide(catalogue))
    return target


def style_text() -> str:
    """The Browser style sheet, ``cypher/browser/style.grass``."""
    path = cypher_dir() / "browser" / STYLE_FILE
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}. Reinstall ipgraph") from exc


def write_text(target: Path, text: str) -> None:
    """Write a generated file, creating its folder; a one-line ConfigError on failure."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot write {target}: {exc.strerror or exc}. Choose another --output folder"
        ) from exc
