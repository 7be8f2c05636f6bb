"""The levels of unions (contract v3): units.yml's `parent` links, judged and resolved.

A unit without `parent` is an affiliated (top-level) union. Every figure of a unit is over its
subtree, so the tree is resolved once here: each unit's level, children, members (given, or
its children's sum) and targets (its own, or its children's sum), parents before children.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import definitions as d
from .fields import suggest
from .model import Unit
from .rule_subject import Scope, Subject, entries, items, value
from .yamlnodes import Node


def _entries(subject: Subject) -> list[tuple[int, dict[str, Any], Node]]:
    """(index, converted fields, node) of every unit with a readable code."""
    raw, nodes = entries(subject.raw), items(subject.node)
    if len(raw) != len(nodes):
        return []
    return [(i, e, n) for i, (e, n) in enumerate(zip(raw, nodes, strict=True))
            if isinstance(value(e, "code"), str)]


def _parents(subject: Subject) -> dict[str, str]:
    """Code -> its parent's code, for units whose parent is readable and exists."""
    known = {value(e, "code") for _, e, _ in _entries(subject)}
    return {value(e, "code"): value(e, "parent") for _, e, _ in _entries(subject)
            if value(e, "parent") in known and value(e, "parent") != value(e, "code")}


def _cycles(parents: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each unit that lies on a cycle of parents -> the whole cycle, from it."""
    on_cycle: dict[str, tuple[str, ...]] = {}
    state: dict[str, int] = {}  # 1: being walked, 2: done
    for start in parents:
        path: list[str] = []
        code: str | None = start
        while code is not None and code not in state:
            state[code] = 1
            path.append(code)
            code = parents.get(code)
        if code is not None and state.get(code) == 1:
            cycle = path[path.index(code):]
            for i, member in enumerate(cycle):
                on_cycle[member] = tuple(cycle[i:] + cycle[:i])
        for walked in path:
            state[walked] = 2
    return on_cycle


def parents_exist(subject: Subject, scope: Scope) -> None:
    """A parent names another unit of the file; the chain has no cycle and at most
    MAX_UNIT_LEVELS levels."""
    units = _entries(subject)
    codes = [value(e, "code") for _, e, _ in units]
    parents = _parents(subject)
    cycles = _cycles(parents)
    for index, entry, node in units:
        parent, code = value(entry, "parent"), value(entry, "code")
        where = node.get("parent") if hasattr(node, "get") and node.get("parent") else node
        name = f"units[{index + 1}].parent"
        if parent is None:
            continue
        if parent == code:
            subject.ctx.error(where, name, f"đơn vị `{code}` không thể là cấp trên của chính nó",
                              "bỏ trường parent nếu đây là công đoàn trực thuộc")
        elif parent not in codes:
            subject.ctx.error(where, name, f"không có đơn vị mã `{parent}` trong units.yml",
                              suggest(parent, codes) or "parent là mã của một đơn vị khác")
        elif code in cycles:
            loop = " → ".join((*cycles[code], code))
            subject.ctx.error(where, name, f"vòng lặp cấp trên: {loop}",
                              "mỗi đơn vị chỉ thuộc một đơn vị ở cấp cao hơn")
        else:
            depth, above = 1, code
            while above in parents:
                above, depth = parents[above], depth + 1
            if depth > d.MAX_UNIT_LEVELS:
                subject.ctx.error(where, name,
                                  f"đơn vị `{code}` ở cấp {depth}, tối đa {d.MAX_UNIT_LEVELS} cấp",
                                  "gắn đơn vị vào một cấp cao hơn")


def figures_given(subject: Subject, scope: Scope) -> None:
    """`members` is required of a unit with no unit below it, and `targets` of a top-level
    one with none below it; a unit's own `members` holds at least its children's."""
    units = _entries(subject)
    parents = _parents(subject)
    cycles = _cycles(parents)  # reported by parents_exist; a cycle's links are left out
    parents = {code: parent for code, parent in parents.items() if code not in cycles}
    children: dict[str, list[str]] = {}
    for code, parent in parents.items():
        children.setdefault(parent, []).append(code)
    members = _resolved_members({value(e, "code"): e for _, e, _ in units}, children)
    for index, entry, node in units:
        code = value(entry, "code")
        below = children.get(code, [])
        if "members" not in entry and not below:
            subject.ctx.error(node, f"units[{index + 1}].members", "thiếu trường bắt buộc "
                              "`members`", "đơn vị không có cấp dưới phải ghi số đoàn viên")
        if "targets" not in entry and not below and value(entry, "parent") is None:
            subject.ctx.error(node, f"units[{index + 1}].targets", "thiếu trường bắt buộc "
                              "`targets`", "công đoàn trực thuộc phải ghi chỉ tiêu từng giai đoạn")
        own = value(entry, "members")
        if isinstance(own, int) and below:
            total = sum(members.get(c) or 0 for c in below)
            if own < total:
                subject.ctx.error(node.get("members") or node, f"units[{index + 1}].members",
                                  f"{own} đoàn viên, ít hơn tổng của các đơn vị cấp dưới "
                                  f"({total})", "members của đơn vị tính cả các đơn vị cấp "
                                  "dưới; bỏ trống thì lấy tổng của chúng")


def _resolved_members(by_code: dict[str, dict[str, Any]], children: dict[str, list[str]]
                      ) -> dict[str, int | None]:
    """Each unit's members: given, else its children's sum (None when nothing says)."""
    out: dict[str, int | None] = {}

    def resolve(code: str) -> int | None:
        if code not in out:
            own = value(by_code.get(code), "members")
            if isinstance(own, int):
                out[code] = own
            else:
                below = [resolve(c) for c in children.get(code, [])]
                out[code] = sum(b for b in below if b is not None) if below else None
        return out[code]

    for code in by_code:  # depth is at most a few levels: the recursion stays shallow
        resolve(code)
    return out


UNIT_TREE_RULES = (parents_exist, figures_given)


def resolve(raw_units: Iterable[dict[str, Any]], make: Any) -> tuple[Unit, ...]:
    """The units of a valid units.yml as records, each parent before its children (the file's
    order within each level); make(entry, **resolved) builds one record."""
    raw = list(raw_units)
    by_code = {e["code"]: e for e in raw}
    children: dict[str, list[str]] = {}
    for entry in raw:
        if entry.get("parent"):
            children.setdefault(entry["parent"], []).append(entry["code"])
    members = _resolved_members(by_code, children)
    targets: dict[str, dict[int, int]] = {}

    def targets_of(code: str) -> dict[int, int]:
        if code not in targets:
            own = by_code[code].get("targets")
            if own is not None:
                targets[code] = dict(own)
            else:
                summed: dict[int, int] = {}
                for child in children.get(code, []):
                    for phase, target in targets_of(child).items():
                        summed[phase] = summed.get(phase, 0) + target
                targets[code] = dict(sorted(summed.items()))
        return targets[code]

    out: list[Unit] = []

    def visit(code: str, level: int) -> None:
        entry = by_code[code]
        out.append(make(entry, members=members[code] or 0, targets=targets_of(code),
                        level=level, children=tuple(children.get(code, ()))))
        for child in children.get(code, ()):
            visit(child, level + 1)

    for entry in raw:
        if not entry.get("parent"):
            visit(entry["code"], 1)
    return tuple(out)
