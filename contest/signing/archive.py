"""The signed record of each contest day, for the season archive (contest/archive): every
signature (without its ink, which the papers carry), the pledge acceptances, the appeals,
and the papers themselves — each judge's signed 评分表, each ended venue's 评分汇总表 and
each witnessed draw's 抽签记录, as the staff pages print them."""

from __future__ import annotations

import sqlalchemy as sa

from contest.archive.tables import plain, workbook
from contest.archive.writer import ManifestZip, safe_part, to_json
from contest.extensions import db
from contest.models import Judge, Venue
from contest.season.models import Season

SIGNATURE_FIELDS = (
    "id", "purpose", "subject", "signer_kind", "signer_id", "signer_name", "subject_hash",
    "image_sha256", "device", "signed_at", "superseded_at", "superseded_reason",
)  # fmt: skip


def signed_files(season: Season, archive: ManifestZip) -> None:
    from contest.archive.sections import contests_of

    for contest in contests_of(season):
        base = f"signed/contest-{contest.id}"
        tables = _tables(contest.id)
        for name, (_title, found) in tables.items():
            archive.add(f"{base}/{name}.json", to_json(found))
        archive.add(f"{base}/signed.xlsx", workbook(list(tables.values())))
        for venue in sorted(contest.venues, key=lambda v: v.id):
            _papers(venue, archive, f"{base}/venue-{venue.id}")


def _tables(contest_id: int) -> dict[str, tuple[str, list[dict]]]:
    from contest.appeals.models import Appeal
    from contest.pledge.models import PledgeAcceptance
    from contest.signatures.models import Signature

    def listed(model, order):
        query = sa.select(model).where(model.contest_id == contest_id).order_by(order)
        return db.session.scalars(query).all()

    signatures = [
        {key: plain(getattr(s, key)) for key in SIGNATURE_FIELDS}
        for s in listed(Signature, Signature.id)
    ]
    pledges = [
        {
            "judge_id": p.judge_id,
            "text_sha256": p.text_sha256,
            "accepted_at": plain(p.accepted_at),
            "device": p.device,
        }
        for p in listed(PledgeAcceptance, PledgeAcceptance.id)
    ]
    appeals = [
        {
            "team_id": a.team_id,
            "filer_name": a.filer_name,
            "grounds": a.grounds,
            "via": a.via,
            "filed_at": plain(a.filed_at),
            "outcome": a.outcome,
            "ruling": a.ruling,
            "ruled_at": plain(a.ruled_at),
            "staff_signature_id": a.staff_signature_id,
            "chair_signature_id": a.chair_signature_id,
        }
        for a in listed(Appeal, Appeal.id)
    ]  # the filer's phone number stays in the system
    return {
        "signatures": ("签名", signatures),
        "pledges": ("评审承诺书", pledges),
        "appeals": ("申诉与复核", appeals),
    }


def _papers(venue: Venue, archive: ManifestZip, folder: str) -> None:
    from contest.fairdraw import pdf as draw_pdf
    from contest.fairdraw import service as fairdraw
    from contest.signing import pdf
    from contest.signing.service import venue_ended
    from contest.signing.sheet import history
    from contest.signing.summary import summary

    judges = db.session.scalars(
        sa.select(Judge).where(Judge.venue_id == venue.id).order_by(Judge.number)
    )
    for judge in judges:
        signatures = history(judge)
        if signatures:
            name = safe_part(f"{judge.label}{judge.name}签名评分表.pdf")
            archive.add(f"{folder}/{name}", pdf.judge_sheet(judge, signatures))
    if venue_ended(venue):
        archive.add(f"{folder}/评分汇总表.pdf", pdf.venue_summary(venue, summary(venue)))
    record = fairdraw.record_of(venue)
    if record is not None and record["drawn"]:
        archive.add(f"{folder}/抽签记录.pdf", draw_pdf.render(venue, record))
