"""Each content rule: the problem it reports, on which line, with which field."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import ContentTree, check, image_bytes, innovation_text, line_of

from generator.content.loader import load_content
from generator.content.problems import Problem
from generator.site.checked import load_and_plan

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps vowel marks composed and tone marks as separate characters."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        letters = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in letters if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in letters if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def problems(tree: ContentTree) -> list[Problem]:
    return load_and_plan(tree.root).problems


def only(tree: ContentTree, field: str) -> Problem:
    found = [p for p in problems(tree) if p.field == field]
    assert len(found) == 1, problems(tree)
    return found[0]


def test_valid_tree_gives_a_catalog_and_no_problem(tree: ContentTree) -> None:
    tree.innovation("a")
    result = load_content(tree.root)
    assert result.problems == []
    assert result.catalog is not None
    assert [i.id for i in result.catalog.innovations] == ["AAA-2022-0001"]


def test_unknown_key_is_an_error_with_a_suggestion(tree: ContentTree) -> None:
    text = innovation_text(titel="Tên khác")
    (problem,) = check(tree, "innovations/a.md", text, ("titel", line_of(text, "titel:"), 1))
    assert "không có trong quy định" in problem.message
    assert "có phải là `title`?" in problem.hint
    assert problem.path.endswith("innovations/a.md")


def test_key_given_twice_names_both_lines(tree: ContentTree) -> None:
    text = innovation_text().replace("summary:", "title: Tên thứ hai\nsummary:")
    second = line_of(text, "Tên thứ hai")
    (problem,) = check(tree, "innovations/a.md", text, ("title", second))
    assert f"hai lần (dòng {line_of(text, 'title:')} và dòng {second})" in problem.message


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("1.200.000", "không phải số nguyên", "viết 1200000"),
        ("1.200", "không phải số nguyên", "viết 1200"),
        ("1.5", "số thập phân", "số nguyên liền"),
        ("-5000", "không được âm", ""),
        ("'1200000'", "không phải số nguyên", ""),
        ("0x1F", "không phải số nguyên thập phân", ""),
    ],
)
def test_money_must_be_a_plain_integer(tree: ContentTree, written: str, message: str,
                                       hint: str) -> None:
    text = innovation_text(benefit=f"\n  value_vnd: {written}")
    (problem,) = check(tree, "innovations/a.md", text,
                       ("benefit.value_vnd", line_of(text, "value_vnd:")))
    assert message in problem.message
    assert hint in problem.hint


def test_money_written_right_is_kept_exactly(tree: ContentTree) -> None:
    tree.innovation("a", benefit="{value_vnd: 1250000000, text: Giảm tổn thất}")
    catalog = load_content(tree.root).catalog
    assert catalog is not None
    assert catalog.innovations[0].benefit is not None
    assert catalog.innovations[0].benefit.value_vnd == 1_250_000_000


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("2022-13-45", "không phải ngày có thật", "tháng (01–12)"),
        ("15/03/2022", "không phải ngày dạng YYYY-MM-DD", "2022-03-15"),
        ("'2022-02-30'", "không phải ngày có thật", ""),
        ("2022-03-15 10:00:00", "không phải ngày dạng YYYY-MM-DD", ""),
    ],
)
def test_dates_must_be_real_iso_dates(tree: ContentTree, written: str, message: str,
                                      hint: str) -> None:
    text = innovation_text(registered=written)
    (problem,) = check(tree, "innovations/a.md", text, ("registered", line_of(text, "registered:")))
    assert message in problem.message
    assert hint in problem.hint


def test_applied_before_registered_is_a_warning_not_an_error(tree: ContentTree) -> None:
    tree.innovation("a", applied="2021-12-01")
    result = load_and_plan(tree.root)
    assert result.errors == []
    (warning,) = result.warnings
    assert warning.field == "applied"
    assert "trước ngày đăng ký" in warning.message


def test_award_before_registration_is_an_error(tree: ContentTree) -> None:
    text = innovation_text(awards="\n  - {kind: bang-ldst, date: 2022-01-01, decision: 1/QĐ-TLĐ}")
    (problem,) = check(tree, "innovations/a.md", text, ("awards[1].date", line_of(text, "- {kind")))
    assert "trước ngày đăng ký" in problem.message


@pytest.mark.parametrize(
    ("field", "value", "hint"),
    [
        ("unit", "AAB", "có phải là `AAA`?"),
        ("category", "ky-thuatt", "có phải là `ky-thuat`?"),
        ("status", "aplied", "có phải là `applied`?"),
    ],
)
def test_unknown_references_suggest_the_nearest_name(tree: ContentTree, field: str, value: str,
                                                     hint: str) -> None:
    tree.innovation("a", **{field: value})
    problem = only(tree, field)
    assert "không tồn tại" in problem.message
    assert problem.hint == hint


def test_unknown_award_kind(tree: ContentTree) -> None:
    tree.innovation("a", awards="\n  - {kind: bang-ldts, date: 2022-06-01}")
    problem = only(tree, "awards[1].kind")
    assert problem.hint == "có phải là `bang-ldst`?"


def test_missing_and_empty_required_fields(tree: ContentTree) -> None:
    text = innovation_text(title=None, summary='""')
    # A missing field is reported where the front matter's mapping starts.
    found = {p.field: p for p in check(tree, "innovations/a.md", text, ("title", 2),
                                        ("summary", line_of(text, "summary:")))}
    assert "thiếu trường bắt buộc `title`" in found["title"].message
    assert found["summary"].message == "không được để trống"


def test_title_over_200_characters(tree: ContentTree) -> None:
    tree.innovation("a", title="Đ" * 201)
    assert "dài 201 ký tự, tối đa 200" in only(tree, "title").message


def test_authors_need_names(tree: ContentTree) -> None:
    text = innovation_text(authors="\n  - {position: Kỹ sư}")
    (problem,) = check(tree, "innovations/a.md", text,
                       ("authors[1].name", line_of(text, "{position")))
    assert "thiếu trường bắt buộc" in problem.message


def test_authors_list_cannot_be_empty(tree: ContentTree) -> None:
    tree.innovation("a", authors="[]")
    assert "ít nhất 1 mục" in only(tree, "authors").message


def test_id_pattern(tree: ContentTree) -> None:
    text = innovation_text(id="aaa_2022")
    (problem,) = check(tree, "innovations/a.md", text, ("id", line_of(text, "id:")))
    assert "không đúng dạng" in problem.message


def test_same_id_in_two_files_names_both(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.innovation("b")
    found = [p for p in problems(tree) if p.field == "id"]
    assert len(found) == 2
    assert found[0].path.endswith("a.md") and "innovations/b.md" in found[0].message
    assert found[1].path.endswith("b.md") and "innovations/a.md" in found[1].message


def test_yaml_booleans_are_not_taken_for_text(tree: ContentTree) -> None:
    tree.innovation("a", title="yes")
    problem = only(tree, "title")
    assert "boolean" in problem.message
    assert problem.hint == 'đặt trong ngoặc kép: "yes"'


def test_draft_must_be_true_or_false(tree: ContentTree) -> None:
    tree.innovation("a", draft="yes")
    assert "không phải true/false" in only(tree, "draft").message


def test_broken_yaml_points_at_the_line(tree: ContentTree) -> None:
    tree.write("innovations/a.md", "---\nid: AAA-2022-0001\ntitle: [không đóng\nunit: AAA\n---\n")
    (problem,) = problems(tree)
    assert problem.field == "(yaml)"
    assert problem.line >= 3
    assert problem.message.startswith("YAML không đọc được")


def test_yaml_bomb_is_rejected_fast(tree: ContentTree) -> None:
    bomb = "\n".join(
        [f"a0: &a0 {['x'] * 9}"]
        + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    )
    tree.write("innovations/a.md", f"---\n{bomb}\n---\n")
    (problem,) = problems(tree)
    assert "anchor/alias" in problem.message


def test_absurd_nesting_is_rejected(tree: ContentTree) -> None:
    tree.write("innovations/a.md", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    (problem,) = problems(tree)
    assert "lồng nhau quá sâu" in problem.message


def test_file_not_utf8_says_so(tree: ContentTree) -> None:
    tree.write("innovations/a.md", to_cp1258(innovation_text(title="Thiết bị đo")))
    (problem,) = problems(tree)
    assert "không phải UTF-8" in problem.message
    assert "cp1258" in problem.message
    assert problem.line == 3


def test_utf16_file_says_so(tree: ContentTree) -> None:
    tree.write("innovations/a.md", innovation_text().encode("utf-16"))
    (problem,) = problems(tree)
    assert "UTF-16" in problem.message


def test_bom_and_crlf_are_accepted_and_nfd_becomes_nfc(tree: ContentTree) -> None:
    nfd_title = unicodedata.normalize("NFD", "Thiết bị đo đếm")
    text = innovation_text(title=nfd_title).replace("\n", "\r\n")
    tree.write("innovations/a.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = load_content(tree.root)
    assert result.problems == []
    assert result.catalog is not None
    assert result.catalog.innovations[0].title == unicodedata.normalize("NFC", nfd_title)
    assert tree.root.joinpath("innovations/a.md").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("body_line", "message"),
    [
        ("<script>alert(1)</script>", "thẻ HTML <script>"),
        ('<img src="x.png" onerror="alert(1)">', "thuộc tính sự kiện `onerror`"),
        ("[bấm vào](javascript:alert(1))", "`javascript:`"),
        ("[bấm vào](JaVaScRiPt&#x3a;alert(1))", "`javascript:`"),
        ('<a href="vbscript:msgbox">x</a>', "`vbscript:`"),
        ("![ảnh](data:image/svg+xml;base64,PHN2Zz4=)", "`data:`"),
        ("<iframe src='https://example.com'></iframe>", "thẻ HTML <iframe>"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
    ],
)
def test_raw_html_that_could_run_script_names_the_line(tree: ContentTree, body_line: str,
                                                       message: str) -> None:
    tree.innovation("a", body=f"## Giải pháp\n\n{body_line}\n")
    found = [p for p in problems(tree) if p.field == "(nội dung)"]
    assert found, problems(tree)
    assert found[0].line == 14  # 10 lines of front matter, a blank, heading, blank, then this
    assert any(message in p.message for p in found)


def test_script_inside_code_is_only_shown(tree: ContentTree) -> None:
    tree.innovation("a", body="```html\n<script>alert(1)</script>\n```\n\nDùng `<script>`.\n")
    assert problems(tree) == []


def test_image_problems(tree: ContentTree) -> None:
    tree.write("outside.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    tree.write("innovations/b/not-image.png", b"hello, not an image")
    tree.innovation("a", image="../../outside.png")
    tree.innovation("b/index", id="AAA-2022-0002", image="missing.png")
    tree.innovation("c", id="AAA-2022-0003", image="b/not-image.png")
    tree.innovation("d", id="AAA-2022-0004", image="/etc/passwd")
    found = sorted((p.path.rsplit("/", 2)[-2:], p.message) for p in problems(tree))
    messages = " | ".join(m for _, m in found)
    assert "nằm ngoài thư mục content/" in messages
    assert "không tìm thấy tệp ảnh `missing.png`" in messages
    assert "không phải ảnh PNG" in messages
    assert "phải là đường dẫn tương đối" in messages


def test_good_image_in_a_bundle(tree: ContentTree) -> None:
    png = tree.write("innovations/x/anh.png", image_bytes())
    tree.innovation("x/index", image="anh.png")
    result = load_content(tree.root)
    assert result.catalog is not None
    assert result.catalog.innovations[0].image == png.resolve()


def test_empty_file_and_missing_front_matter(tree: ContentTree) -> None:
    tree.write("innovations/a.md", "")
    tree.write("innovations/b.md", "# Chỉ có nội dung\n")
    found = {p.path.rsplit("/", 1)[-1]: p.message for p in problems(tree)}
    assert found["a.md"] == "tệp trống"
    assert "thiếu phần đầu" in found["b.md"]


def _month(picks: str, month: str = "2022-05") -> str:
    return f"---\nmonth: {month}\ntitle: Tiêu biểu\npicks:\n{picks}---\n\nCâu chuyện.\n"


def test_picks_rules(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.innovation("b", id="AAA-2022-0002", draft="true")
    tree.innovation("c", id="AAA-2022-0003")
    tree.write("featured/2022-05.md", _month(
        "  - {id: AAA-2022-0001, headline: Một}\n"
        "  - {id: AAA-2022-0001, headline: Lặp}\n"
        "  - {id: AAA-2022-0002, headline: Nháp}\n"
        "  - {id: AAA-2022-0009, headline: Không có}\n"))
    tree.write("featured/2022-06.md", _month("  - {id: AAA-2022-0003, headline: Ba}\n"))
    found = [(p.path.rsplit("/", 1)[-1], p.field, p.line, p.message) for p in problems(tree)]
    assert ("2022-05.md", "picks", 5, "4 sáng kiến tiêu biểu, tối đa 2 mỗi tháng") in found
    assert ("2022-05.md", "picks[2].id", 6,
            "`AAA-2022-0001` được chọn hai lần trong tháng") in found
    assert ("2022-05.md", "picks[3].id", 7,
            "sáng kiến `AAA-2022-0002` còn là bản nháp (draft)") in found
    assert ("2022-05.md", "picks[4].id", 8, "không có sáng kiến mã `AAA-2022-0009`") in found
    assert ("2022-06.md", "month", 2, "tháng `2022-05` không khớp tên tệp `2022-06.md`") in found


def test_program_phases_overlapping(tree: ContentTree) -> None:
    program = tree.root.joinpath("program.yml").read_text(encoding="utf-8")
    tree.write("program.yml", program.replace("start: 2022-06-01", "start: 2022-05-01"))
    problem = only(tree, "phases[2].start")
    assert problem.line == 7
    assert "chồng lấn" in problem.message


def test_units_rules(tree: ContentTree) -> None:
    tree.write("units.yml", """\
