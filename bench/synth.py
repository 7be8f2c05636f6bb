"""Synthesise a complete, valid content tree for benchmarks.

Usage: ``python bench/synth.py N OUT_DIR [--seed S] [--shape SHAPE] [--authors-recur SHARE]
[--awards SHARE] [--tags SHARE] [--benefits SHARE] [--drafts SHARE] [--odd-names SHARE]``

Writes ``program.yml``, ``units.yml``, N innovations under
``innovations/<unit code lower>/<id lower>.md`` and one ``featured/YYYY-MM.md``
per month of the programme, following ``CONTENT-SPEC.md`` (v1).

The output depends only on its arguments: the same arguments give
byte-identical files. Innovations are written one at a time (streaming); only
a small record per published innovation is kept, to choose the monthly picks,
and, when people grow with the content, the few people active in each unit.
Only the standard library is used. YAML is written by hand: every string is
double-quoted with JSON escaping, which is valid YAML.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------
# The programme (the spec's example, completed)
# --------------------------------------------------------------------------

PROGRAM_NAME = "Chương trình 01 triệu sáng kiến"
ORGANIZATION = "Công đoàn Điện lực Việt Nam"
COUNTED_FROM = dt.date(2021, 9, 1)
PROGRAM_TARGET = 10000
PARTICIPATION_TARGET = "0.10"  # written verbatim, as in the spec
FEATURED_PER_MONTH = 5


@dataclass(frozen=True)
class Phase:
    """One phase of the programme."""

    id: int
    name: str
    start: dt.date
    end: dt.date
    target: int


PHASES: tuple[Phase, ...] = (
    Phase(1, "Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31), 3000),
    Phase(2, "Giai đoạn 2", dt.date(2022, 6, 1), dt.date(2023, 9, 30), 7000),
)
PROGRAM_END = PHASES[-1].end

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("ky-thuat", "Giải pháp kỹ thuật"),
    ("quan-ly", "Giải pháp quản lý"),
    ("tac-nghiep", "Giải pháp tác nghiệp"),
    ("ung-dung", "Ứng dụng tiến bộ kỹ thuật, công nghệ"),
    ("nghien-cuu", "Đề tài nghiên cứu khoa học"),
)
CATEGORY_WEIGHTS: tuple[int, ...] = (40, 20, 20, 15, 5)


@dataclass(frozen=True)
class AwardKind:
    """An award kind of program.yml, with the batches in which it is given."""

    key: str
    name: str
    issuer: str
    target: int
    rate: float  # share of published innovations that get it
    decision_suffix: str
    decision_digits: int
    batch_dates: tuple[dt.date, ...]


AWARD_KINDS: tuple[AwardKind, ...] = (
    AwardKind(
        "bang-ldst",
        "Bằng Lao động sáng tạo",
        "Tổng Liên đoàn Lao động Việt Nam",
        60,
        0.02,
        "QĐ-TLĐ",
        4,
        tuple(dt.date.fromisoformat(d) for d in (
            "2022-04-28", "2022-10-20", "2023-04-27", "2023-10-26", "2024-04-25",
        )),
    ),
    AwardKind(
        "chung-nhan-ldst",
        "Chứng nhận Lao động sáng tạo",
        "Công đoàn Điện lực Việt Nam",
        100,
        0.03,
        "QĐ-CĐĐVN",
        3,
        tuple(dt.date.fromisoformat(d) for d in (
            "2022-01-14", "2022-06-10", "2022-09-16", "2022-12-16", "2023-03-17",
            "2023-06-16", "2023-09-15", "2023-12-15", "2024-03-15",
        )),
    ),
)
AWARD_MIN_DELAY_DAYS = 45  # an award comes at least this long after registration

BLOCK_NAME = "Khối thi đua 9"
BLOCK_RANK_TARGET = 3
BLOCK_PEERS: tuple[tuple[str, str], ...] = (
    ("Công đoàn Dầu khí Việt Nam", "0.083"),
    ("Công đoàn Công nghiệp Than - Khoáng sản Việt Nam", "0.121"),
    ("Công đoàn Cao su Việt Nam", "0.064"),
    ("Công đoàn Dệt may Việt Nam", "0.047"),
    ("Công đoàn Công nghiệp Hóa chất Việt Nam", "0.092"),
    ("Công đoàn Tổng công ty Hàng không Việt Nam", "0.038"),
    ("Công đoàn Tổng công ty Đường sắt Việt Nam", "0.071"),
    ("Công đoàn Tập đoàn Bưu chính Viễn thông Việt Nam", "0.105"),
)

# Registration dates are spread over this range; a few fall outside the window.
FIRST_DAY = dt.date(2021, 6, 1)
LAST_DAY = dt.date(2023, 10, 31)

# --------------------------------------------------------------------------
# Units (công đoàn trực thuộc)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """An affiliated union, with the places its innovations come from."""

    code: str
    name: str
    members: int
    activity: float  # how keen it is, relative to its size
    places: tuple[str, ...]


UNITS: tuple[Unit, ...] = (
    Unit("EVNNPC", "Công đoàn Tổng công ty Điện lực miền Bắc", 27000, 1.05, (
        "Công ty Điện lực Hải Dương", "Điện lực Chí Linh", "Công ty Điện lực Thanh Hóa",
        "Điện lực Quỳnh Lưu", "Công ty Điện lực Lào Cai", "Điện lực Đông Triều",
        "Công ty Điện lực Bắc Ninh", "Điện lực Yên Phong")),
    Unit("EVNCPC", "Công đoàn Tổng công ty Điện lực miền Trung", 11500, 1.2, (
        "Công ty Điện lực Quảng Nam", "Điện lực Hội An", "Công ty Điện lực Khánh Hòa",
        "Điện lực Cam Ranh", "Công ty Điện lực Đắk Lắk", "Điện lực Buôn Ma Thuột",
        "Công ty Điện lực Bình Định")),
    Unit("EVNSPC", "Công đoàn Tổng công ty Điện lực miền Nam", 23500, 0.95, (
        "Công ty Điện lực Đồng Nai", "Điện lực Long Khánh", "Công ty Điện lực Cần Thơ",
        "Điện lực Ninh Kiều", "Công ty Điện lực An Giang", "Điện lực Châu Đốc",
        "Công ty Điện lực Long An", "Điện lực Bến Lức")),
    Unit("EVNHANOI", "Công đoàn Tổng công ty Điện lực thành phố Hà Nội", 9200, 1.3, (
        "Công ty Điện lực Hoàn Kiếm", "Công ty Điện lực Cầu Giấy", "Công ty Điện lực Đông Anh",
        "Công ty Điện lực Sơn Tây", "Công ty Lưới điện cao thế thành phố Hà Nội")),
    Unit("EVNHCMC", "Công đoàn Tổng công ty Điện lực Thành phố Hồ Chí Minh", 8700, 1.25, (
        "Công ty Điện lực Sài Gòn", "Công ty Điện lực Thủ Đức", "Công ty Điện lực Chợ Lớn",
        "Công ty Điện lực Củ Chi", "Công ty Lưới điện cao thế TP Hồ Chí Minh")),
    Unit("EVNNPT", "Công đoàn Tổng công ty Truyền tải điện Quốc gia", 7600, 0.8, (
        "Truyền tải điện Hà Nội", "Truyền tải điện Quảng Ninh", "Truyền tải điện Đà Nẵng",
        "Truyền tải điện Gia Lai", "Truyền tải điện Đồng Nai", "Trạm biến áp 500 kV Phố Nối")),
    Unit("EVNGENCO1", "Công đoàn Tổng công ty Phát điện 1", 3900, 0.9, (
        "Công ty Nhiệt điện Uông Bí", "Công ty Thủy điện Đại Ninh",
        "Công ty Nhiệt điện Duyên Hải", "Công ty Thủy điện Bản Chát")),
    Unit("EVNGENCO2", "Công đoàn Tổng công ty Phát điện 2", 2600, 0.85, (
        "Công ty Thủy điện Thác Bà", "Công ty Nhiệt điện Thái Bình",
        "Công ty Thủy điện Trung Sơn", "Công ty Nhiệt điện Sông Hậu")),
    Unit("EVNGENCO3", "Công đoàn Tổng công ty Phát điện 3", 3100, 0.7, (
        "Công ty Nhiệt điện Vĩnh Tân", "Công ty Nhiệt điện Phú Mỹ",
        "Công ty Thủy điện Buôn Kuốp", "Công ty Nhiệt điện Mông Dương")),
    Unit("NSMO", "Công đoàn Trung tâm Điều độ hệ thống điện quốc gia", 900, 1.6, (
        "Trung tâm Điều độ hệ thống điện miền Bắc", "Trung tâm Điều độ hệ thống điện miền Trung",
        "Trung tâm Điều độ hệ thống điện miền Nam")),
    Unit("EVNICT", "Công đoàn Công ty Viễn thông Điện lực và Công nghệ thông tin", 450, 1.5, (
        "Trung tâm Dữ liệu", "Phòng Phát triển phần mềm", "Trung tâm Viễn thông miền Bắc")),
    Unit("CQEVN", "Công đoàn Cơ quan Tập đoàn Điện lực Việt Nam", 700, 0.6, (
        "Ban Kỹ thuật - Sản xuất", "Ban Kinh doanh", "Ban Chuyển đổi số", "Văn phòng Tập đoàn")),
)

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Đoàn", 1), ("Trương", 1),
    ("Lương", 1), ("Tạ", 1), ("Nông", 1),
)
MALE_MIDDLE: tuple[str, ...] = (
    "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Đình", "Xuân", "Thanh",
    "Ngọc", "Mạnh", "Tiến", "Trọng", "Duy",
)
FEMALE_MIDDLE: tuple[str, ...] = (
    "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Kim", "Minh", "Thúy",
)
MALE_GIVEN: tuple[str, ...] = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Định", "Đông", "Giang", "Hải", "Hùng", "Hưng",
    "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lực", "Minh", "Nam", "Nghĩa", "Phong",
    "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tú",
    "Tuấn", "Việt", "Vinh", "Vũ", "Hiếu", "Đức", "Thịnh", "Lộc", "Hoàng",
)
FEMALE_GIVEN: tuple[str, ...] = (
    "Anh", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Lan", "Linh",
    "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy",
    "Trang", "Tuyết", "Vân", "Yến", "Huyền", "Thư",
)
POSITIONS: tuple[str, ...] = (
    "Kỹ sư", "Kỹ sư", "Công nhân quản lý vận hành", "Công nhân sửa chữa điện",
    "Tổ trưởng sản xuất", "Đội trưởng", "Phó Đội trưởng", "Trưởng phòng Kỹ thuật",
    "Phó Giám đốc", "Kỹ thuật viên", "Trưởng ca vận hành", "Chuyên viên",
    "Điều độ viên", "Công nhân đo đếm", "Trưởng trạm biến áp",
)

EQUIPMENT: tuple[str, ...] = (
    "máy biến áp phân phối", "máy biến áp 110 kV", "máy cắt hợp bộ", "dao cách ly",
    "chống sét van", "cáp ngầm trung thế", "đường dây 22 kV", "đường dây 35 kV",
    "đường dây 110 kV", "đường dây 220 kV", "đường dây 500 kV", "trạm biến áp 110 kV",
    "trạm biến áp phân phối", "tủ RMU", "recloser", "công tơ điện tử",
    "hệ thống đo đếm điện năng", "rơ le bảo vệ", "hệ thống SCADA", "tụ bù trung thế",
    "cầu chì tự rơi", "chuỗi sứ cách điện", "dây chống sét", "hệ thống tiếp địa",
    "tổ máy phát điện", "tuabin thủy lực", "lò hơi", "băng tải than", "hệ thống kích từ",
    "hệ thống ắc quy một chiều", "cửa van đập tràn", "trạm biến áp không người trực",
    "công tơ đo đếm ranh giới", "hệ thống điện mặt trời mái nhà",
)
PROBLEMS: tuple[str, ...] = (
    "sự cố thoáng qua do chim và động vật", "tổn thất điện năng cao",
    "quá tải cục bộ vào giờ cao điểm", "phóng điện bề mặt do nhiễm bẩn",
    "phát nhiệt tại các điểm tiếp xúc", "thời gian mất điện kéo dài khi xử lý sự cố",
    "sai sót khi ghi và đối soát chỉ số", "nguy cơ mất an toàn khi thao tác trên cao",
    "ăn mòn kết cấu kim loại", "cây xanh vi phạm hành lang an toàn lưới điện",
    "khối lượng công việc thủ công lớn", "dữ liệu vận hành phân tán, khó tổng hợp",
    "rung động và mài mòn thiết bị quay", "mất cân bằng tải giữa các pha",
    "hư hỏng cách điện do lão hóa", "sai lệch đo đếm tại điểm giao nhận",
)
TOOLS: tuple[str, ...] = (
    "bộ gá", "dụng cụ", "phần mềm", "ứng dụng trên điện thoại di động",
    "thiết bị giám sát từ xa", "hệ thống cảnh báo sớm", "bộ chụp cách điện",
    "sào thao tác đa năng", "quy trình", "mô hình mô phỏng", "công cụ phân tích dữ liệu",
    "thiết bị bay không người lái", "module IoT", "cơ sở dữ liệu", "xe đẩy chuyên dụng",
)
ACTIONS: tuple[str, ...] = (
    "thay thế", "kiểm tra", "giám sát", "vệ sinh", "bảo dưỡng", "thí nghiệm", "lắp đặt",
    "định vị sự cố", "đo đếm", "quản lý", "vận hành",
)
MODES: tuple[str, ...] = (
    "không cần cắt điện", "trong điều kiện mang điện", "tại hiện trường",
    "an toàn và nhanh chóng", "trong mùa mưa bão", "theo thời gian thực",
)
TECHNOLOGIES: tuple[str, ...] = (
    "chuyển đổi số", "công nghệ IoT", "trí tuệ nhân tạo", "công nghệ GIS",
    "hệ thống đo xa", "công nghệ sửa chữa điện nóng (hotline)", "camera nhiệt",
    "thiết bị bay không người lái", "điện toán đám mây", "phần mềm mã nguồn mở",
)
VERBS: tuple[str, ...] = (
    "Chế tạo", "Cải tiến", "Thiết kế", "Xây dựng", "Nghiên cứu chế tạo", "Lập trình",
    "Hoàn thiện",
)
METRICS: tuple[str, ...] = (
    "thời gian thao tác", "thời gian mất điện", "số lần sự cố", "tổn thất điện năng",
    "chi phí vật tư", "chi phí nhân công", "thời gian xử lý sự cố", "sai số đo đếm",
    "thời gian lập báo cáo", "nhiên liệu tiêu hao", "số giờ công",
)
TAGS: tuple[str, ...] = (
    "an toàn", "chuyển đổi số", "tiết kiệm năng lượng", "giảm tổn thất điện năng",
    "độ tin cậy cung cấp điện", "tự động hóa", "môi trường", "chăm sóc khách hàng",
    "sửa chữa điện nóng", "vận hành", "đo đếm", "lưới điện thông minh",
)
STATUS_CHOICES: tuple[str, ...] = ("registered", "applied", "recognized")
STATUS_WEIGHTS: tuple[int, ...] = (35, 45, 20)

SITUATION_SENTENCES: tuple[str, ...] = (
    ("Trong quá trình {action} {equipment} tại {place}, người lao động thường xuyên gặp "
     "tình trạng {problem}."),
    ("Theo số liệu thống kê năm {prev_year}, đơn vị ghi nhận {count} trường hợp {problem}, "
     "ảnh hưởng trực tiếp đến độ tin cậy cung cấp điện và kết quả sản xuất kinh doanh."),
    ("Phương pháp hiện hành đòi hỏi {workers} công nhân thực hiện trong khoảng {hours} giờ, "
     "phải cắt điện diện rộng và phối hợp nhiều bộ phận."),
    ("Việc {action} {equipment} chủ yếu dựa vào kinh nghiệm của công nhân, thiếu công cụ hỗ "
     "trợ và số liệu đo đếm tin cậy."),
    ("Bên cạnh đó, yêu cầu ngày càng cao của khách hàng sử dụng điện về chất lượng điện năng "
     "và thời gian đáp ứng đặt ra áp lực lớn cho đội ngũ quản lý vận hành."),
    ("Điều kiện địa hình phức tạp, nhiều đường dây đi qua khu vực đồi núi, ruộng lúa và khu dân "
     "cư đông đúc khiến công tác kiểm tra định kỳ mất nhiều thời gian."),
    ("Mỗi lần xảy ra sự cố, đơn vị phải huy động lực lượng trực, phương tiện và vật tư dự phòng, "
     "làm phát sinh chi phí không nhỏ."),
    ("Các thiết bị nhập khẩu có giá thành cao, thời gian cung cấp dài và khó thay thế linh kiện "
     "khi hư hỏng."),
)
STEP_SENTENCES: tuple[str, ...] = (
    "Khảo sát hiện trạng, thu thập số liệu vận hành và sự cố trong ba năm gần nhất.",
    "Phân tích nguyên nhân gốc rễ theo sơ đồ xương cá, xác định các điểm cần cải tiến.",
    "Thiết kế {tool} trên phần mềm chuyên dụng, lựa chọn vật liệu cách điện phù hợp.",
    "Chế tạo mẫu thử tại xưởng, thí nghiệm độ bền cơ học và cách điện theo tiêu chuẩn.",
    "Xây dựng quy trình thao tác, hướng dẫn an toàn và tổ chức huấn luyện cho công nhân.",
    "Áp dụng thử nghiệm tại {place} trong {months} tháng, ghi nhận và hiệu chỉnh.",
    "Kết nối dữ liệu với hệ thống đo xa và phần mềm quản lý kỹ thuật của đơn vị.",
    "Đánh giá hiệu quả, hoàn thiện hồ sơ và đề xuất nhân rộng trong toàn đơn vị.",
    "Lập trình giao diện hiển thị trực quan, gửi cảnh báo qua tin nhắn và ứng dụng Zalo.",
    "Tích hợp cảm biến nhiệt độ, dòng điện và điện áp, truyền dữ liệu về trung tâm điều khiển.",
)
SPEC_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Điện áp làm việc", ("0,4 kV", "22 kV", "35 kV", "110 kV")),
    ("Vật liệu chính", ("composite sợi thủy tinh", "thép không gỉ", "nhôm hợp kim", "nhựa PVC")),
    ("Khối lượng", ("1,8 kg", "3,5 kg", "6,2 kg", "12 kg")),
    ("Chiều dài", ("1,2 m", "2,4 m", "3,6 m", "4,5 m")),
    ("Nhiệt độ làm việc", ("-10 °C đến 60 °C", "0 °C đến 85 °C", "5 °C đến 45 °C")),
    ("Chi phí chế tạo", ("1.200.000 đồng", "4.500.000 đồng", "15.000.000 đồng")),
    ("Chu kỳ cập nhật dữ liệu", ("1 phút", "5 phút", "15 phút")),
)
GENERIC_BENEFITS: tuple[str, ...] = (
    "Bảo đảm an toàn tuyệt đối cho người và thiết bị trong quá trình thao tác.",
    "Nâng cao chỉ số độ tin cậy cung cấp điện (SAIDI, SAIFI) của đơn vị.",
    "Có thể nhân rộng cho các đơn vị khác trong Tổng công ty với chi phí thấp.",
    "Giảm áp lực công việc, tạo sự hài lòng cho khách hàng sử dụng điện.",
    "Dữ liệu được lưu trữ tập trung, phục vụ công tác phân tích và ra quyết định.",
    "Chủ động được vật tư, không phụ thuộc vào nhà cung cấp nước ngoài.",
)
CLOSING_SENTENCES: tuple[str, ...] = (
    ("Giải pháp có tính mới, tính sáng tạo và khả năng áp dụng rộng rãi trong điều kiện thực "
     "tế của ngành Điện."),
    ("Nhóm tác giả đề xuất tiếp tục hoàn thiện và chuyển giao cho các đơn vị có điều kiện "
     "tương tự."),
    ("Sáng kiến đã được Hội đồng sáng kiến cấp cơ sở đánh giá cao về hiệu quả kinh tế - kỹ "
     "thuật."),
)


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def q(text: str) -> str:
    """Quote a string as a YAML double-quoted scalar (JSON escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write_file(path: Path, text: str) -> None:
    """Write text as UTF-8 in NFC, with LF line ends."""
    path.write_bytes(unicodedata.normalize("NFC", text).encode("utf-8"))


def vi_int(value: int) -> str:
    """Format an integer the Vietnamese way: 1.250.000."""
    return f"{value:,}".replace(",", ".")


def vi_money(value: int) -> str:
    """Format an amount of đồng in words an editor would use: 1,25 tỷ / 350 triệu."""
    if value >= 1_000_000_000:
        return f"{value / 1_000_000_000:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " tỷ đồng"
    if value >= 1_000_000:
        return f"{vi_int(round(value / 1_000_000))} triệu đồng"
    return f"{vi_int(value)} đồng"


def cap(text: str) -> str:
    """Upper-case the first character only."""
    return text[:1].upper() + text[1:]


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split total into integers proportional to weights (largest remainder)."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def month_range(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """All (year, month) pairs from first's month to last's month, inclusive."""
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return nxt - dt.timedelta(days=1)


# --------------------------------------------------------------------------
# program.yml and units.yml
# --------------------------------------------------------------------------


def program_yaml() -> str:
    """The text of program.yml."""
    lines = [
        f"name: {q(PROGRAM_NAME)}",
        f"organization: {q(ORGANIZATION)}",
        f"counted_from: {COUNTED_FROM.isoformat()}",
        f"target: {PROGRAM_TARGET}",
        "phases:",
    ]
    for p in PHASES:
        lines += [
            f"  - id: {p.id}",
            f"    name: {q(p.name)}",
            f"    start: {p.start.isoformat()}",
            f"    end: {p.end.isoformat()}",
            f"    target: {p.target}",
        ]
    lines += [
        f"participation_target: {PARTICIPATION_TARGET}",
        f"featured_per_month: {FEATURED_PER_MONTH}",
        "categories:",
    ]
    lines += [f"  {key}: {q(label)}" for key, label in CATEGORIES]
    lines.append("awards:")
    for kind in AWARD_KINDS:
        lines += [
            f"  {kind.key}:",
            f"    name: {q(kind.name)}",
            f"    issuer: {q(kind.issuer)}",
            f"    target: {kind.target}",
        ]
    lines += [
        "emulation_block:",
        f"  name: {q(BLOCK_NAME)}",
        f"  rank_target: {BLOCK_RANK_TARGET}",
        "  peers:",
    ]
    for name, rate in BLOCK_PEERS:
        lines += [f"    - name: {q(name)}", f"      participation: {rate}"]
    return "\n".join(lines) + "\n"


def unit_targets() -> dict[str, tuple[int, ...]]:
    """Each unit's target per phase, proportional to its members."""
    weights = [float(u.members) for u in UNITS]
    per_phase = [allocate(p.target, weights) for p in PHASES]
    return {u.code: tuple(col[i] for col in per_phase) for i, u in enumerate(UNITS)}


def units_yaml(shape: str = "standard") -> str:
    """The text of units.yml (with three levels for the levels shape)."""
    targets = unit_targets()
    lines: list[str] = []
    for u in UNITS:
        pairs = ", ".join(f"{p.id}: {t}" for p, t in zip(PHASES, targets[u.code], strict=True))
        lines += [
            f"- code: {q(u.code)}",
            f"  name: {q(u.name)}",
            f"  members: {u.members}",
            f"  targets: {{{pairs}}}",
        ]
        if shape != "levels":
            continue
        leaves = leaf_codes(u)
        for m in range(LEVEL_MIDDLES):
            middle = f"{u.code[:11]}C{m}"
            name = f"Công đoàn công ty {m + 1} – {u.name}"
            lines += [f"- code: {q(middle)}", f"  name: {q(name)}", f"  parent: {q(u.code)}"]
            for code in leaves[m * LEVEL_LEAVES:(m + 1) * LEVEL_LEAVES]:
                lines += [f"- code: {q(code)}", f"  name: {q(f'Công đoàn cơ sở {code}')}",
                          f"  parent: {q(middle)}",
                          f"  members: {max(1, u.members // len(leaves))}"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A union member who may author innovations."""

    name: str
    position: str | None


def person_name(rng: random.Random, family_cum: list[int]) -> str:
    """A Vietnamese full name: family, one or two middle names, given name."""
    family = FAMILY_NAMES[bisect.bisect_right(family_cum, rng.randrange(family_cum[-1]))][0]
    if rng.random() < 0.6:
        middles, given = MALE_MIDDLE, MALE_GIVEN
    else:
        middles, given = FEMALE_MIDDLE, FEMALE_GIVEN
    middle = rng.choice(middles)
    if rng.random() < 0.15:
        second = rng.choice(middles)
        if second != middle:
            middle = f"{middle} {second}"
    return f"{family} {middle} {rng.choice(given)}"


def build_rosters(rng: random.Random) -> dict[str, tuple[Person, ...]]:
    """For each unit, a fixed roster of distinct people (about one member in six)."""
    family_cum = list(itertools.accumulate(w for _, w in FAMILY_NAMES))
    rosters: dict[str, tuple[Person, ...]] = {}
    for unit in UNITS:
        size = max(25, unit.members // 6)
        seen: set[str] = set()
        people: list[Person] = []
        while len(people) < size:
            name = person_name(rng, family_cum)
            if name in seen:
                continue
            seen.add(name)
            position = rng.choice(POSITIONS) if rng.random() < 0.75 else None
            people.append(Person(name, position))
        rosters[unit.code] = tuple(people)
    return rosters


def pick_authors(rng: random.Random, roster: tuple[Person, ...]) -> list[Person]:
    """One to three distinct authors; a few people write many innovations."""
    count = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
    chosen: list[Person] = []
    while len(chosen) < count:
        person = roster[int(len(roster) * rng.random() ** 1.8)]
        if person not in chosen:
            chosen.append(person)
    return chosen


MALE_MIDDLES = tuple(dict.fromkeys(MALE_MIDDLE))
FEMALE_MIDDLES = tuple(dict.fromkeys(FEMALE_MIDDLE))


def _middles(middles: tuple[str, ...]) -> tuple[str, ...]:
    """One middle name, or two different ones."""
    return (*middles, *(f"{a} {b}" for a in middles for b in middles if a != b))


NAME_PARTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (_middles(MALE_MIDDLES), MALE_GIVEN), (_middles(FEMALE_MIDDLES), FEMALE_GIVEN))
NAME_SPACE = sum(len(FAMILY_NAMES) * len(m) * len(g) for m, g in NAME_PARTS)
"""Distinct names one unit can give (about 230,000)."""
NAME_STEP = 1_000_003
"""A prime not dividing NAME_SPACE: the k-th person of a unit gets name (k * step) mod space,
so the names look drawn at random but never repeat within a unit below NAME_SPACE people."""


def numbered_name(number: int) -> str:
    """The number-th distinct name of the name space (wrapping above it)."""
    assert NAME_SPACE % NAME_STEP
    k = number * NAME_STEP % NAME_SPACE
    for middles, given in NAME_PARTS:
        size = len(FAMILY_NAMES) * len(middles) * len(given)
        if k < size:
            k, g = divmod(k, len(given))
            f, m = divmod(k, len(middles))
            return f"{FAMILY_NAMES[f][0]} {middles[m]} {given[g]}"
        k -= size
    raise AssertionError(number)


class GrowingRoster:
    """The people of one unit when they grow with the content: a pool of the people now
    active, each with the initiatives still to write. Only the pool is held (streaming)."""

    POOL = 40
    """People active at once in a unit: a person's initiatives come close together."""

    def __init__(self, recur: float) -> None:
        self.recur = recur
        self.made = 0
        self.active: list[list[object]] = []  # [Person, initiatives left]

    def _new(self, rng: random.Random) -> None:
        left = rng.randint(3, 10) if rng.random() < self.recur else 1
        position = rng.choice(POSITIONS) if rng.random() < 0.75 else None
        self.active.append([Person(numbered_name(self.made), position), left])
        self.made += 1

    def pick(self, rng: random.Random) -> list[Person]:
        """One to three distinct authors (none of them used up)."""
        count = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
        chosen: list[Person] = []
        while len(chosen) < count:
            if self.recur == 0.0 or len(self.active) < self.POOL:
                self._new(rng)
                slot = len(self.active) - 1
            else:
                slot = rng.randrange(len(self.active))
            entry = self.active[slot]
            person = entry[0]
            assert isinstance(person, Person)
            if person in chosen:
                continue
            chosen.append(person)
            entry[1] = int(entry[1]) - 1  # type: ignore[call-overload]
            if entry[1] == 0:
                self.active[slot] = self.active[-1]
                self.active.pop()
        return chosen


def odd_name(rng: random.Random, name: str) -> str:
    """The name as a careless import writes it: decomposed (NFD), or oddly spaced."""
    roll = rng.randrange(4)
    if roll == 0:
        return unicodedata.normalize("NFD", name)
    if roll == 1:
        return name.replace(" ", "   ")
    if roll == 2:
        return f" {name}  "
    return unicodedata.normalize("NFD", name.replace(" ", "  ", 1))


def written_name(rng: random.Random, name: str) -> str:
    """The name as an editor typed it: rarely with a doubled space or in capitals.

    Both variants identify the same person under the spec's counting rules.
    """
    roll = rng.random()
    if roll < 0.004:
        return name.replace(" ", "  ", 1)
    if roll < 0.006:
        return name.upper()
    return name


# --------------------------------------------------------------------------
# Registration dates
# --------------------------------------------------------------------------


def day_weight(day: dt.date) -> float:
    """How busy a day is for registrations."""
    weight = 1.0 if COUNTED_FROM <= day <= PROGRAM_END else 0.12
    if day.weekday() >= 5:
        weight *= 0.3
    if (day.year, day.month) in ((2022, 5), (2023, 9)):  # phase deadlines
        weight *= 1.8
    return weight


class DateSampler:
    """Stratified, monotone sampling of registration days: the i-th of n is never
    earlier than the (i-1)-th, so sequence numbers follow the calendar."""

    def __init__(self) -> None:
        span = (LAST_DAY - FIRST_DAY).days + 1
        self.days = [FIRST_DAY + dt.timedelta(days=k) for k in range(span)]
        self.cum = list(itertools.accumulate(day_weight(d) for d in self.days))

    def day(self, rng: random.Random, index: int, count: int) -> dt.date:
        """The registration day of innovation index out of count."""
        u = (index + rng.random()) / count * self.cum[-1]
        return self.days[min(bisect.bisect_left(self.cum, u), len(self.days) - 1)]


# --------------------------------------------------------------------------
# One innovation
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """The choices that make one innovation's texts agree with each other."""

    equipment: str
    problem: str
    tool: str
    action: str
    mode: str
    technology: str
    verb: str
    metric: str
    place: str
    percent: int


@dataclass(frozen=True)
class Award:
    """One award of an innovation."""

    kind: str
    date: dt.date
    decision: str | None


@dataclass(frozen=True)
class Innovation:
    """Everything written into one innovation file."""

    id: str
    title: str
    unit: str
    authors: tuple[tuple[str, str | None], ...]
    category: str
    registered: dt.date
    summary: str
    status: str | None
    applied: dt.date | None
    value_vnd: int | None
    benefit_text: str | None
    awards: tuple[Award, ...]
    tags: tuple[str, ...]
    draft: bool
    headline: str
    body: str


def make_topic(rng: random.Random, unit: Unit) -> Topic:
    """Draw the subject of one innovation."""
    return Topic(
        equipment=rng.choice(EQUIPMENT),
        problem=rng.choice(PROBLEMS),
        tool=rng.choice(TOOLS),
        action=rng.choice(ACTIONS),
        mode=rng.choice(MODES),
        technology=rng.choice(TECHNOLOGIES),
        verb=rng.choice(VERBS),
        metric=rng.choice(METRICS),
        place=rng.choice(unit.places),
        percent=rng.randrange(15, 75),
    )


def make_title(rng: random.Random, t: Topic) -> str:
    """A title from one of a few editor-like patterns."""
    form = rng.randrange(5)
    if form == 0:
        return f"{t.verb} {t.tool} {t.action} {t.equipment} {t.mode}"
    if form == 1:
        return f"Ứng dụng {t.technology} trong công tác {t.action} {t.equipment}"
    if form == 2:
        return f"Giải pháp giảm {t.metric} {t.equipment} tại {t.place}"
    if form == 3:
        return f"Nâng cao hiệu quả {t.action} {t.equipment} bằng {t.tool} tự chế"
    return f"Số hóa công tác {t.action} {t.equipment}: {t.tool} dùng chung toàn đơn vị"


def make_summary(t: Topic) -> str:
    """A plain-text summary of one or two sentences."""
    return (
        f"{cap(t.tool)} giúp {t.action} {t.equipment} {t.mode}, khắc phục tình trạng "
        f"{t.problem} tại {t.place}. Sau khi áp dụng, {t.metric} giảm khoảng {t.percent}%."
    )


def make_headline(t: Topic) -> str:
    """A short headline for the monthly picks."""
    return f"Giảm {t.percent}% {t.metric} khi {t.action} {t.equipment}"


def fill(rng: random.Random, template: str, t: Topic, year: int) -> str:
    """Fill a sentence template with the topic and a few random numbers."""
    return template.format(
        action=t.action, equipment=t.equipment, place=t.place, problem=t.problem,
        tool=t.tool, prev_year=year - 1, count=rng.randrange(6, 140),
        workers=rng.randrange(3, 9), hours=rng.randrange(2, 9), months=rng.randrange(2, 13),
    )


def situation_section(rng: random.Random, t: Topic, year: int) -> list[str]:
    """## Thực trạng: two paragraphs."""
    first, *rest = rng.sample(SITUATION_SENTENCES[1:], rng.randrange(2, 5))
    return [
        "## Thực trạng",
        "",
        " ".join(fill(rng, s, t, year) for s in [SITUATION_SENTENCES[0], first]),
        "",
        " ".join(fill(rng, s, t, year) for s in rest),
    ]


def spec_table(rng: random.Random) -> list[str]:
    """A small Markdown table of technical characteristics."""
    rows = rng.sample(SPEC_ROWS, rng.randrange(3, 6))
    lines = ["| Thông số | Giá trị |", "|---|---|"]
    lines += [f"| {label} | {rng.choice(values)} |" for label, values in rows]
    return lines


def solution_section(rng: random.Random, t: Topic, year: int) -> list[str]:
    """## Giải pháp: an intro, a numbered list of steps, sometimes a table."""
    chosen = sorted(rng.sample(range(len(STEP_SENTENCES)), rng.randrange(3, 6)))
    steps = [STEP_SENTENCES[k] for k in chosen]
    lines = [
        "## Giải pháp",
        "",
        (f"Nhóm tác giả đã nghiên cứu, {t.verb.lower()} **{t.tool}** cho phép {t.action} "
         f"{t.equipment} {t.mode}, ứng dụng {t.technology} vào thực tế sản xuất. "
         "Giải pháp được triển khai theo các bước chính sau:"),
        "",
    ]
    lines += [f"{n}. {fill(rng, s, t, year)}" for n, s in enumerate(steps, 1)]
    if rng.random() < 0.3:
        lines += ["", "Thông số kỹ thuật chính của sản phẩm:", "", *spec_table(rng)]
    return lines


def effect_table(rng: random.Random, t: Topic) -> list[str]:
    """A before/after comparison table."""
    before = rng.randrange(40, 400)
    after = max(1, round(before * (100 - t.percent) / 100))
    faults = rng.randrange(8, 60)
    return [
        "| Chỉ tiêu | Trước khi áp dụng | Sau khi áp dụng |",
        "|---|---:|---:|",
        f"| {cap(t.metric)} (đơn vị quy đổi) | {before} | {after} |",
        f"| Số lần sự cố trong năm | {faults} | {max(0, faults - rng.randrange(1, faults))} |",
        f"| Số người tham gia thao tác | {rng.randrange(4, 9)} | {rng.randrange(2, 4)} |",
    ]


def effect_section(rng: random.Random, t: Topic, value_vnd: int | None) -> list[str]:
    """## Hiệu quả: an intro, a bullet list, sometimes a table, a closing line."""
    bullets = [f"Giảm khoảng {t.percent}% {t.metric} so với phương pháp cũ."]
    if value_vnd:
        bullets.append(f"Làm lợi ước tính {vi_int(value_vnd)} đồng mỗi năm.")
    bullets += rng.sample(GENERIC_BENEFITS, rng.randrange(1, 4))
    lines = [
        "## Hiệu quả",
        "",
        (f"Sau {rng.randrange(3, 13)} tháng áp dụng tại {t.place}, giải pháp đã mang lại hiệu "
         "quả rõ rệt:"),
        "",
    ]
    lines += [f"- {b}" for b in bullets]
    if rng.random() < 0.25:
        lines += ["", "Kết quả so sánh trước và sau khi áp dụng:", "", *effect_table(rng, t)]
    lines += ["", rng.choice(CLOSING_SENTENCES)]
    return lines


BODY_SHAPES = ("standard", "short", "long", "levels")
"""Bodies of about 2.3 KB (three sections, a table in some), 1.5 KB (two short sections, no
table) and 8 KB (every section, several tables, a technical annex). `levels` (contract v3):
standard bodies, every affiliated union with LEVEL_MIDDLES companies of LEVEL_LEAVES
grassroots unions each (576 units), innovations registered by the grassroots units, one in
five replicated in one to three other units."""


@dataclass(frozen=True)
class Knobs:
    """How the content is distributed, beyond its bodies. None: as the standard shape has it
    (the same random draws, so the standard trees keep their bytes)."""

    authors_recur: float | None = None
    """Share of people with 3 to 10 initiatives, the others having one; people then grow with
    the content (0: every author new). None: a fixed roster per unit (about one member in six),
    where a few people write many innovations."""
    awards: float | None = None
    """Share of published innovations with an award (None: about 5%, by kind)."""
    tags: float | None = None
    """Share of innovations with tags (None: every one, one to three)."""
    benefits: float | None = None
    """Share of innovations with a benefit (None: about 85%)."""
    drafts: float | None = None
    """Share of drafts (None: 3%)."""
    odd_names: float | None = None
    """Share of authors' names written in NFD or oddly spaced (the same person to the site)."""

    def label(self) -> str:
        """A short name for the knobs that differ from the standard shape ("" if none)."""
        parts = []
        for name, value in (("recur", self.authors_recur), ("awards", self.awards),
                            ("tags", self.tags), ("benefits", self.benefits),
                            ("drafts", self.drafts),
                            ("odd", self.odd_names)):
            if value is not None:
                parts.append(f"{name}{value:g}")
        return "-".join(parts)


PRESETS: dict[str, tuple[str, Knobs]] = {
    "recurring": ("standard", Knobs(authors_recur=0.8, awards=1 / 6, tags=1 / 7, benefits=0.2,
                                    drafts=0.05, odd_names=0.05)),
    "new-authors": ("standard", Knobs(authors_recur=0.0)),
    "awarded": ("standard", Knobs(awards=0.5)),
}
"""Named shapes: a body shape and knobs. `recurring`: content as an outsider's:
people who recur across several initiatives as real staff do (most of them 3 to 10), awards
on one in six, tags on one in seven, benefits on one in five, some drafts, some names in NFD
or oddly spaced. `new-authors`: every author new (people grow fastest with the content).
`awarded`: half of the published innovations awarded."""

SHAPES = (*BODY_SHAPES, *PRESETS)
"""Every name --shape takes."""


def resolve_shape(shape: str, knobs: Knobs | None = None) -> tuple[str, Knobs]:
    """The body shape and knobs of a shape's name; knobs given override the preset's
    (each one that is set)."""
    body, preset = PRESETS.get(shape, (shape, Knobs()))
    if knobs is None:
        return body, preset
    merged = {name: getattr(knobs, name) if getattr(knobs, name) is not None
              else getattr(preset, name) for name in Knobs.__dataclass_fields__}
    return body, Knobs(**merged)

LEVEL_MIDDLES = 4
LEVEL_LEAVES = 8
REPLICATED_SHARE = 0.2


def leaf_codes(unit: Unit) -> list[str]:
    """The grassroots unions under one affiliated union (levels shape)."""
    return [f"{unit.code[:11]}C{m}G{g}" for m in range(LEVEL_MIDDLES)
            for g in range(LEVEL_LEAVES)]


def make_body(rng: random.Random, t: Topic, year: int, value_vnd: int | None,
              shape: str = "standard") -> str:
    """The Markdown body: Thực trạng, Giải pháp, Hiệu quả (as the shape has them)."""
    if shape == "short":
        solution = solution_section(rng, t, year)
        parts = [*situation_section(rng, t, year), "",
                 *[line for line in solution if not line.startswith("|")
                   and not line.startswith("Thông số")]]
        return "\n".join(parts).rstrip("\n") + "\n"
    parts = [*situation_section(rng, t, year), ""]
    parts += [*solution_section(rng, t, year), ""]
    parts += effect_section(rng, t, value_vnd)
    if shape == "long":
        parts += ["", *long_annex(rng, t, year)]
    return "\n".join(parts) + "\n"


def long_annex(rng: random.Random, t: Topic, year: int) -> list[str]:
    """A technical annex: tables of characteristics and results, and more prose."""
    lines = ["## Phụ lục kỹ thuật", ""]
    for number in range(1, 5):
        lines += [f"### Hạng mục {number}", "",
                  " ".join(fill(rng, s, t, year) for s in rng.sample(SITUATION_SENTENCES, 4)),
                  "", *spec_table(rng), "", *effect_table(rng, t), ""]
        lines += [f"- {fill(rng, s, t, year)}" for s in rng.sample(STEP_SENTENCES, 3)]
        lines.append("")
    return lines


def make_benefit(rng: random.Random, t: Topic) -> tuple[int | None, str | None]:
    """value_vnd for about 70%, a text for about half; either may be absent."""
    value: int | None = None
    if rng.random() < 0.7:
        value = int(10 ** rng.uniform(6.7, 9.4)) // 1000 * 1000
    text: str | None = None
    if rng.random() < 0.5:
        text = (f"Tiết kiệm khoảng {vi_money(value)} mỗi năm" if value
                else f"Giảm {t.percent}% {t.metric}")
    return value, text


class AwardMaker:
    """Gives awards in batches: one decision number and date per batch."""

    def __init__(self, rng: random.Random) -> None:
        self.decisions: dict[tuple[str, dt.date], str] = {}
        for kind in AWARD_KINDS:
            low, high = 10 ** (kind.decision_digits - 1), 10 ** kind.decision_digits - 1
            for day in kind.batch_dates:
                self.decisions[(kind.key, day)] = f"{rng.randint(low, high)}/{kind.decision_suffix}"

    def awards(self, rng: random.Random, registered: dt.date,
               share: float | None = None) -> tuple[Award, ...]:
        """The awards of one published innovation (most get none); with share, that share
        of innovations gets one, of a kind drawn by the kinds' rates."""
        kinds: tuple[AwardKind, ...] = AWARD_KINDS
        if share is not None:
            if rng.random() >= share:
                return ()
            kinds = (rng.choices(AWARD_KINDS, [k.rate for k in AWARD_KINDS])[0],)
        given: list[Award] = []
        for kind in kinds:
            if share is None and rng.random() >= kind.rate:
                continue
            earliest = registered + dt.timedelta(days=AWARD_MIN_DELAY_DAYS)
            day = next(d for d in kind.batch_dates if d >= earliest)
            decision = self.decisions[(kind.key, day)] if rng.random() < 0.9 else None
            given.append(Award(kind.key, day, decision))
        return tuple(given)


def make_status(rng: random.Random, registered: dt.date,
                awarded: bool) -> tuple[str | None, dt.date | None]:
    """status (omitted for half of the plain registrations) and the applied date."""
    status = "recognized" if awarded else rng.choices(STATUS_CHOICES, STATUS_WEIGHTS)[0]
    applied = None
    if status != "registered" and rng.random() < 0.9:
        applied = registered + dt.timedelta(days=rng.randrange(0, 200))
    if status == "registered" and rng.random() < 0.5:
        return None, applied
    return status, applied


def make_innovation(rng: random.Random, ident: str, unit: Unit, registered: dt.date,
                    roster: tuple[Person, ...] | GrowingRoster, awards: AwardMaker,
                    shape: str = "standard", knobs: Knobs | None = None) -> Innovation:
    """Draw one complete innovation."""
    knobs = knobs or Knobs()
    topic = make_topic(rng, unit)
    draft = rng.random() < (0.03 if knobs.drafts is None else knobs.drafts)
    people = (roster.pick(rng) if isinstance(roster, GrowingRoster)
              else pick_authors(rng, roster))
    names = [written_name(rng, p.name) for p in people]
    if knobs.odd_names:
        names = [odd_name(rng, name) if rng.random() < knobs.odd_names else name
                 for name in names]
    authors = tuple(zip(names, (p.position for p in people), strict=True))
    category = rng.choices([k for k, _ in CATEGORIES], CATEGORY_WEIGHTS)[0]
    value_vnd, benefit_text = make_benefit(rng, topic)
    if knobs.benefits is not None:
        if rng.random() >= knobs.benefits:
            value_vnd, benefit_text = None, None
        elif value_vnd is None and benefit_text is None:
            benefit_text = f"Giảm {topic.percent}% {topic.metric}"
    given = () if draft else awards.awards(rng, registered, knobs.awards)
    status, applied = make_status(rng, registered, bool(given))
    tags = tuple(sorted(rng.sample(TAGS, rng.randrange(1, 4)), key=TAGS.index))
    if knobs.tags is not None and rng.random() >= knobs.tags:
        tags = ()
    return Innovation(
        id=ident, title=make_title(rng, topic), unit=unit.code, authors=authors,
        category=category, registered=registered, summary=make_summary(topic),
        status=status, applied=applied, value_vnd=value_vnd, benefit_text=benefit_text,
        awards=given, tags=tags, draft=draft, headline=make_headline(topic),
        body=make_body(rng, topic, registered.year, value_vnd, shape),
    )


def front_matter(inn: Innovation) -> list[str]:
    """The YAML front matter lines of an innovation, keys in the spec's order."""
    lines = [f"id: {q(inn.id)}", f"title: {q(inn.title)}", f"unit: {q(inn.unit)}", "authors:"]
    for name, position in inn.authors:
        lines.append(f"  - name: {q(name)}")
        if position:
            lines.append(f"    position: {q(position)}")
    lines += [
        f"category: {q(inn.category)}",
        f"registered: {inn.registered.isoformat()}",
        f"summary: {q(inn.summary)}",
    ]
    if inn.status:
        lines.append(f"status: {q(inn.status)}")
    if inn.applied:
        lines.append(f"applied: {inn.applied.isoformat()}")
    if inn.value_vnd is not None or inn.benefit_text:
        lines.append("benefit:")
        if inn.value_vnd is not None:
            lines.append(f"  value_vnd: {inn.value_vnd}")
        if inn.benefit_text:
            lines.append(f"  text: {q(inn.benefit_text)}")
    if inn.awards:
        lines.append("awards:")
        for award in inn.awards:
            lines += [f"  - kind: {q(award.kind)}", f"    date: {award.date.isoformat()}"]
            if award.decision:
                lines.append(f"    decision: {q(award.decision)}")
    if inn.tags:  # an innovation without tags has no tags key, as an editor leaves it
        lines.append("tags: [" + ", ".join(q(tag) for tag in inn.tags) + "]")
    if inn.draft:
        lines.append("draft: true")
    return lines


def innovation_text(inn: Innovation) -> str:
    """The whole file: front matter between --- fences, then the body."""
    return "---\n" + "\n".join(front_matter(inn)) + "\n---\n\n" + inn.body


# --------------------------------------------------------------------------
# Monthly picks
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What the monthly picks need to know of a published innovation."""

    registered: int  # date ordinal
    id: str
    unit: str
    headline: str


def choose_picks(rng: random.Random, published: list[Published], year: int, month: int,
                 taken: set[str]) -> list[Published]:
    """Up to FEATURED_PER_MONTH published innovations registered by the month's end,
    preferring that month's, never one picked before (unless nothing else is left)."""
    ordinals = [p.registered for p in published]
    lo = bisect.bisect_left(ordinals, dt.date(year, month, 1).toordinal())
    hi = bisect.bisect_right(ordinals, month_end(year, month).toordinal())
    fresh = [p for p in published[lo:hi] if p.id not in taken]
    picks = rng.sample(fresh, min(FEATURED_PER_MONTH, len(fresh)))
    older = [p for p in reversed(published[:lo]) if p.id not in taken]
    if len(picks) < FEATURED_PER_MONTH:
        picks += older[: FEATURED_PER_MONTH - len(picks)]
    if not picks and published:  # tiny trees: allow a repeat from another month
        picks = [published[rng.randrange(len(published))]]
    taken.update(p.id for p in picks)
    return sorted(picks, key=lambda p: (p.registered, p.id))


def featured_text(rng: random.Random, year: int, month: int, picks: list[Published],
                  registered_in_month: int, unit_names: dict[str, str]) -> str:
    """The file featured/YYYY-MM.md: front matter and the board's two-paragraph story."""
    lines = [
        "---",
        f"month: {q(f'{year:04d}-{month:02d}')}",
        f"title: {q(f'Sáng kiến tiêu biểu tháng {month}/{year}')}",
        "picks:",
    ]
    for p in picks:
        lines += [f"  - id: {q(p.id)}", f"    headline: {q(p.headline)}"]
    units = sorted({unit_names[p.unit] for p in picks})
    lines += [
        "---",
        "",
        (f"Tháng {month}/{year}, Ban Thường vụ Công đoàn Điện lực Việt Nam đã xem xét "
         f"{vi_int(registered_in_month)} sáng kiến do các công đoàn trực thuộc đăng ký và lựa "
         f"chọn {len(picks)} sáng kiến tiêu biểu để biểu dương, khen thưởng. Các sáng kiến được "
         f"chọn đến từ {', '.join(units)}."),
        "",
        (f"Điểm chung của các sáng kiến là xuất phát từ chính thực tế sản xuất, "
         f"{rng.choice(ACTIONS)} {rng.choice(EQUIPMENT)} an toàn hơn và giảm rõ rệt "
         f"{rng.choice(METRICS)}. Ban Thường "
         "vụ đề nghị các đơn vị nghiên cứu, nhân rộng những cách làm hay, đồng thời tiếp tục "
         "hướng dẫn đoàn viên, người lao động hoàn thiện hồ sơ đăng ký tham gia Chương trình."),
    ]
    return "\n".join(lines) + "\n"


def write_featured(rng: random.Random, out: Path, published: list[Published],
                   month_counts: dict[tuple[int, int], int]) -> int:
    """Write one featured file per month of the programme; return how many."""
    if not published:
        return 0
    unit_names = {u.code: u.name for u in UNITS}
    taken: set[str] = set()
    folder = out / "featured"
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for year, month in month_range(COUNTED_FROM, PROGRAM_END):
        picks = choose_picks(rng, published, year, month, taken)
        text = featured_text(rng, year, month, picks, month_counts.get((year, month), 0),
                             unit_names)
        write_file(folder / f"{year:04d}-{month:02d}.md", text)
        written += 1
    return written


# --------------------------------------------------------------------------
# The whole tree
# --------------------------------------------------------------------------


def unit_chooser(rng: random.Random) -> list[float]:
    """Cumulative weights for drawing a unit: members times keenness."""
    return list(itertools.accumulate(u.members * u.activity for u in UNITS))


def write_innovations(rng: random.Random, count: int, out: Path, shape: str = "standard",
                      knobs: Knobs | None = None
                      ) -> tuple[list[Published], dict[tuple[int, int], int]]:
    """Stream count innovation files; return the published records and the
    number of registrations per month."""
    knobs = knobs or Knobs()
    rosters: dict[str, tuple[Person, ...]] | dict[str, GrowingRoster]
    rosters = build_rosters(random.Random(rng.getrandbits(64)))
    if knobs.authors_recur is not None:
        rosters = {u.code: GrowingRoster(knobs.authors_recur) for u in UNITS}
    award_maker = AwardMaker(random.Random(rng.getrandbits(64)))
    dates = DateSampler()
    unit_cum = unit_chooser(rng)
    levels = shape == "levels"
    leaves = {u.code: leaf_codes(u) for u in UNITS} if levels else {}
    every_code = [u.code for u in UNITS] + [c for codes in leaves.values() for c in codes]
    codes = every_code if levels else [u.code for u in UNITS]
    folders = {code: out / "innovations" / code.lower() for code in codes}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    body_shape = "standard" if levels else shape
    sequence: dict[tuple[str, int], int] = {}
    published: list[Published] = []
    month_counts: dict[tuple[int, int], int] = {}
    for index in range(count):
        registered = dates.day(rng, index, count)
        unit = UNITS[bisect.bisect_right(unit_cum, rng.random() * unit_cum[-1])]
        code = rng.choice(leaves[unit.code]) if levels else unit.code
        key = (code, registered.year)
        sequence[key] = sequence.get(key, 0) + 1
        ident = f"{code}-{registered.year}-{sequence[key]:06d}"
        inn = make_innovation(rng, ident, unit, registered, rosters[unit.code], award_maker,
                              body_shape, knobs)
        text = innovation_text(inn)
        if levels:
            text = text.replace(f'unit: {q(unit.code)}\n', f"unit: {q(code)}\n", 1)
            if rng.random() < REPLICATED_SHARE:
                others = rng.sample([c for c in every_code if c != code], rng.randint(1, 3))
                text = text.replace("\n---\n", "\nreplicated_in: ["
                                    + ", ".join(q(c) for c in others) + "]\n---\n", 1)
        path = folders[code] / f"{ident.lower()}.md"
        write_file(path, text)
        month = (registered.year, registered.month)
        month_counts[month] = month_counts.get(month, 0) + 1
        if not inn.draft:
            published.append(Published(registered.toordinal(), ident, unit.code, inn.headline))
    return published, month_counts


def synthesise(count: int, out: Path, seed: int, shape: str = "standard",
               knobs: Knobs | None = None) -> dict[str, int]:
    """Write the complete tree; return a few counts. shape: a body shape or a preset;
    knobs: any set override the preset's."""
    shape, knobs = resolve_shape(shape, knobs)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out}: exists and is not empty; give a new or empty directory")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    write_file(out / "program.yml", program_yaml())
    write_file(out / "units.yml", units_yaml(shape))
    published, month_counts = write_innovations(rng, count, out, shape, knobs)
    months = write_featured(rng, out, published, month_counts)
    return {"innovations": count, "published": len(published), "featured": months}


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text}: a share from 0 to 1")
    return value


