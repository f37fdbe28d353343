"""评分规则: every validation, the reason once scores exist, the audit entry and the figures."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import (
    AuditEntry,
    Contest,
    RecommendingUnit,
    Recusal,
    RecusalKind,
    ScoreSubmission,
    utcnow,
)
from contest.settings import merged
from tests.conftest import sign_in
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

# The demo's settings as the page shows them: nothing changed yet.
FORM = {
    "trim_each_end": "1",
    "min_panel_for_trim": "5",
    "decimals": "2",
    "tie_break_1": "",
    "tie_break_2": "",
    "tie_break_3": "",
    "talk_minutes": "15",
    "talk_seconds": "0",
    "qa_minutes": "5",
    "qa_seconds": "0",
    "warning_minutes": "2",
    "warning_seconds": "0",
    "overtime_rule": "none",
    "overtime_amount": "1",
    "reason": "",
}
UNTRIMMED = "全体有效评委总分的平均分（不去掉最高分和最低分）高者在前"


def _url(demo) -> str:
    return f"/admin/contests/{demo.id}/setup/rules"


def _post(client, demo, **changes):
    page = client.get(_url(demo)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(_url(demo), data={**FORM, **changes, "csrf_token": token})


def _settings_entries() -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == "contest.settings_changed")
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def _settings(demo) -> dict:
    db.session.expire_all()
    return merged(db.session.get(Contest, demo.id).settings)


@pytest.fixture
def admin(client, staff):
    sign_in(client, "admin")
    return client


# Each refusal: what was typed, and the message that tells staff what to do.
REFUSALS = [
    ({"trim_each_end": "6"}, "去掉最高分和最低分的个数须为 0 到 5 之间的整数"),
    ({"trim_each_end": "-1"}, "去掉最高分和最低分的个数须为 0 到 5 之间的整数"),
    ({"trim_each_end": "1.5"}, "去掉最高分和最低分的个数须为 0 到 5 之间的整数"),
    ({"trim_each_end": ""}, "去掉最高分和最低分的个数须为 0 到 5 之间的整数"),
    (
        {"trim_each_end": "2", "min_panel_for_trim": "4"},
        "去掉最高分和最低分各 2 个时，至少要 5 位评委才能去分，请把开始去分的评委人数改为 5 或以上",
    ),
    (
        {"trim_each_end": "1", "min_panel_for_trim": "2"},
        "去掉最高分和最低分各 1 个时，至少要 3 位评委才能去分，请把开始去分的评委人数改为 3 或以上",
    ),
    ({"min_panel_for_trim": "0"}, "开始去分的评委人数须为 1 到 50 之间的整数"),
    ({"min_panel_for_trim": "51"}, "开始去分的评委人数须为 1 到 50 之间的整数"),
    ({"decimals": "5"}, "最后得分保留的小数位数须为 0 到 4 之间的整数"),
    ({"decimals": "two"}, "最后得分保留的小数位数须为 0 到 4 之间的整数"),
    ({"tie_break_1": "item:不存在的项目"}, "第 1 个并列判定依据不在可选范围内，请重新选择"),
    ({"tie_break_2": "coin"}, "第 2 个并列判定依据不在可选范围内，请重新选择"),
    (
        {"tie_break_1": "untrimmed_mean", "tie_break_3": "untrimmed_mean"},
        f"并列判定依据“{UNTRIMMED}”选了两次，请每项只选一次",
    ),
    ({"talk_seconds": "60"}, "发表时间的秒数须为 0 到 59 之间的整数"),
    ({"talk_minutes": "abc"}, "发表时间的分钟数须为 0 到 180 之间的整数"),
    ({"qa_minutes": "181"}, "答辩时间的分钟数须为 0 到 180 之间的整数"),
    ({"warning_seconds": "-5"}, "提醒时间的秒数须为 0 到 59 之间的整数"),
    ({"talk_minutes": "0", "talk_seconds": "0"}, "发表时间须长于 0 秒，请填写分钟数"),
    ({"warning_minutes": "15"}, "提前提醒的时间须短于发表时间"),
    ({"overtime_rule": "double"}, "请选择超时的处理方式"),
    ({"overtime_rule": ""}, "请选择超时的处理方式"),
    *[
        (
            {"overtime_rule": "flat", "overtime_amount": amount},
            "超时扣分须为大于 0、不超过 100 的数，最多三位小数，例如 0.5 或 1",
        )
        for amount in ("0", "0.0001", "1e2", "101", "-1", "", "0.5分")
    ],
    ({"trim_each_end": "2", "reason": "长" * 501}, "修改原因不超过 500 个字"),
]


@pytest.mark.parametrize(("changes", "message"), REFUSALS)
def test_rules_refused_with_message_and_nothing_written(admin, demo, changes, message):
    before = _settings(demo)
    response = _post(admin, demo, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _settings(demo) == before
    assert _settings_entries() == []


def test_rules_page_explains_each_setting_in_chinese(admin, demo):
    page = admin.get(_url(demo)).get_data(as_text=True)
    for text in (
        "去掉最高分和最低分各几个",
        "每个班组的评委总分中，去掉最高分和最低分各这么多个，其余取平均分；填 0 表示不去分。",
        "开始去分的评委人数",
        "最后得分保留小数位数",
        "单项“质量改进与创新”的平均分高者在前",
        "评委回避本推荐单位推荐的班组",
        "每超时一分钟扣一次（不足一分钟按一分钟计）",
        "在大屏和观众页显示评委姓名",
        "本系统暂未启用此项：最后得分只由现场评委评分计算。",
    ):
        assert text in page
    assert 'name="talk_minutes" id="talk_minutes" inputmode="numeric" size="3" value="15"' in page
    assert "本比赛已有评分" not in page


def test_rules_saved_without_scores_need_no_reason(admin, demo):
    response = _post(
        admin,
        demo,
        trim_each_end="2",
        decimals="3",
        tie_break_1="item:发表与答辩",
        tie_break_2="manual",
        talk_minutes="12",
        talk_seconds="30",
        warning_minutes="0",
        warning_seconds="45",
        overtime_rule="per_started_minute",
        overtime_amount="0.50",
        show_judge_names="1",
    )
    assert response.status_code == 302
    settings = _settings(demo)
    assert settings["scoring"] == {
        "trim_each_end": 2,
        "min_panel_for_trim": 5,
        "decimals": 3,
        "tie_breaks": ["item:发表与答辩", "manual"],
    }
    assert settings["timer"] == {"talk_seconds": 750, "qa_seconds": 300, "warning_seconds": 45}
    assert settings["overtime"] == {"rule": "per_started_minute", "amount": "0.5"}
    assert settings["display"] == {"show_judge_names": True, "logo": ""}
    [entry] = _settings_entries()
    assert entry.actor.startswith("staff:")
    assert entry.data == {
        "changes": {
            "scoring.trim_each_end": [1, 2],
            "scoring.decimals": [2, 3],
            "scoring.tie_breaks": [[], ["item:发表与答辩", "manual"]],
            "timer.talk_seconds": [900, 750],
            "timer.warning_seconds": [120, 45],
            "overtime.rule": ["none", "per_started_minute"],
            "overtime.amount": ["1", "0.5"],
            "display.show_judge_names": [False, True],
        },
        "reason": "",
    }
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "评分规则已保存，共修改 8 项" in page
    assert "<td>发表时间</td><td>15 分 0 秒</td><td>12 分 30 秒</td>" in page


def test_rules_unchanged_form_writes_nothing(admin, demo):
    response = _post(admin, demo)
    assert response.status_code == 302
    assert "没有改动" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert _settings_entries() == []


def test_rules_keep_settings_they_do_not_edit(admin, demo):
    demo.settings = {**merged(demo.settings), "certificate": {"date": "二〇二六年九月"}}
    db.session.commit()
    assert _post(admin, demo, overtime_rule="flat", overtime_amount="2").status_code == 302
    assert _settings(demo)["certificate"] == {"date": "二〇二六年九月"}
    # Back to no deduction: the amount is kept for when a rule is chosen again.
    assert _post(admin, demo, overtime_rule="none", overtime_amount="").status_code == 302
    assert _settings(demo)["overtime"] == {"rule": "none", "amount": "2"}


def test_rules_accept_full_width_digits(admin, demo):
    assert _post(admin, demo, decimals="３", talk_minutes="１０").status_code == 302
    assert _settings(demo)["scoring"]["decimals"] == 3
    assert _settings(demo)["timer"]["talk_seconds"] == 600


def _scored(demo):
    """Teams 1 and 2 closed on the totals worked by hand below; team 1 revealed."""
    judges = [judges_of(demo)[i] for i in (0, 1, 3, 4, 5)]  # none recuses from these teams
    first, second = team_at(demo, 1), team_at(demo, 2)
    for team, totals in (
        (first, ("80", "85", "86", "88", "100")),
        (second, ("70", "86", "87", "88", "89")),
    ):
        for judge, total in zip(judges, totals, strict=True):
            submit(team, judge, marks_totalling(total))
    close_scoring(first, reveal=True)
    close_scoring(second)
    db.session.commit()
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Recusal.id)).where(Recusal.team_id.in_([first.id, second.id]))
        )
        == 0
    )
    return first, second, judges


def test_rules_change_after_a_score_needs_a_reason(admin, demo):
    _scored(demo)
    assert "本比赛已有评分" in admin.get(_url(demo)).get_data(as_text=True)
    for changes in (
        {"trim_each_end": "0"},
        {"same_recommending_unit": "1"},
        {"overtime_rule": "flat"},
    ):
        response = _post(admin, demo, **changes)
        assert response.status_code == 422
        assert (
            "已有评分，修改影响成绩的规则必须填写修改原因；请填写原因后再保存"
            in response.get_data(as_text=True)
        )
    assert _settings(demo) == merged(demo.settings)
    assert _settings_entries() == []
    assert db.session.scalar(sa.select(sa.func.count(Recusal.id))) == 1  # the demo's own


def test_rules_timer_and_display_after_a_score_need_no_reason(admin, demo):
    _scored(demo)
    assert _post(admin, demo, talk_minutes="14", show_judge_names="1").status_code == 302
    [entry] = _settings_entries()
    assert entry.data == {
        "changes": {"timer.talk_seconds": [900, 840], "display.show_judge_names": [False, True]},
        "reason": "",
    }


def test_trim_change_after_scores_lists_the_changed_figures(admin, demo):
    first, second, _ = _scored(demo)
    # By hand. Before (drop one highest and one lowest of five):
    #   team 1: (85 + 86 + 88) / 3 = 86.333… -> 86.33, rank 2
    #   team 2: (86 + 87 + 88) / 3 = 87 -> 87.00, rank 1
    # After (trim 0, plain mean of five):
    #   team 1: 439 / 5 = 87.8 -> 87.80, rank 1;  team 2: 420 / 5 = 84 -> 84.00, rank 2
    response = _post(admin, demo, trim_each_end="0", reason="评审组决定不去最高最低分")
    assert response.status_code == 302
    [entry] = _settings_entries()
    assert entry.data == {
        "changes": {"scoring.trim_each_end": [1, 0]},
        "reason": "评审组决定不去最高最低分",
        "figures": [
            {
                "team_id": first.id,
                "company_name": first.company_name,
                "team_name": first.team_name,
                "score": ["86.33", "87.80"],
                "rank": [2, 1],
                "revealed": True,
                "published": False,
                "excluded": [],
                "restored": [],
            },
            {
                "team_id": second.id,
                "company_name": second.company_name,
                "team_name": second.team_name,
                "score": ["87.00", "84.00"],
                "rank": [1, 2],
                "revealed": False,
                "published": False,
                "excluded": [],
                "restored": [],
            },
        ],
    }
    assert response.headers["Location"].endswith(f"/setup/rules?change={entry.id}")
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    published, _, unpublished = page.partition("以下尚未公布的成绩因此改变：")
    assert "以下已公布的成绩因此改变：" in published
    assert first.company_name in published and second.company_name not in published
    assert second.company_name in unpublished
    assert "86.33 → <b>87.80</b>" in published and "87.00 → <b>84.00</b>" in unpublished


def test_figures_are_marked_published_once_results_are(admin, demo):
    _scored(demo)
    demo.results_published_at = utcnow()
    db.session.commit()
    assert _post(admin, demo, decimals="1", reason="按通知保留一位小数").status_code == 302
    [entry] = _settings_entries()
    # 86.333… -> 86.3 and 87 -> 87.0: both figures change in form, both were published.
    assert [(f["score"], f["published"]) for f in entry.data["figures"]] == [
        (["87.00", "87.0"], True),
        (["86.33", "86.3"], True),
    ]
    assert "以下尚未公布的成绩因此改变：" not in admin.get(
        f"{_url(demo)}?change={entry.id}"
    ).get_data(as_text=True)


def test_recusal_rule_after_scores_stops_counting_a_given_score(admin, demo):
    first, second, judges = _scored(demo)
    unit = RecommendingUnit(contest=demo, name="上海市测试行业协会")
    first.unit = judges[2].unit = unit  # 张敏 gave team 1 its 86 and now shares its 推荐单位
    db.session.commit()
    response = _post(admin, demo, same_recommending_unit="1", reason="按通知执行同单位回避")
    assert response.status_code == 302
    [entry] = _settings_entries()
    # Team 1 keeps four judges (80, 85, 88, 100), fewer than five, so a plain mean:
    # 353 / 4 = 88.25, rank 1; team 2 is untouched at 87.00 and moves to rank 2.
    assert entry.data["recusals"] == {"added": 1, "removed": 0}
    assert [
        (f["team_id"], f["score"], f["rank"], f["excluded"]) for f in entry.data["figures"]
    ] == [
        (first.id, ["86.33", "88.25"], [2, 1], [{"judge": "评委4 张敏", "total": "86"}]),
        (second.id, ["87.00", "87.00"], [1, 2], []),
    ]
    recusal = db.session.scalar(
        sa.select(Recusal).where(Recusal.team_id == first.id, Recusal.judge_id == judges[2].id)
    )
    assert recusal.kind is RecusalKind.AUTOMATIC
    # The score itself is kept: the rule decides whether it counts, not whether it exists.
    kept = sa.select(sa.func.count(ScoreSubmission.id)).where(
        ScoreSubmission.team_id == first.id, ScoreSubmission.judge_id == judges[2].id
    )
    assert db.session.scalar(kept) == 1
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "评委4 张敏 已给出的 86 分因回避不再计入" in page
    assert "自动回避：新增 1 条，撤销 0 条。" in page

    response = _post(admin, demo, reason="撤销同单位回避")
    last = _settings_entries()[-1]
    assert last.data["recusals"] == {"added": 0, "removed": 1}
    assert [(f["team_id"], f["score"], f["restored"]) for f in last.data["figures"]] == [
        (second.id, ["87.00", "87.00"], []),
        (first.id, ["88.25", "86.33"], [{"judge": "评委4 张敏", "total": "86"}]),
    ]
    assert "评委4 张敏 的 86 分重新计入" in admin.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_overtime_rule_after_scores_changes_no_figures(admin, demo):
    _scored(demo)
    response = _post(admin, demo, overtime_rule="flat", overtime_amount="1", reason="补充规则")
    [entry] = _settings_entries()
    assert entry.data["figures"] == []
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "现有成绩、名次和计分评委均没有因此改变。" in page
    assert "已记录的超时扣分不随规则改变；新规则用于此后记录的超时扣分。" in page


def test_rules_report_of_another_contest_is_not_shown(admin, demo):
    assert _post(admin, demo, trim_each_end="2").status_code == 302
    [entry] = _settings_entries()
    entry.contest_id = None
    db.session.commit()
    page = admin.get(f"{_url(demo)}?change={entry.id}").get_data(as_text=True)
    assert "本次修改" not in page
