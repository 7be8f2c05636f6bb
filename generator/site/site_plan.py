"""Which pages the site has, at which URL, with which data: pure, no MkDocs.

Each view is one function from the catalog to planned pages (Material's blog plugin's
"one generator function per view", without its plugin-sized module).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from generator.content.model import Catalog, Event, Innovation, MonthPicks
from generator.infra.build_cache import BuildCache

from . import urls
from .counting import Stats, author_key, compute_stats, is_counted
from .impact import Impact, compute_impact
from .page_types import (
    LATEST_AWARDS,
    PEOPLE_PER_PAGE,
    PER_PAGE,
    REPLICATED_SHOWN,
    ROLL_PER_PAGE,
    ChainedPages,
    InnovationPages,
    PageKind,
    Pagination,
    PlannedPage,
    Site,
    _listing,
    tag_names,
)
from .related import remembered_related
from .reports import ProgrammeMonth, monthly_reports
from .vietnamese import (
    format_month,
    initial,
    letter_order,
    letter_slug,
    name_key,
    slugify,
    text_key,
)


def unit_pages(catalog: Catalog, stats: Stats, published: Sequence[Innovation],
               events: Sequence[Event]) -> Iterator[PlannedPage]:
    """The units' index (their tree) and a page per unit: what its subtree registered, its
    parent and children with their counters, what it took from other units (v3)."""
    by_unit: dict[str, list[Innovation]] = defaultdict(list)
    replicated_here: dict[str, list[Innovation]] = defaultdict(list)
    for inn in published:
        own = catalog.lineage(inn.unit)
        for code in own:
            by_unit[code].append(inn)
        taken_by: dict[str, None] = {}
        for code in inn.replicated_in:  # each unit that applies it, and those above it
            taken_by.update((c, None) for c in catalog.lineage(code) if c not in own)
        for code in taken_by:
            replicated_here[code].append(inn)
    counts = {u.code: u for u in stats.units}
    yield PlannedPage(urls.source_of(urls.UNITS), PageKind.UNITS, "Đơn vị",
                      context={"units": catalog.top_units, "counts": counts,
                               "by_code": catalog.unit_by_code}, in_nav=True,
                      description="Các công đoàn trực thuộc và kết quả thực hiện chỉ tiêu")
    by_unit_events: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for code in event.units:
            by_unit_events[code].append(event)
    for unit in catalog.units:
        yield from _listing(
            urls.unit(unit.code), unit.name, by_unit[unit.code], PageKind.UNIT,
            extra={"unit": unit, "count": counts[unit.code],
                   "above": tuple(catalog.unit_by_code[c]
                                  for c in reversed(catalog.lineage(unit.code)[1:]))},
            first={"events": tuple(by_unit_events[unit.code]),
                   "children": tuple((catalog.unit_by_code[c], counts[c])
                                     for c in unit.children),
                   "replicated_here": tuple(replicated_here[unit.code][:REPLICATED_SHOWN]),
                   "replicated_total": len(replicated_here[unit.code])},
            description=f"Sáng kiến của {unit.name}",
        )


def category_pages(catalog: Catalog, published: Sequence[Innovation]) -> Iterator[PlannedPage]:
    by_category: dict[str, list[Innovation]] = defaultdict(list)
    for inn in published:
        by_category[inn.category].append(inn)
    for key, label in catalog.program.categories.items():
        yield from _listing(urls.category(key), label, by_category[key], PageKind.LISTING,
                            extra={"kind": "category", "key": key},
                            description=f"Các sáng kiến thuộc loại {label}")


def tag_pages(published: Sequence[Innovation], tag_slugs: dict[str, str]
              ) -> Iterator[PlannedPage]:
    by_tag: dict[str, list[Innovation]] = defaultdict(list)
    for inn in published:
        for tag in inn.tags:
            by_tag[tag_slugs[tag]].append(inn)
    names = tag_names(tag_slugs)
    for slug in sorted(by_tag):
        yield from _listing(urls.tag(slug), f"Chủ đề: {names[slug]}", by_tag[slug],
                            PageKind.LISTING, extra={"kind": "tag", "key": slug},
                            description=f"Các sáng kiến về {names[slug]}")
    yield PlannedPage(
        urls.source_of(urls.TAGS), PageKind.TAGS, "Chủ đề",
        context={"tags": [(names[s], s, len(by_tag[s]))
                          for s in sorted(by_tag, key=lambda s: text_key(names[s]))]},
        description="Các chủ đề của sáng kiến",
    )


def award_pages(catalog: Catalog, stats: Stats, published: Sequence[Innovation]
                ) -> Iterator[PlannedPage]:
    """The index shows each roll's newest entries; each award its criteria and its newest
    year; a page per year holds the rest, so that no roll grows without bound."""
    rolls: dict[str, list[tuple[Innovation, Any]]] = {k: [] for k in catalog.program.awards}
    for inn in published:
        for award in inn.awards:
            rolls[award.kind].append((inn, award))
    for entries in rolls.values():
        entries.sort(key=lambda e: (-e[1].date.toordinal(), e[0].id))
    awards = catalog.program.awards
    yield PlannedPage(urls.source_of(urls.AWARDS), PageKind.AWARDS, "Giải thưởng",
                      context={"rolls": {k: v[:LATEST_AWARDS] for k, v in rolls.items()},
                               "totals": {k: len(v) for k, v in rolls.items()},
                               "stats": stats}, in_nav=True,
                      description="Giải thưởng của chương trình: "
                      + ", ".join(k.name for k in awards.values()))
    for key, kind in awards.items():
        by_year: dict[int, list[tuple[Innovation, Any]]] = defaultdict(list)
        for entry in rolls[key]:
            by_year[entry[1].date.year].append(entry)
        years = sorted(by_year, reverse=True)
        newest = by_year[years[0]] if years else []
        yield PlannedPage(urls.source_of(urls.award(key)), PageKind.AWARD, kind.name,
                          markdown=kind.criteria or "",
                          context={"kind": kind, "roll": newest[:ROLL_PER_PAGE],
                                   "more": len(newest) - ROLL_PER_PAGE, "years": years,
                                   "year": years[0] if years else None,
                                   "count": stats.awards[key]},
                          description=f"Danh sách sáng kiến được {kind.name}")
        for year in years:
            entries = by_year[year]
            base = urls.award_year(key, year)
            count = max(1, -(-len(entries) // ROLL_PER_PAGE))
            for number in range(1, count + 1):
                pagination = Pagination(number, count, base)
                title = f"{kind.name} năm {year}"
                yield PlannedPage(
                    urls.source_of(pagination.url_of(number)), PageKind.AWARD_YEAR,
                    title if number == 1 else f"{title} (trang {number})",
                    context={"kind": kind, "years": years, "year": year,
                             "pagination": pagination,
                             "roll": entries[(number - 1) * ROLL_PER_PAGE:
                                             number * ROLL_PER_PAGE]},
                    description=f"Sáng kiến được {kind.name} năm {year}")


def featured_pages(catalog: Catalog) -> Iterator[PlannedPage]:
    newest_first = tuple(reversed(catalog.months))
    yield PlannedPage(urls.source_of(urls.MONTH_PICKS), PageKind.MONTH_PICKS_ARCHIVE,
                      "Sáng kiến tiêu biểu", context={"months": newest_first}, in_nav=True,
                      description="Các sáng kiến tiêu biểu "
                      f"{catalog.program.organization} chọn hằng tháng")
    for month in newest_first:
        yield PlannedPage(
            urls.source_of(urls.month_picks(month.month)), PageKind.MONTH_PICKS, month.title,
            markdown=month.body,
            context={"month": month, "label": format_month(month.month),
                     "items": [(catalog.by_id[p.id], p) for p in month.picks]},
            description=f"Sáng kiến tiêu biểu {format_month(month.month)}",
            hide=("navigation",),
        )


def phase_pages(catalog: Catalog, stats: Stats, published: Sequence[Innovation]
                ) -> Iterator[PlannedPage]:
    by_phase: dict[int, list[Innovation]] = defaultdict(list)
    for inn in published:
        phase = catalog.program.phase_of(inn.registered)
        if phase is not None:
            by_phase[phase.id].append(inn)
    counts = {p.id: p for p in stats.phases}
    for phase in catalog.program.phases:
        yield from _listing(urls.phase(phase.id), phase.name, by_phase[phase.id],
                            PageKind.LISTING, extra={"kind": "phase", "key": phase.id},
                            first={"counted": counts[phase.id]},
                            description=f"Các sáng kiến đăng ký trong {phase.name}")


def event_pages(catalog: Catalog, events: Sequence[Event]) -> Iterator[PlannedPage]:
    yield PlannedPage(urls.source_of(urls.EVENTS), PageKind.EVENTS, "Sự kiện",
                      context={"events": tuple(events)}, in_nav=True,
                      description="Tọa đàm và giao lưu kinh nghiệm sáng kiến giữa các đơn vị")
    for event in events:
        yield PlannedPage(
            urls.source_of(urls.event(event.slug)), PageKind.EVENT, event.title,
            markdown=event.body,
            context={"event": event,
                     "units": [catalog.unit_by_code[c] for c in event.units],
                     "presented": [catalog.by_id[i] for i in event.innovations]},
            description=event.summary, hide=("navigation",),
        )


def advisory_page(catalog: Catalog) -> PlannedPage:
    without = [u for u in catalog.units if u.advisory_team is None]
    return PlannedPage(
        urls.source_of(urls.ADVISORY_TEAMS), PageKind.ADVISORY_TEAMS, "Tổ tư vấn sáng kiến",
        context={"units": catalog.units, "without": without},
        description="Tổ tư vấn hỗ trợ sáng kiến của từng công đoàn trực thuộc và nơi liên hệ")


def report_pages(catalog: Catalog, reports: Sequence[ProgrammeMonth]) -> Iterator[PlannedPage]:
    newest_first = tuple(reversed(reports))
    yield PlannedPage(urls.source_of(urls.REPORTS), PageKind.REPORTS, "Báo cáo tháng",
                      context={"reports": newest_first,
                               "programme_end": catalog.program.counted_until,
                               "last_month": reports[-1].month if reports else None},
                      in_nav=True,
                      description="Báo cáo hằng tháng của các công đoàn trực thuộc")
    for report in newest_first:
        label = format_month(report.month)
        yield PlannedPage(
            urls.source_of(urls.programme_report(report.month)), PageKind.PROGRAMME_REPORT,
            f"Báo cáo tổng hợp {label}", context={"report": report, "label": label},
            description=f"Kết quả chương trình {label}, từng công đoàn trực thuộc")
        for row in report.units:
            yield PlannedPage(
                urls.source_of(urls.unit_report(row.unit.code, report.month)),
                PageKind.UNIT_REPORT, f"Báo cáo {label} – {row.unit.name}",
                context={"report": row, "label": label},
                description=f"Sáng kiến {row.unit.name} đăng ký {label}")


def impact_pages(impact: Impact) -> Iterator[PlannedPage]:
    yield from _listing(urls.IMPACT, "Hiệu quả làm lợi", impact.items, PageKind.IMPACT,
                        extra={"per_page": PER_PAGE}, first={"impact": impact},
                        description="Giá trị làm lợi của các sáng kiến được tính, cao nhất "
                        "trước; tổng theo giai đoạn, loại giải pháp và đơn vị")


def _honour_candidates(catalog: Catalog) -> set[int]:
    """The hashes of the people who may be shown: those whose hash has two counted
    initiatives or an awarded one. People grow with the content (a person's lists of every
    initiative, held for every author, were the largest part of planning a site whose
    authors recur little); an int per person is what choosing needs, and two people whose
    keys share a hash only add a candidate that the second pass checks exactly."""
    tallies: dict[int, int] = {}  # count of counted initiatives << 1 | awarded
    for inn in catalog.published:
        if not is_counted(inn, catalog.program):
            continue  # neither counts nor shows anyone: an award must be of a counted one
        awarded = 1 if inn.awards else 0
        for author in inn.authors:
            key = hash(author_key(inn.unit, author.name))
            tallies[key] = (tallies.get(key, 0) + 2) | awarded
    return {key for key, tally in tallies.items() if tally >= 4 or tally & 1}


def honour_roll(catalog: Catalog) -> list[dict[str, Any]]:
    """People with at least two counted initiatives or any award, by given name.

    Two passes over the catalog: the first tallies every person as small ints, the second
    collects the initiatives of the candidates only, and keeps those shown (same people,
    names and order as one pass holding everyone)."""
    candidates = _honour_candidates(catalog)
    people: dict[tuple[str, str], dict[str, Any]] = {}
    tallies: dict[tuple[str, str], int] = {}
    for inn in catalog.published:
        counted = is_counted(inn, catalog.program)
        awarded = 1 if inn.awards and counted else 0
        for author in inn.authors:
            key = author_key(inn.unit, author.name)
            if hash(key) not in candidates:
                continue
            person = people.get(key)
            if person is None:
                # The first initiative names the person, as it always did.
                person = people[key] = {"name": " ".join(author.name.split()),
                                        "unit": inn.unit, "all": []}
            person["all"].append(inn)
            if counted:
                tallies[key] = (tallies.get(key, 0) + 2) | awarded
    chosen = [person for key, person in people.items()
              if tallies.get(key, 0) >= 4 or tallies.get(key, 0) & 1]
    return sorted(chosen, key=lambda p: (name_key(p["name"]), p["unit"]))


def honour_pages(catalog: Catalog) -> Iterator[PlannedPage]:
    """The roll by the given name's first letter, each letter paginated."""
    by_letter: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in honour_roll(catalog):
        by_letter[initial(person["name"])].append(person)
    letters = [(letter, letter_slug(letter), len(by_letter[letter]))
               for letter in sorted(by_letter, key=letter_order)]
    yield PlannedPage(urls.source_of(urls.HONOUR), PageKind.HONOUR, "Vinh danh tác giả",
                      context={"letters": letters,
                               "total": sum(count for _, _, count in letters)},
                      in_nav=True,
                      description="Tác giả có từ hai sáng kiến hoặc được khen thưởng")
    for letter, slug, _ in letters:
        people = by_letter[letter]
        base = urls.honour_letter(slug)
        count = max(1, -(-len(people) // PEOPLE_PER_PAGE))
        for number in range(1, count + 1):
            pagination = Pagination(number, count, base)
            title = f"Vinh danh tác giả: {letter.upper()}"
            yield PlannedPage(
                urls.source_of(pagination.url_of(number)), PageKind.HONOUR_LETTER,
                title if number == 1 else f"{title} (trang {number})",
                context={"letter": letter, "letters": letters, "pagination": pagination,
                         "people": people[(number - 1) * PEOPLE_PER_PAGE:
                                          number * PEOPLE_PER_PAGE]},
                description=f"Tác giả có tên bắt đầu bằng {letter.upper()}")


def plan_site(catalog: Catalog, cache: BuildCache | None = None, workers: int = 1) -> Site:
    """Every page of the site and what it shows; cache: the build's, if it has one;
    workers: forked processes that may share the longest part (related innovations)."""
    stats = compute_stats(catalog)
    impact = compute_impact(catalog, stats)
    published = catalog.published
    tag_slugs = {tag: slugify(tag) for inn in published for tag in inn.tags}
    featured: dict[str, list[MonthPicks]] = defaultdict(list)
    for month in catalog.months:
        for pick in month.picks:
            featured[pick.id].append(month)
    featured_in = {k: tuple(v) for k, v in featured.items()}
    latest = catalog.months[-1] if catalog.months else None
    events = tuple(e for e in catalog.events if not e.draft)
    presented: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for innovation_id in event.innovations:
            presented[innovation_id].append(event)
    presented_at = {k: tuple(v) for k, v in presented.items()}
    reports = tuple(monthly_reports(catalog))
    pages: list[PlannedPage] = [
        PlannedPage(urls.source_of(urls.HOME), PageKind.HOME, catalog.program.name,
                    context={"stats": stats, "impact_total": (impact.total, impact.count),
                             "latest": latest,
                             "latest_items": [(catalog.by_id[p.id], p) for p in latest.picks]
                             if latest else [],
                             "recent": published[:6]},
                    in_nav=True),
    ]
    pages.extend(_listing(urls.INNOVATIONS, "Tất cả sáng kiến", published, PageKind.LISTING,
                          extra={"kind": "all", "counted": stats.total}, in_nav=True,
                          description="Tất cả sáng kiến đã đăng, mới nhất trước"))
    innovation_pages = InnovationPages(catalog, published, featured_in, presented_at,
                                       remembered_related(published, cache, workers=workers))
    head, pages = pages, []
    pages.extend(unit_pages(catalog, stats, published, events))
    pages.extend(category_pages(catalog, published))
    pages.append(PlannedPage(
        urls.source_of(urls.CATEGORIES), PageKind.CATEGORIES, "Loại giải pháp",
        context={"categories": [(k, v, sum(1 for i in published if i.category == k))
                                for k, v in catalog.program.categories.items()]},
        description=f"Các loại giải pháp của {catalog.program.name}"))
    pages.extend(tag_pages(published, tag_slugs))
    pages.extend(award_pages(catalog, stats, published))
    pages.extend(featured_pages(catalog))
    pages.append(PlannedPage(urls.source_of(urls.STATS), PageKind.STATS, "Thống kê",
                             context={"stats": stats, "impact": impact}, in_nav=True,
                             description="Bảng xếp hạng đơn vị và tiến độ theo tháng"))
    pages.append(PlannedPage(urls.source_of(urls.SEARCH), PageKind.SEARCH, "Tìm kiếm",
                             description="Tìm sáng kiến theo tên, đơn vị, loại, năm, giải thưởng"))
    pages.extend(honour_pages(catalog))
    pages.extend(phase_pages(catalog, stats, published))
    pages.extend(event_pages(catalog, events))
    pages.append(advisory_page(catalog))
    pages.extend(report_pages(catalog, reports))
    pages.extend(impact_pages(impact))
    return Site(catalog, stats, ChainedPages([head, innovation_pages, pages]), tag_slugs,
                featured_in, reports, events, impact)

