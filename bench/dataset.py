"""A contest-day-sized contest for benchmarks: 4 venues × 50 teams, 9 judges each, all scored.

    from bench.dataset import build_contest
    contest = build_contest(seed=2026)   # inside an app context, on an empty database

Everything goes through the real models, and the steps after the scores go through the
app's own functions, as staff would do them on the day: automatic recusals
(`recusals.sync_automatic`), award grades by count and their confirmation, the national
proposal and its confirmation (`contest.ranking.results`), then the results are published.

The names look real and are fictional: companies of up to 40 characters (full-width
brackets, 〇, branch and plant suffixes), team names of up to 20, every team in one of 26
recommending units or applying directly. Marks are seeded, so two runs build the same
contest: each team has a level, each judge a bias, each mark some noise, all on the score
sheet's 0.5 steps; a few judges revise a mark (version 2), a few teams get an overtime
deduction, and two judges per venue work for an enterprise contesting in their venue, so
they recuse from its team(s) as the rules require.
"""

from __future__ import annotations

import random
import secrets
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from contest.extensions import db
from contest.models import (
    Channel,
    Contest,
    Deduction,
    Judge,
    PresentationMode,
    RecommendingUnit,
    Recusal,
    ScoreItem,
    ScoreMark,
    ScoreSubmission,
    StaffRole,
    StaffUser,
    StageState,
    Team,
    TeamStatus,
    Venue,
    utcnow,
)
from contest.ranking import results
from contest.roster.keys import new_access_key, new_fallback_code
from contest.roster.recusals import sync_automatic
from contest.settings import DEFAULT_SCORE_SHEET, DEFAULT_SETTINGS

CONTEST_NAME = "2026年上海市质量信得过班组建设经验发表赛"
VENUES = ("第一分会场", "第二分会场", "第三分会场", "第四分会场")
TEAMS_PER_VENUE = 50
JUDGES_PER_VENUE = 9
GRADES = (("一等奖", 40), ("二等奖", 60), ("三等奖", 100))  # every one of the 200 teams
NATIONAL = {"quota": 20, "per_enterprise": 1}
MAX_COMPANY, MAX_TEAM = 40, 20

DISTRICTS = (
    "浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区",
    "闵行区", "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
)  # fmt: skip
INDUSTRIES = (
    "上海电气集团", "上海建工集团", "上海医药集团", "上海交通行业", "上海市电力行业",
    "上海汽车工业行业", "上海化工行业", "上海航空行业", "上海轻工行业", "上海纺织行业",
)  # fmt: skip

