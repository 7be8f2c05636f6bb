"""Search that ranks right: precision at 3 over readers' queries, in Chromium, on the sample site.

Each query below is what a reader might type, with or without accents; its answer is the
innovations a reader means by it, decided by reading their titles, summaries and tags (not by
what the search returned). The search page is opened at its shareable address
(/tim-kiem/?q=...) in Debian's Chromium, as a reader opens it, and its first three results are
judged. Precision at 3 is the share of them that are relevant, out of min(3, relevant), so a
query with two relevant innovations is perfect when both lead.

Run as a script to print the table for any built site (e.g. before and after a change):
``python tests/browser/test_search_ranking.py SITE_DIR``.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

import pytest

RELEVANT: dict[str, tuple[str, ...]] = {
    # Đường dây: a line; unaccented, "duong" is also "dưỡng" (a jig) and "dương".
    "duong day": (
        "EVNCPC-2021-0029", "EVNCPC-2022-0038", "EVNHANOI-2023-0032", "EVNNPC-2022-0032",
        "EVNNPC-2022-0088", "EVNNPC-2023-0026", "EVNNPT-2021-0040", "EVNNPT-2022-0074",
        "EVNNPT-2022-0108"),
    "đường dây": (
        "EVNCPC-2021-0029", "EVNCPC-2022-0038", "EVNHANOI-2023-0032", "EVNNPC-2022-0032",
        "EVNNPC-2022-0088", "EVNNPC-2023-0026", "EVNNPT-2021-0040", "EVNNPT-2022-0074",
        "EVNNPT-2022-0108"),
    # Máy biến áp: transformers themselves, not substations (trạm biến áp).
    "may bien ap": (
        "EVNHCMC-2022-0001", "EVNHCMC-2023-0023", "EVNNPT-2022-0034", "EVNNPT-2023-0040",
        "EVNSPC-2022-0055"),
    "máy biến áp": (
        "EVNHCMC-2022-0001", "EVNHCMC-2023-0023", "EVNNPT-2022-0034", "EVNNPT-2023-0040",
        "EVNSPC-2022-0055"),
    "tram bien ap": (
        "EPU-2023-0017", "EVNCPC-2022-0044", "EVNHANOI-2022-0036", "EVNHANOI-2023-0037",
        "EVNNPC-2022-0069", "EVNNPT-2022-0034", "EVNNPT-2022-0108", "EVNSPC-2021-0011"),
    "thủy điện": (
        "EVNGENCO1-2023-0036", "EVNGENCO2-2022-0057", "HBHPC-2021-0028", "HBHPC-2022-0014",
        "HBHPC-2023-0027", "TSHPCO-2021-0025", "TSHPCO-2022-0029"),
    "thuy dien": (
        "EVNGENCO1-2023-0036", "EVNGENCO2-2022-0057", "HBHPC-2021-0028", "HBHPC-2022-0014",
        "HBHPC-2023-0027", "TSHPCO-2021-0025", "TSHPCO-2022-0029"),
    # An toàn: safety of people and equipment, and of information.
    "an toàn": (
        "EPU-2023-0017", "EVNCPC-2021-0029", "EVNCPC-2022-0011", "EVNCPC-2022-0038",
        "EVNCPC-2022-0044", "EVNGENCO3-2022-0076", "EVNGENCO3-2023-0050", "EVNHANOI-2021-0017",
        "EVNHANOI-2023-0032", "EVNHCMC-2023-0023", "EVNICT-2022-0004", "EVNNPC-2021-0054",
        "EVNNPC-2022-0032", "EVNNPC-2023-0026", "EVNNPT-2022-0074", "EVNSPC-2022-0055",
        "HBHPC-2023-0027", "TSHPCO-2021-0025"),
    "chuyen doi so": (
        "EPU-2023-0017", "EVNCPC-2022-0086", "EVNCPC-2023-0031", "EVNEPTC-2022-0040",
        "EVNEPTC-2023-0018", "EVNGENCO1-2022-0048", "EVNGENCO3-2022-0076", "EVNHANOI-2022-0036",
        "EVNHCMC-2021-0028", "EVNHQ-2022-0022", "EVNHQ-2022-0026", "EVNICT-2021-0006",
        "EVNICT-2022-0004", "EVNNPC-2022-0088", "EVNNPC-2022-0117", "EVNNPT-2021-0040",
        "EVNNPT-2022-0108", "EVNSPC-2021-0011", "EVNSPC-2022-0039", "NLDC-2022-0004",
        "NLDC-2022-0009"),
    "chuyển đổi số": (
        "EPU-2023-0017", "EVNCPC-2022-0086", "EVNCPC-2023-0031", "EVNEPTC-2022-0040",
        "EVNEPTC-2023-0018", "EVNGENCO1-2022-0048", "EVNGENCO3-2022-0076", "EVNHANOI-2022-0036",
        "EVNHCMC-2021-0028", "EVNHQ-2022-0022", "EVNHQ-2022-0026", "EVNICT-2021-0006",
        "EVNICT-2022-0004", "EVNNPC-2022-0088", "EVNNPC-2022-0117", "EVNNPT-2021-0040",
        "EVNNPT-2022-0108", "EVNSPC-2021-0011", "EVNSPC-2022-0039", "NLDC-2022-0004",
        "NLDC-2022-0009"),
    "cong to": (
        "EVNHANOI-2022-0044", "EVNNPC-2021-0036", "EVNNPC-2022-0069", "EVNSPC-2021-0051",
        "EVNSPC-2022-0067"),
    # Mất điện: outages, and telling customers about them; unaccented, "mat" is also "mặt".
    "mat dien": (
        "EVNHANOI-2022-0036", "EVNHCMC-2021-0028", "EVNHCMC-2022-0035", "EVNHCMC-2023-0048",
        "EVNNPC-2022-0117", "EVNSPC-2022-0039"),
    # Đào tạo: training; "dao" is also "dao cách ly", "tao" the "tạo" of "chế tạo".
    "dao tao": ("EPU-2022-0024", "EPU-2023-0017", "HBHPC-2023-0027"),
    # Đo nhiệt độ: measuring temperature; "do" is also "độ", "do" (because), "đô".
    "do nhiet do": ("EVNCPC-2022-0011", "EVNNPT-2022-0108", "EVNNPT-2023-0040"),
    # Dây dẫn: conductors; "dan" is also "dân" (người dân, khu dân cư).
    "day dan": ("EVNCPC-2021-0029", "EVNNPC-2022-0032", "EVNNPC-2023-0026"),
    # Hồ sơ: files and dossiers; "ho" starts "hỗ trợ", "hộp", "hòa", "học"...
    "ho so": ("EVNCPC-2022-0086", "EVNEPTC-2022-0040", "EVNEPTC-2023-0018", "EVNHQ-2022-0022"),
    "lo hoi": (
        "EVNGENCO1-2022-0028", "EVNGENCO3-2022-0029", "EVNGENCO3-2023-0034",
        "EVNGENCO3-2023-0050"),
    "dien mat troi": ("EVNSPC-2023-0025", "NLDC-2022-0009"),
    # Work on live lines, without cutting the power.
    "khong can cat dien": (
        "EVNCPC-2021-0029", "EVNCPC-2022-0038", "EVNHANOI-2021-0017", "EVNHANOI-2023-0032",
        "EVNNPC-2021-0054", "EVNNPC-2023-0026", "EVNNPT-2022-0074"),
    "camera nhiet": ("EVNCPC-2022-0011", "EVNNPT-2021-0040", "EVNNPT-2022-0108"),
    "du bao": ("EVNCPC-2023-0031", "NLDC-2022-0009"),
    "tuabin": ("EVNGENCO2-2022-0057", "HBHPC-2021-0028", "HBHPC-2022-0014", "TSHPCO-2022-0029"),
    "sao cach dien": (
        "EVNCPC-2021-0029", "EVNCPC-2022-0011", "EVNHANOI-2023-0032", "EVNNPC-2021-0054"),
    # Đo xa: remote metering data.
    "do xa": ("EVNCPC-2023-0031", "EVNHANOI-2022-0044", "EVNNPC-2021-0036", "EVNNPC-2022-0069"),
    # Who and what a reader names whole: an author, with or without tones...
    "Nguyễn Văn Thắng": ("EVNNPC-2021-0054", "EVNNPC-2022-0032", "EVNNPC-2023-0026"),
    "do quang huy": ("EVNNPT-2021-0040", "EVNNPT-2022-0108"),
    "Huỳnh Tấn Lộc": ("EVNHCMC-2022-0001", "EVNHCMC-2023-0023"),
    # ...a unit, by its code, its name or the end of its name...
    "EVNNPT": (
        "EVNNPT-2021-0040", "EVNNPT-2022-0034", "EVNNPT-2022-0074", "EVNNPT-2022-0108",
        "EVNNPT-2023-0040"),
    "Công ty Thủy điện Hòa Bình": ("HBHPC-2021-0028", "HBHPC-2022-0014", "HBHPC-2023-0027"),
    "dien luc mien trung": (
        "EVNCPC-2021-0029", "EVNCPC-2022-0011", "EVNCPC-2022-0038", "EVNCPC-2022-0044",
        "EVNCPC-2022-0086", "EVNCPC-2023-0031"),
    # ...an innovation, by its id.
    "EVNNPT-2022-0034": ("EVNNPT-2022-0034",),
    "evnhcmc-2022-0001": ("EVNHCMC-2022-0001",),
}
"""Query -> the innovations (ids) a reader means by it."""

MEAN_AT_LEAST = 0.95
"""Mean precision at 3 the search must keep (measured: docs/performance.md); the two queries
below 1 ("mat dien", "dao tao") miss an innovation whose text lacks the words."""
EACH_AT_LEAST = 2 / 3
"""No query may fall below this."""



def precision_at_3(found: list[str], relevant: tuple[str, ...]) -> float:
    wanted = {f"sang-kien/{inn.lower()}/" for inn in relevant}
    return sum(1 for url in found[:3] if url in wanted) / min(3, len(wanted))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def first_results(site: Path, queries: list[str]) -> dict[str, list[str]]:
    """Each query opened at the search page's address: its first results as site-relative
    URLs ('sang-kien/evnnpc-2022-0032/')."""
    from sitetools import launch_chromium

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, list[str]] = {}
    try:
        with launch_chromium() as browser:
            page = browser.new_page(locale="vi-VN")
            for query in queries:
                page.goto(f"{base}tim-kiem/?q={quote_plus(query)}", wait_until="load")
                page.wait_for_function(
                    "() => /kết quả|Không tìm thấy/.test("
                    "document.getElementById('sk-status').textContent)")
                hrefs = page.eval_on_selector_all(".sk-result__title", "a => a.map(e => e.href)")
                found[query] = [urlsplit(h).path.removeprefix("/") for h in hrefs[:10]]
    finally:
        server.shutdown()
    return found


def report(found: dict[str, list[str]]) -> tuple[float, dict[str, float]]:
    scores = {query: precision_at_3(found[query], RELEVANT[query]) for query in RELEVANT}
    mean = statistics.fmean(scores.values())
    for query, score in scores.items():
        top = " ".join(url.removeprefix("sang-kien/").rstrip("/") for url in found[query][:3])
        print(f"{score:5.2f}  {query:22} {top}")
    print(f"mean precision at 3: {mean:.3f} over {len(scores)} queries")
    return mean, scores


@pytest.fixture(scope="module")
def ranked(sample_site: Path) -> dict[str, list[str]]:
    """The sample site as readers get it: the project's own index layout."""
    return first_results(sample_site, list(RELEVANT))


def test_every_judged_innovation_is_published() -> None:
    from conftest import SAMPLE

    from generator.content.loader import load_content
    catalog = load_content(SAMPLE).catalog
    assert catalog is not None
    published = {inn.id for inn in catalog.published}
    judged = {inn for relevant in RELEVANT.values() for inn in relevant}
    assert judged <= published, sorted(judged - published)
    assert len(RELEVANT) >= 20


@pytest.mark.browser
def test_precision_at_3(ranked: dict[str, list[str]]) -> None:
    mean, scores = report(ranked)
    assert mean >= MEAN_AT_LEAST, scores
    assert min(scores.values()) >= EACH_AT_LEAST, scores


@pytest.mark.browser
def test_unaccented_line_query_leads_with_lines(ranked: dict[str, list[str]]) -> None:
    """The reader's complaint: "duong day" put "Dưỡng đấu nối hộp công tơ" first."""
    wanted = {f"sang-kien/{inn.lower()}/" for inn in RELEVANT["duong day"]}
    assert ranked["duong day"][0] in wanted
    assert "sang-kien/evnspc-2022-0067/" not in ranked["duong day"][:3]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    report(first_results(Path(sys.argv[1]), list(RELEVANT)))
