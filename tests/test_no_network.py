"""Nothing leaves the machine: ingest, export, search and the web server (pages, search, a clerk's login
and actions) run under strace, and any connection or message to an address beyond localhost, or
any DNS query, fails the test. strace sees what the native libraries do too (ONNX Runtime's
telemetry resolves its host name from C++, where no Python hook would notice).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from protokoll.archive import add_clerk, open_database
from tests.test_web import CHROMIUM, PASSWORD, _free_port, _serving

STRACE = shutil.which("strace")
CLIP = Path(__file__).parent / "data" / "corpus" / "picovoice-leopard" / "test_de.wav"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(STRACE is None, reason="strace is missing: as root, `apt-get install strace` (.ci/run does)"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian's chromium is not at {CHROMIUM} (.ci/run installs it)"),
]

_ADDRESS = re.compile(r'sin6?_port=htons\((\d+)\).*?(?:inet_addr|inet_pton\(AF_INET6?,)\s*\(?"([^"]+)"')


def _traced(*command: str, trace: Path, env: dict, **popen) -> subprocess.Popen:
    """Start a command under strace, which logs every connect and send of it and its children (and their
    execve, so that an empty log would show that nothing was traced)."""
    strace = [STRACE, "-f", "-qq", "-e", "trace=execve,connect,sendto,sendmsg", "-e", "signal=none", "-o", str(trace)]
    return subprocess.Popen([*strace, "--", *command], env=env, **popen)


def _run(*command: str, trace: Path, env: dict) -> str:
    process = _traced(*command, trace=trace, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    return output


def destinations_beyond_localhost(trace: Path) -> list[str]:
    """Every network destination in a strace log that is not this machine, and every DNS query."""
    found = []
    for line in trace.read_text(errors="replace").splitlines():
        if "AF_INET" not in line:
            continue  # local sockets (AF_UNIX, AF_NETLINK) and sends on connected sockets
        match = _ADDRESS.search(line)
        if match is None:
            found.append(line.strip())
            continue
        port, address = int(match[1]), match[2]
        local = address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1", "0.0.0.0", "::")
        if not local or port == 53:
            found.append(f"{address}:{port}")
    return found


def test_the_trace_sees_a_dns_query_of_native_code(tmp_path):
    """The check itself can fail: a name lookup through the C library is caught."""
    trace = tmp_path / "lookup.trace"
    code = "import socket\ntry:\n    socket.getaddrinfo('telemetrie.example.org', 443)\nexcept OSError:\n    pass"
    _run(sys.executable, "-c", code, trace=trace, env=dict(os.environ))
    assert destinations_beyond_localhost(trace)


def test_ingest_export_search_and_serve_stay_on_this_machine(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "PROTOKOLL_DATA_DIR": str(data)}
    for name in ("ORT_DISABLE_TELEMETRY", "GRADIO_ANALYTICS_ENABLED", "PYANNOTE_METRICS_ENABLED"):
        env.pop(name, None)  # the package switches them off itself; an inherited setting proves nothing
    protokoll = [sys.executable, "-m", "protokoll.interfaces.cli"]
    traces = []

    def trace(name: str) -> Path:
        traces.append(tmp_path / f"{name}.trace")
        return traces[-1]

    meeting = _run(*protokoll, "ingest", str(CLIP), "--title", "Netztest", "--quiet", trace=trace("ingest"), env=env)
    meeting = meeting.strip().splitlines()[-1]
    _run(*protokoll, "export", meeting, "--format", "json", "--out", str(tmp_path / "m.json"),
         trace=trace("export"), env=env)  # fmt: skip
    _run(*protokoll, "search", "Sitzung", trace=trace("search"), env=env)
    add_clerk(open_database(data / "protokoll.db"), "kaya", PASSWORD)

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server = _traced(*protokoll, "serve", "--port", str(port), trace=trace("serve"), env=env,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        if not _serving(url):
            pytest.fail("the server did not start")
        _use_the_web_app(url, meeting)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    for path in traces:
        assert "execve(" in path.read_text(errors="replace"), f"strace traced nothing for {path.stem}"
        assert destinations_beyond_localhost(path) == [], path.stem


def _use_the_web_app(url: str, meeting: str) -> None:
    """A citizen's page and search, a clerk's login, review and renaming, in a real browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        page = browser.new_context().new_page()
        page.goto(url)
        page.get_by_role("tab", name="Suche").click()
        page.locator("#query textarea, #query input").first.fill("Sitzung")
        page.locator("#search-button").click()
        page.locator("#results .pk").wait_for()
        page.goto(url + "?tab=verwaltung")
        page.locator("#username").fill("kaya")
        page.locator("#password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("#login").click()
        page.locator("#meeting-id input").fill(meeting)
        page.locator("#show").click()
        page.locator("#name-SPEAKER_00").fill("Petra Hoffmann")
        with page.expect_navigation():
            page.locator("#save-names").click()
        page.locator("#action-message").get_by_text("Namen gespeichert").wait_for(timeout=60_000)
        browser.close()
