"""Reading one file: text, front matter, YAML nodes and a checked body.

The one place where a file that cannot be read (encoding, size, YAML syntax, empty, no front
matter) becomes a problem; the loader then only converts what was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .bodycheck import FIELD as BODY_FIELD
from .bodycheck import BodyChecker
from .characters import BAD_CHARACTER_HINT, cleaned_yaml
from .fields import FieldContext
from .problems import ProblemLog, UnreadableText
from .sources import read_text, split_front_matter
from .yamlnodes import Node, parse_yaml

FILE_FIELD = "(tệp)"
YAML_FIELD = "(yaml)"
MAX_CHARACTER_PROBLEMS = 10
"""Forbidden characters in one file's YAML reported one by one; the rest counted."""


@dataclass(frozen=True)
class Document:
    """A Markdown file read: its front matter as YAML nodes and its body."""

    node: Node
    body: str
    body_line: int
    """File line where the body starts."""


class Reader:
    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self.bodies = BodyChecker()

    def context(self, path: Path, choices: dict[str, list[str]] | None = None) -> FieldContext:
        return FieldContext(path, self.log, choices or {})

    def text(self, path: Path, ctx: FieldContext, data: bytes | None = None) -> str | None:
        try:
            return read_text(path, data)
        except UnreadableText as exc:
            _unreadable(ctx, exc)
        except OSError as exc:
            ctx.error((1, 1), FILE_FIELD, f"không đọc được tệp: {exc.strerror}")
        return None

    def yaml(self, text: str, line_offset: int, ctx: FieldContext) -> Node | None:
        text, refused = cleaned_yaml(text)
        for bad in refused[:MAX_CHARACTER_PROBLEMS]:
            line = text.count("\n", 0, bad.offset) + 1
            col = bad.offset - (text.rfind("\n", 0, bad.offset) + 1) + 1
            ctx.error((line + line_offset, col), YAML_FIELD, bad.message, BAD_CHARACTER_HINT)
        if len(refused) > MAX_CHARACTER_PROBLEMS:
            ctx.error((1 + line_offset, 1), YAML_FIELD,
                      f"còn {len(refused) - MAX_CHARACTER_PROBLEMS} ký tự như vậy chưa liệt kê",
                      BAD_CHARACTER_HINT)
        try:
            parsed = parse_yaml(text, line_offset)
        except UnreadableText as exc:
            _unreadable(ctx, exc, YAML_FIELD)
            return None
        for dup in parsed.duplicates:
            ctx.error((dup.line, dup.col), dup.key,
                      f"trường `{dup.key}` được khai báo hai lần (dòng {dup.first_line} và dòng "
                      f"{dup.line}); YAML sẽ lặng lẽ bỏ một giá trị",
                      "giữ lại một dòng duy nhất")
        return parsed.root

    def data_file(self, path: Path) -> tuple[Node | None, FieldContext]:
        """A YAML data file (program.yml, units.yml); None once why not is logged."""
        ctx = self.context(path)
        if not path.is_file():
            ctx.error((1, 1), FILE_FIELD, f"thiếu tệp {path.name} trong thư mục nội dung")
            return None, ctx
        text = self.text(path, ctx)
        if text is None:
            return None, ctx
        before = self.log.error_count
        node = self.yaml(text, 0, ctx) if text.strip() else None
        if node is None and self.log.error_count == before:
            # Empty, blank or only comments: nothing to read, and nothing may be guessed.
            ctx.error((1, 1), FILE_FIELD, f"tệp {path.name} trống",
                      "xem mẫu trong hướng dẫn biên tập")
        return node, ctx

    def document(self, path: Path, ctx: FieldContext, data: bytes | None = None
                 ) -> Document | None:
        """A file with front matter (data: its bytes, if read already); None once why not is
        logged. The body is checked whatever the front matter holds."""
        text = self.text(path, ctx, data)
        if text is None:
            return None
        if not text.strip():
            ctx.error((1, 1), FILE_FIELD, "tệp trống",
                      "dùng `python -m generator new` để tạo khung")
            return None
        try:
            doc = split_front_matter(text)
        except UnreadableText as exc:
            _unreadable(ctx, exc)
            return None
        if doc is None:
            ctx.error((1, 1), FILE_FIELD, "thiếu phần đầu (front matter) giữa hai dòng '---'",
                      "dòng đầu tiên của tệp phải là '---'")
            self.body(text, 1, ctx)
            return None
        before = self.log.error_count
        node = self.yaml(doc.yaml_text, doc.yaml_line - 1, ctx)
        if node is None and self.log.error_count == before:
            ctx.error((1, 1), FILE_FIELD, "phần đầu (front matter) trống")
        self.body(doc.body, doc.body_line, ctx)
        return Document(node, doc.body, doc.body_line) if node is not None else None

    def page(self, path: Path, ctx: FieldContext) -> Document | None:
        """An ordinary page: front matter optional, body always checked."""
        text = self.text(path, ctx)
        if text is None:
            return None
        try:
            doc = split_front_matter(text)
        except UnreadableText as exc:
            _unreadable(ctx, exc)
            return None
        if doc is None:
            self.body(text, 1, ctx)
            return None
        node = self.yaml(doc.yaml_text, doc.yaml_line - 1, ctx)
        self.body(doc.body, doc.body_line, ctx)
        return Document(node, doc.body, doc.body_line) if node is not None else None

    def body(self, body: str, first_line: int, ctx: FieldContext,
             at: tuple[int, int] | None = None) -> None:
        """at: where to report every finding, for Markdown whose lines YAML folded (a line
        of the text is then no line of the file)."""
        for finding in self.bodies.check(body, first_line, ctx.file):
            if at is None:
                ctx.error((finding.line, finding.col), BODY_FIELD, finding.message, finding.hint)
            else:
                ctx.error(at, BODY_FIELD, f"{finding.message} (trong giá trị bắt đầu ở đây)",
                          finding.hint)


def _unreadable(ctx: FieldContext, exc: UnreadableText, field: str = FILE_FIELD) -> None:
    ctx.error((exc.line, exc.col), field, exc.message, exc.hint)
