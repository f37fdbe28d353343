"""附件1-1 of the notice: 上海市“质量信得过班组”建设经验申报/推荐要求, word for word.

The enterprise rates its team against each requirement (对标对表). Kept as data so a new
season's notice changes this list only; the ratings store the requirement's number.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TITLE = _l("上海市“质量信得过班组”建设经验申报/推荐要求")
SOURCE = _l("附件1-1")

REQUIREMENTS = (
    _l("积极投身于本单位、本行业、本区域开展的各项群众性质量提升活动，有行动，出成效。"),
    _l("被推荐班组必须是企业最基础的正式组织单元。"),
    _l(
        "班组围绕组织的经营战略和战略部署分解目标，本着“质量为顾客和其他相关方创造价值”的"
        "核心理念，开展质量信得过班组建设活动并取得成效。"
    ),
    _l(
        "班组成员积极参与群众性质量提升活动，有效运用适宜的质量管理理论和工具方法，稳定提高"
        "产品、服务和工作质量，取得顾客满意和信赖。"
    ),
    _l(
        "班组活动目标完成率在本组织突出，班组产品、服务质量达到同行业、同工序先进水平。现场"
        "活动记录齐全，相关活动结果得到顾客确认，满意程度高。"
    ),
    _l("班组近三年无质量、安全、环保事故。"),
    _l("各行业、集团对申报的上海市质量信得过班组典型经验进行材料审核、发表评审并提出评审意见。"),
)

# Stored code -> what the form and the paper say. Only MEETS needs no remark.
MEETS = "meets"
RATINGS = {
    MEETS: _l("符合"),
    "partly": _l("基本符合"),
    "fails": _l("不符合"),
}
