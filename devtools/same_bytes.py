"""Build the same content with an earlier commit's code and with the working tree's, and list
every file that differs: a restructuring must leave the built bytes as they were.

    .venv/bin/python devtools/same_bytes.py --base HEAD~3            # the sample content
    .venv/bin/python devtools/same_bytes.py --base HEAD~3 --synth 2000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def build(code: Path, content: Path, out: Path) -> Path:
    """content built by the project at code (its own generator/, mkdocs.yml, overrides/)."""
    out.mkdir(parents=True)
    script = ("import sys; from pathlib import Path; sys.path.insert(0, '.');"
              "from devtools.buildconfig import derived_config;"
              f"print(derived_config(Path({str(content)!r}), Path({str(out / 'site')!r}),"
              f" Path({str(out / 'mkdocs.yml')!r}), base=Path('mkdocs.yml').resolve()))")
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    config = subprocess.run([sys.executable, "-c", script], cwd=code, env=env, check=True,
                            capture_output=True, text=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config],
                   cwd=code, env=env, check=True)
    return out / "site"


def differing(first: Path, second: Path) -> list[str]:
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    one, two = files(first), files(second)
    return [*sorted(one ^ two),
            *(p for p in sorted(one & two)
              if (first / p).read_bytes() != (second / p).read_bytes())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the commit whose code builds first")
    parser.add_argument("--synth", type=int, default=0,
                        help="a synthetic tree of this many innovations instead of content/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        base = root / "base"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(base), args.base],
                       cwd=PROJECT, check=True)
        (base / "node_modules").symlink_to(PROJECT / "node_modules")  # the editor's bundle
        try:
            content = PROJECT / "content"
            if args.synth:
                content = root / "content"
                subprocess.run([sys.executable, str(PROJECT / "bench/synth.py"),
                                str(args.synth), str(content)], check=True)
            before = build(base, content, root / "before")
            after = build(PROJECT, content, root / "after")
            found = differing(before, after)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=PROJECT,
                           check=True)
    for name in found:
        print(name)
    print(f"{len(found)} files differ ({args.base} against the working tree)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
