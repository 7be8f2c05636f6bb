"""The web editor (/bien-tap/, Decap CMS): its configuration from the contract, and an editor's
way through it in Chromium, against the local backend (decap-server) and `mkdocs serve` on a
copy of the sample content, as `bash scripts/edit` runs them."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import PROJECT, SAMPLE, image_bytes
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, Route
from serving import DECAP_SERVER, editing_served, fetch, wait_for_text

from generator.content import definitions as d
from generator.content.field_containers import Struct
from generator.content.fields import Pattern, Text
from generator.content.images import MAX_IMAGE_BYTES
from generator.content.loader import load_content
from generator.content.model import Catalog
from generator.site.editor_config import Backend, editor_config, editor_config_yaml
from generator.site.editor_widgets import CHARACTER

SCREENSHOTS = SAMPLE / "anh-huong-dan"
UPDATE_SCREENSHOTS = os.environ.get("UPDATE_SCREENSHOTS") == "1"
"""Screenshots for the editors' guide are written only when asked: they are committed once."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_content(SAMPLE).catalog
    assert loaded is not None
    return loaded


def _by_name(fields: list[dict], name: str) -> dict:
    (found,) = [f for f in fields if f["name"] == name]
    return found


def _collection(config: dict, name: str) -> dict:
    (found,) = [c for c in config["collections"] if c["name"] == name]
    return found


def _check_fields(widgets: list[dict], struct: Struct) -> None:
    """Each field of the contract has a widget, required as the checker requires it, with
    the checker's pattern or length."""
    assert [w["name"] for w in widgets if w["widget"] != "markdown"] == list(struct.fields)
    for name, field in struct.fields.items():
        widget = _by_name(widgets, name)
        assert widget["label"] and widget["label"] != name
        assert widget.get("required", True) == (name in struct.required), name
        if isinstance(field, Pattern) and widget["widget"] == "string":
            assert widget["pattern"][0] == "^" + field.regex + "$"
            assert re.fullmatch(widget["pattern"][0], field.example)
        if isinstance(field, Text) and field.max_len and widget["widget"] in ("string", "text"):
            length = f"{{{field.min_len},{field.max_len}}}"
            assert widget["pattern"][0] == "^" + CHARACTER + length + "$"
        if isinstance(field, Struct):
            _check_fields(widget["fields"], field)


def test_config_follows_the_contract(catalog: Catalog) -> None:
    config = editor_config(catalog, Backend(repo="evn/sang-kien"), "https://sangkien.example.vn/")
    assert config["locale"] == "vi"
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "evn/sang-kien"
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")

    innovations = _collection(config, "innovations")
    _check_fields(innovations["fields"], d.INNOVATION)
    fields = innovations["fields"]
    assert [o["value"] for o in _by_name(fields, "unit")["options"]] == [
        u.code for u in catalog.units]
    assert [o["value"] for o in _by_name(fields, "category")["options"]] == list(
        catalog.program.categories)
    awards = _by_name(fields, "awards")["fields"]
    assert [o["value"] for o in _by_name(awards, "kind")["options"]] == list(
        catalog.program.awards)
    assert _by_name(fields, "authors")["min"] == 1
    assert _by_name(fields, "registered")["widget"] == "sk-date"
    assert _by_name(fields, "registered")["program_start"] == (
        catalog.program.counted_from.isoformat())
    assert _by_name(_by_name(fields, "benefit")["fields"], "value_vnd")["widget"] == "sk-money"
    assert innovations["slug"] == "{{fields.id | lower}}"
    body = _by_name(fields, "body")["default"]
    assert all(f"## {heading}\n\n{sentence}" in body for heading, sentence in d.BODY_PLACEHOLDERS)
    assert innovations["folder"] == "content/innovations"
    assert innovations["media_folder"] == "" and innovations["path"].endswith("/{{slug}}/index")

    picks = _by_name(_collection(config, "featured")["fields"], "picks")
    assert picks["max"] == catalog.program.featured_per_month and picks["min"] == 1
    assert _by_name(picks["fields"], "id")["widget"] == "relation"
    assert _by_name(picks["fields"], "id")["collection"] == "innovations"
    assert _by_name(picks["fields"], "id")["display_fields"] == ["{{title}} ({{id}}, {{unit}})"]

    events = _collection(config, "events")
    assert events["folder"] == "content/events"
    assert events["slug"] == "{{fields.date}}-{{slug}}"
    presented = _by_name(events["fields"], "innovations")
    assert presented["field"]["widget"] == "sk-relation"  # removable (editor.js)
    assert presented["summary"] == "{{fields.innovations}}"  # a folded item shows its id
    kinds = _by_name(events["fields"], "kind")["options"]
    assert [o["value"] for o in kinds] == list(d.EVENT_KINDS)

    (units,) = _collection(config, "units")["files"]
    assert units["file"] == "content/units.yml"
    assert _collection(config, "units")["format"] == "sk-units"


def test_config_yaml_is_stable_and_plain(catalog: Catalog) -> None:
    first = editor_config_yaml(catalog, Backend(), "https://sangkien.example.vn/")
    assert first == editor_config_yaml(catalog, Backend(), "https://sangkien.example.vn/")
    assert "&id" not in first and "*id" not in first  # no YAML aliases
    assert yaml.safe_load(first) == editor_config(catalog, Backend(),
                                                  "https://sangkien.example.vn/")
    assert "CHU-SO-HUU/TEN-KHO" in first  # the placeholder the maintainer replaces


UNITS_ROUND_TRIP = """
const fs = require("fs");
global.window = {jsyaml: require(process.argv[2]), addEventListener: () => {},
                 h: () => null, createClass: (spec) => spec};
let format;
window.CMS = {registerCustomFormat: (name, extension, given) => { format = given; },
              registerLocale: () => {}, getLocale: () => ({}), registerWidget: () => {},
              init: () => {}};
eval(fs.readFileSync(process.argv[3], "utf8"));
const text = fs.readFileSync(process.argv[4], "utf8");
process.stdout.write(JSON.stringify({
  read: format.fromFile(text), written: format.toFile(format.fromFile(text))}));
"""


