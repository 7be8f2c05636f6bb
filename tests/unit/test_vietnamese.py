"""Vietnamese formats, slugs and alphabetical order."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.site import vietnamese as vi


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (999, "999"), (10000, "10.000"),
                                             (12931, "12.931"), (2000000, "2.000.000")])
def test_integers(value: int, text: str) -> None:
    assert vi.format_int(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (1_250_000_000, "1,25 tỷ đồng"), (16_000_000_000, "16 tỷ đồng"),
    (350_000_000, "350 triệu đồng"), (1_500_000, "1,5 triệu đồng"), (850_000, "850.000 đồng"),
])
def test_money(value: int, text: str) -> None:
    assert vi.format_money(value) == text


def test_dates_and_percent() -> None:
    assert vi.format_date(dt.date(2022, 3, 15)) == "15/03/2022"
    assert vi.format_month("2022-05") == "tháng 5/2022"
    assert vi.format_percent(0.10, 0) == "10%"
    assert vi.format_percent(0.0734) == "7,3%"
    assert vi.format_percent(0.00037) == "0,04%"
    assert vi.format_percent(0.0) == "0%"


def test_slug_folds_d_with_stroke() -> None:
    assert vi.slugify("Đường dây 500 kV Bắc – Nam") == "duong-day-500-kv-bac-nam"
    assert vi.fold("Đo đếm điện năng") == "do dem dien nang"


def test_vietnamese_alphabetical_order_by_given_name() -> None:
    names = ["Lê Văn Đức", "Trần Thị Ánh", "Phạm Văn Dũng", "Nguyễn Văn An", "Vũ Thị Ăn",
             "Hoàng Thị Ấn", "Ngô Thị Anh", "Bùi Văn Ơn", "Lý Văn Ốc", "Mai Văn Oanh",
             "Đỗ Văn Bình", "Trần Văn An"]
    assert sorted(names, key=vi.name_key) == [
        "Nguyễn Văn An", "Trần Văn An", "Ngô Thị Anh", "Trần Thị Ánh", "Vũ Thị Ăn",
        "Hoàng Thị Ấn", "Đỗ Văn Bình", "Phạm Văn Dũng", "Lê Văn Đức", "Mai Văn Oanh",
        "Lý Văn Ốc", "Bùi Văn Ơn"]
