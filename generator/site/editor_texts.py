"""What the web editor's form says, in Vietnamese: each field's label and the hints under the
widgets (the checker's own words where it has them)."""

from __future__ import annotations

from generator.content import definitions as d
from generator.content.images import ALLOWED_SUFFIXES, MAX_IMAGE_BYTES
from generator.site.vietnamese import format_int

STATUS_LABELS = {"registered": "Đã đăng ký", "applied": "Đã áp dụng",
                 "recognized": "Đã được công nhận"}
"""As the innovation page shows them (overrides/sk/body/innovation.html)."""

LABELS: dict[str, str] = {
    # innovations
    "id": "Mã sáng kiến",
    "title": "Tên sáng kiến",
    "unit": "Đơn vị",
    "authors": "Tác giả",
    "authors.name": "Họ và tên",
    "authors.position": "Chức danh, bộ phận",
    "category": "Loại giải pháp",
    "registered": "Ngày đăng ký",
    "summary": "Tóm tắt",
    "status": "Trạng thái",
    "applied": "Ngày áp dụng",
    "benefit": "Hiệu quả làm lợi",
    "benefit.value_vnd": "Giá trị làm lợi (đồng/năm)",
    "benefit.text": "Diễn giải hiệu quả",
    "awards": "Giải thưởng",
    "awards.kind": "Loại giải thưởng",
    "awards.date": "Ngày quyết định",
    "awards.decision": "Số quyết định",
    "tags": "Chủ đề",
    "image": "Ảnh đại diện",
    "draft": "Bản nháp (chưa đăng)",
    "body": "Nội dung",
    # a month's picks
    "month": "Tháng (YYYY-MM)",
    "picks": "Sáng kiến được chọn",
    "picks.id": "Sáng kiến",
    "picks.headline": "Dòng nổi bật",
    # events
    "date": "Ngày diễn ra",
    "kind": "Loại sự kiện",
    "units": "Các đơn vị tham gia",
    "place": "Địa điểm",
    "innovations": "Sáng kiến được trình bày",
    "replicated_in": "Đơn vị nhân rộng",
    # pages
    "description": "Mô tả ngắn",
    "template": "Mẫu trang",
    "hide": "Ẩn thành phần",
    "search": "Tìm kiếm",
    "search.exclude": "Không đưa vào tìm kiếm",
    # units.yml
    "units.code": "Mã đơn vị",
    "units.name": "Tên công đoàn",
    "units.parent": "Đơn vị cấp trên",
    "units.members": "Số đoàn viên",
    "units.targets": "Chỉ tiêu theo giai đoạn",
    "units.advisory_team": "Tổ tư vấn hỗ trợ sáng kiến",
    "units.advisory_team.contact": "Liên hệ",
    "units.advisory_team.members": "Thành viên",
    "units.advisory_team.members.name": "Họ và tên",
    "units.advisory_team.members.position": "Chức vụ",
}
"""Vietnamese labels by field path (a field of a list or group after a dot)."""

def _image_hint() -> str:
    """The image kinds and size the checker accepts (content/images.py), said once."""
    kinds = []
    for kind in ALLOWED_SUFFIXES.values():
        name = kind.upper() if kind != "webp" else "WebP"
        if name not in kinds:
            kinds.append(name)
    size = (f"{MAX_IMAGE_BYTES // 1_000_000} MB" if MAX_IMAGE_BYTES % 1_000_000 == 0
            else f"{format_int(MAX_IMAGE_BYTES // 1000)} KB")
    return (f"Ảnh {', '.join(kinds[:-1])} hoặc {kinds[-1]}, tối đa {size} "
            f"({format_int(MAX_IMAGE_BYTES)} byte), lưu cạnh bài; không dùng SVG.")


SAFE_INTEGER_MAX = 2**53 - 1
"""The largest integer the web editor keeps exact (JavaScript's Number.MAX_SAFE_INTEGER): it
reads a file's numbers as JavaScript numbers, so the form refuses more rather than round it."""

HINTS: dict[str, str] = {
    "id": "Chữ in hoa và chữ số, các nhóm nối bằng một dấu '-' (không ở đầu hay cuối), ví dụ "
          "EVNNPC-2022-0042. Là địa chỉ trang, không đổi về sau, không trùng sáng kiến khác.",
    "title": "Từ 1 đến 200 ký tự.",
    "summary": "Một hai câu, chữ thường (không in đậm, không liên kết), tối đa 500 ký tự: "
               "hiện trên thẻ và trong kết quả tìm kiếm.",
    "registered": "Ngày sáng kiến đăng ký tham gia chương trình, gõ ngày/tháng/năm, ví dụ "
                  "15/09/2023.",
    "applied": "Ngày áp dụng lần đầu vào thực tế; nếu trước ngày đăng ký, trình kiểm tra nhắc "
               "lại để xem (vẫn đăng được).",
    "authors": f"Ít nhất 1, tối đa {d.MAX_AUTHORS} tác giả.",
    "tags": "Các chủ đề, cách nhau bởi dấu phẩy, mỗi chủ đề tối đa 60 ký tự, ví dụ: an toàn, "
            "chuyển đổi số.",
    "image": _image_hint(),
    "benefit.value_vnd": "Số đồng làm lợi mỗi năm, ví dụ 1.200.000 hoặc 1.200.000 đồng, "
                         "1,5 triệu, 1,2 tỷ; lưu thành số nguyên. Trình biên tập web giữ "
                         f"đúng tới {format_int(SAFE_INTEGER_MAX)}; số lớn hơn sửa trực tiếp "
                         "trong tệp.",
    "units.code": "Từ 2 đến 16 chữ in hoa hoặc chữ số, ví dụ EVNNPC; không trùng đơn vị khác.",
    "draft": "Bật: bài chưa đăng và chưa được tính.",
    "body": "Thay các câu mẫu dưới mỗi mục bằng nội dung thật (còn câu mẫu thì bài không đăng "
            "được, trừ khi là bản nháp).",
    "month": "Ví dụ 2022-05; trùng với tên tệp.",
    "picks": "Tối đa {featured_per_month} sáng kiến mỗi tháng, không trùng nhau, không chọn "
             "bản nháp.",
    "picks.id": "Gõ vài chữ của tên sáng kiến để chọn.",
    "units": "Ít nhất 2 đơn vị nếu là giao lưu; không lặp lại.",
    "replicated_in": "Các đơn vị khác đã áp dụng sáng kiến (nhân rộng); không ghi đơn vị của "
                     "chính sáng kiến, không lặp lại.",
    "innovations": "Chỉ các sáng kiến đã đăng.",
    "awards.decision": "Ví dụ 1234/QĐ-TLĐ, tối đa 60 ký tự.",
    "awards.date": "Không trước ngày đăng ký.",
}
"""Hints under the widgets; a field's own description is used where there is none here."""
