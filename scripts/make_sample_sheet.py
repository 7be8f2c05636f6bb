"""Write the editors' sample spreadsheet for `python -m generator import`.

Usage: ``.venv/bin/python scripts/make_sample_sheet.py [OUT]`` (default:
docs/mau-nhap-sang-kien.xlsx). A title row above the header (merged, as unions' sheets have
it), Vietnamese headers, and a few rows that import cleanly into the sample content: a unit
given by its code or by its name, a date cell and a date typed DD/MM/YYYY, a benefit as a
number cell and as text.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent.parent / "docs" / "mau-nhap-sang-kien.xlsx"
HEADERS = ("STT", "Mã sáng kiến", "Tên sáng kiến", "Đơn vị", "Tác giả", "Loại giải pháp",
           "Ngày đăng ký", "Tóm tắt", "Trạng thái", "Giá trị làm lợi", "Chủ đề", "Nội dung")
ROWS = (
    (1, "EVNNPC-2023-0901", "Kẹp tiếp địa di động cho lưới hạ áp", "EVNNPC",
     "Nguyễn Văn Hải; Trần Thị Lan", "Giải pháp kỹ thuật", dt.date(2023, 3, 15),
     "Kẹp tiếp địa nhẹ, lắp bằng một tay, rút ngắn thời gian chuẩn bị hiện trường.",
     "applied", 120000000, "an toàn; lưới điện",
     "## Thực trạng\n\nBộ tiếp địa cũ nặng, lắp mất nhiều thời gian.\n\n## Giải pháp\n\n"
     "Kẹp hợp kim nhôm, lò xo tự khóa.\n\n## Hiệu quả\n\nGiảm 10 phút mỗi lần thao tác."),
    (2, "EVNCPC-2023-0902", "Sổ tay điện tử kiểm tra trạm biến áp phân phối",
     "Công đoàn Tổng công ty Điện lực miền Trung", "Lê Văn Cường", "quan-ly", "15/09/2023",
     "Ứng dụng trên điện thoại ghi kết quả kiểm tra định kỳ trạm, có ảnh và vị trí.",
     "Đã đăng ký", "1.200.000 đồng", "chuyển đổi số", ""),
    (3, "EVNSPC-2023-0903", "Giá đỡ thay sứ đứng không cần cắt điện", "EVNSPC",
     "Phạm Minh Tuấn\nVõ Thị Hoa", "Giải pháp tác nghiệp", dt.date(2023, 6, 1),
     "Giá đỡ giữ dây dẫn khi thay sứ đứng trên lưới 22 kV đang mang điện.", "", None,
     "lưới điện, sửa chữa nóng", ""),
)


def make(out: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sáng kiến"
    sheet["A1"] = "CÔNG ĐOÀN ĐIỆN LỰC VIỆT NAM: DANH SÁCH SÁNG KIẾN ĐĂNG KÝ"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append([])
    sheet.append(list(HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in ROWS:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=4, min_col=7, max_col=7):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFGHIJKL", (5, 18, 40, 30, 28, 22, 14, 50, 14, 16, 22, 50),
                             strict=True):
        sheet.column_dimensions[column].width = width
    stamp = dt.datetime(2023, 9, 30)
    book.properties.created = stamp
    book.properties.modified = stamp
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    print(f"Đã ghi {make(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
