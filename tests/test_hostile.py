"""A hostile editor: script and navigation put into every field a page shows, every kind of
page opened in Chromium; nothing may run, nothing may navigate, every output still parses."""

from __future__ import annotations

import http.server
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest
from conftest import (
    PROGRAM,
    ContentTree,
    check,
    front_matter,
    image_bytes,
    innovation_text,
    line_of,
)
from playwright.sync_api import Browser
from sitetools import build_site

from generator.search.records import filter_choices
from generator.site.checked import load_and_plan

_KINDS = (
    "'</title>\"><script>window.skPwned=\"{}\"</script>'",
    "'\"><img src=x onerror=\"window.skPwned=''{}''\">'",
    "'\"><meta http-equiv=refresh content=\"0;url=//e.vn/{}\">'",
)
_used: list[str] = []


def payload(mark: str) -> str:
    """A YAML single-quoted string that breaks out of an attribute or of <title> to run a
    script, a handler or to send the reader away, marked by where it was put (at most 60
    characters: the shortest limit of a field that a page shows)."""
    _used.append(mark)
    text = _KINDS[len(_used) % len(_KINDS)].format(mark[:8])
    assert len(text) <= 62, text  # with its two quotes
    return text


HOSTILE_PROGRAM = (PROGRAM
                   .replace("name: Chương trình 01 triệu sáng kiến", "name: " + payload("pname"))
                   .replace("ky-thuat: Giải pháp kỹ thuật", "ky-thuat: " + payload("category"))
                   .replace("{name: Bằng Lao động sáng tạo,", "{name: " + payload("award") + ",")
                   .replace("{name: Công đoàn Than,", "{name: " + payload("peer") + ","))

