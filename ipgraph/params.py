"""Typed parameters of saved queries: declaration syntax and value coercion.

A declaration is ``name: type`` or ``name: type = default``. Types: ``str``, ``int``,
``float``, ``bool``, ``date``, ``list[str]``. Defaults: a literal of the type, ``null``
(the parameter is optional and passed as null), ``today`` for a date, and for
``list[str]`` a bracketed list ``[quad, aukus]``. Dates travel to the engines as ISO
strings; queries write ``date($as_of)``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ipgraph.errors import ParameterError

TYPES = ("str", "int", "float", "bool", "date", "list[str]")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_WHOLE = re.compile(r"^[+-]?[0-9]+$")
# The embedded engine gives a float back with 15 significant digits (both engines' answers are
# rounded so, see ipgraph.db.values): a float parameter must survive that.
FLOAT_DIGITS = 15
# Both engines store whole numbers as signed 64-bit integers.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
# C0 controls (but tab and newline), DEL and the C1 controls: the one definition for
# parameter values, data cells and query files (a file's CRLF line ends become LF first).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL = CONTROL_CHARACTERS
_SHOWN_MAX = 60
# Longer text is never a code or an id, and makes the engines slow to parse the statement.
TEXT_MAX = 10_000
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class CoercionError(ValueError):
    """A value does not fit its declared type (the message says why)."""


def shown(raw: str) -> str:
    """A value as messages quote it: control characters escaped, long values clipped."""
    text = raw.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > _SHOWN_MAX:
        text = f"{text[: _SHOWN_MAX - 1]}… ({len(raw)} characters)"
    return f"'{text}'"


def _check_text(raw: str) -> str:
    if len(raw) > TEXT_MAX:
        raise CoercionError(f"{shown(raw)} is too long (at most {TEXT_MAX} characters)")
    found = _CONTROL.search(raw)
    if found:
        raise CoercionError(
            f"{shown(raw)} contains a control character (U+{ord(found.group()):04X}). Remove it"
        )
    return raw


def _to_str(raw: str) -> str:
    return _check_text(raw)


def to_int(raw: str) -> int:
    text = raw.strip()
    if not _WHOLE.match(text):
        raise CoercionError(f"{shown(raw)} is not a whole number")
    # Over 19 digits is out of range (and int() refuses thousands of digits).
    digits = text.lstrip("+-").lstrip("0")
    return _in_range(int(text) if len(digits) <= 19 else INT_MAX + 1, shown(raw))


def _in_range(value: int, text: str) -> int:
    if not INT_MIN <= value <= INT_MAX:
        raise CoercionError(
            f"{text} is out of range (whole numbers run from {INT_MIN} to {INT_MAX})"
        )
    return value


def _finite(number: float, text: str, advice: str = "") -> float:
    """``number``, unless it is NaN or infinite (the engines cannot hold those), or has more
    significant digits than the embedded engine returns (:data:`FLOAT_DIGITS`)."""
    if number != number or number in (float("inf"), float("-inf")):
        raise CoercionError(f"{text} is not a finite number{advice}")
    if float(f"{number:.{FLOAT_DIGITS}g}") != number:
        raise CoercionError(
            f"{text} has more than {FLOAT_DIGITS} significant digits (or is too close to the "
            "largest number), which the embedded engine cannot give back exactly. Round it"
        )
    return number


def given_once(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """``-p KEY VALUE`` pairs as a dict; a key given twice is a :class:`ParameterError`."""
    given: dict[str, str] = {}
    for key, value in pairs:
        if key in given:
            raise ParameterError(f"parameter '{key}' is given twice. Give it once")
        given[key] = value
    return given


def _to_float(raw: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise CoercionError(f"{shown(raw)} is not a number") from None
    return _finite(value, shown(raw))


def _to_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CoercionError(f"{shown(raw)} is not true or false")


def parse_date(raw: str) -> dt.date:
    """An ISO date ``YYYY-MM-DD``, or :class:`CoercionError` saying why not."""
    text = raw.strip()
    if not _ISO_DATE.match(text):
        raise CoercionError(f"{shown(raw)} is not a date (YYYY-MM-DD)")
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise CoercionError(f"{shown(raw)} is not a real date (YYYY-MM-DD)") from None
    return _four_digit_year(value, shown(raw))


def _four_digit_year(value: dt.date, text: str) -> dt.date:
    """``value``, unless its year is before 1000: the embedded engine writes such a year with
    fewer than four digits, and dates are compared as text."""
    if value.year < 1000:
        raise CoercionError(f"{text} is before the year 1000 (years have four digits, 1000-9999)")
    return value


def _to_date(raw: str) -> str:
    if raw.strip().lower() == "today":
        return dt.date.today().isoformat()
    return parse_date(raw).isoformat()


def _to_list(raw: str) -> list[str]:
    text = raw.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    items = [item.strip().strip("'\"") for item in text.split(",")]
    return [_check_text(item) for item in items if item]


_COERCE: dict[str, Callable[[str], Any]] = {
    "str": _to_str,
    "int": to_int,
    "float": _to_float,
    "bool": _to_bool,
    "date": _to_date,
    "list[str]": _to_list,
}


@dataclass(frozen=True)
class Param:
    """A declared parameter. ``has_default`` is False for a required parameter."""

    name: str
    type: str
    has_default: bool = False
    default_text: str | None = None

    @property
    def required(self) -> bool:
        """True when the caller must give a value."""
        return not self.has_default

    def coerce(self, value: Any) -> Any:
        """A caller's value (text from the CLI, or a Python value) as the engine value."""
        if value is None:
            return None
        if self.type == "date" and isinstance(value, dt.date | dt.datetime):
            day = value.date() if isinstance(value, dt.datetime) else value
            return _four_digit_year(day, repr(value)).isoformat()
        if self.type == "list[str]" and isinstance(value, list | tuple | set):
            return [_check_text(str(v)) for v in value]
        if isinstance(value, str):
            return _COERCE[self.type](value)
        return self._coerce_python(value)

    def _coerce_python(self, value: Any) -> Any:
        kind = self.type
        if kind == "bool" and isinstance(value, bool):
            return value
        if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            big = value.bit_length() > 64
            return _in_range(value, f"a {value.bit_length()}-bit number" if big else str(value))
        if kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
            return _finite(float(value), repr(value))
        text = repr(value)
        text = text if len(text) <= _SHOWN_MAX else f"{text[: _SHOWN_MAX - 1]}…"
        raise CoercionError(f"{text} ({type(value).__name__}) is not a {kind}")

    def default(self) -> Any:
        """The default as the engine value (evaluated now, so ``today`` is today)."""
        if self.default_text is None:
            return None
        return _COERCE[self.type](self.default_text)


