"""A venue scored on paper: 5 teams × 7 judges, one recusal, totals only, worked by hand.

Shared by the client tests (tests/setup/test_finalise.py) and the Chromium test
(tests/browser/test_finalise.py): the same contest, the same workbook, the same answers.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from contest.extensions import db
from contest.models import Judge, Recusal, RecusalKind, Team
from contest.roster.keys import new_access_key, new_fallback_code
from tests.imports.files import new_contest, write_xlsx

VENUE = "第一分会场"
TEAMS = [
    ("上海电气电站设备有限公司上海汽轮机厂", "叶片车间精加工一班"),
    ("上海外高桥造船有限公司", "涂装事业部分段涂装三班"),
    ("上海浦东国际机场货运站有限公司（东区）", "进港理货二组"),
    ("上海城投水务（集团）有限公司制水分公司", "杨树浦水厂运行班"),
    ("上海光明乳业股份有限公司华东中心工厂", "灌装车间甲班"),
]
JUDGES = ["陈建国", "王芳", "李志强", "赵敏", "孙立群", "周晓燕", "吴海涛"]
RECUSED = (3, 2)  # 评委3 李志强 works for team 2's enterprise
EMPLOYERS = {3: TEAMS[1][0]}

# Judge totals per team (judges 1-7); None: the judge recuses.
TOTALS: dict[int, list[str | None]] = {
    # Drop 86 (评委7) and 99 (评委6): (95+90+91+92+93) / 5 = 92.2 -> 92.20
    1: ["95", "90", "91", "92", "93", "99", "86"],
    # Six judges: drop 85 (评委6) and 95 (评委5): (92+88.5+90+90) / 4 = 90.125 -> 90.13
    # (half-up; Python's round() would give 90.12)
    2: ["92", "88.5", None, "90", "95", "85", "90"],
    # Drop 60 (评委6) and 94.5 (评委7): (93+93.5+92.5+94+93) / 5 = 93.2 -> 93.20. Untrimmed
    # the mean is 88.64, below team 1: trimming decides first place.
    3: ["93", "93.5", "92.5", "94", "93", "60", "94.5"],
    # Three 88s: the lowest judge number (评委1) is the one dropped; 91 (评委7) dropped high.
    # (88+89+90+90+88) / 5 = 89 -> 89.00
    4: ["88", "88", "90", "90", "89", "88", "91"],
    # Drop 80 (评委6) and 95 (评委7): 445 / 5 = 89.00, equal with team 4: both 4th.
    5: ["89", "89", "89", "89", "89", "80", "95"],
}
# (team, final score, rank, judge dropped low, judge dropped high), best first.
EXPECTED = [
    (3, Decimal("93.20"), 1, 6, 7),
    (1, Decimal("92.20"), 2, 7, 6),
    (2, Decimal("90.13"), 3, 6, 5),
    (4, Decimal("89.00"), 4, 1, 7),
    (5, Decimal("89.00"), 4, 6, 7),
]

# The ranking workbook's venue sheet, best first: each judge's total (columns 评委1-7), and
# the dropped marks, struck through: (Excel row, column header).
VENUE_MARKS = [
    [93, 93.5, 92.5, 94, 93, 60, 94.5],
    [95, 90, 91, 92, 93, 99, 86],
    [92, 88.5, "回避", 90, 95, 85, 90],
    [88, 88, 90, 90, 89, 88, 91],
    [89, 89, 89, 89, 89, 80, 95],
]
STRUCK = {
    (2, "评委6"),
    (2, "评委7"),
    (3, "评委6"),
    (3, "评委7"),
    (4, "评委5"),
    (4, "评委6"),
    (5, "评委1"),
    (5, "评委7"),
    (6, "评委6"),
    (6, "评委7"),
}


def venue_sheet(ws) -> tuple[list[list], set[tuple[int, str]]]:
    """The judges' cells of the ranking's venue sheet, and which of them are struck through."""
    columns = range(6, 13)  # after 名次, 序号, 推荐单位, 企业名称, 班组名称
    # The header is row 4 (under the title and date); judges are headed 「评委1 姓名」.
    marks = [[ws.cell(r, c).value for c in columns] for r in range(5, 10)]
    struck = {
        (r - 3, ws.cell(4, c).value.split()[0])
        for r in range(5, 10)
        for c in columns
        if ws.cell(r, c).font.strike
    }
    return marks, struck


def build():
    """The contest (in the current app context): venue, teams, judges, the recusal."""
    contest = new_contest(VENUE)
    venue = contest.venues[0]
    teams = []
    for serial, (company, name) in enumerate(TEAMS, 1):
        team = Team(
            contest=contest,
            venue=venue,
            company_name=company,
            team_name=name,
            member_count=8,
            serial=serial,
            order_position=serial,
        )
        teams.append(team)
    judges = [
        Judge(
            contest=contest,
            venue=venue,
            number=number,
            name=name,
            employer=EMPLOYERS.get(number, "上海市质量协会"),
            access_key=new_access_key(),
            fallback_code=new_fallback_code(),
        )
        for number, name in enumerate(JUDGES, 1)
    ]
    db.session.add_all(teams + judges)
    judge, team = RECUSED
    db.session.add(
        Recusal(
            judge=judges[judge - 1],
            team=teams[team - 1],
            kind=RecusalKind.AUTOMATIC,
            reason="评委工作单位与企业名称相同",
        )
    )
    db.session.commit()
    return contest


def workbook(path: Path) -> Path:
    """The totals as the secretariat would key them in: one row per judge and team."""
    rows: list[list[str | None]] = [["评委", "企业名称", "班组名称", "总分"]]
    for team, totals in TOTALS.items():
        company, name = TEAMS[team - 1]
        for number, total in enumerate(totals, 1):
            if total is not None:
                rows.append([f"评委{number}", company, name, total])
    return write_xlsx(path, rows)
