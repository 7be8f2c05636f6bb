"""The web editor's config.yml as its readers read it: every string stays a string in PyYAML
(YAML 1.1), js-yaml and the `yaml` package Decap parses it with (YAML 1.2); its hints and
limits say what the checker accepts, no more and no less."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROGRAM, PROJECT, ContentTree, image_bytes, innovation_text

from generator.content.definitions import MAX_AUTHORS as AUTHORS_MAX
from generator.content.images import ALLOWED_SUFFIXES, MAX_IMAGE_BYTES
from generator.content.loader import load_content
from generator.content.model import Catalog
from generator.site.checked import load_and_plan
from generator.site.editor_texts import HINTS, SAFE_INTEGER_MAX
from generator.site.editor_config import Backend, editor_config, editor_config_yaml

TRICKY_CODES = ("1E3", "NO", "0123", "TRUE", "NULL", "ON", "OFF", "YES", "0X1F", "1E10", "0B101",
                "12345678901234")
"""Unit codes (two to sixteen capitals or digits) that a YAML reader may take for a number, a
boolean or null."""
TRICKY_CATEGORIES = ("2022-05", "true", "null", "1e3", "0o17", "yes", "0x1f", "on", "no", "y",
                     "2022-05-01", "1-2")
TRICKY_NAMES = ("yes", "1.200", "2022-05-01", "null", "~", "0123", "1e3")

READERS = {
    "js-yaml": "require('js-yaml').load(text)",
    "yaml": "require('yaml').parse(text, {maxAliasCount: -1, merge: true})",
}
"""As Decap reads config.yml (decap-cms-core/actions/config.js: the `yaml` package), and
js-yaml."""


def _node_read(text: str, reader: str) -> Any:
    script = ("const fs = require('fs'); const text = fs.readFileSync(0, 'utf8'); "
              f"process.stdout.write(JSON.stringify({READERS[reader]}));")
    done = subprocess.run(["node", "-e", script], input=text.encode(), cwd=PROJECT,
                          capture_output=True, check=True, timeout=60)
    return json.loads(done.stdout)


def _tricky_catalog(root: Path) -> Catalog:
    tree = ContentTree(root)
    categories = "".join(f'\n  "{key}": "{name}"' for key, name in
                         zip(TRICKY_CATEGORIES, [*TRICKY_NAMES, *TRICKY_NAMES], strict=False))
    tree.write("program.yml", re.sub(r"categories:\n(  .*\n)+",
                                     f"categories:{categories}\n", PROGRAM))
    tree.write("units.yml", "".join(
        f'- code: "{code}"\n  name: "{TRICKY_NAMES[i % len(TRICKY_NAMES)]}"\n  members: 10\n'
        f"  targets: {{1: 1}}\n" for i, code in enumerate(TRICKY_CODES)))
    tree.innovation("a", unit='"1E3"', category='"2022-05"')
    loaded = load_content(tree.root)
    assert loaded.catalog is not None and not loaded.errors, \
        [p.format_text() for p in loaded.errors]
    return loaded.catalog


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    catalog = _tricky_catalog(tmp_path_factory.mktemp("tricky") / "content")
    assert [u.code for u in catalog.units] == list(TRICKY_CODES)
    data = editor_config(catalog, Backend(repo="evn/0123"), "https://sangkien.example.vn/")
    return json.loads(json.dumps(data)), editor_config_yaml(catalog, Backend(repo="evn/0123"),
                                                             "https://sangkien.example.vn/")


def _options(config: dict[str, Any], name: str) -> list[dict[str, Any]]:
    (innovations,) = [c for c in config["collections"] if c["name"] == "innovations"]
    (field,) = [f for f in innovations["fields"] if f["name"] == name]
    return field["options"]


def test_strings_stay_strings_in_pyyaml(tricky: tuple[dict[str, Any], str]) -> None:
    data, text = tricky
    assert yaml.safe_load(text) == data
    assert [o["value"] for o in _options(yaml.safe_load(text), "unit")] == list(TRICKY_CODES)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_strings_stay_strings_in_javascript(tricky: tuple[dict[str, Any], str],
                                            reader: str) -> None:
    data, text = tricky
    read = _node_read(text, reader)
    assert [o["value"] for o in _options(read, "unit")] == list(TRICKY_CODES)
    assert [o["value"] for o in _options(read, "category")] == list(TRICKY_CATEGORIES)
    assert read == data


def test_every_string_is_quoted(tricky: tuple[dict[str, Any], str]) -> None:
    """As written, not only as read: no string is left plain for a reader to guess its type."""
    _, text = tricky
    scalars: list[yaml.ScalarNode] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode):
            scalars.append(node)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(key)
                walk(value)

    walk(yaml.compose(text))
    plain = [n.value for n in scalars if n.style not in ('"', "|")]
    # Plain: only what PyYAML writes for a boolean or a number (these are not strings in data).
    assert scalars and all(re.fullmatch(r"true|false|-?\d+(\.\d+)?", v) for v in plain), plain


def test_length_patterns_count_characters_as_the_checker_does(tree: ContentTree) -> None:
    """The form's pattern runs in JavaScript without the `u` flag (Decap's Widget.js): an emoji
    must still count one, as in the checker, which accepts a title of 200 emoji."""
    data = editor_config(None)
    (innovations,) = [c for c in data["collections"] if c["name"] == "innovations"]
    (title,) = [f for f in innovations["fields"] if f["name"] == "title"]
    pattern = title["pattern"][0]
    tree.innovation("a", title='"' + "😀" * 200 + '"')
    assert not load_and_plan(tree.root).errors
    tree.innovation("a", title='"' + "😀" * 201 + '"')
    assert load_and_plan(tree.root).errors
    script = ("const re = RegExp(process.argv[1]); const e = '\\u{1F600}';"
              "process.stdout.write(JSON.stringify([re.test(e.repeat(200)), "
              "re.test(e.repeat(201)), re.test('a'.repeat(200)), re.test('a'.repeat(201)), "
              "re.test('')]))")
    done = subprocess.run(["node", "-e", script, pattern], capture_output=True, check=True,
                          timeout=60)
    assert json.loads(done.stdout) == [True, False, True, False, False]


def test_image_hint_names_what_the_checker_accepts(tree: ContentTree) -> None:
    hint = HINTS["image"]
    assert "PNG, JPEG, GIF hoặc WebP" in hint and "tối đa 1 MB" in hint
    assert "không dùng SVG" in hint and hint.count("SVG") == 1
    assert set(ALLOWED_SUFFIXES.values()) == {"png", "jpeg", "gif", "webp"}
    assert MAX_IMAGE_BYTES == 1_000_000
    pictures = {suffix: image_bytes(fmt=fmt) for suffix, fmt in (
        ("png", "PNG"), ("gif", "GIF"), ("jpg", "JPEG"), ("webp", "WEBP"))}

    def errors_with(name: str, data: bytes) -> list[str]:
        tree.write(f"innovations/a/{name}", data)
        tree.write("innovations/a/index.md", innovation_text(image=name))
        return [p.message for p in load_and_plan(tree.root).errors]

    for suffix, data in pictures.items():
        assert errors_with(f"anh.{suffix}", data) == [], suffix
    png = pictures["png"]  # what follows a PNG's last chunk is not read, but it is counted
    assert errors_with("lon.png", png + b"\0" * (MAX_IMAGE_BYTES - len(png))) == []
    assert errors_with("qua-lon.png", png + b"\0" * (MAX_IMAGE_BYTES - len(png) + 1)) != []
    assert errors_with("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>") != []


def test_limits_the_checker_keeps(tree: ContentTree) -> None:
    data = editor_config(None)
    (innovations,) = [c for c in data["collections"] if c["name"] == "innovations"]
    fields = {f["name"]: f for f in innovations["fields"]}
    assert fields["authors"]["max"] == AUTHORS_MAX and fields["authors"]["min"] == 1
    assert f"tối đa {AUTHORS_MAX} tác giả" in fields["authors"]["hint"]
    (value,) = [f for f in fields["benefit"]["fields"] if f["name"] == "value_vnd"]
    assert value["max"] == SAFE_INTEGER_MAX == 2**53 - 1
    # A date of application before registration is only a warning: the hint must not forbid it.
    tree.innovation("a", registered="2022-03-15", applied="2022-01-10")
    planned = load_and_plan(tree.root)
    assert not planned.errors and planned.warnings
    assert "vẫn đăng được" in fields["applied"]["hint"]
