"""The score sheet (评分表) staff edit: items with a name, maximum, step and 评分要点.

The sheet is locked once any score exists for the contest: marks are stored per item, so
changing an item under them would change what a judge gave. A new sheet means a new contest.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import Contest, ScoreItem, ScoreSubmission, Team
from contest.models.types import canonical
from contest.scoring.rules import ITEM_PREFIX
from contest.settings import merged
from contest.setup.refusal import SetupRefused

MAX_ITEMS = 30
NAME_LENGTH = 100
CRITERIA_LENGTH = 1000
LARGEST_MAXIMUM = Decimal(1000)
EXPECTED_TOTAL = Decimal(100)
# Exact decimals with at most three places, as the marks are stored (Numeric(9, 3)).
_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]{1,3})?$")


def locked_message() -> str:
    return _("已有评分，评分表已锁定；如需不同评分表，请新建比赛（可复制本比赛设置）")


@dataclass(frozen=True)
class ItemRow:
    """One item as staff typed it; `item_id` is None for a new item."""

    item_id: int | None
    name: str
    maximum: str
    step: str
    criteria: str


@dataclass(frozen=True)
class SheetSaved:
    changed: bool
    total: Decimal

    @property
    def total_is_expected(self) -> bool:
        return self.total == EXPECTED_TOTAL


def has_scores(contest: Contest) -> bool:
    """Whether any judge's score (any channel, any version) exists for the contest's teams."""
    query = sa.select(
        sa.exists().where(ScoreSubmission.team_id == Team.id, Team.contest_id == contest.id)
    )
    return bool(db.session.scalar(query))


def exact_decimal(text: str) -> Decimal | None:
    """The exact decimal staff typed (full-width digits allowed), or None if it is not one."""
    text = unicodedata.normalize("NFKC", text).strip()
    return canonical(Decimal(text)) if _DECIMAL.match(text) else None


def sheet_total(items: Sequence[ScoreItem]) -> Decimal:
    return canonical(sum((item.maximum for item in items), Decimal(0)))


def describe(items: Sequence[ScoreItem]) -> list[dict[str, str]]:
    """The sheet as the audit log keeps it: plain strings, in order."""
    return [
        {
            "name": i.name,
            "maximum": str(i.maximum),
            "step": str(i.step),
            "criteria": i.description,
        }
        for i in items
    ]


def rows_from_form(form: Mapping[str, Sequence[str]]) -> list[ItemRow]:
    """Zip the form's parallel lists (one entry per row, in page order) into rows."""
    fields = ("item_id", "name", "maximum", "step", "criteria")
    columns = {f: list(form.get(f, ())) for f in fields}
    count = max(len(c) for c in columns.values())
    rows = []
    for index in range(count):
        value = {f: (columns[f][index] if index < len(columns[f]) else "") for f in fields}
        text_id = value["item_id"].strip()
        if not any(value[f].strip() for f in fields):
            continue  # an added row left empty: nothing to keep
        rows.append(
            ItemRow(
                item_id=int(text_id) if text_id.isdecimal() else None,
                name=value["name"],
                maximum=value["maximum"],
                step=value["step"],
                criteria=value["criteria"],
            )
        )
    return rows


@dataclass(frozen=True)
class CleanItem:
    """A row that passed the checks: trimmed name and 评分要点, exact decimals."""

    item_id: int | None
    name: str
    maximum: Decimal
    step: Decimal
    criteria: str


_Clean = CleanItem


def _clean(index: int, row: ItemRow) -> _Clean:
    where = _("第 %(n)s 项", n=index)
    name = row.name.strip()
    if not name:
        raise SetupRefused(_("%(where)s：请填写项目名称", where=where))
    if len(name) > NAME_LENGTH:
        raise SetupRefused(_("%(where)s：项目名称不超过 %(n)s 个字", where=where, n=NAME_LENGTH))
    where = _("第 %(n)s 项“%(name)s”", n=index, name=name)
    maximum, step = exact_decimal(row.maximum), exact_decimal(row.step)
    if maximum is None or not 0 < maximum <= LARGEST_MAXIMUM:
        raise SetupRefused(
            _("%(where)s：满分须为大于 0、不超过 1000 的数，最多三位小数，例如 15", where=where)
        )
    if step is None or step <= 0:
        raise SetupRefused(
            _("%(where)s：步长须为大于 0 的数，最多三位小数，例如 1 或 0.5", where=where)
        )
    if maximum % step != 0:
        raise SetupRefused(
            _(
                "%(where)s：满分 %(max)s 不是步长 %(step)s 的整数倍，请调整满分或步长",
                where=where,
                max=maximum,
                step=step,
            )
        )
    criteria = row.criteria.strip()
    if len(criteria) > CRITERIA_LENGTH:
        raise SetupRefused(
            _("%(where)s：评分要点不超过 %(n)s 个字", where=where, n=CRITERIA_LENGTH)
        )
    return _Clean(row.item_id, name, maximum, step, criteria)


