"""Country names and UN M49 regions, from the ``country_converter`` package's table.

Regions and subregions are never typed by hand: the subregion is the table's ``UNregion``
(the M49 sub-region name) and the region its ``continent``, where the table's "America" is
M49's "Americas".
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ipgraph.errors import ConfigError

_REGION_NAMES = {"America": "Americas"}


def user_assigned(iso3: str) -> bool:
    """ISO 3166-1 leaves AAA-AAZ, QMA-QZZ, XAA-XZZ and ZZA-ZZZ to its users (Kosovo's XKX is
    one such code, not an ISO 3166-1 country)."""
    return iso3[:2] in ("AA", "ZZ") or iso3[0] == "X" or (iso3[0] == "Q" and iso3[1] >= "M")


@dataclass(frozen=True)
class CountryInfo:
    """Name and M49 region of one ISO 3166-1 alpha-3 code."""

    iso3: str
    name: str
    region: str
    subregion: str


@cache
def country_table() -> dict[str, CountryInfo]:
    """Every current ISO 3166-1 alpha-3 code known to ``country_converter``."""
    table: dict[str, CountryInfo] = {}
    # Found without importing the package (its import loads pandas: half a second).
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the country_converter package is missing. Reinstall ipgraph")
    source = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with source.open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            iso3 = (row.get("ISO3") or "").strip()
            if len(iso3) != 3 or (row.get("obsolete") or "").strip() or user_assigned(iso3):
                continue
            continent = (row.get("continent") or "").strip()
            table[iso3] = CountryInfo(
                iso3=iso3,
                name=(row.get("name_short") or iso3).strip(),
                region=_REGION_NAMES.get(continent, continent),
                subregion=(row.get("UNregion") or "").strip(),
            )
    return table
