"""A judge's 评分表 for the day as the payload they sign, and where its signature stands."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from contest.judge.marks import my_marks
from contest.models import Judge
from contest.signatures.digest import digest
from contest.signatures.models import Signature

PURPOSE = "judge_sheet"


def subject(judge: Judge) -> str:
    return f"venue:{judge.venue_id}:judge:{judge.id}"


def payload(judge: Judge) -> dict[str, Any]:
    """What the judge sees and signs: who, where, the items, every team's marks or 回避."""
    marks = my_marks(judge=judge)
    return {
        "contest": judge.contest.name,
        "venue": judge.venue.name if judge.venue else "",
        "judge": {"id": judge.id, "label": judge.label, "name": judge.name},
        "items": [{"name": i["name"], "maximum": i["maximum"]} for i in marks["items"]],
        "item_ids": [i["id"] for i in marks["items"]],
        "teams": [
            {
                "order": row["order"],
                "company_name": row["company_name"],
                "team_name": row["team_name"],
                "recused": row["recused"],
                "marks": [row["marks"].get(str(i["id"]), "") for i in marks["items"]]
                if not row["recused"]
                else [],
                "total": row.get("total", ""),
                "version": row.get("version", 0),
            }
            for row in marks["teams"]
        ],
    }


class State(enum.StrEnum):
    UNSIGNED = "unsigned"
    SIGNED = "signed"
    CHANGED = "changed"  # signed, then the sheet changed: a new signature is needed


@dataclass(frozen=True)
class Status:
    state: State
    sheet: dict[str, Any]
    sheet_hash: str
    signature: Signature | None  # the current one, if any

    @property
    def label(self) -> str:
        return {
            State.UNSIGNED: "未签名",
            State.SIGNED: "已签名",
            State.CHANGED: "评分已更正，待重新签名",
        }[self.state]


def status(judge: Judge) -> Status:
    from contest.signatures.store import current

    sheet = payload(judge)
    sheet_hash = digest(sheet)
    found = current(judge.contest_id, PURPOSE, subject(judge), "judge", judge.id)
    signature = found[-1] if found else None
    if signature is None:
        latest = _latest_superseded(judge)
        state = State.CHANGED if latest is not None else State.UNSIGNED
    else:
        state = State.SIGNED if signature.subject_hash == sheet_hash else State.CHANGED
    return Status(state, sheet, sheet_hash, signature)


def _latest_superseded(judge: Judge) -> Signature | None:
    import sqlalchemy as sa

    from contest.extensions import db

    return db.session.scalar(
        sa.select(Signature)
        .where(
            Signature.contest_id == judge.contest_id,
            Signature.purpose == PURPOSE,
            Signature.subject == subject(judge),
            Signature.signer_id == judge.id,
        )
        .order_by(Signature.id.desc())
        .limit(1)
    )


def history(judge: Judge) -> list[Signature]:
    """Every signature of this judge's sheet, oldest first (superseded ones included)."""
    import sqlalchemy as sa

    from contest.extensions import db

    return list(
        db.session.scalars(
            sa.select(Signature)
            .where(
                Signature.contest_id == judge.contest_id,
                Signature.purpose == PURPOSE,
                Signature.subject == subject(judge),
                Signature.signer_id == judge.id,
            )
            .order_by(Signature.id)
        )
    )
