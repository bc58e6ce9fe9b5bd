"""Bad data files: each case breaks a copy of the curated data in one way.

Every case must give one exact error naming file, line and column (and how to fix it),
through `ipgraph validate` and `ipgraph load`, with a non-zero exit and the graph unchanged.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Target
from tests_support import graph_fingerprint, rows_by_statement

from ipgraph.cli import cli
from ipgraph.dataset import read_sources
from ipgraph.resources import data_dir

HEADERS = {
    "agreements": "id,name,type,negotiationsStarted,signed,inForce,terminated,sources,notes",
    "parties": "agreement,country,sources",
}
SRC = "mofa-jp-gbr-raa-eif-2023"  # a source id that exists in data/sources.csv


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


CASES = [
    Case(
        "unknown ISO code",
        "countries",
        append("XYZ,"),
        "column 'iso3': 'XYZ' is not an ISO 3166-1 alpha-3 country code (e.g. JPN, GBR)",
    ),
    Case(
        "lower-case ISO code",
        "countries",
        append("jpn,"),
        "column 'iso3': 'jpn' is not an ISO 3166-1 alpha-3 country code (e.g. JPN, GBR)",
    ),
    Case(
        "duplicate country",
        "countries",
        append("JPN,"),
        "column 'iso3': duplicate country 'JPN' (first on line *)",
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
        "signed after entry into force",
        "agreements",
        append(agreement(dates=",2023-05-01,2023-01-01,")),
        "column 'inForce': signed 2023-05-01 is after inForce 2023-01-01: impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "negotiations after signing",
        "agreements",
        append(agreement(dates="2024-01-01,2023-05-01,,")),
        "column 'signed': negotiationsStarted 2024-01-01 is after signed 2023-05-01: "
        "impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "terminated before entry into force",
        "agreements",
        append(agreement(dates=",,2020-01-01,2019-01-01")),
        "column 'terminated': inForce 2020-01-01 is after terminated 2019-01-01: impossible "
        "order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "duplicate agreement id",
        "agreements",
        append(agreement(id_="jpn-gbr-raa")),
        "column 'id': duplicate id 'jpn-gbr-raa' (first on line *). Ids must be unique",
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
        "party is a missing country",
        "parties",
        append(f"jpn-gbr-raa,XXX,{SRC}"),
        "column 'country': unknown country code 'XXX': it is not in countries.csv. Add it "
        "there or fix the reference",
    ),
    Case(
        "party to a missing agreement",
        "parties",
        append(f"no-such-agreement,JPN,{SRC}"),
        "column 'agreement': unknown agreements id 'no-such-agreement': it is not in "
        "agreements.csv. Add it there or fix the reference",
    ),
    Case(
        "role of a missing person",
        "roles",
        append(f"no-such-person,GBR,Prime Minister,,,,,,{SRC},"),
        "column 'person': unknown people id 'no-such-person': it is not in people.csv. Add it "
        "there or fix the reference",
    ),
    Case(
        "member of a missing grouping",
        "memberships",
        append(f"JPN,no-such-group,,,{SRC},"),
        "column 'grouping': unknown groupings id 'no-such-group': it is not in groupings.csv. "
        "Add it there or fix the reference",
    ),
    Case(
        "participant in a missing event",
        "event_participants",
        append(f"no-such-event,JPN,,{SRC}"),
        "column 'event': unknown events id 'no-such-event': it is not in events.csv. Add it "
        "there or fix the reference",
    ),
    Case(
        "missing source",
        "parties",
        append("jpn-gbr-raa,USA,no-such-source"),
        "column 'sources': unknown source id 'no-such-source': it is not in sources.csv. Add "
        "the source there",
    ),
    Case(
        "fact without a source",
        "parties",
        append("jpn-gbr-raa,USA,"),
        "column 'sources': the fact has no source. Cite a source id from sources.csv",
    ),
    Case(
        "empty source id in a list",
        "parties",
        append(f"jpn-gbr-raa,USA,{SRC};"),
        "column 'sources': empty source id in 'sources'. Separate ids with ';'",
    ),
    Case(
        "both country and person",
        "event_participants",
        append(f"jpn-usa-scc-2023-01-11,JPN,rishi-sunak,{SRC}"),
        "column 'country': fill exactly one of 'country' and 'person'",
    ),
    Case(
        "membership ends before it starts",
        "memberships",
        append(f"JPN,quad,2020-01-01,2019-01-01,{SRC},"),
        "column 'until': since 2020-01-01 is after until 2019-01-01: impossible order. Dates "
        "run since <= until",
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
        "duplicate relationship row",
        "parties",
        append(f"jpn-gbr-raa,JPN,{SRC}"),
        "duplicate row: the same parties fact is already listed (first on line *)",
    ),
    Case(
        "agreement with one party",
        "agreements",
        append(agreement(id_="lonely-agreement")),
        "column 'id': agreement 'lonely-agreement' has 0 parties in parties.csv; every "
        "agreement needs at least two. Add its parties",
    ),
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
        "partial dates in an impossible order",
        "agreements",
        append(agreement(dates=",2023,2022-06,")),
        "column 'inForce': signed 2023 is after inForce 2022-06: impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "announcement after signature",
        "agreements",
        append(f"test-agreement,Test,Test agreement,RAA,2024-02,,2024-01-15,,,{SRC},"),
        "column 'signed': announced 2024-02 is after signed 2024-01-15: impossible order. "
        "Dates run announced <= negotiationsStarted <= signed <= inForce <= terminated",
    ),
    Case(
        "lineage kind outside the vocabulary",
        "lineage",
        append(f"jpn-usa-acsa,jpn-aus-acsa,replaces,{SRC},"),
        "column 'kind': 'replaces' is not a known kind. Use one of: supersedes, amends",
    ),
    Case(
        "agreement that supersedes itself",
        "lineage",
        append(f"jpn-usa-acsa,jpn-usa-acsa,supersedes,{SRC},"),
        "column 'previous': 'agreement' and 'previous' are the same",
    ),
    Case(
        "lineage of a missing agreement",
        "lineage",
        append(f"jpn-usa-acsa,jpn-usa-acsa-1900,supersedes,{SRC},"),
        "column 'previous': unknown agreements id 'jpn-usa-acsa-1900': it is not in "
        "agreements.csv. Add it there or fix the reference",
    ),
    Case(
        "domain outside the vocabulary",
        "agreement_domains",
        append(f"jpn-gbr-raa,underwater-basket-weaving,{SRC}"),
        "column 'domain': unknown domains id 'underwater-basket-weaving': it is not in "
        "domains.csv. Add it there or fix the reference",
    ),
    Case(
        "event about a missing grouping",
        "event_groupings",
        append(f"jpn-usa-scc-2023-01-11,no-such-group,{SRC}"),
        "column 'grouping': unknown groupings id 'no-such-group': it is not in groupings.csv. "
        "Add it there or fix the reference",
    ),
    Case(
        "ended term with an end date",
        "roles",
        append(f"rishi-sunak,GBR,Foreign Secretary,2020-02-13,2022-07-05,yes,,,{SRC},"),
        "column 'ended': 'ended' is for a term whose end is unknown; 'until' is filled",
    ),
    Case(
        "flag that is not yes",
        "roles",
        append(f"rishi-sunak,GBR,Foreign Secretary,2020-02-13,,,true,,{SRC},"),
        "column 'acting': acting 'true' must be 'yes' or empty",
    ),
    Case(
        "vacancy after a term with no end",
        "roles",
        append(f"rishi-sunak,GBR,Foreign Secretary,2020-02-13,,,,yes,{SRC},"),
        "column 'vacantAfter': 'vacantAfter' needs the day the term ended in 'until'",
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
    Case("missing file", "events", remove, "no such file. Check the path"),
]


def message_for(case: Case, copy: Path, line: int) -> str:
    where = f"{copy}/{case.file}.csv"
    if line:
        where += f":{line}"
    return f"{where}: {case.message}"


def matches(got: str, expected: str) -> bool:
    if "*" not in expected:
        return got == expected
    head, tail = expected.split("*", 1)
    return got.startswith(head) and got.endswith(tail)


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_names_file_line_and_column(case: Case, tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    line = case.breaks(copy / f"{case.file}.csv")
    result = CliRunner().invoke(cli, ["validate", str(copy)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    got = result.stderr.strip()
    assert len(got.splitlines()) == 1
    expected = "Error: " + message_for(case, copy, line)
    assert matches(got, expected if expected.endswith(".") else expected + "."), got


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_leaves_the_loaded_graph_unchanged(
    case: Case, loaded: Target, tmp_path: Path
) -> None:
    with loaded.graph() as graph:
        before = graph_fingerprint(graph)
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    case.breaks(copy / f"{case.file}.csv")
    result = CliRunner().invoke(cli, [*loaded.cli_args, "load", str(copy)], env=loaded.env)
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {copy}/{case.file}.csv")
    with loaded.graph() as graph:
        assert graph_fingerprint(graph) == before


def test_quoted_field_with_embedded_newline_is_read_and_lines_stay_right(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "people.csv"
    text = path.read_text(encoding="utf-8")
    text += f'test-person,"A name\nacross two lines",{SRC}\n'
    path.write_text(text, encoding="utf-8")
    grouped = rows_by_statement(read_sources([str(copy)]))
    assert {"id": "test-person", "name": "A name\nacross two lines", "sources": [SRC]} in (
        grouped["people"]
    )
    bad_line = len(text.splitlines()) + 1
    path.write_text(text + f"Bad Id,Name,{SRC}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(copy)])
    assert result.stderr.startswith(f"Error: {copy}/people.csv:{bad_line}: column 'id':")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "parties.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_sources([str(copy)]).check().total() == read_sources([]).check().total()


def test_validate_reports_counts_on_good_data() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.startswith("OK: ") and "agreements " in result.stdout