# Companies as teams write them on form 2-1: a parent, a business, a legal form, and often
# the branch, plant or department the team belongs to.
PARENTS = (
    "上海电气", "上海建工", "上海医药", "上海汽车", "宝武钢铁", "中国石化上海", "国网上海",
    "上海城投", "上海久事", "上海申通地铁", "中国商飞上海", "上海隧道工程", "上海华谊",
    "光明食品", "上海机场", "东方航空", "中船", "上海烟草", "锦江国际", "百联", "上海外高桥",
    "上海临港", "上海浦东", "上海闵行", "上海宝山", "上海嘉定", "上海松江", "上海金山",
    "上海张江", "上海漕河泾", "上海紫竹", "上海申能", "上海振华重工", "上海三菱", "上海大众",
)  # fmt: skip
BUSINESSES = (
    "电站设备", "核电设备", "输配电工程", "精密机械", "环保工程", "汽车零部件", "现代物流",
    "新材料科技", "智能制造", "生物医药", "自来水", "燃气", "轨道交通设备", "船舶配套",
    "食品", "电梯", "仪器仪表", "医疗器械", "建筑装饰", "市政工程", "港口机械", "冷链物流",
    "化工", "涂料", "特种玻璃", "纺织科技", "航空维修", "半导体设备", "集成电路", "能源服务",
)  # fmt: skip
FORMS = ("有限公司", "股份有限公司", "集团有限公司", "有限责任公司", "科技有限公司")
BRANCHES = (
    "", "", "", "第一分公司", "浦东分公司", "嘉定工厂", "（临港）", "金山生产基地",
    "质量管理部", "运营维护中心", "制造事业部", "（盾构事业部）", "检修分公司", "第二工厂",
    "华东区域检测中心", "安亭生产基地", "（外高桥）", "技术中心", "客户服务中心",
)  # fmt: skip
# Hand-written long names, 36-40 characters, as the longest real entries are.
LONG_COMPANIES = (
    "中国船舶集团有限公司第七〇八研究所上海江南造船（集团）有限责任公司特种装备事业部",
    "上海电气电站设备有限公司上海汽轮机厂（临港重型装备制造基地）质量管理部",
    "中国石化上海石油化工股份有限公司芳烃部联合装置（金山卫）生产运行中心",
    "国网上海市电力公司市区供电公司（南京东路营业厅）配电运维检修中心",
    "上海浦东国际机场货运站有限公司（东区）进港操作部冷链物流服务中心",
    "上海申通地铁集团有限公司维护保障中心车辆分公司川杨河车辆基地定修车间",
    "上汽大众汽车有限公司（安亭）总装二车间底盘装配线质量控制与改进中心",
    "宝山钢铁股份有限公司冷轧厂（宝山基地）酸洗轧机联合机组设备维护作业区",
)
# Long team names, 16-20 characters, given to the teams of the long company names.
LONG_TEAMS = (
    "总装车间电气调试与质量检验联合攻关班组",
    "叶片车间精加工一班质量改进QC小组",
    "芳烃部联合装置外操四班质量攻关小组",
    "南京东路配电运检班可靠性提升小组",
    "进港理货二组冷链复核质量控制联合攻关班组",
    "川杨河基地定修一班转向架检修小组",
    "底盘线质量门班组一次合格率攻关组",
    "酸轧机组乙班设备点检与质量改进组",
)
WORKSHOPS = (
    "总装车间", "质检中心", "冷轧厂", "涂装事业部", "叶片车间", "焊接车间", "动力车间",
    "物流中心", "检测站", "调度中心", "客服中心", "配电运检", "机务维修", "仓储部",
    "制剂车间", "包装车间", "试验室", "运营中心", "设备部", "安装公司",
)  # fmt: skip
CREWS = (
    "电气调试", "精加工", "无菌包装", "冷链复核", "压片", "定修", "理货", "盾构管片拼装",
    "钢结构测量", "水质检测", "底盘线质量门", "注塑", "浇注", "外操", "铆装", "喷涂",
    "来料检验", "工艺改进", "计量校准", "巡检", "能效管理", "数字化攻关", "降本增效",
)  # fmt: skip
SUFFIXES = ("一班", "二班", "三班", "甲班", "乙班", "班组", "小组", "QC小组", "联合攻关班组")
SURNAMES = (
    "陈王李张刘周吴孙郑赵黄徐朱胡林何高罗马梁宋谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "建国", "丽华", "志强", "敏", "卫东", "雅琴", "海涛", "慧", "国平", "晓燕", "振华",
    "静", "明", "秀英", "伟", "芳", "军", "磊", "洁", "勇", "艳", "杰", "涛", "超", "霞",
    "宏伟", "文斌", "玉兰", "德明", "春生", "佳怡", "子涵", "思远", "立新", "红梅",
)  # fmt: skip
EMPLOYERS = (
    "上海市质量协会", "上海交通大学质量与可靠性研究所", "上海市标准化研究院", "上海电力大学",
    "上海质量管理科学研究院", "上海大学管理学院", "上海市计量测试技术研究院",
    "华东理工大学商学院", "同济大学经济与管理学院", "上海理工大学管理学院",
    "上海市质量和标准化研究院", "东华大学旭日工商管理学院", "上海工程技术大学",
)  # fmt: skip


@dataclass(frozen=True)
class Built:
    contest_id: int
    teams: int
    judges: int
    submissions: int  # every version
    marks: int
    recusals: int
    deductions: int
    revisions: int
    longest_company: int  # characters
    longest_team: int
    units: int
    direct: int  # teams without a recommending unit
    awards: dict[str, int]
    national: int


def _companies(rng: random.Random, n: int) -> list[str]:
    names = list(LONG_COMPANIES)
    seen = set(names)
    while len(names) < n:
        name = (
            rng.choice(PARENTS) + rng.choice(BUSINESSES) + rng.choice(FORMS) + rng.choice(BRANCHES)
        )
        if len(name) <= MAX_COMPANY and name not in seen:
            seen.add(name)
            names.append(name)
    rng.shuffle(names)
    return names[:n]


def _team_name(rng: random.Random) -> str:
    while True:
        name = rng.choice(WORKSHOPS) + rng.choice(CREWS) + rng.choice(SUFFIXES)
        if len(name) <= MAX_TEAM:
            return name


