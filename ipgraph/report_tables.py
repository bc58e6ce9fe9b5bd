"""Tables in the notebook reports, readable: one :func:`show` for every report.

Text is left-aligned (numbers stay right-aligned), dates never wrap, a title or name column
gets room, lists are joined, and a URL shows its host while linking to the full address.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from ipgraph.dataset.dates import all_dates

_ROOMY = ("title", "name", "agreement", "subject", "fact", "summary")


def _link(url: Any) -> str:
    if not isinstance(url, str) or not url:
        return ""
    host = urlsplit(url).hostname or url
    host = host.removeprefix("www.")
    return f'<a href="{html.escape(url)}" title="{html.escape(url)}">{html.escape(host)}</a>'


def table(frame: pd.DataFrame, **renames: str) -> Any:
    """The styled table (a pandas Styler) that :func:`show` displays."""
    frame = frame.rename(columns=renames).map(
        lambda v: ", ".join(map(str, v)) if isinstance(v, list) else v
    )
    frame = frame.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
    urls = [c for c in frame.columns if str(c).lower() in ("url", "link")]
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    dates = [c for c in text if c not in urls and all_dates(frame[c])]
    roomy = [c for c in text if str(c).lower() in _ROOMY]
    styler = frame.style.hide(axis="index").format(
        {c: _link for c in urls}, escape="html", na_rep="", precision=3
    )
    styles: list[Any] = []  # pandas' CSSDict: {"selector": ..., "props": [...]}
    for position, column in enumerate(frame.columns):
        if column in text:
            cells = [("text-align", "left")]
            if column in dates:
                cells.append(("white-space", "nowrap"))
            if column in roomy:
                cells.append(("min-width", "16em"))
            styles.append({"selector": f"th.col_heading.col{position}", "props": cells})
            styles.append({"selector": f"td.col{position}", "props": cells})
    return styler.set_table_styles(styles, overwrite=False)


def show(frame: pd.DataFrame, **renames: str) -> None:
    """Display a table without its index (``*None.*`` when empty); ``renames`` relabel
    columns, e.g. ``show(frame, inForce="in force")``."""
    from IPython.display import Markdown, display

    if frame.empty:
        display(Markdown("*None.*"))  # type: ignore[no-untyped-call]
        return
    display(table(frame, **renames))  # type: ignore[no-untyped-call]
