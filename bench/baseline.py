"""The bare baseline: one process, one plain loop, one page per innovation.

Usage: ``python bench/baseline.py CONTENT_DIR OUT_DIR``

For every innovation file: read it, split the front matter, load it with
PyYAML's safe loader, convert the body with python-markdown and render one
Jinja2 template to ``OUT_DIR/sang-kien/<id lower>/index.html``. Drafts are
read and parsed but not published. No listings, no search, no checks: this is
the lower bound on what a Python build of the site can cost. Prints one JSON
line: ``{"n": pages, "seconds": wall, "stages": {...}}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml
from markupsafe import Markup

# The same extensions as the real site, and the same YAML loader for every contender.
MARKDOWN_EXTENSIONS: tuple[str, ...] = ("tables", "toc", "attr_list")
YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STATUS_LABELS: dict[str, str] = {
    "registered": "Đã đăng ký",
    "applied": "Đã áp dụng",
    "recognized": "Đã được công nhận",
}

PAGE_TEMPLATE = """\
<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ page.title }} · {{ site_name }}</title>
  <meta name="description" content="{{ page.summary }}">
  <link rel="stylesheet" href="../../assets/site.css">
</head>
<body>
  <header class="site-header">
    <a href="../../">{{ site_name }}</a>
    <nav><a href="../">Sáng kiến</a> · <a href="../../thong-ke/">Thống kê</a></nav>
  </header>
  <main>
    <article class="innovation">
      <p class="breadcrumb"><a href="../../don-vi/{{ page.unit | lower }}/">{{ unit_name }}</a></p>
      <h1>{{ page.title }}</h1>
      <p class="summary">{{ page.summary }}</p>
      <dl class="facts">
        <dt>Mã sáng kiến</dt><dd>{{ page.id }}</dd>
        <dt>Đơn vị</dt><dd>{{ unit_name }}</dd>
        <dt>Loại giải pháp</dt><dd>{{ category_label }}</dd>
        <dt>Ngày đăng ký</dt><dd>{{ page.registered | vi_date }}</dd>
        <dt>Tình trạng</dt><dd>{{ status_label }}</dd>
        {% if page.applied %}
        <dt>Ngày áp dụng</dt><dd>{{ page.applied | vi_date }}</dd>
        {% endif %}
        {% if page.benefit %}
        <dt>Hiệu quả</dt><dd>
          {% if page.benefit.value_vnd is defined %}
          {{ page.benefit.value_vnd | vi_int }} đ/năm
          {% endif %}
          {% if page.benefit.text %}<span>{{ page.benefit.text }}</span>{% endif %}
        </dd>
        {% endif %}
      </dl>
      <section class="authors">
        <h2>Tác giả</h2>
        <ul>
        {% for author in page.authors %}
          <li>{{ author.name }}{% if author.position %}, {{ author.position }}{% endif %}</li>
        {% endfor %}
        </ul>
      </section>
      {% if page.awards %}
      <section class="awards">
        <h2>Giải thưởng</h2>
        <ul>
        {% for award in page.awards %}
          <li>{{ award_names.get(award.kind, award.kind) }} ({{ award.date | vi_date }}
            {%- if award.decision %}, quyết định {{ award.decision }}{% endif %})</li>
        {% endfor %}
        </ul>
      </section>
      {% endif %}
      {% if toc %}
      <nav class="toc"><h2>Nội dung</h2>{{ toc }}</nav>
      {% endif %}
      <div class="body">{{ body }}</div>
      {% if page.tags %}
      <p class="tags">{% for tag in page.tags %}<span class="tag">{{ tag }}</span> {% endfor %}</p>
      {% endif %}
    </article>
  </main>
  <footer>{{ organization }} · {{ site_name }}</footer>
</body>
</html>
"""


@dataclass
class Stages:
    """Seconds spent in each stage of the loop."""

    parse: float = 0.0
    markdown: float = 0.0
    render_write: float = 0.0


@dataclass
class Lookups:
    """Labels from program.yml and units.yml that a page shows."""

    site_name: str = ""
    organization: str = ""
    units: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    awards: dict[str, str] = field(default_factory=dict)


def load_yaml(path: Path) -> Any:
    """Load one YAML file with the shared loader."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)


def load_lookups(content_dir: Path) -> Lookups:
    """Read the names and labels the pages need."""
    program = load_yaml(content_dir / "program.yml")
    units = load_yaml(content_dir / "units.yml")
    return Lookups(
        site_name=program["name"],
        organization=program["organization"],
        units={u["code"]: u["name"] for u in units},
        categories=dict(program["categories"]),
        awards={key: value["name"] for key, value in program["awards"].items()},
    )


def innovation_files(content_dir: Path) -> list[Path]:
    """Every innovation file, in a stable order."""
    return sorted((content_dir / "innovations").rglob("*.md"))


def split_front_matter(text: str) -> tuple[str, str]:
    """Split '---' fenced front matter from the body."""
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("front matter is not closed")
    return text[4:end], text[end + 5:]


def vi_date(value: dt.date) -> str:
    """15/03/2022."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def vi_int(value: int) -> str:
    """1.250.000."""
    return f"{value:,}".replace(",", ".")


def make_template() -> jinja2.Template:
    """The single page template, with its filters."""
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["vi_date"] = vi_date
    env.filters["vi_int"] = vi_int
    return env.from_string(PAGE_TEMPLATE)


def render_page(template: jinja2.Template, page: dict[str, Any], body: str, toc: str,
                lookups: Lookups) -> str:
    """The HTML of one innovation page."""
    return template.render(
        page=page,
        body=Markup(body),
        toc=Markup(toc),
        site_name=lookups.site_name,
        organization=lookups.organization,
        unit_name=lookups.units.get(page["unit"], page["unit"]),
        category_label=lookups.categories.get(page["category"], page["category"]),
        status_label=STATUS_LABELS[page.get("status", "registered")],
        award_names=lookups.awards,
    )


def run(content_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Build one page per published innovation; return the counts and timings."""
    started = time.perf_counter()
    lookups = load_lookups(content_dir)
    template = make_template()
    converter = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
    stages = Stages()
    pages = drafts = 0
    for path in innovation_files(content_dir):
        t0 = time.perf_counter()
        front, body_md = split_front_matter(path.read_text(encoding="utf-8"))
        page = yaml.load(front, Loader=YAML_LOADER)
        t1 = time.perf_counter()
        stages.parse += t1 - t0
        if page.get("draft"):
            drafts += 1
            continue
        body = converter.reset().convert(body_md)
        toc = getattr(converter, "toc", "")
        t2 = time.perf_counter()
        stages.markdown += t2 - t1
        target = out_dir / "sang-kien" / page["id"].lower() / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(template, page, body, toc, lookups), encoding="utf-8")
        stages.render_write += time.perf_counter() - t2
        pages += 1
    return {
        "n": pages,
        "drafts": drafts,
        "seconds": round(time.perf_counter() - started, 3),
        "stages": {name: round(value, 3) for name, value in vars(stages).items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    print(json.dumps(run(args.content_dir, args.out_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
