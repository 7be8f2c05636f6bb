"""What a shared link shows (CONTENT-SPEC v2): the picture and the kind of each page, and the
pictures themselves, drawn with Pillow once per unit (never once per innovation)."""

from __future__ import annotations

import functools
import io
import textwrap
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from PIL import Image, ImageDraw, ImageFont

from generator.content.model import Catalog, Innovation, Program, Unit

from . import urls
from .site_plan import PageKind, PlannedPage, Site

ARTICLES = frozenset({PageKind.INNOVATION, PageKind.MONTH_PICKS, PageKind.EVENT})
"""Pages shared as og:type article; the others are website."""
CARD_SIZE = (1200, 630)
_FONTS = files("fontpkg_be_vietnam_pro") / "files"
"""Be Vietnam Pro (OFL), drawn for Vietnamese: every letter and tone mark."""
_BACKGROUND = (40, 53, 147)
_ACCENT = (255, 193, 7)
_TEXT = (255, 255, 255)


@dataclass(frozen=True)
class ShareImage:
    """The picture a shared link shows, as og:image, og:image:width, og:image:height and
    og:image:alt print it."""

    address: str
    """Site-relative and percent-encoded: the site's address goes before it."""
    width: int
    height: int
    alt: str


def share_image(page: PlannedPage | None, program: Program | None = None) -> ShareImage:
    """The picture a page is shared with: an innovation's own picture when it is at least
    1200×630 (what Facebook and Zalo show large), else its unit's card; a unit's card on its
    unit's pages; the programme's card elsewhere."""
    if page is not None and page.kind is PageKind.INNOVATION:
        inn = page.context["innovation"]
        own = _own_picture(inn)
        if own is not None:
            return own
        return _unit_image(page.context["unit"], program)
    if page is not None and page.kind in (PageKind.UNIT, PageKind.UNIT_REPORT):
        unit = page.context["unit"] if page.kind is PageKind.UNIT else page.context["report"].unit
        return _unit_image(unit, program)
    if program is None:
        return ShareImage(urls.PROGRAMME_CARD, *CARD_SIZE, "Thẻ chia sẻ của chương trình")
    return ShareImage(urls.PROGRAMME_CARD, *CARD_SIZE, _alt(*programme_card_text(program)))


def _unit_image(unit: Unit, program: Program | None) -> ShareImage:
    alt = _alt(*unit_card_text(unit, program)) if program is not None else unit.name
    return ShareImage(urls.unit_card(unit.code), *CARD_SIZE, alt)


def _alt(heading: str, lines: str, footer: str) -> str:
    """What a card shows, as its text alternative."""
    return f"{heading}. {lines}. {footer}"


def _own_picture(inn: Innovation) -> ShareImage | None:
    if inn.image is None:
        return None
    size = picture_size(inn.image)
    if size is None or size[0] < CARD_SIZE[0] or size[1] < CARD_SIZE[1]:
        return None
    address = quote(f"{urls.innovation(inn.id)}{inn.image.name}", safe="/")
    return ShareImage(address, *size, f"Hình minh họa: {inn.title}")


def picture_size(path: Path) -> tuple[int, int] | None:
    """A picture's width and height, from its header (checked by the loader); read once per
    file, size and time in a process."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _header_size(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _header_size(path: Path, size: int, mtime_ns: int) -> tuple[int, int] | None:
    del size, mtime_ns  # the cache's key: a picture replaced is read again
    try:
        with Image.open(path) as picture:
            width, height = picture.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return width, height


def share_context(page: PlannedPage | None, site: Site | None) -> dict[str, object]:
    """What main.html prints as a page's share metadata: its picture, its kind, and the title
    shared when it is not the page's own (the home page is shared as the programme's name)."""
    program = site.catalog.program if site is not None else None
    image = share_image(page, program)
    title = program.name if page is not None and page.kind is PageKind.HOME and program else None
    return {"image": image.address, "width": image.width, "height": image.height,
            "alt": image.alt, "type": share_type(page.kind if page else None), "title": title}


def share_type(kind: PageKind | None) -> str:
    return "article" if kind in ARTICLES else "website"


@functools.lru_cache(maxsize=8)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    with (_FONTS / f"BeVietnamPro-{weight}.ttf").open("rb") as handle:
        return ImageFont.truetype(io.BytesIO(handle.read()), size)


def draw_card(heading: str, lines: str, footer: str) -> bytes:
    """A 1200×630 PNG: a heading (the unit or the programme), a few words, the organisation."""
    image = Image.new("RGB", CARD_SIZE, _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, CARD_SIZE[1]), fill=_ACCENT)
    y = 80
    for line in textwrap.wrap(heading, 30)[:3]:
        draw.text((90, y), line, font=_font("Bold", 64), fill=_TEXT)
        y += 84
    y += 20
    for line in textwrap.wrap(lines, 48)[:3]:
        draw.text((90, y), line, font=_font("Regular", 38), fill=_ACCENT)
        y += 52
    draw.text((90, CARD_SIZE[1] - 90), footer, font=_font("Medium", 32), fill=_TEXT)
    out = io.BytesIO()
    image.save(out, format="PNG")  # flat colours: small without the slow optimiser
    return out.getvalue()


def unit_card_text(unit: Unit, program: Program) -> tuple[str, str, str]:
    return unit.name, f"Sáng kiến của người lao động · {program.name}", program.organization


def programme_card_text(program: Program) -> tuple[str, str, str]:
    return (program.name, f"Mục tiêu {program.target:,} sáng kiến".replace(",", "."),
            program.organization)


def unit_card(unit: Unit, catalog: Catalog) -> bytes:
    return draw_card(*unit_card_text(unit, catalog.program))


def programme_card(catalog: Catalog) -> bytes:
    return draw_card(*programme_card_text(catalog.program))
