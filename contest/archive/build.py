"""Build the season archive into the instance's archive folder, section by section."""

from __future__ import annotations

import re
from pathlib import Path

from flask import current_app

from contest.archive.sections import SECTIONS
from contest.archive.writer import ManifestZip
from contest.models.types import utcnow
from contest.season.models import Season

NAME = re.compile(r"season-\d{4}-\d{8}T\d{6}Z(-\d+)?\.zip|upload-[0-9a-f]{16}\.zip")


def folder() -> Path:
    path = Path(current_app.instance_path) / "season-archives"
    path.mkdir(parents=True, exist_ok=True)
    return path


def build(season: Season) -> Path:
    """Write every section, then the manifest; the file appears under its name only whole."""
    target = folder()
    archive = ManifestZip(target)
    try:
        for section in SECTIONS:
            section.write(season, archive)
        made = archive.finish(
            {
                "kind": "season-archive",
                "season": season.year,
                "title": f"{season.name} 归档",
                "created_at": utcnow().isoformat(),
                "sections": [{"name": s.name, "title": s.title} for s in SECTIONS],
            }
        )
    except BaseException:
        archive.abandon()
        raise
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    name, number = f"season-{season.year}-{stamp}.zip", 2
    while (target / name).exists():
        name, number = f"season-{season.year}-{stamp}-{number}.zip", number + 1
    return made.rename(target / name)


def build_season(season_id: int) -> str:
    """`build` for the season with this id, by name: what the document process runs (see
    contest/offload.py), so that a large season never holds up the live server's screens."""
    from contest.extensions import db

    return build(db.session.get(Season, season_id)).name


def listed() -> list[Path]:
    """The archives kept on the server, newest first."""
    return sorted(
        (p for p in folder().iterdir() if NAME.fullmatch(p.name)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )


def named(name: str) -> Path | None:
    """A kept archive by its file name (only names this module makes)."""
    if not NAME.fullmatch(name):
        return None
    path = folder() / name
    return path if path.is_file() else None
