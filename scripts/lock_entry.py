"""Print requirements.lock entries (name==version and the sha256 of every file PyPI serves).

    python scripts/lock_entry.py selectolax==1.0.2 [more==1.0 ...]  >> requirements.lock

For maintainers adding or moving a pin; scripts/setup installs the lock with --require-hashes.
"""

from __future__ import annotations

import json
import sys
import urllib.request


def entry(requirement: str) -> str:
    name, _, version = requirement.partition("==")
    request = urllib.request.Request(
        f"https://pypi.org/simple/{name}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    hashes = sorted({f["hashes"]["sha256"] for f in files
                     if _version_of(f["filename"], name) == version and not f.get("yanked")})
    if not hashes:
        raise SystemExit(f"no files for {requirement}")
    lines = [f"{name}=={version}", *(f"    --hash=sha256:{h}" for h in hashes)]
    return " \\\n".join(lines)


def _version_of(filename: str, name: str) -> str:
    stem = filename.removesuffix(".tar.gz").removesuffix(".zip").removesuffix(".whl")
    normal = name.replace("-", "_").lower()
    lowered = stem.lower().replace("-", "_")
    if not lowered.startswith(normal + "_"):
        return ""
    return stem[len(normal) + 1:].split("-", 1)[0]


if __name__ == "__main__":
    print("\n".join(entry(arg) for arg in sys.argv[1:]))
