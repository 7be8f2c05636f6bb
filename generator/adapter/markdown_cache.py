"""Markdown bodies as HTML, converted once per text by one reused converter: kept in memory
while serving and in the build cache between builds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig

from generator.content.sanitize import clean_html
from generator.infra.build_cache import BODY, BuildCache
from generator.infra.digests import digest, text_digest

from .templating import focusable_tables


def _described(value: Any) -> str:
    """A stable description of Markdown settings: functions by name, not by address."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{_described(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_described(v) for v in value) + "]"
    return repr(value)


class MarkdownCache:
    """Markdown bodies converted once per text, by one reused converter; kept in memory while
    serving (keep) and in the build cache between builds (store)."""

    def __init__(self, config: MkDocsConfig, keep: bool, store: BuildCache | None = None
                 ) -> None:
        self.converter = markdown.Markdown(extensions=config.markdown_extensions,
                                           extension_configs=config.mdx_configs)
        self.keep = keep
        self.cache: dict[str, str] = {}
        self.store = store
        self.settings = _described([config.markdown_extensions, config.mdx_configs])

    def html_of_checked(self, body_digest: str, read: Callable[[], str]) -> str:
        """The HTML of the body whose digest the loader took when it checked it: from the
        build cache by that digest (the file is not read again), else read() converted."""
        if self.store is None:
            text = read()
            return self.html(text) if text else ""
        key = self.checked_key(body_digest)
        stored = self.store.get(BODY, key)
        if stored is not None:
            return stored.decode("utf-8")
        text = read()
        rendered = self._convert(text) if text else ""
        self.store.put(BODY, key, rendered.encode("utf-8"))
        return rendered

    def checked_key(self, body_digest: str) -> bytes:
        """The build cache's key of the HTML of the body the loader checked."""
        return digest(self.settings, "checked", body_digest)

    def text_key(self, text: str) -> bytes:
        """The build cache's key of the HTML of a Markdown text."""
        return digest(self.settings, text)

    def _convert(self, text: str) -> str:
        self.converter.reset()
        return focusable_tables(clean_html(self.converter.convert(text)))

    def html(self, text: str) -> str:
        key = text_digest(text)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        stored_key = self.text_key(text) if self.store is not None else b""
        stored = self.store.get(BODY, stored_key) if self.store is not None else None
        if stored is not None:
            rendered = stored.decode("utf-8")
        else:
            rendered = self._convert(text)
            if self.store is not None:
                self.store.put(BODY, stored_key, rendered.encode("utf-8"))
        if self.keep:
            self.cache[key] = rendered
        return rendered
