"""How test_bad_data.py breaks a copy of the curated data, and the cases about a cell or a file.

A case names the file it breaks, how (``append`` a line, ``replace_file``, ``replace_header``,
``remove``), and the message the error must give after ``<file>:<line>: ``. The cases across
cells and rows are in bad_data_row_cases.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests_support import SRC


@dataclass(frozen=True)
class Case:
    """A way to break the data, and the error it must give (``{line}``: the broken line)."""

    name: str
    file: str
    breaks: Callable[[Path], int]
    message: str


def append(row: str) -> Callable[[Path], int]:
    """Append one line; the error is on that line."""

    def apply(path: Path) -> int:
        text = path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text + row + "\n", encoding="utf-8")
        return len((text + row).splitlines())

    return apply


def replace_file(content: bytes, line: int = 1) -> Callable[[Path], int]:
    def apply(path: Path) -> int:
        path.write_bytes(content)
        return line

    return apply


def replace_header(new_header: str, cell_edit: Callable[[str], str]) -> Callable[[Path], int]:
    def apply(path: Path) -> int:
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([new_header, *map(cell_edit, lines[1:])]) + "\n", "utf-8")
        return 1

    return apply


def remove(path: Path) -> int:
    path.unlink()
    return 0


def agreement(
    id_: str = "test-agreement", type_: str = "RAA", dates: str = ",,,", sources: str = SRC
) -> str:
    """A row of agreements.csv; ``dates`` are negotiationsStarted,signed,inForce,terminated."""
    return f"{id_},Test,Test agreement,{type_},,{dates},{sources},"


#: One cell is wrong on its own: a code, date, id, vocabulary value, text or URL.
CELL_CASES = [
    Case(
        "unknown ISO code",
        "countries",
        append("XYZ,"),
        "column 'iso3': 'XYZ' is not an ISO 3166-1 alpha-3 country code (e.g. JPN, GBR)",
    ),
    Case(
        "user-assigned code (Kosovo's XKX is not in ISO 3166-1)",
        "countries",
        append("XKX,"),
        "column 'iso3': 'XKX' is not an ISO 3166-1 alpha-3 country code (e.g. JPN, GBR)",
    ),
    Case(
        "lower-case ISO code",
        "countries",
        append("jpn,"),
        "column 'iso3': 'jpn' is not an ISO 3166-1 alpha-3 country code (e.g. JPN, GBR)",
    ),
    Case(
        "impossible date",
        "agreements",
        append(agreement(dates=",2023-02-30,,")),
        "column 'signed': signed '2023-02-30' is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    Case(
        "malformed date",
        "agreements",
        append(agreement(dates=",11/01/2023,,")),
        "column 'signed': signed '11/01/2023' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    Case(
        "month 13",
        "agreements",
        append(agreement(dates="2023-13-01,,,")),
        "column 'negotiationsStarted': negotiationsStarted '2023-13-01' is not a real date "
        "(YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    Case(
        "id with spaces",
        "people",
        append(f"Ben Wallace,Ben Wallace,{SRC}"),
        "column 'id': id 'Ben Wallace' must be lowercase letters, digits and '-' "
        "(e.g. jpn-gbr-raa)",
    ),
    Case(
        "type outside the vocabulary",
        "agreements",
        append(agreement(type_="ALLIANCE")),
        "column 'type': 'ALLIANCE' is not a known type. Use one of: TREATY, SOFA, RAA, DCA, "
        "ACSA, GSOMIA, EQUIPMENT, DECLARATION, PARTNERSHIP, PROGRAMME",
    ),
    Case(
        "grouping kind outside the vocabulary",
        "groupings",
        append(f"test-group,Test,Test,club,,,{SRC},"),
        "column 'kind': 'club' is not a known kind. Use one of: alliance, security_pact, "
        "dialogue, intelligence, regional_organisation, union, programme, other",
    ),
    Case(
        "event kind outside the vocabulary",
        "events",
        append(f"test-event,Test,party,2023-01-01,{SRC},"),
        "column 'kind': 'party' is not a known kind. Use one of: meeting, summit, signing, "
        "ship_visit, exercise, announcement",
    ),
    Case(
        "role title outside the vocabulary",
        "roles",
        append(f"rishi-sunak,GBR,Chancellor,2020-02-13,2022-07-05,,,,{SRC},"),
        "column 'title': 'Chancellor' is not a known title. Use one of: President, Prime "
        "Minister, Premier, Foreign Minister, Foreign Secretary, Defence Minister, Defence "
        "Secretary, Secretary of State, Secretary of Defense, Foreign Ministry Spokesperson",
    ),
    Case(
        "source URL that is not a URL",
        "sources",
        append("test-source,A title,A publisher,www.example.org/page,"),
        "column 'url': url 'www.example.org/page' is not an http(s) URL with a host (and no user "
        "name)",
    ),
    Case(
        "required cell empty",
        "people",
        append(f"test-person,,{SRC}"),
        "column 'name': 'name' is empty. Fill it in",
    ),
    Case(
        "control character",
        "people",
        append(f"test-person,Name\x07Bell,{SRC}"),
        "column 'name': 'name' contains a control character. Remove it",
    ),
    Case(
        "agreement without a short name",
        "agreements",
        append(f"test-agreement,,Test agreement,RAA,,,,,,{SRC},"),
        "column 'shortName': 'shortName' is empty. Fill it in",
    ),
    Case(
        "short name over 40 characters",
        "agreements",
        append(f"test-agreement,{'x' * 41},Test agreement,RAA,,,,,,{SRC},"),
        "column 'shortName': 'shortName' is 41 characters long; at most 40. Shorten it",
    ),
    Case(
        "date before the year 1000",
        "events",
        append(f"test-event,Test,meeting,0999-01-01,{SRC},"),
        "column 'date': date '0999-01-01' is before the year 1000 (years have four digits, "
        "1000-9999)",
    ),
    Case(
        "month 00 in a partial date",
        "memberships",
        append(f"JPN,quad,2020-00,,{SRC},"),
        "column 'since': since '2020-00' is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    Case(
        "lineage kind outside the vocabulary",
        "lineage",
        append(f"jpn-usa-acsa,jpn-aus-acsa,replaces,{SRC},"),
        "column 'kind': 'replaces' is not a known kind. Use one of: supersedes, amends",
    ),
    Case(
        "flag that is not yes",
        "roles",
        append(f"rishi-sunak,GBR,Foreign Secretary,2020-02-13,,,true,,{SRC},"),
        "column 'acting': acting 'true' must be 'yes' or empty",
    ),
    Case(
        "right-to-left override in a name",
        "people",
        append(f"test-person,Name\u202eeman,{SRC}"),
        "column 'name': 'name' contains an invisible or direction-changing character "
        "(U+202E). Remove it",
    ),
    Case(
        "source URL with a user name",
        "sources",
        append("test-source,A title,A publisher,https://a@evil.example/,"),
        # Messages redact what stands before an '@' in a URL.
        "column 'url': url 'https://***@evil.example/' is not an http(s) URL with a host (and "
        "no user name)",
    ),
    Case(
        "source URL without a host",
        "sources",
        append("test-source,A title,A publisher,https:///etc/passwd,"),
        "column 'url': url 'https:///etc/passwd' is not an http(s) URL with a host (and no user "
        "name)",
    ),
    Case(
        "empty source id in a list",
        "parties",
        append(f"jpn-gbr-raa,USA,{SRC};"),
        "column 'sources': empty source id in 'sources'. Separate ids with ';'",
    ),
]

#: The file as a whole: its header, encoding, delimiter, or the file itself.
FILE_CASES = [
    Case(
        "missing required column",
        "parties",
        replace_header("agreement,sources", lambda line: ",".join(line.split(",")[::2])),
        "column 'country': missing column 'country'. Columns are: agreement,country,sources",
    ),
    Case(
        "extra unknown column",
        "parties",
        replace_header("agreement,country,sources,comment", lambda line: line + ",x"),
        "column 'comment': unknown column 'comment'. Columns are: agreement,country,sources",
    ),
    Case(
        "empty file",
        "parties",
        replace_file(b""),
        "the file is empty. It needs at least the header line: agreement,country,sources",
    ),
    Case(
        "wrong delimiter",
        "parties",
        replace_file(b"agreement;country;sources\njpn-gbr-raa;JPN;x\n"),
        "the header is one field 'agreement;country;sources': the delimiter must be a comma. "
        "Expected: agreement,country,sources",
    ),
    Case(
        "wrong encoding",
        "people",
        replace_file(b"id,name,sources\ntest-person,Ren\xe9e,x\n", line=2),
        "byte 0xe9 is not UTF-8. Save the file as UTF-8",
    ),
    Case(
        "UTF-16 file",
        "parties",
        replace_file("agreement,country,sources\n".encode("utf-16")),
        "the file is UTF-16, not UTF-8. Save it as UTF-8 (CSV UTF-8)",
    ),
    Case(
        "unquoted comma",
        "parties",
        append(f"jpn-gbr-raa,JPN,{SRC},extra"),
        "4 fields where the header has 3. Quote any field that contains a comma",
    ),
    Case("missing file", "events", remove, "no such file. Check the path"),
]
