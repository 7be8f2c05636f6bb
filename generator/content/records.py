"""The catalog's records, made from converted fields once a file's rules have all passed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .bodies import body_digest
from .model import (
    Adviser,
    AdvisoryTeam,
    Author,
    Award,
    AwardKind,
    Benefit,
    EmulationBlock,
    Event,
    Innovation,
    MonthPicks,
    Peer,
    Phase,
    Pick,
    Program,
    Unit,
)
from .rule_subject import Subject


def program_record(raw: dict[str, Any], phases: tuple[Phase, ...]) -> Program:
    block = raw.get("emulation_block")
    return Program(
        name=raw["name"],
        organization=raw["organization"],
        counted_from=raw["counted_from"],
        target=raw["target"],
        phases=phases,
        participation_target=raw["participation_target"],
        featured_per_month=raw["featured_per_month"],
        categories=dict(raw["categories"]),
        awards={k: AwardKind(key=k, **v) for k, v in raw["awards"].items()},
        emulation_block=EmulationBlock(
            name=block["name"],
            rank_target=block.get("rank_target"),
            peers=tuple(Peer(**p) for p in block["peers"]),
        ) if block else None,
    )


def unit_record(raw: dict[str, Any], **resolved: Any) -> Unit:
    """resolved: what the tree of units decides (unit_tree.resolve): members, targets,
    level, children."""
    team = raw.get("advisory_team")
    return Unit(**{**raw, **resolved, "advisory_team": AdvisoryTeam(
        members=tuple(Adviser(**m) for m in team["members"]),
        contact=team.get("contact"),
    ) if team else None})


def _source(subject: Subject, root: Path) -> str:
    return subject.path.relative_to(root).as_posix()


def _shared(text: str | None) -> str | None:
    """One copy of a string that many innovations repeat (units, categories, tags, authors'
    names and positions): a catalog of a million holds each once."""
    return sys.intern(text) if text is not None else None


def innovation_record(subject: Subject, root: Path) -> Innovation:
    raw = subject.raw
    benefit = raw.get("benefit")
    return Innovation(
        id=raw["id"],
        title=raw["title"],
        unit=sys.intern(raw["unit"]),
        authors=tuple(Author(sys.intern(a["name"]), _shared(a.get("position")))
                      for a in raw["authors"]),
        category=sys.intern(raw["category"]),
        registered=raw["registered"],
        summary=raw["summary"],
        body=subject.body,
        source=_source(subject, root),
        status=sys.intern(raw.get("status", "registered")),
        applied=raw.get("applied"),
        benefit=Benefit(**benefit) if benefit else None,
        awards=tuple(Award(**{**a, "kind": sys.intern(a["kind"])})
                     for a in raw.get("awards", [])),
        tags=tuple(dict.fromkeys(sys.intern(tag) for tag in raw.get("tags", []))),
        replicated_in=tuple(sys.intern(code) for code in raw.get("replicated_in", [])),
        image=subject.derived.get("image"),
        draft=raw.get("draft", False),
        body_line=subject.body_line,
        body_digest=body_digest(subject.body),
    )


def month_picks_record(subject: Subject, root: Path) -> MonthPicks:
    raw = subject.raw
    return MonthPicks(
        month=raw["month"],
        title=raw["title"],
        picks=tuple(Pick(**p) for p in raw["picks"]),
        body=subject.body,
        source=_source(subject, root),
    )


def event_record(subject: Subject, root: Path) -> Event:
    raw = subject.raw
    return Event(
        slug=subject.path.stem,
        title=raw["title"],
        date=raw["date"],
        kind=raw["kind"],
        units=tuple(raw["units"]),
        summary=raw["summary"],
        body=subject.body,
        source=_source(subject, root),
        place=raw.get("place"),
        innovations=tuple(raw.get("innovations", ())),
        draft=raw.get("draft", False),
    )
