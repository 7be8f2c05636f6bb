"""Property-based: whatever an editor's file holds, the loader answers, it never raises."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from conftest import PROGRAM, UNITS, innovation_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.load_result import LoadResult
from generator.content.loader import load_content

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=30), st.dates(min_value=dt.date(1900, 1, 1)),
)
yaml_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12) | st.sampled_from(
        ["id", "title", "unit", "authors", "category", "registered", "summary", "awards",
         "benefit", "tags", "draft", "image", "name", "kind", "date", "value_vnd"]),
        children, max_size=6),
    max_leaves=20,
)


def load_with(files: dict[str, bytes]) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "program.yml").write_text(PROGRAM, encoding="utf-8")
        (root / "units.yml").write_text(UNITS, encoding="utf-8")
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return load_content(root)


def answers(result: LoadResult) -> bool:
    """A catalog, or problems that explain why there is none."""
    return (result.catalog is not None) or bool(result.errors)


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_an_innovation(data: bytes) -> None:
    assert answers(load_with({"innovations/a.md": data}))


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_after_front_matter_marker(data: bytes) -> None:
    assert answers(load_with({"innovations/a.md": b"---\n" + data + b"\n---\n"}))


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_as_front_matter(text: str) -> None:
    assert answers(load_with({"innovations/a.md": f"---\n{text}\n---\n".encode()}))


@SETTINGS
@given(yaml_values)
def test_arbitrary_yaml_as_front_matter(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    assert answers(load_with({"innovations/a.md": f"---\n{text}---\n".encode()}))


@SETTINGS
@given(yaml_values, st.sampled_from(["program.yml", "units.yml"]))
def test_arbitrary_yaml_as_program_or_units(value: object, name: str) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    result = load_with({name: text.encode(), "innovations/a.md": innovation_text().encode()})
    assert answers(result)


@SETTINGS
@given(st.sampled_from(["title", "summary", "unit", "registered", "authors", "id"]), yaml_values)
def test_one_field_replaced_by_anything(field: str, value: object) -> None:
    data = yaml.safe_load(innovation_text().split("---")[1])
    data[field] = value
    text = yaml.safe_dump(data, allow_unicode=True)
    assert answers(load_with({"innovations/a.md": f"---\n{text}---\n".encode()}))


blank_texts = (st.text(alphabet=" \t\n\r\u00a0", max_size=20) | st.just("")
               | st.just("# chú thích\n"))


@SETTINGS
@given(blank_texts, st.sampled_from(["program.yml", "units.yml", "innovations/a.md",
                                     "featured/2022-05.md", "events/2022-05-20-toa-dam.md"]))
def test_empty_or_blank_files_are_reported_never_raised(text: str, rel: str) -> None:
    result = load_with({rel: text.encode("utf-8")})
    assert result.catalog is None
    assert [p for p in result.errors if p.path.endswith(rel) and p.line == 1], result.errors
