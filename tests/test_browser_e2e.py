"""Neo4j Browser in a real web browser: what a person sees after connecting, end to end.

A Neo4j 5.26 test server serves the real Browser (``org.neo4j.client:neo4j-browser`` on its
classpath) configured as docker-compose.yml configures it; nginx serves the guide and style
sheet on the committed configuration, at a ``localhost`` address as in compose (Browser adds
its tracing headers to such fetches); headless Chromium (Debian's ``chromium`` and
``chromium-driver``, installed by ``make test``) is driven by selenium. Screenshots of each
step are written to ``build/test-artefacts/browser/`` (``IPGRAPH_TEST_ARTEFACTS`` moves them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from chromium import CHROMEDRIVER, CHROMIUM, FLAGS
from guide_server import BROWSER_DIR, guide_server, served_copy
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from ipgraph.browser import open_link
from ipgraph.client import Graph
from ipgraph.config import Settings
from ipgraph.queries import Catalogue

ROOT = Path(__file__).resolve().parent.parent
ARTEFACTS = Path(os.environ.get("IPGRAPH_TEST_ARTEFACTS", ROOT / "build" / "test-artefacts"))
CHROMIUM_FLAGS = (*FLAGS, "--window-size=1400,1000")
# What Browser shows when it cannot fetch the guide or the style sheet.
FETCH_ERRORS = ("Remote guide error", "InvalidGrassError", "Failed to fetch", "No guide")
WAIT = 30.0
CATALOGUE = Catalogue.load()


@dataclass
class Site:
    """The Browser under test: its address, the password, the guide server, the graph."""

    browser_url: str
    password: str
    guide: str
    settings: Settings


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from neo4j_server import Neo4jTestServer

    assert Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file(), (
        "no chromium/chromedriver: 'make test' installs Debian's chromium and chromium-driver"
    )
    work = tmp_path_factory.mktemp("browser-site")
    folder = served_copy(BROWSER_DIR)
    try:
        with (
            guide_server(folder, work / "nginx", host="localhost") as guide,
            Neo4jTestServer(browser_guide=guide) as server,
        ):
            settings = Settings(uri=server.uri, username=server.user, password=server.password)
            with Graph(settings) as graph:
                graph.load()
            yield Site(
                browser_url=f"{server.http_url}/browser/",
                password=server.password,
                guide=guide,
                settings=settings,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Page:
    """One Chromium window on Browser, with the steps a person takes."""

    def __init__(self, driver: WebDriver, site: Site, shots: Path) -> None:
        self.driver = driver
        self.site = site
        self.shots = shots

    def by_test_id(self, test_id: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, f'[data-testid="{test_id}"]')

    def wait(self, what: Callable[[WebDriver], Any], message: str) -> Any:
        try:
            return WebDriverWait(self.driver, WAIT).until(what)
        except WebDriverException as exc:
            self.shot("failed")
            raise AssertionError(f"{message}; page text: {self.text()[:2000]!r}") from exc

    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def shot(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))

    def connect(self) -> None:
        """Open Browser, type the user name and password, click Connect, wait for it."""
        self.driver.get(self.site.browser_url)
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="password"]'), "form")
        username = self.by_test_id("username")
        if not username.get_attribute("value"):
            username.send_keys("neo4j")
        # Enter in the password field, as a person may: the form is still laying itself out
        # (the database field appears once Browser has asked the server), so a click on
        # Connect can land on a label that moves under it.
        self.by_test_id("password").send_keys(self.site.password, Keys.ENTER)
        self.wait(
            lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="connect"]'), "connect"
        )
        # Browser keeps the connection (and, by default, the credentials) for the next visit
        # a few seconds after connecting: a link opened before then would find none.
        self.wait(
            lambda d: (
                '"db":"neo4j"' in self.stored_connections()
                and '"password":""' not in self.stored_connections()
            ),
            "Browser did not keep the connection",
        )

    def stored_connections(self) -> str:
        script = "return window.localStorage.getItem('neo4j.connections')"
        return str(self.driver.execute_script(script))

    def open_link(self, link: str, start: str) -> None:
        """Open a link to Browser, as from the catalogue page or a terminal, in this
        connected profile: Browser reloads, reconnects with the connection it kept, and the
        editor holds the query (its text begins with ``start``), ready to run."""
        self.driver.get(link)
        self.editor_holds(start)
        self.wait(
            lambda d: (
                d.find_elements(By.CSS_SELECTOR, '[data-testid="disconnectedBanner"]') == []
                and "ipgraph: saved queries" in self.text()
            ),
            "Browser did not reconnect after the link was opened",
        )
        self.shot("link-opened")
        self.editor_holds(start)

    def frames(self) -> list[WebElement]:
        return list(self.driver.find_elements(By.CSS_SELECTOR, '[data-testid="frame"]'))

    def run(self, text: str | None = None, until: str = "") -> WebElement:
        """Type ``text`` into the editor (else run what is there), press Run, and return the
        new frame once it shows ``until``."""
        before = len(self.frames())
        if text is not None:
            editor = self.driver.find_element(
                By.CSS_SELECTOR, '[data-testid="activeEditor"] textarea'
            )
            editor.send_keys(text)
        self.by_test_id("editor-Run").click()
        self.wait(lambda d: len(self.frames()) > before, "no new result frame")
        frame = self.frames()[0]
        if until:
            self.wait(lambda d: until in frame.text, f"the frame does not show {until!r}")
        return frame

    def editor_holds(self, start: str) -> None:
        self.wait(
            lambda d: self.by_test_id("activeEditor").text.replace("\n", " ").find(start) >= 0,
            f"the editor does not hold {start!r}",
        )


@pytest.fixture
def page(site: Site, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh Chromium profile on Browser, not yet connected."""
    profile = tempfile.mkdtemp(prefix="ipgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    name = request.node.name.replace("[", "-").replace("]", "")
    try:
        yield Page(driver, site, ARTEFACTS / "browser" / name)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def table(frame: WebElement) -> list[list[str]]:
    """The rows of a result frame's table as Browser shows them (strings quoted, null)."""
    rows = frame.find_elements(By.CSS_SELECTOR, "tr.relatable__table-body-row")
    return [
        [cell.text for cell in row.find_elements(By.CSS_SELECTOR, 'td[role="cell"]')]
        for row in rows
    ]


def shown(value: Any) -> str:
    """A value as Browser's table shows it."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return str(value)


def expected_table(site: Site, name: str, params: dict[str, Any], columns: int) -> list[list[str]]:
    with Graph(site.settings) as graph:
        result = graph.query(name, params)
    assert result.rows, f"{name} answers nothing: the test would prove nothing"
    return [[shown(v) for v in row[:columns]] for row in result.rows]


@pytest.mark.parametrize("profile", [1, 2, 3, 4])
def test_connecting_applies_the_style_and_opens_the_guide(page: Page, profile: int) -> None:
    """The post-connect commands work on every fresh connection (the CORS failure of the
    tracing headers was intermittent)."""
    page.connect()
    page.wait(lambda d: "ipgraph: saved queries" in page.text(), "the guide is not open")
    page.wait(lambda d: "node.Agreement" in page.text(), "the style sheet is not shown")
    page.shot("connected")
    text = page.text()
    assert not [e for e in FETCH_ERRORS if e in text], text[:2000]
    assert f":style {page.site.guide}/style.grass" in text


def test_play_shows_one_slide_per_topic(page: Page) -> None:
    page.connect()
    frame = page.run(f":play {page.site.guide}/guide.html", until=" / ")
    slides = len(CATALOGUE.topics()) + 1  # the introduction, then one slide per topic
    page.wait(lambda d: f"1 / {slides}" in frame.text, f"no '1 / {slides}'")
    titles = []
    for number in range(1, slides + 1):
        page.wait(lambda d, n=number: f"{n} / {slides}" in frame.text, f"slide {number}")
        titles.append(frame.find_element(By.CSS_SELECTOR, ".slide h3, h3").text)
        if number < slides:
            frame.find_element(By.CSS_SELECTOR, '[data-testid="nextSlide"]').click()
    page.shot("last-slide")
    assert titles[1:] == CATALOGUE.topics()


def test_a_slide_sets_its_parameters_then_its_query_shows_the_rows(page: Page) -> None:
    page.connect()
    page.wait(lambda d: "ipgraph: saved queries" in page.text(), "the guide is not open")
    for _ in range(len(CATALOGUE.topics()) + 1):
        if page.driver.find_elements(By.ID, "raa.quad_with_europe"):
            break
        page.driver.find_element(By.XPATH, "//button[normalize-space()='Next']").click()
    heading = page.driver.find_element(By.ID, "raa.quad_with_europe")
    params_block, query_block = heading.find_elements(
        By.XPATH, "following-sibling::pre[contains(@class,'runnable')]"
    )[:2]
    params_block.click()
    page.editor_holds(":param as_of")
    page.run(until='"as_of"')
    query_block.click()
    page.editor_holds("// Quad members")
    frame = page.run(until="Started streaming")
    page.shot("raa-quad-with-europe")
    assert [row[:5] for row in table(frame)] == expected_table(
        page.site, "raa.quad_with_europe", {}, 5
    )


def test_a_catalogue_link_opens_the_query_ready_to_run(page: Page) -> None:
    page.connect()
    saved = CATALOGUE.get("agreements.between")
    page.open_link(
        open_link(page.site.browser_url, saved, "neo4j"), "// ipgraph agreements.between"
    )
    frame = page.run(until="Started streaming")
    page.shot("catalogue-link")
    expected = expected_table(page.site, "agreements.between", {"a": "JPN", "b": "GBR"}, 4)
    assert [row[:4] for row in table(frame)] == expected


def test_the_query_browser_link_opens_the_query_ready_to_run(page: Page) -> None:
    link = subprocess.run(
        [
            str(Path(sys.executable).parent / "ipgraph"),
            "query",
            "browser",
            "raa.status",
            "-p",
            "country",
            "GBR",
            "-p",
            "as_of",
            "2024-06-01",
            "--browser-url",
            page.site.browser_url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NEO4J_URI": "", "IPGRAPH_BROWSER_URL": ""},
    ).stdout.strip()
    page.connect()
    page.open_link(link, "// ipgraph raa.status")
    frame = page.run(until="Started streaming")
    page.shot("query-browser-link")
    params = {"country": "GBR", "as_of": "2024-06-01"}
    assert [row[:4] for row in table(frame)] == expected_table(page.site, "raa.status", params, 4)


def test_a_path_is_drawn_with_short_name_captions(page: Page) -> None:
    page.connect()
    frame = page.run(
        "MATCH p = (:Country {iso3: 'JPN'})-[:PARTY_TO]->(:Agreement {id: 'jpn-gbr-raa'})"
        "<-[:PARTY_TO]-(:Country) RETURN p"
    )
    page.wait(lambda d: frame.find_elements(By.CSS_SELECTOR, "svg g.node"), "no graph drawn")
    time.sleep(1)  # let the layout settle for the picture
    page.shot("graph")
    words = [
        t.get_attribute("textContent").strip()
        for t in frame.find_elements(By.CSS_SELECTOR, "svg g.node text")
    ]
    # Captions wrap at spaces: the agreement's short name, not its long official name.
    assert "Japan-UK" in words and "RAA" in words, words
    assert "Agreement" not in words and "Japan" in words, words
