"""Tables people can read: display widths, the terminal's width, --wide and --max-width,
and `query show` printing the description once."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests_support import invoke

from ipgraph.db.base import Result
from ipgraph.output import TABLE_WIDTH, cut, to_table, width
from ipgraph.queries import Catalogue

IPGRAPH = str(Path(sys.executable).parent / "ipgraph")


def test_wide_characters_are_aligned_by_display_width() -> None:
    result = Result(
        ["title", "n"],
        [("日米物品役務相互提供協定", 1), ("Japan-UK RAA", 2), ("한국 GSOMIA", 3)],
    )
    token = TABLE_WIDTH.set(None)
    try:
        lines = to_table(result).splitlines()
    finally:
        TABLE_WIDTH.reset(token)
    # The second column starts at the same display column on every line.
    starts = {width(line[: line.rindex("  ") + 2]) for line in lines[2:5]}
    assert starts == {width("日米物品役務相互提供協定") + 2}, lines
    assert lines[1] == "-" * width("日米物品役務相互提供協定") + "  " + "-"


def test_cut_cells_keep_wide_characters_whole() -> None:
    token = TABLE_WIDTH.set(12)
    try:
        lines = to_table(Result(["t"], [("日米物品役務相互提供協定",)])).splitlines()
    finally:
        TABLE_WIDTH.reset(token)
    assert lines[2] == "日米物品役…" and width(lines[2]) <= 12


def test_widths_of_ascii_and_other_text() -> None:
    # Printable ASCII is measured by its length, everything else by wcwidth's tables: a tab or
    # an escape takes no column, a combining accent none, a CJK character or an emoji two.
    assert [width(t) for t in ("", "RAA", "a\tb", "\x1b[1m", "e\u0301", "日本", "ok😀")] == [
        0, 3, 2, 3, 1, 4, 4,
    ]  # fmt: skip
    assert width("Japan-U…") == 8 and width("…\u0301") == 1 and width("…日") == 3
    assert cut("Japan-UK RAA", 12) == "Japan-UK RAA"
    assert cut("Japan-UK RAA", 8) == "Japan-U…"
    assert cut("Japan-UK RAA", 1) == "…"
    assert cut("日本の協定", 6) == "日本…"
    assert cut("a\tbcdef", 4) == "a\tbc…"
    assert cut("ab…cdef", 4) == "ab……"


def run(*args: str, env: dict[str, str | None] | None = None) -> str:
    result = invoke(None, *args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def widest_line(text: str) -> int:
    return max(width(line) for line in text.splitlines())


def test_max_width_wide_and_columns(falkordb_loaded_path: Path) -> None:
    args = ["--db-path", str(falkordb_loaded_path), "query", "run", "raa.status", "-p", "as_of"]
    args.append("2024-06-01")
    full = run(*args, "--wide")
    assert widest_line(full) > 120  # sources are listed whole
    assert "…" not in full
    # Nine columns cannot fit side by side in 100: one block per row, a line per column.
    fitted = run(*args, "--max-width", "100")
    assert widest_line(fitted) <= 100 and "…" in fitted
    assert fitted.startswith("-[ row 1 ]") and "\nsigned               2022-01-06\n" in fitted
    assert fitted.rstrip().endswith("(4 rows)")
    # Six columns fit in 80 with the sources cut; dates are never cut.
    people = ["--db-path", str(falkordb_loaded_path), "query", "run", "people.on_date"]
    narrow = run(*people, "-p", "country", "JPN", "-p", "date", "2024-01-01", "--max-width", "80")
    assert narrow.startswith("title") and widest_line(narrow) <= 80 and "…" in narrow
    assert "2023-09-13  2024-10-01" in narrow
    assert widest_line(run(*args, env={"COLUMNS": "90"})) <= 90
    # Printed to a file or a pipe with no width known, only long cells are cut (at 60).
    piped = run(*args, env={"COLUMNS": None})
    assert 100 < widest_line(piped) < widest_line(full)


def test_wide_and_max_width_together_are_refused() -> None:
    result = invoke(None, "query", "run", "raa.status", "--wide", "--max-width", "80")
    assert result.exit_code == 2
    assert "give --wide or --max-width, not both" in result.stderr


def test_the_terminal_width_is_honoured(falkordb_loaded_path: Path) -> None:
    """In a real terminal (a pseudo-terminal 72 columns wide) the table fits it."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 72, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NEO4J_URI")}
    process = subprocess.Popen(
        [IPGRAPH, "--db-path", str(falkordb_loaded_path), "query", "run", "raa.status"],
        stdin=terminal,
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=60) == 0
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "(4 rows)" in text
    assert widest_line(text) <= 72, text


def test_query_show_prints_the_description_once() -> None:
    saved = Catalogue.load().get("raa.status")
    shown = run("query", "show", "raa.status")
    assert shown.count(saved.summary) == 1
    assert "country: str (default JPN; must be a country known to the graph)" in shown
    assert "// params:" not in shown and "MATCH (c:Country {iso3: $country})" in shown