def parse_declaration(text: str) -> Param:
    """Parse ``name: type [= default]``; raise :class:`CoercionError` on a bad one."""
    head, eq, default = text.partition("=")
    name, colon, kind = head.partition(":")
    name, kind = name.strip(), kind.strip()
    if not colon or not name:
        raise CoercionError(f"'{text.strip()}' is not 'name: type [= default]'")
    if not NAME.match(name):
        raise CoercionError(f"'{name}' is not a valid parameter name")
    if kind not in TYPES:
        raise CoercionError(f"unknown type '{kind}' for '{name}' (use one of {', '.join(TYPES)})")
    if not eq:
        return Param(name, kind)
    default = default.strip()
    if not default:
        raise CoercionError(f"empty default for '{name}'")
    if default == "null":
        return Param(name, kind, True, None)
    if default == "today" and kind != "date":
        raise CoercionError(f"default 'today' for '{name}' needs type date, not {kind}")
    if kind == "list[str]" and not (default.startswith("[") and default.endswith("]")):
        raise CoercionError(f"default for '{name}' must be a bracketed list like [a, b]")
    if kind == "str" and len(default) >= 2 and default[0] == default[-1] and default[0] in "'\"":
        default = default[1:-1]
    try:
        _COERCE[kind](default)
    except CoercionError as exc:
        raise CoercionError(f"bad default for '{name}': {exc}") from None
    return Param(name, kind, True, default)


def split_declarations(text: str) -> list[str]:
    """Split a ``// params:`` line on commas that are not inside brackets or quotes."""
    parts: list[str] = []
    depth, quote = 0, ""
    current: list[str] = []
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def adhoc_values(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Values for ``ipgraph cypher -p KEY VALUE``: JSON when the text parses, else the text.

    Raises :class:`ParameterError` for a bad name, a name given twice, or a value the engines
    cannot take (a whole number beyond 64 bits, an infinite number, a map key with a backtick,
    a control character, nesting too deep).
    """
    values: dict[str, Any] = {}
    for key in given_once(pairs):
        if not NAME.match(key):
            raise ParameterError(
                f"parameter name {shown(key)} is not a valid name. Use letters, digits and _, "
                "not starting with a digit"
            )
    for key, raw in pairs:
        try:
            parsed = json.loads(raw)
        except RecursionError:
            raise ParameterError(
                f"parameter '{key}': the value is nested too deeply. Flatten it"
            ) from None
        except ValueError:
            parsed = raw
        try:
            values[key] = _adhoc(parsed)
        except CoercionError as exc:
            raise ParameterError(f"parameter '{key}': {exc}") from None
    return values


def _adhoc(value: Any, depth: int = 0) -> Any:
    if depth > 100:
        raise CoercionError("the value is nested too deeply. Flatten it")
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        big = value.bit_length() > 10_000
        return _in_range(value, f"a {value.bit_length()}-bit number" if big else shown(str(value)))
    if isinstance(value, float):
        return _finite(value, repr(value), ". Quote it to pass text")
    if isinstance(value, str):
        return _check_text(value)
    if isinstance(value, list):
        return [_adhoc(item, depth + 1) for item in value]
    mapping: dict[str, Any] = {}
    for key, item in value.items():
        if not key or "`" in key:
            raise CoercionError(f"map key {shown(key)} must be non-empty and without a backtick")
        mapping[key] = _adhoc(item, depth + 1)
    return mapping
