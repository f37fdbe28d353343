"""评委组长 countersigns each result before its reveal: the reveal waits, the host console
says who is pending, a correction asks again; only the chair signs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from contest.countersign import service
from contest.countersign.settings import save
from contest.day import stage
from contest.day.stage import StageRefused
from contest.extensions import db
from contest.host.state import host_snapshot
from contest.models import Judge, Team
from contest.signatures.digest import digest
from contest.signatures.models import Signature
from contest.signatures.store import verify
from tests.factories import correct, judges_of, marks_totalling, submit
from tests.judge_helpers import judge_client, open_team
from tests.signatures.ink import data_url

TOTALS = ["80", "82", "84", "86", "88", "90", "81", "83", "85"]  # judges 1..9


def _closed(demo) -> Team:
    """Team 1 scored by every judge who may score it, and closed."""
    team = open_team(demo, 1)
    from contest.models import Recusal

    recused = set(db.session.scalars(sa.select(Recusal.judge_id).where(Recusal.team_id == team.id)))
    for judge, total in zip(judges_of(demo), TOTALS, strict=True):
        if judge.id not in recused:
            submit(team, judge, marks_totalling(total))
    stage.close_scoring(demo.venues[0], actor="test")
    db.session.commit()
    return team


def _chair(demo) -> Judge:
    return service.chair_of(demo.venues[0])


def _countersign(client, now, ink=None):
    return client.post(
        "/judge/countersign",
        data={
            "csrf_token": client.csrf,
            "subject": now.subject,
            "payload_hash": now.payload_hash,
            "signature": ink or data_url(),
        },
    )


def test_the_reveal_waits_for_the_chairs_signature_over_the_result(app, demo):
    save(demo, enabled=True, when="before_reveal", actor="test")
    chair = _chair(demo)
    phone = judge_client(app, chair.number)
    team = _closed(demo)
    venue = demo.venues[0]

    with pytest.raises(StageRefused) as refused:
        stage.reveal(venue, actor="test")
    assert refused.value.message == (
        f"等待评委组长（{chair.label} {chair.name}）在手机上签名确认本班组成绩，确认后才能揭晓"
    )
    db.session.rollback()
    assert host_snapshot(venue)["countersign"] == {
        "scope": "team",
        "chair": f"{chair.label} {chair.name}",
        "signed": False,
    }

    page = phone.get("/judge/").get_data(as_text=True)
    assert "成绩签名确认" in page and team.company_name in page and team.team_name in page
    now = service.pending_for(db.session.get(Judge, chair.id))
    assert now.subject == f"team:{team.id}"
    published = now.payload["published"]
    assert f'<span class="total">{published}</span>' in page
    assert _countersign(phone, now).status_code == 302

    signature = db.session.scalar(sa.select(Signature).where(Signature.purpose == "countersign"))
    assert (signature.signer_id, signature.subject) == (chair.id, f"team:{team.id}")
    assert signature.subject_hash == digest(service.team_payload(db.session.get(Team, team.id)))
    assert verify(signature, now.payload) is True
    assert host_snapshot(venue)["countersign"]["signed"] is True
    stage.reveal(venue, actor="test")
    db.session.commit()
    assert db.session.get(Team, team.id).revealed_at is not None
    assert host_snapshot(venue)["countersign"] is None  # revealed and signed: nothing to say


def test_the_result_signed_shows_every_judges_total_and_the_trimmed_mean(app, demo):
    save(demo, enabled=True, when="before_reveal", actor="test")
    team = _closed(demo)
    payload = service.team_payload(team)
    totals = {m["judge"]: m["total"] for m in payload["marks"]}
    dropped = {m["judge"]: m["dropped"] for m in payload["marks"] if m["dropped"]}
    assert len(totals) >= 5
    assert sorted(dropped.values()) == ["high", "low"]
    kept = [m["total"] for m in payload["marks"] if not m["dropped"]]
    from decimal import ROUND_HALF_UP, Decimal

    mean = (sum(Decimal(k) for k in kept) / len(kept)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert Decimal(payload["published"]) == mean


def test_only_the_chair_countersigns(app, demo):
    save(demo, enabled=True, when="before_reveal", actor="test")
    chair = _chair(demo)
    other_number = 1 if chair.number != 1 else 2
    other = judge_client(app, other_number)
    _closed(demo)
    assert "成绩签名确认" not in other.get("/judge/").get_data(as_text=True)
    now = service.pending_for(db.session.get(Judge, chair.id))
    refused = _countersign(other, now)
    assert refused.status_code == 302  # nothing to sign for this judge: back to the sheet
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0


def test_a_correction_after_the_countersign_asks_for_it_again(app, demo):
    save(demo, enabled=True, when="before_reveal", actor="test")
    chair = _chair(demo)
    phone = judge_client(app, chair.number)
    team = _closed(demo)
    now = service.pending_for(db.session.get(Judge, chair.id))
    _countersign(phone, now)
    judge = next(j for j in judges_of(demo) if j.number == 4)
    correct(team, judge, "70", "录入错误")
    db.session.commit()
    old = db.session.scalar(sa.select(Signature))
    assert old.superseded_reason == "成绩更正后须重新签名确认：录入错误"
    with pytest.raises(StageRefused):
        stage.reveal(demo.venues[0], actor="test")
    db.session.rollback()
    again = service.pending_for(db.session.get(Judge, chair.id))
    assert again is not None and again.payload_hash != now.payload_hash
    assert "成绩签名确认" in phone.get("/judge/").get_data(as_text=True)


def test_without_a_chair_the_reveal_says_to_appoint_one(app, demo):
    save(demo, enabled=True, when="before_reveal", actor="test")
    _chair(demo).is_chair = False
    db.session.commit()
    _closed(demo)
    with pytest.raises(StageRefused) as refused:
        stage.reveal(demo.venues[0], actor="test")
    assert refused.value.message == (
        "本分会场未指定评委组长，无法签名确认；请管理员在「评委」中指定评委组长"
    )


def test_off_by_default_the_reveal_does_not_wait(app, demo):
    _closed(demo)
    stage.reveal(demo.venues[0], actor="test")
    db.session.commit()
    assert host_snapshot(demo.venues[0])["countersign"] is None


def test_a_revealed_result_corrected_later_goes_back_to_the_chair(app, demo):
    save(demo, enabled=True, when="before_reveal", actor="test")
    chair = _chair(demo)
    phone = judge_client(app, chair.number)
    team = _closed(demo)
    _countersign(phone, service.pending_for(db.session.get(Judge, chair.id)))
    stage.reveal(demo.venues[0], actor="test")
    db.session.commit()
    assert service.pending_for(db.session.get(Judge, chair.id)) is None
    judge = next(j for j in judges_of(demo) if j.number == 4)
    correct(team, judge, "70", "揭晓后发现录入错误")
    db.session.commit()
    again = service.pending_for(db.session.get(Judge, chair.id))
    assert again is not None and again.subject == f"team:{team.id}"
    page = phone.get("/judge/").get_data(as_text=True)
    assert "成绩签名确认" in page
    assert "本班组成绩揭晓后经过更正，请核对更正后的成绩并重新签名。" in page
    assert "签名后主持人方可揭晓" not in page
    assert host_snapshot(demo.venues[0])["countersign"] == {
        "scope": "corrected",
        "chair": f"{chair.label} {chair.name}",
        "signed": False,
    }


def test_signing_at_the_venues_end_tells_the_host_once_the_venue_has_ended(app, demo):
    save(demo, enabled=True, when="venue_end", actor="test")
    chair = _chair(demo)
    phone = judge_client(app, chair.number)
    _closed(demo)
    venue = demo.venues[0]
    assert host_snapshot(venue)["countersign"] is None  # the reveal does not wait
    stage.reveal(venue, actor="test")
    db.session.commit()
    assert host_snapshot(venue)["countersign"] is None  # other teams still to present
    _withdraw_the_rest(venue)
    assert host_snapshot(venue)["countersign"] == {
        "scope": "venue",
        "chair": f"{chair.label} {chair.name}",
        "signed": False,
    }
    now = service.pending_for(db.session.get(Judge, chair.id))
    assert now.subject == f"venue:{venue.id}"
    assert _countersign(phone, now).status_code == 302
    assert host_snapshot(venue)["countersign"]["signed"] is True


def _withdraw_the_rest(venue) -> None:
    """Every team not yet revealed withdraws: the venue has ended."""
    from contest.models import TeamStatus

    for team in db.session.scalars(sa.select(Team).where(Team.venue_id == venue.id)):
        if team.revealed_at is None:
            team.status = TeamStatus.WITHDRAWN
    db.session.commit()
