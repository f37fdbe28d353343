"""What the archive reader calls the stored columns and tables, in Chinese.

The archive's JSON keeps the database's own names (a stable format a program can read back);
a person reading it on the page sees these. A column not listed is shown by its stored name.
"""

from __future__ import annotations

HEADERS = {
    "id": "序号", "number": "编号", "name": "名称", "serial": "流水号", "version": "版本",
    "season_id": "年度", "contest_id": "比赛", "venue_id": "分会场", "team_id": "班组",
    "judge_id": "评委", "round_id": "评审轮次", "task_id": "任务", "unit_id": "推荐单位",
    "application_id": "申报表", "enterprise_id": "申报单位", "recommender_id": "推荐单位",
    "contest_team_id": "发表赛班组", "owner_id": "申报人", "import_batch_id": "导入批次",
    "company_name": "企业名称", "team_name": "班组名称", "member_count": "班组人数",
    "channel": "申报通道", "status": "状态", "state": "状态", "stage": "阶段", "kind": "类别",
    "mode": "方式", "form": "表单内容", "files": "附件", "content_hash": "内容哈希",
    "sha256": "SHA-256", "hash": "哈希", "prev_hash": "上一条哈希", "size": "大小（字节）",
    "pages": "页数", "characters": "字数", "receipt": "回执", "seal": "盖章",
    "qr_state": "二维码核对", "qr_text": "二维码内容", "created_at": "创建时间",
    "updated_at": "更新时间", "submitted_at": "提交时间", "uploaded_at": "上传时间",
    "checked_at": "审核时间", "decided_at": "决定时间", "opened_at": "开启时间",
    "opens_at": "开始时间", "closes_at": "截止时间", "published_at": "发布时间",
    "answered_at": "答复时间", "linked_at": "关联时间", "first_opened_at": "首次打开时间",
    "revealed_at": "揭晓时间", "scoring_closed_at": "评分结束时间", "at": "时间",
    "day": "日期", "starts_on": "开始日期", "ends_on": "结束日期", "accepted_on": "受理日期",
    "due_on": "答复期限", "window_until": "窗口截止", "submitted_by_id": "提交人",
    "uploaded_by_id": "上传人", "entered_by_id": "录入人", "created_by_id": "创建人",
    "decided_by_id": "决定人", "opened_by_id": "开启人", "published_by_id": "发布人",
    "checked_by": "审核人", "handler_id": "经办人", "staff_id": "工作人员",
    "employer": "工作单位", "certificate_no": "证书编号", "phone": "电话", "email": "电子邮箱",
    "contact": "联系方式", "is_chair": "组长", "active": "启用", "position": "排序",
    "order_position": "出场顺序", "online_ready": "线上就绪", "maximum": "满分",
    "step": "步长", "criteria": "评分要点", "marks": "各项得分", "total": "总分",
    "reason": "原因", "reasons": "原因", "note": "备注", "notes": "备注",
    "decision": "决定", "outcome": "结论", "grounds": "理由", "attachment": "附件",
    "idempotency_key": "提交标识", "rules": "规则", "rows": "名单",
    "reviewers_per_application": "每份评审专家数", "divergence_spread": "分歧阈值",
    "exclude_same_recommender": "同推荐单位回避", "shortlist_size": "入围数量",
    "working_days": "工作日数", "workday": "工作日", "sequence": "序号",
    "published_version": "发布版本", "action": "操作", "actor": "操作人", "subject": "对象",
    "data": "详情", "unit": "单位", "purpose": "用途", "signer_kind": "签名人类别",
    "signer_id": "签名人", "signer_name": "签名人姓名", "subject_hash": "签名内容哈希",
    "image_sha256": "签名图像哈希", "device": "设备", "signed_at": "签名时间",
    "superseded_at": "作废时间", "superseded_reason": "作废原因", "text_sha256": "承诺书哈希",
    "accepted_at": "接受时间", "filer_name": "申诉人", "via": "途径", "filed_at": "申诉时间",
    "ruling": "复核理由", "ruled_at": "复核时间", "staff_signature_id": "工作人员签名",
    "chair_signature_id": "评委组长签名",
}  # fmt: skip

TITLES = {
    "application": "申报表", "submissions": "提交版本", "decisions": "审查决定",
    "files": "附件", "tasks": "任务",
}  # fmt: skip


def header(key: str) -> str:
    return HEADERS.get(key, key)


def title(key: str) -> str:
    return TITLES.get(key, key)
