"""Command line: `python -m generator validate [DIR]`, `new`, `fix`, `import`, `schema`,
`editor-config`, `codeowners`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import unicodedata
from pathlib import Path

from generator.content.loader import load_content
from generator.content.problems import display_path, format_problems
from generator.site.checked import load_and_plan
from generator.site.codeowners import BOARD_TEAM, TEAM_PREFIX, codeowners
from generator.site.editor_config import Backend, backend_from, editor_config_yaml
from generator.site.project_config import read_settings
from generator.site.schema import schema_documents

from .fixer import nfc_fixes
from .importer import import_sheet
from .scaffold import create

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _validate(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        print(f"Không tìm thấy thư mục nội dung: {args.dir}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    checked = load_and_plan(root, workers=min(2, os.cpu_count() or 1))
    problems = checked.problems if args.warnings else checked.errors
    if problems:
        print(format_problems(problems, args.format))
    if args.format == "json":
        return EXIT_PROBLEMS if checked.errors else EXIT_OK
    elapsed = time.perf_counter() - started
    if checked.errors:
        print(f"\n{len(checked.errors)} lỗi, {len(checked.warnings)} cảnh báo "
              f"({elapsed:.2f} giây). Sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return EXIT_PROBLEMS
    if checked.site is None:  # cannot happen without errors; never a traceback for an editor
        print("Không dựng được trang từ nội dung này.", file=sys.stderr)
        return EXIT_PROBLEMS
    catalog = checked.site.catalog
    print(f"Nội dung hợp lệ: {len(catalog.innovations)} sáng kiến "
          f"({len(catalog.published)} đã đăng), {len(catalog.units)} đơn vị, "
          f"{len(catalog.months)} tháng tiêu biểu; {len(checked.warnings)} cảnh báo "
          f"({elapsed:.2f} giây).", file=sys.stderr)
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    result = load_content(root)
    catalog_units = []
    categories: list[str] = []
    if result.catalog is not None:
        catalog_units = [u.code for u in result.catalog.units]
        categories = list(result.catalog.program.categories)
    title = unicodedata.normalize("NFC", args.title).strip()
    if not title:
        print("Tên sáng kiến (--title) không được để trống.", file=sys.stderr)
        return EXIT_USAGE
    if catalog_units and args.unit not in catalog_units:
        print(f"Đơn vị `{args.unit}` không có trong units.yml. Các mã hợp lệ: "
              + ", ".join(catalog_units), file=sys.stderr)
        return EXIT_USAGE
    if categories and args.category not in categories:
        print(f"Loại giải pháp `{args.category}` không có trong program.yml. Các loại: "
              + ", ".join(categories), file=sys.stderr)
        return EXIT_USAGE
    try:
        registered = dt.date.fromisoformat(args.registered) if args.registered else dt.date.today()
    except ValueError:
        print(f"Ngày đăng ký `{args.registered}` không đúng dạng YYYY-MM-DD.", file=sys.stderr)
        return EXIT_USAGE
    made = create(root, args.unit, title, args.category, registered, bundle=args.bundle)
    print(f"Đã tạo {display_path(made.path)} với mã {made.id}.")
    print("Điền các trường, xóa dòng `draft: true` khi sẵn sàng, rồi chạy "
          "`python -m generator validate` để kiểm tra.")
    return EXIT_OK


def _fix(args: argparse.Namespace) -> int:
    fixes = nfc_fixes(Path(args.dir), write=not args.dry_run)
    verb = "Sẽ chuẩn hóa" if args.dry_run else "Đã chuẩn hóa"
    for fix in fixes:
        lines = ", ".join(str(n) for n in fix.lines[:20]) + (" ..." if len(fix.lines) > 20 else "")
        print(f"{verb} Unicode NFC: {display_path(fix.path)} (dòng {lines})")
    if not fixes:
        print("Không có gì cần sửa: mọi tệp đã ở dạng Unicode NFC.")
    elif not args.dry_run:
        print("Chữ hiển thị không đổi; hoàn tác bằng `git checkout -- <tệp>` nếu cần.")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        print(f"Không tìm thấy thư mục nội dung: {args.dir}", file=sys.stderr)
        return EXIT_USAGE
    sheet = Path(args.file)
    started = time.perf_counter()
    try:
        result = import_sheet(sheet, root, dry_run=args.dry_run, update=args.update,
                              workers=max(1, args.workers))
    except OSError as exc:  # the content folder or the folder beside it cannot be written
        print(f"Không ghi được tệp: {exc.strerror} ({exc.filename}).", file=sys.stderr)
        return EXIT_PROBLEMS
    elapsed = time.perf_counter() - started
    if result.setup_problems:
        print(format_problems(result.setup_problems))
        print("\nprogram.yml hoặc units.yml còn lỗi: chưa kiểm tra được dòng nào. Chạy "
              "`python -m generator validate` để xem.", file=sys.stderr)
        return EXIT_PROBLEMS
    if result.problems:
        name = display_path(sheet)
        print("\n".join(p.format_text(name) for p in result.problems))
        print(f"\n{len(result.problems)} lỗi trong {result.rows} dòng ({elapsed:.2f} giây). "
              "Chưa ghi tệp nào: sửa bảng tính rồi chạy lại.", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.dry_run:
        print(f"Bảng tính hợp lệ: {result.rows} sáng kiến ({elapsed:.2f} giây). Chưa ghi gì "
              "(--dry-run).", file=sys.stderr)
        return EXIT_OK
    for path in result.created:
        print(f"Đã tạo {display_path(path)}")
    for path in result.updated:
        print(f"Đã cập nhật {display_path(path)}")
    print(f"Đã nhập {result.rows} sáng kiến: {len(result.created)} tệp mới, "
          f"{len(result.updated)} tệp cập nhật ({elapsed:.2f} giây). Chạy "
          "`python -m generator validate` để kiểm tra cả nội dung.", file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    result = load_content(Path(args.dir))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_documents(result.catalog).items():
        (out / name).write_text(text, encoding="utf-8")
        print(f"Đã ghi {display_path(out / name)}")
    return EXIT_OK


def _editor_config(args: argparse.Namespace) -> int:
    result = load_content(Path(args.dir))
    if result.catalog is None:
        print("Nội dung còn lỗi: danh sách đơn vị, loại giải pháp, giải thưởng chưa đọc được; "
              "chạy `python -m generator validate` để xem.", file=sys.stderr)
        return EXIT_PROBLEMS
    sys.stdout.write(editor_config_yaml(result.catalog, Backend(repo=args.repo)))
    return EXIT_OK


def _codeowners(args: argparse.Namespace) -> int:
    org = args.org
    if not org:
        extra = read_settings(args.config).get("extra") or {}
        repo = backend_from(extra.get("editor")).repo
        org = repo.split("/")[0] if repo != Backend().repo else ""
    if not org:
        print("Chưa biết tổ chức GitHub: đặt extra.editor.repo trong mkdocs.yml hoặc dùng "
              "--org TÊN-TỔ-CHỨC.", file=sys.stderr)
        return EXIT_USAGE
    result = load_content(Path(args.dir))
    if result.catalog is None:
        print("Nội dung còn lỗi: danh sách đơn vị chưa đọc được; chạy `python -m generator "
              "validate` để xem.", file=sys.stderr)
        return EXIT_PROBLEMS
    text = codeowners(result.catalog, org, prefix=args.prefix, board=args.board)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"Đã ghi {out} ({len(result.catalog.units)} đơn vị).", file=sys.stderr)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m generator",
        description="Công cụ biên tập trang Sáng kiến: kiểm tra nội dung, tạo sáng kiến mới.",
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="LỆNH")
    validate = commands.add_parser(
        "validate", help="kiểm tra toàn bộ nội dung, liệt kê mọi lỗi",
        description="Kiểm tra program.yml, units.yml, mọi sáng kiến và tháng tiêu biểu. "
                    "Mã thoát: 0 hợp lệ, 1 có lỗi, 2 sai cách gọi.")
    validate.add_argument("dir", nargs="?", default="content", help="thư mục nội dung "
                          "(mặc định: content)")
    validate.add_argument("--format", choices=("text", "github", "json"), default="text",
                          help="text: đường_dẫn:dòng:cột; github: chú thích cho GitHub Actions")
    validate.add_argument("--no-warnings", dest="warnings", action="store_false",
                          help="chỉ in lỗi, không in cảnh báo")
    validate.set_defaults(handler=_validate)
    new = commands.add_parser("new", help="tạo tệp sáng kiến mới với mã chưa dùng",
                              description="Tạo khung một sáng kiến (bản nháp) với mã mới.")
    new.add_argument("--unit", required=True, help="mã đơn vị trong units.yml, ví dụ EVNNPC")
    new.add_argument("--title", required=True, help="tên sáng kiến")
    new.add_argument("--category", default="ky-thuat", help="loại giải pháp (mặc định ky-thuat)")
    new.add_argument("--registered", help="ngày đăng ký YYYY-MM-DD (mặc định: hôm nay)")
    new.add_argument("--bundle", action="store_true",
                     help="tạo thư mục riêng (index.md) để đặt ảnh bên cạnh")
    new.add_argument("--dir", default="content", help="thư mục nội dung (mặc định: content)")
    new.set_defaults(handler=_new)
    fix = commands.add_parser(
        "fix", help="chuẩn hóa Unicode NFC (chỉ việc này), có liệt kê từng dòng",
        description="Việc sửa duy nhất công cụ làm, và chỉ khi được yêu cầu: đưa chữ về "
                    "Unicode NFC. Chữ hiển thị không đổi; các dòng đổi được liệt kê.")
    fix.add_argument("dir", nargs="?", default="content", help="thư mục nội dung")
    fix.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không ghi")
    fix.set_defaults(handler=_fix)
    sheet = commands.add_parser(
        "import", help="nhập sáng kiến từ bảng tính .xlsx hoặc .csv",
        description="Mỗi dòng của bảng tính thành một tệp sáng kiến trong "
                    "content/innovations/<mã đơn vị>/. Mọi dòng được kiểm tra như một tệp; "
                    "không ghi gì nếu còn một dòng lỗi. Mã thoát: 0 xong, 1 có lỗi, 2 sai "
                    "cách gọi.")
    sheet.add_argument("file", help="tệp .xlsx hoặc .csv (UTF-8)")
    sheet.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    sheet.add_argument("--update", action="store_true",
                       help="cho phép cập nhật sáng kiến đã có (theo mã)")
    sheet.add_argument("--dir", default="content", help="thư mục nội dung (mặc định: content)")
    sheet.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                       help="số tiến trình kiểm tra các dòng (mặc định: 2, hoặc 1 nếu máy "
                            "chỉ có một nhân)")
    sheet.set_defaults(handler=_import)
    schema = commands.add_parser("schema", help="ghi JSON Schema của các loại tệp nội dung",
                                 description="Ghi JSON Schema (cho VS Code) sinh từ chính "
                                             "các quy định của bộ kiểm tra.")
    schema.add_argument("--dir", default="content", help="thư mục nội dung (mặc định: content)")
    schema.add_argument("--out", default="schema", help="thư mục ghi (mặc định: schema)")
    schema.set_defaults(handler=_schema)
    editor = commands.add_parser(
        "editor-config", help="in config.yml của trang biên tập /bien-tap/",
        description="In cấu hình Decap CMS mà bản dựng ghi ở /bien-tap/config.yml, sinh từ "
                    "các quy định của bộ kiểm tra và nội dung.")
    editor.add_argument("--dir", default="content", help="thư mục nội dung (mặc định: content)")
    editor.add_argument("--repo", default=Backend().repo, help="kho GitHub, dạng chủ/tên")
    editor.set_defaults(handler=_editor_config)
    owners = commands.add_parser(
        "codeowners", help="ghi .github/CODEOWNERS từ units.yml",
        description="Mỗi thư mục content/innovations/<mã đơn vị>/ do nhóm @TỔ-CHỨC/cd-<mã> "
                    "duyệt (và nhóm của đơn vị cấp trên); mọi tệp khác do nhóm ban biên tập.")
    owners.add_argument("--dir", default="content", help="thư mục nội dung (mặc định: content)")
    owners.add_argument("--org", help="tổ chức GitHub (mặc định: chủ của extra.editor.repo "
                                      "trong mkdocs.yml)")
    owners.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình (mặc định: "
                                                               "mkdocs.yml)")
    owners.add_argument("--prefix", default=TEAM_PREFIX, help="đầu tên nhóm của đơn vị "
                                                              "(mặc định: cd-)")
    owners.add_argument("--board", default=BOARD_TEAM, help="nhóm sở hữu mọi tệp khác "
                                                            "(mặc định: ban-bien-tap)")
    owners.add_argument("--out", default=".github/CODEOWNERS", help="tệp ghi ra, - là in ra "
                                                                     "màn hình")
    owners.set_defaults(handler=_codeowners)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.handler(args))
