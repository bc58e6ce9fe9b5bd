"""docker-compose.yml, checked by a real compose implementation (no engine needed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from guide_server import guide_server, served_copy

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


# --- The Browser guide server and the Neo4j settings that point Browser at it -----------

GUIDE_SERVICE = "browser-guide"
BROWSER_DIR = ROOT / "cypher" / "browser"
NGINX_ROOT = "/usr/share/nginx/html"
NGINX_CONF = "/etc/nginx/conf.d/default.conf"


def neo4j_settings(environment: dict[str, str]) -> dict[str, str]:
    """neo4j.conf settings from the image's NEO4J_* variables, as its entrypoint makes them:
    drop NEO4J_, '_' becomes '.', then '..' becomes '_' (NEO4J_AUTH is not a setting)."""
    settings = {}
    for key, value in environment.items():
        if key.startswith("NEO4J_") and key != "NEO4J_AUTH" and value:
            name = key.removeprefix("NEO4J_").replace("_", ".").replace("..", "_")
            settings[name] = " ".join(str(value).split())  # the entrypoint's unquoted echo
    return settings


def post_connect_commands(setting: str) -> list[str]:
    """Browser's extractPostConnectCommandsFromServerConfig: split on ';' outside quotes."""
    for quoted in (r"(`[^`]*?`)", r'("[^"]*?")', r"('[^']*?')"):
        setting = re.sub(quoted, lambda m: m.group(0).replace(";", "@@semicolon@@"), setting)
    parts = [part.strip().replace("@@semicolon@@", ";") for part in setting.split(";")]
    return [part for part in parts if part]


def host_is_allowed(url: str, allowlist: str) -> bool:
    """Browser's hostIsAllowed for a guide or style sheet URL."""
    if allowlist == "*":
        return True
    parts = urlsplit(url)
    allowed = [entry.strip().rstrip("/") for entry in allowlist.split(",")]
    return parts.hostname in allowed or f"{parts.scheme}://{parts.hostname}" in allowed


