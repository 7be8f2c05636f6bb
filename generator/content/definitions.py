"""The content contract as data: every file kind's fields, once, for checker and schema."""

from __future__ import annotations

from .field_containers import KEY_MAX_LEN, ListOf, MapOf, Struct, int_key, slug_key
from .fields import Boolean, Choice, Date, Integer, Number, Pattern, Text

ID_PATTERN = r"[A-Z0-9]+(-[A-Z0-9]+)*"
UNIT_CODE_PATTERN = r"[A-Z0-9]{2,16}"
MONTH_PATTERN = r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])"
"""A month of the years a date may have (fields.MIN_YEAR to MAX_YEAR)."""
EVENT_NAME_PATTERN = r"([0-9]{4}-[0-9]{2}-[0-9]{2})-([a-z0-9]+(-[a-z0-9]+)*)"
"""An event's file name without .md: its date, then a slug."""
STATUSES = ("registered", "applied", "recognized")
EVENT_KINDS = {"toa-dam": "Tọa đàm", "giao-luu": "Giao lưu"}

PHASE = Struct(
    {
        "id": Integer(minimum=1, description="Số thứ tự giai đoạn"),
        "name": Text(max_len=100),
        "start": Date(),
        "end": Date(),
        "target": Integer(minimum=0, description="Chỉ tiêu số sáng kiến của giai đoạn"),
    },
    required=frozenset({"id", "name", "start", "end", "target"}),
)

AWARD_KIND = Struct(
    {
        "name": Text(max_len=120),
        "issuer": Text(max_len=160),
        "target": Integer(minimum=0),
        "criteria": Text(max_len=5000, description="Markdown: ai được xét tặng và điều kiện (v2)"),
    },
    required=frozenset({"name", "issuer", "target"}),
)

