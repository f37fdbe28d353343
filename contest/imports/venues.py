"""The venue a cell names: its full name, its 简称 or its 代码 (codes in any case).

The one lookup: `contest.setup.venues` re-exports it for the CLI and the set-up pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from contest.imports.headers import loose, trim
from contest.models import Contest, Venue


def find_venue(contest: Contest, text: str) -> Venue | None:
    """The contest's venue whose name, short name or code `text` is (ends trimmed)."""
    wanted = trim(text)
    if not wanted:
        return None
    venues = list(contest.venues)
    for match in (
        lambda v: v.name == wanted,
        lambda v: bool(v.short_name) and v.short_name == wanted,
        lambda v: bool(v.code) and v.code.casefold() == wanted.casefold(),
        lambda v: loose(v.name) == loose(wanted),
        lambda v: bool(v.short_name) and loose(v.short_name) == loose(wanted),
        lambda v: bool(v.code) and loose(v.code) == loose(wanted),
    ):
        found = [v for v in venues if match(v)]
        if len(found) == 1:
            return found[0]
    return None


def accepted_names(venues: Iterable[Venue]) -> str:
    """Each venue as a cell may name it: 全称（简称 …，代码 …）, for hints and errors."""
    shown = []
    for venue in venues:
        extra = [
            *([_("简称 %(short)s", short=venue.short_name)] if venue.short_name else []),
            *([_("代码 %(code)s", code=venue.code)] if venue.code else []),
        ]
        shown.append(f"{venue.name}（{'，'.join(extra)}）" if extra else venue.name)
    return "、".join(shown) or _("无")
