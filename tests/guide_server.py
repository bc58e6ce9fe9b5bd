"""The Browser guide server of docker-compose.yml, run for real: nginx on the committed
``cypher/browser/nginx.conf``, serving a world-readable copy of the guide folder."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER_DIR = ROOT / "cypher" / "browser"
NGINX_ROOT = "/usr/share/nginx/html"


def nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    assert found, (
        "no nginx: 'make test' installs Debian's nginx-light (tests/tools/system-packages.sh)"
    )
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def served_copy(source: Path) -> Path:
    """A world-readable copy of the guide folder in a fresh temporary folder.

    nginx's workers run as another user, so they cannot read a checkout in a private folder
    (a 0700 ``mktemp -d``, a home directory others cannot read): the tests serve a copy, as
    the compose service serves its own copy mounted into the container.
    """
    served = Path(tempfile.mkdtemp(prefix="ipgraph-guide-"))
    served.chmod(0o755)
    for name in ("guide.html", "style.grass", "nginx.conf"):
        shutil.copyfile(source / name, served / name)
        (served / name).chmod(0o644)
    return served


def _mime_types(binary: str) -> Path:
    built = subprocess.run([binary, "-V"], capture_output=True, text=True).stderr
    conf_path = re.search(r"--conf-path=(\S+)", built)
    mime = Path(conf_path.group(1)).parent / "mime.types" if conf_path else None
    assert mime and mime.is_file(), built
    return mime


@contextmanager
def guide_server(folder: Path, work: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """nginx serving ``folder`` with the committed site configuration; yields its base URL
    (``http://<host>:<port>``)."""
    binary = nginx()
    mime = _mime_types(binary)
    port = free_port()
    site = (BROWSER_DIR / "nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace(f"root {NGINX_ROOT};", f"root {folder};")
    work.mkdir(parents=True, exist_ok=True)
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n    include {mime};\n    default_type application/octet-stream;\n"
        f"    access_log off;\n    include {work}/site.conf;\n}}\n"
    )
    proc = subprocess.Popen(
        [binary, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://{host}:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/style.grass", timeout=5).close()
                break
            except urllib.error.URLError:
                assert proc.poll() is None, proc.communicate()[1]
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