- code: AAA
  name: Một
  members: 0
  targets: {1: 10}
- code: BBB
  name: Hai
  members: 5
  targets: {1: 1, 3: 9}
- code: BBB
  name: Ba
  members: 5
  targets: {1: 1}
""")
    found = {p.field: p for p in problems(tree)}
    assert found["units[1].members"].line == 3
    assert "phải từ 1 trở lên" in found["units[1].members"].message
    assert "giai đoạn 3 không có trong program.yml" in found["units[2].targets.3"].message
    assert found["units[3].code"].line == 9
    assert "trùng" in found["units[3].code"].message


def test_all_problems_are_reported_at_once(tree: ContentTree) -> None:
    tree.innovation("a", unit="ZZZ", registered="2022-02-30")
    tree.innovation("b", id="AAA-2022-0002", category="khac")
    tree.write("innovations/c.md", b"\xff\xfe")
    assert len(load_and_plan(tree.root).errors) == 4


def test_ordinary_page_at_a_generated_url_is_an_error(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.write("sang-kien.md", "# Trùng\n")
    problem = only(tree, "(tệp)")
    assert "/sang-kien/ nằm trong phần trang web tự sinh" in problem.message


def test_a_picture_where_the_share_cards_go_is_an_error(tree: ContentTree) -> None:
    """The build writes each unit's share card there: an editor's file would be lost."""
    tree.innovation("a")
    tree.write("the-chia-se/chuong-trinh.png", image_bytes())
    problem = only(tree, "(tệp)")
    assert "/the-chia-se/chuong-trinh.png nằm trong phần trang web tự sinh" in problem.message