def test_units_yml_read_and_written_back_by_the_editor(tmp_path: Path) -> None:
    """The editor's format for units.yml (a list at the top of the file): what it writes
    back holds the same units, the header comments, and passes the checker."""
    script = tmp_path / "round_trip.js"
    script.write_text(UNITS_ROUND_TRIP, encoding="utf-8")
    result = subprocess.run(
        ["node", str(script), str(PROJECT / "node_modules" / "js-yaml"),
         str(PROJECT / "generator" / "adapter" / "editor_files" / "editor.js"),
         str(SAMPLE / "units.yml")], capture_output=True, text=True, check=True)
    out = json.loads(result.stdout)
    original = (SAMPLE / "units.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(out["written"]) == yaml.safe_load(original)
    header = original[:original.index("\n- ")]
    assert out["written"].startswith(header.rstrip() + "\n\n- ")
    assert out["read"]["units"][0]["targets"][0] == {"phase": 1, "target": yaml.safe_load(
        original)[0]["targets"][1]}
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    (content / "units.yml").write_text(out["written"], encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "generator", "validate", str(content)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# --- In Chromium -------------------------------------------------------------------------

@dataclass
class Editing:
    """A copy of the sample content served for editing: the repository folder decap-server
    writes into, the preview's address."""

    repo: Path
    base: str

    @property
    def content(self) -> Path:
        return self.repo / "content"


@pytest.fixture(scope="module")
def editing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editing]:
    if not DECAP_SERVER.is_file():
        pytest.fail("thiếu decap-server trong node_modules: chạy `bash scripts/setup`")
    root = tmp_path_factory.mktemp("editor")
    repo = root / "repo"
    shutil.copytree(SAMPLE, repo / "content")
    with editing_served(repo) as base:
        yield Editing(repo, base)




def _timing(task: str, seconds: float) -> None:
    """One measured time, in the form bench/editor_tasks.py collects (docs/performance.md)."""
    print(f"\nTIMING {task}: {seconds:.2f} s")


RECORD_VIOLATIONS = """
window.skViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.skViolations.push(
  `${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
window.skMoves = [];  // the page's own moves, printed when a test fails
window.addEventListener("hashchange", (event) => window.skMoves.push(
  `${Math.round(performance.now())} ms: ${event.oldURL} -> ${event.newURL}`));
for (const name of ["pushState", "replaceState"]) {
  const original = history[name].bind(history);
  history[name] = (state, title, url) => {
    window.skMoves.push(`${Math.round(performance.now())} ms: ${name} ${url}`);
    return original(state, title, url);
  };
}
"""

# Decap's screens are React renders driven through a loaded machine: a test whose wait runs out
# (Playwright's for a screen, ours for a file or a page: TimeoutError) runs once more; a wrong
# value or a refused rule is never run again. Each failure prints what the page showed
# (EditorVisit.report), so a real cause is not hidden.
pytestmark = pytest.mark.flaky(reruns=1, only_rerun=["^TimeoutError: "])



class EditorVisit:
    """The editor in a fresh browser context: every request recorded (none may leave
    127.0.0.1), console errors and policy violations kept."""

    def __init__(self, browser: Browser, editing: Editing) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 760},
                                           locale="vi-VN")
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.editing = editing

    def open(self) -> Page:
        page = self.page
        started = time.monotonic()
        page.goto(self.editing.base + "bien-tap/")
        login = page.get_by_role("button", name="Đăng nhập")
        login.wait_for()
        _timing("open the editor (address to the sign-in button)", time.monotonic() - started)
        self.shot("bien-tap-dang-nhap.png")
        started = time.monotonic()
        login.click()
        page.get_by_text("Bộ sưu tập").wait_for()
        page.wait_for_url("**/#/collections/**")  # Decap's move to the list after login
        _timing("sign in (button to the collections)", time.monotonic() - started)
        return page

    def shot(self, name: str) -> None:
        if UPDATE_SCREENSHOTS:
            SCREENSHOTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / name))

    def assert_clean(self) -> None:
        hosts = {urlsplit(u).hostname for u in self.requests
                 if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
        assert hosts == {"127.0.0.1"}, self.requests
        # No violation at all: the preview gives the editor no live-reload script (a rebuild
        # never reloads a form being filled), and nothing else is refused.
        assert self.page.evaluate("window.skViolations") == []
        assert "sk-xem-truoc.js" not in self.page.content()
        assert self.errors == []

    def report(self, name: str) -> None:
        """What the page showed when a test failed: its address, moves, errors, a picture."""
        page = self.page
        print(f"\nFAILED AT {page.url}\nerrors: {self.errors}")
        with contextlib.suppress(Exception):
            print("moves:", *page.evaluate("window.skMoves"), sep="\n  ")
            print("text:", page.locator("body").inner_text()[:1500])
            FAILURES.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(FAILURES / f"{name}.png"))

    def close(self) -> None:
        self.context.close()


FAILURES = PROJECT / "build" / "test-failures"


@pytest.fixture
def visit(request: pytest.FixtureRequest, browser: Browser,
          editing: Editing) -> Iterator[EditorVisit]:
    opened = EditorVisit(browser, editing)
    yield opened
    outcome = getattr(request.node, "outcome_call", None)
    if outcome is not None and outcome.failed:
        opened.report(request.node.name)
    opened.close()


def _choose(page: Page, label: str, text: str, index: int = 0) -> None:
    """A select or relation widget (react-select): type, take the first match."""
    page.get_by_label(label, exact=True).nth(index).click()
    page.keyboard.type(text)
    page.locator("[class*='-option']").filter(has_text=text).first.click()


@pytest.mark.browser
def test_editor_page_and_its_policy(editing: Editing) -> None:
    page = fetch(editing.base + "bien-tap/")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert "script-src 'self' 'unsafe-eval';" in policy[1]  # Decap's schema validator
    # blob: because Decap reads a picture it holds back (fetch) when it saves: measured in
    # test_a_photo_is_saved_beside_the_innovation, which fails without it. Nothing wider.
    (connect,) = [p for p in policy[1].split("; ") if p.startswith("connect-src ")]
    assert connect.split()[1:3] == ["'self'", "blob:"]
    assert not {"data:", "*", "http:", "https:"} & set(connect.split())
    assert "'unsafe-inline'" not in policy[1].split("style-src")[0]  # no inline script
    assert "<title>Biên tập nội dung" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # no CDN
    config = yaml.safe_load(fetch(editing.base + "bien-tap/config.yml"))
    assert config["locale"] == "vi"
    # The rest of the site keeps its policy without 'unsafe-eval'.
    assert "'unsafe-eval'" not in fetch(editing.base + "sang-kien/")


