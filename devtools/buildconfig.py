"""Build another content tree (tests, benchmarks, previews) with this project's settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from generator.site import urls
from generator.site.project_config import read_settings

PROJECT = Path(__file__).resolve().parent.parent
GENERATED_NAV_PAGES = {urls.source_of(address) for address in (
    urls.HOME, urls.INNOVATIONS, urls.UNITS, urls.AWARDS, urls.MONTH_PICKS, urls.STATS,
    urls.HONOUR, urls.EVENTS, urls.REPORTS)}
"""Pages of the nav the generator makes (the others are content/'s own pages)."""


def derived_config(content_dir: Path, site_dir: Path, target: Path,
                   base: Path = PROJECT / "mkdocs.yml", **overrides: object) -> Path:
    """Write a config that inherits `base` but reads content_dir and writes site_dir.

    Nav entries for ordinary pages the tree does not have are dropped.
    """
    # The base is ours; only nav and theme are read from it (a !!python/name stays text).
    settings = read_settings(base)
    nav = []
    for entry in settings.get("nav", []):
        (title, page), = entry.items()
        if page in GENERATED_NAV_PAGES or (content_dir / page).is_file():
            nav.append({title: page})
    theme = dict(settings["theme"])
    theme["custom_dir"] = str(base.parent / theme.get("custom_dir", "overrides"))
    config = {
        "INHERIT": str(base.resolve()),
        "docs_dir": str(content_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "theme": theme,
        "nav": nav,
        **overrides,
    }
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target


def mkdocs_build(config: Path, strict: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)
