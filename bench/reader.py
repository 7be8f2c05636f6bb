"""What a reader downloads: innovation pages gzipped, and the first search in a real browser.

Usage: ``python bench/reader.py SITE_DIR [--query "duong day"]``

The site is served on localhost by a small server that gzips text as static hosts do
(Pagefind's own files are already compressed and are sent as they are); Chromium, driven by
Playwright, loads the search page, then types one query; every finished request's sizes
(headers and body as transferred) are added up per phase.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in TEXT_TYPES and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def page_sizes(site: Path) -> dict[str, float]:
    sizes = [len(gzip.compress(p.read_bytes(), compresslevel=6))
             for p in (site / "sang-kien").glob("*/index.html") if p.parent.name != "trang"]
    return {"pages": len(sizes), "max_kb": max(sizes) / 1024,
            "median_kb": statistics.median(sizes) / 1024}


def first_search(site: Path, query: str) -> dict[str, float]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    totals = {"page_kb": 0.0, "search_kb": 0.0, "search_requests": 0}
    phase = "page_kb"

    def finished(request) -> None:  # type: ignore[no-untyped-def]
        sizes = request.sizes()
        totals[phase] += (sizes["responseBodySize"] + sizes["responseHeadersSize"]) / 1024
        if phase == "search_kb":
            totals["search_requests"] += 1

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=LAUNCH_ARGS)
        page = browser.new_page()
        page.on("requestfinished", finished)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/tim-kiem/",
                  wait_until="networkidle")
        phase = "search_kb"
        page.fill("#sk-q", query)
        page.wait_for_function(
            "() => /kết quả|Không tìm thấy/.test(document.getElementById('sk-status')"
            ".textContent)", timeout=60000)
        page.wait_for_load_state("networkidle")
        totals["results"] = page.locator(".sk-result").count()
        browser.close()
    server.shutdown()
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="duong day")
    args = parser.parse_args()
    report = {"innovation_pages_gzip": page_sizes(args.site),
              "first_search": first_search(args.site, args.query)}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