PROGRAM = Struct(
    {
        "name": Text(max_len=200),
        "organization": Text(max_len=200),
        "counted_from": Date(description="Sáng kiến đăng ký trước ngày này không được tính"),
        "target": Integer(minimum=1),
        "phases": ListOf(PHASE, min_items=1),
        "participation_target": Number(description="Tỷ lệ đoàn viên có sáng kiến, ví dụ 0.10"),
        "featured_per_month": Integer(minimum=1),
        "categories": MapOf(slug_key, {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                            Text(max_len=120)),
        "awards": MapOf(slug_key, {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, AWARD_KIND),
        "emulation_block": Struct(
            {
                "name": Text(max_len=120),
                "rank_target": Integer(minimum=1),
                "peers": ListOf(
                    Struct(
                        {"name": Text(max_len=200), "participation": Number()},
                        required=frozenset({"name", "participation"}),
                    )
                ),
            },
            required=frozenset({"name", "peers"}),
        ),
    },
    required=frozenset({
        "name", "organization", "counted_from", "target", "phases", "participation_target",
        "featured_per_month", "categories", "awards",
    }),
)

MAX_TAGS = 20
"""Each tag is a page and every tag page lists the innovation: a cap keeps one file from
multiplying pages (and the same for authors, awards, an event's units and innovations)."""
MAX_AUTHORS = 50
MAX_AWARDS = 20
MAX_EVENT_UNITS = 50
MAX_EVENT_INNOVATIONS = 100
MAX_REPLICATED = 200
"""v3: each unit an innovation is replicated in lists it on its page."""

ADVISORY_MEMBERS_MIN = 3
"""Plan II.1: an advisory team of at least three people in every union."""

ADVISORY_TEAM = Struct(
    {
        "contact": Text(max_len=300, description="Liên hệ công khai: ai, số điện thoại, email"),
        "members": ListOf(
            Struct({"name": Text(max_len=100, identifier=True), "position": Text(max_len=200)},
                   required=frozenset({"name"})),
            min_items=ADVISORY_MEMBERS_MIN,
            description="Thành viên tổ tư vấn, ít nhất 3 người",
        ),
    },
    required=frozenset({"members"}),
    description="Tổ tư vấn hỗ trợ sáng kiến (kế hoạch mục II.1)",
)

MAX_UNIT_LEVELS = 4
"""v3: the union's levels below the programme (affiliated, grassroots, ...), at most."""

UNIT = Struct(
    {
        "code": Pattern(UNIT_CODE_PATTERN, "EVNNPC", description="Mã đơn vị, chữ in hoa"),
        "name": Text(max_len=200),
        "parent": Pattern(UNIT_CODE_PATTERN, "EVNNPC",
                          description="v3: mã đơn vị cấp trên; bỏ trống nếu là công đoàn "
                          "trực thuộc (cấp cao nhất)"),
        "members": Integer(minimum=1, description="Số đoàn viên (của cả đơn vị và các đơn vị "
                           "cấp dưới); bỏ trống ở đơn vị có cấp dưới thì bằng tổng của chúng"),
        "targets": MapOf(int_key, {"pattern": "^[1-9][0-9]*$"}, Integer(minimum=0),
                         description="Chỉ tiêu được giao theo giai đoạn: số giai đoạn -> số"),
        "advisory_team": ADVISORY_TEAM,
    },
    required=frozenset({"code", "name"}),
    description="Đơn vị không có cấp dưới phải ghi số đoàn viên; công đoàn trực thuộc không có "
    "cấp dưới phải ghi chỉ tiêu",
)
"""`members` and `targets` are required or not by the unit's place in the tree (v3), which
the fields alone cannot say: unit_tree.py judges them."""

UNITS = ListOf(UNIT, min_items=1)

AUTHOR = Struct(
    {"name": Text(max_len=100, identifier=True), "position": Text(max_len=200)},
    required=frozenset({"name"}),
)

AWARD = Struct(
    {
        "kind": Choice("awards", "loại giải thưởng"),
        "date": Date(),
        "decision": Text(max_len=60, description="Số quyết định, ví dụ 1234/QĐ-TLĐ"),
    },
    required=frozenset({"kind", "date"}),
)

INNOVATION = Struct(
    {
        "id": Pattern(ID_PATTERN, "EVNNPC-2022-0042",
                      description="Mã sáng kiến, chữ in hoa, số và '-'; là địa chỉ trang",
                      max_len=KEY_MAX_LEN),
        "title": Text(max_len=200, title=True),
        "unit": Choice("units", "đơn vị"),
        "authors": ListOf(AUTHOR, min_items=1, max_items=MAX_AUTHORS),
        "category": Choice("categories", "loại giải pháp"),
        "registered": Date(description="Ngày đăng ký tham gia chương trình"),
        "summary": Text(max_len=500),
        "status": Choice("statuses", "trạng thái"),
        "applied": Date(description="Ngày áp dụng lần đầu vào thực tế"),
        "benefit": Struct(
            {
                "value_vnd": Integer(minimum=0, description="Giá trị làm lợi, đồng/năm"),
                "text": Text(max_len=500),
            }
        ),
        "awards": ListOf(AWARD, max_items=MAX_AWARDS),
        "tags": ListOf(Text(max_len=60, identifier=True), max_items=MAX_TAGS),
        "replicated_in": ListOf(Choice("units", "đơn vị"), max_items=MAX_REPLICATED,
                                description="v3: mã các đơn vị khác đã nhân rộng, áp dụng "
                                "sáng kiến"),
        "image": Text(max_len=300, description="Đường dẫn ảnh, tính từ tệp sáng kiến"),
        "draft": Boolean(description="true: chưa đăng, không được tính"),
    },
    required=frozenset({"id", "title", "unit", "authors", "category", "registered", "summary"}),
)

PLACEHOLDERS = {
    "summary": "Một hai câu tóm tắt: vấn đề gì, giải pháp gì, hiệu quả ra sao.",
    "name": "Họ và tên tác giả",
    "position": "Chức danh, bộ phận",
}
"""What `python -m generator new` writes for the editor to replace: by field (of the
innovation or of an author). Still there once `draft` is gone, each is an error."""
BODY_PLACEHOLDERS = (
    ("Thực trạng", "Mô tả vấn đề trước khi có sáng kiến."),
    ("Giải pháp", "Mô tả giải pháp và cách thực hiện."),
    ("Hiệu quả", "Hiệu quả kinh tế, kỹ thuật, an toàn; số liệu cụ thể nếu có."),
)
"""The suggested sections of a body, with the sentence `new` puts under each."""

MONTH_PICKS = Struct(
    {
        "month": Pattern(MONTH_PATTERN, "2022-05"),
        "title": Text(max_len=200, title=True),
        "picks": ListOf(
            Struct(
                {"id": Pattern(ID_PATTERN, "EVNNPC-2022-0042"),
                 "headline": Text(max_len=200, title=True)},
                required=frozenset({"id", "headline"}),
            ),
            min_items=1,
        ),
    },
    required=frozenset({"month", "title", "picks"}),
)

EVENT = Struct(
    {
        "title": Text(max_len=200, title=True),
        "date": Date(description="Ngày diễn ra, trùng với ngày trong tên tệp"),
        "kind": Choice("event_kinds", "loại sự kiện"),
        "units": ListOf(Choice("units", "đơn vị"), min_items=1, max_items=MAX_EVENT_UNITS),
        "place": Text(max_len=200),
        "innovations": ListOf(Pattern(ID_PATTERN, "EVNNPC-2022-0042"),
                              max_items=MAX_EVENT_INNOVATIONS),
        "summary": Text(max_len=500),
        "draft": Boolean(description="true: chưa đăng"),
    },
    required=frozenset({"title", "date", "kind", "units", "summary"}),
)

PAGE_HIDE = ("navigation", "toc", "footer", "path")
"""Parts of the theme an ordinary page may hide (Material's `hide`)."""

PAGE = Struct(
    {
        "title": Text(max_len=200, title=True),
        "description": Text(max_len=500),
        "hide": ListOf(Choice("page_hide", "phần ẩn của trang")),
        "search": Struct({"exclude": Boolean()}),
    }
)
"""An ordinary page's front matter: only what the editor guide documents. MkDocs' `template`
and Material's other keys (icon, status, subtitle, ...) change how a page is built or are
printed unescaped by the theme, so they are refused like any unknown key."""
