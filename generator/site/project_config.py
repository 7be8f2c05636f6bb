"""mkdocs.yml read as data, for what needs one of its settings before MkDocs starts (the
editor's script, other content trees built with this project's settings).

MkDocs' own tags (`!!python/name:...` for the heading anchors, `!ENV`, `!relative`) mean
nothing here: they are kept as their text, so reading never fails on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .editor_config import backend_from


class _SettingsLoader(yaml.SafeLoader):
    pass


def _as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return suffix or loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _as_text)
_SettingsLoader.add_multi_constructor("!", _as_text)


def read_settings(path: Path | str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        settings = yaml.load(handle, Loader=_SettingsLoader)
    return settings if isinstance(settings, dict) else {}


def editor_proxy_port(path: Path | str) -> int:
    """The port decap-server listens on for `scripts/edit` (extra.editor.proxy_port)."""
    extra = read_settings(path).get("extra") or {}
    return backend_from(extra.get("editor") if isinstance(extra, dict) else None).proxy_port
