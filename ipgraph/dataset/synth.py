"""Synthetic datasets in the curated format, for benchmarks and tests.

:func:`generate` writes the CSV files declared in :mod:`ipgraph.dataset.model`, which
``ipgraph validate`` / ``ipgraph load`` read, with real ISO 3166-1 alpha-3 codes, agreement
life-cycle dates in order, a source for every fact, memberships, people and their posts, and
events. Nothing in it is a fact: every name says "Synthetic" and every source is an
``https://example.org/ipgraph-synth/...`` address. The same arguments always give the same
bytes.

Files are written as they are generated, agreement by agreement, so memory stays flat
whatever the size. The relationships a load creates are the rows of the five relationship
files: ``memberships`` (MEMBER_OF), ``parties`` (PARTY_TO), ``roles`` (HELD_ROLE),
``event_participants`` (TOOK_PART) and ``event_agreements`` (CONCERNS); sources are node
properties, not relationships.

Size: memberships and roles are fixed by the countries and the seed (about six per
country, see :func:`fixed_relationships`). Each agreement then adds about
:data:`RELATIONSHIPS_PER_AGREEMENT` relationships: 2 parties (85 %) or 3 to 8 (15 %), and
for 60 % of agreements an event that concerns it, in which every party (and for 30 % of
events one person) took part. Give ``relationships`` instead of ``agreements`` to get
exactly that many relationships.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipgraph.dataset import model
from ipgraph.errors import ConfigError

# Countries used first, so that the saved queries' defaults (JPN, IND, quad, ...) exist.
PRIORITY = ("JPN", "USA", "AUS", "IND", "GBR", "FRA", "DEU", "ITA", "PHL", "KOR", "CAN", "NZL")
FIXED_GROUPINGS = ("quad", "aukus", "gcap", "five-eyes", "nato", "eu", "asean", "fpda", "anzus")
# Agreement types with their shares.
AGREEMENT_MIX = (
    ("TREATY", 10),
    ("SOFA", 5),
    ("RAA", 10),
    ("DCA", 10),
    ("ACSA", 25),
    ("GSOMIA", 10),
    ("EQUIPMENT", 10),
    ("DECLARATION", 10),
    ("PARTNERSHIP", 5),
    ("PROGRAMME", 5),
)
PEOPLE_PER_COUNTRY = 3
DEFAULT_COUNTRIES = 100
DEFAULT_AGREEMENTS = 1000
#: Expected relationships per agreement: E[parties] + 60 % x (1 + E[parties] + 0.3).
RELATIONSHIPS_PER_AGREEMENT = 2.525 + 0.6 * (1 + 2.525 + 0.3)
FIRST_DAY = dt.date(1950, 1, 1).toordinal()
LAST_DAY = dt.date(2026, 11, 23).toordinal()  # the curated dataset's date
URL = "https://example.org/ipgraph-synth/"
PUBLISHER = "ipgraph synth (synthetic data; not facts)"
# Relationship files and the type their rows become (a file with variants: the first).
REL_FILES = {rel.file: rel.variants[0].type for rel in model.RELATIONSHIPS}
# The header line of each file, from the declaration (optional 'notes' left out). Rows are
# written in the same column order.
HEADERS = {name: ",".join(model.header(name, with_optional=False)) for name in model.FILES}
#: A few synthetic cooperation domains (the synthetic data covers none with COVERS rows).
DOMAINS = ("d-1", "d-2", "d-3")
FILES = tuple(HEADERS)


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`generate` wrote: data rows per file and relationships per type."""

    output: Path
    rows: dict[str, int]
    relationships: dict[str, int]

    @property
    def total_rows(self) -> int:
        """Data rows in all files (what a load reports as rows)."""
        return sum(self.rows.values())

    @property
    def total_relationships(self) -> int:
        """Relationships a load of the folder creates."""
        return sum(self.relationships.values())


@dataclass(frozen=True)
class _Unit:
    """One agreement's shape: parties, and its event (if any) with its participants."""

    parties: int
    event: bool
    country_participants: int
    person_participant: bool

    @property
    def size(self) -> int:
        extra = 1 + self.country_participants + int(self.person_participant)
        return self.parties + (extra if self.event else 0)


