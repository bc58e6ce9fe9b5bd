"""Typed parameters of saved queries: declaration syntax and value coercion.

A declaration is ``name: type`` or ``name: type = default``. Types: ``str``, ``int``,
``float``, ``bool``, ``date``, ``list[str]``. Defaults: a literal of the type, ``null``
(the parameter is optional and passed as null), ``today`` for a date, and for
``list[str]`` a bracketed list ``[quad, aukus]``. Dates travel to the engines as ISO
strings; queries write ``date($as_of)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TYPES = ("str", "int", "float", "bool", "date", "list[str]")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class CoercionError(ValueError):
    """A value does not fit its declared type (the message says why)."""


def _to_str(raw: str) -> str:
    return raw


def _to_int(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise CoercionError(f"'{raw}' is not a whole number") from None


def _to_float(raw: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise CoercionError(f"'{raw}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CoercionError(f"'{raw}' is not a finite number")
    return value


def _to_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CoercionError(f"'{raw}' is not true or false")


def parse_date(raw: str) -> dt.date:
    """An ISO date ``YYYY-MM-DD``, or :class:`CoercionError` saying why not."""
    text = raw.strip()
    if not _ISO_DATE.match(text):
        raise CoercionError(f"'{raw}' is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CoercionError(f"'{raw}' is not a real date (YYYY-MM-DD)") from None


def _to_date(raw: str) -> str:
    if raw.strip().lower() == "today":
        return dt.date.today().isoformat()
    return parse_date(raw).isoformat()


def _to_list(raw: str) -> list[str]:
    text = raw.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    items = [item.strip().strip("'\"") for item in text.split(",")]
    return [item for item in items if item]


_COERCE: dict[str, Callable[[str], Any]] = {
    "str": _to_str,
    "int": _to_int,
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
            return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
        if self.type == "list[str]" and isinstance(value, list | tuple | set):
            return [str(v) for v in value]
        if isinstance(value, str):
            return _COERCE[self.type](value)
        return self._coerce_python(value)

    def _coerce_python(self, value: Any) -> Any:
        kind = self.type
        if kind == "bool" and isinstance(value, bool):
            return value
        if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise CoercionError(f"{value!r} is not a {kind}")

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