@pytest.mark.browser
def test_an_innovation_written_in_the_form_is_checked_and_previewed(
        visit: EditorVisit, editing: Editing) -> None:
    page = visit.open()
    visit.shot("bien-tap-bo-suu-tap.png")
    opened = time.monotonic()
    _new_innovation_form(page, editing)
    page.get_by_label("Mã sáng kiến").fill("EVNNPC-2022-0999")
    page.get_by_label("Tên sáng kiến").fill("Giá đỡ thử nghiệm lập từ trang biên tập")
    _choose(page, "Đơn vị", "EVNNPC")
    page.get_by_role("button", name="Thêm tác giả").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Thử")
    page.get_by_label("Chức danh, bộ phận").fill("Kỹ sư, Phòng Kỹ thuật")
    _choose(page, "Loại giải pháp", "Giải pháp kỹ thuật")
    page.get_by_label("Ngày đăng ký").fill("2022-03-15")
    page.get_by_label("Tóm tắt").fill("Giá đỡ giúp thay sứ mà không cần cắt điện.")
    for (_, sentence), text in zip(d.BODY_PLACEHOLDERS, (
            "Trước đây phải cắt điện cả tuyến để thay sứ.",
            "Giá đỡ kẹp vào xà, giữ dây dẫn trong lúc thay.",
            "Giảm 4 giờ mất điện mỗi lần thay."), strict=True):
        page.get_by_text(sentence, exact=True).click(click_count=3)
        page.keyboard.type(text)
    page.get_by_label("Mã sáng kiến").scroll_into_view_if_needed()
    visit.shot("bien-tap-bieu-mau.png")

    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay").click()
    saved = time.monotonic()
    written = editing.content / "innovations" / "evnnpc" / "evnnpc-2022-0999" / "index.md"
    while not written.is_file():
        if time.monotonic() - saved > 60:
            raise TimeoutError("the form's entry was never written")
        time.sleep(0.05)
    wait_for_text(editing.base + "sang-kien/evnnpc-2022-0999/",
                  "Giá đỡ thử nghiệm lập từ trang biên tập")
    served = time.monotonic() - saved
    print(f"\nfrom 'publish' in the form to the page in the preview: {served:.1f} s")
    _timing("create: new form to the page in the preview", time.monotonic() - opened)

    text = written.read_text(encoding="utf-8")
    assert "id: EVNNPC-2022-0999" in text and "## Giải pháp" in text
    checked = subprocess.run([sys.executable, "-m", "generator", "validate",
                              str(editing.content)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert served < 30
    # What the editor downloaded, from opening it to saving an entry, gzipped as a host would.
    editor_files = sorted({u for u in visit.requests if u.startswith(editing.base + "bien-tap/")})
    sizes, raw = {}, 0
    for url in editor_files:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read()
        raw += len(body)
        sizes[url] = len(gzip.compress(body, compresslevel=6, mtime=0))
    total = sum(sizes.values())
    print(f"\n/bien-tap/ downloads {len(sizes)} files, {total / 1024:.0f} KB gzipped")
    print(f"\nBYTES /bien-tap/ from opening to saving an entry: {len(sizes)} files, "
          f"{raw} bytes, {total} bytes gzipped: "
          + ", ".join(url.rsplit("/", 1)[-1] for url in editor_files))
    assert total < 2_000_000  # Decap's bundle is about 1.5 MB gzipped
    visit.assert_clean()


@pytest.mark.browser
def test_a_month_takes_at_most_its_number_of_picks(visit: EditorVisit, editing: Editing,
                                                   catalog: Catalog) -> None:
    limit = catalog.program.featured_per_month
    titles = [i.title for i in catalog.published][:limit + 1]
    page = visit.open()
    started = time.monotonic()
    _new_form(page, editing, "featured", "Tháng (YYYY-MM)")
    page.get_by_label("Tháng (YYYY-MM)").fill("2023-08")
    page.get_by_label("Tiêu đề").fill("Sáng kiến tiêu biểu tháng 8/2023")
    for index, title in enumerate(titles):
        page.get_by_role("button", name="Thêm sáng kiến được chọn").click()
        _choose(page, "Sáng kiến", title[:30], index)
        page.get_by_label("Dòng nổi bật").nth(index).fill(f"Dòng nổi bật {index + 1}")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay").click()
    refused = page.get_by_text(f"phải nằm trong khoảng từ 1 đến {limit} mục", exact=False)
    refused.wait_for()
    refused.scroll_into_view_if_needed()
    visit.shot("bien-tap-qua-so-luong.png")
    # Decap rejects its save promise with nothing when the form is invalid, uncaught.
    assert visit.errors == ["undefined"]
    visit.errors.clear()
    written = editing.content / "featured" / "2023-08.md"
    time.sleep(0.5)
    assert not written.exists()  # refused by the form

    # Each item's bar has two buttons: fold, remove.
    page.locator("button[class*='TopBarButton']").last.click()
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay").click()
    deadline = time.monotonic() + 15
    while not written.is_file():
        assert time.monotonic() < deadline, "the month's picks were never written"
        time.sleep(0.05)
    _timing("picks: new form, a sixth refused, five written", time.monotonic() - started)
    checked = subprocess.run([sys.executable, "-m", "generator", "validate",
                              str(editing.content)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    visit.assert_clean()


def test_the_cli_prints_the_config(catalog: Catalog) -> None:
    printed = subprocess.run([sys.executable, "-m", "generator", "editor-config", "--dir",
                              str(SAMPLE), "--repo", "evn/sang-kien"],
                             capture_output=True, text=True, check=True).stdout
    assert printed == editor_config_yaml(catalog, Backend(repo="evn/sang-kien"))


# --- What a union officer met in the form ---------------------------------------------------

PARSERS = """
const fs = require("fs");
global.window = {jsyaml: {}, addEventListener: () => {}, h: () => null,
                 createClass: (spec) => spec};
window.CMS = {registerCustomFormat: () => {}, registerLocale: () => {},
              getLocale: () => ({}), registerWidget: () => {}, init: () => {}};
eval(fs.readFileSync(process.argv[2], "utf8"));
const cases = JSON.parse(process.argv[3]);
process.stdout.write(JSON.stringify({
  money: cases.money.map((text) => window.skEditor.parseMoney(text, 9007199254740991)),
  dates: cases.dates.map((text) => window.skEditor.parseDate(text, 1900, 2099))}));
"""

MONEY = {"1.200.000": 1_200_000, "1,2 tỷ": 1_200_000_000, "1.200.000 đồng": 1_200_000,
         "1,5 triệu": 1_500_000, "1200000": 1_200_000, "350 nghìn": 350_000,
         "1 200 000 đ": 1_200_000, "0": 0}
"""Each differs from the one before: the form publishes only a change."""
MONEY_REFUSED = ("1.2.3", "1,5", "1,2345678 triệu", "một triệu", "1.200,000,5",
                 "99.999.999.999.999.999", "-5")
DATES = {"15/09/2023": "2023-09-15", "5/9/2023": "2023-09-05", "15.09.2023": "2023-09-15",
         "2023-09-15": "2023-09-15", "29/02/2024": "2024-02-29"}
DATES_REFUSED = ("15/09/23", "31/02/2023", "15/13/2023", "09/15/2023x", "15/09/1899")


def _editor_script(tmp_path: Path, cases: dict) -> dict:
    script = tmp_path / "parsers.js"
    script.write_text(PARSERS, encoding="utf-8")
    done = subprocess.run(["node", str(script), str(EDITOR_JS), json.dumps(cases)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


EDITOR_JS = PROJECT / "generator" / "adapter" / "editor_files" / "editor.js"
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]", re.IGNORECASE)


def test_money_and_dates_read_the_vietnamese_way(tmp_path: Path) -> None:
    """Every way the officer writes an amount or a day is read exactly, or refused with a
    Vietnamese sentence: never a silent change."""
    out = _editor_script(tmp_path, {"money": [*MONEY, *MONEY_REFUSED],
                                    "dates": [*DATES, *DATES_REFUSED]})
    assert [r.get("value") for r in out["money"][:len(MONEY)]] == list(MONEY.values())
    for text, refused in zip(MONEY_REFUSED, out["money"][len(MONEY):], strict=True):
        assert "value" not in refused and VIETNAMESE_LETTERS.search(refused["error"]), text
    assert [r.get("value") for r in out["dates"][:len(DATES)]] == list(DATES.values())
    for text, refused in zip(DATES_REFUSED, out["dates"][len(DATES):], strict=True):
        assert "value" not in refused and VIETNAMESE_LETTERS.search(refused["error"]), text
    # The size the script refuses a picture over is the checker's.
    assert f"var MAX_IMAGE_BYTES = {MAX_IMAGE_BYTES};" in EDITOR_JS.read_text(encoding="utf-8")


def _fill_innovation(page: Page, editing: Editing, ident: str, title: str,
                     unit: str = "EVNNPC", registered: str = "15/03/2022",
                     body: bool = True) -> None:
    """A new innovation as an officer fills it: typing, choosing, no shortcut."""
    _new_innovation_form(page, editing)
    page.get_by_label("Mã sáng kiến").fill(ident)
    page.get_by_label("Tên sáng kiến").fill(title)
    _choose(page, "Đơn vị", unit)
    page.get_by_role("button", name="Thêm tác giả").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Thử")
    _choose(page, "Loại giải pháp", "Giải pháp kỹ thuật")
    page.get_by_label("Ngày đăng ký").click()
    page.keyboard.type(registered)
    page.get_by_label("Tóm tắt").fill("Giá đỡ giúp thay sứ mà không cần cắt điện.")
    if not body:
        return
    for (_, sentence), text in zip(d.BODY_PLACEHOLDERS, (
            "Trước đây phải cắt điện cả tuyến để thay sứ.",
            "Giá đỡ kẹp vào xà, giữ dây dẫn trong lúc thay.",
            "Giảm 4 giờ mất điện mỗi lần thay."), strict=True):
        page.get_by_text(sentence, exact=True).click(click_count=3)
        page.keyboard.type(text)


def _new_innovation_form(page: Page, editing: Editing) -> None:
    """The new-innovation form, opened afresh and left in place: Decap may still be moving to
    the last saved entry, or to the list after login, and would take the form away half
    filled. An officer whose form vanished opens it again; so does this."""
    add_author = page.get_by_role("button", name="Thêm tác giả")
    for _ in range(4):
        page.goto(editing.base + "bien-tap/#/collections/innovations/new")
        page.reload()
        page.get_by_label("Mã sáng kiến").wait_for()
        if _stays(page, "/collections/innovations/new", lambda: add_author.count() == 1):
            return
    raise AssertionError(f"the new form never stayed open: {page.url}")


def _stays(page: Page, suffix: str, present: Callable[[], bool]) -> bool:
    """Whether the form is still there after a pending move of Decap's would have happened:
    looked at twice, the second time later (a loaded machine delays the move)."""
    for pause in (800, 1500):
        page.wait_for_timeout(pause)
        if not (page.url.endswith(suffix) and present()):
            return False
    return True


def _new_form(page: Page, editing: Editing, collection: str, label: str) -> None:
    """A collection's new form, opened afresh and left in place (as _new_innovation_form)."""
    field = page.get_by_label(label)
    for _ in range(4):
        page.goto(editing.base + f"bien-tap/#/collections/{collection}/new")
        page.reload()
        field.wait_for()
        if _stays(page, f"/collections/{collection}/new", lambda: field.count() >= 1):
            return
    raise AssertionError(f"the new form never stayed open: {page.url}")


def _open_entry(page: Page, editing: Editing, address: str, label: str,
                witness: str = "Xoá mục này") -> None:
    """An entry's form (`<collection>/entries/<slug>`), opened afresh and left in place: the
    address stays and the witness button is there after a pending move of Decap's."""
    for _ in range(4):
        page.goto(editing.base + f"bien-tap/#/collections/{address}")
        page.reload()
        page.get_by_label(label).wait_for()
        page.wait_for_timeout(1500)  # a pending move of Decap's happens by now
        if (page.url.endswith(f"/collections/{address}")
                and page.locator("button", has_text=witness).count() >= 1):
            return
    raise AssertionError(f"the entry's form never stayed open: {page.url}")


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay").click()


def _written(path: Path, before: int | None = None, timeout: float = 60) -> float:
    """Waits for the form's save to reach the file (a new file, or a newer one); the time.
    A wait, not a measure (bench/editor_tasks.py measures): TimeoutError when it runs out."""
    started = time.monotonic()
    while not path.is_file() or (before is not None and path.stat().st_mtime_ns == before):
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{path} was never written")
        time.sleep(0.05)
    time.sleep(0.2)  # decap-server writes the file, then the picture
    return time.monotonic() - started


def _validate(editing: Editing) -> None:
    checked = subprocess.run([sys.executable, "-m", "generator", "validate",
                              str(editing.content)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _money(page: Page) -> Locator:
    field = page.get_by_label("Giá trị làm lợi (đồng/năm)")
    if not field.is_visible():
        heading = page.locator("div", has=page.get_by_text("Hiệu quả làm lợi", exact=True))
        heading.last.locator("[data-testid=expand-button]").first.click()
        field.wait_for()
    return field


@pytest.mark.browser
def test_a_photo_is_saved_beside_the_innovation(visit: EditorVisit, editing: Editing,
                                                tmp_path: Path) -> None:
    small = tmp_path / "anh-gia-do.png"
    small.write_bytes(image_bytes((64, 48)))
    big = tmp_path / "anh-qua-lon.jpg"
    noise = Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3))
    noise.save(big, "JPEG", quality=100)
    size = big.stat().st_size
    assert size > MAX_IMAGE_BYTES
    dialogs: list[str] = []
    page = visit.open()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    opened = time.monotonic()
    _fill_innovation(page, editing, "EVNNPC-2022-0901", "Giá đỡ có ảnh minh họa")
    page.get_by_role("button", name="Chọn một hình").click()
    upload = page.locator("input[type=file]")
    upload.set_input_files(str(big))
    deadline = time.monotonic() + 5
    while not dialogs:
        assert time.monotonic() < deadline, "a picture over the limit was not refused"
        page.wait_for_timeout(50)
    megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")
    assert dialogs[0].startswith("Ảnh “anh-qua-lon.jpg” nặng ")
    assert f"nặng {megabytes} MB" in dialogs[0] and "1 MB (1.000.000 byte)" in dialogs[0]
    assert f"{size:,}".replace(",", ".") + " byte" in dialogs[0]
    upload.set_input_files(str(small))
    page.get_by_text("anh-gia-do.png").first.wait_for()
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    visit.shot("bien-tap-anh.png")
    started = time.monotonic()
    _publish(page)
    folder = editing.content / "innovations" / "evnnpc" / "evnnpc-2022-0901"
    _written(folder / "index.md")
    _written(folder / "anh-gia-do.png")
    print(f"\nphoto: 'publish' to both files written: {time.monotonic() - started:.2f} s")
    _timing("create with a photo (and a refused one): new form to both files written",
            time.monotonic() - opened)
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---")[1])["image"] == "anh-gia-do.png"
    assert (folder / "anh-gia-do.png").read_bytes() == small.read_bytes()
    _validate(editing)
    visit.assert_clean()


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def _reopen(page: Page, editing: Editing, slug: str) -> None:
    """The entry opened afresh, as from the collection's list."""
    page.goto(editing.base + f"bien-tap/#/collections/innovations/entries/{slug}")
    page.reload()
    page.get_by_label("Mã sáng kiến").wait_for()


def _retype(page: Page, field: Locator, text: str) -> None:
    field.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


@pytest.mark.browser
def test_money_and_dates_typed_in_the_form_are_stored_exactly(
        visit: EditorVisit, editing: Editing, catalog: Catalog) -> None:
    """1.200.000 đồng was saved as 100: each way of writing an amount, typed in the form and
    published, is the exact integer in the file; a day typed 15/09/2023 is 2023-09-15; what
    the form cannot read it refuses, in Vietnamese, and the file stays as it was; a form
    opened and published unchanged writes the same bytes."""
    page = visit.open()
    _fill_innovation(page, editing, "EVNNPC-2023-0902", "Giá đỡ có giá trị làm lợi",
                     registered="15/09/2023")
    applied = page.get_by_label("Ngày áp dụng")
    _retype(page, applied, "15/09/2030")
    end = catalog.program.counted_until
    warning = page.get_by_text("Lưu ý: ngày này sau khi chương trình kết thúc "
                               f"({end:%d/%m/%Y}); kiểm tra lại, vẫn lưu được.")
    warning.wait_for()
    visit.shot("bien-tap-ngay-ngoai-chuong-trinh.png")
    _retype(page, applied, "1/9/2023")
    assert warning.count() == 0
    written = editing.content / "innovations" / "evnnpc" / "evnnpc-2023-0902" / "index.md"
    timings = []
    for index, (text, value) in enumerate(MONEY.items()):
        if index:
            _reopen(page, editing, "evnnpc/evnnpc-2023-0902/index")
        _retype(page, _money(page), text)
        if text != f"{value:,}".replace(",", "."):
            page.get_by_text(f"Sẽ lưu: {value:,} đồng.".replace(",", ".")).wait_for()
        before = written.stat().st_mtime_ns if index else None
        started = time.monotonic()
        _publish(page)
        _written(written, before)
        timings.append(time.monotonic() - started)
        front = _front(written)
        assert front["benefit"]["value_vnd"] == value, text
        assert front["registered"] == dt.date(2023, 9, 15)
        assert front["applied"] == dt.date(2023, 9, 1)
        assert "registered: 2023-09-15\n" in written.read_text(encoding="utf-8")
    print(f"\npublish to file written, {len(timings)} saves: median "
          f"{statistics.median(timings):.2f} s, max {max(timings):.2f} s")
    _validate(editing)

    # Refused in the form, in Vietnamese: the file keeps its last amount.
    kept = written.read_bytes()
    _retype(page, _money(page), "1.2.3 đồng")
    page.get_by_text("Không đọc được số tiền “1.2.3 đồng”", exact=False).first.wait_for()
    _publish(page)
    page.get_by_text("Không đọc được số tiền", exact=False).first.wait_for()
    time.sleep(1)
    assert written.read_bytes() == kept
    # Decap rejects its save promise with nothing when the form is invalid, uncaught.
    assert visit.errors in ([], ["undefined"])
    visit.errors.clear()

    # Opened again: the form shows what is stored, the Vietnamese way. Decap publishes only
    # a change (a letter typed and taken back leaves "Đã công bố"): a title changed and
    # published changes that line only; changed back, the file is byte for byte as before.
    page.once("dialog", lambda dialog: dialog.accept())  # leave the refused form
    _reopen(page, editing, "evnnpc/evnnpc-2023-0902/index")
    assert _money(page).input_value() == f"{list(MONEY.values())[-1]:,}".replace(",", ".")
    assert page.get_by_label("Ngày đăng ký").input_value() == "15/09/2023"
    assert page.get_by_label("Ngày áp dụng").input_value() == "01/09/2023"
    title = page.get_by_label("Tên sáng kiến")
    title.click()
    page.keyboard.press("End")
    page.keyboard.type(" mới")
    before = written.stat().st_mtime_ns
    _publish(page)
    _written(written, before)
    changed = [(a, b) for a, b in zip(kept.decode().splitlines(),
                                      written.read_text(encoding="utf-8").splitlines(),
                                      strict=True) if a != b]
    assert changed == [("title: Giá đỡ có giá trị làm lợi",
                        "title: Giá đỡ có giá trị làm lợi mới")]
    _reopen(page, editing, "evnnpc/evnnpc-2023-0902/index")
    page.get_by_label("Tên sáng kiến").click()
    page.keyboard.press("End")
    for _ in " mới":
        page.keyboard.press("Backspace")
    before = written.stat().st_mtime_ns
    _publish(page)
    _written(written, before)
    assert written.read_bytes() == kept
    visit.assert_clean()


@pytest.mark.browser
def test_same_titles_get_their_own_folders_and_the_picker_tells_them_apart(
        visit: EditorVisit, editing: Editing) -> None:
    """A second innovation of the same title was written as index-1.md in the first one's
    folder; the picks' picker showed two identical lines."""
    title = "Giá đỡ trùng tên để thử"
    page = visit.open()
    written = []
    for ident, unit in (("EVNNPC-2022-0911", "EVNNPC"), ("EVNNPC-2022-0912", "EVNNPC")):
        _fill_innovation(page, editing, ident, title, unit=unit)
        _publish(page)
        path = editing.content / "innovations" / "evnnpc" / ident.lower() / "index.md"
        _written(path)
        written.append(path)
    assert [_front(p)["id"] for p in written] == ["EVNNPC-2022-0911", "EVNNPC-2022-0912"]
    assert not list((editing.content / "innovations").rglob("index-1.md"))
    _validate(editing)

    page.goto(editing.base + "bien-tap/#/collections/featured/new")
    page.get_by_role("button", name="Thêm sáng kiến được chọn").click()
    page.get_by_label("Sáng kiến", exact=True).click()
    page.keyboard.type("trùng tên")
    options = page.locator("[class*='-option']").filter(has_text=title)
    options.nth(1).wait_for()
    assert sorted(options.all_inner_texts()) == [
        f"{title} (EVNNPC-2022-0911, EVNNPC)", f"{title} (EVNNPC-2022-0912, EVNNPC)"]
    # The id typed instead leaves that innovation alone in the picker (its search done,
    # nothing pending when the page is judged).
    page.keyboard.press("Control+A")
    page.keyboard.type("EVNNPC-2022-0912")
    options.filter(has_text="EVNNPC-2022-0911").first.wait_for(state="detached")
    assert options.all_inner_texts() == [f"{title} (EVNNPC-2022-0912, EVNNPC)"]
    visit.assert_clean()


ENGLISH = re.compile(
    r"\b(Add|Copy|Publish(ed|ing)?|Failed|UTC|mm/dd/yyyy|dd/mm/yyyy|Save|Delete|Close|"
    r"Expand|Collapse|View|Choose|Upload|Search|Entries|Loading|Bold|Italic|Link|Quote|"
    r"Headings?|Code|Markdown|Rich Text|Insert|Remove|Replace|Now|Clear|Notes?|Status|"
    r"Draft|Ready|Review|Sort|Filter|Group|Cancel|Edit|Error|Invalid|Required|field|"
    r"Select|No options|Type to search|Toggle|Log ?out|Quick add|Workflow|Media)\b")
"""English a Decap screen may still show; what an officer sees must be Vietnamese."""

VISIBLE_TEXT = """() => {
  const out = [document.body.innerText];
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      if (el.hasAttribute(name)) out.push(`${name}=${el.getAttribute(name)}`);
    }
  }
  return out.join("\\n");
}"""


@pytest.mark.browser
def test_the_editor_is_vietnamese_even_when_its_own_script_comes_late(
        visit: EditorVisit, editing: Editing) -> None:
    """On a slow line, editor.js can arrive after config.yml: Decap must not have started by
    then with its own phrases ("Add" on a list) and without our widgets."""
    page = visit.open()

    def late(route: Route) -> None:
        time.sleep(2.5)  # config.yml and Decap's bundle are in by then
        route.continue_()

    page.route("**/bien-tap/editor.js", late)
    page.goto(editing.base + "bien-tap/#/collections/featured/new")
    page.reload()
    page.get_by_label("Tháng (YYYY-MM)").wait_for()
    page.get_by_role("button", name="Thêm sáng kiến được chọn").wait_for()
    assert "Add " not in page.locator("body").inner_text()
    page.unroute("**/bien-tap/editor.js")


@pytest.mark.browser
def test_every_screen_of_the_editor_is_vietnamese(visit: EditorVisit,
                                                  editing: Editing) -> None:
    page = visit.open()
    page.on("dialog", lambda dialog: dialog.accept())  # leaving a form not saved
    screens: dict[str, str] = {}

    def look(name: str) -> None:
        page.wait_for_timeout(300)
        screens[name] = page.evaluate(VISIBLE_TEXT)

    page.goto(editing.base + "bien-tap/#/collections/innovations")
    page.get_by_text("Sáng kiến", exact=True).first.wait_for()
    look("danh sách sáng kiến")
    _new_innovation_form(page, editing)
    page.get_by_role("button", name="Thêm tác giả").click()
    page.get_by_role("button", name="Thêm giải thưởng").click()
    look("biểu mẫu sáng kiến mới")
    unnamed = page.evaluate("""() => [...document.querySelectorAll("button")]
      .filter((b) => b.offsetParent !== null && !(b.getAttribute("aria-label")
                     || b.getAttribute("aria-labelledby") || b.innerText.trim() || b.title
                     || [...b.labels].some((l) => l.innerText.trim())))
      .map((b) => b.outerHTML.slice(0, 120))""")
    assert unnamed == []  # every button has a name a screen reader says (list items' too)
    page.get_by_label("Ngày đăng ký").click()
    page.keyboard.type("31/02/2023")
    look("ô ngày sai")
    _publish(page)
    page.get_by_text("Không có ngày 31/2/2023 trong lịch.").first.wait_for()
    look("lỗi khi công bố")
    page.get_by_role("button", name="Chọn một hình").click()
    page.get_by_role("button", name="Tải lên").wait_for()
    look("hộp tải ảnh")
    page.get_by_role("button", name="Đóng").click()
    # Afresh (reloaded): Decap keeps the refused form's errors in the next new form otherwise.
    _new_form(page, editing, "featured", "Tháng (YYYY-MM)")
    page.get_by_role("button", name="Thêm sáng kiến được chọn").click()
    page.get_by_label("Sáng kiến", exact=True).click()
    page.locator("[class*='-option']").first.wait_for()
    look("chọn sáng kiến")
    english = {name: sorted({m[0] for m in ENGLISH.finditer(text)})
               for name, text in screens.items()}
    lines = {name: [line for line in text.splitlines() if ENGLISH.search(line)]
             for name, text in screens.items()}
    assert {name: words for name, words in english.items() if words} == {}, lines
    assert visit.errors in ([], ["undefined"])  # Decap's refused save, uncaught
    visit.errors.clear()


@pytest.mark.browser
def test_the_list_filters_by_unit_groups_by_year_and_marks_drafts(
        visit: EditorVisit, editing: Editing) -> None:
    """A union's officer finds its own innovations: "Lọc theo" a unit shows that unit's and
    its units' below; drafts say so in the list; grouped by year; all of it in Vietnamese."""
    catalog = load_content(editing.content).catalog  # as other tests of the module left it
    assert catalog is not None
    page = visit.open()
    page.goto(editing.base + "bien-tap/#/collections/innovations")
    cards = page.locator("a[href*='#/collections/innovations/entries/']")
    cards.first.wait_for()
    _until(lambda: cards.count() == len(catalog.innovations), "the list never showed all", 60)
    texts = cards.all_inner_texts()
    drafts = {i.id for i in catalog.innovations if i.draft}
    assert drafts and {t.rsplit("(", 1)[1].rstrip(")") for t in texts
                       if t.startswith("Bản nháp · ")} == drafts
    parent = next(u for u in catalog.units if u.children)
    page.get_by_role("button", name="Lọc theo").click()
    page.get_by_text(f"{parent.code} – {parent.name}", exact=True).wait_for()
    menu = page.evaluate(VISIBLE_TEXT)
    page.get_by_text(f"{parent.code} – {parent.name}", exact=True).click()
    subtree = {i.id for i in catalog.innovations if parent.code in catalog.lineage(i.unit)}
    assert any(i.unit != parent.code for i in catalog.innovations if i.id in subtree)
    _until(lambda: cards.count() == len(subtree), "the filter never applied", 30)
    assert {t.rsplit("(", 1)[1].rstrip(")") for t in cards.all_inner_texts()} == subtree
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Nhóm theo").click()
    page.get_by_text("Năm đăng ký", exact=True).click()
    year = catalog.innovations[0].registered.year
    page.get_by_text(f"Năm đăng ký {year}").first.wait_for()
    visit.shot("bien-tap-loc-theo-don-vi.png")
    english = [line for line in (menu + "\n" + page.evaluate(VISIBLE_TEXT)).splitlines()
               if ENGLISH.search(line)]
    assert english == []
    visit.assert_clean()


@pytest.mark.browser
def test_sample_sentences_are_refused_before_saving_unless_a_draft(
        visit: EditorVisit, editing: Editing) -> None:
    """The body's sample sentences left in: the form says where before saving (the checker
    would refuse the file and the preview show the problem instead of the page); as a draft
    the innovation is saved."""
    page = visit.open()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    _fill_innovation(page, editing, "EVNNPC-2023-0936", "Câu mẫu còn sót", body=False)
    written = editing.content / "innovations" / "evnnpc" / "evnnpc-2023-0936" / "index.md"
    _publish(page)
    _until(lambda: bool(dialogs), "the sample sentences were not refused", 30)
    assert dialogs[0] == (
        "Chưa lưu được:\n\nCòn câu mẫu chưa thay ở mục “Thực trạng” của “Nội dung”, mục "
        "“Giải pháp” của “Nội dung”, mục “Hiệu quả” của “Nội dung”. Thay bằng nội dung "
        "thật, hoặc bật “Bản nháp” để lưu mà chưa đăng.")
    time.sleep(1)
    assert not written.exists()
    visit.errors.clear()  # Decap's refused save, uncaught
    page.get_by_label("Bản nháp (chưa đăng)").check()
    _publish(page)
    _written(written)
    assert "draft: true" in written.read_text(encoding="utf-8")
    _validate(editing)


@pytest.mark.browser
def test_a_list_pasted_at_a_headings_end_goes_below_it(visit: EditorVisit,
                                                       editing: Editing) -> None:
    """The caret at the end of "Giải pháp", a list and a paragraph pasted: they follow the
    heading (Decap alone glued the list's first item into the heading)."""
    page = visit.open()
    _new_innovation_form(page, editing)
    page.get_by_text("Giải pháp", exact=True).last.click()
    page.keyboard.press("End")
    page.wait_for_timeout(300)  # the editor takes the click's caret first
    page.evaluate(PASTE, ["<ul><li>Ý một</li><li>Ý hai</li></ul><p>Đoạn cuối.</p>",
                          "Ý một Ý hai Đoạn cuối."])
    rich = page.locator("[data-slate-editor]").last
    rich.locator("li", has_text="Ý hai").wait_for()
    assert rich.locator("h2").all_inner_texts()[1] == "Giải pháp"
    page.get_by_label("Chuyển chế độ soạn: có định dạng hoặc văn bản thô").last.click()
    raw = page.locator("[data-slate-editor]").last
    raw.get_by_text("Đoạn cuối.").wait_for()
    text = re.sub(r"\n[\s\ufeff]*\n", "\n", raw.inner_text().replace("\ufeff", ""))
    assert "## Giải pháp\n* Ý một\n* Ý hai\nĐoạn cuối.\nMô tả giải pháp" in text, text
    page.get_by_label("Chuyển chế độ soạn: có định dạng hoặc văn bản thô").last.click()
    visit.errors.clear()


# --- Each task of an officer, the board and a union office ----------------------------------

def _referenced(catalog: Catalog) -> set[str]:
    """Ids a month's picks or an event names."""
    picked = {p.id for month in catalog.months for p in month.picks}
    return picked | {i for event in catalog.events for i in event.innovations}


def _spare(catalog: Catalog, skip: int) -> list:
    """Published innovations nothing names and without awards, for tasks that change them
    (each test takes its own: the served copy is shared by the module)."""
    # The month's picks test picks the first published ones (and with it, the catalog the
    # editor reads names them): never these.
    picked = {i.id for i in catalog.published[:catalog.program.featured_per_month + 1]}
    free = [i for i in catalog.published
            if i.id not in _referenced(catalog) | picked and not i.awards]
    return free[skip:]


def _served(url: str, seconds: float = 90) -> str | None:
    """The page's text, None when the preview answers 404. A preview busy rebuilding answers
    when it is done: a reader's browser waits for it, and so does this."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise
        except (TimeoutError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _until(check: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


def _entry_path(editing: Editing, inn: Any) -> Path:
    return editing.content / inn.source


def _entry_slug(inn: Any) -> str:
    """The entry's address in the editor: its path under innovations/, without .md."""
    return inn.source.removeprefix("innovations/").removesuffix(".md")


@pytest.mark.browser
def test_an_award_is_added_to_an_innovation_through_the_form(
        visit: EditorVisit, editing: Editing, catalog: Catalog) -> None:
    inn = _spare(catalog, 0)[0]
    written = _entry_path(editing, inn)
    before = written.stat().st_mtime_ns
    page = visit.open()
    started = time.monotonic()
    _open_entry(page, editing, f"innovations/entries/{_entry_slug(inn)}", "Mã sáng kiến",
                "Thêm giải thưởng")
    page.locator("button", has_text="Thêm giải thưởng").click()
    _choose(page, "Loại giải thưởng", "Bằng Lao động sáng tạo")
    awarded = inn.registered + dt.timedelta(days=40)
    page.get_by_label("Ngày quyết định").click()
    page.keyboard.type(f"{awarded:%d/%m/%Y}")
    page.get_by_label("Số quyết định").fill("1234/QĐ-TLĐ")
    _publish(page)
    _written(written, before)
    _timing("award: entry opened to file written", time.monotonic() - started)
    front = _front(written)
    assert front["awards"] == [{"kind": "bang-ldst", "date": awarded,
                                "decision": "1234/QĐ-TLĐ"}]
    _validate(editing)
    shown = wait_for_text(editing.base + f"sang-kien/{inn.id.lower()}/",
                          "Quyết định số 1234/QĐ-TLĐ")
    _timing("award: entry opened to the award in the preview", time.monotonic() - started)
    assert f'datetime="{awarded.isoformat()}"' in shown and "Bằng Lao động sáng tạo" in shown
    visit.assert_clean()


@pytest.mark.browser
def test_an_innovation_nothing_names_is_deleted_through_the_form(
        visit: EditorVisit, editing: Editing, catalog: Catalog) -> None:
    inn = _spare(catalog, 1)[0]
    written = _entry_path(editing, inn)
    address = editing.base + f"sang-kien/{inn.id.lower()}/"
    assert inn.title in (_served(address) or "")
    page = visit.open()
    page.on("dialog", lambda dialog: dialog.accept())
    started = time.monotonic()
    _open_entry(page, editing, f"innovations/entries/{_entry_slug(inn)}", "Mã sáng kiến")
    page.get_by_role("button", name="Xoá mục này").click()
    _until(lambda: not written.exists(), f"{written} was not deleted", 60)
    _timing("delete: entry opened to file gone", time.monotonic() - started)
    _validate(editing)
    _until(lambda: _served(address) is None, f"{address} still served")
    _timing("delete: entry opened to the page gone from the preview", time.monotonic() - started)
    listing = _served(editing.base + f"don-vi/{inn.unit.lower()}/") or ""
    assert inn.title not in listing
    visit.assert_clean()


@pytest.mark.browser
def test_an_exchange_is_added_then_one_presented_innovation_removed(
        visit: EditorVisit, editing: Editing, catalog: Catalog) -> None:
    first, second = [i for i in _spare(catalog, 2) if i.unit == "EVNNPC"][:2]
    other = next(u.code for u in catalog.units if u.code != "EVNNPC")
    events = editing.content / "events"
    existing = set(events.iterdir())
    page = visit.open()
    started = time.monotonic()
    _new_form(page, editing, "events", "Tên sự kiện")
    page.get_by_label("Tên sự kiện").fill("Giao lưu sáng kiến lưới điện thử từ trang biên tập")
    page.get_by_label("Ngày diễn ra").click()
    page.keyboard.type("14/07/2023")
    _choose(page, "Loại sự kiện", "Giao lưu")
    for index, code in enumerate(("EVNNPC", other)):
        page.locator("button", has_text="Thêm các đơn vị tham gia").click()
        _choose(page, "Các đơn vị tham gia", code, index)
    page.get_by_label("Địa điểm").fill("Hà Nội")
    for index, inn in enumerate((first, second)):
        page.locator("button", has_text="Thêm sáng kiến được trình bày").click()
        _choose(page, "Sáng kiến", inn.id, index)
    page.get_by_label("Tóm tắt").fill("Hai đơn vị giới thiệu cho nhau hai sáng kiến.")
    _publish(page)
    _until(lambda: set(events.iterdir()) - existing != set(), "the event was never written", 60)
    (written,) = set(events.iterdir()) - existing
    _written(written)
    _timing("exchange: new form to file written", time.monotonic() - started)
    front = _front(written)
    assert written.name.startswith("2023-07-14-") and front["kind"] == "giao-luu"
    assert front["units"] == ["EVNNPC", other]
    assert front["innovations"] == [first.id, second.id]
    _validate(editing)
    address = editing.base + f"su-kien/{written.stem}/"
    shown = wait_for_text(address, "Giao lưu sáng kiến lưới điện thử từ trang biên tập")
    _until(lambda: second.title in (_served(address) or ""), "presented not shown")

    # One presented innovation removed in the form: the file and the page lose it.
    before = written.stat().st_mtime_ns
    started = time.monotonic()
    _open_entry(page, editing, f"events/entries/{written.stem}", "Tên sự kiện")
    # Each folded item shows its id above its bar's two buttons: fold, remove.
    label = page.locator("[class*='NestedObjectLabel']").get_by_text(second.id, exact=True)
    label.locator("xpath=..").locator("button[class*='TopBarButton']").last.click()
    page.get_by_text(second.id, exact=True).wait_for(state="detached")
    _publish(page)
    _written(written, before)
    _timing("exchange: entry opened to one presented removed in the file",
            time.monotonic() - started)
    assert _front(written)["innovations"] == [first.id]
    _validate(editing)
    _until(lambda: second.title not in (_served(address) or second.title),
           "the removed innovation is still shown")
    assert first.title in (_served(address) or "")
    del shown
    visit.assert_clean()


@pytest.mark.browser
def test_a_union_office_finds_and_downloads_its_months_report(
        browser: Browser, editing: Editing, catalog: Catalog, tmp_path: Path) -> None:
    import openpyxl

    inn = next(i for i in catalog.published if i.unit == "EVNNPC")
    month = f"{inn.registered:%Y-%m}"
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    try:
        page = context.new_page()
        started = time.monotonic()
        page.goto(editing.base + "bao-cao/")
        section = page.locator(f"#thang-{month}")
        # The index names each union (its code beside the name).
        section.get_by_role("link", name="Công đoàn Tổng công ty Điện lực miền Bắc",
                            exact=True).click()
        page.wait_for_url(f"**/bao-cao/evnnpc/{month}/")
        with page.expect_download() as waiting:
            page.get_by_role("link", name="Tải bảng tính Excel (.xlsx)").click()
        download = waiting.value
        download.path()
        _timing("report: /bao-cao/ to the month's workbook downloaded", time.monotonic() - started)
        assert download.suggested_filename == f"bao-cao-evnnpc-{month}.xlsx"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        book = openpyxl.load_workbook(saved)
        cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
        assert "EVNNPC" in " ".join(str(c) for c in cells if c is not None)
        assert any(isinstance(c, int) and c >= 1 for c in cells)
    finally:
        context.close()





# --- The form refuses what the checker refuses, before saving -------------------------------

@pytest.mark.browser
def test_the_form_refuses_a_taken_id_a_draft_pick_and_deleting_a_named_innovation(
        visit: EditorVisit, editing: Editing, catalog: Catalog) -> None:
    dialogs: list[str] = []
    page = visit.open()

    def answer(dialog: Any) -> None:
        dialogs.append(dialog.message)
        with contextlib.suppress(Exception):  # a leaving page's question may be gone
            dialog.accept()

    page.on("dialog", answer)
    taken = next(i for i in catalog.published if i.unit == "EVNNPC")
    year = taken.registered.year
    highest = max(int(i.id.rsplit("-", 1)[1]) for i in catalog.innovations
                  if i.id.startswith(f"EVNNPC-{year}-"))

    # A taken id: said in the field at once, refused at saving, the next free one offered.
    _fill_innovation(page, editing, taken.id, "Giá đỡ mang mã đã có",
                     registered=f"{taken.registered:%d/%m/%Y}")
    note = page.locator("[data-sk=id-note]")
    note.wait_for()
    assert f"Mã sáng kiến {taken.id} đã dùng cho sáng kiến “{taken.title}”" in note.inner_text()
    _publish(page)  # refused by the field: its message also among the form's errors
    page.get_by_text(f"Mã sáng kiến {taken.id} đã dùng", exact=False).nth(1).wait_for()
    time.sleep(1)
    assert [p for p in (editing.content / "innovations").rglob("*.md")
            if p.stem == taken.id.lower() or p.parent.name == taken.id.lower()] == []
    # The offer: the unit's highest id of the year (other tests may have added some) + 1.
    offer = page.locator("[data-sk=id-offer] button")
    free = offer.inner_text().removeprefix("Dùng mã ")
    prefix = f"EVNNPC-{year}-"
    assert free.startswith(prefix) and int(free.removeprefix(prefix)) > highest
    assert not list((editing.content / "innovations").rglob(f"{free.lower()}*"))
    offer.click()
    assert page.get_by_label("Mã sáng kiến").input_value() == free
    assert note.count() == 0
    _publish(page)
    _written(editing.content / "innovations" / "evnnpc" / free.lower() / "index.md")
    _validate(editing)
    visit.errors.clear()
    # The id just saved is taken at once in this tab, whether the preview rebuilt or not.
    _new_innovation_form(page, editing)
    page.get_by_label("Mã sáng kiến").fill(free)
    page.locator("[data-sk=id-note]").wait_for()

    # A draft among a month's picks: refused before saving, nothing written.
    draft = next(i for i in catalog.innovations if i.draft)
    _new_form(page, editing, "featured", "Tháng (YYYY-MM)")
    dialogs.clear()  # leaving the half-filled form was asked
    page.get_by_label("Tháng (YYYY-MM)").fill("2023-07")
    page.get_by_label("Tiêu đề").fill("Sáng kiến tiêu biểu tháng 7/2023")
    page.get_by_role("button", name="Thêm sáng kiến được chọn").click()
    _choose(page, "Sáng kiến", draft.id)
    page.get_by_label("Dòng nổi bật").fill("Một sáng kiến còn là bản nháp")
    _publish(page)
    _until(lambda: bool(dialogs), "a draft among the picks was not refused", 30)
    assert f"sáng kiến {draft.id} (“{draft.title}”) còn là bản nháp" in dialogs[0]
    assert "“Sáng kiến được chọn”" in dialogs[0]
    time.sleep(1)
    assert not (editing.content / "featured" / "2023-07.md").exists()
    visit.errors.clear()

    # Deleting an innovation a month picks: refused, saying where it is named.
    month = catalog.months[0]
    picked = catalog.by_id[month.picks[0].id]
    _open_entry(page, editing, f"innovations/entries/{_entry_slug(picked)}", "Mã sáng kiến")
    dialogs.clear()  # leaving the refused form was asked
    page.get_by_role("button", name="Xoá mục này").click()
    _until(lambda: bool(dialogs), "deleting a picked innovation was not refused", 30)
    year_, number = month.month.split("-")
    assert dialogs[0].startswith(f"Không xóa được sáng kiến {picked.id}")
    assert f"“Tiêu biểu tháng” {int(number)}/{year_} (Sáng kiến được chọn)" in dialogs[0]
    time.sleep(1)
    assert _entry_path(editing, picked).exists()
    assert len(dialogs) == 1  # Decap's own question never came
    visit.errors.clear()
    visit.assert_clean()



VIETNAMESE = "Nguyễn Thị Ánh Tuyết – Điện lực Lào Cai: ỹ ẵ ờ ự ặ ẩ ọ Ỳ Ữ"
PASTED_HTML = f"""<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<h2 style="mso-style-name:'Heading 2'">Cách làm</h2>
<p class="MsoNormal" style="mso-line-height-rule:exactly"><span style="font-family:'Times New \
Roman';mso-bidi-font-family:Arial">Dòng một<br>dòng hai của {VIETNAMESE}</span><o:p></o:p></p>
<h3>Các bước</h3>
<ul style="mso-list:l0 level1 lfo1"><li>Mục <b>đậm</b> và <i>nghiêng</i><ul><li>Mục con ĐẦU</li>\
<li>Mục con SAU</li></ul></li><li>Mục hai</li></ul>
<ol><li>Bước một</li><li>Bước hai</li></ol>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>\
<![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New \
Roman"'>&nbsp;&nbsp; </span></span><![endif]>Word mục A</p>
<p class=MsoListParagraphCxSpLast style='margin-left:72.0pt;mso-list:l0 level2 lfo1'>\
<![if !supportLists]><span>o<span>&nbsp;&nbsp; </span></span><![endif]>Word mục con B</p>
<table class=MsoTableGrid><tr><td><p class=MsoNormal>Chỉ tiêu</p></td><td>Trước</td>\
<td>Sau</td></tr><tr><td>Thời gian</td><td>4 giờ</td><td>0 giờ</td></tr></table>
<p>Ảnh <img src="https://www.evn.com.vn/logo.png" alt="Biểu trưng" onerror="alert(1)"> xong.</p>
<pre><code>ping 10.0.0.1
  thụt lề</code></pre>
<p class="MsoNormal"><span style="mso-fareast-font-family:Calibri">Kết thúc.</span>\
<o:p>&nbsp;</o:p></p>
</body></html>"""
PASTE = """([html, text]) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", text);
  // Chromium's paste: a paste event, then (nothing took it) the beforeinput Slate reads.
  const target = document.activeElement;
  const paste = new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                             cancelable: true});
  if (target.dispatchEvent(paste)) {
    target.dispatchEvent(new InputEvent("beforeinput", {inputType: "insertFromPaste",
      dataTransfer: data, bubbles: true, cancelable: true}));
  }
}"""


@pytest.mark.browser
def test_rich_text_pasted_from_word_is_rendered_as_the_form_showed_it(
        visit: EditorVisit, editing: Editing) -> None:
    """What the editor shows is what the site renders: headings, nested lists, a numbered
    list, a line break, bold and italic pasted from Word come out on the page, with the
    Vietnamese exact and Word's styling dropped; the entry opened again shows the same and
    published unchanged writes the same bytes."""
    page = visit.open()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    _fill_innovation(page, editing, "EVNNPC-2023-0935", "Giá đỡ dán từ Word")
    page.get_by_text("Giảm 4 giờ mất điện mỗi lần thay.", exact=True).click()
    page.wait_for_timeout(300)  # the editor takes the click's caret first
    page.keyboard.press("Control+End")  # the end of the body, whatever line was clicked
    page.keyboard.press("Enter")
    page.evaluate(PASTE, [PASTED_HTML, "Cách làm"])
    rich = page.locator("[data-slate-editor]").last
    rich.locator("h3", has_text="Các bước").wait_for()
    # A line break typed in the form (Shift+Enter), as an officer splits an address.
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Dòng gõ A")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("Dòng gõ B")
    _publish(page)
    written = editing.content / "innovations" / "evnnpc" / "evnnpc-2023-0935" / "index.md"
    _written(written)
    kept = written.read_bytes()
    body = kept.decode("utf-8").split("---", 2)[2]
    assert unicodedata.is_normalized("NFC", body) and VIETNAMESE in body
    assert "\n## Cách làm\n" in body and "\n### Các bước\n" in body
    assert "\n1. Bước một\n2. Bước hai\n" in body and "*nghiêng*" in body
    assert "**đậm**" in body and "Dòng gõ A\\\nDòng gõ B" in body
    assert not re.search(r"mso-|o:p|style=|<span|&nbsp;|\u00a0|·", body)
    _validate(editing)
    url = editing.base + "sang-kien/evnnpc-2023-0935/"
    wait_for_text(url, "Các bước")
    html = _served(url) or ""
    article = html[html.index('id="cach-lam"') - 4:]
    assert article.startswith("<h2") and '<h3 id="cac-buoc">Các bước</h3>' in article
    assert re.search(r"<ol>\s*<li>Bước một</li>\s*<li>Bước hai</li>\s*</ol>", article)
    assert "<em>nghiêng</em>" in article and VIETNAMESE in article
    assert not re.search(r"mso-|o:p|Times New Roman", article)
    # What Decap would have changed, kept as the form showed it: bold, a line break (pasted
    # or typed), a list in a list (its items follow their parent), Word's list paragraphs,
    # a table's rows.
    assert "<strong>đậm</strong>" in article
    assert re.search(r"<p>Dòng một</p>\s*<p>dòng hai của ", article)
    assert re.search(r"<p>Dòng gõ A<br ?/?>\s*Dòng gõ B</p>", article)
    for item in ("Mục con ĐẦU", "Mục con SAU", "Mục hai", "Word mục A", "Word mục con B"):
        assert re.search(rf"<li>(<p>)?{item}(</p>)?</li>", article), item
    assert "<p>Chỉ tiêu | Trước | Sau</p>" in article
    assert "<p>Thời gian | 4 giờ | 0 giờ</p>" in article
    # A picture would have cost the whole form (Decap breaks on one): it goes, and the
    # officer is told; a code block's lines stay (Decap wrote nothing of one).
    assert dialogs == ["Đoạn dán có 1 ảnh: ảnh không dán được vào nội dung nên đã bỏ ra, chữ "
                       "vẫn giữ nguyên. Ảnh của sáng kiến tải lên ở ô “Ảnh đại diện”."]
    assert re.search(r"<p>Ảnh\s+xong\.</p>", article)
    assert "<img" not in article.split("</article>")[0]
    assert "<code>ping 10.0.0.1</code>" in article and "thụt lề</code>" in article
    assert "\\" not in article.split("</article>")[0]
    # Opened again, the form shows the same blocks; published unchanged, the same bytes.
    _reopen(page, editing, "evnnpc/evnnpc-2023-0935/index")
    rich = page.locator("[data-slate-editor]").last
    rich.locator("h3", has_text="Các bước").wait_for()
    assert rich.locator("h2", has_text="Cách làm").count() == 1
    assert rich.locator("ol > li").all_inner_texts() == ["Bước một", "Bước hai"]
    assert rich.locator("em", has_text="nghiêng").count() == 1
    # Decap publishes only a change: the title changed and published (the body is written
    # again from the rich text), then changed back, gives the file byte for byte as before.
    for typed in ("x", "Backspace"):
        if typed != "x":
            _reopen(page, editing, "evnnpc/evnnpc-2023-0935/index")
        page.get_by_label("Tên sáng kiến").click()
        page.keyboard.press("End")
        page.keyboard.type(typed) if typed == "x" else page.keyboard.press(typed)
        before = written.stat().st_mtime_ns
        _publish(page)
        _written(written, before)
    assert written.read_bytes() == kept
    visit.assert_clean()
