"""How each audience names an application's state (a test checks every state is named)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from contest.season.models import ApplicationStatus as S

FOR_TEAM = {
    S.DRAFT: _l("草稿"),
    S.SUBMITTED: _l("已提交，待单位审核"),
    S.RETURNED: _l("退回修改"),
    S.APPROVED: _l("单位已同意推荐"),
    S.RECOMMENDED: _l("推荐单位已推荐"),
}
FOR_ENTERPRISE = {
    S.DRAFT: _l("草稿"),
    S.SUBMITTED: _l("待本单位审核"),
    S.RETURNED: _l("已退回修改"),
    S.APPROVED: _l("已同意推荐"),
    S.RECOMMENDED: _l("推荐单位已推荐"),
}
