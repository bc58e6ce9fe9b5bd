"""A report's parameters: the default in the notebook's ``parameters`` cell gives the type.

A whole number, a number, true/false, a list (``2016,2025`` or ``[2016, 2025]``), a date when
the default is a date or ``today``, a year when it is ``this_year`` (the year the report
runs), else text; ``null`` where the default is None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ipgraph.params import CoercionError, Param, to_int

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NULLS = {"null", "none"}
# A year parameter's default that follows the calendar: the year the report runs.
THIS_YEAR = "this_year"


@dataclass(frozen=True)
class ReportParam:
    """A parameter of a report: its name, default and the comment beside it."""

    name: str
    default: Any
    help: str = ""

    @property
    def kind(self) -> str:
        """``bool``, ``int``, ``float``, ``date``, ``str``, ``list[int]`` or ``list[str]``."""
        value = self.default
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, int):
            return "int"
        if value == THIS_YEAR:
            return "year"
        if isinstance(value, float):
            return "float"
        if isinstance(value, list):
            ints = value and all(
                (isinstance(v, int) and not isinstance(v, bool)) or v == THIS_YEAR for v in value
            )
            return "list[int]" if ints else "list[str]"
        if isinstance(value, str) and (value == "today" or _ISO_DATE.match(value)):
            return "date"
        return "str"

    @property
    def default_text(self) -> str:
        """The default as a user would type it."""
        value = self.default
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        return str(value)

    def coerce(self, value: Any) -> Any:
        """A given value (text from the command line, or a Python value) for the notebook.

        Read as a saved query's parameter of the same type (see :mod:`ipgraph.params`);
        ``null`` or ``none`` give None where the default is None.
        """
        if self.default is None and (value is None or str(value).strip().lower() in _NULLS):
            return None
        if value is None:
            raise CoercionError(f"None is not {KIND_TEXT[self.kind]}")
        kind = self.kind
        if kind == "year":
            return _year(value)
        coerced = Param(self.name, "list[str]" if kind == "list[int]" else kind).coerce(value)
        if kind == "list[int]":
            return [_year(item) for item in coerced]
        return coerced


def _year(value: Any) -> int:
    """A whole number, or the current year for ``this_year``."""
    text = str(value).strip()
    return dt.date.today().year if text.lower() == THIS_YEAR else to_int(text)


KIND_TEXT = {
    "bool": "true or false",
    "int": "a whole number",
    "year": f"a year, e.g. 2025, or {THIS_YEAR}",
    "float": "a number",
    "date": "a date (YYYY-MM-DD or today)",
    "str": "text",
    "list[int]": "a list of whole numbers, e.g. 2016,2025",
    "list[str]": "a list, e.g. quad,aukus",
}
