"""Hostile content: characters XML refuses, dates that overflow, digits that only look ASCII,
invisible look-alikes, lists that multiply pages, lying images, file names, YAML errors."""

from __future__ import annotations

import json
import re
import struct
import unicodedata
import warnings
import zlib

import pytest
from conftest import PROGRAM, ContentTree, check, image_bytes, innovation_text, line_of

from generator.content import definitions as d
from generator.content.problems import Problem, UnreadableText
from generator.content.yamlnodes import explain_yaml_error, parse_yaml
from generator.site.checked import load_and_plan
from generator.site.editor_config import Backend, editor_config
from generator.site.schema import schema_documents

# Words of PyYAML's and libyaml's English messages: none may reach an editor.
ENGLISH = re.compile(r"\b(found|expected|allowed|mapping|scanning|while|character|stream|"
                     r"could not|token|block end|undefined|duplicate|occurrence)\b")


def errors(tree: ContentTree) -> list[Problem]:
    return load_and_plan(tree.root).errors


# -- 1. noncharacters ------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe",
                                  "\U0010ffff"])
def test_noncharacters_are_refused_in_front_matter_and_body(tree: ContentTree,
                                                            char: str) -> None:
    text = innovation_text(summary=f"Tóm tắt {char} ngắn.",
                           body=f"## Giải pháp\n\nMô tả {char} thêm.\n")
    found = check(tree, "innovations/a.md", text,
                  ("(yaml)", line_of(text, "summary:"), 18),
                  ("(nội dung)", line_of(text, "Mô tả"), 7))
    assert all(f"U+{ord(char):04X}" in p.message and "noncharacter" in p.message for p in found)
    assert all(p.hint for p in found)


def test_noncharacter_written_as_a_yaml_escape_is_refused(tree: ContentTree) -> None:
    text = innovation_text(title='"Thiết bị \\uFFFE đo"')
    (problem,) = check(tree, "innovations/a.md", text, ("title", line_of(text, "title:")))
    assert "U+FFFE" in problem.message


