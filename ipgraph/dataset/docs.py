"""The column tables of ``data/README.md``, written from the declaration.

``python -m ipgraph.dataset.docs data/README.md`` rewrites the part of the file between the
``<!-- columns:start -->`` and ``<!-- columns:end -->`` markers; a test fails while the
committed file differs from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipgraph.dataset import model
from ipgraph.dataset.kinds import Column
from ipgraph.resources import replace_section

START, END = "<!-- columns:start -->", "<!-- columns:end -->"
_KIND = {
    "id": "id",
    "code": "ISO3 code",
    "text": "text",
    "url": "URL",
    "date": "date",
    "choice": "vocabulary",
    "flag": "`yes` or empty",
    "ref": "reference",
    "sources": "source ids",
}


def _table(title: str, doc: str, cols: tuple[Column, ...]) -> list[str]:
    lines = [f"### `{title}.csv` — {doc}" if doc else f"### `{title}.csv`", ""]
    lines += ["| column | kind | required | meaning |", "| --- | --- | --- | --- |"]
    for col in cols:
        kind = _KIND[col.kind]
        if col.kind == "ref" and col.ref:
            kind = f"{col.ref}.csv"
        if col.vocabulary:
            kind = "one of " + ", ".join(f"`{v}`" for v in col.vocabulary)
        required = "yes" if col.required else ("column optional" if col.optional else "")
        lines.append(f"| `{col.name}` | {kind} | {required} | {col.doc} |")
    return [*lines, ""]


def columns_section() -> str:
    """The generated Markdown: one table per file, in reading order."""
    lines = [START, ""]
    for node in model.NODES:
        lines += _table(node.file, node.doc, node.columns)
    for rel in model.RELATIONSHIPS:
        lines += _table(rel.file, rel.doc, rel.columns)
    return "\n".join([*lines, END])


def rewrite(path: Path) -> bool:
    """Rewrite the generated section of ``path``; True when it changed."""
    return replace_section(path, START, END, columns_section())


if __name__ == "__main__":
    for name in sys.argv[1:]:
        rewrite(Path(name))
