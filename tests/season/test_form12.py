"""Form 1-2 (申报表) checks: what a team is told when saving a draft or submitting."""

from __future__ import annotations

import pytest

from contest.season.form12 import FIELDS, check

RATE = "应在 0 到 100 之间，现为 {}；请按百分数填写（98.5 表示 98.5%）"
PART_3 = "班组成员专业知识、技能培训、工具方法应用能力"
GOOD = {
    "team_name": "丙烯酸装置运行三班",
    "member_count": "12",
    "address": "上海市浦东新区浦东北路 2550 号",
    "postcode": "200137",
    "department": "质量管理部",
    "promoter_name": "张建国",
    "promoter_mobile": "13812345678",
    "promoter_phone": "021-58471234 转 802",
    "promoter_email": "zhangjg@example.com",
    "completion_rate": "100",
    "assessment_pass_rate": "99.5",
    "nonconforming_rate": "0.12",
    "first_pass_rate": "99.3",
    "incidents": "0",
    "complaints": "1",
    "trained_people": "12",
    "training_hours": "480",
    "participation_rate": "100",
    "coverage_rate": "85",
    "quality_cost": "12.5",
    **{f"summary_{n}": f"第{n}部分的内容。" for n in range(1, 7)},
}


def test_a_complete_form_submits_and_keeps_what_was_typed():
    checked = check(GOOD, submitting=True)
    assert checked.errors == {}
    # The two 在线分享 consents are kept as ticked ("1") or not (""): GOOD ticks neither.
    assert checked.values == {**GOOD, "share_team": "", "share_unit": ""}
    assert len(FIELDS) == 28


def test_numbers_as_chinese_input_methods_type_them_are_accepted():
    typed = {**GOOD, "completion_rate": "９８。５", "member_count": "１２", "coverage_rate": "85%"}
    assert check(typed, submitting=True).errors == {}


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("completion_rate", "120", "班组工作完成率%" + RATE.format(120)),
        ("assessment_pass_rate", "-1", "质量考核合格率%" + RATE.format(-1)),
        ("coverage_rate", "八十五", "质量信得过班组创建普及率%请填写数字，例如 98.5"),
        ("first_pass_rate", "99.333", "产品/服务一次合格率%最多保留两位小数"),
        ("member_count", "12.5", "班组人数应为整数"),
        ("member_count", "5000", "班组人数 5000 超出合理范围（不超过 500）；请核对"),
        ("complaints", "-2", "年顾客投诉数不能为负数"),
        ("quality_cost", "1.234", "质量成本（万元/年）最多保留两位小数"),
        ("postcode", "20013", "邮编应为 6 位数字，例如 200040"),
        ("promoter_mobile", "1381234567", "手机号码应为 11 位数字，以 1 开头，例如 13812345678"),
        ("promoter_phone", "电话", "固定电话请写成 021-12345678 的形式，分机可写“转 123”"),
        ("promoter_email", "zhang@example", "E-mail 格式不对，例如 zhangsan@example.com"),
        ("summary_3", "字" * 1501, PART_3 + "最多 1500 字，现有 1501 字；请删减后再保存"),
    ],
)  # fmt: skip
def test_a_wrong_field_is_named_with_what_to_do(key, typed, message):
    checked = check({**GOOD, key: typed}, submitting=True)
    assert checked.errors == {key: message}
    assert checked.values[key] == typed  # kept as typed, to be corrected on the page


def test_first_pass_and_nonconforming_rates_must_add_up_to_at_most_100():
    checked = check(
        {**GOOD, "first_pass_rate": "99.5", "nonconforming_rate": "0.6"}, submitting=True
    )
    assert checked.errors == {
        "nonconforming_rate": "产品/服务一次合格率 99.5% 与不合格率 0.6% 之和超过 100%："
        "最终不合格的只能出自未一次合格的部分；请核对这两项"
    }
    assert check(
        {**GOOD, "first_pass_rate": "99.4", "nonconforming_rate": "0.6"}, submitting=True
    ).ok


def test_training_hours_without_people_trained_are_questioned():
    checked = check({**GOOD, "trained_people": "0", "training_hours": "40"}, submitting=True)
    assert checked.errors == {"training_hours": "年培训人数为 0 时，年培训时数也应为 0；请核对"}


def test_a_draft_may_be_partial_but_a_submission_names_every_missing_field():
    partial = {"team_name": "  丙烯酸装置运行三班  ", "completion_rate": "101"}
    draft = check(partial, submitting=False)
    assert draft.values["team_name"] == "丙烯酸装置运行三班"  # trimmed at the ends only
    assert draft.errors == {"completion_rate": "班组工作完成率%" + RATE.format(101)}
    submitted = check(partial, submitting=True)
    assert len(submitted.errors) == 24  # 28 less 班组名称, 固定电话, 2 consents
    assert submitted.errors["member_count"] == "请填写班组人数"
    assert submitted.errors["summary_6"] == "请填写近三年取得荣誉情况，包括班组集体和个人荣誉等"
    assert "promoter_phone" not in submitted.errors  # 固定电话 is optional


def test_names_keep_their_inner_spacing_and_characters_exactly():
    name = "冷轧厂  精整一班（Ⅱ线）"
    assert (
        check({**GOOD, "team_name": f"\u3000{name} "}, submitting=True).values["team_name"] == name
    )


def test_every_application_state_is_named_for_each_audience():
    from contest.season import labels
    from contest.season.models import ApplicationStatus

    for names in (labels.FOR_TEAM, labels.FOR_ENTERPRISE, labels.FOR_STAFF):
        assert set(names) == set(ApplicationStatus)
