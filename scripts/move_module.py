"""Move a flat module of `contest/` into a package and rewrite every reference to it.

    python -m scripts.move_module realtime live   # contest/realtime.py -> contest/live/realtime.py

Rewrites `from contest import a, realtime`, `from contest.realtime import …`,
`import contest.realtime`, dotted strings (`"contest.realtime.x"`, used by patch targets
and logger names) and paths (`contest/realtime.py`) in Python, templates, docs and config.
Run `ruff check --fix` and `ruff format` afterwards to sort the imports it adds.
Running it again after a merge rewrites references that arrived with the merge.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".py", ".md", ".html", ".cfg", ".toml", ".ini", ".txt", ".sh", ".service"}
SKIP = {".venv", ".git", "node_modules", "static"}


def _files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        ROOT / name
        for name in listed
        if (ROOT / name).suffix in SUFFIXES or name == "Makefile"
        if not set(Path(name).parts) & SKIP and (ROOT / name).is_file()
        if name != "scripts/move_module.py"  # its own examples stay as written
    ]


def _rewrite_from_import(text: str, name: str, package: str) -> str:
    """`from contest import a, NAME, b` -> `from contest import a, b` and
    `from contest.PKG import NAME`."""
    pattern = re.compile(
        r"^(?P<indent>[ \t]*)from contest import (?P<names>[^\n(#]+?)(?P<comment>[ \t]*#[^\n]*)?$",
        re.M,
    )

    def fix(match: re.Match[str]) -> str:
        names = [n.strip() for n in match["names"].split(",")]
        if name not in names:
            return match[0]
        rest = [n for n in names if n != name]
        indent = match["indent"]
        comment = match["comment"] or ""
        moved = f"{indent}from contest.{package} import {name}"
        if not rest:
            return moved + comment
        return f"{indent}from contest import {', '.join(rest)}{comment}\n{moved}{comment}"

    return pattern.sub(fix, text)


def rewrite(text: str, name: str, package: str) -> str:
    text = _rewrite_from_import(text, name, package)
    dotted = re.compile(rf"(?<![\w.])contest\.{name}(?!\w)")
    text = dotted.sub(f"contest.{package}.{name}", text)
    return re.sub(rf"(?<![\w/])contest/{name}\.py", f"contest/{package}/{name}.py", text)


def main(name: str, package: str) -> None:
    source = ROOT / "contest" / f"{name}.py"
    target_dir = ROOT / "contest" / package
    if source.exists():
        target_dir.mkdir(exist_ok=True)
        init = target_dir / "__init__.py"
        if not init.exists():
            init.write_text(f'"""The contest day\'s {package} modules."""\n', encoding="utf-8")
            subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
        subprocess.run(
            ["git", "mv", str(source), str(target_dir / f"{name}.py")], cwd=ROOT, check=True
        )
    changed = 0
    for path in _files():
        before = path.read_text(encoding="utf-8")
        after = rewrite(before, name, package)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed += 1
    print(f"contest.{name} -> contest.{package}.{name}: {changed} files rewritten")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