def test_noncharacter_in_a_data_file_and_a_page(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.write("program.yml", PROGRAM.replace("Khối thi đua 9", "Khối thi đua \U0002ffff 9"))
    tree.write("gioi-thieu.md", "# Giới thiệu\n\nMột \ufdd1 trang.\n")
    found = {(p.path.rsplit("/", 1)[-1], p.field, p.line) for p in errors(tree)}
    assert found == {("program.yml", "(yaml)", line_of(PROGRAM, "Khối thi đua")),
                     ("gioi-thieu.md", "(nội dung)", 3)}


# -- 2. dates in a sensible range ------------------------------------------------------------

@pytest.mark.parametrize("written", ["9999-12-31", "0001-01-01", "1899-12-31", "2100-01-01"])
def test_dates_outside_1900_2099_are_refused(tree: ContentTree, written: str) -> None:
    text = innovation_text(registered=written)
    (problem,) = check(tree, "innovations/a.md", text, ("registered", line_of(text, "registered:")))
    assert "nằm ngoài khoảng 1900–2099" in problem.message
    assert problem.hint


def test_an_event_on_the_last_day_of_year_9999_is_refused(tree: ContentTree) -> None:
    tree.innovation("a")
    text = ("---\ntitle: Tọa đàm\ndate: 9999-12-31\nkind: toa-dam\nunits: [AAA]\n"
            "summary: Trao đổi.\n---\n\nNội dung.\n")
    (problem,) = check(tree, "events/9999-12-31-toa-dam.md", text, ("date", 3))
    assert "năm 9999" in problem.message


# -- 3. ASCII digits only --------------------------------------------------------------------

def test_full_width_digits_are_refused_in_month_date_and_id(tree: ContentTree) -> None:
    tree.innovation("a", id="AAA-２０２２-0001", registered="２０２２-03-15")
    tree.write("featured/２０２２-05.md",
               "---\nmonth: ２０２２-05\ntitle: Tiêu biểu\npicks:\n"
               "  - {id: AAA-2022-0001, headline: Một}\n---\n")
    found = {(p.path.rsplit("/", 1)[-1], p.field): p.message for p in errors(tree)}
    assert "không đúng dạng" in found[("a.md", "id")]
    assert "không phải ngày dạng YYYY-MM-DD" in found[("a.md", "registered")]
    assert "không đúng dạng" in found[("２０２２-05.md", "month")]
    assert "phải có dạng YYYY-MM.md" in found[("２０２２-05.md", "(tệp)")]


def test_no_pattern_of_the_schema_or_the_editor_accepts_any_digit() -> None:
    texts = [*schema_documents(None).values(), json.dumps(editor_config(None, Backend(), "/"))]
    assert all("\\\\d" not in text for text in texts)
    for pattern in (d.MONTH_PATTERN, d.EVENT_NAME_PATTERN, d.ID_PATTERN):
        assert "\\d" not in pattern


# -- 4. invisible look-alikes in names and titles --------------------------------------------

@pytest.mark.parametrize(
    ("field", "written", "where"),
    [
        ("authors[1].name", "\n  - {name: \"Nguyễn\u00adVăn An\"}", "Nguyễn"),
        ("tags[1]", "[\"an\u3164toàn\"]", "tags:"),
        ("title", "Thiết bị\u2062 đo", "title:"),
        ("tags[1]", "[\"an\u115ftoàn\"]", "tags:"),
        ("tags[1]", "[\"an\u1160toàn\"]", "tags:"),
        ("tags[1]", "[\"an\uffa0toàn\"]", "tags:"),
        ("tags[1]", "[\"an\u180etoàn\"]", "tags:"),
        ("title", "Thiết\u00adbị đo", "title:"),
        ("title", "Thiết bị \u200bđo", "title:"),
    ],
)
def test_invisible_look_alikes_are_refused_in_names_and_titles(
        tree: ContentTree, field: str, written: str, where: str) -> None:
    key = field.split("[")[0].split(".")[0]
    text = innovation_text(**{key: written})
    (problem,) = check(tree, "innovations/a.md", text, (field, line_of(text, where)))
    assert "ký tự vô hình" in problem.message
    assert problem.hint


def test_invisible_look_alikes_in_event_month_and_page_titles(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.write("events/2022-05-20-toa-dam.md",
               "---\ntitle: Tọa\u3164đàm\ndate: 2022-05-20\nkind: toa-dam\nunits: [AAA]\n"
               "summary: Trao đổi.\n---\n")
    tree.write("featured/2022-05.md",
               "---\nmonth: 2022-05\ntitle: Tiêu\u2064biểu\npicks:\n"
               "  - {id: AAA-2022-0001, headline: \"Một\u00adhai\"}\n---\n")
    tree.write("gioi-thieu.md", "---\ntitle: Giới\u2061thiệu\n---\n\nTrang.\n")
    found = {(p.path.rsplit("/", 1)[-1], p.field, p.line) for p in errors(tree)}
    assert found == {("2022-05-20-toa-dam.md", "title", 2), ("2022-05.md", "title", 3),
                     ("2022-05.md", "picks[1].headline", 5), ("gioi-thieu.md", "title", 2)}


@pytest.mark.parametrize(("field", "written", "where"), [
    ("authors[1].name", "\n  - {name: Nguyễn Văn \u0410n}", "Nguy"),   # Cyrillic А
    ("authors[1].name", "\n  - {name: Giàng \u0391 Chư}", "Giàng"),     # Greek Α, a word alone
    ("tags[1]", "[\"\u0430n toàn\"]", "tags:"),                         # Cyrillic а
    ("tags[1]", "[\"chuy\u0435n đổi số\"]", "tags:"),                   # Cyrillic е
])
def test_latin_look_alike_letters_are_refused_in_names_and_topics(
        tree: ContentTree, field: str, written: str, where: str) -> None:
    key = field.split("[")[0].split(".")[0]
    text = innovation_text(**{key: written})
    (problem,) = check(tree, "innovations/a.md", text, (field, line_of(text, where)))
    assert "trông giống chữ Latinh" in problem.message and "Kirin" in problem.hint


def test_other_scripts_stay_allowed_in_titles_and_summaries(tree: ContentTree) -> None:
    check(tree, "innovations/a.md",
          innovation_text(title="Bù công suất phản kháng Δφ", summary="Giảm tổn thất Ω và Ф."))


@pytest.mark.parametrize("value", ["location", "CMS", "jsyaml", "config", "document"])
def test_ids_that_the_pages_scripts_read_are_refused(tree: ContentTree, value: str) -> None:
    body = f"## Giải pháp\n\n<span id=\"{value}\">Mô tả.</span>\n"
    text = innovation_text(body=body)
    (problem,) = check(tree, "innovations/a.md", text, ("(nội dung)", line_of(text, "<span")))
    assert value in problem.message


def test_a_heading_named_like_a_global_gets_another_anchor() -> None:
    from generator.content.markdown_pipeline import new_converter

    html = new_converter().convert("## Location\n\n## Giải pháp\n")
    assert 'id="location-1"' in html and 'id="giai-phap"' in html


@pytest.mark.parametrize("written", ["Trước <?php echo 1; ?> sau.", "Trước <![CDATA[x < y]]> sau.",
                                     "<!DOCTYPE html>\n\nSau."])
def test_what_a_browser_drops_whole_is_refused_not_lost(tree: ContentTree, written: str) -> None:
    text = innovation_text(body=f"## Giải pháp\n\n{written}\n")
    (problem,) = check(tree, "innovations/a.md", text, ("(nội dung)", line_of(text, "<")))
    assert "không hiện trên trang" in problem.message


def test_the_same_in_code_and_comments_stays_allowed(tree: ContentTree) -> None:
    check(tree, "innovations/a.md", innovation_text(
        body="## Giải pháp\n\nMã `<?php echo 1; ?>`.\n\n```\n<![CDATA[x]]>\n```\n\n"
             "<!-- ghi chú -->\n"))


def test_soft_hyphen_stays_allowed_in_a_summary(tree: ContentTree) -> None:
    tree.innovation("a", summary="Đo nhiệt\u00adđộ đầu cáp.")
    assert errors(tree) == []


# -- 5. lists that multiply pages ------------------------------------------------------------

@pytest.mark.parametrize(
    ("field", "written", "limit"),
    [
        ("tags", "[" + ", ".join(f"the-{n}" for n in range(21)) + "]", 20),
        ("authors", "[" + ", ".join(f"{{name: Người {n}}}" for n in range(51)) + "]", 50),
        ("awards", "[" + ", ".join("{kind: bang-ldst, date: 2022-06-01}" for _ in range(21))
         + "]", 20),
    ],
)
def test_lists_are_capped(tree: ContentTree, field: str, written: str, limit: int) -> None:
    text = innovation_text(**{field: written})
    (problem,) = check(tree, "innovations/a.md", text, (field, line_of(text, f"{field}:")))
    assert f"tối đa {limit}" in problem.message


def test_twenty_tags_are_fine_and_the_schema_caps_them(tree: ContentTree) -> None:
    tree.innovation("a", tags="[" + ", ".join(f"the-{n}" for n in range(20)) + "]")
    assert errors(tree) == []
    schema = json.loads(schema_documents(None)["innovation.json"])
    assert schema["properties"]["tags"]["maxItems"] == d.MAX_TAGS == 20
    assert schema["properties"]["authors"]["maxItems"] == d.MAX_AUTHORS


# -- 6. pictures judged by their header and data -------------------------------------------

def _png(width: int, height: int, rows: bytes) -> bytes:
    """A PNG whose header claims width x height, holding rows (compressed): valid chunks with
    right checksums, whatever the header says."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bom.png", _png(20_000, 20_000, b"\0" * 1000), "vượt quá 40 triệu điểm ảnh"),
        ("bom-lon.png", _png(100_000, 100_000, b"\0" * 1000), "vượt quá 40 triệu điểm ảnh"),
        ("noi-doi.png", _png(6000, 6000, b"\0" * 100), "không đầy đủ"),
        ("cat-doi.png", image_bytes((64, 64))[:60], "không đầy đủ"),
        ("cat-doi.jpg", image_bytes((256, 256), "JPEG")[:400], "không đầy đủ"),
        ("cat-doi.gif", image_bytes((64, 64), "GIF")[:40], "không đầy đủ"),
        ("cat-doi.webp", image_bytes((256, 256), "WEBP")[:60], "không đầy đủ"),
    ],
)
def test_pictures_are_judged_by_their_header_without_a_traceback(
        tree: ContentTree, name: str, data: bytes, message: str) -> None:
    tree.innovation("x/index")
    tree.write(f"innovations/x/{name}", data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (problem,) = errors(tree)
    assert problem.path.endswith(f"innovations/x/{name}")
    assert f"ảnh `{name}`" in problem.message and message in problem.message
    assert problem.hint


def test_real_pictures_of_every_kind_pass(tree: ContentTree) -> None:
    tree.innovation("x/index", image="anh.png")
    for fmt, suffix in (("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")):
        tree.write(f"innovations/x/anh.{suffix}", image_bytes((300, 200), fmt))
    assert errors(tree) == []


# -- 7. file names ---------------------------------------------------------------------------

def test_names_differing_only_by_case_or_normalisation_name_both(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.write("gioi-thieu.md", "# Một\n")
    tree.write("Gioi-Thieu.md", "# Hai\n")
    nfc = "tài-liệu.md"
    tree.write(nfc, "# Ba\n")
    tree.write(unicodedata.normalize("NFD", nfc), "# Bốn\n")
    messages = [p.message for p in errors(tree) if "chỉ khác nhau" in p.message]
    assert len(messages) == 2, errors(tree)
    assert any("`Gioi-Thieu.md`" in m and "`gioi-thieu.md`" in m for m in messages)
    assert any("`tài-liệu.md`" in unicodedata.normalize("NFC", m) and m.count("`") == 4
               for m in messages)


def test_a_name_saved_in_nfd_is_refused_naming_the_nfc_spelling(tree: ContentTree) -> None:
    folder = unicodedata.normalize("NFD", "thiết-bị")
    tree.innovation(f"{folder}/index")
    found = [p for p in errors(tree) if "NFD" in p.message]
    assert len(found) == 1, errors(tree)
    assert "đổi tên thành `thiết-bị`" in found[0].hint
    assert unicodedata.is_normalized("NFC", found[0].hint)


@pytest.mark.parametrize(("name", "proposed"), [
    ("sơ đồ.png", "so-do.png"), ("anh 1.jpg", "anh-1.jpg"), ("a#b.png", "a-b.png"),
    ("a?b.png", "a-b.png"), ("50%.png", "50.png"), ("\"x\".gif", "x.gif"),
    ("<b>.webp", "b.webp"), ("Đường dây.PNG", "duong-day.png"), ("it's.png", "it-s.png"),
])
def test_picture_names_needing_percent_encoding_are_refused(tree: ContentTree, name: str,
                                                            proposed: str) -> None:
    tree.innovation("x/index")
    tree.write(f"innovations/x/{name}", image_bytes())
    (problem,) = errors(tree)
    assert "địa chỉ web" in problem.message
    assert f"đổi tên thành `{proposed}`" in problem.hint


def test_sample_content_still_validates() -> None:
    from conftest import SAMPLE
    assert load_and_plan(SAMPLE).errors == []


# -- 8. YAML errors in Vietnamese, on the right line -----------------------------------------

@pytest.mark.parametrize(
    "yaml_text",
    [
        "a: b: c\n",
        "a: b\nc\n",
        "a: b\n\tc: d\n",
        "a:\n  b: 1\n c: 2\n",
        "a: 'x\n",
        'a: "x\n  y\n',
        "a: *x\n",
        "a: &x 1\nb: &x 2\n",
        "a: [x\n",
        "a: {x\n",
        "a: {b: 1]\n",
        "a: @x\n",
        'a: "\\q"\n',
        'a: "\\xZZ"\n',
        "a: |x\n  y\n",
        "a: 1\n---\nb: 2\n",
        "{a: 1}}\n",
        "- a\nb: 1\n",
        "a: b\n- c\n",
        "a: b\x1bc\n",
        "a: !x!y b\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
        "a: &\x01 b\n",
    ],
)
def test_yaml_errors_read_in_vietnamese(yaml_text: str) -> None:
    with pytest.raises(UnreadableText) as caught:
        parse_yaml(yaml_text)
    message = caught.value.message
    assert message.startswith("YAML không đọc được: ")
    assert not ENGLISH.search(message), message


def test_pure_python_yaml_errors_read_in_vietnamese() -> None:
    import yaml

    for text in ("a:\n  - x\n  y: 1\n", "a: b: c\n", "a: b\n\tc: d\n", "a: 'x\n",
                 "a: &x 1\nb: &x 2\n", "a: \"x\"  y\n"):
        with pytest.raises(yaml.YAMLError) as caught:
            yaml.compose(text, Loader=yaml.SafeLoader)
        explained = explain_yaml_error(caught.value)
        assert not ENGLISH.search(explained), (text, explained)
        assert explained != "cú pháp không hợp lệ ở chỗ này", (text, caught.value)


def test_an_unknown_yaml_error_falls_back_to_vietnamese() -> None:
    import yaml

    error = yaml.MarkedYAMLError("while doing something new", None, "found a new problem", None)
    assert explain_yaml_error(error) == "cú pháp không hợp lệ ở chỗ này"


def test_unclosed_quote_names_the_line_it_opens(tree: ContentTree) -> None:
    text = innovation_text(title='"Thiết bị đo')
    tree.write("innovations/a.md", text)
    (problem,) = errors(tree)
    assert f"mở ở dòng {line_of(text, 'title:')} chưa được đóng" in problem.message


_AWARD = """  chung-nhan-ldst:
    {name: Chứng nhận Lao động sáng tạo, issuer: Công đoàn Điện lực Việt Nam, target: 5}"""


@pytest.mark.parametrize("style", [">", ">-", '"', "plain"])
def test_folded_criteria_report_where_the_value_starts(tree: ContentTree, style: str) -> None:
    lines = ["Dòng một.", "      Dòng hai.", "", "      Dòng <script>x</script> ba."]
    if style == '"':
        criteria = '"' + "\n".join(lines) + '"'
    elif style == "plain":
        criteria = "\n".join(lines)
    else:
        criteria = f"{style}\n      " + "\n".join(lines)
    program = PROGRAM.replace(_AWARD, "  chung-nhan-ldst:\n    name: Chứng nhận\n"
                              "    issuer: Công đoàn\n    target: 5\n    criteria: " + criteria)
    tree.innovation("a")
    tree.write("program.yml", program)
    (problem,) = errors(tree)
    assert (problem.field, problem.line) == ("(nội dung)", line_of(program, "criteria:"))
    assert "<script>" in problem.message


def test_literal_criteria_report_the_exact_line(tree: ContentTree) -> None:
    program = PROGRAM.replace(_AWARD, "  chung-nhan-ldst:\n    name: Chứng nhận\n"
                              "    issuer: Công đoàn\n    target: 5\n    criteria: |\n"
                              "      Dòng một.\n\n      Dòng <script>x</script> ba.\n")
    tree.innovation("a")
    tree.write("program.yml", program)
    (problem,) = errors(tree)
    assert (problem.field, problem.line) == ("(nội dung)", line_of(program, "<script>"))


def test_multi_line_quoted_name_too_long_reports_where_it_starts(tree: ContentTree) -> None:
    program = PROGRAM.replace(_AWARD, '  chung-nhan-ldst:\n    name: "Chứng nhận\n      '
                              + "rất dài " * 20 + '\n      và còn nữa"\n'
                              "    issuer: Công đoàn\n    target: 5\n")
    tree.innovation("a")
    tree.write("program.yml", program)
    (problem,) = errors(tree)
    assert problem.field == "awards.chung-nhan-ldst.name"
    assert problem.line == line_of(program, 'name: "Chứng nhận')
    assert "tối đa 120" in problem.message
