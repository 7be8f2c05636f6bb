"""The GitHub workflows: actions pinned to commits, and every command they run works here."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT

WORKFLOWS = sorted((PROJECT / ".github/workflows").glob("*.yml"))


def steps() -> list[tuple[str, dict[str, object]]]:
    out = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            out.extend((path.name, step) for step in job["steps"])
    return out


def test_there_is_a_pull_request_and_a_deploy_workflow() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "deploy.yml"} <= names


def test_every_action_is_pinned_to_a_commit() -> None:
    uses = [str(step["uses"]) for _, step in steps() if "uses" in step]
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), use


@pytest.mark.parametrize("command", sorted({str(s["run"]) for _, s in steps() if "run" in s}))
def test_workflow_command_works(command: str, tmp_path: Path) -> None:
    # Built into a temporary folder so the test leaves the work tree as it was.
    command = command.replace("mkdocs build --strict", f"mkdocs build --strict -d {tmp_path}")
    result = subprocess.run(["bash", "-c", command], cwd=PROJECT, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
