"""What forms 2-3 and 2-4 share: the teams that reached a 推荐单位, names as each 申报表 reads,
drafts, versions with their SHA-256, and when they may still change.

The deadline is the season's (Beijing time). After it a 推荐单位's forms are read-only, unless
staff granted one of its applications an extension (deadline.py): then, until that runs out,
the unit may submit again, and in 2-4 change only the rows of the applications extended, so
an extension for one team never reopens the scores of the others.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from contest.extensions import db
from contest.models.types import utcnow
from contest.season import deadline
from contest.season.current import BEIJING
from contest.season.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Enterprise,
    Recommender,
    UnitForm,
    UnitFormDraft,
    UnitFormVersion,
    UnitJudge,
)

# What reached the 推荐单位: approved by its enterprise, and on from there.
REACHED = (
    ApplicationStatus.APPROVED,
    ApplicationStatus.RECOMMENDED,
    ApplicationStatus.FORMAL_RETURNED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REFUSED,
)
JUDGE_FIELDS = ("name", "employer", "certificate_no", "address", "postcode", "mobile")


def applications(recommender: Recommender, statuses=REACHED) -> list[Application]:
    """The unit's enterprises' applications in these states, by 申报编号."""
    return list(
        db.session.scalars(
            sa.select(Application)
            .join(Enterprise, Application.enterprise_id == Enterprise.id)
            .where(Enterprise.recommender_id == recommender.id, Application.status.in_(statuses))
            .order_by(Application.number)
        )
    )


@dataclass(frozen=True)
class Names:
    """A team as its latest 申报表 names it: the 公章 then, the team name and size typed."""

    number: str
    company_name: str
    team_name: str
    member_count: int | None

    def label(self) -> str:
        return f"{self.number}「{self.team_name}」"


def names(application: Application) -> Names:
    submission = application.submissions[-1] if application.submissions else None
    if submission is None:
        return Names(application.number, application.enterprise.name, application.team_name, None)
    count = str(submission.form.get("member_count", ""))
    return Names(
        application.number,
        submission.company_name,
        submission.form.get("team_name", ""),
        int(count) if count.isdigit() else None,
    )


def judges(recommender: Recommender) -> list[UnitJudge]:
    return list(
        db.session.scalars(
            sa.select(UnitJudge)
            .where(UnitJudge.recommender_id == recommender.id)
            .order_by(UnitJudge.id)
        )
    )


def judge_record(judge: UnitJudge) -> dict:
    return {"id": judge.id, **{key: getattr(judge, key) for key in JUDGE_FIELDS}}


def draft(recommender: Recommender, form: UnitForm) -> UnitFormDraft | None:
    return db.session.scalar(
        sa.select(UnitFormDraft).where(
            UnitFormDraft.recommender_id == recommender.id, UnitFormDraft.form == form
        )
    )


def keep_draft(recommender: Recommender, form: UnitForm, content: dict, person: Applicant):
    found = draft(recommender, form)
    if found is None:
        found = UnitFormDraft(recommender_id=recommender.id, form=form, content=content)
        db.session.add(found)
    found.content = content
    found.saved_at = utcnow()
    found.saved_by_id = person.id
    db.session.flush()
    return found


def versions(recommender: Recommender, form: UnitForm) -> list[UnitFormVersion]:
    return list(
        db.session.scalars(
            sa.select(UnitFormVersion)
            .where(UnitFormVersion.recommender_id == recommender.id, UnitFormVersion.form == form)
            .order_by(UnitFormVersion.version)
        )
    )


def latest(recommender: Recommender, form: UnitForm) -> UnitFormVersion | None:
    found = versions(recommender, form)
    return found[-1] if found else None


def content_hash(recommender: Recommender, form: UnitForm, version: int, content: dict) -> str:
    """SHA-256 of what a 提交 holds, as its receipt names it."""
    body = json.dumps(
        {"recommender": recommender.name, "form": form.value, "version": version,
         "content": content},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )  # fmt: skip
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def add_version(
    recommender: Recommender, form: UnitForm, content: dict, person: Applicant
) -> UnitFormVersion:
    previous = latest(recommender, form)
    number = previous.version + 1 if previous else 1
    row = UnitFormVersion(
        recommender_id=recommender.id,
        form=form,
        version=number,
        content=content,
        content_hash=content_hash(recommender, form, number, content),
        submitted_at=utcnow(),
        submitted_by_id=person.id,
    )
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class Window:
    """Whether the unit's forms may change now; `only`: after the close, the applications
    whose extension still runs (None while the season is open: all of them)."""

    open: bool
    only: frozenset[int] | None

    def may_change(self, application_id: int) -> bool:
        return self.open and (self.only is None or application_id in self.only)


def window(recommender: Recommender, now: datetime | None = None) -> Window:
    now = now or utcnow()
    if recommender.season.is_open(now):
        return Window(True, None)
    extended = frozenset(a.id for a in applications(recommender) if deadline.is_open(a, now))
    return Window(bool(extended), extended)


def today() -> date:
    return utcnow().astimezone(BEIJING).date()
