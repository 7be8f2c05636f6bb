"""CODEOWNERS from units.yml: each unit's folder of innovations needs its own reviewers.

GitHub asks a review of the owners of every file a pull request changes (with branch
protection's "Require review from Code Owners"). The web editor's pull request for an
innovation changes `content/innovations/<code lower>/...` only, so the union that owns the
unit reviews it; a unit under a parent union (contract v3, `parent`) is also reviewed by the
parent's team. Everything else (program.yml, units.yml, picks, events, pages, the code) is
owned by the board's team. In CODEOWNERS the last matching line wins: the catch-all first.
"""

from __future__ import annotations

from generator.content.model import Catalog

TEAM_PREFIX = "cd-"
"""A unit's team is `@<org>/cd-<code lower>` (cd: công đoàn)."""

BOARD_TEAM = "ban-bien-tap"
"""The team that owns everything that is not one unit's: the programme's editorial board."""


def team(org: str, code: str, prefix: str = TEAM_PREFIX) -> str:
    return f"@{org}/{prefix}{code.lower()}"


def codeowners(catalog: Catalog, org: str, prefix: str = TEAM_PREFIX,
               board: str = BOARD_TEAM) -> str:
    """The text of .github/CODEOWNERS for the catalog's units."""
    parents = {u.code: getattr(u, "parent", None) for u in catalog.units}
    lines = [
        "# Tạo bởi `python -m generator codeowners` từ content/units.yml: đừng sửa tay,",
        "# chạy lại lệnh khi thêm đơn vị. Generated from content/units.yml: do not edit.",
        "",
        "# Mọi tệp khác: ban biên tập của chương trình.",
        f"* @{org}/{board}",
        "",
        "# Mỗi đơn vị duyệt sáng kiến của mình (và đơn vị cấp trên của nó).",
    ]
    for unit in catalog.units:
        owners = [team(org, unit.code, prefix)]
        parent = parents.get(unit.code)
        seen = {unit.code}
        while parent and parent not in seen:  # the chain of parent unions, up to the top
            owners.append(team(org, parent, prefix))
            seen.add(parent)
            parent = parents.get(parent)
        lines.append(f"/content/innovations/{unit.code.lower()}/ " + " ".join(owners))
    return "\n".join(lines) + "\n"