def _validated(contest: Contest, rows: Sequence[ItemRow]) -> list[_Clean]:
    return validate_rows(rows, known_ids={i.id for i in contest.items})


def validate_rows(rows: Sequence[ItemRow], *, known_ids: set[int]) -> list[CleanItem]:
    """The rows checked as any score sheet's are (the contest's, 材料文审's); refused with a
    message saying which row and what to change. `known_ids`: the sheet's items now."""
    if not rows:
        raise SetupRefused(_("评分表至少要有一个项目，请添加项目后再保存"))
    if len(rows) > MAX_ITEMS:
        raise SetupRefused(_("评分表最多 %(n)s 个项目", n=MAX_ITEMS))
    clean = [_clean(index, row) for index, row in enumerate(rows, start=1)]
    seen: set[str] = set()
    for item in clean:
        if item.name in seen:
            raise SetupRefused(_("项目名称“%(name)s”重复，请改为不同的名称", name=item.name))
        seen.add(item.name)
    ids = [c.item_id for c in clean if c.item_id is not None]
    if set(ids) - known_ids or len(set(ids)) != len(ids):
        raise SetupRefused(_("评分表已被他人修改，请刷新页面后重新编辑"))
    return clean


def _tie_breaks_after(contest: Contest, clean: Sequence[_Clean]) -> list[str]:
    """The tie-break chain with renamed items followed; refused if it names a deleted item."""
    renamed = {i.name: c.name for c in clean for i in contest.items if i.id == c.item_id}
    chain = list(merged(contest.settings)["scoring"]["tie_breaks"])
    result = []
    for rule in chain:
        if not rule.startswith(ITEM_PREFIX):
            result.append(rule)
            continue
        name = rule[len(ITEM_PREFIX) :]
        if name not in renamed:
            raise SetupRefused(
                _(
                    "项目“%(name)s”是并列名次的判定依据，请先在“评分规则”中改掉该依据，再删除",
                    name=name,
                )
            )
        result.append(ITEM_PREFIX + renamed[name])
    return result


def save_sheet(contest: Contest, *, rows: Sequence[ItemRow], actor: str) -> SheetSaved:
    """Replace the sheet with these rows, in this order; refused once a score exists."""
    if has_scores(contest):
        raise SetupRefused(locked_message())
    clean = _validated(contest, rows)
    before = describe(contest.items)
    tie_breaks_before = list(merged(contest.settings)["scoring"]["tie_breaks"])
    tie_breaks = _tie_breaks_after(contest, clean)
    after = [
        {"name": c.name, "maximum": str(c.maximum), "step": str(c.step), "criteria": c.criteria}
        for c in clean
    ]
    total = canonical(sum((c.maximum for c in clean), Decimal(0)))
    if after == before:
        return SheetSaved(changed=False, total=total)
    _apply(contest, clean)
    data: dict[str, Any] = {"before": before, "after": after, "total": str(total)}
    if tie_breaks != tie_breaks_before:
        settings = copy.deepcopy(merged(contest.settings))
        settings["scoring"]["tie_breaks"] = tie_breaks
        contest.settings = settings
        data["tie_breaks"] = [tie_breaks_before, tie_breaks]
    audit.record(
        "score_sheet.changed",
        actor=actor,
        subject=f"contest:{contest.id}",
        data=data,
        contest_id=contest.id,
    )
    for venue in contest.venues:
        feed.bump(venue.id)  # judges' phones rebuild the sheet on the next state
    return SheetSaved(changed=True, total=total)


def _apply(contest: Contest, clean: Sequence[_Clean]) -> None:
    by_id = {i.id: i for i in contest.items}
    kept = {c.item_id for c in clean}
    for item in list(contest.items):
        if item.id not in kept:
            contest.items.remove(item)
            db.session.delete(item)
    # Names are unique per contest, and a swap of two names would collide half-way: park
    # the kept items under placeholder names first.
    for item in by_id.values():
        if item.id in kept:
            item.name = f"\u2060moving-{item.id}"
    db.session.flush()
    items = []
    for position, c in enumerate(clean, start=1):
        item = by_id[c.item_id] if c.item_id is not None else ScoreItem(contest=contest)
        item.name, item.maximum, item.step = c.name, c.maximum, c.step
        item.description, item.position = c.criteria, position
        items.append(item)
    db.session.add_all(items)
    db.session.flush()
    db.session.expire(contest, ["items"])
