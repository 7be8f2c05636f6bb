"""Content a hostile editor wrote: script and navigation in every field a page shows."""

from __future__ import annotations

from pathlib import Path

from conftest import PROGRAM, ContentTree, front_matter
from sitetools import build_site

from generator.site.checked import load_and_plan

_KINDS = (
    "'</title>\"><script>window.skPwned=\"{}\"</script>'",
    "'\"><img src=x onerror=\"window.skPwned=''{}''\">'",
    "'\"><meta http-equiv=refresh content=\"0;url=//e.vn/{}\">'",
)
_used: list[str] = []


def payload(mark: str) -> str:
    """A YAML single-quoted string that breaks out of an attribute or of <title> to run a
    script, a handler or to send the reader away, marked by where it was put (at most 60
    characters: the shortest limit of a field that a page shows)."""
    _used.append(mark)
    text = _KINDS[len(_used) % len(_KINDS)].format(mark[:8])
    assert len(text) <= 62, text  # with its two quotes
    return text


HOSTILE_PROGRAM = (PROGRAM
                   .replace("name: Chương trình 01 triệu sáng kiến", "name: " + payload("pname"))
                   .replace("ky-thuat: Giải pháp kỹ thuật", "ky-thuat: " + payload("category"))
                   .replace("{name: Bằng Lao động sáng tạo,", "{name: " + payload("award") + ",")
                   .replace("{name: Công đoàn Than,", "{name: " + payload("peer") + ","))

HOSTILE_UNITS = f"""\
- code: AAA
  name: {payload("unit")}
  members: 10
  targets: {{1: 10, 2: 20}}
  advisory_team:
    contact: {payload("contact")}
    members:
      - {{name: {payload("adviser")}, position: {payload("adviser-position")}}}
      - {{name: Trần Thị Bình}}
      - {{name: Lê Văn Cường}}
- code: BBB
  name: Công đoàn Đơn vị B
  members: 40
  targets: {{1: 5, 2: 5}}
"""


def build_hostile_site(folder: Path) -> Path:
    """Content whose every shown field holds a payload, checked, then built."""
    tree = ContentTree(folder / "content")
    tree.write("program.yml", HOSTILE_PROGRAM)
    tree.write("units.yml", HOSTILE_UNITS)
    tree.innovation(
        "a", title=payload("title"), summary=payload("summary"),
        authors=f"\n  - {{name: {payload('author')}, position: {payload('position')}}}",
        benefit=f"\n  value_vnd: 1200000\n  text: {payload('benefit')}",
        awards=f"\n  - {{kind: bang-ldst, date: 2022-04-01, decision: {payload('decision')}}}",
        tags=f"[{payload('tag')}]", status="recognized")
    tree.innovation("b", id="AAA-2022-0002", registered="2022-07-01",
                    title="Sáng kiến thứ hai", unit="BBB")
    tree.write("featured/2022-04.md", front_matter(
        month="2022-04", title=payload("month-title"),
        picks=f"\n  - {{id: AAA-2022-0001, headline: {payload('headline')}}}")
        + "\nCâu chuyện của tháng.\n")
    tree.write("events/2022-05-10-giao-luu.md", front_matter(
        title=payload("event-title"), date="2022-05-10", kind="giao-luu", units="[AAA, BBB]",
        place=payload("place"), innovations="[AAA-2022-0001]", summary=payload("event-summary"))
        + "\nBáo cáo.\n")
    tree.write("gioi-thieu.md", front_matter(title=payload("page-title"),
                                             description=payload("page-description"))
               + "\nTrang giới thiệu.\n")
    # A page of its own, outside the menu, whose title is its first heading.
    # Its links: another page's file, and addresses of the site MkDocs does not know.
    tree.write("trang-moi.md", "# Trang &lt;script&gt;window.skPwned='h1'&lt;/script&gt; mới\n\n"
               "[Giới thiệu](gioi-thieu.md), [sáng kiến](../sang-kien/), [đơn vị](/don-vi/).\n")
    checked = load_and_plan(tree.root)
    assert checked.errors == [], [p.format_text() for p in checked.errors]
    return build_site(tree.root, folder / "build")
