"""The Python API: a :class:`Graph` runs saved queries, ad-hoc Cypher and loads.

>>> from ipgraph import Graph
>>> with Graph() as graph:                      # embedded, or Neo4j when NEO4J_URI is set
...     frame = graph.run("raa.quad_with_europe", as_of="2024-01-01")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ipgraph.config import Settings
from ipgraph.db import Engine, Result, ServerInfo, open_engine
from ipgraph.errors import ParameterError
from ipgraph.loading import DEFAULT_BATCH_SIZE, Dataset, write_dataset
from ipgraph.params import shown
from ipgraph.queries import REF_KINDS, Catalogue, SavedQuery
from ipgraph.resources import statement

if TYPE_CHECKING:
    import pandas as pd


class Graph:
    """A connection to the configured engine plus the saved-query catalogue."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        uri: str | None = None,
        database: str | None = None,
        db_path: str | Path | None = None,
        timeout: str | float | None = None,
        queries: str | Path | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env(
            uri=uri, database=database, db_path=db_path, timeout=timeout, queries=queries
        )
        self._catalogue = catalogue
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The engine, opened on first use."""
        if self._engine is None:
            self._engine = open_engine(self.settings)
        return self._engine

    @property
    def catalogue(self) -> Catalogue:
        """The saved queries, parsed on first use: the built-in ones, with those of the
        settings' folder (``queries=``, else ``IPGRAPH_QUERIES``) added, as the command line
        has them."""
        if self._catalogue is None:
            self._catalogue = Catalogue.with_user(self.settings.queries)
        return self._catalogue

    def query(self, name: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run a saved query with checked parameters; return its :class:`Result`."""
        saved = self.catalogue.get(name)
        return self.run_saved(saved, params or {})

    def run_saved(self, saved: SavedQuery, params: Mapping[str, Any]) -> Result:
        """Run an already looked-up saved query."""
        return self.run_bound(saved, saved.bind(params))

    def run_bound(self, saved: SavedQuery, bound: Mapping[str, Any]) -> Result:
        """Run a saved query with parameters already checked by :meth:`SavedQuery.bind`.

        A read runs first and its ``// exists:`` values are looked up only when its answer is
        empty (a missing value cannot add rows), except lists, where one missing value may
        hide among found ones: those are always looked up. A write checks them all first.
        """
        if not saved.read_only:
            self._check_refs(saved, bound)
            return self.engine.write(saved.text, bound, tag=saved.name)
        result = self.engine.read(saved.text, bound, tag=saved.name)
        self._check_refs(saved, bound, lists_only=bool(result.rows))
        return result

    def _check_refs(
        self, saved: SavedQuery, bound: Mapping[str, Any], *, lists_only: bool = False
    ) -> None:
        """Refuse values of ``// exists:`` parameters that are not in the graph."""
        for pname, kind in saved.refs:
            value = bound.get(pname)
            if value is None or kind not in REF_KINDS:
                continue  # vocabulary values were checked when bound
            if lists_only and not isinstance(value, list):
                continue
            values = value if isinstance(value, list) else [value]
            missing = self.engine.read(
                statement(f"admin/missing_{kind}"), {"values": values}, tag=f"{saved.name}:check"
            ).rows
            label, hint = REF_KINDS[kind]
            if missing and not self.engine.describe().labels.get(label):
                raise ParameterError(
                    f"the graph holds no {label} nodes, so {shown(str(missing[0][0]))} "
                    f"(parameter '{pname}' of query '{saved.name}') cannot be found. "
                    "Load the data first: ipgraph load"
                )
            if missing:
                raise ParameterError(
                    f"no such {kind} {shown(str(missing[0][0]))} (parameter '{pname}' of query "
                    f"'{saved.name}'). {hint}"
                )

    def run(self, name: str, /, **params: Any) -> pd.DataFrame:
        """Run a saved query; return a DataFrame (dates as ``datetime.date``)."""
        return self.query(name, params).to_frame()

    def cypher(
        self, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> Result:
        """Run ad-hoc Cypher; read-only unless ``write=True``."""
        if write:
            return self.engine.write(text, params, tag="adhoc")
        return self.engine.read(text, params, tag="adhoc")

    def sources_of(self, result: Result) -> Result:
        """The Source rows behind a result's ``sources`` column, in order of first mention."""
        if "sources" not in result.columns:
            raise ParameterError(
                "this query has no 'sources' column, so there are no sources to show. "
                "Run it without --with-sources"
            )
        column = result.columns.index("sources")
        ids: list[str] = []
        for row in result.rows:
            for source_id in row[column] or []:
                if source_id not in ids:
                    ids.append(source_id)
        found = self.engine.read(statement("admin/sources_by_id"), {"ids": ids}, tag="sources")
        by_id = {row[0]: row for row in found.rows}
        return Result(found.columns, [by_id[i] for i in ids if i in by_id])

    def validate(self, sources: Sequence[str] = ()) -> Dataset:
        """Read and check data sources without writing (default: the curated data)."""
        from ipgraph.dataset import read_sources

        return read_sources(sources).check()

    def load(
        self,
        sources: Sequence[str] = (),
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
        dataset: Dataset | None = None,
    ) -> ServerInfo:
        """Replace the graph's data by the sources, checked as they are written.

        All or nothing: if any check fails, or the load is interrupted, the graph is left as
        it was. ``dataset`` (from :func:`ipgraph.dataset.read_sources`) replaces ``sources``.
        """
        if dataset is None:
            from ipgraph.dataset import read_sources

            dataset = read_sources(sources)
        return write_dataset(self.engine, dataset, batch_size=batch_size, progress=progress)

    def status(self) -> ServerInfo:
        """Engine, location, version and counts."""
        return self.engine.describe()

    def reset(self) -> int:
        """Delete every node and relationship, all or nothing; return how many nodes went."""
        return self.engine.reset()

    def close(self) -> None:
        """Close the engine connection."""
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def __enter__(self) -> Graph:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


_default: Graph | None = None


def run(name: str, /, **params: Any) -> pd.DataFrame:
    """Run a saved query on the default graph (from the environment); return a DataFrame."""
    global _default
    if _default is None:
        _default = Graph()
    return _default.run(name, **params)