def mounts(service: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """Bind mounts as target -> (source, read-only), from either compose's output."""
    found = {}
    for volume in service["volumes"]:
        if isinstance(volume, dict):
            found[volume["target"]] = (volume["source"], bool(volume.get("read_only")))
        else:
            source, target, *mode = str(volume).split(":")
            found[target] = (source, mode == ["ro"])
    return found


def published(service: dict[str, Any], target: int) -> int:
    for port in service["ports"]:
        if isinstance(port, dict):
            if int(port["target"]) == target:
                return int(port["published"])
        elif str(port).endswith(f":{target}"):
            return int(str(port).split(":")[-2])
    raise AssertionError(f"port {target} is not published")


def served_urls(parsed: dict[str, Any]) -> tuple[list[str], str]:
    settings = neo4j_settings(parsed["services"]["neo4j"]["environment"])
    commands = post_connect_commands(settings["browser.post_connect_cmd"])
    return commands, settings["browser.remote_content_hostname_whitelist"]


def test_compose_serves_the_browser_guide_and_style_sheet() -> None:
    parsed = config(ROOT / ".env.example")
    web = parsed["services"][GUIDE_SERVICE]
    assert re.fullmatch(r"nginx:\d+\.\d+(\.\d+)?-alpine", web["image"]), web["image"]
    assert published(web, 80) == 7475
    assert mounts(web) == {
        NGINX_ROOT: (str(BROWSER_DIR), True),
        NGINX_CONF: (str(BROWSER_DIR / "nginx.conf"), True),
    }
    assert "guide.html" in " ".join(web["healthcheck"]["test"])
    commands, allowlist = served_urls(parsed)
    assert commands == [
        "style http://localhost:7475/style.grass",
        "guide http://localhost:7475/guide.html",
    ]
    for command in commands:
        url = command.split(" ", 1)[1]
        assert host_is_allowed(url, allowlist), (url, allowlist)
        assert (BROWSER_DIR / urlsplit(url).path.lstrip("/")).is_file(), url
    assert host_is_allowed("https://guides.neo4j.com/x", allowlist)
    assert not host_is_allowed("http://example.org:7475/guide.html", allowlist)
    from ipgraph.guide import SERVED_AT  # the address the guide's own text gives

    assert all(c.split(" ", 1)[1].startswith(SERVED_AT + "/") for c in commands)


def test_compose_guide_address_follows_the_environment(tmp_path: Path) -> None:
    env_file = tmp_path / "guide.env"
    env_file.write_text(
        (ROOT / ".env.example").read_text()
        + "IPGRAPH_GUIDE_HOST=graph.example.org\nIPGRAPH_GUIDE_PORT=8123\n"
    )
    parsed = config(env_file)
    assert published(parsed["services"][GUIDE_SERVICE], 80) == 8123
    commands, allowlist = served_urls(parsed)
    assert commands == [
        "style http://graph.example.org:8123/style.grass",
        "guide http://graph.example.org:8123/guide.html",
    ]
    assert all(host_is_allowed(c.split(" ", 1)[1], allowlist) for c in commands)


def java() -> str:
    home = os.environ.get("JAVA_HOME")
    found = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    assert found, "no java: the Neo4j tests need Java 17+"
    return found


CHECK_SETTINGS = """
import java.util.LinkedHashMap;
import java.util.Map;
import org.neo4j.configuration.Config;

public class CheckSettings {
    public static void main(String[] args) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            raw.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        try {
            Config config = Config.newBuilder().setRaw(raw).build();
            for (String name : raw.keySet()) {
                Object value = config.get(config.getDeclaredSettings().get(name));
                System.out.println("OK " + name + "=" + value);
            }
        } catch (IllegalArgumentException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
"""


def neo4j_config(tmp_path: Path, settings: dict[str, str]) -> list[str]:
    """What Neo4j 5.26's own configuration (strict validation, as in the image) makes of
    these settings: 'OK name=value' lines, or one 'REFUSED why' line."""
    from neo4j_server import CLASSPATH_FILE, JAR_PATH, build

    build()
    source = tmp_path / "CheckSettings.java"
    source.write_text(CHECK_SETTINGS)
    classpath = os.pathsep.join([str(JAR_PATH), CLASSPATH_FILE.read_text().strip()])
    proc = subprocess.run(
        [java(), "-cp", classpath, str(source), *(f"{k}={v}" for k, v in settings.items())],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [line for line in proc.stdout.splitlines() if line.startswith(("OK ", "REFUSED "))]


def test_neo4j_526_accepts_the_settings_compose_gives_it(tmp_path: Path) -> None:
    settings = neo4j_settings(config(ROOT / ".env.example")["services"]["neo4j"]["environment"])
    assert set(settings) >= {
        "browser.post_connect_cmd",
        "browser.remote_content_hostname_whitelist",
    }
    checked = neo4j_config(tmp_path, settings)
    assert [line.split("=")[0] for line in checked] == [f"OK {name}" for name in settings]
    assert f"OK browser.post_connect_cmd={settings['browser.post_connect_cmd']}" in checked
    # The newer name is not a Neo4j 5.26 setting: with it the server would not start.
    refused = neo4j_config(tmp_path, {"browser.remote_content_hostname_allowlist": "localhost"})
    assert refused[0].startswith("REFUSED Unrecognized setting")


# --- The guide server's nginx configuration ----------------------------------------------

# Browser fetches a guide with these request headers (neo4j-browser, playAndGuides.ts), which
# makes the web browser send a CORS preflight first; a style sheet it fetches without them.
# Request headers Browser 5.24 sends with its fetch of a guide or style sheet: the first two
# always, the last two (Sentry tracing) when the URL names localhost.
GUIDE_REQUEST_HEADERS = ("pragma", "cache-control", "sentry-trace", "baggage")


def nginx_directives(text: str) -> list[Any]:
    """nginx configuration as nested [name, args, block] lists (block None for 'a b;')."""
    tokens = re.findall(r"[{};]|\"[^\"]*\"|[^\s{};\"]+", re.sub(r"#[^\n]*", "", text))
    stack: list[list[Any]] = [[]]
    words: list[str] = []
    for token in tokens:
        if token == ";":
            stack[-1].append([words[0], words[1:], None])
            words = []
        elif token == "{":
            block: list[Any] = []
            stack[-1].append([words[0], words[1:], block])
            stack.append(block)
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token.strip('"'))
    assert len(stack) == 1 and not words, "unbalanced nginx configuration"
    return stack[0]


def test_guide_server_config_sends_cors_headers_and_serves_only_the_guide_files() -> None:
    ((name, _, server),) = nginx_directives((BROWSER_DIR / "nginx.conf").read_text())
    assert name == "server"
    simple = {d[0]: d[1] for d in server if d[2] is None and d[0] != "add_header"}
    assert simple["listen"] == ["80"] and simple["root"] == [NGINX_ROOT]
    headers = {d[1][0]: d[1][1:] for d in server if d[0] == "add_header"}
    assert headers["Access-Control-Allow-Origin"] == ["*", "always"]
    allowed = headers["Access-Control-Allow-Headers"][0].lower().replace(" ", "").split(",")
    assert set(GUIDE_REQUEST_HEADERS) <= set(allowed)
    assert "OPTIONS" in headers["Access-Control-Allow-Methods"][0]
    locations = {tuple(d[1]): d[2] for d in server if d[0] == "location"}
    served = {args[1].lstrip("/") for args in locations if args[0] == "="}
    assert served == {"guide.html", "style.grass"}
    assert all((BROWSER_DIR / name).is_file() for name in served)
    assert locations[("/",)] == [["return", ["404"], None]]
    for args, block in locations.items():
        if args[0] == "=":
            assert [
                "if",
                ["($request_method", "=", "OPTIONS)"],
                [["return", ["204"], None]],
            ] in block
            assert all(d[0] != "add_header" for d in block), "would drop the server's headers"


@pytest.fixture(params=["checkout", "private-checkout"])
def guide_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """The guide folder as committed, and as it is in a clone inside a 0700 folder."""
    source = BROWSER_DIR
    if request.param == "private-checkout":
        private = tmp_path / "private"
        private.mkdir(mode=0o700)
        source = private / "cypher" / "browser"
        shutil.copytree(BROWSER_DIR, source)
        private.chmod(0o700)
    served = served_copy(source)
    try:
        yield served
    finally:
        shutil.rmtree(served, ignore_errors=True)


def test_guide_server_answers_browser_as_configured(tmp_path: Path, guide_folder: Path) -> None:
    """Run nginx on the committed configuration, as the compose service does, and ask it
    what Neo4j Browser asks (from http://localhost:7474)."""
    import urllib.error
    import urllib.request

    origin = {"Origin": "http://localhost:7474"}

    def ask(base: str, method: str, path: str, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        request = urllib.request.Request(base + path, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    with guide_server(guide_folder, tmp_path) as base:
        preflight = {
            **origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": ",".join(GUIDE_REQUEST_HEADERS),
        }
        status, headers, _ = ask(base, "OPTIONS", "/guide.html", preflight)
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == "*"
        allowed = headers["Access-Control-Allow-Headers"].lower().replace(" ", "").split(",")
        assert set(GUIDE_REQUEST_HEADERS) <= set(allowed)
        fetch = {**origin, "Pragma": "no-cache", "Cache-Control": "no-cache"}
        status, headers, body = ask(base, "GET", "/guide.html", fetch)
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert body == (BROWSER_DIR / "guide.html").read_bytes()
        status, headers, body = ask(base, "GET", "/style.grass", origin)
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Content-Type"].startswith("text/plain")
        assert body == (BROWSER_DIR / "style.grass").read_bytes()
        for path in ("/nginx.conf", "/", "/guide.htm"):
            assert ask(base, "GET", path, origin)[0] == 404, path
