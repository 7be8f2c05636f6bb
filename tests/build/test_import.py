"""`python -m generator import FILE`: spreadsheets (.xlsx, .csv) to innovation files, every row
checked by the contract's own checks, nothing written unless every row is valid."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, SAMPLE
from openpyxl import Workbook, load_workbook
from sitetools import build_site

from generator.cli.importer import ImportResult, import_sheet
from generator.content.loader import load_content
from generator.content.model import Innovation
from generator.site import exports
from generator.site.checked import load_and_plan

HEADER = ["STT", "Mã sáng kiến", "Tên sáng kiến", "Đơn vị", "Tác giả", "Loại giải pháp",
          "Ngày đăng ký", "Tóm tắt"]


def _row(number: int, **changes: object) -> list[object]:
    values: dict[str, object] = {
        "STT": number, "Mã sáng kiến": f"EVNNPC-2023-{900 + number:04d}",
        "Tên sáng kiến": f"Sáng kiến thử số {number}", "Đơn vị": "EVNNPC",
        "Tác giả": "Nguyễn Văn An; Trần Thị Bình", "Loại giải pháp": "Giải pháp kỹ thuật",
        "Ngày đăng ký": "2023-03-15", "Tóm tắt": "Một câu tóm tắt của sáng kiến thử.",
    }
    values.update({k.replace("_", " "): v for k, v in changes.items()})
    return [values.get(h) for h in HEADER] + [v for k, v in values.items() if k not in HEADER]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with the sample's programme and units, and no innovation."""
    root = tmp_path / "content"
    root.mkdir()
    for name in ("program.yml", "units.yml"):
        shutil.copy(SAMPLE / name, root / name)
    return root


def _csv(path: Path, rows: list[list[object]], header: list[str] = HEADER, bom: bool = True,
         delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def _xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER,
          title: bool = True) -> Path:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["DANH SÁCH SÁNG KIẾN"])
        sheet.merge_cells("A1:D1")
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _files(root: Path) -> list[Path]:
    return sorted((root / "innovations").rglob("*.md")) if (root / "innovations").exists() else []


def _messages(result: ImportResult, name: str = "bang.xlsx") -> list[str]:
    return [p.format_text(name) for p in result.problems]


def _records(root: Path) -> dict[str, Innovation]:
    loaded = load_content(root)
    assert loaded.catalog is not None, [p.format_text() for p in loaded.errors[:5]]
    return {i.id: dataclasses.replace(i, body="", source="", body_line=1, body_digest="",
                                      image=None)
            for i in loaded.catalog.innovations}


# -- what is written -------------------------------------------------------------------------

