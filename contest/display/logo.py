"""The organiser's logo on the hall's welcome scene: uploaded by staff, checked, kept on disk.

The file lives under <instance>/display/ with a fresh name per upload (no reader ever sees a
half-written file); the contest's settings hold its name (display.logo).
"""

from __future__ import annotations

import copy
import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from contest import audit
from contest.live import feed
from contest.models import Contest
from contest.settings import merged

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000  # pixels: a logo, not a poster; bounds the memory a decoder takes
TYPES = {"PNG": (".png", "image/png"), "JPEG": (".jpg", "image/jpeg")}


class LogoRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def folder() -> Path:
    return Path(current_app.instance_path) / "display"


def current(contest: Contest) -> str:
    """The logo's file name, or blank."""
    return merged(contest.settings)["display"].get("logo") or ""


def path_of(contest: Contest) -> Path | None:
    """The logo file, if one is set and still on disk."""
    name = current(contest)
    if not name:
        return None
    path = folder() / Path(name).name
    return path if path.is_file() else None


def media_type(path: Path) -> str:
    return "image/png" if path.suffix == ".png" else "image/jpeg"


def check(data: bytes) -> str:
    """The image's suffix, once the bytes are known to be a PNG or JPEG of sane size."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise LogoRefused(_("请选择标志图片文件（PNG 或 JPEG）"))
    if len(data) > MAX_BYTES:
        raise LogoRefused(_("标志图片超过 2 MB，请缩小后再上传"))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format or "", image.size
            if kind in TYPES and max(width, height) <= MAX_SIDE:
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise LogoRefused(_("标志图片无法识别，请上传 PNG 或 JPEG 图片")) from error
    if kind not in TYPES:
        raise LogoRefused(_("标志图片只支持 PNG 或 JPEG 格式"))
    if max(width, height) > MAX_SIDE:
        raise LogoRefused(
            _("标志图片过大（%(w)s×%(h)s 像素），请缩小到 4000 像素以内", w=width, h=height)
        )
    return TYPES[kind][0]


def _store(contest: Contest, name: str) -> None:
    settings = copy.deepcopy(merged(contest.settings))
    settings["display"]["logo"] = name
    contest.settings = settings  # a new dict, so SQLAlchemy sees the JSON change
    for venue in contest.venues:
        feed.bump(venue.id)  # the screens' snapshot carries the logo's name


def replace(contest: Contest, data: bytes, *, actor: str) -> str:
    """Keep the uploaded logo and show it from now on; returns the old file's name, which the
    caller removes (`discard`) once the change is committed."""
    suffix = check(data)
    old = current(contest)
    name = f"logo-{contest.id}-{secrets.token_hex(6)}{suffix}"
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_bytes(data)
    _store(contest, name)
    audit.record(
        "display.logo_changed",
        actor=actor,
        subject=f"contest:{contest.id}",
        data={"bytes": len(data)},
        contest_id=contest.id,
    )
    return old


def remove(contest: Contest, *, actor: str) -> str:
    """Show the organiser's name without a logo; returns the old file's name (blank: none)."""
    old = current(contest)
    if old:
        _store(contest, "")
        audit.record(
            "display.logo_removed",
            actor=actor,
            subject=f"contest:{contest.id}",
            contest_id=contest.id,
        )
    return old


def discard(name: str) -> None:
    """Remove a replaced logo's file (after the change is committed)."""
    if name:
        (folder() / Path(name).name).unlink(missing_ok=True)
