"""Serving a built site or a preview in tests: fetching, waiting for text, MkDocs' own server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from devtools.buildconfig import derived_config


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for_text(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if needle in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} not served at {url}")


class ServerLog:
    """The server's log, line by line, as events to wait on: MkDocs says when it serves and
    when a rebuild is done, so no test has to guess with a sleep."""

    def __init__(self, server: subprocess.Popen[bytes]) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        assert server.stderr is not None
        stream = server.stderr
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in stream:
            self.lines.put(raw.decode("utf-8", errors="replace"))
        self.lines.put(None)  # the server ended: nothing more will come

    def wait_for(self, needle: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                self.lines.put(None)
                break
            self.seen.append(line)
            if needle in line:
                return
        last = "".join(self.seen[-25:])
        raise AssertionError(f"the server never logged {needle!r}; its last lines:\n{last}")


DECAP_SERVER = Path(__file__).resolve().parents[1] / "node_modules/decap-server/dist/index.js"
"""The editor's local backend, as `scripts/edit` starts it."""


def start_decap_server(repo: Path, port: int) -> subprocess.Popen[bytes]:
    """decap-server writing under repo (its content/), started and listening; the caller
    terminates it."""
    proxy = subprocess.Popen(
        ["node", str(DECAP_SERVER)], cwd=repo, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
             "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "info"})
    assert proxy.stdout is not None
    for line in proxy.stdout:
        if b"listening on" in line:
            # Its log read on, so that a full pipe never stops it.
            threading.Thread(target=proxy.stdout.read, daemon=True).start()
            return proxy
    proxy.wait(timeout=10)
    raise AssertionError("decap-server did not start")


@contextlib.contextmanager
def editing_served(repo: Path, seconds: float = 300) -> Iterator[str]:
    """As `scripts/edit` runs: decap-server writing repo/content, `mkdocs serve` previewing it
    with the editor at /bien-tap/; yields the preview's address once it serves."""
    root = repo.parent
    proxy_port, port = free_port(), free_port()
    config = derived_config(repo / "content", root / "site", root / "mkdocs.yml",
                            extra={"generator": False, "editor": {"proxy_port": proxy_port}})
    proxy = start_decap_server(repo, proxy_port)
    server, log = serve(config, port)
    try:
        log.wait_for("Serving on", seconds=seconds)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(server)
        proxy.terminate()
        proxy.wait(timeout=30)


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def interruptible() -> None:
    """In the server's process before it starts: Ctrl+C as a terminal gives it. A suite run
    in the background (`command &`) ignores SIGINT, and its children would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def serve(config: Path, port: int, env: dict[str, str] | None = None
           ) -> tuple[subprocess.Popen[bytes], ServerLog]:
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=interruptible)
    return server, ServerLog(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """As an editor stops it (Ctrl+C): MkDocs and the plugin clean up after themselves."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        raise


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """The site folder's files; its 404.html with status 404 for anything missing, as GitHub
    Pages answers."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(site: Path) -> Iterator[str]:
    """A built site served as a static host serves it; yields its address."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