def test_rows_become_page_bundles_as_the_form_writes_them(tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(tmp_path / "bang.xlsx", [
        _row(1, Giá_trị_làm_lợi="1.200.000 đồng", Chủ_đề="an toàn; lưới điện, sửa chữa",
             Nội_dung="## Giải pháp\n\nMô tả."),
        _row(2, Đơn_vị="Công đoàn Tổng công ty Điện lực miền Bắc", Ngày_đăng_ký="15/09/2023",
             Giá_trị_làm_lợi=2500000, Tác_giả="Lê Văn Cường\nPhạm Thị Dung"),
    ], header=[*HEADER, "Giá trị làm lợi", "Chủ đề", "Nội dung"])
    result = import_sheet(sheet, content)
    assert result.ok, _messages(result)
    first = content / "innovations/evnnpc/sang-kien-thu-so-1/index.md"
    assert result.created == [first, content / "innovations/evnnpc/sang-kien-thu-so-2/index.md"]
    assert first.read_text(encoding="utf-8") == (
        "---\nid: EVNNPC-2023-0901\ntitle: Sáng kiến thử số 1\nunit: EVNNPC\nauthors:\n"
        "  - name: Nguyễn Văn An\n  - name: Trần Thị Bình\ncategory: ky-thuat\n"
        "registered: 2023-03-15\nsummary: Một câu tóm tắt của sáng kiến thử.\nbenefit:\n"
        "  value_vnd: 1200000\ntags:\n  - an toàn\n  - lưới điện\n  - sửa chữa\n---\n\n"
        "## Giải pháp\n\nMô tả.\n")
    records = _records(content)
    second = records["EVNNPC-2023-0902"]
    assert second.registered == dt.date(2023, 9, 15) and second.unit == "EVNNPC"
    assert [a.name for a in second.authors] == ["Lê Văn Cường", "Phạm Thị Dung"]
    assert second.benefit is not None and second.benefit.value_vnd == 2500000


def test_csv_with_or_without_bom_and_with_semicolons(tmp_path: Path, content: Path) -> None:
    for index, (bom, delimiter) in enumerate(((True, ","), (False, ","), (False, ";"))):
        sheet = _csv(tmp_path / f"bang{index}.csv", [_row(10 + index)], bom=bom,
                     delimiter=delimiter)
        result = import_sheet(sheet, content, dry_run=True)
        assert result.ok and result.rows == 1, _messages(result)
    assert _files(content) == []


def test_dry_run_writes_nothing(tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(tmp_path / "bang.xlsx", [_row(1), _row(2)])
    before = sorted(p.name for p in tmp_path.iterdir())
    result = import_sheet(sheet, content, dry_run=True)
    assert result.ok and result.rows == 2 and result.created == []
    assert _files(content) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no staging folder left


def test_files_reopened_and_saved_by_the_form_are_unchanged(tmp_path: Path,
                                                            content: Path) -> None:
    """Decap writes front matter with the `yaml` package (1.x): parsed and written again by
    it, an imported file keeps every byte, so a later edit in the form changes only what was
    edited (long lines folded where the package folds them)."""
    if shutil.which("node") is None or not (PROJECT / "node_modules/yaml").is_dir():
        pytest.skip("node and node_modules/yaml are needed")
    long = ("Dùng thiết bị bay có camera nhiệt và camera zoom để kiểm tra mối nối, chuỗi sứ và "
            "hành lang tuyến 500 kV qua vùng núi, thay phần lớn việc trèo cột.")
    sheet = _xlsx(tmp_path / "bang.xlsx", [
        _row(1, Tóm_tắt=long, Tác_giả="Nguyễn Văn An"),
        _row(2, Tóm_tắt="1e3", Tác_giả="0123; 0x1F"),
        _row(3, Tóm_tắt="Giá trị: 1.200 # không phải ghi chú", Tác_giả="'Quỳnh'"),
    ], header=[*HEADER, "Chức danh tác giả"])
    assert import_sheet(sheet, content).ok
    script = tmp_path / "decap.js"
    script.write_text("""
const fs = require("fs");
const yaml = require(process.argv[2]);
const out = {};
for (const file of process.argv.slice(3)) {
  const text = fs.readFileSync(file, "utf8");
  const m = text.match(/^---\\n([\\s\\S]*?\\n)---\\n([\\s\\S]*)$/);
  const doc = new yaml.Document();
  doc.contents = yaml.createNode(yaml.parse(m[1], {maxAliasCount: -1, merge: true}));
  out[file] = "---\\n" + doc.toString() + "---\\n" + m[2];
}
process.stdout.write(JSON.stringify(out));
""", encoding="utf-8")
    files = _files(content)
    done = subprocess.run(["node", str(script), str(PROJECT / "node_modules/yaml"),
                           *map(str, files)], capture_output=True, text=True, check=True)
    written = json.loads(done.stdout)
    for path in files:
        assert written[str(path)] == path.read_text(encoding="utf-8"), path
    records = _records(content)
    assert records["EVNNPC-2023-0902"].summary == "1e3"
    assert [a.name for a in records["EVNNPC-2023-0902"].authors] == ["0123", "0x1F"]


# -- round trips -----------------------------------------------------------------------------

def _round_trip(source: Path, sheet: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir(parents=True)
    for name in ("program.yml", "units.yml"):
        shutil.copy(source / name, empty / name)
    result = import_sheet(sheet, empty)
    assert result.ok, _messages(result)[:10]
    published = {k: v for k, v in _records(source).items() if not v.draft}
    assert _records(empty) == published


def _workbook_from_csv(data: bytes, out: Path) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sáng kiến")
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        sheet.append(row)
    book.save(out)
    return out


def test_the_sample_sites_open_data_imports_back(tmp_path: Path) -> None:
    site = build_site(SAMPLE, tmp_path / "build", search=False)
    data = (site / "data/innovations.csv").read_bytes()
    (tmp_path / "innovations.csv").write_bytes(data)
    _round_trip(SAMPLE, tmp_path / "innovations.csv", tmp_path / "csv")
    _round_trip(SAMPLE, _workbook_from_csv(data, tmp_path / "innovations.xlsx"),
                tmp_path / "xlsx")


def test_synthetic_open_data_imports_back(tmp_path: Path) -> None:
    """bench/import_bench.py does the same for 10,000 innovations."""
    source = tmp_path / "synth"
    subprocess.run([sys.executable, str(PROJECT / "bench/synth.py"), "800", str(source)],
                   check=True, capture_output=True)
    checked = load_and_plan(source)
    assert checked.site is not None
    (tmp_path / "open.csv").write_bytes(exports.innovations_csv(checked.site))
    _round_trip(source, tmp_path / "open.csv", tmp_path / "rt")


# -- --update --------------------------------------------------------------------------------

def test_existing_ids_need_update_which_keeps_what_the_sheet_has_no_column_for(
        tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(tmp_path / "bang.xlsx", [_row(1)])
    assert import_sheet(sheet, content).ok
    (path,) = _files(content)
    text = path.read_text(encoding="utf-8").replace(
        "  - name: Nguyễn Văn An\n", "  - name: Nguyễn Văn An\n    position: Kỹ sư\n")
    path.write_text(text + "\n## Giải pháp\n\nThân bài giữ nguyên.\n", encoding="utf-8")
    changed = _xlsx(tmp_path / "sua.xlsx", [_row(1, Tóm_tắt="Tóm tắt mới.")])
    refused = import_sheet(changed, content)
    assert _messages(refused) == [
        f"bang.xlsx:4:B: id: mã `EVNNPC-2023-0901` đã có trong nội dung: {path.as_posix()} "
        "(gợi ý: thêm --update để cập nhật sáng kiến đã có, hoặc đổi mã)"]
    result = import_sheet(changed, content, update=True)
    assert result.ok and result.updated == [path] and result.created == []
    updated = path.read_text(encoding="utf-8")
    assert "summary: Tóm tắt mới.\n" in updated
    assert "    position: Kỹ sư\n" in updated  # no position column: kept
    assert updated.endswith("## Giải pháp\n\nThân bài giữ nguyên.\n")  # no body column: kept


# -- bad input -------------------------------------------------------------------------------

def test_every_problem_at_once_and_nothing_written(tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(tmp_path / "bang.xlsx", [
        _row(1),
        _row(2, Đơn_vị="Công đoàn Tổng công ty Điện lực miền Bac"),
        _row(3, Ngày_đăng_ký="15-09-2023", Loại_giải_pháp="ky thuat"),
        _row(4, Ngày_đăng_ký="15.9.2023", Tên_sáng_kiến="x" * 201),
        _row(5, Mã_sáng_kiến="EVNNPC-2023-0901", Tác_giả=""),
        _row(6, Giá_trị_làm_lợi="1.5", Ghi_chú="chưa duyệt"),
    ], header=[*HEADER, "Giá trị làm lợi", "Ghi chú"])
    result = import_sheet(sheet, content)
    messages = _messages(result)
    assert _files(content) == []
    expected = [
        "bang.xlsx:3:J: (bảng tính): cột `Ghi chú` không phải cột nào của sáng kiến",
        "bang.xlsx:4:B: id: mã `EVNNPC-2023-0901` trùng với dòng 8",
        "bang.xlsx:5:D: unit: đơn vị `Công đoàn Tổng công ty Điện lực miền Bac` không có trong "
        "units.yml (gợi ý: có phải là `Công đoàn Tổng công ty Điện lực miền Bắc`?)",
        "bang.xlsx:6:F: category: loại giải pháp `ky thuat` không tồn tại",
        "bang.xlsx:6:G: registered: `15-09-2023` không phải ngày đọc được (gợi ý: dùng ô kiểu "
        "ngày (Date), hoặc chữ dạng YYYY-MM-DD hay DD/MM/YYYY",
        "bang.xlsx:7:C: title: dài 201 ký tự, tối đa 200",
        "bang.xlsx:7:G: registered: `15.9.2023` không phải ngày đọc được",
        "bang.xlsx:8:B: id: mã `EVNNPC-2023-0901` trùng với dòng 4",
        "bang.xlsx:8:E: authors: thiếu trường bắt buộc `authors`",
        "bang.xlsx:9:I: benefit.value_vnd: `1.5` không phải số nguyên",
    ]
    assert len(messages) == len(expected), messages
    for message, start in zip(messages, expected, strict=True):
        assert message.startswith(start), (message, start)


def test_forked_workers_find_the_same_problems_and_write_the_same_files(
        tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import importer

    monkeypatch.setattr(importer, "BATCH", 2)  # several batches in flight on a short sheet
    bad = _xlsx(tmp_path / "bang.xlsx", [
        _row(1), _row(2, Đơn_vị="Công đoàn Tổng công ty Điện lực miền Bac"), _row(3),
        _row(4, Ngày_đăng_ký="15-09-2023"), _row(5, Mã_sáng_kiến="EVNNPC-2023-0901"),
        *[_row(n) for n in range(6, 16)]])
    alone, forked = import_sheet(bad, content), import_sheet(bad, content, workers=2)
    assert _messages(forked) == _messages(alone) and len(_messages(alone)) == 4
    assert _files(content) == []
    good = _xlsx(tmp_path / "dung.xlsx", [_row(n) for n in range(1, 16)])
    other = tmp_path / "other"
    shutil.copytree(content, other)
    assert import_sheet(good, content).ok and import_sheet(good, other, workers=2).ok
    assert [p.relative_to(content) for p in _files(content)] == [
        p.relative_to(other) for p in _files(other)]
    assert all(p.read_bytes() == (other / p.relative_to(content)).read_bytes()
               for p in _files(content))


def test_a_file_that_is_not_a_spreadsheet(tmp_path: Path, content: Path) -> None:
    text = tmp_path / "bang.txt"
    text.write_text("Mã sáng kiến\tTên\n", encoding="utf-8")
    assert _messages(import_sheet(text, content), "bang.txt") == [
        "bang.txt:1:A: (bảng tính): tệp đuôi `.txt` không phải bảng tính đọc được: chỉ nhận "
        ".xlsx hoặc .csv (gợi ý: dùng tệp .xlsx hoặc .csv (UTF-8))"]
    fake = tmp_path / "bang.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    (message,) = _messages(import_sheet(fake, content))
    assert message.startswith("bang.xlsx:1:A: (bảng tính): tệp không phải bảng tính .xlsx")
    old = tmp_path / "bang.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    (message,) = _messages(import_sheet(old, content), "bang.xls")
    assert "lưu lại dạng .xlsx" in message
    legacy = tmp_path / "bang.csv"
    legacy.write_bytes(",".join(HEADER).encode("utf-8") + "\r\n1,A,Tên sáng".encode(
        "cp1258"))
    (message,) = _messages(import_sheet(legacy, content), "bang.csv")
    assert message.startswith("bang.csv:2:A: (bảng tính): tệp CSV không phải chữ UTF-8 (dòng 2")
    headless = _csv(tmp_path / "khong.csv", [["1", "2"]], header=["Một", "Hai"])
    (message,) = _messages(import_sheet(headless, content), "khong.csv")
    assert "không tìm thấy dòng tiêu đề" in message
    assert _files(content) == []


def test_formulas_without_a_value_and_merged_cells(tmp_path: Path, content: Path) -> None:
    sheet = _xlsx(tmp_path / "bang.xlsx", [_row(1, Tóm_tắt="=CONCAT(\"a\",\"b\")"), _row(2),
                                           _row(3)])
    book = load_workbook(sheet)
    book.active.merge_cells("C5:D5")
    book.save(sheet)
    messages = _messages(import_sheet(sheet, content))
    assert [m.split(": (bảng tính): ")[0] for m in messages if "(bảng tính)" in m] == [
        "bang.xlsx:4:H", "bang.xlsx:5:C"]
    assert any("ô có công thức nhưng chưa có giá trị tính sẵn" in m for m in messages)
    assert any("ô gộp C5:D5" in m for m in messages)
    assert _files(content) == []


def test_missing_columns_and_derived_columns_checked(tmp_path: Path, content: Path) -> None:
    header = ["STT", "Mã", "Tên sáng kiến", "Mã đơn vị", "Đơn vị", "Tác giả", "Loại giải pháp",
              "Ngày đăng ký", "Giai đoạn", "Được tính", "Tóm tắt"]
    row = [1, "EVNNPC-2023-0901", "Tên", "EVNNPC", "Công đoàn Tổng công ty Điện lực miền Bắc",
           "An", "ky-thuat", "2023-03-15", "1", "có", "Tóm tắt."]
    missing = _csv(tmp_path / "thieu.csv", [row[:-1]], header=header[:-1])
    assert _messages(import_sheet(missing, content), "thieu.csv") == [
        "thieu.csv:1:A: summary: thiếu cột “Tóm tắt” (summary) (gợi ý: thêm cột này vào dòng "
        "tiêu đề)"]
    wrong = _csv(tmp_path / "sai.csv", [row, [2, "EVNNPC-2023-0902", "Tên", "EVNNPC",
                                              "Công đoàn Tổng công ty Điện lực miền Trung", "An",
                                              "ky-thuat", "2021-03-15", "", "không", "Tóm tắt."]],
                 header=header)
    assert _messages(import_sheet(wrong, content), "sai.csv") == [
        "sai.csv:2:I: phase: `1` không khớp với dữ liệu của dòng (giai đoạn 2): cột này do "
        "trang tự tính, không được lưu (gợi ý: xóa cột hoặc để trống; sửa cột gốc (ngày đăng "
        "ký, mã) nếu cần)",
        "sai.csv:3:E: unit: khác với cột D (`EVNNPC`) (gợi ý: hai cột của cùng một trường phải "
        "khớp nhau)",
    ]


def test_the_command_itself(tmp_path: Path, content: Path) -> None:
    bad = _xlsx(tmp_path / "bang.xlsx", [_row(1, Ngày_đăng_ký="15-09-2023")])
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    run = subprocess.run([sys.executable, "-m", "generator", "import", str(bad), "--dir",
                          str(content)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith("bang.xlsx:4:G: registered: `15-09-2023`")
    assert "Traceback" not in run.stderr and "Chưa ghi tệp nào" in run.stderr
    good = _xlsx(tmp_path / "tot.xlsx", [_row(1)])
    run = subprocess.run([sys.executable, "-m", "generator", "import", str(good), "--dir",
                          str(content)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Đã tạo content/innovations/evnnpc/sang-kien-thu-so-1/index.md" in run.stdout
    checked = subprocess.run([sys.executable, "-m", "generator", "validate", str(content)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_guides_sample_sheet_imports_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    subprocess.run([sys.executable, str(PROJECT / "scripts/make_sample_sheet.py"), str(out)],
                   check=True, capture_output=True)
    run = subprocess.run([sys.executable, "-m", "generator", "import", str(out), "--dry-run",
                          "--dir", str(SAMPLE)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 sáng kiến" in run.stderr
    committed = PROJECT / "docs/mau-nhap-sang-kien.xlsx"
    assert [list(r) for r in load_workbook(committed).active.iter_rows(values_only=True)] == [
        list(r) for r in load_workbook(out).active.iter_rows(values_only=True)]
