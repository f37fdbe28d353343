"""Every route of the app with realistic arguments, and who each one is for.

Routes come from `app.url_map`, so a new route is covered the day it is added: unless it is
on one of the allow-lists below, it is expected to be for the secretariat (admin) only.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Judge, Recusal, StaffUser
from contest.national.models import NationalTask
from contest.review.models import Assignment, Reviewer
from contest.season.models import Application, Enterprise, Recommender, Registration
from tests.conftest import PASSWORDS
from tests.factories import team_at

# Anyone may open these: pages for the hall and the audience, sign-in, key entry, checks.
PUBLIC = {
    "public.index",
    "public.health",
    "public.favicon",
    "public.verify_form",
    "public.verify",
    "display.hall",
    "display.viewer",
    "display.overlay",
    "display.logo_image",
    "static",
    "api.contest_standings",
    "api.venue_state",
    "api.openapi_document",
    "judge.code",
    "judge.sign_in",
    "auth.login",
    "auth.logout",
    # The season's channels: their sign-in, and the page an invitation link opens.
    "apply.login",
    "apply.logout",
    "apply.join",
    # 注册申请: the choice of kinds and each kind's form (no invitation link needed).
    "apply_register.index",
    "apply_register.form",
    # 材料文审's expert pages: the personal link is the key (an unknown key is a 404).
    "reviewer.chair",
    "reviewer.chair_note",
    # 公示 and publication: anyone, signed in or not (contest.publicity.public).
    "publicity.notice_page",
    "publicity.file_objection",
    "publicity.receipt_download",
    "publicity.objection_status",
    "publicity.results_page",
    "publicity.results_json",
    # 典型经验: published, consented teams' summaries (contest/national/sharing.py).
    "sharing.index",
    # A printed 评分汇总表's QR code: the figures checked against the system's (read-only).
    "signing.summary_check",
    # The witnessed draw: its public check page and data, and a witness's phone page.
    "fairdraw.check",
    "fairdraw.record_json",
    "fairdraw.witness",
    # A team's appeal page: its signed link is the key (a wrong one is a 404).
    "appeals.team_page",
    # 材料文审: an expert's pages by their personal link (a wrong key is a 404).
    "reviewer.home",
    "reviewer.work",
    "reviewer.save_draft",
    "reviewer.submit",
    "reviewer.scan",
}
# The season's channels: only a person signed in there (an applicant, never staff).
APPLICANTS = {
    "apply.home",
    "apply.report_problem",
    "apply.messages",
    "apply_team.home",
    "apply_team.new",
    "apply_team.form",
    "apply_team.save",
    "apply_team.confirm",
    "apply_team.submit",
    "apply_team.receipt",
    "apply_team.upload",
    "apply_team.download",
    "apply_team.paper",
    "national_team.home",
    "national_team.task",
    "national_team.upload",
    "national_team.download",
    "national_team.submit",
    "national_team.receipt",
    "apply_unit.home",
    "apply_unit.invite_team",
    "apply_unit.review",
    "apply_unit.decide",
    "apply_unit.opinion",
    "apply_unit.opinion_save",
    "apply_unit.opinion_scan_upload",
    "apply_unit.opinion_scan",
    "apply_unit.opinion_paper",
    "apply_recommender.home",
    "apply_recommender.add_enterprise",
    "apply_recommender.recommend",
    "apply_recommender.add_judge",
    "apply_recommender.report",
    "apply_recommender.report_submit",
    "apply_recommender.report_paper",
    "apply_recommender.form_paper",
    "apply_recommender.remove_judge",
    "apply_recommender.application",
    "apply_recommender.opinion_scan",
    "apply_recommender.review",
    "apply_recommender.review_save",
    "apply_recommender.review_confirm",
    "apply_recommender.review_submit",
    "apply_recommender.form_receipt",
    "apply_recommender.recommendation",
    "apply_recommender.recommendation_save",
    "apply_register.decide",
}
# Only a phone signed in through a judge's personal link.
JUDGE_ONLY = {
    "judge.page",
    "api.get_judge_state",
    "api.get_judge_marks",
    "api.post_score",
    "pledge.accept",
    "signing.sign",
    "countersign.sign",
}
# A venue's hosts (and admins). The value: how each answers someone not signed in as staff.
VENUE_HOSTS = {
    "host.console": "login",
    "api.stage_action": 401,
    "api.nudge_judge": 403,
    "api.venue_audience": 403,
    "api.overtime_preview": 403,
}
# Of those, what the 监督 may watch (read-only); the stage and the nudge refuse them.
SUPERVISOR_WATCHES = {"host.console", "api.venue_audience", "api.overtime_preview"}
# Paper ballots and corrections: admins and 录入员 (the 监督 may look).
CLERKS = {
    "admin.clerk_home",
    "admin.paper_ballots",
    "admin.paper_ballot",
    "admin.team_page",
    "admin.team_scores",
    "admin.correct_score",
}
# Admins only, even to look: whoever holds a judge's key can score as that judge (so too a
# backup file, which holds every key), and printing a certificate gives it its number (a
# change, though asked for with GET).
ADMIN_ONLY = {
    "admin.judge_cards",
    "admin.certificate_team_pdf",
    "admin.backup_download",
    "review_staff.reviewer_links",  # every reviewer's personal link
}
# The 监督 signs or refuses what waits for them: nobody else, admins included.
SUPERVISOR_SIGNS = {"supervision.approve", "supervision.refuse", "signing.supervisor_sign"}
# Any signed-in staff member: their own start page.
ANY_STAFF = {"auth.home", "auth.password", "auth.password_change"}
STAFF = ("clerk", "supervisor", "other_host", "host", "admin")
# Sign-in forms: a wrong password is answered 401 with the form, not a refusal of the route.
SIGN_INS = {"auth.login", "apply.login"}


@dataclass(frozen=True)
class Call:
    endpoint: str
    method: str
    path: str


def refusal(call: Call, who: str) -> str | int | None:
    """How the app turns `who` away from `call`: "login", a status, or None (let in)."""
    endpoint = call.endpoint
    if endpoint in PUBLIC:
        return None
    if endpoint in JUDGE_ONLY:
        return None if who == "judge" else 401
    if endpoint in APPLICANTS:
        return None if who == "applicant" else "apply-login"
    if endpoint in VENUE_HOSTS:
        if who in ("host", "admin") or (who == "supervisor" and endpoint in SUPERVISOR_WATCHES):
            return None
        return 403 if who in STAFF else VENUE_HOSTS[endpoint]
    if who not in STAFF:
        # A judge's session is no staff sign-in: judges are sent to sign in like anyone else.
        return "login"
    if endpoint in SUPERVISOR_SIGNS:
        return None if who == "supervisor" else 403
    if endpoint in ANY_STAFF or who == "admin":
        return None
    if who == "supervisor" and call.method == "GET" and endpoint not in ADMIN_ONLY:
        return None  # the 监督 sees everything staff see, and changes nothing
    if who == "clerk" and endpoint in CLERKS:
        return None
    return 403


# Where one argument name means something else: an attachment's kind, not an import's.
ARGUMENTS = {
    "season_admin.application_file": {"kind": "scan"},
    "apply_team.upload": {"kind": "scan"},
    "apply_team.download": {"kind": "scan"},
    "national_team.upload": {"kind": "scan"},
    "national_team.download": {"kind": "scan"},
    "national_staff.file": {"kind": "scan"},
    "archive.read": {"name": "season-2026-20260930T000000Z.zip"},
    "archive.entry": {"name": "season-2026-20260930T000000Z.zip"},
    "archive.download": {"name": "season-2026-20260930T000000Z.zip"},
    "apply_team.paper": {"fmt": "docx"},
    "season_admin.application_paper": {"fmt": "docx"},
    "apply_recommender.report_paper": {"form_no": "2-2", "fmt": "docx"},
    "apply_recommender.form_paper": {"form_no": "2-4", "fmt": "docx"},
    "season_admin.unit_form_paper": {"form_no": "2-3", "fmt": "pdf"},
    "apply_unit.opinion_paper": {"fmt": "docx"},
    "season_admin.opinion_paper": {"fmt": "pdf"},
    "apply_register.form": {"kind": "enterprise"},
    "reviewer.scan": {"kind": "scan"},
}


def _first(model) -> int:
    """The first row's id (the applicant world's), or 1 where a test made none."""
    return db.session.scalar(sa.select(model.id).order_by(model.id).limit(1)) or 1


def calls(app, demo) -> list[Call]:
    """One call per rule and method (GET, POST), with ids from the demo contest."""
    judge_nine = db.session.scalar(sa.select(Judge).where(Judge.number == 9))
    values = {
        "contest_id": demo.id,
        "venue_id": demo.venues[0].id,
        "team_id": team_at(demo, 1).id,
        "judge_id": db.session.scalar(sa.select(Judge.id).where(Judge.number == 1)),
        "token": "0" * 32,
        "name": "ranking",
        "kind": "teams",
        "batch_id": 1,
        "action": "call",
        "key": judge_nine.access_key,
        "access_key": "0" * 32,
        "certificate_no": "SQA-2026-001",
        "filename": "css/base.css",
        "entry_id": 1,
        "backup_name": "contest-1-20260918T080000Z.json",
        "recusal_id": db.session.scalar(sa.select(Recusal.id).order_by(Recusal.id).limit(1)),
        "application_id": _first(Application),
        "version": 1,
        "enterprise_id": _first(Enterprise),
        "recommender_id": _first(Recommender),
        "code": "0" * 32,
        "choice": "recommend",
        "fmt": "docx",  # a generated form's format (contest.season.papers)
        "form_no": "2-2",
        "form": "review",
        "registration_id": _first(Registration),
        "reviewer_id": _first(Reviewer),
        "assignment_id": _first(Assignment),
        "year": 2026,
        "season_id": 1,
        "objection_id": 1,
        "override_id": 1,
        "request_id": 1,  # a co-sign request (contest.supervision); none exists: a 404
        "sheet_hash": "0" * 64,  # a printed 评分汇总表's hash (contest.signing.summary)
        "appeal_id": 1,  # an appeal (contest.appeals); none exists: a 404
        "task_id": _first(NationalTask),
        "staff_id": db.session.scalar(
            sa.select(StaffUser.id).where(StaffUser.username == "clerk-a")
        ),
    }
    urls = app.url_map.bind("contest.test")
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        missing = rule.arguments - values.keys()
        assert not missing, f"{rule.rule}: give the test a realistic value for {missing}"
        given = {**values, **ARGUMENTS.get(rule.endpoint, {})}
        path = urls.build(rule.endpoint, {a: given[a] for a in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            found.append(Call(rule.endpoint, method, path))
    return found


def body(call: Call, demo) -> dict:
    """What the page or script would send: a real change wherever that is easy to give."""
    team = team_at(demo, 1)
    code = db.session.scalar(sa.select(Judge.fallback_code).where(Judge.number == 2))
    return {
        "auth.login": {"username": "admin", "password": PASSWORDS["admin"]},
        "judge.code": {"code": code},
        "apply_team.new": {"enterprise": _first(Enterprise)},
        "api.stage_action": {"team_id": team.id},
        "admin.names_lock": {"locked": "1"},
        "admin.display_settings": {"show_judge_names": "1"},
        "admin.results_publish": {"published": "1"},
        "admin.judge_active": {"active": "0"},
        "admin.setup_rules": {
            **{"trim_each_end": "1", "min_panel_for_trim": "5", "decimals": "2"},
            **{"talk_minutes": "14", "qa_minutes": "5", "warning_minutes": "2"},
            **{"overtime_rule": "flat", "overtime_amount": "1", "reason": "按通知调整"},
        },
        "admin.setup_sheet": {
            "item_id": [str(i.id) for i in demo.items],
            "name": [i.name for i in demo.items],
            "maximum": [str(i.maximum) for i in demo.items],
            "step": [str(i.step) for i in demo.items],
            "criteria": ["评分要点已修订" for _ in demo.items],
        },
        "admin.finalise_venue": {"confirm": "1"},
        "admin.contest_new": {"name": "2027年发表赛", "year": "2027", "issuer": "上海市质量协会"},
        "admin.contest_basic": {
            "name": demo.name,
            "year": "2026",
            "starts_on": "2026-09-18",
            "issuer": "上海市质量协会",
        },
        "admin.setup_venues": {
            "name": "第三分会场（报告厅）",
            "short_name": "第三分会场",
            "code": "C",
        },
        "admin.setup_venue_stream": {"stream_url": "https://live.example.com/hall-a/index.m3u8"},
        "admin.setup_team_add": {
            "unit": "上海市化工行业协会",
            "company_name": "上海新增化工有限公司",
            "team_name": "聚合车间甲班",
            "member_count": "9",
            "mode": "online",
            "venue_id": str(demo.venues[0].id),
        },
        "admin.setup_judge_add": {
            "name": "周新评",
            "employer": "上海市质量协会",
            "certificate_no": "TGQ-2026-0999",
            "phone": "13800000999",
            "venue_id": str(demo.venues[0].id),
        },
        "admin.setup_recusal_add": {
            "judge_id": str(db.session.scalar(sa.select(Judge.id).where(Judge.number == 1))),
            "team_id": str(team.id),
            "reason": "该评委曾在该企业任职",
        },
        "admin.team_withdraw": {"reason": "企业通知不再参赛"},
        "admin.account_create": {
            "username": "clerk-b",
            "display_name": "第二录入员",
            "role": "clerk",
            "password": "clerk-b-pass-1",
        },
        "admin.account_active": {"active": "0"},
        "admin.account_password": {"password": "clerk-a-new-pass"},
        "admin.account_role": {"role": "supervisor"},
        "admin.locks_clear": {"lock": "login/address/127.0.0.1"},
        "admin.team_edit": {
            "company_name": "上海改名公司",
            "team_name": team.team_name,
            "member_count": "8",
            "mode": "in_hall",
            "reason": "更正",
        },
    }.get(call.endpoint, {})


def send(client, call: Call, demo, csrf: str | None):
    """The call as a browser or the page's script makes it; csrf None leaves the token out."""
    if call.method == "GET":
        return client.get(call.path)
    data = body(call, demo)
    if call.path.startswith("/api/"):
        headers = {"X-CSRFToken": csrf} if csrf is not None else {}
        return client.post(call.path, json=data, headers=headers)
    if csrf is not None:
        data = {**data, "csrf_token": csrf}
    return client.post(call.path, data=data)