def _field(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n distinct (company, team): most enterprises send one team, some two or three."""
    companies = _companies(rng, int(n * 0.8))
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    index = 0
    while len(pairs) < n:
        company = companies[index % len(companies)]  # the first 20 % come round again
        index += 1
        pair = (company, _team_name(rng))
        if pair not in seen:
            seen.add(pair)
            pairs.append(pair)
    for company, team in zip(LONG_COMPANIES, LONG_TEAMS, strict=True):
        at = next(i for i, (c, _t) in enumerate(pairs) if c == company)
        pairs[at] = (company, team)  # the longest names together, as the worst case prints
    rng.shuffle(pairs)
    return pairs


def _person(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in taken:
            taken.add(name)
            return name


def _marks(rng: random.Random, items: list[ScoreItem], level: float, bias: float) -> list[Decimal]:
    values = []
    for item in items:
        share = min(1.0, max(0.5, level + bias + rng.gauss(0, 0.035)))
        steps = (Decimal(str(share)) * item.maximum / item.step).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        values.append(min(item.maximum, steps * item.step))
    return values


def _submission(team: Team, judge: Judge, items, values, version: int) -> ScoreSubmission:
    return ScoreSubmission(
        team=team,
        judge=judge,
        version=version,
        total=sum(values, Decimal(0)),
        channel=Channel.PHONE,
        idempotency_key=uuid.uuid4().hex,
        receipt=secrets.token_hex(4).upper(),
        marks=[ScoreMark(item=item, value=v) for item, v in zip(items, values, strict=True)],
    )


def build_contest(seed: int = 2026) -> Built:
    """Create, score, grade, select and publish the contest; commits; returns what it holds."""
    rng = random.Random(seed)
    settings = {**DEFAULT_SETTINGS, "national": dict(NATIONAL)}
    contest = Contest(name=CONTEST_NAME, year=2026, settings=settings)
    db.session.add(contest)
    items = []
    for position, (name, maximum, step, description) in enumerate(DEFAULT_SCORE_SHEET, 1):
        item = ScoreItem(
            contest=contest,
            name=name,
            maximum=maximum,
            step=step,
            description=description,
            position=position,
        )
        items.append(item)
        db.session.add(item)
    units = [RecommendingUnit(contest=contest, name=n) for n in DISTRICTS + INDUSTRIES]
    db.session.add_all(units)
    staff = StaffUser(username="bench-admin", display_name="秘书处", role=StaffRole.ADMIN)
    staff.set_password(secrets.token_urlsafe(12))
    db.session.add(staff)

    field = _field(rng, len(VENUES) * TEAMS_PER_VENUE)
    people: set[str] = set()
    teams: list[Team] = []
    judges: list[Judge] = []
    direct = 0
    for v, venue_name in enumerate(VENUES):
        venue = Venue(contest=contest, name=venue_name, position=v + 1)
        db.session.add_all([venue, StageState(venue=venue)])
        mine = field[v * TEAMS_PER_VENUE : (v + 1) * TEAMS_PER_VENUE]
        for order, (company, team_name) in enumerate(mine, 1):
            unit = None if rng.random() < 0.04 else rng.choice(units)
            direct += unit is None
            team = Team(
                contest=contest,
                venue=venue,
                unit=unit,
                company_name=company,
                team_name=team_name,
                member_count=rng.randint(6, 36),
                serial=len(teams) + 1,
                order_position=order,
                mode=PresentationMode.ONLINE if rng.random() < 0.2 else PresentationMode.IN_HALL,
            )
            teams.append(team)
            db.session.add(team)
        # Two judges of each venue work for an enterprise contesting there: they recuse.
        conflicted = {2: mine[4][0], 7: mine[27][0]}
        for number in range(1, JUDGES_PER_VENUE + 1):
            judge = Judge(
                contest=contest,
                venue=venue,
                number=number,
                name=_person(rng, people),
                employer=conflicted.get(number) or rng.choice(EMPLOYERS),
                certificate_no=f"TGQ-{rng.randint(2015, 2024)}-{rng.randint(1, 999):04d}",
                phone=f"13{rng.randint(100000000, 999999999)}",
                is_chair=number == 1,
                access_key=new_access_key(),
                fallback_code=new_fallback_code(),
            )
            judges.append(judge)
            db.session.add(judge)
    db.session.flush()
    sync_automatic(contest, actor="system:bench")
    recused = set(
        db.session.execute(
            sa.select(Recusal.judge_id, Recusal.team_id).where(
                Recusal.team_id.in_([t.id for t in teams])
            )
        ).tuples()
    )

    bias = {judge.id: rng.gauss(0, 0.02) for judge in judges}
    submissions = revisions = deductions = 0
    now = utcnow()
    for team in teams:
        level = rng.uniform(0.74, 0.95)
        for judge in (j for j in judges if j.venue is team.venue):
            if (judge.id, team.id) in recused:
                continue
            values = _marks(rng, items, level, bias[judge.id])
            if rng.random() < 0.05:  # a judge revised the sheet before scoring closed
                first = _marks(rng, items, level, bias[judge.id])
                db.session.add(_submission(team, judge, items, first, 1))
                db.session.add(_submission(team, judge, items, values, 2))
                revisions += 1
                submissions += 2
            else:
                db.session.add(_submission(team, judge, items, values, 1))
                submissions += 1
        if rng.random() < 0.06:
            db.session.add(
                Deduction(team=team, kind="overtime", amount=Decimal(1), reason="超时 1 分钟")
            )
            deductions += 1
        team.status = TeamStatus.SCORED
        team.scoring_closed_at = team.revealed_at = now
    db.session.commit()

    results.set_grades(contest, [(name, count, None) for name, count in GRADES], staff)
    db.session.flush()
    grades = results.confirm_grades(contest, staff)
    national = results.confirm_national(contest, staff)
    results.set_published(contest, True, staff)
    db.session.commit()

    awards: dict[str, int] = {}
    for name in grades.grades.values():
        awards[name] = awards.get(name, 0) + 1
    return Built(
        contest_id=contest.id,
        teams=len(teams),
        judges=len(judges),
        submissions=submissions,
        marks=submissions * len(items),
        recusals=len(recused),
        deductions=deductions,
        revisions=revisions,
        longest_company=max(len(t.company_name) for t in teams),
        longest_team=max(len(t.team_name) for t in teams),
        units=len({t.unit_id for t in teams if t.unit_id is not None}),
        direct=direct,
        awards={name: awards.get(name, 0) for name, _count in GRADES},
        national=len(national.selected),
    )
