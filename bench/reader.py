"""What a reader downloads: innovation pages gzipped, and the first search in a real browser.

Usage: ``python bench/reader.py SITE_DIR [--query "duong day" ...]``

The site is served on localhost by a small server that gzips text as static hosts do
(the search index's own files are already gzipped and are sent as they are); Chromium, driven by
Playwright, loads the search page in a fresh context (empty cache), then types one query;
every finished request's sizes (headers and body as transferred) are added up per phase.
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
READER_QUERIES = (
    "duong day", "sang kien", "trạm biến áp", "tiết kiệm năng lượng", "thiết bị", "hotline",
    "sửa chữa", "máy cắt", "thủy điện", "công tơ", "lưới điện", "nguyen van",
    "sáng kiến thủy điện",
)
"""Queries a reader might type first, accented or not; the last has three of the most
common words of the synthetic content, the worst case we know of."""
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


def first_search(site: Path, queries: list[str]) -> list[dict[str, float | str]]:
    """Each query typed into a fresh browser context (empty cache) on the search page."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows: list[dict[str, float | str]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=LAUNCH_ARGS)
        for query in queries:
            rows.append(_one_search(browser, server.server_address[1], query))
        browser.close()
    server.shutdown()
    return rows


def _one_search(browser, port: int, query: str) -> dict[str, float | str]:  # type: ignore[no-untyped-def]
    totals: dict[str, float | str] = {"query": query, "page_kb": 0.0, "search_kb": 0.0,
                                      "search_requests": 0}
    phase = "page_kb"

    def finished(request) -> None:  # type: ignore[no-untyped-def]
        sizes = request.sizes()
        totals[phase] += (sizes["responseBodySize"] + sizes["responseHeadersSize"]) / 1024
        if phase == "search_kb":
            totals["search_requests"] += 1

    context = browser.new_context()
    page = context.new_page()
    page.on("requestfinished", finished)
    page.goto(f"http://127.0.0.1:{port}/tim-kiem/", wait_until="networkidle")
    phase = "search_kb"
    page.fill("#sk-q", query)
    page.wait_for_function(
        "() => /kết quả|Không tìm thấy/.test(document.getElementById('sk-status')"
        ".textContent)", timeout=60000)
    page.wait_for_load_state("networkidle")
    totals["results"] = page.locator(".sk-result").count()
    totals["search_kb"] = round(float(totals["search_kb"]), 1)
    totals["page_kb"] = round(float(totals["page_kb"]), 1)
    context.close()
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append",
                        help="a query (repeat for several); default: READER_QUERIES")
    args = parser.parse_args()
    searches = first_search(args.site, args.query or list(READER_QUERIES))
    sizes = sorted(float(row["search_kb"]) for row in searches)
    report = {"innovation_pages_gzip": page_sizes(args.site),
              "first_search": searches,
              "first_search_kb": {"median": statistics.median(sizes), "max": sizes[-1]}}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
