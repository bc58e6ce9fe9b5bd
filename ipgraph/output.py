"""Rendering results as a text table, CSV, JSON or Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from ipgraph.db.base import Result

FORMATS = ("table", "csv", "json", "markdown")
_TABLE_CELL_MAX = 60


def cell_text(value: Any) -> str:
    """One value as text: dates ISO, lists joined with '; ', null empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(jsonable(value), ensure_ascii=False, sort_keys=True)
    return str(value)


def jsonable(value: Any) -> Any:
    """A value with dates as ISO strings, ready for ``json.dumps``."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TABLE_CELL_MAX else text[: _TABLE_CELL_MAX - 1] + "…"


def to_table(result: Result, *, clip: bool = True) -> str:
    """An aligned plain-text table (long cells clipped; use CSV or JSON for full values)."""
    if not result.columns:
        return "(no columns)"
    shown = _clip if clip else (lambda text: " ".join(text.split()))
    cells = [[shown(cell_text(v)) for v in row] for row in result.rows]
    widths = [len(c) for c in result.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    count = len(result.rows)
    footer = f"({count} row{'s' if count != 1 else ''})"
    return "\n".join([line, rule, *body, footer])


def to_csv(result: Result) -> str:
    """CSV with a header row; lists joined with '; '."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([cell_text(v) for v in row])
    return buffer.getvalue().rstrip("\n")


def to_json(result: Result) -> str:
    """A JSON array of row objects, dates as ISO strings."""
    return json.dumps(jsonable(result.records()), ensure_ascii=False, indent=2)


def to_markdown(result: Result) -> str:
    """A GitHub-flavoured Markdown table."""

    def esc(text: str) -> str:
        return " ".join(text.replace("|", "\\|").split())

    head = "| " + " | ".join(esc(c) for c in result.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in result.columns) + "|"
    body = ["| " + " | ".join(esc(cell_text(v)) for v in row) + " |" for row in result.rows]
    return "\n".join([head, rule, *body])


def sources_text(sources: Result, fmt: str) -> str:
    """A numbered source list to print beneath a table (``--with-sources``)."""
    lines = ["", "Sources:" if fmt == "table" else "**Sources**", ""]
    for number, record in enumerate(sources.records(), start=1):
        published = f", {cell_text(record['published'])}" if record["published"] else ""
        bullet = f"[{number}]" if fmt == "table" else f"{number}."
        lines.append(
            f"{bullet} {record['id']}: {record['title']}. {record['publisher']}{published}. "
            f"{record['url']}"
        )
    return "\n".join(lines)


def render(result: Result, fmt: str) -> str:
    """Render ``result`` in one of :data:`FORMATS`."""
    renderers = {"table": to_table, "csv": to_csv, "json": to_json, "markdown": to_markdown}
    return renderers[fmt](result)
