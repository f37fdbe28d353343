"""The 评分与推荐意见 form's checks (pure): what the enterprise is told on a draft or a 提交,
word for word, and the rows a page or a paper form prints."""

from __future__ import annotations

from datetime import date

import pytest

from contest.season.opinion.form import KEYS, Row, check, rows
from contest.season.opinion.requirements import REQUIREMENTS
from tests.season.helpers import OPINION_TEXT

TODAY = date(2026, 7, 20)
GOOD = {
    **{f"rating_{n}": "meets" for n in range(1, 8)},
    "rating_7": "partly",
    "remark_7": "本集团发表评审安排在 8 月，材料审核已完成",
    "score": "92.5",
    "opinion": OPINION_TEXT,
    "filler": "李华",
    "filled_on": "2026-07-20",
}


def test_the_requirements_are_the_notices_seven_word_for_word():
    assert [str(r) for r in REQUIREMENTS] == [
        "积极投身于本单位、本行业、本区域开展的各项群众性质量提升活动，有行动，出成效。",
        "被推荐班组必须是企业最基础的正式组织单元。",
        "班组围绕组织的经营战略和战略部署分解目标，本着“质量为顾客和其他相关方创造价值”的"
        "核心理念，开展质量信得过班组建设活动并取得成效。",
        "班组成员积极参与群众性质量提升活动，有效运用适宜的质量管理理论和工具方法，稳定提高"
        "产品、服务和工作质量，取得顾客满意和信赖。",
        "班组活动目标完成率在本组织突出，班组产品、服务质量达到同行业、同工序先进水平。现场"
        "活动记录齐全，相关活动结果得到顾客确认，满意程度高。",
        "班组近三年无质量、安全、环保事故。",
        "各行业、集团对申报的上海市质量信得过班组典型经验进行材料审核、发表评审并提出评审意见。",
    ]


def test_a_complete_form_submits_and_a_submission_keeps_numbers_and_dates_normalised():
    typed = {**GOOD, "score": "９２。５分", "filled_on": "２０２６年7月2日", "filler": " 李华 "}
    checked = check(typed, submitting=True, today=TODAY)
    assert checked.errors == {}
    assert (checked.values["score"], checked.values["filled_on"], checked.values["filler"]) == (
        "９２。５分",
        "２０２６年7月2日",
        "李华",
    )  # a draft keeps what was typed
    assert (checked.clean["score"], checked.clean["filled_on"]) == ("92.5", "2026-07-02")
    assert check({**GOOD, "score": "100"}, submitting=True, today=TODAY).clean["score"] == "100"
    assert check({**GOOD, "score": "85.0"}, submitting=True, today=TODAY).clean["score"] == "85"


def test_an_empty_form_submitted_names_every_missing_field_in_order():
    checked = check({}, submitting=True, today=TODAY)
    assert list(checked.errors.items()) == [
        *[(f"rating_{n}", f"请评价第 {n} 项要求：选择符合、基本符合或不符合") for n in range(1, 8)],
        ("score", "请填写自评得分"),
        ("opinion", "请填写推荐意见"),
        ("filler", "请填写填表人"),
        ("filled_on", "请填写日期"),
    ]


def test_a_draft_needs_nothing_but_says_what_is_wrong_so_far():
    assert check({}, submitting=False, today=TODAY).errors == {}
    partial = {"rating_2": "fails", "score": "101", "opinion": "同意推荐"}
    assert check(partial, submitting=False, today=TODAY).errors == {
        "score": "自评得分应在 0 到 100 之间，现为 101",
        "opinion": "推荐意见至少 20 字，现有 4 字；请写明推荐的理由",
    }


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"rating_3": "good"}, "rating_3", "第 3 项的评价无效；请重新选择符合、基本符合或不符合"),
        ({"rating_7": "partly", "remark_7": ""}, "remark_7",
         "第 7 项评为“基本符合”，请在说明中写明原因"),
        ({"rating_6": "fails"}, "remark_6", "第 6 项评为“不符合”，请在说明中写明原因"),
        ({"remark_1": "说" * 201}, "remark_1", "第 1 项的说明最多 200 字，现有 201 字；请删减"),
        ({"score": "九十"}, "score", "自评得分请填写数字，例如 92.5"),
        ({"score": "-1"}, "score", "自评得分应在 0 到 100 之间，现为 -1"),
        ({"score": "100.5"}, "score", "自评得分应在 0 到 100 之间，现为 100.5"),
        ({"score": "92.55"}, "score", "自评得分最多保留一位小数，例如 92.5"),
        ({"opinion": "好" * 19}, "opinion", "推荐意见至少 20 字，现有 19 字；请写明推荐的理由"),
        # 12 Han + ， + 。 + QC + 2026 + 100%: counted as Word counts Chinese, 17.
        ({"opinion": "班组开展QC小组活动，2026年完成率100%。"}, "opinion",
         "推荐意见至少 20 字，现有 17 字；请写明推荐的理由"),
        ({"opinion": "好" * 501}, "opinion", "推荐意见最多 500 字，现有 501 字；请删减"),
        ({"filler": "李" * 51}, "filler", "填表人最多 50 字"),
        ({"filled_on": "7月20日"}, "filled_on", "日期请按 2026-07-20 的形式填写"),
        ({"filled_on": "2026-02-30"}, "filled_on", "日期请按 2026-07-20 的形式填写"),
        ({"filled_on": "2026-07-21"}, "filled_on", "日期不能晚于今天（2026-07-20）"),
    ],
)  # fmt: skip
def test_each_check_says_what_to_do(changes, key, message):
    assert check({**GOOD, **changes}, submitting=True, today=TODAY).errors == {key: message}


def test_the_limits_themselves_are_accepted():
    for changes in (
        {"opinion": "好" * 20},
        {"opinion": "好" * 500},
        {"remark_1": "说" * 200},
        {"score": "0"},
        {"score": "0.5"},
        {"filler": "李" * 50},
        {"rating_1": "fails", "remark_1": "班组去年有一起轻微质量事故"},
    ):
        assert check({**GOOD, **changes}, submitting=True, today=TODAY).errors == {}, changes


def test_rows_print_the_form_top_to_bottom():
    clean = check(GOOD, submitting=True, today=TODAY).clean
    printed = rows(
        company="上海华谊（集团）公司  丙烯酸厂",
        team="丙烯酸装置运行三班",
        number="2026-0001",
        recommender="浦东新区质量协会",
        values=clean,
    )
    assert printed[:4] == [
        Row("", "申报编号", "2026-0001"),
        Row("", "单位名称（公章为准）", "上海华谊（集团）公司  丙烯酸厂"),
        Row("", "质量信得过班组名称", "丙烯酸装置运行三班"),
        Row("", "推荐单位", "浦东新区质量协会"),
    ]
    assert printed[4] == Row("1", str(REQUIREMENTS[0]), "符合", "", "rating_1")
    assert printed[10] == Row(
        "7",
        str(REQUIREMENTS[6]),
        "基本符合",
        "本集团发表评审安排在 8 月，材料审核已完成",
        "rating_7",
    )
    assert printed[11:] == [
        Row("", "自评得分", "92.5", key="score"),
        Row("", "推荐意见", OPINION_TEXT, key="opinion"),
        Row("", "填表人", "李华", key="filler"),
        Row("", "日期", "2026-07-20", key="filled_on"),
    ]
    assert len(KEYS) == 18
