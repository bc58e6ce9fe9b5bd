"""The README's quick start stays true: its two commands, CI's command, and `make run` itself."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests_support import invoke

ROOT = Path(__file__).resolve().parent.parent


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block and text.index(block.group(0)) < 40, "the quick start must open the README"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_two_commands() -> None:
    assert quick_start() == ["make run", "make test"]


def test_ci_runs_exactly_the_test_command() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == quick_start()[1]
    assert all(line.startswith(("set ", "cd ")) for line in lines[:-1])


def test_make_run_loads_and_answers_the_headline_questions(tmp_path: Path) -> None:
    env = {**os.environ, "IPGRAPH_DB": str(tmp_path / "graph.db")}
    env.pop("NEO4J_URI", None)
    proc = subprocess.run(
        quick_start()[0].split(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Quad members with a Reciprocal Access Agreement with a European state." in out
    assert "Each Reciprocal Access Agreement of a country, with its status on a date." in out
    assert "node          Agreement" in out
    assert "Japan" in out and "United Kingdom" in out
    assert (tmp_path / "graph.db").is_file()


def readme_examples() -> list[tuple[list[str], str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command, _, output = block.partition("\n")
        assert command.startswith("$ ipgraph ")
        examples.append((command[len("$ ipgraph ") :].split(), output))
    return examples


def test_readme_example_runs_are_real(falkordb_loaded_path: Path) -> None:
    examples = readme_examples()
    assert len(examples) >= 2
    for args, expected in examples:
        result = invoke(None, "--db-path", str(falkordb_loaded_path), *args)
        assert result.exit_code == 0, result.output
        assert result.stdout == expected


def test_readme_lists_every_saved_query() -> None:
    from ipgraph.queries import Catalogue

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Catalogue.load().names() if f"`{name}`" not in text]
    assert missing == []
