"""The README's commands, run as written: the scripts themselves, not the commands they wrap."""

from __future__ import annotations

import json
import os
import shutil
import re
import signal
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT
from serving import ServerLog, free_port, interruptible

from generator.site.project_config import editor_proxy_port


def _get(url: str, data: bytes | None = None) -> str:
    request = urllib.request.Request(url, data=data, headers={
        "Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode("utf-8")


ENVIRONMENTS = (".venv", "node_modules")
"""Installed once by scripts/setup in the checkout; the copy below borrows them."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the project's tracked files (times kept, so scripts/setup finds nothing to
    install) that borrows the checkout's environments; they must come out untouched."""
    stamp = PROJECT / ".venv/.installed"
    if not stamp.exists() or any((PROJECT / name).stat().st_mtime_ns > stamp.stat().st_mtime_ns
                                 for name in ("pyproject.toml", "requirements.lock")):
        # The copy's scripts/setup would install into the borrowed environment, from the copy.
        pytest.fail("môi trường cũ hơn pyproject.toml hoặc requirements.lock: "
                    "chạy `bash scripts/setup` trước")
    copy = tmp_path_factory.mktemp("copy") / "sang-kien"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True,
                           check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, files):
        if (PROJECT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, copy / name)
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=copy, check=True)
    for name in ENVIRONMENTS:
        (copy / name).symlink_to(PROJECT / name)
    before = _environments_state()
    yield copy
    assert _environments_state() == before, "a script changed the checkout's environments"


def _environments_state() -> list[str]:
    """What scripts/setup changes when it installs: its stamps, the installed distributions
    and the Node packages (bytecode Python caches on import is not an install)."""
    stamps = [PROJECT / ".venv/.installed", PROJECT / "node_modules/.package-lock.json"]
    return [*(f"{p}: {p.stat().st_mtime_ns}" for p in stamps if p.exists()),
            *sorted(p.name for p in (PROJECT / ".venv/lib").glob("python*/site-packages/*")
                    if p.suffix == ".dist-info"),
            *sorted(p.name for p in (PROJECT / "node_modules").iterdir())]


def _content_state(project: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--", "content"], cwd=project,
                          capture_output=True, text=True, check=False).stdout


def _start(project: Path, script: str, port: int) -> tuple[subprocess.Popen[bytes], ServerLog]:
    process = subprocess.Popen(
        ["bash", f"scripts/{script}"], cwd=project,
        env={**os.environ, "ADDR": f"127.0.0.1:{port}"},
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True, preexec_fn=interruptible)
    return process, ServerLog(process)


def _interrupt(process: subprocess.Popen[bytes]) -> int:
    """Ctrl+C, as an editor stops it: the whole group gets SIGINT."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def test_the_readme_opens_with_these_commands() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^bash (scripts/\w+)", readme, re.MULTILINE)
    assert commands[:3] == ["scripts/serve", "scripts/test", "scripts/edit"]


def test_serve_as_written(project: Path) -> None:
    port = free_port()
    process, log = _start(project, "serve", port)
    try:
        log.wait_for("Serving on", seconds=300)
        home = _get(f"http://127.0.0.1:{port}/")
        assert "Content-Security-Policy" in home and "sk-xem-truoc.js" in home
        assert "sáng kiến" in _get(f"http://127.0.0.1:{port}/sang-kien/").lower()
    finally:
        code = _interrupt(process)
    assert code in (0, 130, -signal.SIGINT)


def test_edit_as_written(project: Path) -> None:
    """scripts/edit reads mkdocs.yml (its !!python/name tag included), starts decap-server on
    the port the editor's config names and the preview; Ctrl+C stops both; nothing written."""
    proxy = editor_proxy_port(project / "mkdocs.yml")
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", proxy)) == 0:
            pytest.fail(f"port {proxy} is taken: scripts/edit's decap-server needs it")
    before = _content_state(project)
    port = free_port()
    process, log = _start(project, "edit", port)
    try:
        log.wait_for("Serving on", seconds=300)
        base = f"http://127.0.0.1:{port}/"
        page = _get(base + "bien-tap/")
        assert "decap-cms.js" in page and "sk-xem-truoc.js" not in page
        config = yaml.safe_load(_get(base + "bien-tap/config.yml"))
        assert config["local_backend"]["url"] == f"http://127.0.0.1:{proxy}/api/v1"
        info = json.loads(_get(f"http://127.0.0.1:{proxy}/api/v1",
                               json.dumps({"action": "info", "params": {}}).encode()))
        assert info["type"] == "local_fs" and info["repo"] == project.name
    finally:
        code = _interrupt(process)
    assert code in (0, 130, -signal.SIGINT)
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", proxy)) != 0, "decap-server outlived scripts/edit"
    assert _content_state(project) == before


def test_settings_are_read_whatever_mkdocs_tags_they_hold(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nmarkdown_extensions:\n  - toc:\n      slugify: "
                      "!!python/name:generator.content.markdown_pipeline.heading_id\n"
                      "site_url: !ENV [SITE_URL, 'https://x.vn/']\n"
                      "extra:\n  editor: {repo: a/b, proxy_port: 9099}\n", encoding="utf-8")
    assert editor_proxy_port(config) == 9099
    config.write_text("site_name: x\n", encoding="utf-8")
    assert editor_proxy_port(config) == 8081
