"""`flask --app contest certificates OUT.pdf`: every awarded team's certificate in one PDF."""

from __future__ import annotations

import time
from pathlib import Path

import click


@click.command("certificates")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--contest", "contest_id", type=int, help="Contest id (when there are several).")
@click.option("--team", "team_id", type=int, help="Only this team's certificate.")
def certificates_command(output: Path, contest_id: int | None, team_id: int | None) -> None:
    """Write the certificates to OUTPUT; teams without a number get one first (audited)."""
    from contest.certificates import numbering, record_printed, template
    from contest.certificates.render import certificates_for, render_pdf
    from contest.certificates.verify import verify_url
    from contest.cli import _pick_contest
    from contest.exports.cli import write_file
    from contest.extensions import db
    from contest.fonts import MissingFontError

    contest = _pick_contest(contest_id)
    given = numbering.assign_numbers(contest, actor="cli")
    db.session.commit()
    if given:
        click.echo(f"已分配证书编号 {len(given)} 个：{given[0].certificate_no} 起")
    awards = [a for a in numbering.awarded(contest) if team_id is None or a.team_id == team_id]
    if not awards:
        raise click.ClickException(why_nothing_to_print(contest, team_id))
    certs = certificates_for(contest, awards, url_for_number=verify_url)
    started = time.perf_counter()
    try:
        pdf = render_pdf(
            certs,
            template.settings_of(contest),
            progress=lambda done, total: click.echo(f"已排版 {done} / {total}"),
        )
    except MissingFontError as error:
        raise click.ClickException(str(error)) from error
    write_file(output, pdf)
    record_printed(contest.id, certs, actor="cli")
    db.session.commit()
    seconds = time.perf_counter() - started
    size = len(pdf) // 1024
    click.echo(f"已写入 {output}：{len(certs)} 张证书，{size} KiB，用时 {seconds:.1f} 秒")
    if contest.results_published_at is None:
        click.echo(UNPUBLISHED, err=True)


PAGE = "管理后台 → 获奖与推荐"
UNPUBLISHED = (
    f"注意：获奖名单尚未发布，证书上的二维码在发布前查验不到；请在 {PAGE} 点「发布获奖名单」"
)


def why_nothing_to_print(contest, team_id: int | None) -> str:
    """No certificate to print: the first step still to do, and where to do it."""
    from contest.certificates import numbering
    from contest.extensions import db
    from contest.models import Team
    from contest.ranking import results, standings

    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is None or team.contest_id != contest.id:
            return f"这场比赛没有编号为 {team_id} 的班组，请核对 --team 后的班组编号"
    if not standings.compute(contest):
        return (
            "还没有任何班组有最后得分：先在台上揭晓成绩，或在 管理后台 → 导入成绩定分 定分；"
            f"然后在 {PAGE} 设定并确认获奖等级，再发布"
        )
    if not results.grades_of(contest):
        return (
            f"还没有设定奖项：先在 {PAGE} 填写奖项并点「保存奖项设置」，"
            "再点「按系统建议确认奖项」，然后「发布获奖名单」"
        )
    if team_id is not None and numbering.awarded(contest):
        return f"该班组没有获奖等级：如需为其打印证书，请在 {PAGE} 调整其奖项并填写原因"
    return f"奖项尚未确认：请在 {PAGE} 点「按系统建议确认奖项」，然后「发布获奖名单」"
