"""A hostile editor's content: every output still parses, and what it writes next is refused
with its file, line and field (the same site in Chromium: tests/browser/test_hostile_browser.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
from conftest import (
    PROGRAM,
    ContentTree,
    check,
    front_matter,
    image_bytes,
    innovation_text,
    line_of,
)

from generator.search.records import filter_choices
from generator.site.checked import load_and_plan


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
    # From an innovation, a page's file is the page's address (tests/build/test_body_links.py).
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
