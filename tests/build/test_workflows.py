"""The GitHub workflows and the install: actions pinned to commits, least privilege, packages
pinned by hash, and every command the workflows run works here."""

from __future__ import annotations

import os
import re
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROJECT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

WORKFLOWS = sorted((PROJECT / ".github/workflows").glob("*.yml"))
PUBLISHING = {"pages": "write", "id-token": "write"}
"""What deploying to GitHub Pages takes, and only the deploy job may hold."""
DEPLOY_ACTION = "actions/deploy-pages@"


def workflows() -> list[tuple[str, dict[str, Any]]]:
    return [(path.name, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in WORKFLOWS]


def jobs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(workflow file and job name, the job, the workflow) for every job."""
    return [(f"{name}:{job_name}", job, workflow) for name, workflow in workflows()
            for job_name, job in workflow["jobs"].items()]


def steps() -> list[tuple[str, dict[str, object]]]:
    return [(where, step) for where, job, _ in jobs() for step in job["steps"]]


def effective_permissions(job: dict[str, Any], workflow: dict[str, Any]) -> dict[str, str]:
    """The job's token permissions: its own block replaces the workflow's whole."""
    permissions = job.get("permissions", workflow.get("permissions"))
    # Unset means the repository's default (possibly write-all); so does a string shorthand.
    assert isinstance(permissions, dict), f"permissions must be listed, not {permissions!r}"
    return permissions


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


def test_workflows_grant_nothing_by_default() -> None:
    for name, workflow in workflows():
        assert workflow.get("permissions") in ({}, {"contents": "read"}), name


def test_only_the_deploy_job_may_publish() -> None:
    deployers = []
    for where, job, workflow in jobs():
        permissions = effective_permissions(job, workflow)
        uses = [str(step.get("uses", "")) for step in job["steps"]]
        if any(use.startswith(DEPLOY_ACTION) for use in uses):
            deployers.append(where)
            # It runs nothing of ours: no command, no checkout, only the deploy action.
            assert all(use.startswith(DEPLOY_ACTION) for use in uses), where
            assert permissions == PUBLISHING, where
            continue
        # Every other job (checkout, install, validate, build) reads and nothing more.
        assert set(permissions.values()) <= {"read", "none"}, (where, permissions)
        assert not set(permissions) & set(PUBLISHING), where
    assert deployers == ["deploy.yml:deploy"]
    deploy = yaml.safe_load((PROJECT / ".github/workflows/deploy.yml").read_text("utf-8"))
    assert deploy["jobs"]["deploy"]["needs"] == "build"


def test_checkout_leaves_no_credentials_behind() -> None:
    checkouts = [(where, step) for where, step in steps()
                 if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert len(checkouts) == len(WORKFLOWS)
    for where, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, where


def test_every_job_has_a_time_limit() -> None:
    for where, job, _ in jobs():
        minutes = job.get("timeout-minutes")
        assert isinstance(minutes, int) and 0 < minutes <= 30, where


def lock_requirements() -> list[str]:
    """The lock's requirements, one per entry, continuation lines joined."""
    text = (PROJECT / "requirements.lock").read_text(encoding="utf-8")
    lines = [line for line in text.replace("\\\n", " ").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return [" ".join(line.split()) for line in lines]


def test_every_locked_package_has_an_exact_version_and_hashes() -> None:
    entries = lock_requirements()
    assert len(entries) > 40
    names = []
    for entry in entries:
        requirement, *options = entry.split(" ")
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!]+", requirement), entry
        assert options, f"no hash: {requirement}"
        for option in options:
            assert re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", option), (requirement, option)
        names.append(canonicalize_name(requirement.split("==")[0]))
    assert len(names) == len(set(names))


def test_the_lock_holds_everything_installed_for_the_project() -> None:
    # What the project needs, tests included, with all that it needs in turn, as installed.
    locked = dict(entry.split(" ")[0].split("==") for entry in lock_requirements())
    locked = {canonicalize_name(name): version for name, version in locked.items()}
    wanted = [Requirement(r) for r in metadata.requires("sang-kien") or []]
    wanted = [r for r in wanted if not r.marker or r.marker.evaluate({"extra": "test"})]
    seen: set[tuple[str, frozenset[str]]] = set()
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        if (name, frozenset(requirement.extras)) in seen:
            continue
        seen.add((name, frozenset(requirement.extras)))
        # As pip compares them (PEP 440): a wheel may call "1.2" "1.002".
        assert name in locked and Version(locked[name]) == Version(metadata.version(name)), name
        for extra in ["", *requirement.extras]:
            wanted.extend(r for r in map(Requirement, metadata.requires(name) or [])
                          if not r.marker or r.marker.evaluate({"extra": extra}))
    names = {name for name, _ in seen}
    assert {"mkdocs-material", "playwright", "pymdown-extensions"} <= names


def test_setup_installs_only_hashed_packages() -> None:
    setup = (PROJECT / "scripts/setup").read_text(encoding="utf-8")
    installs = [line.split("pip install", 1)[1].split() for line in setup.splitlines()
                if "pip install" in line and not line.lstrip().startswith("#")]
    assert installs
    for args in installs:
        if "-r" in args:
            assert "--require-hashes" in args and args[args.index("-r") + 1] == \
                "requirements.lock", args
        else:  # the project itself: nothing downloaded, built with the locked setuptools
            assert {"--no-deps", "--no-build-isolation", "-e"} <= set(args), args
            assert args[-1] == "."
    assert sum("-r" in args for args in installs) == 1
    for _, step in steps():
        assert "pip install" not in str(step.get("run", "")), step


def test_builds_keep_their_cache_between_runs() -> None:
    built = 0
    for _, workflow in workflows():
        steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
        if not any(step.get("name") == "Dựng trang (strict)" for step in steps):
            continue
        names = [step.get("name", "") for step in steps]
        cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
        assert cache["with"]["path"] == ".cache"
        assert cache["with"]["restore-keys"]
        assert steps.index(cache) < names.index("Dựng trang (strict)")
        built += 1
    assert built == 2
