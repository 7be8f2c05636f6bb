"""The statistics page's charts in Chromium: every text inside its chart, readable on a
360 px phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

PHONE = 360
"""The narrowest phone the site is made for, in CSS px."""
CHART_IDS = ["sk-chart-phase-1", "sk-chart-phase-2", "sk-chart-months", "sk-chart-units",
             "sk-chart-benefit", "sk-chart-categories"]
MEASURE = """() => [...document.querySelectorAll('svg.sk-chart')].map(svg => {
  const box = svg.getBoundingClientRect();
  const holder = svg.closest('figure').getBoundingClientRect();
  const view = svg.viewBox.baseVal;
  const scale = box.width / view.width;
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height,
            px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
  return {id: svg.id, left: box.left, right: box.right, holderLeft: holder.left,
          holderRight: holder.right, viewW: view.width, viewH: view.height, texts};
})"""


@pytest.mark.browser
def test_charts_fit_a_360_px_phone(sample_url: str, tmp_path: Path, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": PHONE, "height": 780}, locale="vi-VN")
    page.goto(sample_url + "thong-ke/")
    measured = page.evaluate(MEASURE)
    page_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(tmp_path / "thong-ke-360.png"), full_page=True)
    page.close()
    assert sorted(m["id"] for m in measured) == sorted(CHART_IDS)
    assert page_width <= PHONE
    for chart in measured:
        assert chart["holderLeft"] - 0.5 <= chart["left"], chart["id"]
        assert chart["right"] <= chart["holderRight"] + 0.5, chart["id"]
        assert chart["right"] <= PHONE, chart["id"]
        for t in chart["texts"]:
            assert t["px"] >= 11, (chart["id"], t)
            assert t["x"] >= 0 and t["x"] + t["w"] <= chart["viewW"], (chart["id"], t)
            assert t["y"] >= 0 and t["y"] + t["h"] <= chart["viewH"], (chart["id"], t)
