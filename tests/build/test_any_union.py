"""Any union's site: another organisation's programme, with its own data only, shows no word of
this union (its name, its units, its awards, its board, its plan's numbers)."""

from __future__ import annotations

from pathlib import Path

from conftest import ContentTree, innovation_text

from devtools.buildconfig import derived_config, mkdocs_build

OTHER_PROGRAM = """\
name: Phong trào Lao động giỏi, lao động sáng tạo ngành Dầu khí
organization: Công đoàn Dầu khí Việt Nam
counted_from: 2024-01-01
target: 900
phases:
  - {id: 1, name: Đợt 1, start: 2024-01-01, end: 2024-06-30, target: 200}
  - {id: 2, name: Đợt 2, start: 2024-07-01, end: 2024-12-31, target: 300}
  - {id: 3, name: Đợt 3, start: 2025-01-01, end: 2025-06-30, target: 400}
participation_target: 0.2
featured_per_month: 3
categories:
  cai-tien: Cải tiến kỹ thuật
  quy-trinh: Hợp lý hóa quy trình
awards:
  giai-vang: {name: Giải Vàng, issuer: Công đoàn Dầu khí Việt Nam, target: 5}
  giai-bac: {name: Giải Bạc, issuer: Công đoàn Dầu khí Việt Nam, target: 10}
  giai-dong: {name: Giải Đồng, issuer: Công đoàn Dầu khí Việt Nam, target: 20}
"""
OTHER_UNITS = """\
- code: PVGAS
  name: Công đoàn Tổng công ty Khí Việt Nam
  members: 500
  targets: {1: 50, 2: 80, 3: 100}
- code: PVEP
  name: Công đoàn Tổng công ty Thăm dò Khai thác Dầu khí
  members: 300
  targets: {1: 40, 2: 60, 3: 90}
"""
THIS_UNION = ("Điện lực", "EVN", "Tuyên giáo", "46/HD", "Lao động sáng tạo", "Khối thi đua",
              "Ban Thường vụ", "01 triệu", "ngành Điện", "10.000")


def test_another_programme_shows_none_of_this_union(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write("program.yml", OTHER_PROGRAM)
    tree.write("units.yml", OTHER_UNITS)
    for n, (unit, registered, award) in enumerate([
            ("PVGAS", "2024-02-10", "[{kind: giai-vang, date: 2024-05-01}]"),
            ("PVGAS", "2024-08-03", None), ("PVEP", "2025-03-15", None)], start=1):
        tree.write(f"innovations/i{n}.md", innovation_text(
            id=f"{unit}-2024-{n:04d}", unit=unit, category="cai-tien", registered=registered,
            awards=award))
    tree.write("featured/2024-05.md", "---\nmonth: 2024-05\ntitle: Tiêu biểu tháng 5/2024\n"
               "picks:\n  - {id: PVGAS-2024-0001, headline: Tiết kiệm khí}\n---\n\nBài viết.\n")
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml",
                            site_name="Sáng kiến Công đoàn Dầu khí Việt Nam",
                            site_description="Phong trào sáng kiến ngành Dầu khí",
                            copyright="Công đoàn Dầu khí Việt Nam")
    result = mkdocs_build(config)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    checked = 0
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".ics", ".json", ".csv"):
            continue
        text = path.read_text(encoding="utf-8")
        found = [word for word in THIS_UNION if word in text]
        assert found == [], f"{path.relative_to(site)}: {found}"
        checked += 1
    assert checked > 30
    home = (site / "index.html").read_text(encoding="utf-8")
    for phase in ("Đợt 1", "Đợt 2", "Đợt 3"):
        assert phase in home
    for award in ("Giải Vàng", "Giải Bạc", "Giải Đồng"):
        assert award in home
    assert "Xếp hạng" not in home  # no emulation block, no rank
    assert "Công đoàn Dầu khí Việt Nam" in (site / "don-vi/index.html").read_text(
        encoding="utf-8")