def country_codes(count: int) -> list[str]:
    """The first ``count`` ISO3 codes: :data:`PRIORITY`, then the rest in code order."""
    from ipgraph.dataset.countries import country_table

    known = country_table()
    ordered = [c for c in PRIORITY if c in known]
    ordered += sorted(c for c in known if c not in PRIORITY)
    if not 2 <= count <= len(ordered):
        raise ConfigError(
            f"cannot use {count} countries: a dataset needs at least 2, and there are "
            f"{len(ordered)} ISO 3166-1 codes. Use --countries between 2 and {len(ordered)}"
        )
    return ordered[:count]


def fixed_relationships(countries: int, seed: int = 0) -> int:
    """Relationships that memberships and roles add for ``countries`` and ``seed``."""
    rng = random.Random(seed)
    codes = country_codes(countries)
    groupings = _groupings(rng, codes)
    roles = _roles(rng, len(codes))
    return sum(len(g[4]) for g in groupings) + sum(len(terms) for terms in roles)


def generate(
    output: Path,
    *,
    countries: int = DEFAULT_COUNTRIES,
    agreements: int | None = None,
    relationships: int | None = None,
    seed: int = 0,
    force: bool = False,
) -> SynthSummary:
    """Write a synthetic dataset into ``output``; return what was written.

    Give ``agreements`` (default :data:`DEFAULT_AGREEMENTS`) or ``relationships`` (the
    exact number of relationships a load will create), not both. An existing folder that
    already holds dataset files is refused unless ``force``.
    """
    if agreements is not None and relationships is not None:
        raise ConfigError(
            "give either the number of agreements or of relationships, not both. "
            "Drop --agreements or --relationships"
        )
    if agreements is not None and agreements < 1:
        raise ConfigError(f"cannot make {agreements} agreements. Use --agreements 1 or more")
    codes = country_codes(countries)
    rng = random.Random(seed)
    groupings = _groupings(rng, codes)
    roles = _roles(rng, len(codes))
    fixed = sum(len(g[4]) for g in groupings) + sum(len(terms) for terms in roles)
    budget: int | None = None
    if relationships is not None:
        budget = relationships - fixed
        if budget < 2:
            raise ConfigError(
                f"cannot make {relationships} relationships with {countries} countries and "
                f"seed {seed}: memberships and posts alone make {fixed}, and one agreement "
                f"adds at least 2. Use --relationships {fixed + 2} or more, or fewer countries"
            )
    _prepare(output, force)
    writer = _Writer(rng, codes)
    with writer.open(output):
        writer.fixed(groupings, roles)
        if budget is not None:
            writer.agreements_to(budget)
        else:
            writer.agreements(agreements or DEFAULT_AGREEMENTS)
    return SynthSummary(output, dict(writer.rows), dict(writer.rels))


def _prepare(output: Path, force: bool) -> None:
    if output.exists() and not output.is_dir():
        raise ConfigError(f"cannot write the dataset to {output}: it is a file. Name a folder")
    present = [f"{name}.csv" for name in FILES if (output / f"{name}.csv").exists()]
    if present and not force:
        raise ConfigError(
            f"{output} already holds {present[0]}: nothing written. "
            "Pass --force to overwrite the dataset files, or choose another --output"
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot create {output}: {(exc.strerror or str(exc)).lower()}. Choose another --output"
        ) from exc


# Every day the generator can write, as text: a list lookup is faster than formatting.
_DAYS = [dt.date.fromordinal(o).isoformat() for o in range(FIRST_DAY, LAST_DAY + 1)]


def _day(ordinal: int) -> str:
    return _DAYS[ordinal - FIRST_DAY]


GroupingSpec = tuple[str, str, str, int | None, list[tuple[int, int | None, int | None]]]


