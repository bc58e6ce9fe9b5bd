"""The declaration of the curated format (ipgraph/dataset/model.py) holds the rest to it:
the load statements write exactly the declared properties, the data README's tables and
coverage section are the ones the declaration and the data give, and the vocabularies and
partial dates behave as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipgraph import coverage
from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.dataset import docs, model
from ipgraph.dataset.dates import PartialDateError, parse_partial, precision
from ipgraph.dataset.kinds import Statement
from ipgraph.queries import VOCAB_KINDS, Catalogue, normalised
from ipgraph.resources import cypher_dir, data_dir

LOAD = cypher_dir() / "load"
# Statements a load runs besides the declared ones: the Neo4j lock and the clearing step.
CONTROL = {"lock", "unlock", "clear"}
ENDS = {
    "Country": "iso3",
    "Grouping": "id",
    "Agreement": "id",
    "Person": "id",
    "Event": "id",
    "Domain": "id",
}


def written(text: str) -> tuple[str | None, list[str], list[tuple[str, str, str]]]:
    """(label or type created, properties written from row, MATCHed (label, key, row key))."""
    created = re.search(r"CREATE \((?:\w+)?:(\w+) \{|CREATE \(\w+\)-\[:(\w+) \{", text)
    assert created, text
    props = re.findall(r"^\s+(\w+): row\.(\w+),?$", text, flags=re.MULTILINE)
    for prop, column in props:
        assert prop == column, f"{prop} is written from row.{column}"
    matches = re.findall(r"MATCH \(\w+:(\w+) \{(\w+): row\.(\w+)\}\)", text)
    return created.group(1) or created.group(2), [p for p, _ in props], matches


@pytest.mark.parametrize("statement", model.statements(), ids=lambda s: s.name)
def test_each_load_statement_writes_exactly_the_declared_properties(
    statement: Statement,
) -> None:
    text = (LOAD / f"{statement.name}.cypher").read_text(encoding="utf-8")
    created, props, matches = written(text)
    assert created == (statement.label or statement.type)
    assert sorted(props) == sorted(statement.properties)
    assert len(props) == len(set(props))
    if statement.type:
        assert [row_key for _, _, row_key in matches] == list(statement.row_keys)
        for label, key, _ in matches:
            assert ENDS[label] == key


def test_no_load_statement_is_undeclared() -> None:
    files = {p.stem for p in LOAD.glob("*.cypher")}
    assert files == {s.name for s in model.statements()} | CONTROL


def test_every_reference_names_a_declared_node_file() -> None:
    for rel in model.RELATIONSHIPS:
        for col in rel.columns:
            if col.kind == "ref":
                assert col.ref in model.NODE_BY_FILE, (rel.file, col.name)
        for variant in rel.variants:
            assert {variant.start, variant.end} <= {c.name for c in rel.columns}


def test_the_data_readme_tables_are_the_declarations() -> None:
    text = (data_dir() / "README.md").read_text(encoding="utf-8")
    assert docs.columns_section() in text, (
        "data/README.md is out of date: run python -m ipgraph.dataset.docs data/README.md"
    )


def test_the_data_readme_coverage_is_the_curated_data(falkordb_loaded_path: Path) -> None:
    # Measured on the embedded graph; the queries' equality on both engines is tested in
    # test_query_engines.py.
    with Graph(Settings(db_path=falkordb_loaded_path)) as graph:
        section = coverage.markdown(coverage.coverage(graph))
    text = (data_dir() / "README.md").read_text(encoding="utf-8")
    assert section in text, "run: ipgraph coverage --readme data/README.md"


@pytest.mark.parametrize(
    ("text", "known", "last", "kind"),
    [
        ("2022", "2022", "2022-12-31", "year"),
        ("2024-02", "2024-02", "2024-02-29", "month"),
        ("2023-02", "2023-02", "2023-02-28", "month"),
        ("2023-10-15", "2023-10-15", "2023-10-15", "day"),
    ],
)
def test_a_partial_date_keeps_its_precision_and_its_last_day(
    text: str, known: str, last: str, kind: str
) -> None:
    assert parse_partial(text) == (known, last)
    assert precision(text) == kind


@pytest.mark.parametrize("text", ["22", "2022-1", "2022-13", "2023-02-29", "0999", "2022/01"])
def test_a_malformed_partial_date_is_refused(text: str) -> None:
    with pytest.raises(PartialDateError):
        parse_partial(text)


def test_vocabulary_values_are_matched_without_regard_to_case() -> None:
    assert normalised("agreement_type", "raa") == "RAA"
    assert normalised("role_title", "prime minister") == "Prime Minister"
    assert normalised("country", "jpn") == "JPN"
    assert normalised("grouping", "QUAD") == "quad"
    assert normalised("grouping", ["Quad", "AUKUS"]) == ["quad", "aukus"]
    # Anything that is not a plain code keeps its case, so messages show what was typed.
    assert normalised("country", "jpn' OR 1=1") == "jpn' OR 1=1"


def test_every_vocabulary_parameter_is_declared_with_its_kind() -> None:
    """Parameters that take a type or a title name their vocabulary, so a wrong value is an
    error listing the valid ones, never an empty table."""
    catalogue = Catalogue.load()
    checked = 0
    for name in catalogue.names():
        saved = catalogue.get(name)
        kinds = dict(saved.refs)
        for param in saved.params:
            if param.name == "type":
                assert kinds.get("type") == "agreement_type", saved.name
            if param.name == "title":
                assert kinds.get("title") == "role_title", saved.name
            checked += param.name in ("type", "title")
    assert checked >= 5
    assert set(VOCAB_KINDS) == {"agreement_type", "role_title", "event_kind", "status"}


def test_docs_module_writes_the_section(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text(f"before\n{docs.START}\nold\n{docs.END}\nafter\n", encoding="utf-8")
    assert docs.rewrite(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n") and text.endswith("after\n")
    assert docs.columns_section() in text
    assert not docs.rewrite(target)
