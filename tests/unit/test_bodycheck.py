"""Bodies judged on what the site makes of them: every removal reported, on its line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser

from generator.content.bodycheck import MAX_FINDINGS, BodyChecker, url_scheme_refused
from generator.content.markdown_pipeline import EXTENSION_CONFIGS, EXTENSIONS, new_converter
from generator.content.sanitize import FORMATTING_TAGS, clean_html

PROJECT = Path(__file__).resolve().parents[2]
CHECKER = BodyChecker()


def findings(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in CHECKER.check(body, first_line)]


def test_the_checker_renders_with_the_extensions_mkdocs_uses() -> None:
    config = load_config(str(PROJECT / "mkdocs.yml"))
    names = {e if isinstance(e, str) else type(e).__module__ for e in config.markdown_extensions}
    assert names == set(EXTENSIONS)
    assert config.mdx_configs.get("toc") == EXTENSION_CONFIGS["toc"]


def test_heading_anchors_keep_d_with_stroke() -> None:
    html = new_converter().convert("## Công đoàn Điện lực\n")
    assert 'id="cong-doan-dien-luc"' in html


def test_plain_markdown_has_no_finding() -> None:
    body = ("## Thực trạng\n\nChữ **đậm**, *nghiêng*, `mã`.\n\n- một\n- hai\n\n"
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```\n<script>alert(1)</script>\n```\n\n"
            "[Trang](https://evn.com.vn) và ![ảnh](anh.png) <https://evn.com.vn>\n")
    assert findings(body) == []


def test_formatting_tags_are_allowed_and_kept_as_written() -> None:
    body = "Chữ <u>gạch chân</u>, <s>gạch bỏ</s>, <kbd>Ctrl</kbd>, <mark>tô</mark>.\n"
    assert findings(body) == []
    html = clean_html(new_converter().convert(body))
    for tag in ("u", "s", "kbd", "mark"):
        assert f"<{tag}>" in html
    assert {"u", "s", "kbd", "mark"} <= FORMATTING_TAGS


def test_attribute_on_a_continuation_line_is_found_on_its_line() -> None:
    assert findings('Đoạn.\n\n<img src="a.png"\n  alt="x"\n  onerror="alert(1)">\n', 10) == [
        (14, "thuộc tính sự kiện `onerror` chạy được mã, không được phép")]


def test_a_word_of_the_text_is_not_taken_for_the_attribute() -> None:
    body = 'Một style = mới.\n\n<p style="color:red">x</p>\n'
    assert [line for line, _ in findings(body)] == [3]


def test_encoded_schemes_are_found_after_decoding() -> None:
    for url in ("&#106;avascript:alert(1)", "jav&#x09;ascript:alert(1)",
                "java%73cript:alert(1)", "JaVaScRiPt&colon;alert(1)", " javascript:x"):
        assert url_scheme_refused(url) == "javascript", url
    for url in ("https://evn.com.vn/a%20b", "mailto:a@b.vn", "tel:0241234", "anh.png",
                "../trang/", "#muc", "?q=1"):
        assert url_scheme_refused(url) is None, url


def test_reference_definition_is_blamed_on_its_own_line() -> None:
    body = "Xem [đây][1].\n\nĐoạn.\n\n[1]: &#x6A;avascript:alert(1)\n"
    assert findings(body) == [(5, "liên kết dùng `javascript:`, không được phép")]


def test_attribute_lists_are_judged() -> None:
    body = "Đoạn.\n{: onclick=\"x\" style=\"position:fixed\" title=\"ok\" }\n"
    found = [message for _, message in findings(body)]
    assert len(found) == 2 and "`onclick`" in found[0] and "`style`" in found[1]


def test_table_alignment_is_allowed_but_no_other_style() -> None:
    assert findings("| a |\n|:-:|\n| 1 |\n") == []
    found = findings('<table><tr><td style="text-align:left;color:red">1</td></tr></table>\n')
    assert found == [(1, "thuộc tính style chỉ được dùng text-align, không được dùng color")]


def test_control_and_bidi_characters_in_bodies() -> None:
    found = findings("Dòng một\tcó tab.\nDòng \x1b hai \u202e.\n")
    assert [line for line, _ in found] == [2, 2]
    assert "U+001B" in found[0][1] and "U+202E" in found[1][1]


def test_findings_are_capped_and_the_rest_counted() -> None:
    body = "".join(f"<font>{i}</font>\n" for i in range(MAX_FINDINGS + 7))
    found = findings(body)
    assert len(found) == MAX_FINDINGS + 1
    assert found[-1][1] == "còn 7 lỗi khác trong nội dung chưa liệt kê"


def test_too_many_raw_tags_are_refused_before_parsing() -> None:
    found = findings("<div>\n" * 1200)
    assert len(found) == 1 and "1200 thẻ HTML" in found[0][1]


def test_what_would_make_markdown_quadratic_is_refused_with_its_paragraph() -> None:
    body = "Đoạn [một](a) và (hai).\n\nĐoạn " + "[" * 9 + "\n\n" + "x" * 5001 + "\n"
    found = findings(body, 20)
    assert [line for line, _ in found] == [22, 24]
    assert "9 chỗ" in found[0][1] and "dòng dài 5001 ký tự" in found[1][1]


def _elements(html: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    root = LexborHTMLParser("<!DOCTYPE html><html><head></head><body>" + html).body
    assert root is not None
    return [(n.tag or "", tuple(sorted((k, v or "") for k, v in n.attributes.items())))
            for n in root.traverse(include_text=False) if n.tag and n.tag != "body"
            and not n.tag.startswith("-")]


tags = st.sampled_from(["p", "u", "b", "a", "img", "span", "td", "font", "script", "svg",
                        "div", "iframe", "table", "kbd"])
attributes = st.sampled_from(["href", "src", "title", "onclick", "style", "class", "align",
                              "target", "id", "onerror"])
values = st.sampled_from(["x", "https://evn.com.vn", "javascript:alert(1)", "&#106;avascript:1",
                          "text-align: left", "color: red", "anh.png", "data:text/html,1"])
fragments = st.lists(st.tuples(tags, st.lists(st.tuples(attributes, values), max_size=2),
                               st.text(alphabet="abc đ<>&", max_size=5)), max_size=4)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments)
def test_nothing_the_checker_passes_is_changed_by_the_sanitiser(
        parts: list[tuple[str, list[tuple[str, str]], str]]) -> None:
    html = "".join(
        f"<{tag}" + "".join(f' {name}="{value}"' for name, value in attrs) + f">{text}</{tag}>"
        for tag, attrs, text in parts)
    body = f"<div>\n{html}\n</div>\n"
    rendered = new_converter().convert(body)
    if CHECKER.check(body):
        return
    assert _elements(clean_html(rendered)) == _elements(rendered)


def test_a_line_break_from_the_editor_is_a_line_break() -> None:
    """The web editor writes Shift+Enter as a backslash at the line's end (CommonMark's hard
    break): the page shows a break, not the backslash; a code span keeps it."""
    html = new_converter().convert("Số 1 Trần Hưng Đạo\\\nHà Nội `C:\\` và `a\\`\n")
    assert html == ("<p>Số 1 Trần Hưng Đạo<br />\nHà Nội <code>C:\\</code> "
                    "và <code>a\\</code></p>")


def test_a_numbered_list_after_a_bulleted_one_is_its_own_list() -> None:
    """As the editor shows them (Python-Markdown alone would continue the first list)."""
    html = new_converter().convert("* Mục một\n* Mục hai\n\n1. Bước một\n2. Bước hai\n")
    assert html == ("<ul>\n<li>Mục một</li>\n<li>Mục hai</li>\n</ul>\n"
                    "<ol>\n<li>Bước một</li>\n<li>Bước hai</li>\n</ol>")