def _groupings(rng: random.Random, codes: list[str]) -> list[GroupingSpec]:
    """(id, name, kind, founded, members as (country index, since, until))."""
    n = len(codes)
    ids = list(FIXED_GROUPINGS) + [f"g-{i}" for i in range(1, max(0, n // 10 - 9) + 1)]
    specs: list[GroupingSpec] = []
    for gid in ids:
        founded = rng.randint(FIRST_DAY, LAST_DAY - 3650)
        members = []
        for index in sorted(rng.sample(range(n), rng.randint(min(2, n), min(n, 30)))):
            joined = founded + rng.randint(0, 3000)
            until = joined + rng.randint(365, 6000) if rng.random() < 0.1 else None
            if until is not None and until > LAST_DAY:
                until = None
            members.append((index, joined if rng.random() >= 0.1 else None, until))
        kind = model.GROUPING_KINDS[rng.randrange(len(model.GROUPING_KINDS))]
        known = founded if rng.random() < 0.9 else None
        specs.append((gid, f"Synthetic grouping {gid}", kind, known, members))
    return specs


def _roles(rng: random.Random, countries: int) -> list[list[tuple[str, int, int | None]]]:
    """Per person (``PEOPLE_PER_COUNTRY`` per country): terms as (title, since, until)."""
    people = []
    for _ in range(countries * PEOPLE_PER_COUNTRY):
        title = model.ROLE_TITLES[rng.randrange(len(model.ROLE_TITLES))]
        start = rng.randint(FIRST_DAY, LAST_DAY - 2000)
        terms: list[tuple[str, int, int | None]] = []
        for _term in range(rng.randint(1, 2)):
            end: int | None = start + rng.randint(200, 1800)
            if end is not None and (end > LAST_DAY or rng.random() < 0.2):
                end = None
            terms.append((title, start, end))
            if end is None:
                break
            start = end + rng.randint(300, 2000)
            if start > LAST_DAY:
                break
        people.append(terms)
    return people


class _Writer:
    """The open dataset files, buffered, and the counts of what went into them.

    Every field the generator makes is free of commas, quotes and line breaks, so rows are
    joined with commas as they are (valid RFC 4180 CSV) instead of going through ``csv``.
    """

    def __init__(self, rng: random.Random, codes: list[str]) -> None:
        self.rng = rng
        self.codes = codes
        self.rows = dict.fromkeys(FILES, 0)
        self.rels: dict[str, int] = {}
        self.buffers: dict[str, list[str]] = {name: [] for name in FILES}
        self.handles: dict[str, Any] = {}
        self.next_agreement = 1
        n = len(codes)
        # Mildly skewed: the country at rank r is chosen with weight 1/sqrt(r).
        self.cum_weights = list(itertools.accumulate(1 / (r + 1) ** 0.5 for r in range(n)))
        self.types = [t for t, share in AGREEMENT_MIX for _ in range(share)]

    @contextmanager
    def open(self, output: Path) -> Iterator[None]:
        with ExitStack() as stack:
            for name, header in HEADERS.items():
                handle = stack.enter_context(
                    (output / f"{name}.csv").open("w", encoding="utf-8", newline="")
                )
                handle.write(header + "\n")
                self.handles[name] = handle
            yield
            self.flush()

    def flush(self) -> None:
        for name, lines in self.buffers.items():
            if lines:
                self.handles[name].write("\n".join(lines) + "\n")
                self.rows[name] += len(lines)
                if name in REL_FILES:
                    kind = REL_FILES[name]
                    self.rels[kind] = self.rels.get(kind, 0) + len(lines)
                lines.clear()

    def source(self, sid: str) -> None:
        rng = self.rng
        published = _DAYS[int(rng.random() * len(_DAYS))] if rng.random() < 0.7 else ""
        self.buffers["sources"].append(
            f"{sid},[synthetic] {sid},{PUBLISHER},{URL}{sid},{published}"
        )

    def fixed(
        self, groupings: list[GroupingSpec], roles: list[list[tuple[str, int, int | None]]]
    ) -> None:
        """Countries, groupings with their memberships, people with their posts."""
        out = self.buffers
        out["countries"].extend(self.codes)
        out["domains"].extend(f"{d},Synthetic domain {d},A synthetic domain." for d in DOMAINS)
        for gid, name, kind, founded, members in groupings:
            sid = f"s-{gid}"
            self.source(sid)
            out["groupings"].append(
                f"{gid},{gid},{name},{kind},{_opt(founded)},A synthetic grouping.,{sid}"
            )
            for index, since, until in members:
                out["memberships"].append(
                    f"{self.codes[index]},{gid},{_opt(since)},{_opt(until)},{sid}"
                )
        for number, terms in enumerate(roles, start=1):
            pid, sid = f"pe-{number}", f"s-pe-{number}"
            self.source(sid)
            out["people"].append(f"{pid},Synthetic Person {number},{sid}")
            country = self.codes[(number - 1) // PEOPLE_PER_COUNTRY]
            for title, since, until in terms:
                out["roles"].append(f"{pid},{country},{title},{_day(since)},{_opt(until)},,,,{sid}")
        self.flush()

    def draw(self) -> _Unit:
        rng = self.rng
        parties = 2 if rng.random() < 0.85 else 3 + int(rng.random() * 6)
        parties = min(parties, len(self.codes))
        event = rng.random() < 0.6
        return _Unit(parties, event, parties if event else 0, event and rng.random() < 0.3)

    def agreements(self, count: int) -> None:
        for number in range(count):
            self.agreement(self.draw())
            if number % 1024 == 1023:
                self.flush()

    def agreements_to(self, budget: int) -> None:
        """Agreements until exactly ``budget`` relationships are written (``budget >= 2``)."""
        number = 0
        while budget > 0:
            if budget <= 6:
                extra = budget - 2
                countries = max(0, min(extra - 1, 2))
                unit = _Unit(2, extra > 0, countries, extra - 1 - countries > 0)
            else:
                unit = self.draw()
                if unit.size > budget or budget - unit.size == 1:
                    unit = _Unit(2, False, 0, False)
            self.agreement(unit)
            budget -= unit.size
            number += 1
            if number % 1024 == 0:
                self.flush()

    def agreement(self, unit: _Unit) -> None:
        rng, out, codes = self.rng, self.buffers, self.codes
        number = self.next_agreement
        self.next_agreement += 1
        aid, sid = f"ag-{number}", f"s-ag-{number}"
        kind = self.types[int(rng.random() * 100)]
        parties = self._parties(unit.parties)
        start = FIRST_DAY + int(rng.random() * (LAST_DAY - 400 - FIRST_DAY))
        neg, signed, in_force, terminated = self._lifecycle(start)
        sources = sid
        self.source(sid)
        if rng.random() < 0.3:
            self.source(f"{sid}-2")
            sources = f"{sid};{sid}-2"
        out["agreements"].append(
            f"{aid},{aid},Synthetic {kind} {number},{kind},,{_opt(neg)},{_opt(signed)},"
            f"{_opt(in_force)},{_opt(terminated)},{sources}"
        )
        out["parties"].extend([f"{aid},{codes[i]},{sid}" for i in parties])
        if not unit.event:
            return
        eid = f"ev-{number}"
        day, what = (signed, "signing") if signed is not None else (start, "meeting")
        out["events"].append(f"{eid},Synthetic {what} on {aid},{what},{_day(day)},{sid}")
        out["event_agreements"].append(f"{eid},{aid},{sid}")
        participants = out["event_participants"]
        participants.extend(
            [f"{eid},{codes[i]},,{sid}" for i in parties[: unit.country_participants]]
        )
        if unit.person_participant:
            person = parties[0] * PEOPLE_PER_COUNTRY + int(rng.random() * PEOPLE_PER_COUNTRY) + 1
            participants.append(f"{eid},,pe-{person},{sid}")

    def _parties(self, count: int) -> list[int]:
        rng, n = self.rng, len(self.codes)
        if count * 2 > n:
            return rng.sample(range(n), count)
        weights = self.cum_weights
        total = weights[-1]
        chosen: list[int] = []
        while len(chosen) < count:
            pick = bisect.bisect(weights, rng.random() * total)
            if pick not in chosen:
                chosen.append(pick)
        return chosen

    def _lifecycle(self, start: int) -> tuple[int | None, int | None, int | None, int | None]:
        """negotiationsStarted, signed, inForce, terminated: in order, none after LAST_DAY."""
        rng = self.rng
        roll = rng.random()
        stages = 1 if roll < 0.1 else 2 if roll < 0.3 else 3 if roll < 0.9 else 4
        dates: list[int | None] = [start, None, None, None]
        day = start
        for stage in range(1, stages):
            day += 30 + int(rng.random() * 1170) if stage < 3 else 365 + int(rng.random() * 8635)
            if day > LAST_DAY:
                break
            dates[stage] = day
        if stages > 1 and rng.random() < 0.5:
            dates[0] = None  # negotiations' start not known to the day
        return dates[0], dates[1], dates[2], dates[3]


def _opt(ordinal: int | None) -> str:
    return "" if ordinal is None else _DAYS[ordinal - FIRST_DAY]
