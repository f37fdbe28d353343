"""Publication: only after the 公示 has ended and every objection is closed."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from contest import audit
from contest.models.types import utcnow
from contest.publicity import notice as notices
from contest.publicity import objections, results
from contest.publicity.calendar import PublicityRefused, today
from contest.publicity.models import Notice, ResultList
from contest.season.models import Season


def blockers(season_id: int) -> list[str]:
    """Why the results cannot be published yet, in words; empty when they can."""
    notice = notices.of(season_id)
    if notice is None:
        return [_("尚未发布公示")]
    if notice.published_at is not None:
        return [_("结果已于此前正式发布")]
    found = []
    if not notices.ended(notice):
        found.append(_("公示期至 %(end)s 结束，公示期满后方可发布", end=notice.ends_on.isoformat()))
    still = [o.number for o in objections.of_season(season_id) if not o.closed]
    if still:
        found.append(_("以下异议尚未答复：%(numbers)s", numbers="、".join(still)))
    return found


def publish(*, season_id: int, staff_id: int) -> Notice:
    found = blockers(season_id)
    if found:
        raise PublicityRefused(_("暂不能发布：") + "；".join(found))
    notice = notices.of(season_id)
    latest = results.current(season_id)
    notice.published_at = utcnow()
    notice.published_version = latest.version
    notice.published_by_id = staff_id
    audit.record(
        "publicity.published",
        actor=f"staff:{staff_id}",
        subject=f"season:{season_id}",
        data={"version": latest.version, "on": today().isoformat()},
    )
    return notice


def published_list(season_id: int) -> ResultList | None:
    notice = notices.of(season_id)
    if notice is None or notice.published_at is None:
        return None
    return next(
        (v for v in results.versions(season_id) if v.version == notice.published_version), None
    )


def levels(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Awarded rows grouped by grade, in the order the grades first appear (best first)."""
    ordered = sorted(rows, key=lambda r: (r["rank"], r["contest_id"]))
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in ordered:
        if row["grade"]:  # a team given no grade (after 复核, say) is not named
            groups.setdefault(row["grade"], []).append(row)
    return list(groups.items())


def standings_json(season: Season, listed: ResultList, notice: Notice) -> dict[str, Any]:
    """The season's published standings, for anyone citing them by machine."""
    return {
        "season": season.year,
        "name": season.name,
        "version": listed.version,
        "published_at": notice.published_at.isoformat() if notice.published_at else None,
        "notice": {
            "starts_on": notice.starts_on.isoformat(),
            "ends_on": notice.ends_on.isoformat(),
        },
        "teams": [
            {
                "rank": r["rank"],
                "company": r["company"],
                "team": r["team"],
                "unit": r["unit"],
                "score": r["score"],
                "grade": r["grade"],
                "national": r["national"],
                "contest": r["contest"],
            }
            for r in sorted(listed.rows, key=lambda r: (r["contest_id"], r["rank"]))
        ],
    }
