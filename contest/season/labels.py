"""How each audience names an application's state (a test checks every state is named)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from contest.season.models import ApplicationStatus as S

FOR_TEAM = {
    S.DRAFT: _l("草稿"),
    S.SUBMITTED: _l("已提交，待单位审核"),
    S.RETURNED: _l("退回修改"),
    S.APPROVED: _l("单位已同意推荐"),
    S.RECOMMENDED: _l("推荐单位已推荐，待形式审查"),
    S.FORMAL_RETURNED: _l("形式审查退回修改"),
    S.ACCEPTED: _l("形式审查通过"),
    S.REFUSED: _l("不予受理"),
}
FOR_ENTERPRISE = {
    S.DRAFT: _l("草稿"),
    S.SUBMITTED: _l("待本单位审核"),
    S.RETURNED: _l("已退回修改"),
    S.APPROVED: _l("已同意推荐"),
    S.RECOMMENDED: _l("推荐单位已推荐"),
    S.FORMAL_RETURNED: _l("形式审查退回修改"),
    S.ACCEPTED: _l("形式审查通过"),
    S.REFUSED: _l("不予受理"),
}
FOR_STAFF = {
    S.DRAFT: _l("草稿"),
    S.SUBMITTED: _l("待企业审核"),
    S.RETURNED: _l("企业退回修改"),
    S.APPROVED: _l("待推荐单位推荐"),
    S.RECOMMENDED: _l("待形式审查"),
    S.FORMAL_RETURNED: _l("退回修改中"),
    S.ACCEPTED: _l("通过"),
    S.REFUSED: _l("不予受理"),
}