HOSTILE_UNITS = f"""\
- code: AAA
  name: {payload("unit")}
  members: 10
  targets: {{1: 10, 2: 20}}
  advisory_team:
    contact: {payload("contact")}
    members:
      - {{name: {payload("adviser")}, position: {payload("adviser-position")}}}
      - {{name: Trần Thị Bình}}
      - {{name: Lê Văn Cường}}
- code: BBB
  name: Công đoàn Đơn vị B
  members: 40
  targets: {{1: 5, 2: 5}}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    tree = ContentTree(folder / "content")
    tree.write("program.yml", HOSTILE_PROGRAM)
    tree.write("units.yml", HOSTILE_UNITS)
    tree.innovation(
        "a", title=payload("title"), summary=payload("summary"),
        authors=f"\n  - {{name: {payload('author')}, position: {payload('position')}}}",
        benefit=f"\n  value_vnd: 1200000\n  text: {payload('benefit')}",
        awards=f"\n  - {{kind: bang-ldst, date: 2022-04-01, decision: {payload('decision')}}}",
        tags=f"[{payload('tag')}]", status="recognized")
    tree.innovation("b", id="AAA-2022-0002", registered="2022-07-01",
                    title="Sáng kiến thứ hai", unit="BBB")
    tree.write("featured/2022-04.md", front_matter(
        month="2022-04", title=payload("month-title"),
        picks=f"\n  - {{id: AAA-2022-0001, headline: {payload('headline')}}}")
        + "\nCâu chuyện của tháng.\n")
    tree.write("events/2022-05-10-giao-luu.md", front_matter(
        title=payload("event-title"), date="2022-05-10", kind="giao-luu", units="[AAA, BBB]",
        place=payload("place"), innovations="[AAA-2022-0001]", summary=payload("event-summary"))
        + "\nBáo cáo.\n")
    tree.write("gioi-thieu.md", front_matter(title=payload("page-title"),
                                             description=payload("page-description"))
               + "\nTrang giới thiệu.\n")
    # A page of its own, outside the menu, whose title is its first heading.
    # Its links: another page's file, and addresses of the site MkDocs does not know.
    tree.write("trang-moi.md", "# Trang &lt;script&gt;window.skPwned='h1'&lt;/script&gt; mới\n\n"
               "[Giới thiệu](gioi-thieu.md), [sáng kiến](../sang-kien/), [đơn vị](/don-vi/).\n")
    checked = load_and_plan(tree.root)
    assert checked.errors == [], [p.format_text() for p in checked.errors]
    return build_site(tree.root, folder / "build")


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    handler = lambda *a, **k: _Quiet(*a, directory=str(hostile_site), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


INJECTED = """[...document.querySelectorAll("meta[http-equiv=refresh], img[onerror], script")]
  .filter((e) => !e.matches("script") || (e.textContent.includes("skPwned")
                                           && e.type !== "application/ld+json"))
  .map((e) => e.outerHTML)"""


def test_nothing_runs_and_nothing_navigates_on_any_page(browser: Browser, hostile_site: Path,
                                                         hostile_url: str) -> None:
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html")
                   if not p.relative_to(hostile_site).as_posix().startswith("bien-tap/"))
    assert "trang-moi/index.html" in pages and "gioi-thieu/index.html" in pages
    assert 'href="../gioi-thieu/"' in (hostile_site / "trang-moi/index.html").read_text("utf-8")
    context = browser.new_context()
    outside: list[str] = []

    def route(r: object) -> None:
        request = r.request  # type: ignore[attr-defined]
        if urlsplit(request.url).hostname != "127.0.0.1":
            outside.append(request.url)
            r.abort()  # type: ignore[attr-defined]
        else:
            r.continue_()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    seen_payload = 0
    try:
        for rel in pages:
            url = hostile_url + rel
            page.goto(url, wait_until="load")
            page.wait_for_timeout(60)  # a refresh of 0 s would have left by now
            assert page.url == url, f"{rel} navigated to {page.url}"
            assert page.evaluate("window.skPwned") is None, rel
            # Nothing of the payloads became an element, whatever the policy would refuse.
            assert page.evaluate(INJECTED) == [], rel
            text = page.evaluate("document.documentElement.innerText")
            seen_payload += "window.skPwned" in text
    finally:
        context.close()
    assert dialogs == [] and outside == []
    assert seen_payload >= 10  # the payloads are shown, as text, on the pages that hold them


def test_feeds_calendar_and_sitemap_still_parse(hostile_site: Path) -> None:
    for feed in ("sang-kien/feed.xml", "tieu-bieu/feed.xml", "giai-thuong/feed.xml"):
        parsed = feedparser.parse((hostile_site / feed).read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    parsed = feedparser.parse((hostile_site / "sang-kien/feed.xml").read_bytes())
    assert any("window.skPwned" in entry.title for entry in parsed.entries)  # text, kept
    calendar = icalendar.Calendar.from_ical((hostile_site / "su-kien/lich.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1 and "window.skPwned" in str(events[0]["SUMMARY"])
    ET.parse(hostile_site / "sitemap.xml")


def test_the_built_pages_hash_no_script_but_the_theme_s(hostile_site: Path) -> None:
    page = (hostile_site / "gioi-thieu/index.html").read_text(encoding="utf-8")
    assert "<script>window.skPwned" not in page and "<meta http-equiv=refresh" not in page
    # Material's three inline scripts (its globals, the reader's colour scheme, the drawer's
    # state), nothing else
    assert page.count("'sha256-") == 3


def test_a_page_s_front_matter_has_only_documented_keys(tree: ContentTree) -> None:
    text = front_matter(title="Trang", template="main.html", icon="material/alert",
                        hide="[navigation, sidebar]") + "\nNội dung.\n"
    check(tree, "trang.md", text, ("template", 3), ("icon", 4), ("hide[2]", 5))
    ok = front_matter(title="Trang", description="Mô tả.", hide="[navigation, toc]",
                      search="{exclude: true}") + "\nNội dung.\n"
    check(tree, "trang.md", ok)


def test_bodies_cannot_clobber_the_theme_or_leave_the_tree(tree: ContentTree) -> None:
    tree.write("khac.md", "# Khác\n")
    tree.write("anh/a.png", image_bytes())
    body = ("Mở đầu.\n{: #__config }\n\n"     # the theme's global
            "## Mục {: #md$x }\n\n"
            "[đúng](khac.md) và [sai](khong-co.md)\n\n"
            "![ngoài](../../etc/anh.png)\n\n"
            "![có](anh/a.png) ![thiếu](anh/b.png)\n\n"
            "[sáng kiến](innovations/a.md) [nháp](innovations/nhap.md)\n")
    tree.innovation("a")
    tree.innovation("nhap", id="AAA-2022-0009", draft="true")
    text = front_matter(title="Trang") + "\n" + body
    problems = check(tree, "trang.md", text, *(
        ("(nội dung)", line_of(text, marker))
        for marker in ("__config", "md$x", "khong-co.md", "etc/anh", "anh/b.png", "nhap.md")))
    text = "\n".join(p.format_text() for p in problems)
    assert "__config" in text and "ra ngoài thư mục content/" in text
    assert "/sang-kien/" in text  # the address to use instead of the file
    assert "bản nháp" in text  # an innovation's file is its page, unless it is a draft
    # From an innovation, a page's file is the page's address (tests/test_body_links.py).
    (tree.root / "trang.md").unlink()
    check(tree, "innovations/a.md", innovation_text("[x](../khac.md)\n"))


def test_what_a_hostile_editor_found_next_is_refused(tree: ContentTree) -> None:
    """Each of these passed `validate` and then broke the build, the site or the counts."""
    long_id = "A" * 65
    text = innovation_text(id=long_id)
    check(tree, "innovations/a.md", text, ("id", line_of(text, long_id)))
    nested = "# T\n" + "".join("    " * i + "- x\n" for i in range(300))
    text = innovation_text(nested)
    check(tree, "innovations/a.md", text, ("(nội dung)", line_of(text, " " * 164 + "- x")))
    text = innovation_text(tags='["!!!", "an toàn", "An toàn", "an\\u200etoàn"]')
    line = line_of(text, "!!!")
    check(tree, "innovations/a.md", text, ("tags[1]", line), ("tags[3]", line), ("tags[4]", line))
    text = innovation_text(authors='\n  - {name: "Nguyễn Văn\\u034f An"}\n  - {name: "\\u2800"}')
    check(tree, "innovations/a.md", text,
          ("authors[1].name", line_of(text, "u034f")), ("authors[2].name", line_of(text, "u2800")))
    body = ("[ra ngoài](/\\evil.example/)\n\n"
            "<table><tr><td style=\"text-align: expression(alert(1))\">x</td></tr></table>\n")
    text = innovation_text(body)
    check(tree, "innovations/a.md", text,
          ("(nội dung)", line_of(text, "evil.example")), ("(nội dung)", line_of(text, "<table>")))


def test_a_programme_spanning_two_centuries_is_refused(tree: ContentTree) -> None:
    program = (PROGRAM.replace("counted_from: 2021-09-01", "counted_from: 1900-01-01")
               .replace("end: 2023-09-30", "end: 2099-12-31"))
    check(tree, "program.yml", program, ("phases", line_of(program, "phases:") + 1))


def test_one_topic_written_two_ways_is_one_filter(tree: ContentTree) -> None:
    tree.innovation("a", tags="[an toàn]")
    tree.innovation("b", id="AAA-2022-0002", tags="[An toàn]")
    checked = load_and_plan(tree.root)
    assert checked.errors == [] and checked.site is not None
    (tags,) = [f for f in filter_choices(checked.site) if f.key == "tag"]
    assert [(o.token, o.value, o.count) for o in tags.options] == [("an-toan", "An toàn", 2)]


def test_a_yaml_tag_is_refused_not_dropped(tree: ContentTree) -> None:
    text = innovation_text(tags='!!python/object/apply:os.system ["id"]')
    problems = check(tree, "innovations/a.md", text, ("(yaml)", line_of(text, "os.system")))
    assert "thẻ YAML" in problems[0].message
    text = innovation_text(title="!x Tên")
    check(tree, "innovations/a.md", text, ("(yaml)", line_of(text, "!x")))
