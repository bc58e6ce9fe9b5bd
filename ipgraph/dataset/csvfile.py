"""Strict reading of the curated CSV files.

Every problem is a :class:`~ipgraph.errors.DataError` naming the file, the line and, where
it applies, the column: bad encoding (UTF-16 included), the wrong delimiter, a missing or
unknown column, a row with the wrong number of fields, an empty file.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipgraph.errors import DataError


@dataclass(slots=True)
class Record:
    """One data row: its cells by column, and the line it starts on (not frozen: one is made
    per row, and a frozen dataclass is several times slower to make)."""

    path: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The stripped cell text ('' when empty)."""
        return self.cells.get(column, "").strip()

    def error(self, message: str, column: str | None = None) -> DataError:
        """A DataError pointing at this row (and column)."""
        return DataError(message, path=self.path, line=self.line, column=column)


_UTF16_HINT = "Save it as UTF-8 (CSV UTF-8)"


def _open(path: Path, label: str) -> io.TextIOWrapper:
    """Open a CSV file as UTF-8 text read as it is needed (a BOM is dropped)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
            raise DataError(
                "is not a regular file (a pipe or a device?). Name a CSV file", path=label
            )
        raw = path.open("rb")
    except IsADirectoryError:
        raise DataError("is a directory, not a CSV file. Name a .csv file", path=label) from None
    except FileNotFoundError:
        raise DataError("no such file. Check the path", path=label) from None
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", path=label) from None
    try:
        head = raw.read(64)
    except OSError as exc:
        raw.close()
        reason = "is a directory, not a CSV file. Name a .csv file"
        if exc.errno != errno.EISDIR:
            reason = f"cannot read the file: {exc.strerror}"
        raise DataError(reason, path=label) from None
    encoding = None
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "UTF-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    elif len(head) >= 4 and max(head[1::2].count(0), head[0::2].count(0)) > len(head) // 4:
        encoding = "UTF-16"  # no byte-order mark, but a NUL byte beside every letter
    if encoding:
        raw.close()
        raise DataError(f"the file is {encoding}, not UTF-8. {_UTF16_HINT}", path=label, line=1)
    # A UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one) is accepted and dropped.
    raw.seek(3 if head.startswith(b"\xef\xbb\xbf") else 0)
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def _not_utf8(path: Path, label: str) -> DataError:
    """The error for a file that is not UTF-8, naming the line of the first bad byte."""
    line, tail = 1, b""
    with path.open("rb") as raw:
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in iter(lambda: raw.read(1 << 16), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                data = tail + chunk
                start = len(tail) + exc.start
                line += _breaks(data[:start]) - _breaks(tail)
                return DataError(
                    f"byte 0x{data[start]:02x} is not UTF-8. Save the file as UTF-8",
                    path=label,
                    line=line,
                )
            line += _breaks(chunk)
            tail = chunk[-4:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            # The file ends inside a character: name its first byte.
            lead = next((byte for byte in reversed(tail) if byte >= 0xC0), tail[-1])
            return DataError(
                f"byte 0x{lead:02x} is not UTF-8. Save the file as UTF-8", path=label, line=line
            )
    return DataError("the file is not UTF-8. Save the file as UTF-8", path=label)


def _breaks(data: bytes) -> int:
    """Line breaks in ``data``: LF, CR LF or a lone CR (as the csv module counts them)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


@dataclass(slots=True)
class Chunk:
    """Consecutive data rows of one file: the header, each row's first line, and its cells
    (as many as the header has columns)."""

    path: str
    header: list[str]
    lines: list[int]
    cells: list[list[str]]

    def records(self) -> Iterator[Record]:
        """The rows as records."""
        header, path = self.header, self.path
        for line, cells in zip(self.lines, self.cells, strict=True):
            yield Record(path, line, dict(zip(header, cells, strict=True)))


def read_records(
    path: Path, label: str, columns: Sequence[str], required: Sequence[str]
) -> Iterator[Record]:
    """Yield the rows of a CSV file whose header must be exactly ``columns`` (any order).

    The file is read as the rows are taken, so memory does not grow with its size.
    """
    for chunk in read_chunks(path, label, columns, required, 256):
        yield from chunk.records()


def read_chunks(
    path: Path, label: str, columns: Sequence[str], required: Sequence[str], size: int
) -> Iterator[Chunk]:
    """The rows of a CSV file (as :func:`read_records` reads it), ``size`` rows at a time.

    A problem in the file is raised after the rows before it have been yielded, so that
    whoever checks them can name an earlier problem first.
    """
    with _open(path, label) as text:
        try:
            yield from _chunks(text, label, columns, required, size)
        except UnicodeDecodeError:
            raise _not_utf8(path, label) from None


def _chunks(
    text: io.TextIOWrapper, label: str, columns: Sequence[str], required: Sequence[str], size: int
) -> Iterator[Chunk]:
    reader = csv.reader(text, strict=True)
    header: list[str] | None = None
    for cells in _rows(reader, label):
        if "\x00" in "".join(cells):
            raise DataError("the file contains a NUL byte", path=label, line=reader.line_num)
        if any(c.strip() for c in cells):
            header = [h.strip() for h in cells]
            break
    if header is None:
        raise DataError(
            f"the file is empty. It needs at least the header line: {','.join(columns)}",
            path=label,
            line=1,
        )
    _check_header(header, label, columns, required)
    last_line = reader.line_num
    width = len(header)
    lines: list[int] = []
    rows: list[list[str]] = []
    try:
        for cells in _rows(reader, label):
            start, last_line = last_line + 1, reader.line_num
            joined = "".join(cells)
            if not joined or joined.isspace():
                continue
            if "\x00" in joined:
                raise DataError("the file contains a NUL byte", path=label, line=start)
            if len(cells) != width:
                raise DataError(
                    f"{len(cells)} fields where the header has {width}. "
                    "Quote any field that contains a comma",
                    path=label,
                    line=start,
                )
            lines.append(start)
            rows.append(cells)
            if len(rows) >= size:
                yield Chunk(label, header, lines, rows)
                lines, rows = [], []
    except (DataError, UnicodeDecodeError):
        if rows:  # the rows before the problem first
            yield Chunk(label, header, lines, rows)
        raise
    if rows:
        yield Chunk(label, header, lines, rows)


def _rows(reader: Any, label: str) -> Iterator[list[str]]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataError(
                f"malformed CSV: {exc}. Check the quotes on this line",
                path=label,
                line=reader.line_num,
            ) from None
        yield cells


def _check_header(
    header: list[str], label: str, columns: Sequence[str], required: Sequence[str]
) -> None:
    expected = ",".join(columns)
    if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
        raise DataError(
            f"the header is one field '{header[0][:60]}': the delimiter must be a comma. "
            f"Expected: {expected}",
            path=label,
            line=1,
        )
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(f"column '{name}' appears twice", path=label, line=1, column=name)
        seen.add(name)
        if name not in columns:
            raise DataError(
                f"unknown column '{name}'. Columns are: {expected}",
                path=label,
                line=1,
                column=name,
            )
    for name in required:
        if name not in seen:
            raise DataError(
                f"missing column '{name}'. Columns are: {expected}",
                path=label,
                line=1,
                column=name,
            )
