"""The web editor's list of innovations at the programme's size, timed in Chromium: a synthetic
tree of N innovations (bench/synth.py) served as `scripts/edit` serves it (decap-server over
the tree, `mkdocs serve` for /bien-tap/), then the time from the list's address to its first
entries, to a search's results, to the next page of the list, and to the list filtered by a
unit (docs/performance.md).

    .venv/bin/python bench/editor_list.py [N]        # 13000 by default
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))

from serving import editing_served  # noqa: E402
from sitetools import CHROMIUM, LAUNCH_ARGS  # noqa: E402


def main(count: int) -> int:
    results: dict[str, float | int] = {"innovations": count}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        repo = root / "repo"
        started = time.monotonic()
        subprocess.run([sys.executable, str(PROJECT / "bench/synth.py"), str(count),
                        str(repo / "content")], check=True, stdout=subprocess.DEVNULL)
        with editing_served(repo, seconds=1800) as address:
            results["preview_ready_s"] = round(time.monotonic() - started, 1)
            base = address + "bien-tap/"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800},
                                        locale="vi-VN")
                page.set_default_timeout(600_000)
                page.goto(base)
                page.get_by_role("button", name="Đăng nhập").click()
                page.wait_for_url("**/#/collections/**")
                entries = page.locator("a[href*='#/collections/innovations/entries/']")
                started = time.monotonic()
                page.goto(base + "#/collections/innovations")
                entries.first.wait_for()
                results["list_first_entries_s"] = round(time.monotonic() - started, 2)
                results["entries_shown"] = entries.count()
                if results["entries_shown"] < count:  # the list loads more as it scrolls
                    started = time.monotonic()
                    page.mouse.wheel(0, 200_000)
                    page.wait_for_function(
                        "document.querySelectorAll(\"a[href*='#/collections/innovations/"
                        f"entries/']\").length > {results['entries_shown']}", timeout=300_000)
                    results["list_next_entries_s"] = round(time.monotonic() - started, 2)
                shown = entries.count()
                page.get_by_role("button", name="Lọc theo").click()
                started = time.monotonic()
                page.get_by_role("menuitem").nth(2).click()  # a unit with units below it
                page.wait_for_function(
                    "document.querySelectorAll(\"a[href*='#/collections/innovations/"
                    f"entries/']\").length < {shown}", timeout=300_000)
                results["filter_by_unit_s"] = round(time.monotonic() - started, 2)
                results["filter_shown"] = entries.count()
                query = "Điện lực"
                started = time.monotonic()
                page.goto(base + "#/search/" + query)
                entries.first.wait_for()
                results["search_results_s"] = round(time.monotonic() - started, 2)
                results["search_shown"] = entries.count()
                browser.close()
    print(json.dumps(results, ensure_ascii=False, indent=1))
    out = PROJECT / "bench" / "results" / f"editor-list-{count}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 13000))
