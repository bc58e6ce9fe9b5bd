"""Partial dates: a fact known to the day, the month or only the year.

A date cell is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (years 1000 to 9999, so that the text
sorts as the date does). The graph keeps the text as known (``2022``, never ``2022-01-01``)
and, as ``<column>By``, the last day it may denote (``2022-12-31``, ``2022-02-28``).

The rule for "reached on a date", used by every saved query: a date counts as reached on
``$as_of`` when every day it may denote is on or before ``$as_of``, that is when its
``...By`` day is. So an agreement signed "in 2022" counts as signed from 2022-12-31, and
an "as of" answer never claims more than the sources do.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
PRECISIONS = ("year", "month", "day")


class PartialDateError(ValueError):
    """Not a partial date (the message says why)."""


def parse_partial(text: str) -> tuple[str, str]:
    """``(text as known, last day it may denote)`` of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    match = _PARTIAL.match(text)
    if not match:
        raise PartialDateError("is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year = int(match.group(1))
    if year < 1000:
        raise PartialDateError("is before the year 1000 (years have four digits, 1000-9999)")
    month, day = match.group(2), match.group(3)
    if month is None:
        return text, f"{year:04d}-12-31"
    if not 1 <= int(month) <= 12:
        raise PartialDateError("is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)")
    last = calendar.monthrange(year, int(month))[1]
    if day is None:
        return text, f"{year:04d}-{month}-{last:02d}"
    try:
        dt.date(year, int(month), int(day))
    except ValueError:
        raise PartialDateError("is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return text, text


def precision(text: str) -> str:
    """``year``, ``month`` or ``day``: how precisely a partial date is known."""
    return PRECISIONS[text.count("-")]


def all_dates(values: Iterable[Any]) -> bool:
    """True if every non-empty text among ``values`` is a date as the data writes them
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), and there is at least one."""
    texts = [v for v in values if isinstance(v, str) and v]
    return bool(texts) and all(_PARTIAL.match(v) for v in texts)
