"""形式审查's checklist per channel: each item belongs to whoever must fix it (班组, 单位 or
推荐单位), carries the sentence the return message says, and, where the system already
knows the answer, a finding with its evidence (pre-checked, so staff confirm, not hunt).

A Decision's `reasons` holds the items' keys; decisions made before the keys existed hold
the item's name, shown as it is (to the team, as it was sent then).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.season.models import Application, Decision, Stage

TEAM, ENTERPRISE, RECOMMENDER = "team", "enterprise", "recommender"
GROUPS = {TEAM: _l("班组"), ENTERPRISE: _l("单位"), RECOMMENDER: _l("推荐单位")}


@dataclass(frozen=True)
class Item:
    key: str
    group: str
    label: object  # lazy string: what staff tick
    sentence: object  # lazy string: what the return message says to whoever fixes it


ITEMS = (
    Item("form", TEAM, _l("申报表填写不完整或数据有误"),
         _l("申报表（附件 1-2）有栏目未填写完整或数据有误，请逐项核对后修改。")),
    Item("company", TEAM, _l("企业名称与公章不一致"),
         _l("申报表中的企业名称与公章不一致，请按公章上的名称填写。")),
    Item("team_name", TEAM, _l("班组名称不是全称，或挂了上级部门名称"),
         _l("班组名称应为全称，且不挂上级部门名称，请修改班组名称。")),
    Item("narrative", TEAM, _l("班组创建材料不符合要求（格式或字数）"),
         _l("班组创建材料应为 Word 格式（.docx），5000 字以内，请修改后重新上传。")),
    Item("scan", TEAM, _l("盖章扫描件不清晰、未盖章或与申报表不一致"),
         _l("盖章扫描件应清晰、加盖公章，且为本系统生成的最新申报表，请重新打印盖章后上传。")),
    Item("basic_unit", TEAM, _l("申报班组不是企业最基础的正式组织单元"),
         _l("申报班组应为企业最基础的正式组织单元，请核实后修改申报表。")),
    Item("opinion", ENTERPRISE, _l("评分与推荐意见未提交或不完整"),
         _l("本单位的评分与推荐意见（对标对表自评与推荐意见）未提交或不完整，请补充后提交。")),
    Item("opinion_scan", ENTERPRISE, _l("评分与推荐意见表盖章扫描件缺失或与提交内容不一致"),
         _l("请按最新提交的评分与推荐意见打印评分与推荐意见表，加盖公章后上传扫描件。")),
    Item("unit_report", RECOMMENDER, _l("统计表与活动总结（附件 2-1、2-2）未提交"),
         _l("推荐单位的统计表与活动总结（附件 2-1、2-2）尚未提交，请提交。")),
    Item("form23", RECOMMENDER, _l("推荐表（附件 2-3）未提交或需重新提交"),
         _l("推荐表（附件 2-3）未提交，或推荐情况变化后需重新提交，请提交最新的推荐表。")),
    Item("form24", RECOMMENDER, _l("材料评审汇总表（附件 2-4）未提交或需重新提交"),
         _l("材料评审汇总表（附件 2-4）未提交，或推荐情况变化后需重新提交，请提交最新的汇总表。")),
)  # fmt: skip
BY_KEY = {item.key: item for item in ITEMS}


@dataclass(frozen=True)
class Line:
    """One item as the workbench shows it: ticked when a finding says so, with its evidence."""

    item: Item
    finding: str  # "" when the system knows nothing against it


def findings(application: Application) -> dict[str, str]:
    """What the system already knows against the application: item key → evidence."""
    from contest.season import unit_status, uploads
    from contest.season.opinion import records
    from contest.season.papers import code, scans

    found: dict[str, str] = {}
    files = uploads.current_files(application)
    narrative = files.get("narrative")
    if narrative is None:
        found["narrative"] = _("未上传班组创建材料")
    elif (narrative.characters or 0) > uploads.NARRATIVE_CHARACTERS:
        found["narrative"] = _(
            "班组创建材料 %(n)s 字，超过 %(max)s 字",
            n=f"{narrative.characters:,}",
            max=f"{uploads.NARRATIVE_CHARACTERS:,}",
        )
    if application.submissions:
        verdict = scans.verdict(application, files.get("scan"))
        if verdict.state != code.MATCHED:
            found["scan"] = _("扫描件核对：%(message)s", message=verdict.message)
    latest = records.latest(application)
    if latest is None:
        found["opinion"] = _("企业尚未提交评分与推荐意见")
    row = records.draft(application)
    if records.scan(application) is None:
        found["opinion_scan"] = _("未上传评分与推荐意见表盖章扫描件")
    elif row is not None and latest is not None and row.scan_version != latest.version:
        found["opinion_scan"] = _(
            "扫描件对应第 %(scan)s 次提交，最新为第 %(latest)s 次",
            scan=row.scan_version,
            latest=latest.version,
        )
    state = unit_status.completeness(application.enterprise.recommender)
    said = str(_("未提交"))
    if state["2-1/2-2"] == said:
        found["unit_report"] = _("附件 2-1、2-2：%(state)s", state=said)
    for key, form in (("form23", "2-3"), ("form24", "2-4")):
        if not state[form].startswith(str(_("已提交"))):
            found[key] = _("附件 %(form)s：%(state)s", form=form, state=state[form])
    return found


def lines(application: Application) -> dict[str, list[Line]]:
    """The checklist grouped by whose material each item concerns, with its findings."""
    known = findings(application)
    grouped: dict[str, list[Line]] = {group: [] for group in GROUPS}
    for item in ITEMS:
        grouped[item.group].append(Line(item, known.get(item.key, "")))
    return grouped


def groups_of(keys: list[str]) -> set[str]:
    """Whose material the named items concern (a legacy name counts as the team's)."""
    return {BY_KEY[key].group if key in BY_KEY else TEAM for key in keys}


def sentences(decision: Decision | None, group: str = TEAM) -> list[str]:
    """What the return says to one party: each named item's sentence, in the list's order.

    Another stage's reasons (the enterprise's own return) are its words as they stand."""
    if decision is None:
        return []
    if decision.stage is not Stage.SECRETARIAT:
        return [str(reason) for reason in decision.reasons]
    named = [item for item in ITEMS if item.key in decision.reasons and item.group == group]
    legacy = [r for r in decision.reasons if r not in BY_KEY] if group == TEAM else []
    return [str(item.sentence) for item in named] + legacy


def labels(reasons: list[str]) -> list[str]:
    """The names of the items a decision named, for staff (a legacy name as it is)."""
    return [str(BY_KEY[r].label) if r in BY_KEY else str(r) for r in reasons]
