"""Make the README's pictures (``make pictures``): nothing drawn by hand.

- ``docs/browser-guide.png`` and ``docs/browser-graph.png``: screenshots the Browser
  end-to-end tests take (tests/test_browser_e2e.py) of the real Neo4j Browser after connecting
  (style applied, guide open) and of a path drawn with the style sheet;
- ``docs/report-partnerships.png``: the top of the ``partnerships`` report, rendered from the
  curated data on the embedded engine;
- ``docs/catalogue.png``: the top of the saved-query catalogue page.

The pages are shot by headless Chromium (Debian's ``chromium``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests"))
from chromium import CHROMIUM, FLAGS  # noqa: E402  (tests/chromium.py)


def shoot(page: Path, picture: Path, size: str = "1280,900") -> None:
    """A screenshot of a local HTML page."""
    with tempfile.TemporaryDirectory(prefix="ipgraph-chromium-") as profile:
        subprocess.run(
            [
                CHROMIUM,
                *FLAGS,
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={size}",
                f"--screenshot={picture}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {picture.relative_to(ROOT)}")


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ipgraph-pictures-") as scratch:
        work = Path(scratch)
        shots = work / "artefacts"
        subprocess.run(
            [
                str(BIN / "pytest"),
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/test_browser_e2e.py",
                "-k",
                "connecting and 1 or short_name",
            ],
            check=True,
            cwd=ROOT,
            env={**os.environ, "IPGRAPH_TEST_ARTEFACTS": str(shots)},
        )
        browser = shots / "browser"
        for shot, name in (
            ("test_connecting_applies_the_style_and_opens_the_guide-1/connected.png", "guide"),
            ("test_a_path_is_drawn_with_short_name_captions/graph.png", "graph"),
        ):
            shutil.copyfile(browser / shot, DOCS / f"browser-{name}.png")
            print(f"wrote docs/browser-{name}.png")
        env = {**os.environ, "IPGRAPH_DB": str(work / "graph.db")}
        env.pop("NEO4J_URI", None)
        ipgraph = str(BIN / "ipgraph")
        subprocess.run([ipgraph, "-q", "load"], check=True, env=env, capture_output=True)
        report = work / "partnerships.html"
        subprocess.run(
            [ipgraph, "-q", "report", "partnerships", "--output", str(report)],
            check=True,
            env=env,
        )
        shoot(report, DOCS / "report-partnerships.png", "1280,1400")
        subprocess.run(
            [ipgraph, "-q", "catalogue", "--output", str(work / "site")], check=True, env=env
        )
        shoot(work / "site" / "index.html", DOCS / "catalogue.png")


if __name__ == "__main__":
    main()
