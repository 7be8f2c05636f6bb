"""What a shared link shows (CONTENT-SPEC v2): the picture and the kind of each page, and the
pictures themselves, drawn with Pillow once per unit (never once per innovation)."""

from __future__ import annotations

import functools
import io
import textwrap
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

from generator.content.model import Catalog, Unit

from . import urls
from .site_plan import PageKind, PlannedPage

ARTICLES = frozenset({PageKind.INNOVATION, PageKind.MONTH_PICKS, PageKind.EVENT})
"""Pages shared as og:type article; the others are website."""
CARD_SIZE = (1200, 630)
_FONTS = files("fontpkg_be_vietnam_pro") / "files"
"""Be Vietnam Pro (OFL), drawn for Vietnamese: every letter and tone mark."""
_BACKGROUND = (40, 53, 147)
_ACCENT = (255, 193, 7)
_TEXT = (255, 255, 255)


def share_image(page: PlannedPage | None) -> str:
    """The site-relative address of the picture a page is shared with."""
    if page is None:
        return urls.PROGRAMME_CARD
    if page.kind is PageKind.INNOVATION:
        inn = page.context["innovation"]
        if inn.image is not None:
            return f"{urls.innovation(inn.id)}{inn.image.name}"
        return urls.unit_card(inn.unit)
    if page.kind in (PageKind.UNIT, PageKind.UNIT_REPORT):
        unit = page.context["unit"] if page.kind is PageKind.UNIT else page.context["report"].unit
        return urls.unit_card(unit.code)
    return urls.PROGRAMME_CARD


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
    image.save(out, format="PNG")  # flat colours: about 50 KB without the slow optimiser
    return out.getvalue()


def unit_card(unit: Unit, catalog: Catalog) -> bytes:
    program = catalog.program
    return draw_card(unit.name, f"Sáng kiến của người lao động · {program.name}",
                     program.organization)


def programme_card(catalog: Catalog) -> bytes:
    program = catalog.program
    return draw_card(program.name, f"Mục tiêu {program.target:,} sáng kiến".replace(",", "."),
                     program.organization)
