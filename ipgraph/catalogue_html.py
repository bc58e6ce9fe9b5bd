"""The saved-query catalogue as one self-contained HTML page.

Every query, grouped by topic: its description, a table of its parameters (type, default,
what must exist in the graph), the Cypher, and a link that opens Neo4j Browser with a
runnable copy of the query (parameters written in) in the editor. No scripts and no
external files; the page depends only on the saved queries and the Browser address, so it
is the same each time.
"""

from __future__ import annotations

import html
from pathlib import Path

from ipgraph.browser import open_link
from ipgraph.guide import paragraphs, write_text
from ipgraph.queries import Catalogue, SavedQuery, kind_text

INDEX_FILE = "index.html"

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #4c8eda; padding-bottom: 0.2rem; margin-top: 2.5rem; }
h3 { margin-bottom: 0.2rem; font-family: ui-monospace, monospace; }
h3 a { color: inherit; text-decoration: none; }
nav ul { columns: 3; padding-left: 1.2rem; }
.query { margin: 1.5rem 0 2.5rem; }
.summary { font-weight: 600; margin-top: 0.2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #d0d4da; padding: 0.25rem 0.6rem; text-align: left;
         vertical-align: top; }
th { background: #f2f4f7; }
pre { background: #f6f8fa; border: 1px solid #d0d4da; padding: 0.8rem; overflow-x: auto;
      font: 13px/1.45 ui-monospace, monospace; }
a.browser { display: inline-block; background: #4c8eda; color: #fff; padding: 0.3rem 0.8rem;
            border-radius: 4px; text-decoration: none; }
.muted { color: #6b7280; }
""".strip()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _params_table(saved: SavedQuery) -> list[str]:
    if not saved.params:
        return ['<p class="muted">No parameters.</p>']
    refs = dict(saved.refs)
    rows = [
        '<table class="params">',
        "<thead><tr><th>parameter</th><th>type</th><th>default</th><th>must be</th></tr></thead>",
        "<tbody>",
    ]
    for param in saved.params:
        if param.required:
            default = "required"
        else:
            default = param.default_text if param.default_text is not None else "null"
        kind = refs.get(param.name)
        exists = kind_text(kind) if kind else ""
        rows.append(
            f"<tr><td><code>${_e(param.name)}</code></td><td>{_e(param.type)}</td>"
            f"<td>{_e(default)}</td><td>{_e(exists)}</td></tr>"
        )
    rows.extend(["</tbody>", "</table>"])
    return rows


def _query(saved: SavedQuery, browser_url: str, database: str) -> list[str]:
    link = open_link(browser_url, saved, database)
    return [
        f'<article class="query" id="{_e(saved.name)}">',
        f'<h3><a href="#{_e(saved.name)}">{_e(saved.name)}</a> '
        f'<span class="muted">({_e(saved.mode)})</span></h3>',
        f'<p class="summary">{_e(saved.summary)}</p>',
        *(f"<p>{_e(p)}</p>" for p in paragraphs(saved)),
        *_params_table(saved),
        f'<pre><code class="language-cypher">{_e(saved.text.rstrip())}</code></pre>',
        f'<p><a class="browser" href="{_e(link)}">Open in Neo4j Browser</a> '
        '<span class="muted">opens the query in the editor with its parameters (defaults '
        "or examples) written in; run it to see the table</span></p>",
        "</article>",
    ]


def render_catalogue(catalogue: Catalogue, browser_url: str, database: str) -> str:
    """The catalogue page as HTML text; links open ``browser_url`` on ``database``."""
    topics = catalogue.topics()
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ipgraph saved queries</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<h1>ipgraph saved queries</h1>",
        f"<p>{len(catalogue)} saved queries in {len(topics)} topics. Run one with "
        "<code>ipgraph query run NAME -p KEY VALUE</code>, or open it in Neo4j Browser at "
        f"<code>{_e(browser_url)}</code> (database <code>{_e(database)}</code>). Generated "
        "by <code>ipgraph catalogue</code>.</p>",
        "<nav><ul>",
        *(f'<li><a href="#topic-{_e(t)}">{_e(t)}</a></li>' for t in topics),
        "</ul></nav>",
    ]
    for topic in topics:
        out.append(f'<section id="topic-{_e(topic)}">')
        out.append(f"<h2>{_e(topic)}</h2>")
        for saved in catalogue.in_topic(topic):
            out.extend(_query(saved, browser_url, database))
        out.append("</section>")
    out.extend(["</body>", "</html>"])
    return "\n".join(out) + "\n"


def write_catalogue(catalogue: Catalogue, directory: Path, browser_url: str, database: str) -> Path:
    """Write ``index.html`` into ``directory`` (created if needed); return its path."""
    target = directory / INDEX_FILE
    write_text(target, render_catalogue(catalogue, browser_url, database))
    return target
