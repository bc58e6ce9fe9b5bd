"""Rendering results as a text table, CSV, JSON or Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from contextvars import ContextVar
from typing import Any

from ipgraph.config import terminal_columns
from ipgraph.db.base import Result

FORMATS = ("table", "csv", "json", "markdown")
_TABLE_CELL_MAX = 60
_NARROWEST = 8  # a column is not cut below this many display columns (or its heading)
# How wide a table may be: "terminal" (the terminal's width when printing to one, else only
# long cells are cut), a number of display columns, or None (--wide: nothing is cut).
TABLE_WIDTH: ContextVar[int | str | None] = ContextVar("table_width", default="terminal")


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


def _plain(text: str) -> bool:
    """True for printable ASCII and the '…' of cut cells, where each character takes one
    column (so ``wcwidth``, slow to import, is needed only for other text)."""
    rest = text.replace("…", "")
    return rest.isascii() and rest.isprintable()


def width(text: str) -> int:
    """Display width of one line of text: East Asian wide characters count two columns,
    combining and zero-width characters none."""
    if _plain(text):
        return len(text)
    from wcwidth import wcswidth, wcwidth

    found = wcswidth(text)
    return found if found >= 0 else sum(max(wcwidth(c), 0) for c in text)


def cut(text: str, columns: int) -> str:
    """``text`` in at most ``columns`` display columns, ending in '…' when cut."""
    if width(text) <= columns:
        return text
    if _plain(text):
        return text[: max(columns - 1, 0)] + "…"
    from wcwidth import wcwidth

    out, used = [], 0
    for char in text:
        size = max(wcwidth(char), 0)
        if used + size > columns - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` display columns."""
    return text + " " * (columns - width(text))


def table_limit() -> int | None:
    """The width tables must fit: as set (``--max-width``), none (``--wide``), else the
    terminal's when standard output is one (or ``COLUMNS`` when set)."""
    chosen = TABLE_WIDTH.get()
    if chosen != "terminal":
        return chosen if isinstance(chosen, int) else None
    columns = terminal_columns()
    if columns is not None:
        return columns
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


def _fit(widths: list[int], floors: list[int], limit: int) -> list[int]:
    """Narrow the widest columns, one display column at a time, until the table fits in
    ``limit`` (or no column can give more)."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > limit:
        wide = [i for i, w in enumerate(widths) if w > floors[i]]
        if not wide:
            break
        widest = max(wide, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _footer(count: int) -> str:
    return f"({count} row{'s' if count != 1 else ''})"


def _expanded(columns: list[str], cells: list[list[str]], limit: int) -> str:
    """Too many columns for the width: one block per row, a line per column (as psql's
    expanded display), values cut to the width."""
    label = max(width(c) for c in columns)
    room = max(limit - label - 2, _NARROWEST)
    lines: list[str] = []
    for number, row in enumerate(cells, 1):
        head = f"-[ row {number} ]"
        lines.append(head + "-" * max(min(limit, label + 2 + room) - width(head), 0))
        lines.extend(
            f"{pad(c, label)}  {cut(v, room)}".rstrip() for c, v in zip(columns, row, strict=True)
        )
    return "\n".join([*lines, _footer(len(cells))])


def to_table(result: Result, *, clip: bool = True) -> str:
    """An aligned plain-text table in display columns (CJK and other wide characters take
    two). Unless ``clip`` is False or ``--wide`` was given, cells are cut at 60 columns and
    the table is fitted to :func:`table_limit` (a row per block, a line per column, when the
    columns cannot fit side by side); CSV or JSON give every value whole."""
    if not result.columns:
        return "(no columns)"
    limit = table_limit() if clip else None
    cells = [[" ".join(cell_text(v).split()) for v in row] for row in result.rows]
    widths = [width(c) for c in result.columns]
    for row in cells:
        widths = [max(w, width(c)) for w, c in zip(widths, row, strict=True)]
    if clip and TABLE_WIDTH.get() is not None:
        heads = [width(c) for c in result.columns]
        widths = [min(w, max(_TABLE_CELL_MAX, h)) for w, h in zip(widths, heads, strict=True)]
        if limit is not None:
            from ipgraph.dataset.dates import all_dates

            # Headings and dates are never cut; other columns down to a few characters.
            floors = [
                w if all_dates(row[i] for row in cells) else min(w, max(_NARROWEST, h))
                for i, (w, h) in enumerate(zip(widths, heads, strict=True))
            ]
            if sum(floors) + 2 * (len(floors) - 1) > limit:
                return _expanded(result.columns, cells, limit)
            widths = _fit(widths, floors, limit)
        cells = [[cut(c, w) for c, w in zip(row, widths, strict=True)] for row in cells]

    def line(values: list[str]) -> str:
        return "  ".join(pad(v, w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(list(result.columns)), rule, *(line(r) for r in cells)]
    return "\n".join([*body, _footer(len(result.rows))])


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
