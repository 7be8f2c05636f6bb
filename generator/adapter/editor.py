"""The web editor at /bien-tap/: Decap CMS's bundle, its page and its configuration.

The bundle comes from node_modules (package-lock.json, installed by scripts/setup) and is
copied as it is: no CDN, the same bytes at every build. The configuration is made from the
contract (generator/site/editor_config.py); the repository and the OAuth server come from
mkdocs.yml's `extra.editor`.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from pathlib import Path
from typing import Any

from generator.site import urls
from generator.site.editor_catalog import editor_catalog
from generator.site.editor_config import Backend, backend_from, editor_config_yaml
from generator.site.site_plan import Site

from . import live_reload

PROJECT = Path(__file__).resolve().parents[2]
NODE_MODULES = PROJECT / "node_modules"
DECAP_DIST = NODE_MODULES / "decap-cms" / "dist"
JS_YAML = NODE_MODULES / "js-yaml" / "dist" / "js-yaml.min.js"
OWN_FILES = Path(__file__).resolve().parent / "editor_files"


GITHUB_API = "https://api.github.com"
GITHUB_AVATARS = "https://avatars.githubusercontent.com"


class EditorMissing(RuntimeError):
    pass


def bundle_files() -> list[Path]:
    """Decap's bundle and the chunks it loads on demand, beside it (no source maps)."""
    if not (DECAP_DIST / "decap-cms.js").is_file() or not JS_YAML.is_file():
        raise EditorMissing(
            "thiếu Decap CMS trong node_modules: chạy `bash scripts/setup` (cần Node.js 20)")
    files = [DECAP_DIST / "decap-cms.js", DECAP_DIST / "decap-cms.js.LICENSE.txt",
             *sorted(DECAP_DIST.glob("*.decap-cms.js")), *sorted(DECAP_DIST.glob("*.wasm"))]
    return [f for f in files if f.is_file()]


def editor_policy(backend: Backend) -> str:
    """The page's own policy: Decap's bundle compiles code at run time ('unsafe-eval'),
    styles itself with inline styles, shows images it holds as blob: and data: URLs, and
    talks to GitHub's API (or to decap-server on this machine). No inline script.

    connect-src has blob: because Decap reads back a picture it holds as a blob: URL (fetch)
    when it saves the entry: without it the save fails ("Failed to fetch") and so does every
    later save in that tab (tests/browser/test_editor.py, a photo through the form)."""
    local = [f"http://127.0.0.1:{backend.proxy_port}", f"http://localhost:{backend.proxy_port}"]
    connect = ["'self'", "blob:", *local, GITHUB_API]
    if backend.base_url:
        connect.append(backend.base_url.rstrip("/"))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {GITHUB_AVATARS}",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


LIVE_RELOAD_OPT_OUT = live_reload.OPT_OUT.decode()
"""While previewing, a rebuild must not reload a form being filled."""


def index_html(backend: Backend, site_name: str) -> str:
    policy = html.escape(editor_policy(backend), quote=False)
    title = html.escape(f"Biên tập nội dung – {site_name}" if site_name else "Biên tập nội dung")
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
{LIVE_RELOAD_OPT_OUT}
<title>{title}</title>
<link rel="icon" href="../assets/images/favicon.png">
<link rel="stylesheet" href="editor.css">
</head>
<body>
<noscript>Trang biên tập cần JavaScript.</noscript>
<script src="before-decap.js"></script>
<script src="decap-cms.js"></script>
<script src="js-yaml.min.js"></script>
<script src="paste.js"></script>
<script src="editor.js"></script>
</body>
</html>
"""


def write_editor(site_dir: Path, site: Site, config: Any) -> None:
    """/bien-tap/: the page, config.yml, catalog.json (what the form checks against the whole
    catalog), our script and Decap's bundle."""
    extra = config.get("extra") or {}
    backend = backend_from(extra.get("editor"))
    target = site_dir / urls.EDITOR
    target.mkdir(parents=True, exist_ok=True)
    for source in bundle_files():
        _copy(source, target / source.name)
    _copy(JS_YAML, target / JS_YAML.name)
    for own in ("before-decap.js", "paste.js", "editor.js", "editor.css"):
        _copy(OWN_FILES / own, target / own)
    _write(target / "config.yml",
           editor_config_yaml(site.catalog, backend, config.get("site_url")).encode("utf-8"))
    catalog = json.dumps(editor_catalog(site.catalog), ensure_ascii=False,
                         separators=(",", ":"), sort_keys=True)
    _write(target / "catalog.json", catalog.encode("utf-8"))
    _write(target / "index.html",
           index_html(backend, config.get("site_name") or "").encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _copy(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    partial.replace(target)
