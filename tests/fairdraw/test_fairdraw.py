"""A witnessed draw: the commitment published before equals the hash of the secret
revealed after; the seed is the secret and every witness's text; anyone recomputes."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from datetime import UTC, timedelta

import sqlalchemy as sa

from contest.day.draw import shuffle
from contest.day.running_order import latest_draw, replay
from contest.day.snapshot import venue_snapshot
from contest.extensions import db
from contest.fairdraw import service
from contest.fairdraw.models import DrawWitness
from contest.models import AuditEntry, Team
from tests.conftest import sign_in
from tests.signatures.ink import data_url


def _host_api(client, demo):
    sign_in(client, "host1")
    page = client.get(f"/host/venues/{demo.venues[0].id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def act(action, **body):
        return client.post(
            f"/api/venues/{demo.venues[0].id}/stage/{action}",
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )

    return act


def test_the_draw_from_a_commitment_is_reproducible_by_anyone(app, client, staff, demo):
    act = _host_api(client, demo)
    assert act("draw_commit").status_code == 200
    snapshot = venue_snapshot(demo.venues[0])
    commitment = snapshot["draw_commit"]["commitment"]
    assert "secret" not in json.dumps(snapshot)  # never before the draw
    assert act("draw_witness", name="张见证", entropy="739201").status_code == 200
    assert act("draw_witness", name="李见证", entropy="青浦 42").status_code == 200
    assert service.record_of(demo.venues[0]).keys() >= {"commitment", "witnesses"}
    assert "secret" not in service.record_of(demo.venues[0])

    assert act("draw").status_code == 200
    record = service.record_of(demo.venues[0])
    assert hashlib.sha256(record["secret"].encode()).hexdigest() == commitment
    expected_seed = hashlib.sha256(
        f"fairdraw-v1\n{record['secret']}\n739201\n青浦 42".encode()
    ).hexdigest()
    assert record["seed"] == expected_seed
    entrants = [t["id"] for t in record["entrants"]]
    assert entrants == sorted(entrants)
    assert [t["id"] for t in record["order"]] == shuffle(expected_seed, entrants)
    drawn = latest_draw(demo.venues[0].id)
    assert replay(drawn) == drawn.order and drawn.witnesses == "张见证、李见证"
    positions = {
        t.id: t.order_position
        for t in db.session.scalars(sa.select(Team).where(Team.venue_id == demo.venues[0].id))
    }
    assert [positions[i] for i in drawn.order] == list(range(1, len(drawn.order) + 1))
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.action.like("draw.%")).order_by(AuditEntry.id)
    ).all()
    assert actions == ["draw.committed", "draw.witnessed", "draw.witnessed", "draw.revealed"]
    # After the draw no witness joins any more.
    late = act("draw_witness", name="王迟到", entropy="1")
    assert late.status_code == 409
    assert late.get_json()["message"] == "抽签承诺尚未公布，或已经抽签；请向主持人确认"


def test_a_witness_joins_from_the_phone_with_a_signature(app, client, staff, demo):
    act = _host_api(client, demo)
    act("draw_commit")
    phone = app.test_client()
    page = phone.get(f"/draw/{demo.venues[0].id}/witness").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    unsigned = phone.post(
        f"/draw/{demo.venues[0].id}/witness",
        data={"csrf_token": token, "name": "赵见证", "entropy": "8812", "signature": ""},
    )
    assert unsigned.status_code == 422
    assert "请先在签名框内用手指（或鼠标）签名，再提交" in unsigned.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DrawWitness)) == 0
    signed = phone.post(
        f"/draw/{demo.venues[0].id}/witness",
        data={"csrf_token": token, "name": "赵见证", "entropy": "8812", "signature": data_url()},
    )
    assert signed.status_code == 302
    witness = db.session.scalar(sa.select(DrawWitness))
    assert (witness.name, witness.entropy, witness.via) == ("赵见证", "8812", "phone")
    assert witness.signature_id is not None


def test_the_public_page_shows_the_commitment_then_the_secret(app, client, staff, demo):
    act = _host_api(client, demo)
    venue_id = demo.venues[0].id
    assert "本分会场尚未公布抽签承诺" in client.get(f"/draw/{venue_id}").get_data(as_text=True)
    act("draw_commit")
    commitment = service.open_commit(venue_id).commitment
    before = client.get(f"/draw/{venue_id}").get_data(as_text=True)
    assert commitment in before and 'id="secret"' not in before
    act("draw")
    after = client.get(f"/draw/{venue_id}").get_data(as_text=True)
    assert service.record_of(demo.venues[0])["secret"] in after


def test_bad_witness_input_is_refused_saying_what_to_fill_in(app, client, staff, demo):
    act = _host_api(client, demo)
    act("draw_commit")
    assert act("draw_witness", name=" ", entropy="1").get_json()["message"] == "请填写监督人姓名"
    assert act("draw_witness", name="甲", entropy="").get_json()["message"] == (
        "请填写随机数（任意数字或文字，最多 64 个字符）"
    )
    long = act("draw_witness", name="甲" * 40, entropy="x" * 200)
    assert long.status_code == 200
    witness = db.session.scalar(sa.select(DrawWitness))
    assert (len(witness.name), len(witness.entropy)) == (20, 64)


def test_the_replay_command_checks_the_commitment_too(app, client, staff, demo, runner):
    act = _host_api(client, demo)
    act("draw_commit")
    act("draw_witness", name="张见证", entropy="739201")
    act("draw")
    result = runner.invoke(args=["replay-draw"])
    assert result.exit_code == 0, result.output
    commitment = service.record_of(demo.venues[0])["commitment"]
    assert f"见证抽签：承诺 {commitment}，密钥与承诺一致，随机码由密钥和监督人随机数算得" in (
        result.output
    )
    assert "重演结果与存档顺序一致" in result.output
    db.session.scalar(sa.select(service.DrawCommit)).secret = "0" * 64  # tampered with
    db.session.commit()
    tampered = runner.invoke(args=["replay-draw"])
    assert "承诺或随机码不一致！" in tampered.output and tampered.exit_code != 0


def test_the_printed_record_gives_the_draw_time_in_beijing_time(app, client, staff, demo, tmp_path):
    act = _host_api(client, demo)
    assert act("draw_commit").status_code == 200
    assert act("draw").status_code == 200
    drawn_at = latest_draw(demo.venues[0].id).drawn_at
    staff_client = app.test_client()
    sign_in(staff_client, "admin")
    response = staff_client.get(f"/admin/venues/{demo.venues[0].id}/draw-record.pdf")
    assert response.status_code == 200
    path = tmp_path / "record.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    flat = re.sub(r"\s+", "", text.stdout.decode())
    beijing = (drawn_at.astimezone(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d%H:%M:%S")
    assert f"抽签时间：{beijing}（北京时间）" in flat
