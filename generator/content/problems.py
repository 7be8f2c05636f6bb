"""Problems found in content: collected, never raised one at a time."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place of one file (yamllint's model)."""

    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format_text(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.field}: {self.message}"
        if self.hint:
            text += f" (gợi ý: {self.hint})"
        if self.severity == "warning":
            text += " [cảnh báo]"
        return text

    def format_github(self) -> str:
        # GitHub workflow commands: message data must escape %, CR and LF.
        kind = "error" if self.severity == "error" else "warning"
        body = f"{self.field}: {self.message}"
        if self.hint:
            body += f" (gợi ý: {self.hint})"
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::{kind} file={path},line={self.line},col={self.col}::{body}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
        }


def display_path(path: Path) -> str:
    """Path as an editor would type it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


class UnreadableText(Exception):
    """Text that cannot be read at all (encoding, YAML syntax, nesting): one problem, here."""

    def __init__(self, line: int, col: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message
        self.hint = hint


@dataclass
class ProblemLog:
    """Accumulates problems for one load; sorted on the way out."""

    items: list[Problem] = field(default_factory=list)
    error_count: int = 0

    def add(
        self,
        path: str,
        line: int,
        col: int,
        field_name: str,
        message: str,
        hint: str = "",
        severity: Severity = "error",
    ) -> None:
        self.items.append(Problem(path, line, col, field_name, message, hint, severity))
        if severity == "error":
            self.error_count += 1

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)
        self.error_count += sum(1 for p in problems if p.severity == "error")

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


def format_problems(problems: list[Problem], fmt: str = "text") -> str:
    if fmt == "github":
        return "\n".join(p.format_github() for p in problems)
    if fmt == "json":
        return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)
    return "\n".join(p.format_text() for p in problems)