KNOB_HELP: dict[str, str] = {
    "authors-recur": "share of people with 3-10 initiatives, the others with one: people "
                     "grow with the content (0: every author new; default: fixed rosters)",
    "awards": "share of published innovations awarded (default about 0.05)",
    "tags": "share of innovations with tags (default 1)",
    "benefits": "share of innovations with a benefit (default about 0.85)",
    "drafts": "share of drafts (default 0.03)",
    "odd-names": "share of authors' names in NFD or oddly spaced (default 0)",
}


def add_knob_arguments(parser: argparse.ArgumentParser) -> None:
    """The knobs as options (bench/run.py passes them through)."""
    for name, text in KNOB_HELP.items():
        parser.add_argument(f"--{name}", type=_share, metavar="SHARE", help=text)


def knobs_of(args: argparse.Namespace) -> Knobs:
    """The knobs given on the command line (None where not given)."""
    return Knobs(**{name.replace("-", "_"): getattr(args, name.replace("-", "_"))
                    for name in KNOB_HELP})


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of innovations")
    parser.add_argument("out_dir", type=Path, help="content directory to create")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--shape", choices=SHAPES, default="standard",
                        help="body size: standard ~2.3 KB, short ~1.5 KB, long ~8 KB; "
                        "levels of units; or a preset: " + ", ".join(PRESETS))
    add_knob_arguments(parser)
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    counts = synthesise(args.n, args.out_dir, args.seed, args.shape, knobs_of(args))
    counts_line = json.dumps({**counts, "seconds": round(time.perf_counter() - started, 3)})
    print(counts_line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
