"""Property-based: whatever `validate` accepts, the strict build builds (no traceback after
"Nội dung hợp lệ"). Trees of random text in every field a page, a feed, the calendar, the
sitemap and the workbooks show; what the checker refuses is dropped before building."""

from __future__ import annotations

import shutil
import string
import tempfile
from pathlib import Path

from conftest import ContentTree, front_matter
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sitetools import build_site

from generator.site.checked import load_and_plan

_ALPHABET = st.sampled_from(
    list(string.ascii_letters + string.digits + " <>&\"'`=/;:#%?.,-_*[](){}!|\\~^$@+")
    + list("ăâđêôơưĂÂĐÊÔƠƯáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữự")
    + ["\u0301", "\u00ad", "\u200b", "\u3164", "\u2062", "\ufeff", "\ufffe", "\uffff",
       "\ufdd0", "\U0001fffe", "\U0001f600", "\u202e", "\u0085", "\u2028", "\t", "\x7f",
       "\u00a0", "２", "\u0660"])
texts = st.text(_ALPHABET, min_size=1, max_size=40)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding text exactly (escapes for what YAML would fold)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    for char in ("\t", "\x7f", "\u0085", "\u2028", "\ufeff", "\ufffe", "\uffff"):
        escaped = escaped.replace(char, f"\\u{ord(char):04x}")
    return '"' + escaped + '"'


dates = st.one_of(st.dates().map(str), st.sampled_from(
    ["9999-12-31", "0001-01-01", "2021-09-01", "2023-09-30", "2022-02-29", "2024-02-29"]))


@settings(max_examples=3, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],  # a shrinking step is a whole build
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(texts, texts, texts, texts, texts, dates, st.integers(0, 10**20)),
                min_size=3, max_size=3),
       texts, texts, dates)
@example([("Tên", "Tóm tắt", "An", "an-toan", "x", "9999-12-31", 10**18)] * 3,
         "Tọa đàm\ufffe", "Hà Nội\uffff", "9999-12-31")  # the last day there is
def test_what_validate_accepts_builds(innovations: list[tuple[str, str, str, str, str, str, int]],
                                      event_title: str, place: str, event_date: str) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        tree = ContentTree(folder / "content")
        for n, (title, summary, author, tag, benefit, registered, value) in enumerate(
                innovations, start=1):
            # A link to the next one's file, with a fragment of random text (its page's
            # address once built: site/body_links.py).
            body = f"Xem [sáng kiến sau](i{n % len(innovations) + 1}.md#{tag}).\n"
            tree.innovation(
                f"i{n}", body, id=f"AAA-2022-{n:04d}", title=_quoted(title),
                summary=_quoted(summary),
                authors=f"\n  - {{name: {_quoted(author)}}}", tags=f"[{_quoted(tag)}]",
                registered=registered if n > 1 else "2022-03-15",
                benefit=f"\n  value_vnd: {value}\n  text: {_quoted(benefit)}",
                awards="\n  - {kind: bang-ldst, date: " + registered + "}")
        tree.write(f"events/{event_date}-su-kien.md", front_matter(
            title=_quoted(event_title), date=event_date, kind="toa-dam", units="[AAA]",
            place=_quoted(place), summary=_quoted(place))
            + "\nBáo cáo về [sáng kiến](../innovations/i1.md).\n")
        tree.write("featured/2022-03.md", front_matter(
            month="2022-03", title=_quoted(event_title),
            picks="\n  - {id: AAA-2022-0001, headline: " + _quoted(place) + "}") + "\nTháng.\n")
        # What the checker refuses is taken out, file by file, until the tree is valid.
        for _ in range(10):
            refused = {Path(p.path) for p in load_and_plan(tree.root).errors}
            if not refused:
                break
            for path in refused:
                assert path.name not in ("program.yml", "units.yml"), refused
                path.unlink(missing_ok=True)
            if not any((tree.root / "innovations").iterdir()):
                tree.innovation("i0")
        assert load_and_plan(tree.root).errors == []
        build_site(tree.root, folder / "build")  # fails the test with MkDocs' output
    finally:
        shutil.rmtree(folder, ignore_errors=True)
