"""docker-compose.yml, checked by a real compose implementation (no engine needed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    assert legacy, "no compose implementation: 'make test' installs Debian's docker-compose"
    return [legacy]


def run_config(env_file: Path, env: dict[str, str] | None = None) -> Any:
    """`compose --env-file ENV -f docker-compose.yml config`, as a completed process."""
    return subprocess.run(
        [
            *compose_command(),
            "--env-file",
            str(env_file),
            "-f",
            str(ROOT / "docker-compose.yml"),
            "config",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def config(env_file: Path) -> dict[str, Any]:
    proc = run_config(env_file)
    assert proc.returncode == 0, proc.stderr
    return dict(yaml.safe_load(proc.stdout))


def test_compose_file_is_valid_and_pins_neo4j_526() -> None:
    parsed = config(ROOT / ".env.example")
    neo4j = parsed["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    ports = {
        str(p.get("target")) if isinstance(p, dict) else str(p).split(":")[-1]
        for p in neo4j["ports"]
    }
    assert ports == {"7474", "7687"}
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/change-me-please"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert set(parsed["volumes"]) == {"neo4j-data", "neo4j-logs"}


def test_compose_refuses_to_start_without_a_password(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    proc = run_config(empty, env={"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(tmp_path)})
    assert proc.returncode != 0
    assert "NEO4J_AUTH" in proc.stderr
