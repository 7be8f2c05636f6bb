"""What readers see, in Debian's Chromium driven by Playwright, served from localhost."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import SAMPLE
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    return sample_site


@pytest.fixture(scope="module")
def site_url(sample_url: str) -> str:
    return sample_url


RECORD_VIOLATIONS = """
window.skViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.skViolations.push(
  `${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
"""
"""Run in every page before its own scripts: what the Content-Security-Policy refused."""


class Visit:
    """A page with every console error, every request and every violation of the page's
    Content-Security-Policy recorded; nothing leaves the machine."""

    def __init__(self, browser: Browser, width: int, height: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           locale="vi-VN")
        self.context.add_init_script(RECORD_VIOLATIONS)
        # Anything not local is refused at once, so a stray CDN link fails fast, not by timeout.
        self.context.route("**/*", lambda route: route.continue_()
                           if urlsplit(route.request.url).hostname in LOCAL_HOSTS
                           else route.abort())
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def violations(self) -> list[str]:
        """What the policy of the page now shown refused."""
        return self.page.evaluate("window.skViolations")

    def external_requests(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).scheme in ("http", "https")
                and urlsplit(u).hostname not in LOCAL_HOSTS]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Visit]:
    visit = Visit(browser, 1280, 900)
    yield visit
    visit.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Visit]:
    visit = Visit(browser, 360, 740)
    yield visit
    visit.close()


def _assert_fits_the_screen(visit: Visit) -> None:
    widths = visit.page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def _assert_clean(visit: Visit) -> None:
    assert visit.errors == []
    assert visit.violations() == []
    assert visit.external_requests() == []


def test_home_on_desktop_shows_counters(desktop: Visit, site_url: str) -> None:
    desktop.page.goto(site_url, wait_until="networkidle")
    counters = desktop.page.locator(".sk-counters .sk-progress")
    assert counters.count() >= 6
    for index in range(counters.count()):
        assert counters.nth(index).is_visible()
    assert desktop.page.locator('[data-counter="total"] .sk-progress__value').inner_text() \
        .endswith("/ 10.000")
    desktop.page.screenshot(path=str(Path(site_url_dir(desktop)) / "home-desktop.png"))
    _assert_clean(desktop)


def site_url_dir(visit: Visit) -> str:
    out = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return str(out)


def test_home_on_a_phone_has_no_horizontal_scroll(phone: Visit, site_url: str) -> None:
    phone.page.goto(site_url, wait_until="networkidle")
    assert phone.page.locator('[data-counter="total"]').is_visible()
    _assert_fits_the_screen(phone)
    phone.page.screenshot(path=str(Path(site_url_dir(phone)) / "home-phone.png"),
                          full_page=True)
    _assert_clean(phone)


def test_innovation_page(phone: Visit, site_url: str) -> None:
    phone.page.goto(site_url + "sang-kien/", wait_until="networkidle")
    first = phone.page.locator(".sk-card__title a").first
    title = first.inner_text()
    first.click()
    phone.page.wait_for_load_state("networkidle")
    assert phone.page.locator("h1").first.inner_text() == title
    assert phone.page.locator(".sk-facts").is_visible()
    assert "Ngày đăng ký" in phone.page.locator(".sk-facts").inner_text()
    _assert_fits_the_screen(phone)
    _assert_clean(phone)


def test_listing_pagination(desktop: Visit, site_url: str) -> None:
    desktop.page.goto(site_url + "sang-kien/", wait_until="networkidle")
    first_page = desktop.page.locator(".sk-card__title").all_inner_texts()
    assert len(first_page) == 20
    desktop.page.locator(".sk-pager__next").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url.endswith("/sang-kien/trang/2/")
    second_page = desktop.page.locator(".sk-card__title").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    assert desktop.page.locator(".sk-pager__current").inner_text() == "2"
    _assert_clean(desktop)


def test_stats_page_chart_and_tables(desktop: Visit, site_url: str) -> None:
    desktop.page.goto(site_url + "thong-ke/", wait_until="networkidle")
    assert desktop.page.locator("svg.sk-chart").first.is_visible()
    assert desktop.page.locator("#sk-by-target tbody tr").count() >= 8
    _assert_clean(desktop)


def _search(visit: Visit, site_url: str, query: str) -> list[dict[str, str]]:
    visit.page.goto(site_url + "tim-kiem/", wait_until="networkidle")
    visit.page.fill("#sk-q", query)
    visit.page.wait_for_function(
        "() => /kết quả|Không tìm thấy/.test(document.getElementById('sk-status').textContent)")
    return visit.page.eval_on_selector_all(".sk-result", """items => items.map(i => ({
        title: i.querySelector('.sk-result__title').textContent,
        href: i.querySelector('.sk-result__title').href,
        meta: i.querySelector('.sk-card__meta').textContent,
        summary: i.querySelector('.sk-card__summary').textContent}))""")


def _titles_with(words: str) -> set[str]:
    from generator.content.loader import load_content
    catalog = load_content(SAMPLE).catalog
    assert catalog is not None
    return {i.title for i in catalog.published if words in i.title.lower()}


def test_search_without_accents_finds_accented_text(desktop: Visit, site_url: str) -> None:
    expected = _titles_with("thủy điện")
    assert expected
    found = {r["title"] for r in _search(desktop, site_url, "thuy dien")}
    assert expected <= found or len(found) >= 10
    assert found & expected
    _assert_clean(desktop)


def test_search_folds_d_with_stroke(desktop: Visit, site_url: str) -> None:
    expected = _titles_with("đường dây")
    results = _search(desktop, site_url, "duong day")
    titles = [r["title"] for r in results]
    assert set(titles[:5]) & expected
    first = desktop.page.locator(".sk-result__title").first
    first.click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.locator("h1").first.inner_text() == titles[0]
    _assert_clean(desktop)


def test_search_finds_words_of_the_summary_and_the_start_of_a_word(desktop: Visit,
                                                                   site_url: str) -> None:
    from generator.content.loader import load_content
    from generator.site.vietnamese import fold
    catalog = load_content(SAMPLE).catalog
    assert catalog is not None

    def words(text: str) -> set[str]:
        return set(re.findall(r"\w{6,}", text.lower()))

    # The index folds tones: the word must not start any other word once folded either.
    elsewhere = {fold(w) for i in catalog.published for w in words(i.title) | words(i.body)}
    summary_only = sorted((word, inn.title) for inn in catalog.published
                          for word in words(inn.summary)
                          if not any(other.startswith(fold(word)) for other in elsewhere))
    assert summary_only, "the sample content has a word found only in a summary"
    word, title = summary_only[0]
    assert title in {r["title"] for r in _search(desktop, site_url, word)}
    # The last word as typed so far: "trạm bi" for "trạm biến áp".
    started = _search(desktop, site_url, "trạm bi")
    assert started and all("trạm" in (r["title"] + r["summary"]).lower()
                           for r in started[:3])
    _assert_clean(desktop)


def test_accented_query_ranks_exact_matches_first(desktop: Visit, site_url: str) -> None:
    results = _search(desktop, site_url, "đường dây")
    assert results
    top = results[0]
    assert "đường dây" in (top["title"] + " " + top["summary"]).lower()


def test_search_results_show_unit_category_and_summary(desktop: Visit, site_url: str) -> None:
    results = _search(desktop, site_url, "công tơ")
    innovation = next(r for r in results if r["meta"].startswith("Sáng kiến"))
    assert innovation["meta"].count(" · ") == 3  # kind · unit · category · date
    assert innovation["summary"]


def test_search_loads_no_filter_data_until_one_is_chosen(desktop: Visit,
                                                        site_url: str) -> None:
    _search(desktop, site_url, "công tơ")
    assert desktop.page.locator('select[data-filter="unit"] option').count() > 10
    assert not [u for u in desktop.requests if "/filter/" in u]


def test_search_filter_by_unit(desktop: Visit, site_url: str) -> None:
    _search(desktop, site_url, "điện")
    unit = "Công đoàn Tổng công ty Truyền tải điện Quốc gia"
    option = desktop.page.locator('select[data-filter="unit"] option', has_text=unit)
    desktop.page.select_option('select[data-filter="unit"]', option.get_attribute("value"))
    desktop.page.wait_for_function(
        "() => document.querySelectorAll('.sk-result').length > 0 && [...document"
        ".querySelectorAll('.sk-result .sk-card__meta')].every(m => m.textContent.includes("
        f"'{unit}'))")
    metas = desktop.page.locator(".sk-result .sk-card__meta").all_inner_texts()
    assert metas and all(unit in m for m in metas)
    _assert_clean(desktop)


def test_a_unit_or_an_id_typed_whole_leads(desktop: Visit, site_url: str) -> None:
    """A unit's code or the end of its name (the unit filter's options) and an innovation's
    id; an author's name is tested by test_search_ranking.py."""
    unit = "Công đoàn Tổng công ty Truyền tải điện Quốc gia"
    for query in ("EVNNPT", "evnnpt", "truyền tải điện quốc gia"):
        metas = [r["meta"] for r in _search(desktop, site_url, query)]
        assert len(metas) >= 3 and all(unit in m for m in metas[:3]), (query, metas[:3])
    for query in ("EVNNPT-2022-0034", "evnnpt-2022-0034"):
        results = _search(desktop, site_url, query)
        assert results and results[0]["href"].endswith("/sang-kien/evnnpt-2022-0034/"), query
    _assert_clean(desktop)


def test_search_newest_first(desktop: Visit, site_url: str) -> None:
    _search(desktop, site_url, "điện")
    desktop.page.evaluate("document.getElementById('sk-status').textContent = ''")
    desktop.page.select_option("#sk-sort", "desc")
    desktop.page.wait_for_function(
        "() => /kết quả/.test(document.getElementById('sk-status').textContent)")
    while desktop.page.locator("#sk-more").is_visible():
        shown = desktop.page.locator(".sk-result").count()
        desktop.page.click("#sk-more")
        desktop.page.wait_for_function(
            f"() => document.querySelectorAll('.sk-result').length > {shown}")
    dates = [m.rsplit(" · ", 1)[-1] for m in
             desktop.page.locator(".sk-result .sk-card__meta").all_inner_texts()
             if m.startswith("Sáng kiến")]
    keys = [d.split("/")[::-1] for d in dates]
    assert len(keys) > 50  # every page of results, not only the first
    assert keys == sorted(keys, reverse=True)


def test_search_on_a_phone(phone: Visit, site_url: str) -> None:
    phone.page.goto(site_url, wait_until="networkidle")
    phone.page.locator(".sk-search-link").click()
    phone.page.wait_for_load_state("networkidle")
    assert phone.page.url.endswith("/tim-kiem/")
    results = _search(phone, site_url, "sang kien")
    assert results
    _assert_fits_the_screen(phone)
    phone.page.screenshot(path=str(Path(site_url_dir(phone)) / "search-phone.png"),
                          full_page=True)
    _assert_clean(phone)


def test_every_built_page_carries_its_policy(site: Path) -> None:
    from generator.site.csp import META_START, inline_scripts, script_hash
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        # First in <head> after the charset: no script, style or <base> comes before it.
        start = re.search(r"<head>\s*<meta charset=\"utf-8\">\s*" + re.escape(META_START), html)
        assert start, path
        policy = html[start.end():html.index('"', start.end())]
        if path.relative_to(site).as_posix() == "bien-tap/index.html":
            # The web editor's own policy (generator/adapter/editor.py): Decap compiles code
            # at run time; still no inline script at all.
            assert inline_scripts(html) == [] and "'unsafe-eval'" in policy
            assert "'unsafe-inline'" not in policy.split("; style-src")[0]
            continue
        hashes = re.findall(r"'sha256-[A-Za-z0-9+/]+=*'", policy)
        # Exactly the page's own inline scripts (Material's, which vary with the depth).
        assert set(hashes) == {script_hash(text) for text in inline_scripts(html)}, path
        assert hashes, path
        assert "'unsafe-inline' 'wasm" not in policy and "'unsafe-eval'" not in policy
        for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'"):
            assert directive in policy.split("; "), (path, directive)


def _page_kinds(site: Path) -> list[str]:
    """One address per section and depth, and the 404 page: pages of one shape share the
    theme's inline scripts (bulk pages come from one shell per kind and depth)."""
    kinds: dict[tuple[str, int], str] = {}
    for loc in re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text("utf-8")):
        segments = [s for s in urlsplit(loc).path.split("/") if s]
        kinds.setdefault((segments[0] if segments else "", len(segments)),
                         "".join(f"{s}/" for s in segments))
    return [*kinds.values(), "404.html"]


def test_every_kind_of_page_runs_under_its_policy(desktop: Visit, site: Path,
                                                  site_url: str) -> None:
    urls = _page_kinds(site)
    assert len(urls) > 15 and "sang-kien/trang/2/" in urls
    for url in urls:
        desktop.page.goto(site_url + url, wait_until="load")
        # Two frames on: styles applied, so images their rules name are requested too.
        seen = desktop.page.evaluate("""() => new Promise(done => requestAnimationFrame(() =>
          requestAnimationFrame(() => done({
            policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
            material: typeof __md_get,  // Material's first inline script ran
            header: document.querySelector("[data-md-component=header]").offsetHeight > 0,
            violations: window.skViolations}))))""")
        assert "'sha256-" in seen["policy"] and seen["material"] == "function", url
        assert seen["header"] and seen["violations"] == [], (url, seen["violations"])
    assert desktop.errors == []
    assert desktop.external_requests() == []


def test_a_script_added_to_a_built_page_is_refused(desktop: Visit, site: Path,
                                                  site_url: str) -> None:
    original = next(p for p in sorted((site / "sang-kien").glob("*/index.html"))
                    if p.parent.name != "trang")  # an innovation page, from a bulk shell
    html = original.read_text(encoding="utf-8")
    added = ('<script>document.documentElement.dataset.added = "script"</script>'
             '<img src="data:," alt="" onerror="document.documentElement.dataset.added = '
             "'handler'\"></body>")
    tampered = html.replace("</body>", added)
    assert tampered != html
    # The same page without its policy: what the added code does when nothing stops it.
    unguarded = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", tampered)
    assert unguarded != tampered
    folder = original.parent  # same depth: the page's links and its theme scripts still hold
    (folder / "them-script.html").write_text(tampered, encoding="utf-8")
    (folder / "khong-chinh-sach.html").write_text(unguarded, encoding="utf-8")
    base = f"{site_url}{folder.relative_to(site).as_posix()}/"
    try:
        desktop.page.goto(base + "khong-chinh-sach.html", wait_until="load")
        assert desktop.page.evaluate("document.documentElement.dataset.added") == "handler"
        desktop.page.goto(base + "them-script.html", wait_until="load")
        assert desktop.page.evaluate("document.documentElement.dataset.added") is None
        assert desktop.page.evaluate("typeof __md_get") == "function"  # the theme's still run
        refused = desktop.violations()
        assert sorted(v.split(" ")[0] for v in refused) == ["script-src-attr",
                                                             "script-src-elem"], refused
        assert all(v.split(" ")[1] == "inline" for v in refused), refused
        assert len(desktop.errors) == 2
        assert all("Content Security Policy" in e for e in desktop.errors), desktop.errors
    finally:
        (folder / "them-script.html").unlink()
        (folder / "khong-chinh-sach.html").unlink()


def test_search_runs_under_the_policy(desktop: Visit, site_url: str) -> None:
    results = _search(desktop, site_url, "sang kien")
    assert results
    assert desktop.page.workers == []  # plain fetches from the site itself, no worker
    # Enter keeps the reader on the page (no inline handler does it any more).
    desktop.page.evaluate("window.skStayed = true")
    desktop.page.press("#sk-q", "Enter")
    desktop.page.wait_for_timeout(300)
    assert desktop.page.evaluate("window.skStayed") is True
    assert desktop.page.locator(".sk-result").count() == len(results)
    _assert_clean(desktop)


def test_partitioned_search_opens_few_small_files(desktop: Visit, site_url: str) -> None:
    results = _search(desktop, site_url, "duong day")
    assert results
    assert desktop.page.workers == []  # no worker, no WebAssembly: plain fetches
    opened = [u.removeprefix(site_url) for u in desktop.requests if "/chi-muc/" in u]
    assert opened[0] == "chi-muc/index.json"
    # The manifest, a dictionary part or two per word, one display file per 16 results.
    assert 2 <= len(opened) <= 1 + 2 * 2 + 10, opened
    _assert_clean(desktop)


def _wait_for_results(visit: Visit) -> None:
    visit.page.wait_for_function(
        "() => /kết quả|Không tìm thấy/.test(document.getElementById('sk-status').textContent)")


def _dates(visit: Visit) -> list[str]:
    """Registration dates of the innovations shown, as yyyy-mm-dd."""
    return ["-".join(m.rsplit(" · ", 1)[-1].split("/")[::-1]) for m in
            visit.page.locator(".sk-result .sk-card__meta").all_inner_texts()
            if m.startswith("Sáng kiến")]


def test_search_is_kept_in_the_address(desktop: Visit, site_url: str) -> None:
    _search(desktop, site_url, "duong day")
    assert desktop.page.url.endswith("/tim-kiem/?q=duong+day")
    desktop.page.evaluate("document.getElementById('sk-status').textContent = ''")
    desktop.page.select_option('select[data-filter="unit"]', "EVNNPC")
    _wait_for_results(desktop)
    desktop.page.evaluate("document.getElementById('sk-status').textContent = ''")
    desktop.page.select_option('select[data-filter="phase"]', "2")
    _wait_for_results(desktop)
    shared = desktop.page.url
    assert shared.endswith("/tim-kiem/?q=duong+day&don-vi=EVNNPC&giai-doan=2"), shared
    titles = desktop.page.locator(".sk-result__title").all_inner_texts()
    assert titles
    # The address, opened afresh (as a reader opens a shared link), gives the same search.
    desktop.page.goto("about:blank")
    desktop.page.goto(shared, wait_until="networkidle")
    _wait_for_results(desktop)
    assert desktop.page.input_value("#sk-q") == "duong day"
    assert desktop.page.input_value('select[data-filter="unit"]') == "EVNNPC"
    assert desktop.page.input_value('select[data-filter="phase"]') == "2"
    assert desktop.page.locator(".sk-result__title").all_inner_texts() == titles
    metas = desktop.page.locator(".sk-result .sk-card__meta").all_inner_texts()
    # EVNNPC's filter holds its subtree: the companies below it too (contract v3).
    subtree = ("Công đoàn Tổng công ty Điện lực miền Bắc", "Công đoàn Công ty Điện lực Lào Cai",
               "Công đoàn Công ty Điện lực Thái Nguyên")
    assert all(any(name in m for name in subtree) for m in metas), metas
    assert all("2022-06-01" <= d <= "2023-09-30" for d in _dates(desktop))
    # Filters and order alone, without a query, are kept too; the query can be cleared.
    desktop.page.fill("#sk-q", "")
    desktop.page.select_option("#sk-sort", "desc")
    desktop.page.wait_for_function(
        "() => location.search === '?don-vi=EVNNPC&giai-doan=2&sap-xep=moi-nhat'")
    _assert_clean(desktop)


def test_search_address_with_unknown_values_is_tidied(desktop: Visit, site_url: str) -> None:
    desktop.page.goto(site_url + "tim-kiem/?q=c%C3%B4ng+t%C6%A1&don-vi=KHONGCO&giai-doan=9",
                      wait_until="networkidle")
    _wait_for_results(desktop)
    assert desktop.page.input_value("#sk-q") == "công tơ"
    assert desktop.page.input_value('select[data-filter="unit"]') == ""
    assert desktop.page.url.endswith("/tim-kiem/?q=c%C3%B4ng+t%C6%A1")
    assert desktop.page.locator(".sk-result").count() > 0
    _assert_clean(desktop)


def test_search_phase_filter(desktop: Visit, site_url: str) -> None:
    from generator.content.loader import load_content
    catalog = load_content(SAMPLE).catalog
    assert catalog is not None
    phases = catalog.program.phases
    _search(desktop, site_url, "điện")
    labels = desktop.page.locator('select[data-filter="phase"] option').all_inner_texts()
    assert [label.split(" (")[0] for label in labels] == ["Tất cả", *(p.name for p in phases)]
    for phase in phases:
        expected = sum(1 for inn in catalog.published if phase.holds(inn.registered))
        assert labels[phase.id] == f"{phase.name} ({expected})"
        desktop.page.evaluate("document.getElementById('sk-status').textContent = ''")
        desktop.page.select_option('select[data-filter="phase"]', str(phase.id))
        _wait_for_results(desktop)
        while desktop.page.locator("#sk-more").is_visible():
            shown = desktop.page.locator(".sk-result").count()
            desktop.page.click("#sk-more")
            desktop.page.wait_for_function(
                f"() => document.querySelectorAll('.sk-result').length > {shown}")
        dates = _dates(desktop)
        assert dates
        assert all(phase.start.isoformat() <= d <= phase.end.isoformat() for d in dates)
    _assert_clean(desktop)


@pytest.mark.parametrize("width", [1280, 360])
def test_search_unit_names_are_readable(browser: Browser, site_url: str, width: int) -> None:
    visit = Visit(browser, width, 800)
    try:
        visit.page.goto(site_url + "tim-kiem/", wait_until="networkidle")
        unit = visit.page.locator('select[data-filter="unit"]')
        shown = unit.evaluate("s => [...s.options].slice(1).map(o => o.label)")
        assert len(shown) > 10 and len(set(shown)) == len(shown)
        assert not any(label.startswith("Công đoàn") for label in shown)
        assert "Tổng công ty Điện lực miền Bắc" in " ".join(shown)
        # Every unit's name, chosen, fits in the control: nothing is cut.
        widths = unit.evaluate("""s => { const c = document.createElement('canvas')
            .getContext('2d'); const style = getComputedStyle(s); c.font = style.font;
            const room = s.clientWidth - parseFloat(style.paddingLeft)
              - parseFloat(style.paddingRight) - 16;  // the arrow
            return [...s.options].map(o => [o.label, c.measureText(o.label).width, room]); }""")
        cut = [(label, round(w), round(room)) for label, w, room in widths if w > room]
        assert cut == [], cut
        _assert_fits_the_screen(visit)
        _assert_clean(visit)
    finally:
        visit.close()
