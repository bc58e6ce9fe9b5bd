"""Where the project's Cypher files and curated data live.

In a source checkout (``pip install -e .``) they are the repository's top-level ``cypher/``
and ``data/`` folders; in an installed wheel they are packaged under
``ipgraph/_resources/``.
"""

from __future__ import annotations

from pathlib import Path

from ipgraph.errors import ConfigError

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ConfigError(
        f"cannot find the '{name}' folder: it is neither in the package nor beside it. "
        "Reinstall ipgraph"
    )


def cypher_dir() -> Path:
    """The folder holding ``queries/``, ``load/``, ``schema/`` and ``admin/``."""
    return _find("cypher")


def queries_dir() -> Path:
    """The folder of saved analysis queries."""
    return cypher_dir() / "queries"


def data_dir() -> Path:
    """The folder of the curated dataset."""
    return _find("data")


def statement(relpath: str) -> str:
    """The text of an internal Cypher statement, e.g. ``statement("admin/count_labels")``."""
    path = cypher_dir() / f"{relpath}.cypher"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}. Reinstall ipgraph") from exc


def replace_section(path: Path, start: str, end: str, section: str) -> bool:
    """Replace the text from the ``start`` marker to the ``end`` marker of a file (both
    markers are part of ``section``); True when the file changed."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    new = head + section + tail
    path.write_text(new, encoding="utf-8")
    return new != text
