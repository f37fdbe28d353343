"""The season archive keeps the contest day's signed record: every signature (without its
ink), the pledge acceptances, the appeals, each judge's signed 评分表, the ended venue's
评分汇总表 and the witnessed draw's 抽签记录, each a PDF whose text names what was signed."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import sqlalchemy as sa

from contest.archive.build import build
from contest.extensions import db
from contest.fairdraw import service as fairdraw
from contest.models import Judge, StaffUser, Team, TeamStatus
from contest.pledge.models import PledgeAcceptance
from contest.signing import service as signing
from contest.signing.settings import save
from contest.signing.sheet import status
from tests.factories import close_scoring
from tests.judge_helpers import judge_client
from tests.national import world
from tests.signatures.ink import data_url


def _text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode())


def test_the_archive_keeps_the_days_signatures_and_signed_papers(app, demo):
    venue = demo.venues[0]
    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    fairdraw.commit(venue, actor="test")
    fairdraw.add_witness(venue, name="张监督", entropy="739201", via="console", actor="test")
    fairdraw.draw(venue, actor="test", staff=admin, expected_version=None)
    db.session.commit()
    built = world.build(demo)
    for team in built.teams:
        close_scoring(team, reveal=True)
    for team in db.session.scalars(sa.select(Team).where(Team.venue_id == venue.id)):
        if team.revealed_at is None:
            team.status = TeamStatus.WITHDRAWN
    save(demo, enabled=True, when="manual", actor="test")
    signing.open_window(venue, actor="staff:1")
    db.session.commit()
    phone = judge_client(app, 1)
    judge = db.session.get(Judge, phone.judge.id)
    db.session.add(
        PledgeAcceptance(
            contest_id=demo.id, judge_id=judge.id, text_sha256="0" * 64, text="承诺", device="t"
        )
    )
    db.session.commit()
    sheet_hash = status(judge).sheet_hash
    signed = phone.post(
        "/judge/sign",
        data={"csrf_token": phone.csrf, "sheet_hash": sheet_hash, "signature": data_url()},
    )
    assert signed.status_code == 302

    path = build(built.world.season)
    base = f"signed/contest-{demo.id}"
    with zipfile.ZipFile(path) as book:
        manifest = json.loads(book.read("manifest.json"))
        assert "signed" in [s["name"] for s in manifest["sections"]]
        signatures = json.loads(book.read(f"{base}/signatures.json"))
        sheet = [s for s in signatures if s["purpose"] == "judge_sheet"]
        assert [(s["signer_name"], s["subject_hash"]) for s in sheet] == [(judge.name, sheet_hash)]
        assert all("image" not in s for s in signatures)  # the ink is on the papers
        pledges = json.loads(book.read(f"{base}/pledges.json"))
        assert [(p["judge_id"], p["device"]) for p in pledges] == [(judge.id, "t")]
        assert json.loads(book.read(f"{base}/appeals.json")) == []
        folder = f"{base}/venue-{venue.id}"
        paper = _text(book.read(f"{folder}/{judge.label}{judge.name}签名评分表.pdf"))
        assert "评委评分表" in paper and sheet_hash in paper
        summary = _text(book.read(f"{folder}/评分汇总表.pdf"))
        assert "评分汇总表" in summary
        for team in built.teams:
            assert re.sub(r"\s+", "", team.team_name) in summary
        record = _text(book.read(f"{folder}/抽签记录.pdf"))
        assert "抽签记录" in record and "张监督" in record
        named = [n for n in book.namelist() if n.startswith(folder)]
        assert len(named) == 3  # one judge signed; the others' sheets are not printed
