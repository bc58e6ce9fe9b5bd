"""The text of a saved-query file: read safely, and with its literals and comments masked.

A query file is UTF-8 (a byte-order mark is dropped, CRLF line ends become LF) with no control
characters; anything else is a :class:`~ipgraph.errors.CatalogueError` naming ``file:line``.
"""

from __future__ import annotations

import stat
from pathlib import Path

from ipgraph.errors import CatalogueError
from ipgraph.params import CONTROL_CHARACTERS


def mask(text: str) -> str:
    """Blank out string literals, comments and backtick names, keeping offsets and newlines."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in "'\"`":
            j = i + 1
            while j < n and text[j] != char:
                j += 2 if text[j] == "\\" and char != "`" else 1
            end = min(j + 1, n)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
        else:
            i += 1
            continue
        for k in range(i, end):
            if out[k] != "\n":
                out[k] = " "
        i = end
    return "".join(out)


def read_query_text(path: Path, where: str) -> str:
    """A query file's text: UTF-8 (a byte-order mark is dropped), no control characters."""
    if path.is_dir():
        raise CatalogueError(
            f"{where}: is a folder, not a query file. Rename it: names ending in .cypher are "
            "for saved queries"
        )
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise CatalogueError(
                f"{where}: is not a regular file (a pipe, socket or device). Replace it with a "
                "text file, or move it out of the queries folder"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(
            f"{where}: cannot read the file: {exc.strerror or exc}. Check the file and its "
            "permissions"
        ) from None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogueError(f"{where}:1: the file is UTF-16, not UTF-8. Save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            f"{where}:{line}: byte 0x{raw[exc.start]:02x} is not UTF-8. Save the file as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n")
    found = CONTROL_CHARACTERS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise CatalogueError(
            f"{where}:{line}: the file contains a control character "
            f"(U+{ord(found.group()):04X}). Remove it"
        )
    return text
