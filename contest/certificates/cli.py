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
    from contest import audit
    from contest.certificates import numbering, template
    from contest.certificates.render import certificates_for, render_pdf
    from contest.certificates.verify import verify_url
    from contest.cli import _pick_contest
    from contest.extensions import db
    from contest.fonts import MissingFontError

    contest = _pick_contest(contest_id)
    given = numbering.assign_numbers(contest, actor="cli")
    db.session.commit()
    if given:
        click.echo(f"已分配证书编号 {len(given)} 个：{given[0].certificate_no} 起")
    awards = [a for a in numbering.awarded(contest) if team_id is None or a.team_id == team_id]
    if not awards:
        raise click.ClickException("没有可打印的获奖班组")
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
    output.write_bytes(pdf)
    audit.record(
        "certificate.printed",
        actor="cli",
        subject=f"contest:{contest.id}",
        data={"certificates": [c.number for c in certs]},
        contest_id=contest.id,
    )
    db.session.commit()
    seconds = time.perf_counter() - started
    size = len(pdf) // 1024
    click.echo(f"已写入 {output}：{len(certs)} 张证书，{size} KiB，用时 {seconds:.1f} 秒")
